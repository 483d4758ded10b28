// Bytes → UTF-8. UTF-8, windows-1252 (which WHATWG also uses for "iso-8859-1" and "ascii") and
// UTF-16 are decoded here directly — they are most of the web and must never fail; every other label
// goes through glibc's iconv, wrapped once below. Anything undecodable becomes U+FFFD, never an
// error: a page with one bad byte is still an article.
#include "diffwire/charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <utility>

namespace diffwire {

namespace {
constexpr const char* kReplacement = "\xEF\xBF\xBD";
}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) { out += kReplacement; return; }
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp <= 0x10FFFF) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += kReplacement;
  }
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid (overlong, surrogate, too big,
// truncated).
std::size_t valid_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) { n = 3; lo = 0xA0; }
  else if (c == 0xED) { n = 3; hi = 0x9F; }
  else if (c >= 0xE1 && c <= 0xEF) n = 3;
  else if (c == 0xF0) { n = 4; lo = 0x90; }
  else if (c == 0xF4) { n = 4; hi = 0x8F; }
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (b(k) < 0x80 || b(k) > 0xBF) return 0;
  return n;
}

bool has_multibyte(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = valid_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

const std::uint16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string decode_windows1252(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) out += static_cast<char>(c);
    else if (c < 0xA0) append_utf8(out, kWindows1252High[c - 0x80]);
    else append_utf8(out, c);
  }
  return out;
}

std::string decode_utf16(std::string_view s, bool big_endian) {
  std::string out;
  out.reserve(s.size());
  auto unit = [&](std::size_t i) -> std::uint32_t {
    auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  std::size_t i = 0;
  for (; i + 1 < s.size(); i += 2) {
    std::uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < s.size()) {
      std::uint32_t v = unit(i + 2);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, u);  // lone surrogates become U+FFFD in append_utf8
  }
  if (i < s.size()) out += kReplacement;
  return out;
}

