#include "extract/metadata.hpp"

#include <doctest/doctest.h>

#include "diffwire/extract.hpp"
#include "extract/html.hpp"

using namespace diffwire;

namespace {
PageMetadata metadata_of(const std::string& html) {
  HtmlDocument doc(html);
  return read_metadata(doc.root());
}
}  // namespace

TEST_CASE("the site's name is cut from the <title>") {
  CHECK(title_from_title_tag("Council approves the harbour plan | Marlow Courier", {}, {}) ==
        "Council approves the harbour plan");
  CHECK(title_from_title_tag("Council approves the harbour plan \xE2\x80\x93 Marlow Courier", {}, {}) ==
        "Council approves the harbour plan");
  // Too little left before the separator: the part after the first separator is the headline.
  CHECK(title_from_title_tag("Courier - Council approves the harbour plan", {}, {}) ==
        "Council approves the harbour plan");
  // "Site: Headline" unless a heading repeats the whole title.
  CHECK(title_from_title_tag("Courier: Council approves the harbour plan", {}, {}) ==
        "Council approves the harbour plan");
  CHECK(title_from_title_tag("Courier: Council approves the harbour plan", {"Courier: Council approves the harbour plan"},
                             {}) == "Courier: Council approves the harbour plan");
  // A very short title defers to the only h1, but a short result keeps the whole title.
  CHECK(title_from_title_tag("Courier", {"Council approves the harbour plan after a long night"}, {}) ==
        "Council approves the harbour plan after a long night");
  CHECK(title_from_title_tag("Harbour plan | Courier", {}, {}) == "Harbour plan | Courier");
  // A breadcrumb that loses exactly its last part is fine even when short.
  CHECK(title_from_title_tag("News / Local / Harbour plan", {}, {}) == "News / Local");
}

TEST_CASE("the title: JSON-LD, then meta tags, then the <title>") {
  std::string head = "<title>Headline from the title tag, long enough | Site</title>";
  CHECK(metadata_of("<html><head>" + head + "</head><body><h1>Heading</h1></body></html>").title ==
        "Headline from the title tag, long enough");
  CHECK(metadata_of("<html><head>" + head + "<meta property='og:title' content='From OpenGraph'></head></html>").title ==
        "From OpenGraph");
  std::string ld = R"(<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
    {"@type":"NewsArticle","name":"Site name","headline":"Headline from the title tag, long enough","author":{"name":"A. Writer"},
     "datePublished":"2026-01-02T03:04:05Z","dateModified":"2026-01-02T04:00:00Z"}]}</script>)";
  PageMetadata m = metadata_of("<html><head>" + head + ld + "<meta property='og:title' content='From OpenGraph'></head></html>");
  // name and headline differ: the one that resembles the <title> wins.
  CHECK(m.title == "Headline from the title tag, long enough");
  CHECK(m.ld_type == "NewsArticle");
  CHECK(m.byline == "A. Writer");
  CHECK(m.published == "2026-01-02T03:04:05Z");
  CHECK(m.modified == "2026-01-02T04:00:00Z");
  // No <title> at all: the h1.
  CHECK(metadata_of("<html><body><h1>Only a heading</h1></body></html>").title == "Only a heading");
  // Entities left in JSON-LD strings are decoded.
  CHECK(metadata_of(R"(<script type="application/ld+json">{"@type":"Article","headline":"Q&amp;A &#8211; now"}</script>)").title ==
        "Q&A \xE2\x80\x93 now");
}

TEST_CASE("LiveBlogPosting updates are read in page order") {
  std::string ld = R"(<script type="application/ld+json">{"@context":"https://schema.org","@type":"LiveBlogPosting",
    "headline":"Live: the count","liveBlogUpdate":[
      {"@type":"BlogPosting","@id":"#p2","headline":"Result declared","datePublished":"2026-11-21T04:10:00Z","articleBody":"The result."},
      {"@type":"BlogPosting","url":"https://example.org/live#p1","datePublished":"2026-11-21T03:55:00Z","articleBody":"Turnout is high."}]}</script>)";
  PageMetadata m = metadata_of("<html><head>" + ld + "</head></html>");
  CHECK(m.ld_type == "LiveBlogPosting");
  REQUIRE(m.live_posts.size() == 2);
  CHECK(m.live_posts[0].id == "#p2");
  CHECK(m.live_posts[0].headline == "Result declared");
  CHECK(m.live_posts[0].time == "2026-11-21T04:10:00Z");
  CHECK(m.live_posts[1].id == "https://example.org/live#p1");
  CHECK(m.live_posts[1].body == "Turnout is high.");
}

TEST_CASE("the page's own URL: rel=canonical, then og:url, resolved against the page") {
  PageMetadata m = metadata_of("<html><head><link rel=\"Canonical\" href=\"/news/story-1\"><meta property=\"og:url\" "
                               "content=\"https://example.org/og\"></head><body></body></html>");
  CHECK(m.canonical == "/news/story-1");
  CHECK(m.og_url == "https://example.org/og");
  Article a = extract_article("<html><head><link rel=canonical href=\"/news/story-1?utm_source=x\"></head><body><p>x</p></body></html>",
                              ExtractOptions{"https://example.org/amp/news/story-1", nullptr, nullptr});
  CHECK(a.canonical_url == "https://example.org/news/story-1");
  CHECK(a.canonical_from == "rel=canonical");
  Article og = extract_article("<html><head><meta property=og:url content=\"https://example.org/b\"></head><body></body></html>");
  CHECK(og.canonical_url == "https://example.org/b");
  CHECK(og.canonical_from == "og:url");
  Article junk = extract_article("<html><head><link rel=canonical href=\"javascript:x\"></head><body></body></html>",
                                 ExtractOptions{"https://example.org/a", nullptr, nullptr});
  CHECK(junk.canonical_url.empty());
}
