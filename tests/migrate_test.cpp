#include "diffwire/migrate.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "diffwire/error.hpp"
#include "diffwire/store.hpp"
#include "postgres_cluster.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {

// A store with some of everything: a source and what it found, versions with their pages, a moved
// URL, a merge, checks with errors, hosts (one robots.txt with bytes PostgreSQL cannot hold), runs.
void fill(Store& s) {
  SourceRecord src;
  src.name = "courier";
  src.url = "https://news.example/feed.xml";
  src.added_at = 50;
  src.factor = 1.5;
  src.host_delay = 0.25;
  s.add_source(src);
  std::int64_t source = s.sources()[0].id;
  std::vector<Store::Mention> found;
  for (int i = 0; i < 30; ++i) found.push_back({"https://news.example/story/" + std::to_string(i), 60 + i});
  s.discover(found, source, 100);
  s.track("https://news.example/amp/story/0", 100);
  for (int round = 1; round <= 3; ++round) {
    std::vector<CheckResult> batch;
    for (int i = 0; i < 30; ++i) {
      auto id = s.article("https://news.example/story/" + std::to_string(i))->id;
      CheckResult r = testing::version_check(id, 1000 * round + i, "Story " + std::to_string(i) + " take " + std::to_string(round),
                                             {"Shared opening paragraph.", "Paragraph " + std::to_string(i) + " as of " + std::to_string(round)});
      r.new_version->page = StoredPage{"text/html", "HTTP/1.1 200 OK\r\n", "<p>page " + std::to_string(i * round) + "</p>\x01\xff", ""};
      r.new_version->classes = {"edited"};
      if (i == 3 && round == 2) {
        r.new_url = "https://news.example/story/3-renamed";
        r.new_url_reason = "rel=canonical";
        r.page_title = r.new_version->article.title;
      }
      batch.push_back(r);
    }
    s.record(batch);
  }
  auto amp = s.article("https://news.example/amp/story/0")->id;
  CheckResult merge = testing::version_check(amp, 5000, "Story 0 take 3", {"Shared opening paragraph."});
  merge.new_url = "https://news.example/story/0";
  merge.new_url_reason = "rel=canonical";
  merge.page_title = "Story 0 take 3";
  s.record({merge});
  CheckResult failed;
  failed.article_id = s.article("https://news.example/story/7")->id;
  failed.check = {6000, 503, 0, 12, CheckOutcome::error, "HTTP 503"};
  failed.next_check_at = 7000;
  failed.interval = 1000;
  failed.status = ArticleStatus::error;
  s.record({failed});
  HostRecord h;
  h.origin = "https://news.example:443";
  h.robots_status = 200;
  h.robots = std::string("User-agent: *\nDisallow: /private\n", 33);
  s.save_hosts({h});
  s.record_run(100, 160, "checked 30, unchanged 0, new versions 30, removed 0, errors 0");
}

// What every reader sees of a store, as one comparable text.
std::string everything(Store& s) {
  std::string out;
  for (const ArticleRecord& a : s.articles()) {
    out += a.url + " " + std::to_string(a.id) + " " + name_of(a.status) + " " + a.title + " " + a.source + " " +
           std::to_string(a.versions) + " " + std::to_string(a.next_check_at) + "\n";
    for (const VersionRecord& v : s.versions(a.id)) {
      out += "  v" + std::to_string(v.number) + " " + v.content_hash + " " + v.article.title + " " +
             std::to_string(v.fetched_at);
      for (const auto& p : v.article.paragraphs) out += " | " + p;
      if (auto page = s.page(a.id, v.number)) out += " page:" + page->body;
      out += "\n";
    }
    for (const CheckRecord& c : s.checks(a.id)) out += "  check " + std::to_string(c.checked_at) + " " + name_of(c.outcome) + " " + c.error + "\n";
    for (const EventRecord& e : s.events(a.id)) out += "  event " + std::string(name_of(e.kind)) + " " + e.detail + "\n";
  }
  for (const SourceRecord& src : s.sources())
    out += "source " + src.name + " " + std::to_string(src.articles) + " " + std::to_string(src.factor.value_or(0)) + "\n";
  for (const HostRecord& h : s.hosts()) out += "host " + h.origin + " " + h.robots + "\n";
  for (const VersionRef& r : s.feed_versions(std::nullopt, std::nullopt, "", 100))
    out += "feed " + r.url + " " + std::to_string(r.number) + "\n";
  if (auto run = s.last_run()) out += "run " + run->summary + "\n";
  return out;
}

}  // namespace

