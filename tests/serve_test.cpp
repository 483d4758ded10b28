#include "diffwire/serve.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "diffwire/report.hpp"
#include "diffwire/store.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
// A store with one article in two versions, served in-process on a free loopback port.
struct Served {
  testing::TempDir dir;
  std::string db = dir.file("s.db");
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::int64_t id = 0;
  Served() {
    {
      Store s = Store::open(db);
      s.track("https://example.org/story", 0);
      id = s.article("https://example.org/story")->id;
      for (int n = 1; n <= 2; ++n) {
        CheckResult r;
        r.article_id = id;
        r.check = {n * 100, 200, 0, 0, CheckOutcome::new_version, ""};
        VersionRecord v;
        v.fetched_at = n * 100;
        v.final_url = "https://example.org/story";
        v.article.title = n == 1 ? "Bridge closed" : "Bridge to stay shut <for a week>";
        v.article.paragraphs = {"The bridge is closed.", n == 1 ? "Repairs take 3 days." : "Repairs take 7 days."};
        v.content_hash = "h" + std::to_string(n);
        v.classes = n == 2 ? std::vector<std::string>{"headline", "number"} : std::vector<std::string>{};
        r.new_version = v;
        r.next_check_at = 1000;
        r.interval = 600;
        r.status = ArticleStatus::ok;
        s.record({r});
      }
    }
    install_routes(server, db);
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    for (int i = 0; i < 200 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Served() {
    server.stop();
    thread.join();
  }
  httplib::Result get(const std::string& path) {
    httplib::Client c("127.0.0.1", port);
    return c.Get(path.c_str());
  }
};
}  // namespace

TEST_CASE("serve: the JSON API answers from the store") {
  Served s;
  auto articles = s.get("/api/articles");
  REQUIRE(articles);
  CHECK(articles->status == 200);
  auto list = nlohmann::json::parse(articles->body);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["url"] == "https://example.org/story");
  auto versions = s.get("/api/articles/" + std::to_string(s.id) + "/versions");
  REQUIRE(versions);
  auto log = nlohmann::json::parse(versions->body);
  CHECK(log["versions"].size() == 2);
  CHECK(log["versions"][1]["classes"] == nlohmann::json::array({"headline", "number"}));
  auto diff = s.get("/api/diff?url=https%3A%2F%2Fexample.org%2Fstory");
  REQUIRE(diff);
  CHECK(diff->status == 200);
  auto d = nlohmann::json::parse(diff->body);
  CHECK(d["from"] == 1);
  CHECK(d["to"] == 2);
  CHECK(d["ops"][1]["op"] == "replace");
}

TEST_CASE("serve: pages and feeds, escaped, with a restrictive policy") {
  Served s;
  auto index = s.get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->body.find("Bridge to stay shut &lt;for a week&gt;") != std::string::npos);
  CHECK(index->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
  auto story = s.get("/articles/" + std::to_string(s.id) + ".html");
  REQUIRE(story);
  CHECK(story->body.find("The article has changed 1 time.") != std::string::npos);
  auto page = s.get("/articles/" + std::to_string(s.id) + "/1-2.html");
  REQUIRE(page);
  CHECK(page->body.find(">3</del>") != std::string::npos);  // the side-by-side view of the change
  CHECK(page->body.find(">7</ins>") != std::string::npos);
  // The same pages as the static report, byte for byte.
  {
    Store store = Store::open(s.db);
    write_report(store, s.dir.file("site"));
  }
  CHECK(testing::read_text(s.dir.file("site") + "/index.html") == index->body);
  CHECK(testing::read_text(s.dir.file("site") + "/articles/" + std::to_string(s.id) + ".html") == story->body);
  CHECK(testing::read_text(s.dir.file("site") + "/articles/" + std::to_string(s.id) + "/1-2.html") == page->body);
  for (const char* missing : {"/articles/999.html", "/articles/1/2-1.html", "/articles/1/1-9.html", "/sources/x.html"}) {
    auto none = s.get(missing);
    REQUIRE(none);
    CHECK(none->status == 404);
  }
  auto rss = s.get("/feed.xml");
  REQUIRE(rss);
  CHECK(rss->body.find("<category>number</category>") != std::string::npos);
  auto atom = s.get("/feed.atom?class=headline");
  REQUIRE(atom);
  CHECK(atom->body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">") != std::string::npos);
  CHECK(atom->body.find("#diffwire-version-2") != std::string::npos);
}

TEST_CASE("serve: bad parameters get 400 with a message, unknown things 404") {
  Served s;
  auto no_url = s.get("/api/diff");
  REQUIRE(no_url);
  CHECK(no_url->status == 400);
  CHECK(no_url->body == "bad request: url is required\n");
  auto bad_number = s.get("/api/diff?url=https://example.org/story&from=x");
  REQUIRE(bad_number);
  CHECK(bad_number->status == 400);
  CHECK(bad_number->body.find("from must be a version number") != std::string::npos);
  auto out_of_range = s.get("/api/diff?url=https://example.org/story&from=1&to=9");
  REQUIRE(out_of_range);
  CHECK(out_of_range->status == 400);
  auto bad_url = s.get("/api/diff?url=ftp://x");
  REQUIRE(bad_url);
  CHECK(bad_url->status == 400);
  auto untracked = s.get("/api/diff?url=https://example.org/other");
  REQUIRE(untracked);
  CHECK(untracked->status == 404);
  auto nobody = s.get("/api/articles/999/versions");
  REQUIRE(nobody);
  CHECK(nobody->status == 404);
}

TEST_CASE("serve: a diff goes forward — from after to is a bad request, not a reversed diff") {
  Served s;
  for (const char* path : {"/api/diff?url=https://example.org/story&from=2&to=1", "/diff?url=https://example.org/story&from=2&to=2"}) {
    CAPTURE(path);
    auto reversed = s.get(path);
    REQUIRE(reversed);
    CHECK(reversed->status == 400);
    CHECK(reversed->body.find("from must be an earlier version than to") != std::string::npos);
  }
}

TEST_CASE("serve: the default diff is the latest change, as in the CLI — never a re-baseline") {
  Served s;
  {
    Store store = Store::open(s.db);
    VersionRecord rb = *store.latest_version(s.id);
    rb.article.paragraphs.back() = "Repairs take 7 days (read by a newer extractor).";
    rb.content_hash = "h3";
    rb.rebaseline = true;
    rb.classes.clear();
    store.record_rebaseline(s.id, rb);
  }
  auto diff = s.get("/api/diff?url=https%3A%2F%2Fexample.org%2Fstory");
  REQUIRE(diff);
  REQUIRE(diff->status == 200);
  auto d = nlohmann::json::parse(diff->body);
  CHECK(d["from"] == 1);
  CHECK(d["to"] == 2);
  auto only_to = s.get("/api/diff?url=https%3A%2F%2Fexample.org%2Fstory&to=3");  // asked for: answered
  REQUIRE(only_to);
  CHECK(nlohmann::json::parse(only_to->body)["from"] == 2);
}
