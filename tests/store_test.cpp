#include "diffwire/store.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "diffwire/error.hpp"
#include "base/embedded.hpp"
#include "postgres_cluster.hpp"
#include "store/sql.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
CheckResult new_version(std::int64_t id, Seconds t, std::vector<std::string> paragraphs, std::string title = "T") {
  CheckResult r = testing::version_check(id, t, std::move(title), std::move(paragraphs));
  r.check = {t, 200, 1000, 12, CheckOutcome::new_version, ""};
  r.new_version->article.method = "dom";
  r.new_version->content_hash = std::string("h").append(std::to_string(t));
  r.new_version->stats = {1, 0, 0};
  r.etag = "\"e1\"";
  r.body_hash = std::string("b").append(std::to_string(t));
  return r;
}

// A check of article `id` at `t`: unchanged, next due at `next`; by the poll `lease` if one is given.
CheckResult checked(std::int64_t id, Seconds t, Seconds next, std::string lease = "") {
  CheckResult r;
  r.article_id = id;
  r.check = {t, 200, 0, 0, CheckOutcome::unchanged, ""};
  r.next_check_at = next;
  r.interval = next - t;
  r.status = ArticleStatus::ok;
  r.lease = std::move(lease);
  return r;
}

std::int64_t count(const std::string& target, const char* sql) {
  auto db = open_database(target);
  auto s = db->statement(sql);
  s->step();
  return s->int_at(0);
}
}  // namespace

TEST_CASE("migrations run once, in order, and are counted, on both engines") {
  testing::TempDir dir;
  for (const std::string& target : testing::store_targets(dir.file("s.db"))) {
    CAPTURE(target);
    bool postgresql = is_postgresql(target);
    int expected = static_cast<int>((postgresql ? postgresql_migrations() : sqlite_migrations()).size());
    {
      Store s = Store::open(target);
      CHECK(s.schema_version() == expected);
      CHECK((s.name().rfind("postgresql:", 0) == 0) == postgresql);  // the engine the target named
    }
    Store again = Store::open(target);  // reopening applies nothing twice (would fail on CREATE TABLE)
    CHECK(again.schema_version() == expected);
  }
  CHECK(postgresql_migrations().size() == sqlite_migrations().size());  // one twin per migration
  auto db = open_database(dir.file("s.db"));
  auto mode = db->statement("PRAGMA journal_mode");
  mode->step();
  CHECK(mode->text_at(0) == "wal");
}

TEST_CASE("both engines' migrations make the same tables with the same columns") {
  testing::TempDir dir;
  std::string sqlite = dir.file("s.db"), postgresql = testing::fresh_postgres_database();
  Store::open(sqlite);
  Store::open(postgresql);
  auto columns = [](const std::string& target, const std::string& sql) {
    std::set<std::string> out;
    auto db = open_database(target);
    auto s = db->statement(sql);
    while (s->step()) out.insert(s->text_at(0) + "." + s->text_at(1) + (s->int_at(2) ? " not null" : ""));
    return out;
  };
  std::set<std::string> in_sqlite = columns(
      sqlite, "SELECT m.name, p.name, p.\"notnull\" OR p.pk > 0 FROM sqlite_master m JOIN pragma_table_info(m.name) p "
              "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
  std::set<std::string> in_postgresql = columns(
      postgresql, "SELECT table_name, column_name, CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END "
                  "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name != 'diffwire_schema'");
  CHECK(in_sqlite.size() > 60);
  for (const std::string& c : in_sqlite) CHECK_MESSAGE(in_postgresql.count(c), c);
  for (const std::string& c : in_postgresql) CHECK_MESSAGE(in_sqlite.count(c), c);
}

TEST_CASE("several diffwires opening a new PostgreSQL store at once migrate it once") {
  std::string target = testing::fresh_postgres_database();
  std::vector<std::thread> openers;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i)
    openers.emplace_back([&] {
      try {
        Store::open(target);
      } catch (const Error& e) {
        MESSAGE(std::string(e.what()));
        ++failures;
      }
    });
  for (auto& t : openers) t.join();
  CHECK(failures == 0);
  CHECK(Store::open(target).schema_version() == static_cast<int>(postgresql_migrations().size()));
}

