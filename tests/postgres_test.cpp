// The PostgreSQL engine's own rules: parameters rewritten, passwords never shown, text it cannot
// hold replaced rather than refused, bytes kept as bytes. (Every store test also runs on it.)
#include "store/postgres.hpp"

#include <doctest/doctest.h>

#include "diffwire/error.hpp"
#include "diffwire/store.hpp"
#include "postgres_cluster.hpp"
#include "support.hpp"

using namespace diffwire;

TEST_CASE("a PostgreSQL URL's password never appears in a message") {
  CHECK(redact_postgres_url("postgresql://ann:s3cret@db.example/news") == "postgresql://ann:***@db.example/news");
  CHECK(redact_postgres_url("postgres://db.example/news?user=ann&password=s3cret&sslmode=require") ==
        "postgres://db.example/news?user=ann&password=***&sslmode=require");
  CHECK(redact_postgres_url("postgresql://ann@db.example:5433/news") == "postgresql://ann@db.example:5433/news");
  try {
    Store::open("postgresql://ann:s3cret@127.0.0.1:1/news?connect_timeout=2");
    FAIL("a server that is not there was reached");
  } catch (const Error& e) {
    std::string message = e.what();
    CHECK(message.find("s3cret") == std::string::npos);
    CHECK(message.find("postgresql://ann:***@127.0.0.1:1/news") != std::string::npos);
  }
}

TEST_CASE("SQLite's parameters become PostgreSQL's, outside quotes") {
  CHECK(postgres_parameters("SELECT a FROM t WHERE b = ? AND c = ?") == "SELECT a FROM t WHERE b = $1 AND c = $2");
  CHECK(postgres_parameters("UPDATE t SET a = ?2 WHERE id = ?1 AND x = '?' AND \"?\" = ?10") ==
        "UPDATE t SET a = $2 WHERE id = $1 AND x = '?' AND \"?\" = $10");
}

TEST_CASE("text PostgreSQL cannot hold (NUL, broken UTF-8) is kept as U+FFFD; bytes are kept as bytes") {
  std::string target = testing::fresh_postgres_database();
  Store s = Store::open(target);
  HostRecord h;
  h.origin = "https://example.org:443";
  h.robots_status = 200;
  const char robots[] = "User-agent: *\0Disallow: /\xff\xfe";
  h.robots = std::string(robots, sizeof robots - 1);
  s.save_hosts({h});
  auto hosts = s.hosts();
  REQUIRE(hosts.size() == 1);
  CHECK(hosts[0].robots == "User-agent: *\xEF\xBF\xBD" "Disallow: /\xEF\xBF\xBD\xEF\xBF\xBD");
  s.track("https://example.org/a", 0);
  auto id = s.article("https://example.org/a")->id;
  CheckResult r = testing::version_check(id, 100, "T", {"Text."});
  std::string body;
  for (int i = 0; i < 256; ++i) body += static_cast<char>(i);
  r.new_version->page = StoredPage{"text/html", "HTTP/1.1 200 OK\r\n", body, ""};
  s.record({r});
  auto page = s.page(id, 1);
  REQUIRE(page);
  CHECK(page->body == body);
}
