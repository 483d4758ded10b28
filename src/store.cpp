// All of diffwire's SQL, for both engines (src/sql.hpp): SQLite and PostgreSQL accept every
// statement here but the few marked "PostgreSQL:" or "SQLite:". A poll's results are written in one
// transaction per batch, because commit cost, not row count, dominates write time. Migrations are the
// embedded schema/ENGINE/NNN_*.sql files, applied in order and counted by the engine.
#include "diffwire/store.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <tuple>
#include <thread>
#include <vector>

#include "diffwire/change_classes.hpp"
#include "diffwire/error.hpp"
#include "embedded.hpp"
#include "sql.hpp"
#include "zstd.hpp"

namespace diffwire {

struct Store::Impl {
  explicit Impl(std::unique_ptr<Database> d) : db(std::move(d)) {}
  std::unique_ptr<Database> db;
};

namespace {

constexpr const char* kArticleColumns =
    "a.id, a.url, a.tracked, a.added_at, a.next_check_at, a.interval_s, a.last_changed_at, "
    "a.last_checked_at, a.status, a.last_error, a.etag, a.last_modified, a.body_hash, "
    "(SELECT count(*) FROM versions v WHERE v.article_id = a.id), "
    "(SELECT title FROM versions v WHERE v.article_id = a.id ORDER BY number DESC LIMIT 1), a.suspect_checks, "
    "src.name, src.first_interval_s, src.factor, src.retire_after_s, src.host_delay_s, coalesce(src.ignore_robots, 0)";

ArticleRecord read_article(const Statement& s) {
  ArticleRecord a;
  a.id = s.int_at(0);
  a.url = s.text_at(1);
  a.tracked = s.int_at(2) != 0;
  a.added_at = s.int_at(3);
  a.next_check_at = s.int_at(4);
  a.interval = s.int_at(5);
  a.last_changed_at = s.int_at(6);
  if (!s.null_at(7)) a.last_checked_at = s.int_at(7);
  a.status = s.text_at(8);
  a.last_error = s.text_at(9);
  a.etag = s.text_at(10);
  a.last_modified = s.text_at(11);
  a.body_hash = s.text_at(12);
  a.versions = static_cast<int>(s.int_at(13));
  a.title = s.text_at(14);
  a.suspect_checks = static_cast<int>(s.int_at(15));
  if (!s.null_at(16)) a.source = s.text_at(16);
  if (!s.null_at(17)) a.first_interval = s.int_at(17);
  if (!s.null_at(18)) a.factor = s.double_at(18);
  if (!s.null_at(19)) a.retire_after = s.int_at(19);
  if (!s.null_at(20)) a.host_delay = s.double_at(20);
  a.ignore_robots = s.int_at(21) != 0;
  return a;
}

std::string articles_query(const char* where) {
  return std::string("SELECT ") + kArticleColumns + " FROM articles a LEFT JOIN sources src ON src.id = a.source_id " +
         where;
}

// Statements with one placeholder group per row, for a batch of rows in one round trip: a networked
// store pays per statement, not per row. Chunks stay far below both engines' parameter limits.
constexpr std::size_t kRowsPerStatement = 300;

std::string placeholders(const char* group, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.append(i ? ", " : "").append(group);
  return out;
}

constexpr const char* kVersionColumns =
    "id, number, fetched_at, final_url, title, byline, published, modified, content_hash, extractor, "
    "added, removed, changed, rebaseline, moved, classes, coalesce(reverted_to, 0) FROM versions ";

std::optional<std::string> maybe(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

namespace {
// PostgreSQL: two pollers' transactions that crossed are rolled back whole; run ours again.
template <typename Work>
void retry_conflicts(Work work) {
  for (int attempt = 1;; ++attempt) {
    try {
      work();
      return;
    } catch (const Conflict&) {
      if (attempt == 5) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    }
  }
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& target, bool create) {
  auto impl = std::make_unique<Impl>(open_database(target));
  Database& db = *impl->db;
  bool postgresql = db.engine() == Engine::postgresql;
  const auto& migrations = postgresql ? postgresql_migrations() : sqlite_migrations();
  int current = db.schema_version();
  if (current == 0 && !create) throw Error("no store", db.name(), "nothing tracked yet (start with: diffwire track URL)");
  if (current > static_cast<int>(migrations.size()))
    throw Error("cannot open store", db.name(),
                "schema version " + std::to_string(current) + " is newer than this diffwire (" +
                    std::to_string(migrations.size()) + "); upgrade diffwire");
  while (current < static_cast<int>(migrations.size())) {
    // Re-read inside the write transaction: another diffwire may have migrated in the meantime.
    // PostgreSQL: an advisory lock makes the others wait here (SQLite's BEGIN IMMEDIATE does that).
    Transaction tx(db);
    if (postgresql) db.exec("SELECT pg_advisory_xact_lock(7306230)");
    current = db.schema_version();
    if (current >= static_cast<int>(migrations.size())) break;
    db.exec(std::string(migrations[current].text));
    db.set_schema_version(current + 1);
    tx.commit();
    ++current;
  }
  return Store(std::move(impl));
}

int Store::schema_version() { return impl_->db->schema_version(); }

Engine Store::engine() const { return impl_->db->engine(); }
const std::string& Store::name() const { return impl_->db->name(); }

namespace {

void add_event(Database& db, std::int64_t article_id, Seconds at, const char* kind, const std::string& detail) {
  db.prepare("INSERT INTO events (article_id, at, kind, detail) VALUES (?, ?, ?, ?)")
      .bind(1, article_id).bind(2, at).bind(3, std::string(kind)).bind(4, detail).run();
}

void set_alias(Database& db, const std::string& url, std::int64_t article_id, Seconds since) {
  db.prepare("INSERT INTO url_aliases (url, article_id, since) VALUES (?, ?, ?) "
             "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id, since = excluded.since")
      .bind(1, url).bind(2, article_id).bind(3, since).run();
}

// See CheckResult::new_url. Inside record()'s transaction, after the check itself is written.
void apply_new_url(Database& db, const CheckResult& r) {
  const std::string& to = *r.new_url;
  Seconds at = r.check.checked_at;
  Statement& self = db.prepare("SELECT url FROM articles WHERE id = ?");
  self.bind(1, r.article_id);
  if (!self.step()) {
    self.reset();
    return;
  }
  std::string from = self.text_at(0);
  self.reset();
  Statement& owner = db.prepare(
      "SELECT id, url FROM articles WHERE url = ?1 UNION ALL "
      "SELECT a.id, a.url FROM url_aliases u JOIN articles a ON a.id = u.article_id WHERE u.url = ?1 LIMIT 1");
  owner.bind(1, to);
  std::optional<std::pair<std::int64_t, std::string>> other;
  if (owner.step()) other = {owner.int_at(0), owner.text_at(1)};
  owner.reset();
  std::string why = " (" + r.new_url_reason + ")";
  if (!other) {
    db.prepare("UPDATE articles SET url = ? WHERE id = ?").bind(1, to).bind(2, r.article_id).run();
    set_alias(db, from, r.article_id, at);
    add_event(db, r.article_id, at, "url-changed", from + " → " + to + why);
    return;
  }
  if (other->first == r.article_id) return;
  // The same story only if the article already there reads as this page does (or has not been read):
  // a site that points every page's canonical at its front page must not merge its stories.
  Statement& title = db.prepare("SELECT title FROM versions WHERE article_id = ? ORDER BY number DESC LIMIT 1");
  title.bind(1, other->first);
  bool same = !title.step() || title.text_at(0) == r.page_title;
  title.reset();
  if (!same) return;
  db.prepare("UPDATE articles SET tracked = 0, status = 'merged', last_error = ? WHERE id = ?")
      .bind(1, "same story as " + other->second + why).bind(2, r.article_id).run();
  set_alias(db, from, other->first, at);
  add_event(db, r.article_id, at, "merged", "same story as " + other->second + why);
  add_event(db, other->first, at, "merged-in", from + " is the same story" + why);
}

}  // namespace

bool Store::track(const std::string& url, Seconds now) {
  if (alias_of(url)) return false;  // a former URL of an article already tracked
  Database& db = *impl_->db;
  Transaction tx(db);
  // A new article is due at once: its first fetch is the baseline version. Tracking an untracked or
  // retired article again resumes it the same way.
  db.prepare("INSERT INTO articles (url, added_at, next_check_at, interval_s, last_changed_at) "
             "VALUES (?1, ?2, ?2, 600, ?2) "
             "ON CONFLICT (url) DO UPDATE SET tracked = 1, next_check_at = ?2, interval_s = 600, last_changed_at = ?2, "
             "status = CASE articles.status WHEN 'retired' THEN 'ok' ELSE articles.status END "
             "WHERE articles.tracked = 0 OR articles.status = 'retired'")
      .bind(1, url).bind(2, now).run();
  bool added = db.changes() > 0;
  tx.commit();
  return added;
}

bool Store::untrack(const std::string& url) {
  Database& db = *impl_->db;
  db.prepare("UPDATE articles SET tracked = 0 WHERE url = ? AND tracked = 1").bind(1, url).run();
  return db.changes() > 0;
}

std::vector<ArticleRecord> Store::articles() {
  static const std::string sql = articles_query("WHERE a.tracked = 1 ORDER BY a.url");
  Statement& s = impl_->db->prepare(sql.c_str());
  std::vector<ArticleRecord> out;
  while (s.step()) out.push_back(read_article(s));
  s.reset();
  return out;
}

namespace {
// The article a bound statement of articles_query() finds, if any; the statement is reset.
std::optional<ArticleRecord> read_one_article(Statement& s) {
  std::optional<ArticleRecord> out;
  if (s.step()) out = read_article(s);
  s.reset();
  return out;
}
}  // namespace

std::optional<ArticleRecord> Store::tracked_article(std::int64_t id) {
  static const std::string sql = articles_query("WHERE a.id = ? AND a.tracked = 1");
  return read_one_article(impl_->db->prepare(sql.c_str()).bind(1, id));
}

std::optional<ArticleRecord> Store::article(const std::string& url) {
  static const std::string sql = articles_query("WHERE a.url = ?");
  std::optional<ArticleRecord> out = read_one_article(impl_->db->prepare(sql.c_str()).bind(1, url));
  // A former URL, or a duplicate merged into another article: the article it belongs to now.
  if (!out || out->status == "merged")
    if (std::optional<std::string> moved = alias_of(url); moved && *moved != url) return article(*moved);
  return out;
}

std::optional<std::string> Store::alias_of(const std::string& url) {
  Statement& s = impl_->db->prepare(
      "SELECT a.url FROM url_aliases u JOIN articles a ON a.id = u.article_id WHERE u.url = ?");
  s.bind(1, url);
  std::optional<std::string> out;
  if (s.step()) out = s.text_at(0);
  s.reset();
  return out;
}

std::vector<EventRecord> Store::events(std::int64_t article_id) {
  Statement& s = impl_->db->prepare("SELECT at, kind, detail FROM events WHERE article_id = ? ORDER BY at, id");
  s.bind(1, article_id);
  std::vector<EventRecord> out;
  while (s.step()) out.push_back({s.int_at(0), s.text_at(1), s.text_at(2)});
  s.reset();
  return out;
}

std::size_t Store::count_due(Seconds now, bool all) {
  Statement& s = impl_->db->prepare(
      all ? "SELECT count(*) FROM articles WHERE tracked = 1 AND CAST(?1 AS BIGINT) IS NOT NULL"
          : "SELECT count(*) FROM articles WHERE tracked = 1 AND status != 'retired' AND next_check_at <= ?1");
  s.bind(1, now);
  s.step();
  auto n = static_cast<std::size_t>(s.int_at(0));
  s.reset();
  return n;
}

std::vector<ArticleRecord> Store::claim(const std::string& owner, Seconds now, bool all, std::size_t limit,
                                        Seconds wall_now, Seconds lease_until) {
  // One statement: pick and lease. PostgreSQL: rows another poll has locked (is leasing right now)
  // are skipped, and a row leased and committed meanwhile is re-checked and left out. SQLite: the
  // write transaction is the store's only writer.
  // Due articles come from the partial index articles_due_live, whose condition the query repeats
  // word for word so that both planners use it; --all reads every tracked article.
  auto pick = [](const char* which, const char* lock) {
    return std::string("UPDATE articles SET lease_owner = ?1, lease_until = ?2 WHERE id IN (SELECT id FROM articles WHERE ") +
           which + " AND lease_until <= ?4 AND coalesce(lease_owner, '') != ?1 ORDER BY next_check_at, id LIMIT ?5" + lock +
           ") RETURNING id";
  };
  static const char* due = "tracked = 1 AND status != 'retired' AND next_check_at <= ?3";
  static const char* every = "tracked = 1 AND CAST(?3 AS BIGINT) IS NOT NULL";
  static const std::string sqlite_due = pick(due, ""), sqlite_all = pick(every, ""),
                           postgresql_due = pick(due, " FOR UPDATE SKIP LOCKED"),
                           postgresql_all = pick(every, " FOR UPDATE SKIP LOCKED");
  Database& db = *impl_->db;
  std::vector<ArticleRecord> out;
  retry_conflicts([&] {
    out.clear();
    Transaction tx(db);
    // What this poll still holds from earlier batches (in flight, or waiting to be recorded) is
    // renewed with each claim: a lease runs out only when its poll stops claiming.
    db.prepare("UPDATE articles SET lease_until = ?2 WHERE lease_owner = ?1 AND lease_until > 0")
        .bind(1, owner).bind(2, lease_until).run();
    bool postgresql = db.engine() == Engine::postgresql;
    const std::string& sql = postgresql ? (all ? postgresql_all : postgresql_due) : (all ? sqlite_all : sqlite_due);
    Statement& lease = db.prepare(sql.c_str());
    lease.bind(1, owner).bind(2, lease_until).bind(3, now).bind(4, wall_now).bind(5, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> ids;
    while (lease.step()) ids.push_back(lease.int_at(0));
    lease.reset();
    if (!ids.empty()) {
      auto s = db.statement(articles_query(("WHERE a.id IN (" + placeholders("?", ids.size()) + ")").c_str()));
      for (std::size_t i = 0; i < ids.size(); ++i) s->bind(static_cast<int>(i + 1), ids[i]);
      while (s->step()) out.push_back(read_article(*s));
    }
    tx.commit();
  });
  // In the order they were due (RETURNING's order is the engine's).
  std::sort(out.begin(), out.end(), [](const ArticleRecord& a, const ArticleRecord& b) {
    return std::tie(a.next_check_at, a.id) < std::tie(b.next_check_at, b.id);
  });
  return out;
}

void Store::release(const std::string& owner) {
  impl_->db->prepare("UPDATE articles SET lease_until = 0 WHERE lease_owner = ? AND lease_until > 0").bind(1, owner).run();
}

namespace {
std::vector<VersionRecord> load_versions(Database& db, Statement& s) {
  std::vector<std::pair<std::int64_t, VersionRecord>> rows;
  while (s.step()) {
    VersionRecord v;
    v.number = static_cast<int>(s.int_at(1));
    v.fetched_at = s.int_at(2);
    v.final_url = s.text_at(3);
    v.article.title = s.text_at(4);
    v.article.byline = s.text_at(5);
    v.article.published = s.text_at(6);
    v.article.modified = s.text_at(7);
    v.content_hash = s.text_at(8);
    v.article.method = s.text_at(9);
    v.stats = {static_cast<int>(s.int_at(10)), static_cast<int>(s.int_at(11)), static_cast<int>(s.int_at(12)),
               static_cast<int>(s.int_at(14))};
    v.rebaseline = s.int_at(13) != 0;
    v.classes = split_classes(s.text_at(15));
    v.reverted_to = static_cast<int>(s.int_at(16));
    rows.emplace_back(s.int_at(0), std::move(v));
  }
  s.reset();
  Statement& p = db.prepare(
      "SELECT p.text FROM version_paragraphs vp JOIN paragraphs p ON p.id = vp.paragraph_id "
      "WHERE vp.version_id = ? ORDER BY vp.position");
  std::vector<VersionRecord> out;
  for (auto& [id, v] : rows) {
    p.bind(1, id);
    while (p.step()) v.article.paragraphs.push_back(p.text_at(0));
    p.reset();
    out.push_back(std::move(v));
  }
  return out;
}
}  // namespace

std::optional<VersionRecord> Store::latest_version(std::int64_t article_id) {
  static const std::string sql = std::string("SELECT ") + kVersionColumns +
                                 "WHERE article_id = ? ORDER BY number DESC LIMIT 1";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, article_id);
  auto v = load_versions(*impl_->db, s);
  return v.empty() ? std::nullopt : std::optional<VersionRecord>(std::move(v.front()));
}

std::optional<VersionRecord> Store::version(std::int64_t article_id, int number) {
  static const std::string sql = std::string("SELECT ") + kVersionColumns + "WHERE article_id = ? AND number = ?";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, article_id).bind(2, static_cast<std::int64_t>(number));
  auto v = load_versions(*impl_->db, s);
  return v.empty() ? std::nullopt : std::optional<VersionRecord>(std::move(v.front()));
}

std::vector<VersionRecord> Store::versions(std::int64_t article_id) {
  static const std::string sql = std::string("SELECT ") + kVersionColumns + "WHERE article_id = ? ORDER BY number";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, article_id);
  return load_versions(*impl_->db, s);
}

std::vector<CheckRecord> Store::checks(std::int64_t article_id) {
  Statement& s = impl_->db->prepare(
      "SELECT checked_at, http_status, bytes, duration_ms, outcome, coalesce(error, '') FROM checks "
      "WHERE article_id = ? ORDER BY checked_at, id");
  s.bind(1, article_id);
  std::vector<CheckRecord> out;
  while (s.step())
    out.push_back({s.int_at(0), static_cast<long>(s.int_at(1)), s.int_at(2), s.int_at(3), s.text_at(4), s.text_at(5)});
  s.reset();
  return out;
}

namespace {
// Rows of (article id, URL, version number), read and the statement reset.
std::vector<VersionRef> read_refs(Statement& s) {
  std::vector<VersionRef> out;
  while (s.step()) out.push_back({s.int_at(0), s.text_at(1), static_cast<int>(s.int_at(2))});
  s.reset();
  return out;
}
}  // namespace

std::vector<VersionRef> Store::feed_versions(std::optional<std::int64_t> article_id, std::optional<std::int64_t> source_id,
                                             const std::string& change_class, int limit) {
  Statement& s = impl_->db->prepare(
      "SELECT v.article_id, a.url, v.number FROM versions v JOIN articles a ON a.id = v.article_id "
      "WHERE v.number > 1 AND v.rebaseline = 0 AND (CAST(?1 AS BIGINT) IS NULL OR v.article_id = ?1) AND "
      "(CAST(?2 AS BIGINT) IS NULL OR a.source_id = ?2) AND (?3 = '' OR (' ' || v.classes || ' ') LIKE ('% ' || ?3 || ' %')) "
      "ORDER BY v.fetched_at DESC, v.id DESC LIMIT ?4");
  s.bind(1, article_id).bind(2, source_id).bind(3, change_class).bind(4, static_cast<std::int64_t>(limit));
  return read_refs(s);
}

std::vector<VersionRef> Store::changes_since(Seconds since, const std::string& change_class, int limit) {
  Statement& s = impl_->db->prepare(
      "SELECT v.article_id, a.url, v.number FROM versions v JOIN articles a ON a.id = v.article_id "
      "WHERE v.number > 1 AND v.rebaseline = 0 AND v.fetched_at >= ?1 AND "
      "(?2 = '' OR (' ' || v.classes || ' ') LIKE ('% ' || ?2 || ' %')) "
      "ORDER BY v.fetched_at DESC, v.id DESC LIMIT ?3");
  s.bind(1, since).bind(2, change_class).bind(3, static_cast<std::int64_t>(limit));
  return read_refs(s);
}

std::map<std::int64_t, int> Store::change_counts() {
  Statement& s = impl_->db->prepare(
      "SELECT article_id, count(*) FROM versions WHERE number > 1 AND rebaseline = 0 GROUP BY article_id");
  std::map<std::int64_t, int> out;
  while (s.step()) out[s.int_at(0)] = static_cast<int>(s.int_at(1));
  s.reset();
  return out;
}

namespace {
// The largest page diffwire ever stores is the fetch cap (8 MiB); anything bigger in the store is damage.
constexpr std::size_t kMaxStoredPage = 64 << 20;

// Each distinct paragraph text is stored once; the ids of `texts`, in order: one lookup and one
// insert of what is new, per chunk.
std::vector<std::int64_t> paragraph_ids(Database& db, const std::vector<std::string>& texts) {
  std::map<std::string, std::int64_t> ids;
  std::vector<const std::string*> unique;
  for (const std::string& t : texts)
    if (ids.emplace(t, 0).second) unique.push_back(&t);
  bool postgresql = db.engine() == Engine::postgresql;
  for (std::size_t start = 0; start < unique.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, unique.size() - start);
    // PostgreSQL indexes md5(text): a b-tree entry cannot hold a long paragraph.
    auto find = db.statement(postgresql ? "SELECT id, text FROM paragraphs WHERE md5(text) IN (" + placeholders("md5(?)", n) + ")"
                                        : "SELECT id, text FROM paragraphs WHERE text IN (" + placeholders("?", n) + ")");
    for (std::size_t i = 0; i < n; ++i) find->bind(static_cast<int>(i + 1), *unique[start + i]);
    while (find->step())
      if (auto it = ids.find(find->text_at(1)); it != ids.end()) it->second = find->int_at(0);
    std::vector<const std::string*> missing;
    for (std::size_t i = start; i < start + n; ++i)
      if (ids[*unique[i]] == 0) missing.push_back(unique[i]);
    if (missing.empty()) continue;
    auto add = db.statement("INSERT INTO paragraphs (text) VALUES " + placeholders("(?)", missing.size()) + " RETURNING id, text");
    for (std::size_t i = 0; i < missing.size(); ++i) add->bind(static_cast<int>(i + 1), *missing[i]);
    while (add->step())
      if (auto it = ids.find(add->text_at(1)); it != ids.end()) it->second = add->int_at(0);
  }
  std::vector<std::int64_t> out;
  for (const std::string& t : texts) {
    std::int64_t& id = ids[t];
    if (id == 0) {  // text the engine stored differently (PostgreSQL: no NUL, valid UTF-8): by itself
      Statement& add = db.prepare("INSERT INTO paragraphs (text) VALUES (?) RETURNING id");
      add.bind(1, t);
      add.step();
      id = add.int_at(0);
      add.reset();
    }
    out.push_back(id);
  }
  return out;
}

std::int64_t insert_version(Database& db, std::int64_t article_id, const VersionRecord& v) {
  // The same text as a version before the latest one: the story went back to it.
  std::vector<std::string> classes = v.classes;
  std::optional<std::int64_t> reverted_to;
  if (!v.rebaseline) {
    Statement& earlier = db.prepare(
        "SELECT max(number) FROM versions WHERE article_id = ?1 AND content_hash = ?2 AND rebaseline = 0 AND "
        "number < (SELECT max(number) FROM versions WHERE article_id = ?1)");
    earlier.bind(1, article_id).bind(2, v.content_hash);
    if (earlier.step() && !earlier.null_at(0)) reverted_to = earlier.int_at(0);
    earlier.reset();
    if (reverted_to) classes.push_back("reverted");
  }
  Statement& insert = db.prepare(
        "INSERT INTO versions (article_id, number, fetched_at, final_url, title, byline, published, "
        "modified, content_hash, extractor, added, removed, changed, rebaseline, moved, classes, reverted_to) "
        "VALUES (?1, (SELECT coalesce(max(number), 0) + 1 FROM versions WHERE article_id = ?1), "
        "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id")
      .bind(1, article_id).bind(2, v.fetched_at).bind(3, v.final_url).bind(4, v.article.title)
      .bind(5, v.article.byline).bind(6, v.article.published).bind(7, v.article.modified)
      .bind(8, v.content_hash).bind(9, v.article.method)
      .bind(10, static_cast<std::int64_t>(v.stats.added)).bind(11, static_cast<std::int64_t>(v.stats.removed))
      .bind(12, static_cast<std::int64_t>(v.stats.changed)).bind(13, static_cast<std::int64_t>(v.rebaseline))
      .bind(14, static_cast<std::int64_t>(v.stats.moved)).bind(15, join_classes(classes)).bind(16, reverted_to);
  insert.step();
  std::int64_t version_id = insert.int_at(0);
  insert.reset();
  std::vector<std::int64_t> paragraphs = paragraph_ids(db, v.article.paragraphs);
  for (std::size_t start = 0; start < paragraphs.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, paragraphs.size() - start);
    auto add = db.statement("INSERT INTO version_paragraphs (version_id, position, paragraph_id) VALUES " +
                            placeholders("(?, ?, ?)", n));
    for (std::size_t i = 0; i < n; ++i)
      add->bind(static_cast<int>(3 * i + 1), version_id)
          .bind(static_cast<int>(3 * i + 2), static_cast<std::int64_t>(start + i))
          .bind(static_cast<int>(3 * i + 3), paragraphs[start + i]);
    add->run();
  }
  if (v.page) {
    db.prepare("INSERT INTO pages (version_id, content_type, headers, body_size, body) VALUES (?, ?, ?, ?, ?)")
        .bind(1, version_id).bind(2, v.page->content_type).bind(3, v.page->headers)
        .bind(4, static_cast<std::int64_t>(v.page->body.size()))
        .bind_blob(5, v.page->compressed.empty() ? zstd_compress(v.page->body) : v.page->compressed).run();
  }
  return version_id;
}
}  // namespace

