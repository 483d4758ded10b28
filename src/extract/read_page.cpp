// read_page.hpp: the front door of extraction. The two questions every reader of a page used to
// answer for itself — is this body a page or text, and which bytes are which characters — are
// answered here once.
#include "diffwire/read_page.hpp"

#include <algorithm>
#include <cstdint>
#include <sstream>

#include "diffwire/charset.hpp"
#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {
std::string media_type(std::string_view content_type) {
  std::string t;
  for (char c : content_type.substr(0, content_type.find(';')))
    if (c != ' ' && c != '\t') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

// C0 control characters (but tab, line feed, form feed and carriage return, which are whitespace, and
// NUL, which the parser handles) are no text: a browser shows nothing for them, and gumbo would turn
// each into U+FFFD inside a word. DEL likewise.
std::string drop_controls(std::string text) {
  // Kept below 0x20: NUL, tab, LF, FF, CR (a bit each). Most bytes fail the first test.
  constexpr std::uint32_t kKept = 1u << 0 | 1u << '\t' | 1u << '\n' | 1u << '\f' | 1u << '\r';
  auto control = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 ? ((kKept >> u) & 1u) == 0 : u == 0x7F;
  };
  auto first = std::find_if(text.begin(), text.end(), control);
  if (first != text.end()) text.erase(std::remove_if(first, text.end(), control), text.end());
  return text;
}

}  // namespace

BodyKind body_kind(std::string_view content_type) {
  std::string t = media_type(content_type);
  if (t.empty() || t == "text/html" || t == "application/xhtml+xml" || t == "application/xml" || t == "text/xml")
    return BodyKind::page;
  return t == "text/plain" ? BodyKind::text : BodyKind::other;
}

std::string content_type_of_file(std::string_view path) {
  std::string_view name = path.substr(path.find_last_of('/') == std::string_view::npos ? 0 : path.find_last_of('/') + 1);
  auto dot = name.find_last_of('.');
  std::string ext = dot == std::string_view::npos ? "" : media_type(name.substr(dot));
  return ext == ".html" || ext == ".htm" || ext == ".xhtml" ? "text/html" : "text/plain";
}

std::string page_to_utf8(std::string_view bytes, std::string_view content_type) {
  return drop_controls(decode_to_utf8(bytes, sniff_charset(bytes, content_type)));
}

Article read_page(std::string_view body, std::string_view content_type, const ExtractOptions& options) {
  switch (body_kind(content_type)) {
    case BodyKind::page: return extract_article(page_to_utf8(body, content_type), options);  // normalised there
    case BodyKind::text: {
      Article a;
      std::istringstream lines(page_to_utf8(body, content_type));
      for (std::string line; std::getline(lines, line);) a.paragraphs.push_back(line);
      a.method = "text";
      return normalized(std::move(a));
    }
    case BodyKind::other: break;
  }
  return {};
}

}  // namespace diffwire
