// libFuzzer target: any bytes as a page, with any declared Content-Type and charset, through
// read_page: charset detection, the prefilter and every extraction layer (or the text reader). A page may be refused (PageRefused); nothing may crash, hang
// or leak, and what comes out is UTF-8 without empty paragraphs.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diffwire/read_page.hpp"
#include "diffwire/error.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first line, when short, is the Content-Type header; the rest is the page.
  std::string_view type;
  if (auto nl = bytes.find('\n'); nl != std::string_view::npos && nl < 64) {
    type = bytes.substr(0, nl);
    bytes.remove_prefix(nl + 1);
  }
  std::string html = diffwire::page_to_utf8(bytes, type);
  fuzz_check(fuzz_valid_utf8(html), "page_to_utf8 made invalid UTF-8");
  try {
    diffwire::Article a = diffwire::read_page(bytes, type, {"https://example.org/news/story", nullptr, nullptr});
    fuzz_check(fuzz_valid_utf8(a.title), "title is not UTF-8");
    for (const std::string& p : a.paragraphs) {
      fuzz_check(!p.empty(), "an empty paragraph");
      fuzz_check(fuzz_valid_utf8(p), "a paragraph is not UTF-8");
    }
  } catch (const diffwire::PageRefused&) {
    // past the parse budgets: a clear outcome
  }
  return 0;
}
