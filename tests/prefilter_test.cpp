#include "prefilter.hpp"

#include <doctest/doctest.h>

#include "html.hpp"

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