TEST_CASE("a reader's open never creates a store") {
  testing::TempDir dir;
  std::string target = testing::fresh_postgres_database();
  CHECK_THROWS_WITH_AS(Store::open(target, OpenMode::must_exist), doctest::Contains("no store"), Error);
  CHECK_THROWS_WITH_AS(Store::open(target, OpenMode::read_only), doctest::Contains("no store"), Error);
  CHECK(count(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()") == 0);
  Store::open(target);
  CHECK(Store::open(target, OpenMode::must_exist).schema_version() > 0);
  std::string file = dir.file("sub/none.db");
  CHECK_THROWS_WITH_AS(Store::open(file, OpenMode::read_only), doctest::Contains("no store"), Error);
  CHECK_FALSE(std::filesystem::exists(dir.file("sub")));
  Store::open(file, OpenMode::create);  // with its directory
  CHECK(std::filesystem::exists(file));
}

TEST_CASE("a store opened read-only refuses every write, on both engines") {
  testing::TempDir dir;
  for (const std::string& target : testing::store_targets(dir.file("s.db"))) {
    if (target == ":memory:") continue;
    CAPTURE(target);
    Store::open(target).track("https://example.org/a", 100);
    Store reader = Store::open(target, OpenMode::read_only);
    CHECK(reader.articles().size() == 1);
    CHECK_THROWS_AS(reader.track("https://example.org/b", 100), Error);
    CHECK_THROWS_AS(reader.untrack("https://example.org/a"), Error);
    CHECK(Store::open(target).articles().size() == 1);
  }
}

TEST_CASE("a store from a newer diffwire, or a file that is no store, is refused with its path") {
  testing::TempDir dir;
  std::string path = dir.file("future.db");
  open_database(path)->exec("PRAGMA user_version = 999");
  CHECK_THROWS_WITH_AS(Store::open(path), doctest::Contains("newer than this diffwire"), Error);
  std::string junk = dir.file("junk.db");
  testing::write_text(junk, std::string(4096, 'x'));
  CHECK_THROWS_WITH_AS(Store::open(junk), doctest::Contains(junk.c_str()), Error);
  CHECK(testing::read_text(junk) == std::string(4096, 'x'));  // nothing written to a file that is not ours
}

TEST_CASE("track, untrack and track again keep one article and its history") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    CHECK(s.track("https://example.org/a", 100));
    CHECK_FALSE(s.track("https://example.org/a", 200));
    auto a = s.article("https://example.org/a");
    REQUIRE(a);
    CHECK(a->next_check_at == 100);  // due at once: the first fetch is the baseline
    s.record({new_version(a->id, 150, {"p1", "p2"})});
    REQUIRE(s.tracked_article(a->id));
    CHECK(s.tracked_article(a->id)->url == "https://example.org/a");
    CHECK(s.untrack("https://example.org/a"));
    CHECK_FALSE(s.untrack("https://example.org/a"));
    CHECK(s.articles().empty());
    CHECK_FALSE(s.tracked_article(a->id));  // as articles(): the tracked ones
    CHECK(s.count_due(10'000, true) == 0);
    CHECK(s.track("https://example.org/a", 300));
    auto back = s.article("https://example.org/a");
    CHECK(back->id == a->id);
    CHECK(back->versions == 1);
  }
}

TEST_CASE("versions round-trip; each distinct paragraph is stored once") {
  testing::TempDir dir;
  for (const std::string& path : testing::store_targets(dir.file("s.db"))) {
    CAPTURE(path);
    Store s = Store::open(path);
    s.track("https://example.org/a", 100);
    s.track("https://example.org/b", 100);
    auto a = s.article("https://example.org/a")->id, b = s.article("https://example.org/b")->id;
    s.record({new_version(a, 200, {"shared", "one", "two"}), new_version(b, 200, {"shared", "other"})});
    s.record({new_version(a, 300, {"shared", "one", "two", "three"}, "T2")});
    auto versions = s.versions(a);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].number == 1);
    CHECK(versions[1].number == 2);
    CHECK(versions[1].article.paragraphs == std::vector<std::string>{"shared", "one", "two", "three"});
    CHECK(versions[1].article.title == "T2");
    CHECK(versions[1].fetched_at == 300);
    CHECK(s.latest_version(a)->number == 2);
    CHECK(s.version(a, 1)->article.paragraphs.size() == 3);
    CHECK_FALSE(s.version(a, 3));
    auto art = s.article("https://example.org/a");
    CHECK(art->etag == "\"e1\"");
    CHECK(art->last_changed_at == 300);
    CHECK(art->title == "T2");
    CHECK(s.checks(a).size() == 2);
    auto recent = s.feed_versions(std::nullopt, std::nullopt, "", 10);
    REQUIRE(recent.size() == 1);  // only changes (version 2+) are feed items
    CHECK(recent[0].number == 2);
    CHECK(count(path, "SELECT count(*) FROM paragraphs") == 5);  // shared, one, two, other, three
    CHECK(count(path, "SELECT count(*) FROM version_paragraphs") == 3 + 2 + 4);
  }
}

