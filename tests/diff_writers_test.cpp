#include "diffwire/diff_writers.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "diffwire/change.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
VersionDiff sample() {
  VersionRecord a, b;
  a.number = 1;
  a.fetched_at = 1795372800;
  a.article.title = "Harbour ferry delayed";
  a.article.paragraphs = {"Unchanged opening paragraph.", "The ferry ran at 50% of its capacity.", "A paragraph that goes away."};
  b.number = 2;
  b.fetched_at = a.fetched_at + 35 * 60;
  b.article.title = "Harbour ferry delayed by storm";
  b.article.paragraphs = {"Unchanged opening paragraph.", "The ferry ran at 50.67% of its capacity.", "A brand new closing line."};
  return make_version_diff("https://example.org/news/story-1", a, b);
}
}  // namespace

TEST_CASE("text diff marks words without colour") {
  std::string out = render_diff_text(sample(), false);
  CHECK(out.find("+++ Version 2 (2026-11-22T19:15:00Z, 35 minutes later)") != std::string::npos);
  CHECK(out.find("Title: Harbour ferry delayed{+ by storm+}") != std::string::npos);
  CHECK(out.find("~ The ferry ran at [-50-]{+50.67+}% of its capacity.") != std::string::npos);
  CHECK(out.find("- A paragraph that goes away.") != std::string::npos);
  CHECK(out.find("+ A brand new closing line.") != std::string::npos);
  CHECK(out.find("\x1b[") == std::string::npos);
  CHECK(render_diff_text(sample(), true).find("\x1b[") != std::string::npos);
}

namespace {
std::string strip_escapes(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b') i = s.find('m', i);
    else out += s[i];
  }
  return out;
}

// The display columns at which each line's "│" (or "┼") separator sits.
std::set<std::size_t> separator_columns(const std::string& view) {
  std::set<std::size_t> columns;
  for (std::size_t start = 0; start < view.size();) {
    std::size_t end = view.find('\n', start);
    std::string line = view.substr(start, end - start);
    start = end + 1;
    std::size_t bar = std::min(line.find("│"), line.find("┼"));
    REQUIRE(bar != std::string::npos);
    std::size_t width = 0;
    for (std::size_t i = 0; i < bar; ++i)
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++width;
    columns.insert(width);
  }
  return columns;
}
}  // namespace

TEST_CASE("side by side: Version 1 / Version 2 and (35 minutes later)") {
  std::string out = render_side_by_side(sample(), false, 100);
  CHECK(out.find("Version 1") < out.find("Version 2"));
  CHECK(out.find("(35 minutes later)") != std::string::npos);
  CHECK(out.find("[-50-]%") != std::string::npos);
  CHECK(out.find("{+50.67+}%") != std::string::npos);
  CHECK(separator_columns(out).size() == 1);
  std::string colored = render_side_by_side(sample(), true, 100);
  CHECK(colored.find("\x1b[") != std::string::npos);
  CHECK(separator_columns(strip_escapes(colored)) == separator_columns(out));
}

TEST_CASE("JSON diff has the documented shape") {
  auto j = nlohmann::json::parse(render_diff_json(sample()));
  CHECK(j["from"] == 1);
  CHECK(j["to"] == 2);
  CHECK(j["title"]["from"] == "Harbour ferry delayed");
  CHECK(j["title"]["to"] == "Harbour ferry delayed by storm");
  REQUIRE(j["ops"].size() == 4);
  CHECK(j["ops"][0]["op"] == "equal");
  CHECK(j["ops"][1]["op"] == "replace");
  CHECK(j["ops"][1]["words"].size() >= 3);
  CHECK(j["ops"][2]["op"] == "delete");
  CHECK_FALSE(j["ops"][2].contains("new"));
  CHECK(j["ops"][3]["op"] == "insert");
  CHECK_FALSE(j["ops"][3].contains("old"));
  CHECK(j["classes"] == nlohmann::json::array({"headline", "number", "added", "removed"}));
  CHECK(render_diff_text(sample(), false).find("paragraphs [headline number added removed]\n") != std::string::npos);
  CHECK(render_diff_html(sample()).find("<strong>Change:</strong> headline number added removed") != std::string::npos);
}

TEST_CASE("hostile text is escaped in HTML and neutralised on terminals") {
  Article a, b;
  a.title = "<script>alert(1)</script>";
  b.title = "\"><img src=x onerror=alert(1)>";
  a.paragraphs = {"</textarea>& \x1b[2J clear"};
  b.paragraphs = {"javascript:alert(1) \x1b]0;title\x07"};
  VersionDiff d = make_article_diff(a, b);
  for (const std::string& html : {render_diff_html(d), render_diff_html_page(d)}) {
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("</textarea>") == std::string::npos);
    CHECK(html.find("&lt;") != std::string::npos);
  }
  std::string text = render_diff_text(d, false);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
}

TEST_CASE("a moved paragraph reads as a move in text, side by side, JSON and HTML") {
  Article a, b;
  a.title = b.title = "Bridge closed";
  a.paragraphs = {"The bridge is closed after the storm damaged two of its supports.",
                  "Engineers will inspect it on Monday morning before any decision.",
                  "About 9,000 vehicles cross the bridge on a typical weekday."};
  b.paragraphs = {a.paragraphs[0], a.paragraphs[2], a.paragraphs[1]};
  VersionDiff d = make_article_diff(a, b);
  std::string text = render_diff_text(d, false);
  CHECK(text.find("0 added, 0 removed, 0 changed, 1 moved paragraphs") != std::string::npos);
  CHECK(text.find("↕ (moved from paragraph 2) Engineers will inspect it") != std::string::npos);
  CHECK(text.find("- Engineers") == std::string::npos);
  CHECK(render_side_by_side(d, false, 120).find("(moved from paragraph 2)") != std::string::npos);
  auto j = nlohmann::json::parse(render_diff_json(d));
  CHECK(j["stats"]["moved"] == 1);
  REQUIRE(j["ops"].size() == 3);
  CHECK(j["ops"][2]["op"] == "move");
  CHECK(j["ops"][2]["from"] == 2);
  CHECK(j["ops"][2]["old"] == j["ops"][2]["new"]);
  CHECK(render_diff_html(d).find("↕ <em>(moved from paragraph 2)</em> Engineers") != std::string::npos);
  CHECK(render_diff_html_page(d).find("<tr class=\"move\">") != std::string::npos);
}

TEST_CASE("golden files: one diff in every format (DIFFWIRE_ACCEPT=1 rewrites them)") {
  VersionDiff d = sample();
  Article a, b;
  a.title = b.title = "Moves";
  a.paragraphs = {"First paragraph stays where it is.", "This paragraph will move to the end of the story.",
                  "Third paragraph stays too."};
  b.paragraphs = {a.paragraphs[0], a.paragraphs[2], "This paragraph will move to the very end of the story."};
  VersionDiff moves = make_article_diff(a, b);
  d.ops.insert(d.ops.end(), moves.ops.begin(), moves.ops.end());
  d.classes = classify_change(d.from_title, d.to_title, d.ops);
  CHECK(testing::matches_golden("diff.txt", render_diff_text(d, false)));
  CHECK(testing::matches_golden("diff-color.txt", render_diff_text(d, true)));
  CHECK(testing::matches_golden("diff-side-by-side.txt", render_side_by_side(d, false, 100)));
  CHECK(testing::matches_golden("diff.json", render_diff_json(d)));
  CHECK(testing::matches_golden("diff.html", render_diff_html(d)));
  CHECK(testing::matches_golden("diff-page.html", render_diff_html_page(d)));
}
