// `diffwire serve`: the store read-only over HTTP on loopback — a list of articles, each article's
// versions, diffs between any two of them, the feeds, and a JSON API:
//   GET /api/articles                          every tracked article (list --json)
//   GET /api/articles/{id}/versions            one article's versions and events (log --json)
//   GET /api/diff?url=…&from=N&to=M            a diff (diff --format json); from/to default to the latest change
//   GET /feed.xml, /feed.atom [?class=C]       the feeds
//   GET /, /articles/{id}, /diff?url=…         the same as HTML
// Bad parameters get 400 with a one-line message; a store is opened per request (SQLite in WAL mode
// lets a running poll write meanwhile).
#pragma once
#include <string>

namespace httplib {
class Server;
}

namespace diffwire {

void install_routes(httplib::Server& server, const std::string& db_path);

// Serves until the process is stopped. listen: "127.0.0.1:8080"; port 0 picks a free one. Prints
// the address it serves on to out.
int serve(const std::string& db_path, const std::string& listen, std::ostream& out);

}  // namespace diffwire