// The one owner of an iconv descriptor.
class Iconv {
 public:
  explicit Iconv(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  std::string convert(std::string_view in) {
    std::string out;
    out.reserve(in.size() * 2);
    char buf[8192];
    char* src = const_cast<char*>(in.data());
    std::size_t left = in.size();
    while (left > 0) {
      char* dst = buf;
      std::size_t room = sizeof buf;
      std::size_t r = iconv(cd_, &src, &left, &dst, &room);
      out.append(buf, static_cast<std::size_t>(dst - buf));
      if (r == static_cast<std::size_t>(-1)) {
        if (errno == E2BIG) continue;
        // EILSEQ or EINVAL (truncated at the end): one replacement, skip a byte, go on.
        out += kReplacement;
        ++src;
        --left;
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
      }
    }
    return sanitize_utf8(out);
  }

 private:
  iconv_t cd_;
};

std::string lower_trim(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '"' && c != '\'')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A label as WHATWG's Encoding Standard resolves it, or "" when diffwire cannot decode it.
std::string resolve_label(std::string_view raw) {
  std::string l = lower_trim(raw);
  static const std::pair<const char*, const char*> aliases[] = {
      {"utf8", "utf-8"}, {"unicode-1-1-utf-8", "utf-8"}, {"utf-8", "utf-8"},
      {"ascii", "windows-1252"}, {"us-ascii", "windows-1252"}, {"latin1", "windows-1252"},
      {"l1", "windows-1252"}, {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"},
      {"iso_8859-1", "windows-1252"}, {"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
      {"cp819", "windows-1252"}, {"iso-8859-9", "windows-1254"}, {"latin5", "windows-1254"},
      {"iso-8859-11", "windows-874"}, {"tis-620", "windows-874"},
      {"gb2312", "gb18030"}, {"gbk", "gb18030"}, {"x-gbk", "gb18030"}, {"chinese", "gb18030"},
      {"sjis", "shift_jis"}, {"x-sjis", "shift_jis"}, {"ms_kanji", "shift_jis"},
      {"windows-31j", "shift_jis"}, {"csshiftjis", "shift_jis"}, {"big5-hkscs", "big5"},
      {"x-euc-jp", "euc-jp"}, {"ks_c_5601-1987", "euc-kr"}, {"utf-16", "utf-16le"},
      {"unicode", "utf-16le"}, {"ucs-2", "utf-16le"}, {"koi", "koi8-r"}, {"koi8", "koi8-r"}};
  for (auto& [from, to] : aliases)
    if (l == from) return to;
  if (l.empty() || l.size() > 40) return "";
  // Browsers refuse UTF-7 (a classic filter bypass) and UTF-32; so does diffwire.
  if (l.find("utf-7") != std::string::npos || l.find("utf7") != std::string::npos ||
      l.find("utf-32") != std::string::npos || l.find("utf32") != std::string::npos || l == "ucs-4")
    return "";
  if (l == "windows-1252" || l == "utf-16le" || l == "utf-16be") return l;
  Iconv probe(l);
  return probe.ok() ? l : "";
}

// The iconv name for a resolved label; WHATWG's "shift_jis" and "euc-kr" are Microsoft's supersets.
std::string iconv_name(const std::string& label) {
  if (label == "shift_jis") return "CP932";
  if (label == "euc-kr") return "CP949";
  return label;
}

std::string charset_param(std::string_view content_type) {
  std::string lower;
  for (char c : content_type) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto pos = lower.find("charset");
  if (pos == std::string::npos) return "";
  pos = lower.find_first_not_of(" \t", pos + 7);
  if (pos == std::string::npos || lower[pos] != '=') return "";
  auto start = lower.find_first_not_of(" \t\"'", pos + 1);
  if (start == std::string::npos) return "";
  auto end = lower.find_first_of(" \t\"';,", start);
  return lower.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The <meta> prescan: looks at the first 1024 bytes for <meta charset> or an http-equiv
// Content-Type with a charset. A simplification of WHATWG's algorithm that skips comments.
std::string meta_charset(std::string_view bytes) {
  std::string head;
  for (char c : bytes.substr(0, 1024)) head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string::npos) {
    if (head.compare(pos, 4, "<!--") == 0) {
      auto end = head.find("-->", pos + 4);
      if (end == std::string::npos) break;
      pos = end + 3;
      continue;
    }
    if (head.compare(pos, 5, "<meta") != 0 || pos + 5 >= head.size() ||
        !(std::isspace(static_cast<unsigned char>(head[pos + 5])) || head[pos + 5] == '/')) {
      ++pos;
      continue;
    }
    auto end = head.find('>', pos);
    std::string tag = head.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? head.size() : end;
    auto cs = tag.find("charset");
    if (cs == std::string::npos) continue;
    // <meta charset=X> and content="text/html; charset=X" both parse as a charset parameter.
    std::string label = charset_param(std::string_view(tag).substr(cs));
    if (label.empty()) continue;
    std::string resolved = resolve_label(label);
    if (resolved == "utf-16le" || resolved == "utf-16be") return "utf-8";  // WHATWG: meta can't say UTF-16
    if (!resolved.empty()) return resolved;
  }
  return "";
}

}  // namespace

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = valid_sequence(s, i);
    if (n == 0) {
      out += kReplacement;  // one per invalid byte: simple, and never swallows valid text
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string sniff_charset(std::string_view bytes, std::string_view content_type) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (bytes.substr(0, 2) == "\xFE\xFF") return "utf-16be";
  if (bytes.substr(0, 2) == "\xFF\xFE") return "utf-16le";
  // Mislabelled UTF-8 is common (a server default of ISO-8859-1, a page re-saved as UTF-8 that kept
  // its old <meta>); legacy text that happens to be valid UTF-8 with multi-byte sequences is
  // vanishingly rare. So valid UTF-8 that is not plain ASCII is UTF-8, whatever the label says.
  if (has_multibyte(bytes) && is_valid_utf8(bytes)) return "utf-8";
  if (std::string label = resolve_label(charset_param(content_type)); !label.empty()) return label;
  if (std::string label = meta_charset(bytes); !label.empty()) return label;
  return is_valid_utf8(bytes) ? "utf-8" : "windows-1252";
}

std::string decode_to_utf8(std::string_view bytes, std::string_view charset) {
  std::string label = resolve_label(charset);
  if (label == "utf-8" || label.empty()) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    return label.empty() && !is_valid_utf8(bytes) ? decode_windows1252(bytes) : sanitize_utf8(bytes);
  }
  if (label == "windows-1252") return decode_windows1252(bytes);
  if (label == "utf-16le" || label == "utf-16be") {
    bool be = label == "utf-16be";
    if (bytes.substr(0, 2) == (be ? "\xFE\xFF" : "\xFF\xFE")) bytes.remove_prefix(2);
    return decode_utf16(bytes, be);
  }
  Iconv cd(iconv_name(label));
  if (!cd.ok()) return sanitize_utf8(bytes);
  return cd.convert(bytes);
}

}  // namespace diffwire
