// The store: tracked articles, every distinct version, and every check — in one SQLite file (WAL), or
// in a PostgreSQL database that several pollers share. The engines stay private (src/sql.hpp); this
// header speaks in diffwire's own types.
#pragma once
#include <cstdint>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diffwire/article.hpp"
#include "diffwire/diff.hpp"
#include "diffwire/timefmt.hpp"

namespace diffwire {

struct ArticleRecord {
  std::int64_t id = 0;
  std::string url;
  bool tracked = true;
  Seconds added_at = 0, next_check_at = 0, interval = 0, last_changed_at = 0;
  std::optional<Seconds> last_checked_at;
  std::string status;  // new, ok, removed, error, retired
  std::string last_error, etag, last_modified, body_hash;
  int versions = 0;
  std::string title;  // of the latest version
  int suspect_checks = 0;  // consecutive suspect extractions (collapse guard)
  std::string source;      // the source that found it, "" when tracked by hand
  // Its source's schedule and politeness overrides (nullopt: the poll's).
  std::optional<Seconds> first_interval, retire_after;
  std::optional<double> factor, host_delay;
  bool ignore_robots = false;
};

// The response a version was extracted from, kept so that a newer extractor can re-read it.
struct StoredPage {
  std::string content_type, headers, body;
  std::string compressed;  // body as a zstd frame, when a poll worker made it already ("" otherwise)
};

struct VersionRecord {
  int number = 0;
  Seconds fetched_at = 0;
  std::string final_url;
  Article article;  // normalised; article.method holds the extractor that produced it
  std::string content_hash;
  DiffStats stats;  // against the previous version
  bool rebaseline = false;  // recorded because the extractor changed, not the article: not a change
  std::vector<std::string> classes;  // what kind of change (change_classes.hpp); the store adds "reverted"
  int reverted_to = 0;               // "reverted": the earlier version whose text this repeats
  std::optional<StoredPage> page;  // written with the version; read back with Store::page()
};

struct CheckRecord {
  Seconds checked_at = 0;
  long http_status = 0;
  std::int64_t bytes = 0, duration_ms = 0;
  std::string outcome, error;
};

// Everything one check of one article changes; record() applies a batch in one transaction.
struct CheckResult {
  std::int64_t article_id = 0;
  CheckRecord check;
  std::optional<VersionRecord> rebaseline;   // recorded first, when the extractor changed
  std::optional<VersionRecord> new_version;  // number is assigned by the store
  int suspect_checks = 0;                    // the article's count after this check
  Seconds next_check_at = 0, interval = 0;
  std::string status;
  std::optional<std::string> etag, last_modified, body_hash;  // set on a 200
  // The page says it is another URL of the same site (rel=canonical, og:url, a redirect): the
  // article moves there, or merges into the article already there when that one has this title.
  std::optional<std::string> new_url;
  std::string new_url_reason, page_title;
  // The poll's lease owner (Store::claim): recorded only while this poll still holds the article.
  // Empty: recorded whatever the lease (one poll, tests).
  std::string lease;
};

struct EventRecord {
  Seconds at = 0;
  std::string kind, detail;  // url-changed, merged, merged-in
};

// A feed, sitemap or section page whose articles are tracked automatically (sources.hpp).
struct SourceRecord {
  std::int64_t id = 0;
  std::string name, url, include, exclude;  // include/exclude: ECMAScript regexes, "" for none
  Seconds period = 15 * 60, added_at = 0, next_check_at = 0;
  std::optional<Seconds> last_checked_at, last_new_at;
  std::string kind, status = "new", last_error;
  std::optional<std::string> etag, last_modified, body_hash;
  int articles = 0;  // tracked articles it found
  // Schedule overrides for the articles it found (nullopt: the defaults).
  std::optional<Seconds> first_interval, retire_after;
  std::optional<double> factor;
  // Politeness for it and its articles.
  std::optional<double> host_delay;
  bool ignore_robots = false;
};

// What diffwire remembers of one origin between polls (polite_fetcher.hpp).
struct HostRecord {
  std::string origin;       // scheme://host:port
  long robots_status = 0;   // 0: robots.txt did not answer
  std::string robots;       // its first 500 KiB
  std::string robots_error; // why it did not answer
  Seconds robots_expires_at = 0, backoff_until = 0;
  std::string backoff_reason;
};

// What one check of a source changes.
struct SourceCheck {
  std::int64_t source_id = 0;
  Seconds checked_at = 0, next_check_at = 0;
  std::string status, error, kind;
  std::optional<std::string> etag, last_modified, body_hash;  // kept when nullopt
  bool found_new = false;
};

// What a source's mention of an article did.
// `deferred`: a new article past the pass's cap, tracked on a later pass.
enum class Discovery { added, refreshed, reactivated, known, untracked, deferred };

struct VersionRef {  // a change (version 2 or later) somewhere in the store, for feeds
  std::int64_t article_id = 0;
  std::string url;
  int number = 0;
};

enum class Engine { sqlite, postgresql };

class Store {
 public:
  // A file path (or "sqlite:PATH"; ":memory:" for tests) or a "postgresql://…" URL. Applies the
  // migrations the store lacks. With create = false, a store that does not exist yet is an error
  // ("no store") and nothing is created.
  static Store open(const std::string& target, bool create = true);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version();
  Engine engine() const;
  const std::string& name() const;  // the file, or the URL without its password
  bool track(const std::string& url, Seconds now);  // false when already tracked (and not retired)
  bool untrack(const std::string& url);             // false when not tracked
  std::vector<ArticleRecord> articles();            // tracked ones, by URL
  std::optional<ArticleRecord> article(const std::string& url);  // by its URL or a former one
  std::optional<ArticleRecord> tracked_article(std::int64_t id);  // one of articles(), by id
  // The URL of the article a former URL now belongs to; nullopt when url is no alias.
  std::optional<std::string> alias_of(const std::string& url);
  std::vector<EventRecord> events(std::int64_t article_id);
  // How many articles are due at `now` (with `all`, every tracked one); Store::claim hands them out.
  std::size_t count_due(Seconds now, bool all);
  // Leases (several pollers on one store): claims up to `limit` of the articles due at `now` (with
  // `all`, every tracked one) that no live lease holds and `owner` has not checked yet, for `owner`
  // until `lease_until` (wall clock, Unix seconds: `wall_now` says when that is now). PostgreSQL
  // skips rows another poll is claiming at that moment (FOR UPDATE SKIP LOCKED), so two polls never
  // claim one article. The results a poll records carry its owner (CheckResult::lease); a result
  // whose article another poll has claimed since is dropped.
  std::vector<ArticleRecord> claim(const std::string& owner, Seconds now, bool all, std::size_t limit, Seconds wall_now,
                                   Seconds lease_until);
  void release(const std::string& owner);  // gives back what owner claimed and has not recorded
  std::optional<VersionRecord> latest_version(std::int64_t article_id);
  std::optional<VersionRecord> version(std::int64_t article_id, int number);
  std::vector<VersionRecord> versions(std::int64_t article_id);
  std::vector<CheckRecord> checks(std::int64_t article_id);
  // The page version `number` was read from: its own, or for a re-baseline the page it re-read.
  // nullopt for versions stored before pages were kept.
  std::optional<StoredPage> page(std::int64_t article_id, int number);
  // Records a re-baseline for an article outside a poll (diffwire reextract).
  void record_rebaseline(std::int64_t article_id, const VersionRecord& version);
  // For feeds: the newest changes of one article, or of the articles one source found, or of all;
  // with a class, only versions of that class.
  std::vector<VersionRef> feed_versions(std::optional<std::int64_t> article_id, std::optional<std::int64_t> source_id,
                                        const std::string& change_class, int limit);
  // Changes (version 2 onward, no re-baselines) fetched at or after `since`, newest first; with a
  // class, only versions of that class.
  std::vector<VersionRef> changes_since(Seconds since, const std::string& change_class, int limit);
  // How many times each article changed (versions after the first, less re-baselines), by article id;
  // articles that never changed are absent.
  std::map<std::int64_t, int> change_counts();

