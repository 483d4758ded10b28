// End-to-end: the real diffwire binary against real HTTP servers on 127.0.0.1.
#include "diffwire/cli.hpp"
#include "diffwire/extract.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "support.hpp"

using testing::run_diffwire;
using json = nlohmann::json;

namespace {

const char* kStoryPath = "/news/kestrel-bridge-closed";

// The demo story, at whatever version `version` says, with furniture that changes on every request.
struct StoryServer {
  std::atomic<int> version{1};
  std::atomic<int> hits{0};
  testing::HttpServer server{[this](const httplib::Request& req, httplib::Response& res) {
    if (req.path != kStoryPath) {
      res.status = 404;
      return;
    }
    res.set_content(testing::render_story(version, ++hits), "text/html; charset=utf-8");
  }};
  std::string url() const { return server.url(kStoryPath); }
};

struct Env {
  testing::TempDir dir;
  std::string db = dir.file("store/diffwire.db");
  testing::RunResult run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), {"--db", db});
    return run_diffwire(args, env);
  }
};

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("end to end: a story is tracked, rewritten, and its changes are shown") {
  StoryServer site;
  Env env;
  std::string url = site.url();

  auto tracked = env.run({"track", url}, {{"DIFFWIRE_NOW", "2026-11-22T08:10:00Z"}});
  REQUIRE(tracked.status == 0);
  CHECK(tracked.out == "tracking " + url + "\n");

  auto first = env.run({"poll", "--now", "2026-11-22T08:10:00Z"});
  REQUIRE(first.status == 0);
  CHECK(first.out == "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");

  // Only the page furniture changes (render time, ads, "Most read" order): no new version.
  auto furniture = env.run({"poll", "--now", "2026-11-22T08:21:00Z"});
  CHECK(furniture.out == "checked 1, unchanged 1, new versions 0, removed 0, errors 0\n");

  // Nothing is due two minutes later.
  CHECK(env.run({"poll", "--now", "2026-11-22T08:23:00Z"}).out.find("checked 0,") == 0);

  site.version = 2;  // headline rewrite, a paragraph edited, one removed, two added
  auto second = env.run({"poll", "--now", "2026-11-22T08:45:00Z"});
  CHECK(second.out == "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");
  site.version = 3;  // a correction added and a figure changed
  auto third = env.run({"poll", "--now", "2026-11-22T10:20:00Z"});
  CHECK(third.out == "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");
  CHECK(site.hits.load() == 4);

  auto log = env.run({"log", url});
  REQUIRE(log.status == 0);
  CHECK(log.out.find("The article has changed 2 times") != std::string::npos);
  CHECK(log.out.find("Version 2  2026-11-22T08:45:00Z  (35 minutes later)") != std::string::npos);
  CHECK(log.out.find("+2 −1 ~1") != std::string::npos);
  CHECK(log.out.find("Version 3  2026-11-22T10:20:00Z  (1 hour 35 minutes later)") != std::string::npos);

  auto log_json = json::parse(env.run({"log", url, "--json"}).out);
  CHECK(log_json["url"] == url);
  REQUIRE(log_json["versions"].size() == 3);
  CHECK(log_json["versions"][0]["title"] == testing::story_headline(1));
  CHECK(log_json["versions"][1]["title"] == testing::story_headline(2));
  CHECK(log_json["versions"][1]["paragraphs"] == testing::story_paragraphs(2).size());
  CHECK(log_json["versions"][1]["added"] == 2);
  CHECK(log_json["versions"][1]["removed"] == 1);
  CHECK(log_json["versions"][1]["changed"] == 1);

  auto diff = env.run({"diff", url, "1", "2", "--color", "never"});
  REQUIRE(diff.status == 0);
  CHECK(diff.out.find("Title: Kestrel Bridge [-closed-]{+to stay shut for at least a week+} after storm damage") !=
        std::string::npos);
  CHECK(diff.out.find("[-two-]{+three+}") != std::string::npos);
  CHECK(diff.out.find("- The county council said") != std::string::npos);
  CHECK(diff.out.find("+ The harbour ferry will run") != std::string::npos);
  CHECK(diff.out.find("\x1b[") == std::string::npos);
  CHECK(env.run({"diff", url, "--color", "always"}).out.find("\x1b[") != std::string::npos);

  auto latest = env.run({"diff", url, "--color", "never"});  // default: latest against the one before
  CHECK(latest.out.find("--- Version 2") != std::string::npos);
  CHECK(latest.out.find("[-roughly 14-]{+about 11+}") != std::string::npos);

  auto dj = json::parse(env.run({"diff", url, "1", "2", "--format", "json"}).out);
  CHECK(dj["from"] == 1);
  CHECK(dj["to"] == 2);
  CHECK(dj["title"]["from"] == testing::story_headline(1));
  CHECK(dj["title"]["to"] == testing::story_headline(2));
  std::map<std::string, int> ops;
  for (const auto& op : dj["ops"]) ops[op["op"]]++;
  CHECK(ops["replace"] == 1);
  CHECK(ops["delete"] == 1);
  CHECK(ops["insert"] == 2);
  CHECK(ops["equal"] == 3);
  for (const auto& op : dj["ops"])
    if (op["op"] == "replace") CHECK(op["words"].size() >= 3);

  auto missing_version = env.run({"diff", url, "1", "9"});
  CHECK(missing_version.status == 2);
  CHECK(missing_version.err == "diffwire: no such version: " + url + ": version 9 (the article has 3)\n");
  CHECK(env.run({"show", url, "0"}).status == 2);
  CHECK(env.run({"diff", url, "2"}).out.find("--- Version 2") != std::string::npos);  // A given, B = latest

  auto side = env.run({"diff", url, "1", "2", "--side-by-side", "--color", "never"});
  CHECK(side.out.find("Version 1") < side.out.find("Version 2"));
  CHECK(side.out.find("(35 minutes later)") != std::string::npos);

  auto html = env.run({"diff", url, "--format", "html"});
  CHECK(html.out.find("<!DOCTYPE html>") == 0);
  CHECK(html.out.find("Content-Security-Policy") != std::string::npos);

  auto show = env.run({"show", url, "1"});
  std::string expected = testing::story_headline(1) + "\n";
  for (const auto& p : testing::story_paragraphs(1)) expected += p + "\n";
  CHECK(show.out == expected);
  auto show_json = json::parse(env.run({"show", url, "--json"}).out);
  CHECK(show_json["version"] == 3);
  CHECK(show_json["paragraphs"] == testing::story_paragraphs(3));
  CHECK(show_json["byline"] == "Tamsin Achterberg");
  CHECK(show_json["extractor"] == std::string("dom@") + diffwire::kExtractorVersion);

  auto list = json::parse(env.run({"list", "--json"}).out);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["versions"] == 3);
  CHECK(list[0]["status"] == "ok");
  CHECK(list[0]["next_check"] == "2026-11-22T10:30:00Z");

  std::string feed_path = env.dir.file("changes.xml");
  auto feed = env.run({"feed", "--out", feed_path});
  REQUIRE(feed.status == 0);
  std::string xml = testing::read_text(feed_path);
  CHECK(xml.find("<rss version=\"2.0\">") != std::string::npos);
  CHECK(std::system(("xmllint --noout " + testing::shell_quote(feed_path)).c_str()) == 0);
  // A real feed client: no bozo (malformed feed) flag, one item per change, newest first.
  std::string check = env.dir.file("check.py");
  testing::write_text(check,
                      "import sys, feedparser\n"
                      "d = feedparser.parse(sys.argv[1])\n"
                      "assert not d.bozo, d.get('bozo_exception')\n"
                      "assert d.version == 'rss20', d.version\n"
                      "print(len(d.entries))\n"
                      "for e in d.entries: print(e.id); print(e.published_parsed is not None); print('<del' in e.summary)\n");
  std::string out_file = env.dir.file("feedparser.out");
  int rc = std::system(("/usr/bin/python3 " + check + " " + feed_path + " > " + out_file + " 2>&1").c_str());
  std::string got = testing::read_text(out_file);
  CHECK_MESSAGE(rc == 0, got);
  CHECK(got == "2\n" + url + "#diffwire-version-3\nTrue\nTrue\n" + url + "#diffwire-version-2\nTrue\nTrue\n");

  // Atom (RFC 4287) from the same changes, with the change classes as categories; and a feed of one class.
  std::string atom_path = env.dir.file("changes.atom");
  REQUIRE(env.run({"feed", "--format", "atom", "--out", atom_path}).status == 0);
  CHECK(std::system(("xmllint --noout " + testing::shell_quote(atom_path)).c_str()) == 0);
  std::string atom_check = env.dir.file("atom.py");
  testing::write_text(atom_check,
                      "import sys, feedparser\n"
                      "d = feedparser.parse(sys.argv[1])\n"
                      "assert not d.bozo, d.get('bozo_exception')\n"
                      "assert d.version == 'atom10', d.version\n"
                      "print(len(d.entries))\n"
                      "for e in d.entries: print(e.id); print(' '.join(t.term for t in e.tags)); print('<del' in e.content[0].value)\n");
  rc = std::system(("/usr/bin/python3 " + atom_check + " " + atom_path + " > " + out_file + " 2>&1").c_str());
  got = testing::read_text(out_file);
  CHECK_MESSAGE(rc == 0, got);
  // Version 3 corrects a figure (14 miles became 11) and adds a correction note; version 2 retitled the story.
  CHECK(got == "2\n" + url + "#diffwire-version-3\nnumber added correction\nTrue\n" + url +
                   "#diffwire-version-2\nheadline lede added removed\nTrue\n");
  // A real feed reader reads both: newsboat, headless, over HTTP on loopback.
  testing::HttpServer feeds([&](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/changes.xml") res.set_content(testing::read_text(feed_path), "application/rss+xml");
    else if (req.path == "/changes.atom") res.set_content(testing::read_text(atom_path), "application/atom+xml");
    else res.status = 404;
  });
  for (const char* path : {"/changes.xml", "/changes.atom"}) {
    CAPTURE(path);
    testing::TempDir reader;
    testing::write_text(reader.file("urls"), feeds.url(path) + "\n");
    std::string cmd = "HOME=" + testing::shell_quote(reader.path()) + " timeout 30 newsboat -u " +
                      testing::shell_quote(reader.file("urls")) + " -c " + testing::shell_quote(reader.file("cache.db")) +
                      " -C /dev/null -x reload print-unread > " + testing::shell_quote(reader.file("out")) + " 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(testing::read_text(reader.file("out")) == "2 unread articles\n");
  }
  std::string numbers = env.run({"feed", "--class", "number"}).out;
  CHECK(numbers.find("#diffwire-version-3") != std::string::npos);  // the diversion went from 14 to 11 miles
  CHECK(numbers.find("#diffwire-version-2") == std::string::npos);
  CHECK(env.run({"feed", "--format", "json"}).status == 2);
  CHECK(env.run({"feed", "--source", "nowhere"}).status == 1);
}