std::optional<StoredPage> Store::page(std::int64_t article_id, int number) {
  Statement& s = impl_->db->prepare(
      "SELECT p.content_type, p.headers, p.body FROM pages p JOIN versions v ON v.id = p.version_id "
      "WHERE v.article_id = ?1 AND v.number <= ?2 AND NOT EXISTS (SELECT 1 FROM versions w WHERE "
      "w.article_id = ?1 AND w.number > v.number AND w.number <= ?2 AND w.rebaseline = 0) "
      "ORDER BY v.number DESC LIMIT 1");
  s.bind(1, article_id).bind(2, static_cast<std::int64_t>(number));
  std::optional<StoredPage> out;
  if (s.step()) {
    StoredPage p{s.text_at(0), s.text_at(1), "", ""};
    std::string compressed = s.blob_at(2);
    s.reset();
    p.body = zstd_decompress(compressed, kMaxStoredPage);
    out = std::move(p);
  }
  s.reset();
  return out;
}

void Store::record_rebaseline(std::int64_t article_id, const VersionRecord& version) {
  Transaction tx(*impl_->db);
  insert_version(*impl_->db, article_id, version);
  tx.commit();
}

namespace {
// The version the check made (or re-baselined), the article's new state, its URL: all but the check
// row itself, which record() writes for the whole batch at once.
std::optional<std::int64_t> record_one(Database& db, const CheckResult& r) {
  std::optional<std::int64_t> version_id;
  if (r.rebaseline) version_id = insert_version(db, r.article_id, *r.rebaseline);
  if (r.new_version) version_id = insert_version(db, r.article_id, *r.new_version);
  const CheckRecord& c = r.check;
  db.prepare(
        "UPDATE articles SET last_checked_at = ?2, next_check_at = ?3, interval_s = ?4, status = ?5, "
        "last_error = ?6, etag = coalesce(?7, etag), last_modified = coalesce(?8, last_modified), "
        "body_hash = coalesce(?9, body_hash), "
        "last_changed_at = CASE WHEN ?10 THEN ?2 ELSE last_changed_at END, suspect_checks = ?11, lease_until = 0 "
        "WHERE id = ?1")
      .bind(1, r.article_id).bind(2, c.checked_at).bind(3, r.next_check_at).bind(4, r.interval)
      .bind(5, r.status).bind(6, maybe(c.error)).bind(7, r.etag).bind(8, r.last_modified)
      .bind(9, r.body_hash).bind(10, static_cast<std::int64_t>(r.new_version.has_value()))
      .bind(11, static_cast<std::int64_t>(r.suspect_checks)).run();
  if (r.new_url) apply_new_url(db, r);
  return version_id;
}

// Who holds each article of a batch now (its lease owner, "" for none), in one query per chunk.
std::map<std::int64_t, std::string> lease_owners(Database& db, const std::vector<CheckResult>& results) {
  std::map<std::int64_t, std::string> out;
  std::vector<std::int64_t> ids;
  for (const CheckResult& r : results)
    if (!r.lease.empty()) ids.push_back(r.article_id);
  for (std::size_t start = 0; start < ids.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, ids.size() - start);
    auto s = db.statement("SELECT id, coalesce(lease_owner, '') FROM articles WHERE id IN (" + placeholders("?", n) + ")");
    for (std::size_t i = 0; i < n; ++i) s->bind(static_cast<int>(i + 1), ids[start + i]);
    while (s->step()) out[s->int_at(0)] = s->text_at(1);
  }
  return out;
}