  // Sources.
  bool add_source(const SourceRecord& source);  // false when the name is taken
  bool remove_source(const std::string& name);  // its articles stay tracked
  std::vector<SourceRecord> sources();          // by name
  std::vector<SourceRecord> due_sources(Seconds now, bool all);
  // A source lists url, maybe with the time it says the article was updated: a new article is
  // tracked (due at once); a retired one comes back; one updated since its last check is due at
  // once; one the user untracked stays untracked.
  struct Mention {
    std::string url;
    std::optional<Seconds> updated;
  };
  std::vector<Discovery> discover(const std::vector<Mention>& mentions, std::int64_t source_id, Seconds now,
                                  std::size_t max_new = SIZE_MAX);
  void record_source_check(const SourceCheck& check);

  // Hosts.
  std::vector<HostRecord> hosts();
  void save_hosts(const std::vector<HostRecord>& hosts);

  // Runs and the health report (diffwire status).
  void record_run(Seconds started_at, Seconds finished_at, const std::string& summary);
  struct Run {
    Seconds started_at = 0, finished_at = 0;
    std::string summary;
  };
  std::optional<Run> last_run();
  struct Health {
    int tracked = 0, due = 0, retired = 0, untracked = 0, sources = 0;
    // Failed checks since `since`, per article URL (a page that is gone, or held as suspect, is no failure).
    std::vector<std::pair<std::string, int>> errors_by_url;
  };
  Health health(Seconds now, Seconds since);
  void record(const std::vector<CheckResult>& results);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace diffwire
