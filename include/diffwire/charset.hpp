// Every page becomes valid UTF-8 before parsing. Order (WHATWG-like): byte order mark; then bytes
// that are valid UTF-8 and not plain ASCII are UTF-8 whatever the label says (mislabelled UTF-8 is
// common, the reverse is not); then the HTTP Content-Type charset, a <meta> prescan of the first
// 1024 bytes, a <meta> met later in the page (a browser's parser changes encoding when it meets
// one); and when nothing is declared, UTF-8 if the bytes are UTF-8 but for a few invalid ones, else
// windows-1252. Invalid bytes become U+FFFD.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace diffwire {

// The encoding label the page should be decoded with, lower-case ("utf-8", "windows-1252", ...).
std::string sniff_charset(std::string_view bytes, std::string_view content_type);
std::string decode_to_utf8(std::string_view bytes, std::string_view charset);
// (Both at once, for a page: page_to_utf8 in read_page.hpp.)
// An XML document (a feed, a sitemap) as UTF-8, by XML's rules rather than HTML's: a byte order mark
// (UTF-8, UTF-16, UTF-32); UTF-16 or UTF-32 without one, known by how the first characters lay out
// in the first four bytes (XML 1.0, Appendix F); then the encoding declaration, over the HTTP charset;
// then as sniff_charset. Declared UTF-8 over bytes that are not mostly UTF-8 is read as
// windows-1252, the commonest mislabel of feeds; after a byte order mark invalid bytes are U+FFFD.
std::string xml_to_utf8(std::string_view bytes, std::string_view content_type);
// Replaces invalid UTF-8 sequences with U+FFFD; valid input is returned unchanged.
std::string sanitize_utf8(std::string_view bytes);
// The code point at s[i] and how many bytes it takes; an invalid sequence reads as U+FFFD, one byte.
struct CodePoint {
  std::uint32_t value;
  std::size_t length;
};
CodePoint code_point_at(std::string_view s, std::size_t i);
// s cut to at most max_bytes, never in the middle of a character, with "..." when it was cut.
std::string utf8_prefix(std::string_view s, std::size_t max_bytes);
// Appends code point cp as UTF-8; surrogates and values beyond U+10FFFF become U+FFFD.
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace diffwire