TEST_CASE("bad pages: each a clear outcome, nothing lost, the run goes on") {
  std::atomic<bool> broken{false};
  std::string huge(9 * 1024 * 1024, 'x');
  std::string cp1252 =
      "<html><body><article><p>\x93Quoted\x94 words in a caf\xE9 paragraph that is long enough to be the "
      "article, with commas, and more.</p></article></body></html>";
  std::string hostile = "<html><body>";  // past the parse budget of start tags
  for (int i = 0; i < 250000; ++i) hostile += "<i>x</i>";
  std::string invalid = "<html><body><article><p>Broken \xFF\xFE bytes inside a paragraph that is long enough to "
                        "count, with commas, as article text.</p></article></body></html>";
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    const std::string& p = req.path;
    if (p == "/good") {
      if (broken) res.status = 500;
      else res.set_content(testing::render_story(1, 1), "text/html");
    } else if (p == "/404") {
      res.status = 404;
    } else if (p == "/410") {
      res.status = 410;
    } else if (p == "/500") {
      res.status = 500;
    } else if (p == "/loop") {
      res.set_redirect("/loop");
    } else if (p == "/big") {
      res.set_content(huge, "text/html");
    } else if (p == "/cp1252") {
      res.set_content(cp1252, "text/html; charset=windows-1252");
    } else if (p == "/invalid-utf8") {
      res.set_content(invalid, "text/html; charset=utf-8");
    } else if (p == "/hostile") {
      res.set_content(hostile, "text/html");
    } else if (p == "/pdf") {
      res.set_content("%PDF-1.4 not a page", "application/pdf");
    } else if (p == "/no-article") {
      res.set_content("<html><body><nav><a href=/>Home</a> <a href=/x>X</a></nav></body></html>", "text/html");
    }
  });
  std::string packed = testing::gzip(huge);
  testing::RawServer gzip_unsized([&](const std::string& request, const testing::RawServer::Send& send) {
    if (request.rfind("GET /robots.txt", 0) == 0) {
      send("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n" + packed);
  });
  testing::RawServer silent(nullptr, false);

  Env env;
  std::vector<std::string> urls;
  for (const char* p : {"/good", "/404", "/410", "/500", "/loop", "/big", "/cp1252", "/invalid-utf8", "/pdf", "/no-article", "/hostile"})
    urls.push_back(server.url(p));
  urls.push_back(gzip_unsized.url("/gzip-big"));
  urls.push_back(silent.url("/never"));
  std::vector<std::string> track = {"track"};
  track.insert(track.end(), urls.begin(), urls.end());
  REQUIRE(env.run(track).status == 0);

  auto poll = env.run({"poll", "--timeout", "2"});
  REQUIRE(poll.status == 0);
  CHECK(poll.out == "checked 13, unchanged 0, new versions 3, removed 2, errors 7, refused 1\n");

  auto list = json::parse(env.run({"list", "--json"}).out);
  std::map<std::string, json> by_url;
  for (const auto& a : list) by_url[a["url"]] = a;
  auto status = [&](const std::string& u) { return by_url[u]["status"].get<std::string>(); };
  auto error = [&](const std::string& u) { return by_url[u]["last_error"].get<std::string>(); };
  CHECK(status(server.url("/good")) == "ok");
  CHECK(status(server.url("/404")) == "removed");
  CHECK(status(server.url("/410")) == "removed");
  CHECK(error(server.url("/500")) == "HTTP 500");
  CHECK(error(server.url("/loop")).find("redirect") != std::string::npos);
  CHECK(error(server.url("/big")).find("larger than 8 MiB") != std::string::npos);
  CHECK(error(gzip_unsized.url("/gzip-big")).find("larger than 8 MiB") != std::string::npos);
  CHECK(error(silent.url("/never")).find("timed out") != std::string::npos);
  CHECK(error(server.url("/pdf")).find("not an HTML page") != std::string::npos);
  CHECK(error(server.url("/no-article")) == "no article text found on the page");
  CHECK(error(server.url("/hostile")) == "page refused: 250002 elements, more than the 200000 a page may have");

  auto text_list = env.run({"list"}).out;
  CHECK(text_list.find(server.url("/500") + "\n  (no version yet)\n  0 versions; error; ") != std::string::npos);
  CHECK(text_list.find("  last error: HTTP 500\n") != std::string::npos);

  auto cp = env.run({"show", server.url("/cp1252")});
  CHECK(cp.out.find("“Quoted” words in a café paragraph") != std::string::npos);
  auto inv = env.run({"show", server.url("/invalid-utf8")});
  CHECK(inv.out.find("Broken \xEF\xBF\xBD\xEF\xBF\xBD bytes") != std::string::npos);

  // A good article that starts failing keeps its versions.
  broken = true;
  auto again = env.run({"poll", "--all", "--timeout", "2"});
  CHECK(again.status == 0);
  auto log = env.run({"log", server.url("/good")});
  CHECK(log.out.find("Status: error") != std::string::npos);
  CHECK(log.out.find("Last error: HTTP 500") != std::string::npos);
  CHECK(log.out.find("Version 1") != std::string::npos);
  CHECK(env.run({"show", server.url("/good")}).out.find(testing::story_paragraphs(1)[0]) != std::string::npos);
}

