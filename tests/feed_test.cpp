#include "diffwire/feed.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

using namespace diffwire;

TEST_CASE("an RSS 2.0 document with the diff escaped in each item") {
  FeedItem item{"Headline changed: A → B (version 2)", "https://example.org/a?x=1&y=2",
                "https://example.org/a#diffwire-version-2", "<p><del>old</del><ins>new</ins></p>", 1795372800,
                {"headline", "number"}};
  std::string xml = render_rss({"diffwire: changes", "https://example.org/", "desc", 1795372800}, {item});
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">", 0) == 0);
  CHECK(xml.find("<link>https://example.org/a?x=1&amp;y=2</link>") != std::string::npos);
  CHECK(xml.find("<guid isPermaLink=\"false\">https://example.org/a#diffwire-version-2</guid>") != std::string::npos);
  CHECK(xml.find("<pubDate>Sun, 22 Nov 2026 18:40:00 +0000</pubDate>") != std::string::npos);
  CHECK(xml.find("&lt;del&gt;old&lt;/del&gt;") != std::string::npos);
  CHECK(xml.find("<del>") == std::string::npos);
  CHECK(xml.find("<category>headline</category>\n<category>number</category>\n") != std::string::npos);
}

TEST_CASE("golden files: RSS 2.0 and Atom (DIFFWIRE_ACCEPT=1 rewrites them)") {
  std::vector<FeedItem> items = {
      {"Headline changed: A → B (version 3)", "https://example.org/a", "https://example.org/a#diffwire-version-3",
       "<p>~ ferry <del>14</del><ins>11</ins> miles</p>", 1795372800 + 3600, {"headline", "number"}},
      {"Changed: A (version 2)", "https://example.org/a", "https://example.org/a#diffwire-version-2",
       "<p><ins>+ New paragraph &amp; more</ins></p>", 1795372800, {"added"}}};
  FeedChannel channel{"diffwire: changes", "https://example.org/", "Every change.", 1795372800 + 7200};
  CHECK(testing::matches_golden("feed.rss", render_rss(channel, items)));
  CHECK(testing::matches_golden("feed.atom", render_atom(channel, items)));
}