void insert_checks(Database& db, const std::vector<std::pair<const CheckResult*, std::optional<std::int64_t>>>& rows) {
  for (std::size_t start = 0; start < rows.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, rows.size() - start);
    auto add = db.statement(
        "INSERT INTO checks (article_id, checked_at, http_status, bytes, duration_ms, outcome, error, version_id) VALUES " +
        placeholders("(?, ?, ?, ?, ?, ?, ?, ?)", n));
    for (std::size_t i = 0; i < n; ++i) {
      const CheckResult& r = *rows[start + i].first;
      const CheckRecord& c = r.check;
      int k = static_cast<int>(8 * i);
      add->bind(k + 1, r.article_id).bind(k + 2, c.checked_at).bind(k + 3, static_cast<std::int64_t>(c.http_status))
          .bind(k + 4, c.bytes).bind(k + 5, c.duration_ms).bind(k + 6, c.outcome).bind(k + 7, maybe(c.error))
          .bind(k + 8, rows[start + i].second);
    }
    add->run();
  }
}
}  // namespace

void Store::record(const std::vector<CheckResult>& results) {
  if (results.empty()) return;
  Database& db = *impl_->db;
  retry_conflicts([&] {
    Transaction tx(db);
    std::map<std::int64_t, std::string> owners = lease_owners(db, results);
    std::vector<std::pair<const CheckResult*, std::optional<std::int64_t>>> checks;
    for (const CheckResult& r : results) {
      // Another poll claimed the article after this poll's lease ran out: its check counts, not ours.
      if (!r.lease.empty() && owners[r.article_id] != r.lease) continue;
      checks.emplace_back(&r, record_one(db, r));
    }
    insert_checks(db, checks);
    tx.commit();
  });
}