TEST_CASE("two concurrent polls: the second exits at once and touches nothing") {
  std::atomic<int> hits{0};
  testing::HttpServer server([&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content(testing::render_story(1, 1), "text/html");
  });
  Env env;
  REQUIRE(env.run({"track", server.url("/slow")}).status == 0);
  testing::RunResult first;
  std::thread t([&] { first = env.run({"poll"}); });
  while (hits.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto second = env.run({"poll", "--all"});
  t.join();
  CHECK(second.status == 1);
  CHECK(second.err == "diffwire: another diffwire poll is running on this store: " + env.db +
                          ": try again when it has finished\n");
  CHECK(second.out.empty());
  CHECK(first.status == 0);
  CHECK(first.out == "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");
  CHECK(hits.load() == 1);  // the second poll fetched nothing
}

TEST_CASE("readers and track during a poll: none fails with a busy store, no write is lost") {
  std::atomic<int> hits{0};
  std::atomic<int> version{1};
  testing::HttpServer server([&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    res.set_content(testing::render_story(version, 1), "text/html");
  });
  Env env;
  std::vector<std::string> track{"track"};
  for (int i = 0; i < 40; ++i) track.push_back(server.url("/story/" + std::to_string(i)));
  REQUIRE(env.run(track).status == 0);
  REQUIRE(env.run({"poll"}).status == 0);
  version = 2;
  std::string first = server.url("/story/0");
  testing::RunResult polled;
  std::thread poller([&] { polled = env.run({"poll", "--all", "--jobs", "2"}); });
  int before = hits.load();
  while (hits.load() == before) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::vector<std::string> added;
  int rounds = 0;
  std::string site = env.dir.file("site");
  while (hits.load() < before + 40 && rounds < 200) {
    for (const auto& args : std::vector<std::vector<std::string>>{{"log", first}, {"show", first}, {"list"}, {"feed"},
                                                                  {"status"}, {"changes"}, {"report", "--out", site}}) {
      auto r = env.run(args);
      CHECK_MESSAGE(r.status == 0, args.front() << ": " << r.err);
    }
    std::string url = server.url("/added/" + std::to_string(rounds));
    auto t = env.run({"track", url});
    CHECK_MESSAGE(t.status == 0, t.err);
    added.push_back(url);
    ++rounds;
  }
  poller.join();
  CHECK(polled.status == 0);
  // All 40 rewritten stories, and the first version of any story tracked meanwhile that the pass
  // reached (it claims due articles batch by batch, so late arrivals are checked too).
  auto at = polled.out.find("new versions ");
  REQUIRE_MESSAGE(at != std::string::npos, polled.out << polled.err);
  int new_versions = std::stoi(polled.out.substr(at + 13));
  CHECK(new_versions >= 40);
  CHECK(new_versions <= 40 + rounds);
  CHECK(rounds > 0);
  auto list = env.run({"list"});
  for (const std::string& url : added) CHECK_MESSAGE(list.out.find(url) != std::string::npos, url);  // none lost
  auto log = env.run({"log", first});
  CHECK(log.out.find("The article has changed 1 time") != std::string::npos);
}

TEST_CASE("usage errors: one line, exit 2, nothing stored") {
  Env env;
  auto bad = env.run({"track", "https://example.org/ok", "ftp://example.org/file"});
  CHECK(bad.status == 2);
  CHECK(bad.err == "diffwire: invalid URL: ftp://example.org/file: only http and https URLs can be tracked\n");
  CHECK_FALSE(std::filesystem::exists(env.db));  // the good URL was not stored either: all or nothing
  CHECK(env.run({"frobnicate"}).status == 2);
  CHECK(env.run({"poll", "--now", "yesterday"}).status == 2);
  CHECK(env.run({"poll", "--jobs", "0"}).status == 2);
  CHECK(env.run({"diff", "https://example.org/ok", "--format", "pdf"}).status == 2);
  for (const auto& r : {env.run({"frobnicate"}), env.run({"poll", "--now", "yesterday"})}) {
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.rfind("diffwire: ", 0) == 0);
  }
  auto version = env.run({"--version"});
  CHECK(version.status == 0);
  CHECK(version.out == std::string("diffwire ") + DIFFWIRE_VERSION + "\n");
  for (const char* cmd : {"track", "untrack", "poll", "list", "log", "show", "diff", "compare", "extract", "feed"}) {
    auto help = env.run({cmd, "--help"});
    CHECK_MESSAGE(help.status == 0, cmd);
    CHECK(help.out.find("Usage") != std::string::npos);
  }
}

TEST_CASE("runtime errors: one line naming what failed, exit 1") {
  Env env;
  auto missing = env.run({"log", "https://example.org/a"});
  CHECK(missing.status == 1);
  CHECK(missing.err == "diffwire: no store: " + env.db + ": nothing tracked yet (start with: diffwire track URL)\n");
  REQUIRE(env.run({"track", "https://example.org/a"}).status == 0);
  auto untracked = env.run({"log", "https://example.org/other"});
  CHECK(untracked.status == 1);
  CHECK(untracked.err.find("not tracked: https://example.org/other") != std::string::npos);
  auto nothing = env.run({"diff", "https://example.org/a"});
  CHECK(nothing.status == 1);
  CHECK(nothing.err.find("no version yet") != std::string::npos);
  auto unreadable = env.run({"compare", "/nonexistent/a.txt", "/nonexistent/b.txt"});
  CHECK(unreadable.status == 1);
  CHECK(unreadable.err.find("cannot read: /nonexistent/a.txt") != std::string::npos);
  auto directory = env.run({"compare", env.dir.path(), env.dir.path()});
  CHECK(directory.status == 1);
  CHECK(directory.err == "diffwire: cannot read: " + env.dir.path() + ": is a directory\n");
  std::string not_a_store = env.dir.file("notes.txt");
  testing::write_text(not_a_store, std::string(5000, 'n'));
  auto corrupt = run_diffwire({"--db", not_a_store, "list"});
  CHECK(corrupt.status == 1);
  CHECK(corrupt.err.find(not_a_store) != std::string::npos);
  CHECK(testing::read_text(not_a_store) == std::string(5000, 'n'));
  std::string bomb = env.dir.file("bomb.html");
  std::string tags;
  for (int i = 0; i < 210000; ++i) tags += "<b>x</b>";
  testing::write_text(bomb, tags);
  auto refused = env.run({"extract", bomb});
  CHECK(refused.status == 1);
  CHECK(refused.err == "diffwire: page refused: " + bomb + ": 210000 elements, more than the 200000 a page may have\n");
}

TEST_CASE("the private-network guard end to end: refused unless allowed, a clear outcome, nothing fetched") {
  std::atomic<int> requests{0};
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    if (req.path != "/robots.txt") ++requests;
    res.set_content("<html><head><title>Inside</title></head><body><article><p>A page on this machine, which a "
                    "stranger's feed or redirect must not make diffwire read.</p></article></body></html>",
                    "text/html");
  });
  Env env;
  std::string url = server.url("/inside");
  std::map<std::string, std::string> guarded{{"DIFFWIRE_ALLOW_PRIVATE", "0"}};
  auto extract = env.run({"extract", url}, guarded);
  CHECK(extract.status == 1);
  CHECK(extract.err.find("diffwire: cannot fetch: " + url + ": refused to connect to 127.0.0.1 (loopback address;") == 0);
  CHECK(count_lines(extract.err) == 1);
  REQUIRE(env.run({"track", url}, guarded).status == 0);
  auto poll = env.run({"poll"}, guarded);
  CHECK(poll.status == 0);  // a refused page is a recorded outcome, not a failed run
  CHECK(poll.out.find("errors 1") != std::string::npos);
  auto log = env.run({"log", url});
  CHECK_MESSAGE(log.out.find("Last error: refused to connect to 127.0.0.1") != std::string::npos, log.out);
  CHECK(requests == 0);
  // Allowed by the flag (the environment's 0 does not outvote it), it is read.
  auto allowed = env.run({"--allow-private", "poll", "--all"}, guarded);
  CHECK_MESSAGE(allowed.out.find("new versions 1") != std::string::npos, allowed.out << allowed.err);
  CHECK(requests == 1);
  auto bad = env.run({"poll"}, {{"DIFFWIRE_ALLOW_PRIVATE", "yes"}});
  CHECK(bad.status == 2);
  CHECK(bad.err == "diffwire: invalid DIFFWIRE_ALLOW_PRIVATE: yes: expected 1 (allow) or 0\n");
}

namespace {
// True when `s` is well-formed UTF-8 (no lone surrogates, no overlongs, nothing past U+10FFFF).
bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (n < 0 || i + static_cast<std::size_t>(n) >= s.size() + (n == 0 ? 1 : 0)) return false;
    std::uint32_t cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
    for (int k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}
}  // namespace