TEST_CASE("migrate SQLite to PostgreSQL and back: every row, verified by counts and content hashes") {
  testing::TempDir dir;
  std::string sqlite = dir.file("news.db"), postgresql = testing::fresh_postgres_database(), back = dir.file("back.db");
  {
    Store s = Store::open(sqlite);
    fill(s);
  }
  MigrateSummary there = migrate_store("sqlite:" + sqlite, postgresql);
  CHECK(there.verified());
  REQUIRE(there.tables.size() == 11);
  for (const TableCopy& t : there.tables) {
    CAPTURE(t.table);
    CHECK(t.rows_from == t.rows_to);
    CHECK(t.hash_from == t.hash_to);
  }
  auto rows = [&](const std::string& table) {
    for (const TableCopy& t : there.tables)
      if (t.table == table) return t.rows_to;
    return std::int64_t{-1};
  };
  CHECK(rows("articles") == 31);
  CHECK(rows("versions") == 30 * 3 + 1);
  CHECK(rows("pages") == 30 * 3);
  CHECK(rows("events") == 3);  // a URL change, a merge and its merged-in
  CHECK(describe(there).find("version_paragraphs") != std::string::npos);

  MigrateSummary home = migrate_store(postgresql, back);
  CHECK(home.verified());
  {
    Store a = Store::open(sqlite), b = Store::open(postgresql), c = Store::open(back);
    std::string original = everything(a);
    CHECK(original.size() > 3000);
    CHECK(everything(b) == original);
    CHECK(everything(c) == original);
    // The copy goes on from where the original was: new ids after the copied ones.
    CHECK(b.track("https://news.example/new", 9000));
    CHECK(b.article("https://news.example/new")->id > a.articles().back().id);
  }
}

TEST_CASE("migrate refuses a destination that holds a store, a missing source, and itself") {
  testing::TempDir dir;
  std::string sqlite = dir.file("news.db"), postgresql = testing::fresh_postgres_database();
  {
    Store s = Store::open(sqlite);
    fill(s);
  }
  migrate_store(sqlite, postgresql);
  CHECK_THROWS_WITH_AS(migrate_store(sqlite, postgresql), doctest::Contains("the destination is not empty"), Error);
  CHECK_THROWS_WITH_AS(migrate_store(sqlite, sqlite), doctest::Contains("onto itself"), Error);
  CHECK_THROWS_WITH_AS(migrate_store(testing::fresh_postgres_database(), dir.file("x.db")), doctest::Contains("no store"), Error);
}

TEST_CASE("diffwire migrate end to end: one line per table, exit 0; a bad destination is one line, exit 1") {
  testing::TempDir dir;
  std::string sqlite = dir.file("news.db"), postgresql = testing::fresh_postgres_database();
  {
    Store s = Store::open(sqlite);
    fill(s);
  }
  auto copied = testing::run_diffwire({"migrate", "--from", "sqlite:" + sqlite, "--to", postgresql});
  REQUIRE(copied.status == 0);
  CHECK(copied.out.find("copied " + sqlite + " → ") == 0);
  CHECK(copied.out.find("  articles                     31 rows") != std::string::npos);
  CHECK(copied.out.find("DIFFERS") == std::string::npos);
  CHECK(copied.out.find("verified: every table") != std::string::npos);
  auto again = testing::run_diffwire({"migrate", "--from", sqlite, "--to", postgresql});
  CHECK(again.status == 1);
  CHECK(again.err.find("diffwire: the destination is not empty: ") == 0);
  CHECK(std::count(again.err.begin(), again.err.end(), '\n') == 1);
  auto missing = testing::run_diffwire({"migrate", "--from", dir.file("none.db"), "--to", dir.file("y.db")});
  CHECK(missing.status == 1);
  CHECK(missing.err == "diffwire: no store: " + dir.file("none.db") + ": nothing to copy\n");
  CHECK_FALSE(std::filesystem::exists(dir.file("none.db")));
  // The copy answers as the original.
  auto log_sqlite = testing::run_diffwire({"--db", sqlite, "log", "https://news.example/story/3-renamed"});
  auto log_postgresql = testing::run_diffwire({"--db", postgresql, "log", "https://news.example/story/3"});
  CHECK(log_sqlite.status == 0);
  CHECK(log_sqlite.out == log_postgresql.out);
}

TEST_CASE("migrate: text PostgreSQL cannot hold arrives with U+FFFD, is counted, and still verifies") {
  testing::TempDir dir;
  std::string sqlite = dir.file("news.db"), postgresql = testing::fresh_postgres_database();
  {
    Store s = Store::open(sqlite);
    HostRecord h;
    h.origin = "https://news.example:443";
    h.robots_status = 200;
    const char robots[] = "User-agent: *\0Disallow: /\xff";
    h.robots = std::string(robots, sizeof robots - 1);
    s.save_hosts({h});
  }
  MigrateSummary summary = migrate_store(sqlite, postgresql);
  CHECK(summary.verified());
  CHECK(summary.replaced_texts == 1);
  CHECK(describe(summary).find("1 texts held bytes PostgreSQL cannot store") != std::string::npos);
  CHECK(Store::open(postgresql).hosts().at(0).robots == "User-agent: *\xEF\xBF\xBD" "Disallow: /\xEF\xBF\xBD");
}
