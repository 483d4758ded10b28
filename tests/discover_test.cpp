#include "diffwire/discover.hpp"

#include <doctest/doctest.h>

#include "diffwire/error.hpp"

using namespace diffwire;

namespace {
const std::string kBase = "https://news.example/feeds/top.xml";

std::vector<std::string> urls(const SourceDocument& d) {
  std::vector<std::string> out;
  for (const auto& i : d.items) out.push_back(i.url);
  return out;
}
}  // namespace

TEST_CASE("RSS 2.0: links, permalink guids, dates, HTML and undeclared entities in titles") {
  std::string rss = R"x(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Top</title>
<item><title>Harbour wall &amp; <b>ferry</b>&nbsp;plan</title><link>https://news.example/uk/harbour-wall-plan-1</link>
  <pubDate>Sun, 22 Nov 2026 18:40:00 GMT</pubDate></item>
<item><title><![CDATA[Bridge <em>closed</em>]]></title><link> /uk/bridge-closed-2 </link><dc:date>2026-11-22T09:00:00Z</dc:date></item>
<item><title>No link</title><guid isPermaLink="true">https://news.example/uk/guid-only-3</guid></item>
<item><title>Not a page</title><link>mailto:desk@news.example</link></item>
<item><title>Again</title><link>https://news.example/uk/harbour-wall-plan-1#comments</link></item>
</channel></rss>)x";
  SourceDocument d = read_source(rss, "application/rss+xml", kBase);
  CHECK(d.kind == "rss");
  CHECK(urls(d) == std::vector<std::string>{"https://news.example/uk/harbour-wall-plan-1",
                                            "https://news.example/uk/bridge-closed-2",
                                            "https://news.example/uk/guid-only-3"});
  CHECK(d.items[0].title == "Harbour wall & ferry plan");
  CHECK(d.items[0].updated == parse_iso8601("2026-11-22T18:40:00Z"));
  CHECK(d.items[1].title == "Bridge closed");
  CHECK(d.items[1].updated == parse_iso8601("2026-11-22T09:00:00Z"));
  CHECK_FALSE(d.items[2].updated);
  CHECK(d.ignored_links == 1);
  CHECK(d.warning.empty());
}

TEST_CASE("RSS 1.0 (RDF) and Atom") {
  std::string rdf = R"x(<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>T</title></channel>
<item rdf:about="https://news.example/a-story-about-rdf"><title>One</title><link>https://news.example/a-story-about-rdf</link>
<dc:date>2026-11-21T08:00:00+01:00</dc:date></item></rdf:RDF>)x";
  SourceDocument r = read_source(rdf, "application/rdf+xml", kBase);
  CHECK(r.kind == "rdf");
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0].updated == parse_iso8601("2026-11-21T07:00:00Z"));

  std::string atom = R"x(<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title type="html">Storm &lt;i&gt;latest&lt;/i&gt;</title><link rel="self" href="https://news.example/api/1"/>
<link rel="alternate" type="text/html" href="/live/storm-latest-updates"/><updated>2026-11-22T10:00:00Z</updated>
<published>2026-11-22T08:00:00Z</published></entry>
<entry><title>Plain</title><link href="https://news.example/plain-entry-link-here"/><published>2026-11-20T08:00:00Z</published></entry>
</feed>)x";
  SourceDocument a = read_source(atom, "application/atom+xml", kBase);
  CHECK(a.kind == "atom");
  CHECK(urls(a) == std::vector<std::string>{"https://news.example/live/storm-latest-updates",
                                            "https://news.example/plain-entry-link-here"});
  CHECK(a.items[0].title == "Storm latest");
  CHECK(a.items[0].updated == parse_iso8601("2026-11-22T10:00:00Z"));
  CHECK(a.items[1].updated == parse_iso8601("2026-11-20T08:00:00Z"));
}

TEST_CASE("news sitemaps, sitemap indexes and text sitemaps") {
  std::string sitemap = R"x(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/business/rates-rise-again</loc><news:news><news:publication>
<news:name>Example</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-11-22T07:30:00Z</news:publication_date><news:title>Rates rise again</news:title></news:news></url>
<url><loc>https://news.example/sport/cup-final-report</loc><lastmod>2026-11-22</lastmod></url>
</urlset>)x";
  SourceDocument s = read_source(sitemap, "application/xml", kBase);
  CHECK(s.kind == "sitemap");
  REQUIRE(s.items.size() == 2);
  CHECK(s.items[0].title == "Rates rise again");
  CHECK(s.items[0].updated == parse_iso8601("2026-11-22T07:30:00Z"));
  CHECK(s.items[1].updated == parse_iso8601("2026-11-22"));

  std::string index = R"x(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-news.xml</loc></sitemap><sitemap><loc>/sitemap-2026-11.xml</loc></sitemap>