// --- sources ---------------------------------------------------------------------------------------

namespace {

constexpr const char* kSourceColumns =
    "s.id, s.name, s.url, s.include_re, s.exclude_re, s.period_s, s.added_at, s.next_check_at, "
    "s.last_checked_at, s.last_new_at, s.kind, s.status, s.last_error, s.etag, s.last_modified, s.body_hash, "
    "(SELECT count(*) FROM articles a WHERE a.source_id = s.id AND a.tracked = 1), s.first_interval_s, s.factor, "
    "s.retire_after_s, s.host_delay_s, s.ignore_robots FROM sources s ";

SourceRecord read_source_row(const Statement& s) {
  SourceRecord r;
  r.id = s.int_at(0);
  r.name = s.text_at(1);
  r.url = s.text_at(2);
  r.include = s.text_at(3);
  r.exclude = s.text_at(4);
  r.period = s.int_at(5);
  r.added_at = s.int_at(6);
  r.next_check_at = s.int_at(7);
  if (!s.null_at(8)) r.last_checked_at = s.int_at(8);
  if (!s.null_at(9)) r.last_new_at = s.int_at(9);
  r.kind = s.text_at(10);
  r.status = s.text_at(11);
  r.last_error = s.text_at(12);
  if (!s.null_at(13)) r.etag = s.text_at(13);
  if (!s.null_at(14)) r.last_modified = s.text_at(14);
  if (!s.null_at(15)) r.body_hash = s.text_at(15);
  r.articles = static_cast<int>(s.int_at(16));
  if (!s.null_at(17)) r.first_interval = s.int_at(17);
  if (!s.null_at(18)) r.factor = s.double_at(18);
  if (!s.null_at(19)) r.retire_after = s.int_at(19);
  if (!s.null_at(20)) r.host_delay = s.double_at(20);
  r.ignore_robots = s.int_at(21) != 0;
  return r;
}

std::vector<SourceRecord> read_sources(Statement& s) {
  std::vector<SourceRecord> out;
  while (s.step()) out.push_back(read_source_row(s));
  s.reset();
  return out;
}

}  // namespace

