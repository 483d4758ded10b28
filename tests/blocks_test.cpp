#include "extract/blocks.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("blocks: a paragraph per block, <br> a space, furniture, hidden elements and timestamp lines left out") {
  HtmlDocument doc(
      "<body><div id=story><h2>Bridge  closed</h2>Storm damage<br>to two supports.<p>Repairs take <b>three</b> "
      "weeks.</p><p>Updated 10:42 GMT</p><nav>Home News</nav><p hidden>A wall</p><p style='display: none'>Hidden"
      "</p><ul><li>One</li><li>Two</li></ul><figure><figcaption>The bridge at dawn</figcaption></figure>"
      "<div class=share>Send it to a friend</div></div></body>");
  const GumboNode* story = find_first(doc.root(), GUMBO_TAG_DIV);
  REQUIRE(story);
  CHECK(block_texts(story) == std::vector<std::string>{"Bridge closed", "Storm damage to two supports.",
                                                       "Repairs take three weeks.", "One", "Two", "The bridge at dawn",
                                                       "Send it to a friend"});
  // What a layer drops goes with everything under it.
  CHECK(block_texts(story, [](const GumboNode* n) { return has_furniture_hints(n); }).back() == "The bridge at dawn");
}

TEST_CASE("blocks: class and id hints — words, not substrings, for ads; Readability's lists for the rest") {
  HtmlDocument doc("<div class='Ad-Slot top'></div><div id=download class=header-shadow></div>"
                   "<div class='share-tools'></div><div class='article-body share'></div><p class=story-text></p>");
  std::vector<const GumboNode*> divs;
  const GumboNode* body = find_first(doc.root(), GUMBO_TAG_BODY);
  REQUIRE(body);
  for (unsigned i = 0; i < children_of(body).length; ++i)
    divs.push_back(static_cast<const GumboNode*>(children_of(body).data[i]));
  REQUIRE(divs.size() == 5);
  CHECK(class_and_id(divs[0]) == "ad-slot top ");
  CHECK(is_ad(class_and_id(divs[0])));
  CHECK_FALSE(is_ad(class_and_id(divs[1])));  // "download", "header-shadow": no word "ad"
  CHECK(has_furniture_hints(divs[2]));
  CHECK_FALSE(has_furniture_hints(divs[3]));  // "article" and "body" say content
  CHECK(class_weight(divs[4]) == 25);
  CHECK(has_token("live-blog feed", {"live"}));
  CHECK_FALSE(has_token("olive deliver", {"live"}));
}

TEST_CASE("blocks: lines that change by themselves") {
  for (const char* line : {"Updated 10:42 GMT", "Published 3 hours ago", "5 mins ago", "Last modified 2026-11-22"})
    CHECK_MESSAGE(is_timestamp_line(line), line);
  for (const char* line : {"Updated guidance for travellers", "Long ago and far away", "The council said on Sunday."})
    CHECK_MESSAGE(!is_timestamp_line(line), line);
}
