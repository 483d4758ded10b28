// A diff between two versions (or two local files) as people and programs read it: terminal text
// (with or without colour), the NewsSniffer-style "Version 1 / Version 2" view, JSON and HTML. Every
// writer escapes what it prints (escape.hpp).
#pragma once
#include <string>
#include <vector>

#include "diffwire/article.hpp"
#include "diffwire/diff.hpp"
#include "diffwire/records.hpp"

namespace diffwire {

struct VersionDiff {
  std::string url;
  int from = 0, to = 0;  // version numbers; 0 for local files (compare)
  Seconds from_time = 0, to_time = 0;
  std::string from_title, to_title;
  ParagraphOp title;
  std::vector<ParagraphOp> ops;
  std::vector<std::string> classes;  // what kind of change (change.hpp)
};

VersionDiff make_version_diff(const std::string& url, const VersionRecord& from, const VersionRecord& to);
VersionDiff make_article_diff(const Article& from, const Article& to);

std::string version_label(int number);  // "Version 3"; "" for 0 (a local file)

std::string render_diff_text(const VersionDiff& diff, bool color);
std::string render_side_by_side(const VersionDiff& diff, bool color, int width);
std::string render_diff_json(const VersionDiff& diff);
std::string render_diff_html(const VersionDiff& diff);  // a fragment, for feeds and pages
std::string render_diff_html_page(const VersionDiff& diff);  // a whole page (html_page.hpp)
// The side-by-side "Version A / Version B" table, and the inline view (every paragraph, with the
// words taken out and put in marked in place): fragments for pages.
std::string render_diff_table_html(const VersionDiff& diff);
std::string render_diff_inline_html(const VersionDiff& diff);
// Both views with the links that switch between them (#side-by-side, #inline): a compare page's body.
std::string render_diff_views_html(const VersionDiff& diff);

}  // namespace diffwire