bool Store::add_source(const SourceRecord& r) {
  Database& db = *impl_->db;
  db.prepare("INSERT INTO sources (name, url, include_re, exclude_re, period_s, added_at, next_check_at, "
             "first_interval_s, factor, retire_after_s, host_delay_s, ignore_robots) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (name) DO NOTHING")
      .bind(1, r.name).bind(2, r.url).bind(3, r.include).bind(4, r.exclude).bind(5, r.period).bind(6, r.added_at)
      .bind(7, r.first_interval).bind(8, r.factor).bind(9, r.retire_after).bind(10, r.host_delay)
      .bind(11, static_cast<std::int64_t>(r.ignore_robots)).run();
  return db.changes() > 0;
}

bool Store::remove_source(const std::string& name) {
  Database& db = *impl_->db;
  Transaction tx(db);
  db.prepare("UPDATE articles SET source_id = NULL WHERE source_id = (SELECT id FROM sources WHERE name = ?)")
      .bind(1, name).run();
  db.prepare("DELETE FROM sources WHERE name = ?").bind(1, name).run();
  bool removed = db.changes() > 0;
  tx.commit();
  return removed;
}

std::vector<SourceRecord> Store::sources() {
  static const std::string sql = std::string("SELECT ") + kSourceColumns + "ORDER BY s.name";
  return read_sources(impl_->db->prepare(sql.c_str()));
}

