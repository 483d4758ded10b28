#include "diffwire/discover.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "diffwire/charset.hpp"
#include "diffwire/error.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/url.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
const std::string kBase = "https://news.example/feeds/top.xml";

std::vector<std::string> urls(const SourceDocument& d) {
  std::vector<std::string> out;
  for (const auto& i : d.items) out.push_back(i.url);
  return out;
}

std::vector<std::string> titles(const SourceDocument& d) {
  std::vector<std::string> out;
  for (const auto& i : d.items) out.push_back(i.title);
  return out;
}

// The feeds written for these tests (tests/feeds/), by file name.
std::string feed_file(const std::string& name) {
  return testing::read_text(testing::source_dir() + "/tests/feeds/" + name);
}

// A UTF-8 feed in UTF-16 or UTF-32, with or without a byte order mark, its declaration saying so.
std::string transcode(std::string utf8, int unit, bool big_endian, bool bom) {
  if (auto at = utf8.find("encoding=\"UTF-8\""); at != std::string::npos)
    utf8.replace(at, 16, unit == 2 ? "encoding=\"UTF-16\"" : "encoding=\"UTF-32\"");
  std::vector<std::uint32_t> units;
  if (bom) units.push_back(0xFEFF);
  for (std::size_t i = 0; i < utf8.size();) {
    CodePoint cp = code_point_at(utf8, i);
    i += cp.length;
    if (unit == 2 && cp.value >= 0x10000) {
      units.push_back(0xD800 + ((cp.value - 0x10000) >> 10));
      units.push_back(0xDC00 + ((cp.value - 0x10000) & 0x3FF));
    } else {
      units.push_back(cp.value);
    }
  }
  std::string out;
  for (std::uint32_t u : units)
    for (int k = 0; k < unit; ++k) {
      int shift = big_endian ? 8 * (unit - 1 - k) : 8 * k;
      out += static_cast<char>((u >> shift) & 0xFF);
    }
  return out;
}

// Every feed under test: the files, and the wide encodings made from one of them.
std::map<std::string, std::string> all_feeds() {
  std::map<std::string, std::string> feeds;
  for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() + "/tests/feeds"))
    if (entry.path().extension() == ".xml") feeds[entry.path().filename().string()] = testing::read_text(entry.path().string());
  std::string plain = feeds.at("rss-plain.xml");
  feeds["utf-16le-no-bom.xml"] = transcode(plain, 2, false, false);
  feeds["utf-16be-no-bom.xml"] = transcode(plain, 2, true, false);
  feeds["utf-32le-bom.xml"] = transcode(plain, 4, false, true);
  feeds["utf-32be-bom.xml"] = transcode(plain, 4, true, true);
  feeds["utf-32le-no-bom.xml"] = transcode(plain, 4, false, false);
  feeds["utf-32be-no-bom.xml"] = transcode(plain, 4, true, false);
  return feeds;
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

TEST_CASE("an XML error after the last item keeps that item") {
  for (std::string name : {"after-last-item-rss-end-tag-cut.xml", "after-last-item-stray-end-tag.xml",
                           "after-last-item-unterminated-comment.xml"}) {
    CAPTURE(name);
    SourceDocument d = read_source(feed_file(name), "application/rss+xml", kBase);
    CHECK(d.kind == "rss");
    CHECK(urls(d) == std::vector<std::string>{"https://news.example/uk/first-whole-story", "https://news.example/uk/last-whole-story"});
    CHECK(d.warning.find("XML error at byte") == 0);  // the damage is still reported
  }
  // An end tag quoted in the last item's CDATA is no proof the item was whole.
  std::string quoted = "<rss><channel><item><title>A</title><link>https://news.example/first-whole-item</link></item>"
                       "<item><link>https://news.example/second-item</link><description><![CDATA[ends with </item>]]></description>"
                       "<title>cut sho";
  CHECK(urls(read_source(quoted, "application/rss+xml", kBase)) == std::vector<std::string>{"https://news.example/first-whole-item"});
}

