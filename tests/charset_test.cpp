#include "diffwire/charset.hpp"

#include <doctest/doctest.h>

#include <iconv.h>

using namespace diffwire;

namespace {
// Encodes UTF-8 text into another charset with iconv, so fixtures are written in readable UTF-8.
std::string encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  REQUIRE(iconv(cd, &in, &in_left, &dst, &out_left) != static_cast<size_t>(-1));
  out.resize(out.size() - out_left);
  iconv_close(cd);
  return out;
}
std::string page(const std::string& head, const std::string& body) {
  return "<html><head>" + head + "</head><body><p>" + body + "</p></body></html>";
}
}  // namespace

TEST_CASE("byte order marks win over everything") {
  CHECK(sniff_charset("\xEF\xBB\xBF<p>x</p>", "text/html; charset=iso-8859-1") == "utf-8");
  CHECK(sniff_charset("\xFF\xFE<\0p\0", "") == "utf-16le");
  CHECK(sniff_charset("\xFE\xFF\0<\0p", "") == "utf-16be");
  std::string le = "\xFF\xFE" + encode("Zürich – ok", "UTF-16LE");
  CHECK(page_to_utf8(le, "") == "Zürich – ok");
  std::string be = "\xFE\xFF" + encode("Zürich 😀", "UTF-16BE");
  CHECK(page_to_utf8(be, "") == "Zürich 😀");
}

TEST_CASE("the HTTP header comes before the meta prescan") {
  std::string bytes = page("<meta charset=\"utf-8\">", encode("café “quoted”", "WINDOWS-1252"));
  CHECK(sniff_charset(bytes, "text/html; charset=windows-1252") == "windows-1252");
  CHECK(page_to_utf8(bytes, "text/html; charset=windows-1252").find("café “quoted”") != std::string::npos);
}

TEST_CASE("meta prescan: charset attribute and http-equiv") {
  CHECK(sniff_charset(page("<meta charset='ISO-8859-2'>", "x"), "text/html") == "iso-8859-2");
  CHECK(sniff_charset(page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">", "x"), "") == "koi8-r");
  CHECK(sniff_charset(page("<!-- <meta charset=koi8-r> --><meta charset=utf-8>", "x"), "") == "utf-8");
  // WHATWG: latin1 labels mean windows-1252, and a meta can never select UTF-16.
  CHECK(sniff_charset(page("<meta charset=iso-8859-1>", "x"), "") == "windows-1252");
  CHECK(sniff_charset(page("<meta charset=utf-16>", "x"), "") == "utf-8");
}

TEST_CASE("each family decodes") {
  struct Case {
    const char* label;
    const char* iconv_name;
    std::string text;
  } cases[] = {
      {"windows-1252", "WINDOWS-1252", "Déjà vu — “news” €5"},
      {"windows-1251", "WINDOWS-1251", "Новости дня"},
      {"windows-1250", "WINDOWS-1250", "Zpráva dne: łódź"},
      {"iso-8859-2", "ISO-8859-2", "Wiadomości: żółć"},
      {"iso-8859-15", "ISO-8859-15", "Prix: 5 €"},
      {"koi8-r", "KOI8-R", "Последние новости"},
      {"shift_jis", "SHIFT_JIS", "最新ニュース"},
      {"euc-jp", "EUC-JP", "最新ニュース"},
      {"gb18030", "GB18030", "最新新闻"},
      {"gbk", "GBK", "最新新闻"},
      {"big5", "BIG5", "最新新聞"},
      {"euc-kr", "EUC-KR", "최신 뉴스"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.label);
    std::string bytes = page(std::string("<meta charset=\"") + c.label + "\">", encode(c.text, c.iconv_name));
    CHECK(page_to_utf8(bytes, "text/html").find(c.text) != std::string::npos);
  }
}

TEST_CASE("valid UTF-8 beats a legacy label: mislabelled UTF-8 is common") {
  std::string utf8 = page("<meta charset=gb2312>", "新闻 café");
  CHECK(sniff_charset(utf8, "text/html; charset=iso-8859-1") == "utf-8");
  CHECK(page_to_utf8(utf8, "").find("新闻 café") != std::string::npos);
  CHECK(sniff_charset(page("<meta charset=koi8-r>", "ascii only"), "") == "koi8-r");
}

TEST_CASE("undeclared pages: valid UTF-8 stays UTF-8, anything else is windows-1252") {
  CHECK(sniff_charset(page("", "naïve café"), "text/html") == "utf-8");
  std::string cp1252 = page("", "\x93quoted\x94 caf\xE9");
  CHECK(sniff_charset(cp1252, "text/html") == "windows-1252");
  CHECK(page_to_utf8(cp1252, "").find("“quoted” café") != std::string::npos);
}

TEST_CASE("invalid bytes become U+FFFD and nothing else is lost") {
  CHECK(sanitize_utf8("ok\xFFok") == "ok\xEF\xBF\xBDok");
  CHECK(sanitize_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong
  CHECK(sanitize_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(sanitize_utf8("end\xE2\x82") == "end\xEF\xBF\xBD\xEF\xBF\xBD");      // truncated
  CHECK(sanitize_utf8("fine ✓ 😀") == "fine ✓ 😀");
  // Declared UTF-8 with a stray byte: decoded as UTF-8 with one replacement.
  CHECK(page_to_utf8("caf\xE9 ok", "text/html; charset=utf-8") == "caf\xEF\xBF\xBD ok");
  // An unknown label is ignored rather than trusted; so are labels browsers refuse.
  CHECK(sniff_charset("plain", "text/html; charset=x-no-such-charset") == "utf-8");
  CHECK(sniff_charset("+ADw-script+AD4-", "text/html; charset=utf-7") == "utf-8");
  CHECK(sniff_charset("plain", "text/html; charset=UTF-32LE") == "utf-8");
  CHECK(sniff_charset("\x82\xa0", "text/html; charset=cp932") == "cp932");  // Shift_JIS by another name
}