std::vector<SourceRecord> Store::due_sources(Seconds now, bool all) {
  static const std::string sql =
      std::string("SELECT ") + kSourceColumns + "WHERE ?2 OR s.next_check_at <= ?1 ORDER BY s.next_check_at, s.id";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, now).bind(2, static_cast<std::int64_t>(all));
  return read_sources(s);
}

std::vector<Discovery> Store::discover(const std::vector<Mention>& mentions, std::int64_t source_id, Seconds now,
                                       std::size_t max_new) {
  Database& db = *impl_->db;
  Transaction tx(db);
  std::vector<Discovery> out;
  std::size_t added = 0;
  for (const Mention& m : mentions) {
    std::string url = alias_of(m.url).value_or(m.url);
    Statement& find = db.prepare(
        "SELECT id, tracked, status, last_checked_at, source_updated, next_check_at FROM articles WHERE url = ?");
    find.bind(1, url);
    if (!find.step()) {
      find.reset();
      if (added >= max_new) {
        out.push_back(Discovery::deferred);
        continue;
      }
      ++added;
      db.prepare("INSERT INTO articles (url, added_at, next_check_at, interval_s, last_changed_at, source_id, "
                 "source_updated) VALUES (?1, ?2, ?2, 600, ?2, ?3, ?4)")
          .bind(1, url).bind(2, now).bind(3, source_id).bind(4, m.updated).run();
      out.push_back(Discovery::added);
      continue;
    }
    std::int64_t id = find.int_at(0);
    bool tracked = find.int_at(1) != 0;
    std::string status = find.text_at(2);
    Seconds last_checked = find.null_at(3) ? 0 : find.int_at(3);
    std::optional<Seconds> known_update;
    if (!find.null_at(4)) known_update = find.int_at(4);
    Seconds next_check = find.int_at(5);
    find.reset();
    bool newer = m.updated && (!known_update || *m.updated > *known_update);
    if (newer)
      db.prepare("UPDATE articles SET source_updated = ? WHERE id = ?").bind(1, m.updated).bind(2, id).run();
    if (!tracked) {
      out.push_back(Discovery::untracked);  // the user's choice stands
    } else if (status == "retired") {
      db.prepare("UPDATE articles SET status = 'ok', next_check_at = ?2, interval_s = 600, last_changed_at = ?2 "
                 "WHERE id = ?1")
          .bind(1, id).bind(2, now).run();
      out.push_back(Discovery::reactivated);
    } else if (newer && *m.updated > last_checked && next_check > now) {
      db.prepare("UPDATE articles SET next_check_at = ?2 WHERE id = ?1").bind(1, id).bind(2, now).run();
      out.push_back(Discovery::refreshed);
    } else {
      out.push_back(Discovery::known);
    }
  }
  tx.commit();
  return out;
}

