// What the store's files (src/store/*.cpp, one per aggregate) share: the Store's insides, how an
// article row is read, statements with one placeholder group per row, the conflict retry, and the
// one function that writes a version. Private to src/store/.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "diffwire/schedule.hpp"
#include "diffwire/store.hpp"
#include "store/sql.hpp"

namespace diffwire {

struct Store::Impl {
  explicit Impl(std::unique_ptr<Database> d) : db(std::move(d)) {}
  std::unique_ptr<Database> db;
};

// An article row: its columns (with its version count, latest title and its source's overrides),
// read into an ArticleRecord.
inline constexpr const char* kArticleColumns =
    "a.id, a.url, a.tracked, a.added_at, a.next_check_at, a.interval_s, a.last_changed_at, "
    "a.last_checked_at, a.status, a.last_error, a.etag, a.last_modified, a.body_hash, "
    "(SELECT count(*) FROM versions v WHERE v.article_id = a.id), "
    "(SELECT title FROM versions v WHERE v.article_id = a.id ORDER BY number DESC LIMIT 1), a.suspect_checks, "
    "src.name, src.first_interval_s, src.factor, src.retire_after_s, src.host_delay_s, coalesce(src.ignore_robots, 0), "
    "a.refused_url, a.refused_url_at";

ArticleRecord read_article(const Statement& s);
std::string articles_query(const char* where);  // SELECT kArticleColumns FROM articles a … `where`

// The interval a new, resumed or reactivated article starts from: the schedule's, not the store's.
inline constexpr Seconds kFirstInterval = ScheduleRules{}.first_interval;

// Statements with one placeholder group per row, for a batch of rows in one round trip: a networked
// store pays per statement, not per row. Chunks stay far below both engines' parameter limits.
inline constexpr std::size_t kRowsPerStatement = 300;
std::string placeholders(const char* group, std::size_t n);

inline std::optional<std::string> maybe(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

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

// Writes a version of an article (numbered after its latest), its paragraphs and its page; a
// version that repeats an earlier text is marked reverted. Inside the caller's transaction.
std::int64_t insert_version(Database& db, std::int64_t article_id, const VersionRecord& v);

}  // namespace diffwire
