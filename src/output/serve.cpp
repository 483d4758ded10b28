// Every handler opens the store, answers from it with the same renderers the CLI uses, and closes
// it; Error becomes a status code with the error's one line as the body.
#include "diffwire/serve.hpp"

#include <httplib.h>

#include <ostream>

#include "diffwire/change.hpp"
#include "diffwire/error.hpp"
#include "diffwire/feed.hpp"
#include "diffwire/diff_writers.hpp"
#include "diffwire/listings.hpp"
#include "diffwire/report.hpp"
#include "diffwire/store.hpp"
#include "diffwire/url.hpp"

namespace diffwire {

namespace {

struct BadRequest : Error {
  explicit BadRequest(const std::string& why) : Error("bad request", "", why, Kind::usage) {}
};
struct NotFound : Error {
  NotFound(const std::string& what, const std::string& subject, const std::string& why) : Error(what, subject, why) {}
};

int number_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return 0;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < 1)
    throw BadRequest(std::string(name) + " must be a version number (1, 2, …), not \"" + v + "\"");
  return std::stoi(v);
}

ArticleRecord article_by_url(Store& store, const std::string& raw) {
  if (raw.empty()) throw BadRequest("url is required");
  std::string url;
  try {
    url = canonical_url(raw);
  } catch (const Error& e) {
    throw BadRequest(e.what());
  }
  auto a = store.article(url);
  if (!a) throw NotFound("not tracked", url, "no such article in this store");
  return *a;
}

ArticleRecord article_by_id(Store& store, const std::string& id) {
  bool digits = !id.empty() && id.size() <= 18 && id.find_first_not_of("0123456789") == std::string::npos;
  if (auto a = digits ? store.tracked_article(std::stoll(id)) : std::nullopt) return *a;
  throw NotFound("no such article", id, "see /api/articles");
}

VersionDiff diff_of(Store& store, const httplib::Request& req) {
  ArticleRecord a = article_by_url(store, req.has_param("url") ? req.get_param_value("url") : "");
  int to = number_param(req, "to"), from = number_param(req, "from");
  if (to == 0) to = latest_change(store.versions(a.id));
  if (from == 0) from = to - 1;
  if (from < 1 || to > a.versions || from > a.versions)
    throw BadRequest("versions must be between 1 and " + std::to_string(a.versions));
  if (from >= to) throw BadRequest("from must be an earlier version than to");
  auto va = store.version(a.id, from), vb = store.version(a.id, to);
  if (!va || !vb) throw BadRequest("no such version");
  return make_version_diff(a.url, *va, *vb);
}

std::string feed_of(Store& store, const httplib::Request& req, bool atom) {
  FeedScope scope;
  scope.change_class = req.has_param("class") ? req.get_param_value("class") : "";
  if (!scope.change_class.empty() && !is_change_class(scope.change_class))
    throw BadRequest("no change class \"" + scope.change_class + "\"");
  std::vector<FeedItem> items = feed_items(store, scope, 50);
  FeedChannel channel = feed_channel(scope, items, now_seconds());  // the wall clock only for a feed with no item
  return atom ? render_atom(channel, items) : render_rss(channel, items);
}

// Runs a handler with the store open; errors become a status and a one-line message.
void answer(httplib::Response& res, const std::string& db_path,
            const std::function<void(Store&, httplib::Response&)>& handle) {
  try {
    Store store = Store::open(db_path, OpenMode::read_only);
    handle(store, res);
  } catch (const BadRequest& e) {
    res.status = 400;
    res.set_content(std::string(e.what()) + "\n", "text/plain; charset=utf-8");
  } catch (const NotFound& e) {
    res.status = 404;
    res.set_content(std::string(e.what()) + "\n", "text/plain; charset=utf-8");
  } catch (const Error& e) {
    res.status = 500;  // the store could not be read
    res.set_content(std::string(e.what()) + "\n", "text/plain; charset=utf-8");
  }
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  res.set_header("X-Content-Type-Options", "nosniff");
}

}  // namespace

void install_routes(httplib::Server& server, const std::string& db) {
  // The report's pages, at the report's paths: "/", "/index.html", "/sources/ID.html",
  // "/articles/ID.html", "/articles/ID/A-B.html" (any pair of versions, not only those the static
  // report writes).
  server.Get(R"(/|/index\.html|/sources/[^/]+|/articles/[^/]+|/articles/[^/]+/[^/]+)",
             [db](const httplib::Request& req, httplib::Response& res) {
               answer(res, db, [&](Store& s, httplib::Response& r) {
                 std::string path = req.path == "/" ? "index.html" : req.path.substr(1);
                 std::optional<std::string> html = report_page(s, path);
                 if (!html) throw NotFound("no such page", req.path, "see /");
                 r.set_content(*html, "text/html; charset=utf-8");
               });
             });
  server.Get("/api/articles", [db](const httplib::Request&, httplib::Response& res) {
    answer(res, db, [](Store& s, httplib::Response& r) { r.set_content(render_list_json(s.articles()), "application/json"); });
  });
  server.Get(R"(/api/articles/([^/]+)/versions)", [db](const httplib::Request& req, httplib::Response& res) {
    answer(res, db, [&](Store& s, httplib::Response& r) {
      ArticleRecord a = article_by_id(s, req.matches[1]);
      r.set_content(render_log_json(a, s.versions(a.id), s.events(a.id)), "application/json");
    });
  });
  server.Get("/api/diff", [db](const httplib::Request& req, httplib::Response& res) {
    answer(res, db, [&](Store& s, httplib::Response& r) { r.set_content(render_diff_json(diff_of(s, req)), "application/json"); });
  });
  server.Get("/diff", [db](const httplib::Request& req, httplib::Response& res) {
    answer(res, db, [&](Store& s, httplib::Response& r) { r.set_content(render_diff_html_page(diff_of(s, req)), "text/html; charset=utf-8"); });
  });
  server.Get("/feed.xml", [db](const httplib::Request& req, httplib::Response& res) {
    answer(res, db, [&](Store& s, httplib::Response& r) { r.set_content(feed_of(s, req, false), "application/rss+xml"); });
  });
  server.Get("/feed.atom", [db](const httplib::Request& req, httplib::Response& res) {
    answer(res, db, [&](Store& s, httplib::Response& r) { r.set_content(feed_of(s, req, true), "application/atom+xml"); });
  });
}

int serve(const std::string& db_path, const std::string& listen, std::ostream& out) {
  auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  std::string port_text = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (host.empty() || port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) > 65535)
    throw Error("invalid --listen", listen, "expected HOST:PORT, e.g. 127.0.0.1:8080", Error::Kind::usage);
  httplib::Server server;
  install_routes(server, db_path);
  int port = std::stoi(port_text);
  if (port == 0) port = server.bind_to_any_port(host);
  else if (!server.bind_to_port(host, port)) port = -1;
  if (port <= 0) throw Error("cannot listen", listen, "the address is in use or not this machine's");
  out << "serving " << Store::open(db_path, OpenMode::read_only).name() << " on http://" << host << ":" << port << "/ (Ctrl-C stops)" << std::endl;
  server.listen_after_bind();
  return 0;
}

}  // namespace diffwire