TEST_CASE("a feed that starts with a DOCTYPE or a comment and holds HTML in CDATA is still a feed") {
  SourceDocument d = read_source(feed_file("doctype-and-html-in-cdata.xml"), "text/xml", kBase);
  CHECK(d.kind == "rss");
  CHECK(titles(d) == std::vector<std::string>{"Council meets on flood plan", "Tide tables for the week"});
  SourceDocument c = read_source(feed_file("comment-first-and-html-in-cdata.xml"), "text/xml", kBase);
  CHECK(c.kind == "rss");
  CHECK(urls(c) == std::vector<std::string>{"https://news.example/uk/council-flood-plan"});
  // An HTML page with a DOCTYPE is still a section page, whatever follows.
  SourceDocument h = read_source("<!-- x --><!DOCTYPE html><title>t</title><a href=\"/uk/a-long-story-slug\">A</a>", "text/html", kBase);
  CHECK(h.kind == "html");
}

TEST_CASE("a byte order mark decides the charset; a stray invalid byte after it is U+FFFD, not a text sitemap") {
  SourceDocument d = read_source(feed_file("bom-then-invalid-byte.xml"), "application/rss+xml", kBase);
  CHECK(d.kind == "rss");
  CHECK(titles(d) == std::vector<std::string>{"Café owners welcome a “quiet” winter", "Zürich talks resume"});
  // Without a byte order mark, too, a UTF-8 feed with one stray byte stays UTF-8.
  std::string bytes = feed_file("bom-then-invalid-byte.xml").substr(3);
  CHECK(read_source(bytes, "application/rss+xml", kBase).items.at(1).title == "Zürich talks resume");
}

TEST_CASE("an escaped < in a title is text; escaped markup is HTML; Atom's title types are obeyed") {
  SourceDocument d = read_source(feed_file("escaped-less-than-in-title.xml"), "application/rss+xml", kBase);
  CHECK(titles(d) == std::vector<std::string>{"Why a<b matters for the tide model", "Rates: 3 < 4, and the bank says so",
                                              "Storm latest updates", "Tom & Jerry & friends"});
  SourceDocument a = read_source(feed_file("atom-title-types.xml"), "application/atom+xml", kBase);
  CHECK(titles(a) == std::vector<std::string>{"Storm latest", "Why a<b matters", "Rates rise again", "Code: </p> is an end tag"});
}

TEST_CASE("child elements are looked up in the item's own namespace") {
  SourceDocument d = read_source(feed_file("namespaced-children.xml"), "application/rss+xml", kBase);
  CHECK(urls(d) == std::vector<std::string>{"https://news.example/uk/harbour-wall-plan-1", "https://news.example/uk/bridge-closed-2"});
  CHECK(titles(d) == std::vector<std::string>{"Harbour wall plan approved", "Bridge closed after storm"});
  // A title only in another namespace still names the item; a prefix bound to the item's own
  // namespace is the item's own.
  std::string other = R"x(<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:r="urn:x"><channel><item><dc:title>Only DC</dc:title>
<link>https://news.example/only-dc-title</link></item></channel></rss>)x";
  CHECK(read_source(other, "application/rss+xml", kBase).items.at(0).title == "Only DC");
  std::string prefixed = R"x(<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns="http://www.w3.org/1999/xhtml"><a:entry>
<link href="https://news.example/xhtml-link-not-this"/><a:link href="https://news.example/atom-link-this-one"/><a:title>T</a:title>
</a:entry></a:feed>)x";
  CHECK(urls(read_source(prefixed, "application/atom+xml", kBase)) == std::vector<std::string>{"https://news.example/atom-link-this-one"});
}

TEST_CASE("a link whose host holds a bracket outside an IPv6 literal is ignored, not followed") {
  SourceDocument d = read_source(feed_file("host-with-bracket.xml"), "application/rss+xml", kBase);
  CHECK(urls(d) == std::vector<std::string>{"http://[2001:db8::1]/uk/ipv6-story", "https://news.example/uk/ordinary-story"});
  CHECK(d.ignored_links == 1);
}

TEST_CASE("Atom's xml:base: on the feed, the entry and the link, each against the one before") {
  SourceDocument d = read_source(feed_file("atom-xml-base.xml"), "application/atom+xml", kBase);
  CHECK(urls(d) == std::vector<std::string>{"https://news.example/world/2026/11/storm-reaches-coast",
                                            "https://news.example/world/talks-resume", "https://news.example/business/markets-open"});
  // A relative xml:base is relative to the document's own URL.
  std::string relative = R"x(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="../stories/"><entry><title>T</title>
<link href="one-story-here"/></entry></feed>)x";
  CHECK(urls(read_source(relative, "application/atom+xml", kBase)) == std::vector<std::string>{"https://news.example/stories/one-story-here"});
}

