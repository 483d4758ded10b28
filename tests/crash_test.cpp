// Crash safety: `poll`, `feed --out` and `report` are killed with SIGKILL at random moments, many times,
// against a site whose stories keep changing. Afterwards the store passes SQLite's integrity check,
// every version is whole (all its paragraphs, in order) or absent, no version repeats the one before
// it, the next poll completes normally, and the feed and report files are complete old or new files.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "store/sql.hpp"
#include "support.hpp"

namespace {

// Runs one query with the store's own SQLite wrapper; returns the first column of each row.
std::vector<std::string> query(const std::string& db, const std::string& sql) {
  auto database = diffwire::open_database(db);
  auto statement = database->statement(sql);
  std::vector<std::string> rows;
  while (statement->step()) rows.push_back(statement->text_at(0));
  return rows;
}

// Kills `args` after a random pause, or lets it finish if it is quicker; returns true if it was killed.
bool run_and_kill(const std::vector<std::string>& args, std::mt19937& rng, int max_ms) {
  int pid = testing::spawn_diffwire(args);
  std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, max_ms)(rng)));
  bool killed = ::kill(pid, SIGKILL) == 0;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return killed && WIFSIGNALED(status);
}

}  // namespace

TEST_CASE("poll killed with SIGKILL 100 times against a changing site: the store stays whole") {
  std::atomic<int> hits{0};
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    int n = ++hits;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // Every story changes every few requests: each poll finds new versions to write.
    int version = 1 + (n / 5) % testing::story_versions();
    res.set_content(testing::render_story(version, static_cast<int>(req.path.size()) + n / 7), "text/html");
  });
  testing::TempDir dir;
  std::string db = dir.file("store.db");
  std::vector<std::string> track{"--db", db, "track"};
  for (int i = 0; i < 30; ++i) track.push_back(server.url("/story/" + std::to_string(i)));
  REQUIRE(testing::run_diffwire(track).status == 0);

  // How long a whole poll takes here: the kills land anywhere from its start to a little past its end.
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(testing::run_diffwire({"--db", db, "poll", "--all"}).status == 0);
  int whole_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  MESSAGE("one whole poll: " << whole_ms << " ms");
  std::mt19937 rng(20261122);
  int killed = 0, finished = 0;
  std::string before = query(db, "SELECT count(*) FROM versions").front();
  // At least 100 runs, and more until 25 were killed mid-run (some at the start, some mid-commit) and
  // 5 finished (writes happened between the kills). A busy machine makes polls slower or faster than
  // the one measured, so the pause adapts: shorter after a poll that finished, longer after a kill.
  double bound_ms = whole_ms + whole_ms / 4.0;
  int runs = 0;
  for (; runs < 300 && (runs < 100 || killed < 25 || finished < 5); ++runs) {
    bool k = run_and_kill({"--db", db, "poll", "--all", "--jobs", "4"}, rng, std::max(1, static_cast<int>(bound_ms)));
    (k ? killed : finished) += 1;
    bound_ms = k ? bound_ms * 1.02 : bound_ms * 0.9;
  }
  MESSAGE("poll killed mid-run " << killed << " times of " << runs << "; the site answered " << hits.load() << " requests");
  CHECK(killed >= 25);
  CHECK(finished >= 5);

  CHECK(query(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  CHECK(query(db, "PRAGMA foreign_key_check").empty());
  // Whole or absent: every version has its paragraphs at positions 0..n-1.
  CHECK(query(db, "SELECT v.id FROM versions v LEFT JOIN version_paragraphs p ON p.version_id = v.id "
                  "GROUP BY v.id HAVING count(p.position) = 0 OR max(p.position) != count(p.position) - 1")
            .empty());
  // No duplicates: numbers run 1..n per article, and no version has the text of the one before it.
  CHECK(query(db, "SELECT article_id FROM versions GROUP BY article_id HAVING max(number) != count(*)").empty());
  CHECK(query(db, "SELECT a.id FROM versions a JOIN versions b ON b.article_id = a.article_id AND "
                  "b.number = a.number + 1 WHERE a.content_hash = b.content_hash AND b.rebaseline = 0")
            .empty());
  std::vector<std::string> versions = query(db, "SELECT count(*) FROM versions");
  MESSAGE("versions in the store: " << before << " before the kills, " << versions.front() << " after");
  CHECK(std::stoi(versions.front()) > std::stoi(before));

  auto after = testing::run_diffwire({"--db", db, "poll", "--all"});
  CHECK(after.status == 0);
  CHECK(after.out.find("errors 0") != std::string::npos);
  CHECK(query(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

TEST_CASE("feed --out and report killed with SIGKILL: the files are the old or the new, never partial") {
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    static std::atomic<int> n{0};
    int version = 1 + (++n / 20) % testing::story_versions();
    res.set_content(testing::render_story(version, static_cast<int>(req.path.size())), "text/html");
  });
  testing::TempDir dir;
  std::string db = dir.file("store.db");
  std::vector<std::string> track{"--db", db, "track"};
  for (int i = 0; i < 20; ++i) track.push_back(server.url("/story/" + std::to_string(i)));
  REQUIRE(testing::run_diffwire(track).status == 0);
  for (int i = 0; i < 4; ++i) REQUIRE(testing::run_diffwire({"--db", db, "poll", "--all"}).status == 0);
  std::string feed = dir.file("feed.xml"), site = dir.file("site");
  REQUIRE(testing::run_diffwire({"--db", db, "feed", "--out", feed}).status == 0);
  REQUIRE(testing::run_diffwire({"--db", db, "report", "--out", site}).status == 0);

  std::mt19937 rng(7);
  int killed = 0;
  for (int i = 0; i < 30; ++i) {
    if (i % 3 == 0) REQUIRE(testing::run_diffwire({"--db", db, "poll", "--all"}).status == 0);  // something new
    killed += run_and_kill({"--db", db, "feed", "--out", feed, "--limit", "500"}, rng, 40);
    killed += run_and_kill({"--db", db, "report", "--out", site}, rng, 60);
    CHECK(std::system(("xmllint --noout " + testing::shell_quote(feed)).c_str()) == 0);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(site)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".html") continue;
      std::string page = testing::read_text(entry.path().string());
      CHECK_MESSAGE(page.size() >= 15, entry.path().string());
      CHECK_MESSAGE(page.compare(page.size() - 8, 8, "</html>\n") == 0, entry.path().string());
    }
  }
  MESSAGE("feed and report killed mid-write " << killed << " times of 60");
  CHECK(killed > 0);
  // Runs left in peace afterwards write a whole report and feed, and clear what the killed ones left.
  REQUIRE(testing::run_diffwire({"--db", db, "report", "--out", site}).status == 0);
  REQUIRE(testing::run_diffwire({"--db", db, "feed", "--out", feed}).status == 0);
  CHECK(testing::read_text(site + "/index.html").find("</html>") != std::string::npos);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path()))
    CHECK_MESSAGE(entry.path().filename().string().find(".tmp.") == std::string::npos, entry.path().string());
  CHECK_FALSE(std::filesystem::exists(site + "/.diffwire-report.running"));
}
