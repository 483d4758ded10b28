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
#include <initializer_list>

#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {
constexpr const char* kReplacement = "\xEF\xBF\xBD";
// How far a <meta charset> is looked for past the prescan: a page's <head>, however padded.
constexpr std::size_t kMaxLateMeta = 1 << 20;
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

// Where the run of ASCII bytes that starts at i ends: pages are mostly ASCII, and a run is checked
// and copied as a block instead of byte by byte.
std::size_t ascii_run_end(std::string_view s, std::size_t i) {
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

bool has_multibyte(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// UTF-8 with a few invalid bytes (a stray byte from a pasted snippet, a character cut in two): at
// least twice as many valid multi-byte sequences as invalid bytes. Legacy text almost never forms
// valid multi-byte sequences by accident, so even a few of them outweigh a stray byte.
bool mostly_utf8(std::string_view s) {
  std::size_t valid = 0, invalid = 0;
  for (std::size_t i = ascii_run_end(s, 0); i < s.size(); i = ascii_run_end(s, i)) {
    std::size_t n = valid_sequence(s, i);
    if (n == 0) {
      ++invalid;
      ++i;
      continue;
    }
    if (n > 1) ++valid;
    i += n;
  }
  return valid > 0 && 2 * invalid <= valid;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = ascii_run_end(s, 0); i < s.size(); i = ascii_run_end(s, i)) {
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

// UTF-32 is no web encoding (browsers refuse it, and so does sniff_charset) but XML allows it.
std::string decode_utf32(std::string_view s, bool big_endian) {
  std::string out;
  out.reserve(s.size() / 2);
  std::size_t i = 0;
  for (; i + 3 < s.size(); i += 4) {
    auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k])); };
    append_utf8(out, big_endian ? b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3) : b(3) << 24 | b(2) << 16 | b(1) << 8 | b(0));
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

// WHATWG trims ASCII whitespace and compares case-insensitively; quotes are a common slip.
std::string lower_trim(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '"' && c != '\'')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The Encoding Standard's label table, complete: an encoding name, the iconv name that decodes it
// ("" when decoded here), and every label browsers accept for it. A label missing from this table is
// ignored as browsers ignore it — UTF-7 and UTF-32 included, which are classic filter bypasses.
struct Encoding {
  const char* name;
  const char* iconv;
  std::initializer_list<const char*> labels;
};