// What a stranger's page may put in a headline or a paragraph, through every output diffwire has.
TEST_CASE("hostile text in every output: terminals neutralised, HTML escaped, XML stripped, JSON valid") {
  std::string long_line;
  while (long_line.size() < (1 << 20)) long_line += "a very long paragraph without an end ";
  auto page = [&](int version) {
    std::string v = std::to_string(version);
    return "<html><head><meta charset=\"utf-8\"><title>Bridge &lt;script&gt;alert(1)&lt;/script&gt; shut</title>"
           "</head><body><article><h1>Bridge &lt;script&gt;alert(1)&lt;/script&gt; shut</h1>"
           "<p>Closed &lt;/textarea&gt; for \"&gt;&lt;img src=x onerror=alert(1)&gt; repairs, version " + v +
           ", said <a href=\"javascript:alert(1)\">the council</a> at ]]&gt; noon.</p>"
           "<p>Controls \x01\x1b[31mred\x1b[0m and \x07 bell, version " + v + ", end.</p>"
           "<p>Not characters \xEF\xBF\xBE and a lone surrogate \xED\xA0\x80 here, version " + v + ".</p>"
           "<p>Bidi \xE2\x80\xAE" "desrever" "\xE2\x80\xAC and on, version " + v + ".</p>"
           "<p>" + long_line + v + "</p></article></body></html>";
  };
  std::atomic<int> version{1};
  testing::HttpServer server([&](const httplib::Request&, httplib::Response& res) {
    res.set_content(page(version), "text/html; charset=utf-8");
  });
  Env env;
  std::string url = server.url("/story");
  REQUIRE(env.run({"track", url}).status == 0);
  REQUIRE(env.run({"poll"}).status == 0);
  version = 2;
  auto second = env.run({"poll", "--all"});
  REQUIRE(second.out.find("new versions 1") != std::string::npos);

  auto terminal_clean = [](const std::string& name, const std::string& out) {
    CHECK_MESSAGE(valid_utf8(out), name);
    for (char c : out)
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
        FAIL_CHECK(name << ": control byte " << static_cast<int>(static_cast<unsigned char>(c)));
        break;
      }
    CHECK_MESSAGE(out.find("\xE2\x80\xAE") == std::string::npos, name);  // the override
  };
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"log", url}, {"diff", url}, {"diff", url, "--side-by-side"}, {"show", url}, {"blame", url},
           {"list"}, {"changes", "--since", "3650d"}}) {
    auto r = env.run(args);
    CHECK_MESSAGE(r.status == 0, args.front() << ": " << r.err);
    terminal_clean(args.front(), r.out);
  }
  auto shown = env.run({"diff", url}).out;
  CHECK_MESSAGE(shown.find("Title: Bridge <script>alert(1)</script> shut") != std::string::npos, shown.substr(0, 600));

  for (const auto& args : std::vector<std::vector<std::string>>{{"log", url, "--json"}, {"diff", url, "--format", "json"},
                                                                {"show", url, "--json"}, {"blame", url, "--json"},
                                                                {"changes", "--since", "3650d", "--json"}}) {
    auto r = env.run(args);
    CHECK_MESSAGE(valid_utf8(r.out), args.front());
    nlohmann::json parsed;
    CHECK_NOTHROW(parsed = nlohmann::json::parse(r.out));
  }

  auto html = env.run({"diff", url, "--format", "html"}).out;
  std::string site = env.dir.file("site");
  REQUIRE(env.run({"report", "--out", site}).status == 0);
  for (const std::string& name : {std::string("diff --format html"), std::string("report")}) {
    std::string out = name == "report" ? testing::read_text(site + "/articles/1/1-2.html") : html;
    std::string lower = out;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    CHECK_MESSAGE(valid_utf8(out), name);
    CHECK_MESSAGE(lower.find("<script") == std::string::npos, name);
    CHECK_MESSAGE(lower.find("<img") == std::string::npos, name);
    CHECK_MESSAGE(lower.find("</textarea") == std::string::npos, name);
    CHECK_MESSAGE(lower.find("javascript:") == std::string::npos, name);
    CHECK_MESSAGE(out.find("Bridge &lt;script&gt;alert(1)&lt;/script&gt; shut") != std::string::npos, name);
  }

  for (const char* format : {"rss", "atom"}) {
    std::string feed = env.dir.file(std::string("feed.") + format);
    REQUIRE(env.run({"feed", "--format", format, "--out", feed}).status == 0);
    std::string xml = testing::read_text(feed);
    CHECK(valid_utf8(xml));
    CHECK(xml.find("\xEF\xBF\xBE") == std::string::npos);  // U+FFFE: no XML character
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find('\x1b') == std::string::npos);
    CHECK(std::system(("xmllint --noout " + testing::shell_quote(feed)).c_str()) == 0);
  }
}

// The limit is the body cap (8 MiB) plus what diffwire needs anyway; the bombs decode to 64 MiB and
// would reach hundreds of MiB if held whole. A sanitizer build needs more for its shadow memory.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMemoryLimitKiB = 400 * 1024;
#else
constexpr long kMemoryLimitKiB = 8 * 1024 + 48 * 1024;
#endif

TEST_CASE("hostile HTTP through the real binary: every bomb refused, memory under the body cap plus a constant") {
  std::string bomb(64 << 20, 'a');
  std::map<std::string, std::string> bodies;
  for (const char* c : {"gzip", "deflate", "br", "zstd"}) bodies[c] = testing::encode(bomb, c);
  bodies["gzip, gzip"] = testing::gzip(testing::gzip(bomb));
  bomb.clear();
  bomb.shrink_to_fit();
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/good") {
      res.set_content("<html><head><title>Good</title></head><body><article><p>A good page among the bombs, long "
                      "enough to be an article on its own, with a comma.</p></article></body></html>",
                      "text/html");
      return;
    }
    if (req.path == "/endless") {
      res.set_chunked_content_provider("text/html", [](std::size_t, httplib::DataSink& sink) {
        static const std::string chunk(1 << 16, 'x');
        return sink.write(chunk.data(), chunk.size());
      });
      return;
    }
    std::string coding = req.path.substr(req.path.rfind('/') + 1);
    if (coding == "gzip-gzip") coding = "gzip, gzip";
    auto it = bodies.find(coding);
    if (it == bodies.end()) {
      res.status = 404;
      return;
    }
    res.set_header("Content-Encoding", it->first);
    res.set_content(it->second, "text/html");
  });
  Env env;
  std::vector<std::string> urls{server.url("/endless")};
  for (const auto& [coding, body] : bodies) urls.push_back(server.url("/bomb/" + (coding == "gzip, gzip" ? "gzip-gzip" : coding)));
  for (const std::string& url : urls) {
    auto r = env.run({"extract", url});
    CHECK_MESSAGE(r.err.find("response body larger than 8 MiB") != std::string::npos, url << ": " << r.err);
    CHECK(r.status == 1);
    MESSAGE(url << ": peak " << r.max_rss_kib / 1024 << " MiB");
    CHECK_MESSAGE(r.max_rss_kib < kMemoryLimitKiB, url << ": peak " << r.max_rss_kib << " KiB");
  }
  // All at once in one poll, with a good page: the bombs are errors, the good page a version.
  std::vector<std::string> track{"track", server.url("/good")};
  track.insert(track.end(), urls.begin(), urls.end());
  REQUIRE(env.run(track).status == 0);
  auto poll = env.run({"poll"});
  CHECK(poll.status == 0);
  CHECK_MESSAGE(poll.out.find("new versions 1, removed 0, errors " + std::to_string(urls.size())) != std::string::npos, poll.out);
  MESSAGE("poll of " << urls.size() << " bombs and a good page: peak " << poll.max_rss_kib / 1024 << " MiB");
  // The bombs download at once: each may hold up to the cap.
  CHECK(poll.max_rss_kib < kMemoryLimitKiB + 8 * 1024 * static_cast<long>(urls.size() - 1));
}

TEST_CASE("a full disk (ulimit -f): one line naming the file, nothing half-kept, the next run recovers") {
  std::atomic<int> version{1};
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    std::string body = "<html><head><title>Long story</title></head><body><article>";
    for (int i = 0; i < 400; ++i)
      body += "<p>Paragraph " + std::to_string(i) + " of " + req.path + ", version " + std::to_string(version) +
              ", long enough with its commas and words to be article text.</p>";
    res.set_content(body + "</article></body></html>", "text/html");
  });
  Env env;
  std::vector<std::string> track{"track"};
  for (int i = 0; i < 8; ++i) track.push_back(server.url("/story/" + std::to_string(i)));
  REQUIRE(env.run(track).status == 0);
  REQUIRE(env.run({"poll"}).status == 0);
  std::string site = env.dir.file("site"), feed = env.dir.file("feed.xml");
  REQUIRE(env.run({"report", "--out", site}).status == 0);
  REQUIRE(env.run({"feed", "--out", feed}).status == 0);
  std::string index_before = testing::read_text(site + "/index.html"), feed_before = testing::read_text(feed);
  auto size = std::filesystem::file_size(env.db);

  version = 2;  // eight new versions of 400 paragraphs each: more than the limit leaves room for
  auto full = testing::run_diffwire_file_limit({"--db", env.db, "poll", "--all"}, size + 16 * 1024);
  CHECK(full.status == 1);
  CHECK_MESSAGE(full.err.find("diffwire: cannot write the store: " + env.db + ": ") == 0, full.err);
  CHECK(full.err.find("disk full") != std::string::npos);
  CHECK(count_lines(full.err) == 1);
  CHECK(env.run({"log", server.url("/story/0")}).out.find("The article has changed 0 times") != std::string::npos);

  REQUIRE(env.run({"poll", "--all"}).status == 0);  // space is back
  CHECK(env.run({"log", server.url("/story/0")}).out.find("The article has changed 1 time") != std::string::npos);

  // 64 KiB: room for the store's shared-memory file, not for a story page of 400 paragraphs.
  auto report = testing::run_diffwire_file_limit({"--db", env.db, "report", "--out", site}, 64 * 1024);
  CHECK(report.status == 1);
  CHECK_MESSAGE(report.err.find("diffwire: cannot write: " + site + "/") == 0, report.err);
  CHECK(testing::read_text(site + "/index.html") == index_before);  // the old page, whole
  auto feed_full = testing::run_diffwire_file_limit({"--db", env.db, "feed", "--out", feed}, 64 * 1024);
  CHECK(feed_full.status == 1);
  CHECK_MESSAGE(feed_full.err.find("diffwire: cannot write: " + feed + ": ") == 0, feed_full.err);
  CHECK(testing::read_text(feed) == feed_before);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(env.dir.path()))
    CHECK_MESSAGE(entry.path().filename().string().find(".tmp.") == std::string::npos, entry.path().string());

  REQUIRE(env.run({"report", "--out", site}).status == 0);
  REQUIRE(env.run({"feed", "--out", feed}).status == 0);
  CHECK(testing::read_text(feed) != feed_before);
  CHECK(testing::read_text(site + "/index.html").find("changed 8 times in all") != std::string::npos);
}