<sitemap><loc>javascript:alert(1)</loc></sitemap></sitemapindex>)x";
  SourceDocument i = read_source(index, "text/xml", kBase);
  CHECK(i.kind == "sitemap-index");
  CHECK(i.sitemaps == std::vector<std::string>{"https://news.example/sitemap-news.xml",
                                               "https://news.example/sitemap-2026-11.xml"});
  CHECK(i.ignored_links == 1);

  SourceDocument t = read_source("https://news.example/one-two-three\n\n/relative-four-five\nnot a url\n", "text/plain", kBase);
  CHECK(t.kind == "text");
  CHECK(urls(t) == std::vector<std::string>{"https://news.example/one-two-three",
                                            "https://news.example/relative-four-five", "https://news.example/feeds/not%20a%20url"});
}

TEST_CASE("section pages: links outside the furniture, marked when they look like articles") {
  std::string html = R"x(<!doctype html><html><body><nav><a href="/uk/nav-link-to-somewhere-else">Nav</a></nav>
<main><a href="/uk/kestrel-bridge-closed-after-storm">Bridge closed</a> <a href="/uk">UK</a>
<a href="/news/articles/c4g0d18rd9lo">Id</a> <a href="https://news.example/news/12345678">Numbered</a>
<a href="#top">Top</a> <a href="javascript:void(0)">JS</a></main><footer><a href="/about-this-site-and-more">About</a></footer>
</body></html>)x";
  SourceDocument d = read_source(html, "text/html", "https://news.example/uk");
  CHECK(d.kind == "html");
  CHECK(urls(d) == std::vector<std::string>{"https://news.example/uk/kestrel-bridge-closed-after-storm",
                                            "https://news.example/uk", "https://news.example/news/articles/c4g0d18rd9lo",
                                            "https://news.example/news/12345678"});
  CHECK(d.items[0].article_like);
  CHECK_FALSE(d.items[1].article_like);
  CHECK_FALSE(d.items[2].article_like);  // an opaque id is not recognised; --include can say otherwise
  CHECK(d.items[3].article_like);
  CHECK(d.ignored_links == 2);
  CHECK(looks_like_article_path("/2026/11/22/kestrel-bridge-closed.html"));
  CHECK_FALSE(looks_like_article_path("/news/world/"));
}

TEST_CASE("broken feeds: wrong encodings, truncation, UTF-16; garbage is refused in one line") {
  // Declared UTF-8, written in windows-1252: read as windows-1252, not as U+FFFD.
  std::string latin = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><item><title>Caf\xE9 \x93news\x94</title>"
                      "<link>https://news.example/cafe-news-today</link></item></channel></rss>";
  CHECK(read_source(latin, "text/xml", kBase).items.at(0).title == "Café “news”");
  // Declared ISO-8859-1 by the XML declaration, whatever the header says.
  std::string declared = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Z\xFCrich</title>"
                         "<link>https://news.example/zurich-story-here</link></item></channel></rss>";
  CHECK(read_source(declared, "text/xml; charset=utf-8", kBase).items.at(0).title == "Zürich");
  // UTF-16 with a byte order mark.
  std::string utf8 = "<rss><channel><item><title>Ünïcode</title><link>https://news.example/unicode-story-16</link></item></channel></rss>";
  std::string utf16 = "\xFF\xFE";
  for (std::size_t k = 0; k < utf8.size();) {  // ASCII and Latin-1 only: one UTF-16 unit each
    unsigned char c = static_cast<unsigned char>(utf8[k]);
    unsigned cp = c < 0x80 ? c : ((c & 0x1F) << 6) | (static_cast<unsigned char>(utf8[k + 1]) & 0x3F);
    k += c < 0x80 ? 1 : 2;
    utf16 += static_cast<char>(cp & 0xFF);
    utf16 += static_cast<char>(cp >> 8);
  }
  CHECK(read_source(utf16, "application/rss+xml", kBase).items.at(0).title == "Ünïcode");
  // Cut off mid-item: the items before the damage are kept, and the damage is reported.
  std::string cut = "<rss><channel><item><title>A</title><link>https://news.example/first-whole-item</link></item>"
                    "<item><title>B</title><link>https://news.example/second-cut-off";
  SourceDocument c = read_source(cut, "application/rss+xml", kBase);
  CHECK(urls(c) == std::vector<std::string>{"https://news.example/first-whole-item"});
  CHECK(c.warning.find("XML error at byte") == 0);
  // Nothing to read: one error each, naming the source.
  CHECK_THROWS_WITH_AS(read_source("  \n", "application/rss+xml", kBase), "not a source: https://news.example/feeds/top.xml: the response is empty", Error);
  CHECK_THROWS_WITH_AS(read_source("<config><x/></config>", "text/xml", kBase), doctest::Contains("not RSS, Atom or a sitemap (root <config>)"), Error);
  CHECK_THROWS_WITH_AS(read_source("{\"json\": true}", "application/json", kBase), doctest::Contains("not a feed, sitemap or HTML page"), Error);
}
