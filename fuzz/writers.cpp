// libFuzzer target: the writers. Two versions of an article from the input (title on the first line,
// paragraphs after, versions split at a NUL) go through the RSS and Atom writers and the HTML diff
// page; the feeds must parse back as XML (pugixml) with the item title intact, and the HTML must
// carry no element or attribute the input could have smuggled in.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "diffwire/feed.hpp"
#include "diffwire/diff_writers.hpp"
#include "diffwire/escape.hpp"
#include "fuzz_check.hpp"

namespace {
diffwire::Article article(std::string_view text) {
  diffwire::Article a;
  auto nl = text.find('\n');
  a.title = std::string(text.substr(0, nl));
  text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  while (!text.empty() && a.paragraphs.size() < 200) {
    nl = text.find('\n');
    if (nl != 0) a.paragraphs.emplace_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return a;
}

// XML parsers fold line ends and writers may trim: titles compare without ASCII whitespace.
std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  return out;
}

// Every '<' in the page must open one of the writer's own elements: the input's are all escaped.
bool only_own_markup(const std::string& page) {
  static const std::vector<std::string> kOwn = {"!doctype", "html", "head", "meta", "title", "style", "body", "h1",
                                                "p", "a", "table", "thead", "tbody", "tr", "th", "td", "strong", "section", "h2",
                                                "span", "del", "ins", "em"};
  for (std::size_t at = page.find('<'); at != std::string::npos; at = page.find('<', at + 1)) {
    std::size_t start = at + 1 + (at + 1 < page.size() && page[at + 1] == '/');
    std::size_t end = page.find_first_of(" >\n", start);
    std::string name = page.substr(start, end == std::string::npos ? std::string::npos : end - start);
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (std::find(kOwn.begin(), kOwn.end(), name) == kOwn.end()) return false;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto cut = input.find('\0');
  diffwire::Article from = article(input.substr(0, cut));
  diffwire::Article to = cut == std::string_view::npos ? from : article(input.substr(cut + 1));
  diffwire::VersionDiff d = diffwire::make_article_diff(from, to);
  d.url = "https://example.org/news/story";
  d.from = 1;
  d.to = 2;
  diffwire::FeedItem item{to.title, d.url, d.url + "#diffwire-version-2", diffwire::render_diff_html(d), 1'790'000'000,
                          d.classes};
  diffwire::FeedChannel channel{from.title, "https://example.org/", "changes", 1'790'000'000};
  for (bool atom : {false, true}) {
    std::string xml = atom ? diffwire::render_atom(channel, {item}) : diffwire::render_rss(channel, {item});
    fuzz_check(fuzz_valid_utf8(xml), "a feed that is not UTF-8");
    pugi::xml_document doc;
    fuzz_check(doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8).status == pugi::status_ok,
               atom ? "the Atom feed does not parse" : "the RSS feed does not parse");
    pugi::xml_node title = atom ? doc.child("feed").child("entry").child("title") : doc.child("rss").child("channel").child("item").child("title");
    fuzz_check(squeeze(title.child_value()) == squeeze(diffwire::xml_safe(to.title)), "the item title did not come back");
  }
  std::string page = diffwire::render_diff_html_page(d);
  fuzz_check(fuzz_valid_utf8(page) || !fuzz_valid_utf8(input), "the HTML page is not UTF-8");
  fuzz_check(only_own_markup(page), "the HTML page carries markup from the input");
  return 0;
}
