// Both engines, end to end: the real binary builds the same history in an SQLite file and in a
// PostgreSQL database (same site, same clock), then every command that reads the store must answer
// byte for byte the same on both — list, log, show, diff in every format, blame, changes, feeds,
// sources, status and the static report.
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "diffwire/serve.hpp"
#include "postgres_cluster.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;

const char* kStory = "/news/kestrel-bridge-closed";

struct Site {
  std::atomic<int> version{1};
  std::atomic<int> hits{0};
  testing::HttpServer server{[this](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/feed.xml") {
      res.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Courier</title>"
                      "<item><title>Bridge</title><link>" + std::string(kStory) + "</link></item>"
                      "<item><title>Ferry</title><link>/news/ferry-timetable</link></item></channel></rss>",
                      "application/rss+xml");
    } else if (req.path == kStory) {
      res.set_content(testing::render_story(version, ++hits), "text/html; charset=utf-8");
    } else if (req.path == "/news/ferry-timetable") {  // names a canonical URL that is not there
      std::string html = testing::render_story(1, ++hits);
      html.replace(html.find("</head>"), 0, "<link rel=\"canonical\" href=\"/news/ferry-gone\">");
      res.set_content(html, "text/html; charset=utf-8");
    } else {
      res.status = 404;
    }
  }};
};

struct Outcome {
  int status;
  std::string out, err;
  bool operator==(const Outcome&) const = default;
};

// Every file under dir, by relative path, with its content.
std::map<std::string, std::string> files_under(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) out[fs::relative(entry.path(), dir).string()] = testing::read_text(entry.path().string());
  return out;
}

}  // namespace