TEST_CASE("an article's whole history is read in a few statements, however many versions it has") {
  testing::TempDir dir;
  for (const std::string& path : testing::store_targets(dir.file("s.db"))) {
    CAPTURE(path);
    Store s = Store::open(path);
    s.track("https://example.org/a", 100);
    auto a = s.article("https://example.org/a")->id;
    for (int n = 0; n < 40; ++n) s.record({new_version(a, 200 + n, {"shared", "paragraph " + std::to_string(n)})});
    std::uint64_t before = s.statements_run();
    std::vector<VersionRecord> versions = s.versions(a);
    REQUIRE(versions.size() == 40);
    CHECK(versions[39].article.paragraphs == std::vector<std::string>{"shared", "paragraph 39"});
    CHECK(s.statements_run() - before <= 3);  // the versions, then their paragraphs (not one query per version)
  }
}

TEST_CASE("PostgreSQL: a re-baseline racing a poll's new version takes the next number instead of failing") {
  std::string target = testing::fresh_postgres_database();
  Store s = Store::open(target);
  s.track("https://example.org/a", 100);
  auto a = s.article("https://example.org/a")->id;
  s.record({new_version(a, 200, {"one"})});
  // A poll's transaction has added version 2 and not committed yet.
  auto poll = open_database(target);
  poll->begin();
  poll->statement("INSERT INTO versions (article_id, number, fetched_at, final_url, title, byline, published, modified, "
                  "content_hash, extractor, added, removed, changed, rebaseline) "
                  "VALUES (" + std::to_string(a) + ", 2, 300, '', 'T', '', '', '', 'h2', 'dom@4', 0, 0, 0, 0)")->run();
  VersionRecord rb = *s.latest_version(a);
  rb.rebaseline = true;
  rb.content_hash = "rb";
  std::string failure;
  std::thread reextract([&] {
    try {
      s.record_rebaseline(a, rb);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  // Wait (no clock: a generous hang guard) until the re-baseline waits on the poll's row, then commit it.
  auto watch = open_database(target);
  bool waiting = false;
  for (int i = 0; i < 6000 && !waiting; ++i) {
    auto q = watch->statement("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
    waiting = q->step() && q->int_at(0) > 0;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(waiting);
  poll->commit();
  reextract.join();
  CHECK(failure == "");
  std::vector<VersionRecord> versions = s.versions(a);
  REQUIRE(versions.size() == 3);
  CHECK(versions[1].content_hash == "h2");
  CHECK(versions[2].rebaseline);
  CHECK(versions[2].content_hash == "rb");
}

TEST_CASE("due articles follow next_check_at; retired ones only with --all") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    s.track("https://example.org/a", 100);
    s.track("https://example.org/b", 100);
    auto a = s.article("https://example.org/a")->id;
    CheckResult r = checked(a, 150, 1000);
    r.status = ArticleStatus::retired;
    s.record({r});
    CHECK(s.count_due(500, false) == 1);
    CHECK(s.count_due(5000, false) == 1);  // a is retired
    CHECK(s.count_due(5000, true) == 2);
    CHECK(s.track("https://example.org/a", 6000));  // tracking a retired article resumes it
    CHECK(s.article("https://example.org/a")->status == ArticleStatus::ok);
    CHECK(s.count_due(6000, false) == 2);
  }
}

TEST_CASE("sources: added once, due by their period, removed without losing their articles") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    SourceRecord src;
    src.name = "top";
    src.url = "https://news.example/feed.xml";
    src.period = 900;
    src.added_at = 100;
    CHECK(s.add_source(src));
    CHECK_FALSE(s.add_source(src));  // the name is taken
    REQUIRE(s.sources().size() == 1);
    std::int64_t id = s.sources()[0].id;
    CHECK(s.due_sources(100, false).size() == 1);
    s.record_source_check({id, 100, 1000, SourceStatus::ok, "", "rss", "\"e\"", std::nullopt, "h1", true});
    CHECK(s.due_sources(500, false).empty());
    CHECK(s.due_sources(500, true).size() == 1);
    SourceRecord after = s.sources()[0];
    CHECK(after.kind == "rss");
    CHECK(after.etag == "\"e\"");
    CHECK(after.last_new_at == 100);
    s.record_source_check({id, 1000, 1900, SourceStatus::not_modified, "", "", std::nullopt, std::nullopt, std::nullopt, false});
    after = s.sources()[0];
    CHECK(after.kind == "rss");           // kept
    CHECK(after.etag == "\"e\"");         // kept
    CHECK(after.last_new_at == 100);      // kept
    CHECK(after.status == SourceStatus::not_modified);

    CHECK(s.discover({{"https://news.example/a", std::nullopt}}, id, 1000) == std::vector<Discovery>{Discovery::added});
    CHECK(s.sources()[0].articles == 1);
    CHECK(s.remove_source("top"));
    CHECK_FALSE(s.remove_source("top"));
    CHECK(s.article("https://news.example/a")->tracked);
  }
}

TEST_CASE("discover: new, known, refreshed by a newer update, reactivated, and untracked stays untracked") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    SourceRecord src;
    src.name = "top";
    src.url = "https://news.example/feed.xml";
    src.added_at = 100;
    s.add_source(src);
    std::int64_t id = s.sources()[0].id;
    const std::string a = "https://news.example/a", b = "https://news.example/b", c = "https://news.example/c";
    CHECK(s.discover({{a, 500}, {b, std::nullopt}}, id, 1000) == std::vector<Discovery>{Discovery::added, Discovery::added});
    CHECK(s.article(a)->next_check_at == 1000);  // due at once: the first fetch is the baseline
    // Checked at 1100, next check at 5000.
    for (const std::string& u : {a, b}) {
      CheckResult r = checked(s.article(u)->id, 1100, 5000);
      r.status = u == b ? ArticleStatus::retired : ArticleStatus::ok;
      s.record({r});
    }
    // The same update again, and an older one: nothing to do.
    CHECK(s.discover({{a, 500}}, id, 1200) == std::vector<Discovery>{Discovery::known});
    CHECK(s.discover({{a, 400}}, id, 1200) == std::vector<Discovery>{Discovery::known});
    // Updated after the last check: due now.
    CHECK(s.discover({{a, 1150}}, id, 1200) == std::vector<Discovery>{Discovery::refreshed});
    CHECK(s.article(a)->next_check_at == 1200);
    CHECK(s.count_due(1200, false) == 1);
    // A retired article that reappears comes back.
    CHECK(s.discover({{b, std::nullopt}}, id, 1300) == std::vector<Discovery>{Discovery::reactivated});
    CHECK(s.article(b)->status == ArticleStatus::ok);
    CHECK(s.article(b)->next_check_at == 1300);
    // An article the user untracked is not tracked again by a source.
    s.track(c, 100);
    s.untrack(c);
    CHECK(s.discover({{c, 2000}}, id, 2100) == std::vector<Discovery>{Discovery::untracked});
    CHECK_FALSE(s.article(c)->tracked);
  }
}

