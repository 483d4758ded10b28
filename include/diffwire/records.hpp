// What the store keeps and hands out, as diffwire's own types: an article and its schedule, its
// versions and the pages they were read from, each check, the sources that find articles, what is
// remembered of each host. Kept apart from the Store itself so that the code that only speaks of
// these (poll's decision, blame, the politeness layer, the writers) does not depend on the store.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diffwire/article.hpp"
#include "diffwire/diff.hpp"
#include "diffwire/timefmt.hpp"

namespace diffwire {

// The states and outcomes the store keeps. Code speaks of them as these enums; the store keeps, and
// the JSON and text outputs show, their names (name_of), and reads a name it does not know as the
// value given (a store written by a newer diffwire stays readable).
enum class ArticleStatus {
  fresh,    // "new": tracked, not checked yet
  ok,       // "ok"
  error,    // "error": the last check failed
  removed,  // "removed": the page is gone (404, 410)
  suspect,  // "suspect": the last reading is held back (collapse guard)
  retired,  // "retired": no change for long; checked only by poll --all
  merged,   // "merged": the same story as another article, which it now belongs to
};
enum class CheckOutcome {
  new_version,   // "new-version": the text changed
  unchanged,     // "unchanged": the same text, or a byte-identical body
  not_modified,  // "not-modified": 304
  rebaselined,   // "rebaselined": the extractor changed, not the article
  suspect,       // "suspect": a collapsed or walled extraction, held back
  removed,       // "removed": 404 or 410
  refused,       // "refused": past the parse budgets
  no_article,    // "no-article": no article text on the page
  error,         // "error": no answer, another HTTP status, or not a page
};
enum class EventKind {
  url_changed,  // "url-changed": the article moved to the URL its page claims
  merged,       // "merged": it is the same story as another article
  merged_in,    // "merged-in": another article was merged into this one
  move_refused, // "move-refused": its page names another URL that did not answer with this story
};
enum class SourceStatus {
  fresh,         // "new": not read yet
  ok,            // "ok"
  not_modified,  // "not-modified": 304
  error,         // "error": it could not be fetched or read
};
const char* name_of(ArticleStatus status);
const char* name_of(CheckOutcome outcome);
const char* name_of(EventKind kind);
const char* name_of(SourceStatus status);
ArticleStatus article_status_named(std::string_view name, ArticleStatus otherwise = ArticleStatus::ok);
CheckOutcome check_outcome_named(std::string_view name, CheckOutcome otherwise = CheckOutcome::error);
EventKind event_kind_named(std::string_view name, EventKind otherwise = EventKind::url_changed);
SourceStatus source_status_named(std::string_view name, SourceStatus otherwise = SourceStatus::ok);

struct ArticleRecord {
  std::int64_t id = 0;
  std::string url;
  bool tracked = true;
  Seconds added_at = 0, next_check_at = 0, interval = 0, last_changed_at = 0;
  std::optional<Seconds> last_checked_at;
  ArticleStatus status = ArticleStatus::fresh;
  std::string last_error, etag, last_modified, body_hash;
  int versions = 0;
  std::string title;  // of the latest version
  int suspect_checks = 0;  // consecutive suspect extractions (collapse guard)
  std::string source;      // the source that found it, "" when tracked by hand
  // Its source's schedule and politeness overrides (nullopt: the poll's).
  std::optional<Seconds> first_interval, retire_after;
  std::optional<double> factor, host_delay;
  bool ignore_robots = false;
  // The last canonical or og:url claim that did not answer with this story, and when it was tried.
  std::string refused_url;
  std::optional<Seconds> refused_url_at;
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
  std::vector<std::string> classes;  // what kind of change (change.hpp)
  int reverted_to = 0;               // "reverted": the earlier version whose text this repeats
  std::optional<StoredPage> page;  // written with the version; read back with Store::page()
};

struct CheckRecord {
  Seconds checked_at = 0;
  long http_status = 0;
  std::int64_t bytes = 0, duration_ms = 0;
  CheckOutcome outcome = CheckOutcome::error;
  std::string error;
};

// Everything one check of one article changes; record() applies a batch in one transaction.
struct CheckResult {
  std::int64_t article_id = 0;
  CheckRecord check;
  std::optional<VersionRecord> rebaseline;   // recorded first, when the extractor changed
  std::optional<VersionRecord> new_version;  // number is assigned by the store
  int suspect_checks = 0;                    // the article's count after this check
  Seconds next_check_at = 0, interval = 0;
  ArticleStatus status = ArticleStatus::ok;
  std::optional<std::string> etag, last_modified, body_hash;  // set on a 200
  // The page says it is another URL of the same site (rel=canonical, og:url, a redirect): the
  // article moves there, or merges into the article already there when that one has this title.
  std::optional<std::string> new_url;
  std::string new_url_reason, page_title;
  // What new_url rests on. A redirect has answered already; a canonical or og:url claim must answer
  // with this same story before the article moves (poll fetches it: url_claim_refusal). While it is
  // unverified, the page that made the claim is kept here, and the version's classes without "url"
  // are the ones recorded — classes_if_moved replaces them when the claim holds.
  enum class UrlEvidence { redirect, unverified, answered };
  UrlEvidence new_url_evidence = UrlEvidence::redirect;
  std::optional<Article> claiming_page;
  std::vector<std::string> classes_if_moved;
  // A claim that failed: the URL and why ("(rel=canonical) answered HTTP 404"); new_url is then empty. An event
  // unless the same URL was refused before (it is only retried, quietly, a day later).
  std::string refused_url, refused_why;
  bool refused_before = false;
  // The poll's lease owner (Store::claim): recorded only while this poll still holds the article.
  // Empty: recorded whatever the lease (one poll, tests).
  std::string lease;
};

struct EventRecord {
  Seconds at = 0;
  EventKind kind = EventKind::url_changed;
  std::string detail;
};

// A feed, sitemap or section page whose articles are tracked automatically (sources.hpp).
struct SourceRecord {
  std::int64_t id = 0;
  std::string name, url, include, exclude;  // include/exclude: ECMAScript regexes, "" for none
  Seconds period = 15 * 60, added_at = 0, next_check_at = 0;
  std::optional<Seconds> last_checked_at, last_new_at;
  std::string kind, last_error;
  SourceStatus status = SourceStatus::fresh;
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
  SourceStatus status = SourceStatus::ok;
  std::string error, kind;
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