TEST_CASE("UTF-16 without a byte order mark and UTF-32 are read by their layout") {
  SourceDocument plain = read_source(feed_file("rss-plain.xml"), "application/rss+xml", kBase);
  REQUIRE(plain.items.size() == 3);
  CHECK(plain.items[2].title == "Café owners welcome “quiet” winter");
  for (auto [name, bytes] : all_feeds()) {
    if (!name.starts_with("utf-")) continue;
    CAPTURE(name);
    SourceDocument d = read_source(bytes, "application/rss+xml", kBase);
    CHECK(urls(d) == urls(plain));
    CHECK(titles(d) == titles(plain));
    CHECK(d.warning.empty());
  }
  // Declared UTF-16 over single bytes is a wrong declaration, ignored.
  std::string wrong = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><item><title>Zürich</title>"
                      "<link>https://news.example/zurich-story</link></item></channel></rss>";
  CHECK(read_source(wrong, "application/rss+xml", kBase).items.at(0).title == "Zürich");
}

// Debian's feedparser reads every feed above: each item's link and title must agree with diffwire's,
// but where a difference is listed here with the reason diffwire's answer is the right one.
TEST_CASE("differential: every test feed as python3-feedparser reads it") {
  testing::TempDir dir;
  auto feeds = all_feeds();
  std::string files;
  for (const auto& [name, bytes] : feeds) {
    testing::write_text(dir.file(name), bytes);
    files += " " + testing::shell_quote(dir.file(name));
  }
  std::string script = dir.file("read.py");
  testing::write_text(script, R"py(import sys, json, feedparser, html.parser, os
class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True); self.out = []; self.skip = 0
    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'style'): self.skip += 1
    def handle_endtag(self, tag):
        if tag in ('script', 'style') and self.skip: self.skip -= 1
    def handle_data(self, d):
        if not self.skip: self.out.append(d)
def text(detail):
    if detail is None: return ''
    if detail.type not in ('text/html', 'application/xhtml+xml'): return detail.value
    t = Text(); t.feed(detail.value); t.close(); return ''.join(t.out)
result = {}
for path in sys.argv[2:]:
    with open(path, 'rb') as f: data = f.read()
    d = feedparser.parse(data, response_headers={'content-location': sys.argv[1]})
    result[os.path.basename(path)] = [[e.get('link', ''), text(e.get('title_detail'))] for e in d.entries]
print(json.dumps(result))
)py");
  std::string out = dir.file("feedparser.json");
  int rc = std::system(("/usr/bin/python3 " + script + " " + kBase + files + " > " + out + " 2>&1").c_str());
  std::string got = testing::read_text(out);
  REQUIRE_MESSAGE(rc == 0, "python3-feedparser is needed (scripts/install-deps): " << got);
  auto reference = nlohmann::json::parse(got);
  // Where diffwire is right and feedparser is not.
  const std::map<std::string, std::string> known = {
      {"host-with-bracket.xml", "feedparser passes \"https://news[1].example/…\" on; a host may hold \"[\" only "
                                "around an IPv6 literal (RFC 3986), so diffwire ignores that item"}};
  int compared = 0;
  for (const auto& [name, bytes] : feeds) {
    CAPTURE(name);
    SourceDocument d = read_source(bytes, "application/xml", kBase);
    std::string ours, theirs;  // one line per item: "URL | title"
    for (const auto& item : d.items) ours += item.url + " | " + item.title + "\n";
    for (const auto& entry : reference.at(name)) {
      std::string link = entry[0].get<std::string>();
      auto url = resolve_url(kBase, link);
      theirs += (url ? *url : "(no link: " + link + ")") + " | " + normalize_text(entry[1].get<std::string>()) + "\n";
    }
    if (auto why = known.find(name); why != known.end()) {
      CHECK_MESSAGE(ours != theirs, name << " is listed as differing (" << why->second << ") but now agrees");
      continue;
    }
    CHECK(ours == theirs);
    ++compared;
  }
  CHECK(compared + known.size() == feeds.size());
  CHECK(feeds.size() >= 18);
}