namespace {
CheckResult claim(std::int64_t id, Seconds t, const std::string& to, const std::string& title) {
  CheckResult r = new_version(id, t, {"One paragraph."}, title);
  r.new_url = to;
  r.new_url_reason = "rel=canonical";
  r.page_title = title;
  return r;
}
}  // namespace

TEST_CASE("identity: an article moves to the URL its page claims; the old URL still finds it") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    s.track("https://example.org/amp/story", 100);
    auto id = s.article("https://example.org/amp/story")->id;
    s.record({claim(id, 200, "https://example.org/story", "Story")});
    CHECK(s.article("https://example.org/story")->id == id);
    CHECK(s.article("https://example.org/amp/story")->id == id);  // by its former URL
    CHECK(s.alias_of("https://example.org/amp/story") == "https://example.org/story");
    CHECK_FALSE(s.track("https://example.org/amp/story", 300));   // already tracked, as the new URL
    auto events = s.events(id);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == EventKind::url_changed);
    CHECK(events[0].detail == "https://example.org/amp/story → https://example.org/story (rel=canonical)");
  }
}

TEST_CASE("identity: the same story under two URLs merges into one; a different story does not") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    s.track("https://example.org/story", 100);
    s.track("https://example.org/amp/story", 100);
    s.track("https://example.org/other", 100);
    auto main = s.article("https://example.org/story")->id;
    auto amp = s.article("https://example.org/amp/story")->id;
    auto other = s.article("https://example.org/other")->id;
    s.record({new_version(main, 200, {"One paragraph."}, "Story")});
    s.record({claim(amp, 210, "https://example.org/story", "Story")});
    auto merged = *s.article("https://example.org/amp/story");  // the alias leads to the main article
    CHECK(merged.id == main);
    CHECK(s.articles().size() == 2);  // the duplicate is no longer tracked
    CHECK(s.events(amp).at(0).kind == EventKind::merged);
    CHECK(s.events(main).at(0).detail == "https://example.org/amp/story is the same story (rel=canonical)");
    // A page whose canonical points at a different story (another title) is not merged into it.
    s.record({claim(other, 220, "https://example.org/story", "Another story entirely")});
    CHECK(s.article("https://example.org/other")->tracked);
    CHECK(s.events(other).empty());
  }
}