TEST_CASE("untrack keeps history; the database path comes from DIFFWIRE_DB or XDG_DATA_HOME") {
  testing::TempDir dir;
  std::map<std::string, std::string> xdg = {{"XDG_DATA_HOME", dir.file("data")}};
  REQUIRE(run_diffwire({"track", "https://example.org/a"}, xdg).status == 0);
  CHECK(std::filesystem::exists(dir.file("data/diffwire/diffwire.db")));
  std::map<std::string, std::string> envdb = {{"DIFFWIRE_DB", dir.file("other.db")}};
  REQUIRE(run_diffwire({"track", "https://example.org/b"}, envdb).status == 0);
  CHECK(std::filesystem::exists(dir.file("other.db")));
  auto untrack = run_diffwire({"untrack", "https://example.org/a"}, xdg);
  CHECK(untrack.status == 0);
  CHECK(run_diffwire({"list"}, xdg).out.find("No articles tracked") == 0);
  CHECK(run_diffwire({"log", "https://example.org/a"}, xdg).out.find("Status: untracked") != std::string::npos);
  CHECK(run_diffwire({"untrack", "https://example.org/a"}, xdg).status == 1);
  auto fresh = run_diffwire({"poll"}, {{"XDG_DATA_HOME", dir.file("fresh")}});  // cron before any track
  CHECK(fresh.status == 0);
  CHECK(fresh.out == "checked 0, unchanged 0, new versions 0, removed 0, errors 0\n");
}

TEST_CASE("compare and extract work on local files and store nothing") {
  testing::TempDir dir;
  testing::write_text(dir.file("v1.html"), testing::render_story(1, 1));
  testing::write_text(dir.file("v2.html"), testing::render_story(2, 7));
  auto html = run_diffwire({"compare", dir.file("v1.html"), dir.file("v2.html"), "--color", "never"},
                           {{"XDG_DATA_HOME", dir.file("data")}});
  CHECK(html.status == 0);
  CHECK(html.out.find("[-closed-]{+to stay shut for at least a week+}") != std::string::npos);
  testing::write_text(dir.file("a.txt"), "First line.\n\nSecond line stays.\n");
  testing::write_text(dir.file("b.txt"), "First line, edited.\nSecond line stays.\nThird line.\n");
  auto text = json::parse(run_diffwire({"compare", dir.file("a.txt"), dir.file("b.txt"), "--format", "json"}).out);
  REQUIRE(text["ops"].size() == 3);
  CHECK(text["ops"][0]["op"] == "replace");
  CHECK(text["ops"][1]["op"] == "equal");
  CHECK(text["ops"][2]["op"] == "insert");
  auto extracted = json::parse(run_diffwire({"extract", dir.file("v2.html"), "--json"}).out);
  CHECK(extracted["title"] == testing::story_headline(2));
  CHECK(extracted["byline"] == "Tamsin Achterberg");
  CHECK(extracted["published"] == "2026-11-22T08:05:00Z");
  CHECK(extracted["paragraphs"] == testing::story_paragraphs(2));
  CHECK_FALSE(std::filesystem::exists(dir.file("data")));
  testing::write_text(dir.file("empty.html"), "<html><body></body></html>");
  auto none = run_diffwire({"extract", dir.file("empty.html")});
  CHECK(none.status == 1);
  CHECK(none.err.find("no article found") != std::string::npos);
}

TEST_CASE("conditional GET end to end: validators are sent back and a 304 is unchanged") {
  std::atomic<int> conditional{0}, full{0};
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"story-v1\"" &&
        req.get_header_value("If-Modified-Since") == "Sun, 22 Nov 2026 08:05:00 GMT") {
      ++conditional;
      res.status = 304;
      return;
    }
    ++full;
    res.set_header("ETag", "\"story-v1\"");
    res.set_header("Last-Modified", "Sun, 22 Nov 2026 08:05:00 GMT");
    res.set_content(testing::render_story(1, 1), "text/html");
  });
  Env env;
  REQUIRE(env.run({"track", server.url("/story")}).status == 0);
  CHECK(env.run({"poll", "--all"}).out == "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");
  CHECK(env.run({"poll", "--all"}).out == "checked 1, unchanged 1, new versions 0, removed 0, errors 0\n");
  CHECK(full.load() == 1);
  CHECK(conditional.load() == 1);
  auto log = env.run({"log", server.url("/story"), "--json"});
  CHECK(json::parse(log.out)["versions"].size() == 1);
}

TEST_CASE("an article without a change for 30 days is retired, and --all still checks it") {
  StoryServer site;
  Env env;
  REQUIRE(env.run({"track", site.url()}, {{"DIFFWIRE_NOW", "2026-10-01T00:00:00Z"}}).status == 0);
  REQUIRE(env.run({"poll", "--now", "2026-10-01T00:00:00Z"}).status == 0);
  CHECK(env.run({"poll", "--now", "2026-10-31T00:00:00Z"}).out.find("checked 1, unchanged 1") == 0);
  auto list = json::parse(env.run({"list", "--json"}).out);
  CHECK(list[0]["status"] == "retired");
  CHECK(env.run({"log", site.url()}).out.find("Retired: no change in 30 days") != std::string::npos);
  CHECK(env.run({"poll", "--now", "2026-12-31T00:00:00Z"}).out.find("checked 0,") == 0);
  CHECK(env.run({"poll", "--all", "--now", "2026-12-31T00:00:00Z"}).out.find("checked 1,") == 0);
  site.version = 2;  // a change brings it back
  CHECK(env.run({"poll", "--all", "--now", "2027-01-01T00:00:00Z"}).out.find("new versions 1") != std::string::npos);
  CHECK(json::parse(env.run({"list", "--json"}).out)[0]["status"] == "ok");
}

TEST_CASE("many commands at once on a brand-new store: one migrates, none fails") {
  Env env;
  std::vector<std::thread> threads;
  std::vector<testing::RunResult> results(8);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] { results[i] = env.run({"track", "https://example.org/story-" + std::to_string(i)}); });
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.empty());
  }
  CHECK(json::parse(env.run({"list", "--json"}).out).size() == 8);
}

TEST_CASE("extract --rules --explain: a user's site rule answers for its host, and says so") {
  testing::HttpServer server([&](const httplib::Request&, httplib::Response& res) {
    res.set_content(testing::render_story(1, 1), "text/html; charset=utf-8");
  });
  testing::TempDir rules;
  testing::write_text(rules.file("local.rules"),
                      "[local-courier]\nhosts = 127.0.0.1\ntitle = h1.headline\nbody = .story-body\n");
  auto r = testing::run_diffwire({"extract", "--rules", rules.path(), "--explain", server.url("/story")});
  REQUIRE(r.status == 0);
  CHECK(r.out.find(testing::story_paragraphs(1).front()) != std::string::npos);
  CHECK(r.out.find("site rule [local-courier]") != std::string::npos);
  CHECK(r.out.find(std::string("answered by site-rule:local-courier@") + diffwire::kExtractorVersion) != std::string::npos);
  // Without the rule: the generic layer answers, and the explanation names what it dropped.
  auto g = testing::run_diffwire({"extract", "--explain", server.url("/story")});
  REQUIRE(g.status == 0);
  CHECK(g.out.find("answered by dom@") != std::string::npos);
  CHECK(g.out.find("dropped") != std::string::npos);
  // A broken rules file: one line naming the file and line, exit 1.
  testing::write_text(rules.file("broken.rules"), "[oops]\nbody = p\n");
  auto b = testing::run_diffwire({"extract", "--rules", rules.path(), server.url("/story")});
  CHECK(b.status == 1);
  CHECK(b.err.find("broken.rules:1") != std::string::npos);
  CHECK(std::count(b.err.begin(), b.err.end(), '\n') == 1);
}

