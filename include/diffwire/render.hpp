// Versions and diffs as people and programs read them: terminal text (with or without colour),
// the NewsSniffer-style side-by-side view, JSON and HTML. Every output escapes what it prints.
#pragma once
#include <string>
#include <vector>

#include "diffwire/article.hpp"
#include "diffwire/blame.hpp"
#include "diffwire/diff.hpp"
#include "diffwire/store.hpp"

namespace diffwire {

struct VersionDiff {
  std::string url;
  int from = 0, to = 0;  // version numbers; 0 for local files (compare)
  Seconds from_time = 0, to_time = 0;
  std::string from_title, to_title;
  ParagraphOp title;
  std::vector<ParagraphOp> ops;
  std::vector<std::string> classes;  // what kind of change (change_classes.hpp)
};

VersionDiff make_version_diff(const std::string& url, const VersionRecord& from, const VersionRecord& to);
VersionDiff make_article_diff(const Article& from, const Article& to);

std::string render_diff_text(const VersionDiff& diff, bool color);
std::string render_side_by_side(const VersionDiff& diff, bool color, int width);
std::string render_diff_json(const VersionDiff& diff);
std::string render_diff_html(const VersionDiff& diff);  // a fragment, for feeds and pages
std::string render_diff_html_page(const VersionDiff& diff);  // a whole page
// The side-by-side "Version A / Version B" table, and the inline view (every paragraph, with the
// words taken out and put in marked in place): fragments for the report's pages.
std::string render_diff_table_html(const VersionDiff& diff);
std::string render_diff_inline_html(const VersionDiff& diff);

// How many times an article changed: versions after the first, less re-baselines (those record an
// extractor change, not an edit).
int count_real_changes(const std::vector<VersionRecord>& versions);
std::string render_log_text(const ArticleRecord& article, const std::vector<VersionRecord>& versions,
                            const std::vector<CheckRecord>& checks, const std::vector<EventRecord>& events = {});
std::string render_log_json(const ArticleRecord& article, const std::vector<VersionRecord>& versions,
                            const std::vector<EventRecord>& events = {});
std::string render_show_text(const VersionRecord& version);
std::string render_show_json(const std::string& url, const VersionRecord& version);
std::string render_list_text(const std::vector<ArticleRecord>& articles);
std::string render_list_json(const std::vector<ArticleRecord>& articles);
std::string render_sources_text(const std::vector<SourceRecord>& sources);

// `diffwire blame`: the latest text, each paragraph with the version and time it first read so.
std::string render_blame_text(const std::vector<BlamedParagraph>& paragraphs);
std::string render_blame_json(const std::string& url, const std::vector<BlamedParagraph>& paragraphs);

// `diffwire changes`: recent versions across all articles, newest first.
struct ChangeEntry {
  std::string url;
  VersionRecord version;
};
std::string render_changes_text(const std::vector<ChangeEntry>& changes, Seconds since);
std::string render_changes_json(const std::vector<ChangeEntry>& changes);

// `diffwire status`: the store's health at a glance, for a cron job's owner.
struct StatusReport {
  std::string store;
  Seconds now = 0;
  Store::Health health;
  std::optional<Store::Run> last_run;
  struct HostErrors {
    std::string host;
    int checks = 0, articles = 0;
  };
  std::vector<HostErrors> errors;  // failed checks in the last day, by host, most first
  std::vector<std::string> warnings;
};
StatusReport make_status(Store& store, const std::string& path, Seconds now);
std::string render_status_text(const StatusReport& report);
std::string render_status_json(const StatusReport& report);
std::string render_sources_json(const std::vector<SourceRecord>& sources);
std::string render_article_text(const Article& article);
std::string render_article_json(const Article& article);

// Text for a terminal: C0 controls (but tab), DEL, C1 controls and bidirectional overrides and
// isolates replaced by U+FFFD, so a page can neither move the cursor, change colours, nor reorder
// what the terminal shows.
std::string terminal_safe(const std::string& text);
std::string html_escape(const std::string& text);

}  // namespace diffwire
