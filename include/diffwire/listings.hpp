// What the reading commands print — log, show, list, blame, changes, source list, extract — as text
// for a terminal and as JSON for programs. Every piece of page text is escaped for where it goes.
#pragma once
#include <string>
#include <vector>

#include "diffwire/article.hpp"
#include "diffwire/blame.hpp"
#include "diffwire/records.hpp"
#include "diffwire/reextract.hpp"

namespace diffwire {

std::string render_log_text(const ArticleRecord& article, const std::vector<VersionRecord>& versions,
                            const std::vector<CheckRecord>& checks, const std::vector<EventRecord>& events = {});
std::string render_log_json(const ArticleRecord& article, const std::vector<VersionRecord>& versions,
                            const std::vector<EventRecord>& events = {});
std::string render_show_text(const VersionRecord& version);
std::string render_show_json(const std::string& url, const VersionRecord& version);
std::string render_list_text(const std::vector<ArticleRecord>& articles);
std::string render_list_json(const std::vector<ArticleRecord>& articles);
std::string render_sources_text(const std::vector<SourceRecord>& sources);
std::string render_sources_json(const std::vector<SourceRecord>& sources);

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

// `diffwire reextract`: one line per article re-read (and the diff, for a reading that differs), then
// the summary line.
std::string render_reextraction_text(const ArticleReextraction& r, bool color);
std::string render_reextract_summary(const ReextractSummary& summary, bool dry_run);

// `diffwire extract`: what the extractor read.
std::string render_article_text(const Article& article);
std::string render_article_json(const Article& article);

}  // namespace diffwire
