#include "extract/prefilter.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "diffwire/error.hpp"
#include "extract/html.hpp"

using namespace diffwire;

TEST_CASE("scripts, styles, comments, SVG, noscript and templates go; JSON-LD and text stay") {
  std::string page =
      "<html><head><title>T</title><style>p > a { color: red }</style>"
      "<script>if (a < b && c > d) document.write('</div>');</script>"
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head>"
      "<body><!-- a comment with <p>markup</p> --><p>Before <svg viewBox=\"0 0 1 1\"><svg><text>icon</text></svg>"
      "<path d=\"M0 0\"/></svg>after.</p><noscript><img src=x></noscript><template><p>later</p></template>"
      "<SCRIPT type='text/javascript'>var x = \"</scripty>\";</SCRIPT ><p data-x=\"a > b\">Kept.</p></body></html>";
  PrefilterStats stats;
  std::string out = prefilter(page, kMaxParseDepth, &stats);
  CHECK(out ==
        "<html><head><title>T</title>"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head>"
        "<body><p>Before after.</p><p data-x=\"a > b\">Kept.</p></body></html>");
  CHECK(stats.removed_bytes == page.size() - out.size());
  CHECK(stats.dropped_tags == 0);
}

TEST_CASE("an unclosed script or comment runs to the end of the page, as in a browser") {
  CHECK(prefilter("<p>a</p><script>never closed <p>b</p>") == "<p>a</p>");
  CHECK(prefilter("<p>a</p><!-- never closed <p>b</p>") == "<p>a</p>");
  CHECK(prefilter("<p>a<!---->b</p>") == "<p>ab</p>");
}

TEST_CASE("raw text is not markup: a <div> inside a title or textarea neither nests nor is cut") {
  std::string page = "<title>a <div><div><div> b</title><textarea><!-- not a comment --></textarea><div>x</div>";
  CHECK(prefilter(page, 1) == page);
}

TEST_CASE("nesting is limited; text is kept, shallow pages are untouched") {
  std::string shallow = "<html><body><div><p>one<p>two<ul><li>a<li>b</ul><br><img src=x></div></body></html>";
  CHECK(prefilter(shallow, 5) == shallow);
  std::string deep;
  for (int i = 0; i < 10; ++i) deep += "<div class=d" + std::to_string(i) + ">";
  deep += "text";
  PrefilterStats stats;
  CHECK(prefilter(deep, 3, &stats) == "<div class=d0><div class=d1><div class=d2>text");
  CHECK(stats.dropped_tags == 7);
}

TEST_CASE("the parsed document never sees what was cut") {
  HtmlDocument doc("<body><p>one<script>two</script><style>three</style><!--four-->five</p></body>");
  CHECK(text_content(doc.root()) == "onefive");
  CHECK(doc.prefilter_stats().removed_bytes > 0);
}

namespace {
// Elements in the parsed tree, counted without recursion (the tree may be deep).
std::size_t element_count(const GumboNode* root) {
  std::size_t n = 0;
  std::vector<const GumboNode*> todo{root};
  while (!todo.empty()) {
    const GumboNode* node = todo.back();
    todo.pop_back();
    if (is_element(node)) ++n;
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i) todo.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return n;
}
}  // namespace

TEST_CASE("one tag with 200,000 attributes keeps its first 256 (gumbo takes minutes on all of them)") {
  std::string html = "<html><body><div";
  for (int i = 0; i < 200000; ++i) html += " a" + std::to_string(i) + "=\"v>" + std::to_string(i) + "\"";
  html += "><p>The text after the attribute bomb.</p></div></body></html>";
  HtmlDocument doc(html);
  const GumboNode* div = find_first(doc.root(), GUMBO_TAG_DIV);
  REQUIRE(div != nullptr);
  CHECK(div->v.element.attributes.length == kMaxAttributes);
  CHECK(attribute(div, "a255") == "v>255");  // quoted '>' does not end the kept part early
  CHECK(attribute(div, "a256").empty());
  CHECK(doc.prefilter_stats().dropped_attributes == 200000 - kMaxAttributes);
  CHECK(text_content(doc.root()) == "The text after the attribute bomb.");
  // A tag at the limit is untouched.
  std::string at_limit = "<p";
  for (std::size_t i = 0; i < kMaxAttributes; ++i) at_limit += " b" + std::to_string(i);
  at_limit += ">x</p>";
  CHECK(prefilter(at_limit) == at_limit);
}

TEST_CASE("unclosed formatting elements cannot multiply the tree") {
  // 390 distinct <b>s left open in a paragraph are re-opened in each of the 20,000 that follow:
  // 7.8 million elements, 3 GB and 8 s in a bare gumbo parse of these 84 KB.
  std::string html = "<html><body><p>";
  for (int i = 0; i < 390; ++i) html += "<b id=" + std::to_string(i) + ">";
  html += "x";
  for (int i = 0; i < 20000; ++i) html += "<p>x";
  HtmlDocument doc(html);
  CHECK(doc.prefilter_stats().dropped_formatting == 390 - kMaxOpenFormatting);
  std::size_t elements = element_count(doc.root());
  CHECK(elements > 20000 * kMaxOpenFormatting);  // the re-opening is real, and bounded:
  CHECK(elements <= 20000 * (kMaxOpenFormatting + 1) + 100);
  CHECK(elements <= doc.prefilter_stats().start_tags + doc.prefilter_stats().reopened + 10);
  CHECK(text_content(doc.root()).size() == 20001);
  // Closed formatting elements are never counted against the limit, and an end tag closes only its own.
  std::string closed;
  for (int i = 0; i < 1000; ++i) closed += "<b>bold</b> <i>it</i> ";
  CHECK(prefilter(closed) == closed);
  std::string stray = "<html><body>";
  for (int i = 0; i < 100; ++i) stray += "<b id=" + std::to_string(i) + "></i>";
  PrefilterStats stats;
  prefilter(stray, kMaxParseDepth, &stats);
  CHECK(stats.dropped_formatting == 100 - kMaxOpenFormatting);
}

TEST_CASE("a page past the element or byte budget is refused with the reason, not truncated") {
  std::string many = "<html><body>";
  for (std::size_t i = 0; i < kMaxElements; ++i) many += "<p>x";
  CHECK_THROWS_WITH_AS((HtmlDocument{many, "https://example.org/bomb"}),
                       "page refused: https://example.org/bomb: 200002 elements, more than the 200000 a page may have",
                       PageRefused);
  // Few start tags, but each paragraph re-opens eight formatting elements.
  std::string reopening = "<html><body><p><b id=1><b id=2><b id=3><b id=4><b id=5><b id=6><b id=7><b id=8>x";
  for (int i = 0; i < 30000; ++i) reopening += "<p>x";
  CHECK_THROWS_WITH_AS(HtmlDocument{reopening}, doctest::Contains("270011 elements"), PageRefused);
  std::string huge = "<html><body><p>" + std::string(kMaxParseBytes, 'x');
  CHECK_THROWS_WITH_AS(HtmlDocument{huge}, doctest::Contains("MiB of markup"), PageRefused);
  // Just under both budgets: parsed.
  std::string fits = "<p>" + std::string(kMaxParseBytes - 100, 'x');
  CHECK(text_content(HtmlDocument(fits).root()).size() == kMaxParseBytes - 100);
}