const Encoding kEncodings[] = {
    {"utf-8", "", {"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"}},
    {"ibm866", "IBM866", {"866", "cp866", "csibm866", "ibm866"}},
    {"iso-8859-2", "ISO-8859-2",
     {"csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"}},
    {"iso-8859-3", "ISO-8859-3",
     {"csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"}},
    {"iso-8859-4", "ISO-8859-4",
     {"csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"}},
    {"iso-8859-5", "ISO-8859-5",
     {"csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"}},
    {"iso-8859-6", "ISO-8859-6",
     {"arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e",
      "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"}},
    {"iso-8859-7", "ISO-8859-7",
     {"csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597",
      "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"}},
    {"iso-8859-8", "ISO-8859-8",
     {"csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598",
      "iso_8859-8", "iso_8859-8:1988", "visual"}},
    // Logical-order Hebrew: the same bytes as iso-8859-8; only the display direction differs.
    {"iso-8859-8-i", "ISO-8859-8", {"csiso88598i", "iso-8859-8-i", "logical"}},
    {"iso-8859-10", "ISO-8859-10",
     {"csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"}},
    {"iso-8859-13", "ISO-8859-13", {"iso-8859-13", "iso8859-13", "iso885913"}},
    {"iso-8859-14", "ISO-8859-14", {"iso-8859-14", "iso8859-14", "iso885914"}},
    {"iso-8859-15", "ISO-8859-15", {"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"}},
    {"iso-8859-16", "ISO-8859-16", {"iso-8859-16"}},
    {"koi8-r", "KOI8-R", {"cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"}},
    // WHATWG's KOI8-U is KOI8-RU (it adds the Belarusian letters).
    {"koi8-u", "KOI8-RU", {"koi8-ru", "koi8-u"}},
    {"macintosh", "MACINTOSH", {"csmacintosh", "mac", "macintosh", "x-mac-roman"}},
    {"windows-874", "WINDOWS-874", {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"}},
    {"windows-1250", "WINDOWS-1250", {"cp1250", "windows-1250", "x-cp1250"}},
    {"windows-1251", "WINDOWS-1251", {"cp1251", "windows-1251", "x-cp1251"}},
    {"windows-1252", "",
     {"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
      "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"}},
    {"windows-1253", "WINDOWS-1253", {"cp1253", "windows-1253", "x-cp1253"}},
    {"windows-1254", "WINDOWS-1254",
     {"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5",
      "latin5", "windows-1254", "x-cp1254"}},
    {"windows-1255", "WINDOWS-1255", {"cp1255", "windows-1255", "x-cp1255"}},
    {"windows-1256", "WINDOWS-1256", {"cp1256", "windows-1256", "x-cp1256"}},
    {"windows-1257", "WINDOWS-1257", {"cp1257", "windows-1257", "x-cp1257"}},
    {"windows-1258", "WINDOWS-1258", {"cp1258", "windows-1258", "x-cp1258"}},
    {"x-mac-cyrillic", "MAC-CYRILLIC", {"x-mac-cyrillic", "x-mac-ukrainian"}},
    // WHATWG decodes GBK with the GB18030 decoder, a superset.
    {"gbk", "GB18030",
     {"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58", "x-gbk"}},
    {"gb18030", "GB18030", {"gb18030"}},
    // WHATWG's Big5 includes the Hong Kong supplement.
    {"big5", "BIG5-HKSCS", {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"}},
    {"euc-jp", "EUC-JP", {"cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"}},
    {"iso-2022-jp", "ISO-2022-JP", {"csiso2022jp", "iso-2022-jp"}},
    // WHATWG's Shift_JIS and EUC-KR are Microsoft's supersets of them.
    {"shift_jis", "CP932",
     {"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"}},
    {"euc-kr", "CP949",
     {"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601",
      "ksc_5601", "windows-949"}},
    // Encodings that smuggle ASCII through escape sequences: browsers decode the whole page as one
    // U+FFFD rather than risk it, and so does diffwire.
    {"replacement", "",
     {"csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr", "replacement"}},
    {"utf-16be", "", {"unicodefffe", "utf-16be"}},
    {"utf-16le", "", {"csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"}},
    {"x-user-defined", "", {"x-user-defined"}},
};

const Encoding* find_encoding(std::string_view raw) {
  std::string l = lower_trim(raw);
  for (const auto& e : kEncodings)
    for (const char* label : e.labels)
      if (l == label) return &e;
  return nullptr;
}

// A label as WHATWG's Encoding Standard resolves it, or "" when browsers would ignore it.
std::string resolve_label(std::string_view raw) {
  const Encoding* e = find_encoding(raw);
  return e ? e->name : "";
}

// x-user-defined maps the high half of the byte range onto a private-use block.
std::string decode_x_user_defined(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    if (c < 0x80) out += static_cast<char>(c);
    else append_utf8(out, 0xF780 + c - 0x80);
  }
  return out;
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

// The <meta> prescan: looks at the first 1024 bytes (`limit`) for <meta charset> or an http-equiv
// Content-Type with a charset. A simplification of WHATWG's algorithm that skips comments — and,
// beyond the prescan, the raw text of scripts and styles, where "<meta" is no element.
std::string meta_charset(std::string_view bytes, std::size_t limit = 1024) {
  std::string_view head = bytes.substr(0, limit);  // compared without a lower-cased copy: a page may be MBs
  auto space_or = [&](std::size_t at, char other) {
    return at < head.size() && (std::isspace(static_cast<unsigned char>(head[at])) || head[at] == other);
  };
  std::size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    if (head.compare(pos, 4, "<!--") == 0) {
      auto end = head.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    if (limit > 1024) {
      bool skipped = false;
      for (std::string_view raw : {"script", "style", "textarea", "title"}) {
        if (!ascii_iequals_at(head, pos + 1, raw) || !space_or(pos + 1 + raw.size(), '>')) continue;
        std::string close = "</" + std::string(raw);
        auto end = find_markup(head, close, pos + 1 + raw.size());
        pos = end == std::string_view::npos ? head.size() : end + close.size();
        skipped = true;
        break;
      }
      if (skipped) continue;
    }
    if (!ascii_iequals_at(head, pos, "<meta") || !space_or(pos + 5, '/')) {
      ++pos;
      continue;
    }
    auto end = head.find('>', pos);
    std::string tag(head.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    pos = end == std::string_view::npos ? head.size() : end;
    auto cs = tag.find("charset");
    if (cs == std::string::npos) continue;
    // <meta charset=X> and content="text/html; charset=X" both parse as a charset parameter.
    std::string label = charset_param(std::string_view(tag).substr(cs));
    if (label.empty()) continue;
    std::string resolved = resolve_label(label);
    // WHATWG: a <meta> can never select UTF-16, and x-user-defined from a <meta> means windows-1252.
    if (resolved == "utf-16le" || resolved == "utf-16be") return "utf-8";
    if (resolved == "x-user-defined") return "windows-1252";
    if (!resolved.empty()) return resolved;
  }
  return "";
}

}  // namespace

std::string utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t cut = max_bytes >= 3 ? max_bytes - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

CodePoint code_point_at(std::string_view s, std::size_t i) {
  std::size_t n = valid_sequence(s, i);
  if (n == 0) return {0xFFFD, 1};
  auto c = static_cast<unsigned char>(s[i]);
  std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, n};
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t end = ascii_run_end(s, i); end > i) {
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
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
  // A <meta> past the prescan (behind an injected toolbar, a long inline style): a browser's parser
  // meets it and changes to that encoding, so it counts too, before any guess.
  if (bytes.size() > 1024)
    if (std::string label = meta_charset(bytes, kMaxLateMeta); !label.empty()) return label;
  return mostly_utf8(bytes) || is_valid_utf8(bytes) ? "utf-8" : "windows-1252";
}

std::string decode_to_utf8(std::string_view bytes, std::string_view charset) {
  const Encoding* e = find_encoding(charset);
  std::string label = e ? e->name : "";
  if (label == "utf-8" || label.empty()) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    return label.empty() && !is_valid_utf8(bytes) ? decode_windows1252(bytes) : sanitize_utf8(bytes);
  }
  if (label == "windows-1252") return decode_windows1252(bytes);
  if (label == "x-user-defined") return decode_x_user_defined(bytes);
  if (label == "replacement") return bytes.empty() ? "" : kReplacement;
  if (label == "utf-16le" || label == "utf-16be") {
    bool be = label == "utf-16be";
    if (bytes.substr(0, 2) == (be ? "\xFE\xFF" : "\xFF\xFE")) bytes.remove_prefix(2);
    return decode_utf16(bytes, be);
  }
  Iconv cd(e->iconv);
  if (!cd.ok()) return sanitize_utf8(bytes);
  return cd.convert(bytes);
}

namespace {

// The encoding an XML document's first four bytes imply (XML 1.0, Appendix F): a byte order mark, or
// how "<" (or leading white space) is laid out when there is none. "" for an ASCII-compatible start.
std::string xml_layout(std::string_view b) {
  auto at = [&](std::size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0xFFu; };
  if (b.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) return "utf-32be";
  if (b.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) return "utf-32le";
  if (b.starts_with("\xEF\xBB\xBF")) return "utf-8";
  if (b.starts_with("\xFE\xFF")) return "utf-16be";
  if (b.starts_with("\xFF\xFE")) return "utf-16le";
  if (b.size() < 4) return "";
  if (at(0) == 0 && at(1) == 0 && at(2) == 0 && at(3) != 0) return "utf-32be";
  if (at(0) != 0 && at(1) == 0 && at(2) == 0 && at(3) == 0) return "utf-32le";
  if (at(0) == 0 && at(1) != 0 && at(2) == 0 && at(3) != 0) return "utf-16be";
  if (at(0) != 0 && at(1) == 0 && at(2) != 0 && at(3) == 0) return "utf-16le";
  return "";
}

// The label in <?xml version="1.0" encoding="..."?>, "" when there is none.
std::string xml_declared_encoding(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!text.starts_with("<?xml")) return "";
  std::string decl = ascii_lower(text.substr(0, std::min(text.find("?>"), std::size_t{256})));
  auto at = decl.find("encoding");
  if (at == std::string::npos) return "";
  auto q = decl.find_first_of("\"'", at);
  if (q == std::string::npos) return "";
  auto end = decl.find(decl[q], q + 1);
  return end == std::string::npos ? "" : decl.substr(q + 1, end - q - 1);
}

}  // namespace

std::string xml_to_utf8(std::string_view bytes, std::string_view content_type) {
  std::string layout = xml_layout(bytes);
  if (layout == "utf-32be" || layout == "utf-32le") {
    bool be = layout == "utf-32be";
    if (bytes.substr(0, 4) == (be ? std::string_view("\x00\x00\xFE\xFF", 4) : std::string_view("\xFF\xFE\x00\x00", 4)))
      bytes.remove_prefix(4);
    return decode_utf32(bytes, be);
  }
  if (!layout.empty()) return decode_to_utf8(bytes, layout);  // a BOM or a UTF-16 layout settles it
  // ASCII-compatible bytes: the declaration names the charset as a header would, and overrides it;
  // one that names UTF-16 or UTF-32 over single bytes is wrong by construction and ignored.
  std::string declared = xml_declared_encoding(bytes);
  if (declared.starts_with("utf-16") || declared.starts_with("utf-32") || declared.starts_with("ucs")) declared.clear();
  std::string charset = sniff_charset(bytes, declared.empty() ? content_type : "text/xml; charset=" + declared);
  // Feeds that say UTF-8 and are written in windows-1252 are common enough to read as such rather
  // than as U+FFFD; UTF-8 with a few invalid bytes stays UTF-8.
  if (charset == "utf-8" && !is_valid_utf8(bytes) && !mostly_utf8(bytes)) charset = "windows-1252";
  return decode_to_utf8(bytes, charset);
}

}  // namespace diffwire