void Store::record_source_check(const SourceCheck& c) {
  impl_->db->prepare("UPDATE sources SET last_checked_at = ?2, next_check_at = ?3, status = ?4, last_error = ?5, "
               "kind = CASE WHEN ?6 = '' THEN kind ELSE ?6 END, etag = coalesce(?7, etag), "
               "last_modified = coalesce(?8, last_modified), body_hash = coalesce(?9, body_hash), "
               "last_new_at = CASE WHEN ?10 THEN ?2 ELSE last_new_at END WHERE id = ?1")
      .bind(1, c.source_id).bind(2, c.checked_at).bind(3, c.next_check_at).bind(4, c.status).bind(5, maybe(c.error))
      .bind(6, c.kind).bind(7, c.etag).bind(8, c.last_modified).bind(9, c.body_hash)
      .bind(10, static_cast<std::int64_t>(c.found_new)).run();
}

// --- hosts -----------------------------------------------------------------------------------------

std::vector<HostRecord> Store::hosts() {
  Statement& s = impl_->db->prepare(
      "SELECT origin, robots_status, robots, robots_error, robots_expires_at, backoff_until, backoff_reason FROM hosts");
  std::vector<HostRecord> out;
  while (s.step())
    out.push_back({s.text_at(0), static_cast<long>(s.int_at(1)), s.text_at(2), s.text_at(3), s.int_at(4), s.int_at(5), s.text_at(6)});
  s.reset();
  return out;
}

