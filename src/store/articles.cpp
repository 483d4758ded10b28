// Articles and their leases: tracking, finding an article by any of its URLs, its events, and how
// pollers claim the due ones (one statement picks and leases, FOR UPDATE SKIP LOCKED on PostgreSQL).
#include <algorithm>
#include <map>
#include <vector>

#include "diffwire/store.hpp"
#include "store/store_impl.hpp"
#include <tuple>

namespace diffwire {

bool Store::track(const std::string& url, Seconds now) {
  if (alias_of(url)) return false;  // a former URL of an article already tracked
  Database& db = *impl_->db;
  Transaction tx(db);
  // A new article is due at once: its first fetch is the baseline version. Tracking an untracked or
  // retired article again resumes it the same way.
  db.prepare("INSERT INTO articles (url, added_at, next_check_at, interval_s, last_changed_at) "
             "VALUES (?1, ?2, ?2, ?3, ?2) "
             "ON CONFLICT (url) DO UPDATE SET tracked = 1, next_check_at = ?2, interval_s = ?3, last_changed_at = ?2, "
             "status = CASE articles.status WHEN 'retired' THEN 'ok' ELSE articles.status END "
             "WHERE articles.tracked = 0 OR articles.status = 'retired'")
      .bind(1, url).bind(2, now).bind(3, kFirstInterval).run();
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
  if (!out || out->status == ArticleStatus::merged)
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
  while (s.step()) out.push_back({s.int_at(0), event_kind_named(s.text_at(1)), s.text_at(2)});
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

}  // namespace diffwire
