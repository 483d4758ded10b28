// What the store keeps and hands out, as diffwire's own types: an article and its schedule, its
// versions and the pages they were read from, each check, the sources that find articles, what is
// remembered of each host. Kept apart from the Store itself so that the code that only speaks of
// these (poll's decision, blame, the politeness layer, the writers) does not depend on the store.
#pragma once
#include <cstdint>
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

}  // namespace diffwire