TEST_CASE("every command answers the same on SQLite and PostgreSQL for the same history") {
  Site site;
  testing::TempDir dir;
  const std::string url = site.server.url(kStory);
  const std::map<std::string, std::string> stores = {{"sqlite", dir.file("store.db")},
                                                     {"postgresql", testing::fresh_postgres_database()}};
  auto run = [&](const std::string& engine, std::vector<std::string> args, const char* now) {
    args.insert(args.begin(), {"--db", stores.at(engine)});
    testing::RunResult r = testing::run_diffwire(args, {{"DIFFWIRE_NOW", now}});
    return Outcome{r.status, r.out, r.err};
  };
  // The history: a source that finds two stories, one rewritten twice, a hand-tracked URL, an untrack.
  struct Step {
    int version;
    const char* now;
    std::vector<std::string> args;
  };
  const std::vector<Step> history = {
      {1, "2026-11-22T08:00:00Z", {"source", "add", "courier", site.server.url("/feed.xml"), "--every", "10m"}},
      {1, "2026-11-22T08:00:00Z", {"track", url + "?utm_source=x"}},
      {1, "2026-11-22T08:00:00Z", {"poll"}},
      {2, "2026-11-22T08:45:00Z", {"poll"}},
      {3, "2026-11-22T10:20:00Z", {"poll"}},
      {3, "2026-11-22T10:21:00Z", {"untrack", site.server.url("/news/ferry-timetable")}},
  };
  for (const Step& step : history) {
    site.version = step.version;
    Outcome sqlite = run("sqlite", step.args, step.now);
    Outcome postgresql = run("postgresql", step.args, step.now);
    CAPTURE(step.args.front());
    CHECK(sqlite.status == 0);
    CHECK(sqlite == postgresql);
  }
  CHECK(run("sqlite", {"log", url}, "2026-11-22T11:00:00Z").out.find("The article has changed 2 times") != std::string::npos);
  const std::string ferry = site.server.url("/news/ferry-timetable");
  CHECK(run("postgresql", {"log", ferry}, "2026-11-22T11:00:00Z").out.find("Move refused 2026-11-22T08:00:00Z: " + site.server.url("/news/ferry-gone") + " (rel=canonical) answered HTTP 404") != std::string::npos);

  const std::vector<std::vector<std::string>> readers = {
      {"list"}, {"list", "--json"},
      {"log", url}, {"log", url, "--json"}, {"log", ferry, "--json"},
      {"show", url, "1"}, {"show", url, "--json"},
      {"diff", url, "1", "2", "--color", "never"}, {"diff", url, "--side-by-side", "--color", "never"},
      {"diff", url, "1", "3", "--format", "json"}, {"diff", url, "--format", "html"},
      {"blame", url}, {"blame", url, "--json"},
      {"changes", "--since", "1d"}, {"changes", "--since", "1d", "--json"}, {"changes", "--class", "headline"},
      {"feed"}, {"feed", "--format", "atom"}, {"feed", "--url", url}, {"feed", "--source", "courier"},
      {"feed", "--class", "correction"},
      {"source", "list"}, {"source", "list", "--json"},
      {"status", "--json"},
      {"reextract", "--dry-run"},
      {"log", "https://nowhere.example/x"},  // the same error too
  };
  for (const auto& args : readers) {
    Outcome sqlite = run("sqlite", args, "2026-11-22T11:00:00Z");
    Outcome postgresql = run("postgresql", args, "2026-11-22T11:00:00Z");
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    CAPTURE(joined);
    if (args.front() == "status") {  // names its store; the rest must agree
      auto strip = [&](std::string s, const std::string& name) {
        for (auto p = s.find(name); p != std::string::npos; p = s.find(name)) s.replace(p, name.size(), "STORE");
        return s;
      };
      sqlite.out = strip(sqlite.out, stores.at("sqlite"));
      postgresql.out = strip(postgresql.out, stores.at("postgresql"));
    }
    CHECK(sqlite == postgresql);
    CHECK(sqlite.out.size() + sqlite.err.size() > 0);
  }

  // serve: the same pages, feeds and JSON over HTTP.
  std::map<std::string, std::vector<std::string>> served;
  for (const auto& [engine, target] : stores) {
    httplib::Server server;
    diffwire::install_routes(server, target);
    int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { server.listen_after_bind(); });
    for (int i = 0; i < 200 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    httplib::Client client("127.0.0.1", port);
    std::string escaped;
    for (char c : url) escaped += c == ':' ? std::string("%3A") : c == '/' ? std::string("%2F") : std::string(1, c);
    for (const std::string& path : std::vector<std::string>{
             "/", "/articles/1.html", "/articles/1/1-3.html", "/sources/1.html", "/feed.xml", "/feed.atom?class=headline",
             "/api/articles", "/api/articles/1/versions", "/api/diff?url=" + escaped + "&from=1&to=2", "/nowhere"}) {
      auto res = client.Get(path);
      served[engine].push_back(path + " " + (res ? std::to_string(res->status) + "\n" + res->body : "no answer"));
    }
    server.stop();
    thread.join();
  }
  REQUIRE(served["sqlite"].size() == served["postgresql"].size());
  for (std::size_t i = 0; i < served["sqlite"].size(); ++i) {
    CAPTURE(served["sqlite"][i].substr(0, 60));
    CHECK(served["sqlite"][i] == served["postgresql"][i]);
  }
  for (std::size_t i = 0; i + 1 < served["sqlite"].size(); ++i) {  // every page there, on both
    CAPTURE(served["sqlite"][i].substr(0, 60));
    CHECK(served["sqlite"][i].find(" 200\n") != std::string::npos);
  }
  CHECK(served["sqlite"].back().find("/nowhere 404\n") == 0);

  // The writers that come last: re-extraction recorded, a source removed.
  for (const auto& args : std::vector<std::vector<std::string>>{{"reextract"}, {"source", "remove", "courier"}, {"source", "list"}}) {
    Outcome sqlite = run("sqlite", args, "2026-11-22T11:00:00Z");
    Outcome postgresql = run("postgresql", args, "2026-11-22T11:00:00Z");
    CAPTURE(args.front());
    CHECK(sqlite.status == 0);
    CHECK(sqlite == postgresql);
  }

  // The static report: the same files with the same bytes.
  for (const auto& [engine, target] : stores)
    REQUIRE(run(engine, {"report", "--out", dir.file("report-" + engine)}, "2026-11-22T11:00:00Z").status == 0);
  auto sqlite_report = files_under(dir.file("report-sqlite")), postgresql_report = files_under(dir.file("report-postgresql"));
  CHECK(sqlite_report.size() > 5);
  REQUIRE(sqlite_report.size() == postgresql_report.size());
  for (const auto& [path, text] : sqlite_report) {
    CAPTURE(path);
    CHECK((postgresql_report.count(path) && postgresql_report.at(path) == text));
  }
}