TEST_CASE("reextract: a changed reading is shown, recorded as a re-baseline, and never becomes an edit") {
  StoryServer story;
  Env env;
  // Polled under a rule that took the whole page (most-read box included): the reading to correct.
  testing::TempDir rules;
  testing::write_text(rules.file("broad.rules"), "[too-broad]\nhosts = 127.0.0.1\nbody = body\n");
  REQUIRE(env.run({"track", story.url()}).status == 0);
  REQUIRE(env.run({"poll", "--rules", rules.path()}).status == 0);
  auto v1 = json::parse(env.run({"show", "--json", story.url()}).out);
  REQUIRE(v1["paragraphs"].size() > testing::story_paragraphs(1).size());

  auto dry = env.run({"reextract", "--dry-run", "--color", "never"});
  REQUIRE(dry.status == 0);
  CHECK(dry.out.find(story.url() + ": version 1 (site-rule:too-broad@") == 0);
  CHECK(dry.out.find(std::string("reads differently with dom@") + diffwire::kExtractorVersion) != std::string::npos);
  CHECK(dry.out.find("(dry run: not recorded)") != std::string::npos);
  CHECK(dry.out.find("re-extracted 1: 1 read differently, 0 the same, 0 skipped (dry run: nothing recorded)\n") !=
        std::string::npos);
  CHECK(json::parse(env.run({"log", "--json", story.url()}).out)["versions"].size() == 1);

  auto real = env.run({"reextract", story.url(), "--color", "never"});
  REQUIRE(real.status == 0);
  CHECK(real.out.find("recorded as re-baseline version 2\n") != std::string::npos);
  auto v2 = json::parse(env.run({"show", "--json", story.url()}).out);
  CHECK(v2["paragraphs"].get<std::vector<std::string>>() == testing::story_paragraphs(1));
  // The latest change is still "none": a re-baseline is not one.
  auto no_change = env.run({"diff", story.url()});
  CHECK(no_change.status == 1);
  CHECK(no_change.err.find("no change yet: one version so far") != std::string::npos);
  auto again = env.run({"reextract", story.url()});
  CHECK(again.out.find("version 2 (dom@") == again.out.find(": ") + 2);
  CHECK(again.out.find("reads the same") != std::string::npos);

  // The next polls compare with the corrected reading: no false version, then the real edit.
  CHECK(env.run({"poll", "--all"}).out == "checked 1, unchanged 1, new versions 0, removed 0, errors 0\n");
  story.version = 2;
  CHECK(env.run({"poll", "--all"}).out == "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");
  auto v3 = json::parse(env.run({"show", "--json", story.url()}).out);
  CHECK(v3["paragraphs"].get<std::vector<std::string>>() == testing::story_paragraphs(2));
  auto latest = json::parse(env.run({"diff", story.url(), "--format", "json"}).out);
  CHECK(latest["from"] == 2);  // the edit, against the corrected reading
  CHECK(latest["to"] == 3);

  // Errors: one line each.
  auto untracked = env.run({"reextract", "https://example.org/never-tracked"});
  CHECK(untracked.status == 1);
  CHECK(count_lines(untracked.err) == 1);
  Env empty;
  auto nostore = empty.run({"reextract"});
  CHECK(nostore.status == 1);
  CHECK(nostore.err.find("diffwire: no store: ") == 0);
}

TEST_CASE("sources end to end: a feed's articles are tracked and checked in the same poll") {
  std::atomic<int> items{2};
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/feed.xml") {
      std::string rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Courier</title>";
      for (int i = 0; i < items; ++i)
        rss += "<item><title>Story " + std::to_string(i) + "</title><link>/news/story-number-" + std::to_string(i) +
               "</link></item>";
      res.set_content(rss + "</channel></rss>", "application/rss+xml");
    } else if (req.path.rfind("/news/story-number-", 0) == 0) {
      res.set_content(testing::render_story(1, 1), "text/html; charset=utf-8");
    } else {
      res.status = 404;
    }
  });
  Env env;
  auto added = env.run({"source", "add", "courier", server.url("/feed.xml"), "--every", "10m", "--exclude", "/never/",
                        "--first-interval", "5m", "--factor", "1.5", "--retire-after", "7d"});
  REQUIRE(added.status == 0);
  CHECK(added.out == "added source courier: " + server.url("/feed.xml") +
                         " (every 10 minutes; its articles are tracked from the next poll)\n");
  auto poll = env.run({"poll"});
  REQUIRE(poll.status == 0);
  CHECK(poll.out == "sources: checked 1, new articles 2, due again 0, reactivated 0, errors 0\n"
                    "checked 2, unchanged 0, new versions 2, removed 0, errors 0\n");
  auto list = json::parse(env.run({"source", "list", "--json"}).out);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["kind"] == "rss");
  CHECK(list[0]["articles"] == 2);
  CHECK(list[0]["every_s"] == 600);
  CHECK(list[0]["exclude"] == "/never/");
  CHECK(list[0]["first_interval_s"] == 300);
  CHECK(list[0]["factor"] == 1.5);
  CHECK(list[0]["retire_after_s"] == 7 * 86400);
  CHECK(env.run({"source", "list"}).out.find("  schedule: first interval 5 minutes; factor 1.5; retire after 7 days\n") !=
        std::string::npos);
  CHECK(env.run({"source", "list"}).out.find("courier  " + server.url("/feed.xml") + "\n  rss; every 10 minutes; 2 articles; ok") == 0);
  // Ten minutes later the feed has a third story: tracked and checked in that poll.
  items = 3;
  auto later = env.run({"poll", "--now", "2099-01-01T00:00:00Z"});
  CHECK(later.out.find("sources: checked 1, new articles 1,") == 0);
  CHECK(json::parse(env.run({"list", "--json"}).out).size() == 3);

  // Bad input: one line, exit 2, nothing stored.
  auto bad_regex = env.run({"source", "add", "x", server.url("/feed.xml"), "--include", "([oops"});
  CHECK(bad_regex.status == 2);
  CHECK(bad_regex.err.find("diffwire: invalid --include: ([oops: ") == 0);
  CHECK(count_lines(bad_regex.err) == 1);
  CHECK(env.run({"source", "add", "x", server.url("/feed.xml"), "--every", "1m"}).status == 2);
  CHECK(env.run({"source", "add", "x", server.url("/feed.xml"), "--factor", "0.5"}).status == 2);
  CHECK(env.run({"source", "add", "x", server.url("/feed.xml"), "--retire-after", "soon"}).status == 2);
  CHECK(env.run({"source", "add", "x y", server.url("/feed.xml")}).status == 2);
  CHECK(env.run({"source", "add", "courier", server.url("/feed.xml")}).err.find("source exists: courier") != std::string::npos);
  CHECK(env.run({"source", "add", "x", "ftp://example.org/feed"}).status == 2);
  CHECK(json::parse(env.run({"source", "list", "--json"}).out).size() == 1);

  auto removed = env.run({"source", "remove", "courier"});
  CHECK(removed.out == "removed source courier (the articles it found stay tracked)\n");
  CHECK(env.run({"source", "remove", "courier"}).status == 1);
  CHECK(env.run({"source", "list"}).out == "no sources (add one with: diffwire source add NAME URL)\n");
  CHECK(json::parse(env.run({"list", "--json"}).out).size() == 3);
}

TEST_CASE("one identity per story: AMP copies merge, redirects move, tracking parameters never count") {
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    std::string html = testing::render_story(1, 1);
    if (req.path == "/amp/news/kestrel") {
      html.replace(html.find("</head>"), 0, "<link rel=\"canonical\" href=\"/news/kestrel\">");
      res.set_content(html, "text/html");
    } else if (req.path == "/news/kestrel" || req.path == "/news/ferry-moved-here") {
      res.set_content(html, "text/html");
    } else if (req.path == "/news/ferry") {
      res.set_redirect("/news/ferry-moved-here", 301);
    } else {
      res.status = 404;
    }
  });
  Env env;
  REQUIRE(env.run({"track", server.url("/news/kestrel"), server.url("/amp/news/kestrel"), server.url("/news/ferry")}).status == 0);
  auto utm = env.run({"track", server.url("/news/kestrel?utm_source=newsletter&utm_medium=email")});
  CHECK(utm.out == "already tracked: " + server.url("/news/kestrel") + "\n");
  REQUIRE(env.run({"poll"}).status == 0);

  auto list = json::parse(env.run({"list", "--json"}).out);
  std::vector<std::string> urls;
  for (const auto& a : list) urls.push_back(a["url"]);
  CHECK(urls == std::vector<std::string>{server.url("/news/ferry-moved-here"), server.url("/news/kestrel")});

  auto merged = env.run({"log", server.url("/amp/news/kestrel")});  // a former URL leads to the article
  CHECK(merged.out.find(server.url("/news/kestrel") + "\n") == 0);
  CHECK(merged.out.find("Merged in ") != std::string::npos);
  CHECK(merged.out.find(server.url("/amp/news/kestrel") + " is the same story (rel=canonical)") != std::string::npos);
  auto moved = json::parse(env.run({"log", "--json", server.url("/news/ferry")}).out);
  CHECK(moved["url"] == server.url("/news/ferry-moved-here"));
  REQUIRE(moved["events"].size() == 1);
  CHECK(moved["events"][0]["kind"] == "url-changed");
  CHECK(moved["events"][0]["detail"] ==
        server.url("/news/ferry") + " → " + server.url("/news/ferry-moved-here") + " (redirect)");
  CHECK(env.run({"track", server.url("/news/ferry")}).out ==
        "already tracked as " + server.url("/news/ferry-moved-here") + ": " + server.url("/news/ferry") + "\n");
}