void Store::save_hosts(const std::vector<HostRecord>& hosts) {
  if (hosts.empty()) return;
  Database& db = *impl_->db;
  Transaction tx(db);
  for (const HostRecord& h : hosts)
    db.prepare("INSERT INTO hosts (origin, robots_status, robots, robots_error, robots_expires_at, "
               "backoff_until, backoff_reason) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET "
               "robots_status = excluded.robots_status, robots = excluded.robots, robots_error = excluded.robots_error, "
               "robots_expires_at = excluded.robots_expires_at, backoff_until = excluded.backoff_until, "
               "backoff_reason = excluded.backoff_reason")
        .bind(1, h.origin).bind(2, static_cast<std::int64_t>(h.robots_status)).bind(3, h.robots).bind(4, h.robots_error)
        .bind(5, h.robots_expires_at).bind(6, h.backoff_until).bind(7, h.backoff_reason).run();
  tx.commit();
}

// --- runs and health --------------------------------------------------------------------------------

void Store::record_run(Seconds started_at, Seconds finished_at, const std::string& summary) {
  impl_->db->prepare("INSERT INTO runs (started_at, finished_at, summary) VALUES (?, ?, ?)")
      .bind(1, started_at).bind(2, finished_at).bind(3, summary).run();
}

std::optional<Store::Run> Store::last_run() {
  Statement& s = impl_->db->prepare("SELECT started_at, finished_at, summary FROM runs ORDER BY id DESC LIMIT 1");
  std::optional<Run> out;
  if (s.step()) out = Run{s.int_at(0), s.int_at(1), s.text_at(2)};
  s.reset();
  return out;
}

Store::Health Store::health(Seconds now, Seconds since) {
  Health h;
  Statement& counts = impl_->db->prepare(
      "SELECT coalesce(sum(CASE WHEN tracked = 1 AND status != 'retired' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN tracked = 1 AND status != 'retired' AND next_check_at <= ?1 THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN tracked = 1 AND status = 'retired' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN tracked = 0 THEN 1 ELSE 0 END), 0), "
      "(SELECT count(*) FROM sources) FROM articles");
  counts.bind(1, now);
  if (counts.step()) {
    h.tracked = static_cast<int>(counts.int_at(0));
    h.due = static_cast<int>(counts.int_at(1));
    h.retired = static_cast<int>(counts.int_at(2));
    h.untracked = static_cast<int>(counts.int_at(3));
    h.sources = static_cast<int>(counts.int_at(4));
  }
  counts.reset();
  Statement& errors = impl_->db->prepare(
      "SELECT a.url, count(*) FROM checks c JOIN articles a ON a.id = c.article_id "
      "WHERE c.checked_at >= ? AND c.error IS NOT NULL AND c.outcome NOT IN ('suspect', 'removed') GROUP BY a.url");
  errors.bind(1, since);
  while (errors.step()) h.errors_by_url.push_back({errors.text_at(0), static_cast<int>(errors.int_at(1))});
  errors.reset();
  return h;
}

}  // namespace diffwire
