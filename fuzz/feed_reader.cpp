// libFuzzer target: the source reader (RSS, RDF, Atom, sitemaps, sitemap indexes, text lists, HTML
// section pages) on any bytes as any of those: it answers with items or says "not a source" (Error);
// every URL it returns is absolute http(s), each once, and no more than the protocol's limit.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "diffwire/discover.hpp"
#include "diffwire/error.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* kTypes[] = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
                                 "text/plain", "text/html", ""};
  std::string_view type = kTypes[data[0] % (sizeof kTypes / sizeof *kTypes)];
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  diffwire::SourceDocument doc;
  try {
    doc = diffwire::read_source(body, type, "https://example.org/feeds/news.xml");
  } catch (const diffwire::Error&) {
    return 0;  // not a feed, sitemap or page: a clear outcome
  }
  fuzz_check(doc.items.size() <= diffwire::kMaxSourceItems, "more items than the limit");
  std::set<std::string> seen;
  for (const auto& item : doc.items) {
    fuzz_check(item.url.rfind("http://", 0) == 0 || item.url.rfind("https://", 0) == 0, "a URL that is not http(s)");
    fuzz_check(seen.insert(item.url).second, "a URL twice");
    fuzz_check(fuzz_valid_utf8(item.title), "a title that is not UTF-8");
  }
  for (const auto& s : doc.sitemaps)
    fuzz_check(s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0, "a sitemap URL that is not http(s)");
  return 0;
}