TEST_CASE("a canonical URL that does not answer with the story never takes the article away from the URL that works") {
  int dead_port = 0;
  {  // a port nothing serves once this server is gone
    testing::HttpServer gone([](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    dead_port = gone.port();
  }
  std::atomic<int> version{1};
  std::mutex m;
  std::map<std::string, int> requests;
  std::string base;  // http://127.0.0.1:PORT
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> hold(m);
      ++requests[req.path];
    }
    std::string html = testing::render_story(version, 1);
    auto claim = [&](const std::string& url) { html.replace(html.find("</head>"), 0, "<link rel=\"canonical\" href=\"" + url + "\">"); };
    if (req.path == "/news/port") claim("http://127.0.0.1:" + std::to_string(dead_port) + "/news/port");   // a port not served
    else if (req.path == "/news/twin") claim("https://127.0.0.1:" + base.substr(base.rfind(':') + 1) + "/news/twin");  // no TLS here
    else if (req.path == "/news/gone") claim("/news/gone-elsewhere");  // a 404
    else if (req.path == "/news/good") claim("/news/good-canonical");  // the same story: the article moves
    else if (req.path == "/news/good-canonical") {}
    else { res.status = 404; return; }
    res.set_content(html, "text/html");
  });
  base = server.url("");
  Env env;
  std::vector<std::string> tracked = {server.url("/news/port"), server.url("/news/twin"), server.url("/news/gone"), server.url("/news/good")};
  std::vector<std::string> args = {"track"};
  args.insert(args.end(), tracked.begin(), tracked.end());
  REQUIRE(env.run(args, {{"DIFFWIRE_NOW", "2026-11-22T08:00:00Z"}}).status == 0);
  auto first = env.run({"poll", "--now", "2026-11-22T08:00:00Z"});
  REQUIRE(first.status == 0);
  CHECK(first.out == "checked 4, unchanged 0, new versions 4, removed 0, errors 0\n");

  auto list = json::parse(env.run({"list", "--json"}).out);
  std::set<std::string> urls;
  for (const auto& a : list) urls.insert(a["url"]);
  CHECK(urls == std::set<std::string>{tracked[0], tracked[1], tracked[2], server.url("/news/good-canonical")});
  auto good = json::parse(env.run({"log", "--json", tracked[3]}).out);
  REQUIRE(good["events"].size() == 1);
  CHECK(good["events"][0]["kind"] == "url-changed");
  CHECK(good["events"][0]["detail"] == tracked[3] + " → " + server.url("/news/good-canonical") + " (rel=canonical)");

  // Each dead canonical is one event saying why; the article keeps its URL.
  auto refused = [&](const std::string& url) {
    auto log = json::parse(env.run({"log", "--json", url}).out);
    CHECK(log["url"] == url);
    std::vector<std::string> details;
    for (const auto& e : log["events"]) {
      CHECK(e["kind"] == "move-refused");
      details.push_back(e["detail"]);
    }
    return details;
  };
  std::string port_url = "http://127.0.0.1:" + std::to_string(dead_port) + "/news/port";
  auto port = refused(tracked[0]);
  REQUIRE(port.size() == 1);
  CHECK(port[0].find(port_url + " (rel=canonical) could not be fetched: ") == 0);
  CHECK(port[0].ends_with("; the article stays at the URL that works"));
  auto twin = refused(tracked[1]);
  REQUIRE(twin.size() == 1);
  CHECK(twin[0].find("https://127.0.0.1:") == 0);
  CHECK(twin[0].find("(rel=canonical) could not be fetched: ") != std::string::npos);
  auto gone = refused(tracked[2]);
  REQUIRE(gone.size() == 1);
  CHECK(gone[0] == server.url("/news/gone-elsewhere") + " (rel=canonical) answered HTTP 404; the article stays at the URL that works");
  CHECK(env.run({"log", tracked[2]}).out.find("Move refused 2026-11-22T08:00:00Z: " + gone[0]) != std::string::npos);

  // The story goes on at the URL that works: later versions, no new event, and the dead canonical is
  // not asked again at every check — only after a day.
  version = 2;
  auto second = env.run({"poll", "--now", "2026-11-22T09:00:00Z", "--all"});
  CHECK(second.out == "checked 4, unchanged 0, new versions 4, removed 0, errors 0\n");
  CHECK(refused(tracked[2]).size() == 1);
  {
    std::lock_guard<std::mutex> hold(m);
    CHECK(requests["/news/gone-elsewhere"] == 1);
    CHECK(requests["/news/good"] == 1);  // the moved article is checked at its new URL
    CHECK(requests["/news/good-canonical"] == 2);
  }
  auto gone_versions = json::parse(env.run({"log", "--json", tracked[2]}).out)["versions"];
  REQUIRE(gone_versions.size() == 2);
  CHECK(gone_versions[1]["classes"].dump().find("url") == std::string::npos);  // no "url" class: it did not move
  version = 3;  // (a byte-identical page is not read again, so it would claim nothing)
  REQUIRE(env.run({"poll", "--now", "2026-11-23T09:30:00Z", "--all"}).status == 0);
  {
    std::lock_guard<std::mutex> hold(m);
    CHECK(requests["/news/gone-elsewhere"] == 2);
  }
  CHECK(refused(tracked[2]).size() == 1);  // the same refusal again is not a new event
  urls.clear();
  for (const auto& a : json::parse(env.run({"list", "--json"}).out)) urls.insert(a["url"]);
  CHECK(urls == std::set<std::string>{tracked[0], tracked[1], tracked[2], server.url("/news/good-canonical")});
}

TEST_CASE("politeness end to end: a contact in the User-Agent, a pause between requests to one host") {
  std::mutex m;
  std::vector<std::chrono::steady_clock::time_point> starts;
  std::string agent;
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(m);
      starts.push_back(std::chrono::steady_clock::now());
      agent = req.get_header_value("User-Agent");
    }
    res.set_content(testing::render_story(1, 1), "text/html");
  });
  Env env;
  REQUIRE(env.run({"track", server.url("/a"), server.url("/b"), server.url("/c")}).status == 0);
  auto began = std::chrono::steady_clock::now();
  auto poll = env.run({"poll", "--contact", "mailto:desk@example.org", "--host-delay", "0.3"});
  REQUIRE(poll.status == 0);
  std::lock_guard<std::mutex> lock(m);
  CHECK(agent == std::string("diffwire/") + DIFFWIRE_VERSION + " (+mailto:desk@example.org)");
  REQUIRE(starts.size() == 3);
  // The third page cannot be asked for before two pauses have passed (a busy machine only makes it
  // later; the gaps between arrivals themselves jitter under load).
  CHECK(starts.back() - began >= std::chrono::milliseconds(600));
  CHECK(env.run({"poll", "--host-delay", "-1"}).status == 2);
  CHECK(env.run({"poll", "--host-delay", "soon"}).err.find("invalid --host-delay: soon") != std::string::npos);
}

TEST_CASE("robots.txt and Retry-After end to end, remembered between polls") {
  std::mutex m;
  std::map<std::string, int> hits;
  testing::HttpServer server(
      [&](const httplib::Request& req, httplib::Response& res) {
        {
          std::lock_guard<std::mutex> lock(m);
          ++hits[req.path];
        }
        if (req.path == "/robots.txt") {
          res.set_content("User-agent: *\nDisallow: /private/\n", "text/plain");
        } else if (req.path == "/busy/story") {
          res.status = 429;
          res.set_header("Retry-After", "3600");
        } else {
          res.set_content(testing::render_story(1, 1), "text/html");
        }
      },
      true);
  Env env;
  REQUIRE(env.run({"track", server.url("/private/memo"), server.url("/public/story")}).status == 0);
  auto first = env.run({"poll"});
  CHECK(first.out == "checked 2, unchanged 0, new versions 1, removed 0, errors 1\n");
  auto list = json::parse(env.run({"list", "--json"}).out);
  for (const auto& a : list)
    if (a["url"] == server.url("/private/memo")) CHECK(a["last_error"] == "disallowed by robots.txt (Disallow: /private/)");
  REQUIRE(env.run({"poll", "--all"}).status == 0);
  {
    std::lock_guard<std::mutex> lock(m);
    CHECK(hits["/private/memo"] == 0);  // never sent
    CHECK(hits["/robots.txt"] == 1);    // asked once, remembered by the store
  }
  // A host that says 429 Retry-After is left alone, by this poll and the next.
  REQUIRE(env.run({"track", server.url("/busy/story")}).status == 0);
  env.run({"poll"});
  REQUIRE(env.run({"poll", "--all"}).status == 0);
  std::string error;
  for (const auto& a : json::parse(env.run({"list", "--json"}).out))
    if (a["url"] == server.url("/busy/story")) error = a["last_error"];
  CHECK(error.find("not sent: http://127.0.0.1:" + std::to_string(server.port()) + " asked to wait until ") == 0);
  std::lock_guard<std::mutex> lock(m);
  CHECK(hits["/busy/story"] == 1);
  CHECK(hits["/public/story"] == 2);  // the two polls before the 429; then the whole host waits, as asked
}

TEST_CASE("a source for one's own site may ignore robots.txt") {
  testing::HttpServer server(
      [&](const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/robots.txt") res.set_content("User-agent: *\nDisallow: /\n", "text/plain");
        else if (req.path == "/feed.xml")
          res.set_content("<rss><channel><item><link>/news/own-story-here</link></item></channel></rss>", "application/rss+xml");
        else res.set_content(testing::render_story(1, 1), "text/html");
      },
      true);
  Env env;
  REQUIRE(env.run({"source", "add", "own", server.url("/feed.xml"), "--ignore-robots", "--host-delay", "0"}).status == 0);
  CHECK(env.run({"poll"}).out == "sources: checked 1, new articles 1, due again 0, reactivated 0, errors 0\n"
                                 "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");
  REQUIRE(env.run({"source", "add", "theirs", server.url("/feed.xml?theirs")}).status == 0);
  auto theirs = env.run({"poll", "--all"});
  CHECK(theirs.out.find("sources: checked 2, new articles 0, due again 0, reactivated 0, errors 1\n") == 0);
}