TEST_CASE("a version's moved paragraphs are counted and kept") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    s.track("https://example.org/a", 0);
    auto id = s.article("https://example.org/a")->id;
    CheckResult r = new_version(id, 100, {"One.", "Two."});
    r.new_version->stats = {0, 0, 0, 1};
    s.record({r});
    CHECK(s.latest_version(id)->stats.moved == 1);
  }
}

TEST_CASE("a version that repeats an earlier text is marked reverted, with the version it repeats") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    s.track("https://example.org/a", 0);
    auto id = s.article("https://example.org/a")->id;
    s.record({new_version(id, 100, {"First text."})});
    CheckResult second = new_version(id, 200, {"Second text."});
    second.new_version->content_hash = "other";
    second.new_version->classes = {"edited"};
    s.record({second});
    CheckResult back = new_version(id, 300, {"First text."});
    back.new_version->content_hash = s.version(id, 1)->content_hash;
    back.new_version->classes = {"edited"};
    s.record({back});
    auto v3 = s.version(id, 3);
    CHECK(v3->classes == std::vector<std::string>{"edited", "reverted"});
    CHECK(v3->reverted_to == 1);
    CHECK(s.version(id, 2)->reverted_to == 0);
    CHECK(s.version(id, 2)->classes == std::vector<std::string>{"edited"});
  }
}

