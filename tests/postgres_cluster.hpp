// A throw-away PostgreSQL server for the tests: initdb + pg_ctl in a temporary directory (as the
// `postgres` user when the tests run as root: initdb refuses root), listening only on a Unix socket
// in that directory, with durability off (a test cluster loses nothing worth keeping). It starts at
// the first call in a test process and is stopped and removed when the process exits.
// $DIFFWIRE_TEST_POSTGRES (a postgresql:// URL of a database on a running server) uses that server.
#pragma once
#include <string>
#include <vector>

namespace testing {

// A new, empty database on the test server; its URL.
std::string fresh_postgres_database();
// The engines a store test runs on: an SQLite file (or memory) and a fresh PostgreSQL database.
std::vector<std::string> store_targets(const std::string& sqlite_path = ":memory:");

}  // namespace testing