TEST_CASE("status: counts, the last run, errors by host, quiet sources; poll --quiet prints nothing") {
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/feed.xml") res.set_content("<rss><channel><item><link>/news/a-story-here</link></item></channel></rss>", "application/rss+xml");
    else if (req.path == "/news/a-story-here") res.set_content(testing::render_story(1, 1), "text/html");
    else if (req.path == "/gone") res.status = 404;
    else res.status = 500;
  });
  Env env;
  std::map<std::string, std::string> t0 = {{"DIFFWIRE_NOW", "2026-11-22T10:00:00Z"}};
  std::map<std::string, std::string> t1 = {{"DIFFWIRE_NOW", "2026-11-23T12:00:00Z"}};
  REQUIRE(env.run({"source", "add", "courier", server.url("/feed.xml")}, t0).status == 0);
  REQUIRE(env.run({"track", server.url("/broken-1"), server.url("/broken-2"), server.url("/gone")}, t0).status == 0);
  auto quiet = env.run({"poll", "--quiet"}, t0);
  CHECK(quiet.status == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
  auto status = env.run({"status"}, t0);
  REQUIRE(status.status == 0);
  CHECK(status.out.find("Articles: 4 tracked, 0 due now, 0 retired\nSources: 1\n") != std::string::npos);
  CHECK(status.out.find("  sources: checked 1, new articles 1, due again 0, reactivated 0, errors 0\n"
                        "  checked 4, unchanged 0, new versions 1, removed 1, errors 2\n") != std::string::npos);
  CHECK(status.out.find("Errors in the last 24 hours, by host:\n  127.0.0.1:" + std::to_string(server.port()) +
                        ": 2 failed checks (2 articles)\n") != std::string::npos);
  CHECK(status.out.find("Warning:") == std::string::npos);
  // A day later with no new article and no run: both are warnings.
  auto later = json::parse(env.run({"status", "--json"}, t1).out);
  CHECK(later["due"] == 4);  // a removed page is still checked: it may come back
  REQUIRE(later["warnings"].size() == 2);
  CHECK(later["warnings"][0].get<std::string>().find("source courier found no new article in the last 24 hours") == 0);
  CHECK(later["warnings"][1].get<std::string>().find("no poll for 1 day") == 0);
  CHECK(later["errors_last_24h"].empty());
  CHECK(env.run({"poll", "--max-time", "soon"}).status == 2);
}

TEST_CASE("bad sources and robots.txt: each a clear outcome, and the run goes on") {
  std::string huge(9 * 1024 * 1024, ' ');
  testing::HttpServer feeds([&](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/html-not-a-feed") {
      res.set_content("<html><body><main><a href=\"/news/kestrel-bridge-closed-again\">Story</a> <a href=\"mailto:x@y\">Mail</a>"
                      " <a href=\"javascript:void(0)\">JS</a> <a href=\"http://[bad\">Bad</a></main></body></html>", "text/html");
    } else if (req.path == "/empty") {
      res.set_content("", "application/rss+xml");
    } else if (req.path == "/huge") {
      res.set_content("<rss>" + huge + "</rss>", "application/rss+xml");
    } else if (req.path == "/self-index.xml") {
      res.set_content("<sitemapindex><sitemap><loc>/self-index.xml</loc></sitemap></sitemapindex>", "application/xml");
    } else {
      res.set_content(testing::render_story(1, 1), "text/html");
    }
  });
  testing::HttpServer looping(
      [&](const httplib::Request& req, httplib::Response& res) {
        if (req.path.rfind("/robots", 0) == 0) res.set_redirect("/robots-again" + std::to_string(req.path.size()));
        else res.set_content(testing::render_story(1, 1), "text/html");
      },
      true);
  Env env;
  for (const char* name : {"html", "empty", "huge", "self"}) {
    std::string path = std::string(name) == "html" ? "/html-not-a-feed" : std::string(name) == "empty" ? "/empty"
                     : std::string(name) == "huge" ? "/huge" : "/self-index.xml";
    REQUIRE(env.run({"source", "add", name, feeds.url(path)}).status == 0);
  }
  REQUIRE(env.run({"track", looping.url("/story")}).status == 0);
  auto poll = env.run({"poll"});
  REQUIRE(poll.status == 0);
  CHECK(poll.out.find("sources: checked 4, new articles 1, due again 0, reactivated 0, errors 2\n") == 0);
  auto sources = json::parse(env.run({"source", "list", "--json"}).out);
  std::map<std::string, json> by_name;
  for (const auto& s : sources) by_name[s["name"]] = s;
  CHECK(by_name["html"]["kind"] == "html");
  CHECK(by_name["html"]["articles"] == 1);
  CHECK(by_name["empty"]["last_error"].get<std::string>().find("the response is empty") != std::string::npos);
  CHECK(by_name["huge"]["last_error"].get<std::string>().find("larger than 8 MiB") != std::string::npos);
  CHECK(by_name["self"]["kind"] == "sitemap-index");
  CHECK(by_name["self"]["status"] == "ok");
  // robots.txt that redirects forever counts as missing: the story is fetched.
  CHECK(poll.out.find("checked 2, unchanged 0, new versions 2, removed 0, errors 0\n") != std::string::npos);
}

TEST_CASE("a story edited and put back: log says reverted, the feed leaves the revert out") {
  StoryServer story;
  Env env;
  REQUIRE(env.run({"track", story.url()}).status == 0);
  REQUIRE(env.run({"poll", "--all", "--now", "2026-11-22T08:00:00Z"}).out.find("new versions 1") != std::string::npos);
  story.version = 2;
  REQUIRE(env.run({"poll", "--all", "--now", "2026-11-22T09:00:00Z"}).out.find("new versions 1") != std::string::npos);
  story.version = 1;
  CHECK(env.run({"poll", "--all", "--now", "2026-11-22T10:00:00Z"}).out ==
        "checked 1, unchanged 0, new versions 1, removed 0, errors 0\n");
  auto log = env.run({"log", story.url()});
  CHECK(log.out.find("reverted to Version 1") != std::string::npos);
  CHECK(log.out.find(" reverted]") != std::string::npos);
  auto j = json::parse(env.run({"log", "--json", story.url()}).out);
  CHECK(j["versions"][2]["reverted_to"] == 1);
  CHECK(j["versions"][1]["classes"].size() > 0);
  // Blame: a paragraph version 2 left alone is from version 1; one it rewrote reads so again since 3.
  auto blamed = json::parse(env.run({"blame", "--json", story.url()}).out);
  REQUIRE(blamed["paragraphs"].size() == testing::story_paragraphs(1).size());
  auto second = testing::story_paragraphs(2);
  for (const auto& p : blamed["paragraphs"]) {
    bool kept = std::find(second.begin(), second.end(), p["text"].get<std::string>()) != second.end();
    CHECK(p["since_version"] == (kept ? 1 : 3));
  }
  CHECK(env.run({"blame", story.url()}).out.find("  2026-11-22T") == 2);
  std::map<std::string, std::string> at = {{"DIFFWIRE_NOW", "2026-11-22T11:00:00Z"}};
  auto changes = json::parse(env.run({"changes", "--since", "6h", "--json"}, at).out);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0]["version"] == 3);
  CHECK(changes[1]["version"] == 2);
  auto reverted = json::parse(env.run({"changes", "--since", "2026-11-22T00:00:00Z", "--class", "reverted", "--json"}, at).out);
  REQUIRE(reverted.size() == 1);
  CHECK(reverted[0]["version"] == 3);
  CHECK(env.run({"changes", "--since", "30m"}, at).out == "no changes since 2026-11-22T10:30:00Z\n");
  CHECK(env.run({"changes", "--class", "gossip"}, at).status == 2);
  CHECK(env.run({"changes", "--since", "yesterday"}, at).status == 2);
  CHECK(env.run({"changes", "--since", "6h"}, at).out.find("version 3  [") != std::string::npos);
  std::string feed = env.run({"feed"}).out;
  CHECK(feed.find("#diffwire-version-2") != std::string::npos);
  CHECK(feed.find("#diffwire-version-3") == std::string::npos);
  CHECK(feed.find("<category>headline</category>") != std::string::npos);
}

TEST_CASE("serve: a bad address or no store is one line and an exit code, before listening") {
  Env env;
  auto none = env.run({"serve", "--listen", "127.0.0.1:0"});
  CHECK(none.status == 1);
  CHECK(none.err.find("diffwire: no store: ") == 0);
  REQUIRE(env.run({"track", "https://example.org/a"}).status == 0);
  auto bad = env.run({"serve", "--listen", "localhost"});
  CHECK(bad.status == 2);
  CHECK(bad.err == "diffwire: invalid --listen: localhost: expected HOST:PORT, e.g. 127.0.0.1:8080\n");
}