TEST_CASE("leases: a claimed article is no other poll's until its lease runs out, and a late result is dropped") {
  for (const std::string& target : testing::store_targets()) {
    CAPTURE(target);
    Store s = Store::open(target);
    for (int i = 0; i < 5; ++i) s.track("https://example.org/" + std::to_string(i), 100 + i);
    CHECK(s.count_due(200, false) == 5);
    // wall clock 1000; leases until 1600.
    auto a = s.claim("poll-a", 200, false, 3, 1000, 1600);
    REQUIRE(a.size() == 3);
    CHECK(a[0].url == "https://example.org/0");  // in the order they fell due
    CHECK(a[2].url == "https://example.org/2");
    auto b = s.claim("poll-b", 200, false, 10, 1000, 1600);
    REQUIRE(b.size() == 2);  // only what a does not hold
    CHECK(b[0].url == "https://example.org/3");
    CHECK(s.claim("poll-c", 200, false, 10, 1599, 2200).empty());  // every lease still live
    // a records two of its three, then dies; its third article comes free when the lease runs out.
    s.record({checked(a[0].id, 210, 900, "poll-a"), checked(a[1].id, 210, 900, "poll-a")});
    CHECK(s.count_due(300, false) == 3);
    auto c = s.claim("poll-c", 300, false, 10, 1600, 2200);
    REQUIRE(c.size() == 3);  // a's third (lease over) and b's two (lease over too)
    CHECK(c[0].id == a[2].id);
    // A result from a poll whose lease ran out and was taken is dropped: c's check counts.
    s.record({checked(a[2].id, 320, 5000, "poll-a")});
    CHECK(s.checks(a[2].id).empty());
    s.record({checked(a[2].id, 330, 900, "poll-c")});
    CHECK(s.checks(a[2].id).size() == 1);
    // With --all, a poll never takes again what it checked in its pass; another poll may.
    auto again = s.claim("poll-c", 400, true, 10, 2300, 2900);
    for (const auto& r : again) CHECK(r.id != a[2].id);
    // release gives back what a poll holds and has not recorded.
    s.release("poll-c");
    CHECK(s.claim("poll-d", 400, true, 10, 2300, 2900).size() == 5);
  }
}

TEST_CASE("PostgreSQL: eight pollers claiming at once never claim one article twice") {
  std::string target = testing::fresh_postgres_database();
  {
    Store s = Store::open(target);
    std::vector<Store::Mention> mentions;
    SourceRecord src;
    src.name = "all";
    src.url = "https://example.org/feed";
    s.add_source(src);
    for (int i = 0; i < 600; ++i) mentions.push_back({"https://example.org/story/" + std::to_string(i), std::nullopt});
    s.discover(mentions, s.sources()[0].id, 100);
  }
  std::mutex mutex;
  std::map<std::int64_t, int> claimed;
  std::vector<std::thread> pollers;
  std::atomic<int> failures{0};
  for (int p = 0; p < 8; ++p)
    pollers.emplace_back([&, p] {
      try {
        Store s = Store::open(target);
        std::string owner = "poll-" + std::to_string(p);
        for (;;) {
          auto batch = s.claim(owner, 200, false, 7, 1000, 1600);
          if (batch.empty()) break;
          std::vector<CheckResult> results;
          for (const auto& a : batch) results.push_back(checked(a.id, 210, 5000, owner));
          s.record(results);
          std::lock_guard<std::mutex> hold(mutex);
          for (const auto& a : batch) ++claimed[a.id];
        }
      } catch (const Error& e) {
        MESSAGE(std::string(e.what()));
        ++failures;
      }
    });
  for (auto& t : pollers) t.join();
  CHECK(failures == 0);
  CHECK(claimed.size() == 600);
  int twice = 0;
  for (const auto& [id, n] : claimed) twice += n > 1;
  CHECK(twice == 0);
  CHECK(count(target, "SELECT count(*) FROM checks") == 600);
}
