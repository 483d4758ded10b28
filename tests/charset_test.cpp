#include "diffwire/charset.hpp"
#include "diffwire/read_page.hpp"

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
  // cp932 is iconv's name for Shift_JIS but not a label browsers know: ignored like them.
  CHECK(sniff_charset("\x82\xa0", "text/html; charset=cp932") == "windows-1252");
  CHECK(sniff_charset("\x82\xa0", "text/html; charset=ms932") == "shift_jis");
}

TEST_CASE("labels resolve as the WHATWG Encoding Standard's table says") {
  const std::pair<const char*, const char*> labels[] = {
      {"UTF8", "utf-8"}, {"unicode-1-1-utf-8", "utf-8"}, {"x-unicode20utf8", "utf-8"},
      {"866", "ibm866"}, {"latin2", "iso-8859-2"}, {"iso_8859-2:1987", "iso-8859-2"}, {"l3", "iso-8859-3"},
      {"csisolatin4", "iso-8859-4"}, {"cyrillic", "iso-8859-5"}, {"asmo-708", "iso-8859-6"},
      {"sun_eu_greek", "iso-8859-7"}, {"visual", "iso-8859-8"}, {"logical", "iso-8859-8-i"},
      {"latin6", "iso-8859-10"}, {"iso885913", "iso-8859-13"}, {"iso8859-14", "iso-8859-14"}, {"l9", "iso-8859-15"},
      {"iso-8859-16", "iso-8859-16"}, {"koi", "koi8-r"}, {"koi8-ru", "koi8-u"}, {"x-mac-roman", "macintosh"},
      {"tis-620", "windows-874"}, {"iso-8859-11", "windows-874"}, {"x-cp1250", "windows-1250"},
      {"cp1251", "windows-1251"}, {"ansi_x3.4-1968", "windows-1252"}, {"US-ASCII", "windows-1252"},
      {"iso-8859-1", "windows-1252"}, {"latin1", "windows-1252"}, {"greek8", "iso-8859-7"},
      {"latin5", "windows-1254"}, {"iso-8859-9", "windows-1254"}, {"cp1255", "windows-1255"},
      {"windows-1256", "windows-1256"}, {"x-cp1257", "windows-1257"}, {"cp1258", "windows-1258"},
      {"x-mac-ukrainian", "x-mac-cyrillic"}, {"gb2312", "gbk"}, {"chinese", "gbk"}, {"iso-ir-58", "gbk"},
      {"gb18030", "gb18030"}, {"big5-hkscs", "big5"}, {"x-x-big5", "big5"}, {"cseucpkdfmtjapanese", "euc-jp"},
      {"csiso2022jp", "iso-2022-jp"}, {"windows-31j", "shift_jis"}, {"sjis", "shift_jis"},
      {"korean", "euc-kr"}, {"windows-949", "euc-kr"}, {"ks_c_5601-1987", "euc-kr"},
      {"hz-gb-2312", "replacement"}, {"iso-2022-kr", "replacement"}, {"iso-2022-cn-ext", "replacement"},
      {"unicodefffe", "utf-16be"}, {"ucs-2", "utf-16le"}, {"utf-16", "utf-16le"}, {"x-user-defined", "x-user-defined"},
      {" \"Latin1\" ", "windows-1252"},
      // Not in the table, so ignored: the page falls back to windows-1252 (these bytes are not UTF-8).
      {"utf-7", "windows-1252"}, {"utf-32", "windows-1252"}, {"ucs-4", "windows-1252"}, {"cp932", "windows-1252"},
      {"iso-8859-12", "windows-1252"}, {"", "windows-1252"},
  };
  for (const auto& [label, name] : labels) {
    CAPTURE(label);
    CHECK(sniff_charset("caf\xE9", std::string("text/html; charset=") + label) == name);
  }
}

TEST_CASE("each family decodes bytes from an independent encoder, by header and by <meta>") {
  // Bytes produced by Python's codecs, not by the iconv diffwire decodes with.
  struct Case {
    const char* label;
    const char* bytes;
    const char* text;
  } cases[] = {
      {"windows-1252", "\x44\xE9\x6A\xE0\x20\x76\x75\x20\x97\x20\x93\x6E\x65\x77\x73\x94\x20\x80\x35", "Déjà vu — “news” €5"},
      {"windows-1250", "\x5A\x70\x72\xE1\x76\x61\x20\x64\x6E\x65\x3A\x20\xB3\xF3\x64\x9F", "Zpráva dne: łódź"},
      {"windows-1251", "\xCD\xEE\xE2\xEE\xF1\xF2\xE8\x20\xE4\xED\xFF", "Новости дня"},
      {"windows-1253", "\xC5\xE9\xE4\xDE\xF3\xE5\xE9\xF2", "Ειδήσεις"},
      {"windows-1255", "\xE7\xE3\xF9\xE5\xFA", "חדשות"},
      {"windows-1256", "\xC3\xCE\xC8\xC7\xD1", "أخبار"},
      {"windows-874", "\xA2\xE8\xD2\xC7", "ข่าว"},
      {"iso-8859-2", "\x57\x69\x61\x64\x6F\x6D\x6F\xB6\x63\x69\x3A\x20\xBF\xF3\xB3\xE6", "Wiadomości: żółć"},
      {"iso-8859-5", "\xBD\xDE\xD2\xDE\xE1\xE2\xD8", "Новости"},
      {"iso-8859-7", "\xC5\xE9\xE4\xDE\xF3\xE5\xE9\xF2", "Ειδήσεις"},
      {"iso-8859-15", "\x50\x72\x69\x78\x3A\x20\x35\x20\xA4", "Prix: 5 €"},
      {"koi8-r", "\xF0\xCF\xD3\xCC\xC5\xC4\xCE\xC9\xC5\x20\xCE\xCF\xD7\xCF\xD3\xD4\xC9", "Последние новости"},
      {"koi8-u", "\xEE\xCF\xD7\xC9\xCE\xC9\x20\xF5\xCB\xD2\xC1\xA7\xCE\xC9", "Новини України"},
      {"ibm866", "\x8D\xAE\xA2\xAE\xE1\xE2\xA8", "Новости"},
      {"x-mac-cyrillic", "\x8D\xEE\xE2\xEE\xF1\xF2\xE8", "Новости"},
      {"shift_jis", "\x8D\xC5\x90\x56\x83\x6A\x83\x85\x81\x5B\x83\x58\x87\x40", "最新ニュース①"},
      {"euc-jp", "\xBA\xC7\xBF\xB7\xA5\xCB\xA5\xE5\xA1\xBC\xA5\xB9", "最新ニュース"},
      {"gb18030", "\xD7\xEE\xD0\xC2\xD0\xC2\xCE\xC5\x20\x94\x39\xFC\x36", "最新新闻 😀"},
      {"gb2312", "\xD7\xEE\xD0\xC2\xD0\xC2\xCE\xC5", "最新新闻"},
      {"big5", "\xB3\xCC\xB7\x73\xB7\x73\xBB\x44", "最新新聞"},
      {"euc-kr", "\xC3\xD6\xBD\xC5\x20\xB4\xBA\xBD\xBA", "최신 뉴스"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.label);
    std::string by_meta = page(std::string("<meta charset=\"") + c.label + "\">", c.bytes);
    CHECK(page_to_utf8(by_meta, "text/html").find(c.text) != std::string::npos);
    std::string by_header = page("", c.bytes);
    CHECK(page_to_utf8(by_header, std::string("text/html; charset=") + c.label).find(c.text) != std::string::npos);
  }
}

TEST_CASE("replacement and x-user-defined behave as in browsers") {
  // ISO-2022-KR can hide markup in escape sequences: the whole page is one U+FFFD.
  CHECK(page_to_utf8("<p>\x1B$)C\x0E!!\x0F</p>", "text/html; charset=iso-2022-kr") == "\xEF\xBF\xBD");
  CHECK(page_to_utf8("", "text/html; charset=iso-2022-kr").empty());
  // x-user-defined maps 0x80-0xFF to U+F780-U+F7FF from a header; from a <meta> it means windows-1252.
  CHECK(page_to_utf8("a\x80\xFF", "text/html; charset=x-user-defined") == "a\xEF\x9E\x80\xEF\x9F\xBF");
  CHECK(sniff_charset(page("<meta charset=x-user-defined>", "\x80"), "") == "windows-1252");
}

TEST_CASE("charset as browsers: UTF-8 with a stray byte stays UTF-8; legacy text stays windows-1252") {
  std::string utf8 = "<p>Z\xC3\xBCrich \xE2\x80\x93 caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D, na\xC3\xAFve</p>";
  std::string stray = utf8 + "<p>a pasted snippet: \xE9t\xE9</p>";  // two windows-1252 bytes among five UTF-8 characters
  CHECK(sniff_charset(stray, "") == "utf-8");
  std::string text = page_to_utf8(stray, "");
  CHECK(text.find("Z\xC3\xBCrich \xE2\x80\x93 caf\xC3\xA9") != std::string::npos);  // kept, not mojibake
  CHECK(text.find("\xEF\xBF\xBDt\xEF\xBF\xBD") != std::string::npos);             // U+FFFD for each stray byte
  std::string legacy = "<p>caf\xE9 \x93quoted\x94 na\xEFve \x96 r\xE9sum\xE9</p>";
  CHECK(sniff_charset(legacy, "") == "windows-1252");
  CHECK(sniff_charset(legacy + "<p>\xC3\xA9</p>", "") == "windows-1252");  // one accidental pair is not UTF-8
}

TEST_CASE("charset as browsers: a <meta charset> past the 1,024-byte prescan still counts; one inside a script does not") {
  std::string toolbar = "<html><head><style>" + std::string(2000, ' ') + "</style>";
  std::string page = toolbar + "<meta charset=\"iso-8859-2\"><title>x</title></head><body><p>\xB1</p></body></html>";
  CHECK(sniff_charset(page, "") == "iso-8859-2");
  CHECK(page_to_utf8(page, "").find("\xC4\x85") != std::string::npos);  // ą
  std::string scripted = toolbar + "<script>document.write('<meta charset=\"iso-8859-2\">')</script></head>"
                                   "<body><p>caf\xE9</p></body></html>";
  CHECK(sniff_charset(scripted, "") == "windows-1252");
  CHECK(sniff_charset(page, "text/html; charset=utf-8") == "utf-8");  // the HTTP label comes first
}

TEST_CASE("C0 control characters are dropped from pages, not turned into U+FFFD") {
  std::string page = "<p>bridge\x01 closed\x07 for\x1b three weeks\x7f</p>\t\n\f\r";
  CHECK(page_to_utf8(page, "text/html") == "<p>bridge closed for three weeks</p>\t\n\f\r");
}

TEST_CASE("a code point and its length, U+FFFD for a byte that starts no valid sequence") {
  std::string s = "a\xC3\xA9\xE2\x80\x93\xF0\x9F\x98\x80\xE9x";
  CHECK(code_point_at(s, 0).value == 'a');
  CHECK(code_point_at(s, 1).value == 0xE9);
  CHECK(code_point_at(s, 1).length == 2);
  CHECK(code_point_at(s, 3).value == 0x2013);
  CHECK(code_point_at(s, 6).value == 0x1F600);
  CHECK(code_point_at(s, 6).length == 4);
  CHECK(code_point_at(s, 10).value == 0xFFFD);
  CHECK(code_point_at(s, 10).length == 1);
}

TEST_CASE("utf8_prefix cuts between characters, and says it cut") {
  CHECK(utf8_prefix("short", 10) == "short");
  CHECK(utf8_prefix("abcdefghij", 10) == "abcdefghij");
  CHECK(utf8_prefix("abcdefghijk", 10) == "abcdefg...");
  CHECK(utf8_prefix("abcdef\xC3\xA9xyz", 10) == "abcdef...");        // é would straddle the cut at 7
  CHECK(utf8_prefix("abcd\xE2\x80\x94" "efgh", 8) == "abcd...");     // so would the em dash
  CHECK(utf8_prefix("ab\xE2\x80\x94" "cdefghij", 8) == "ab\xE2\x80\x94...");  // whole before the cut
}

TEST_CASE("XML documents: byte order marks, UTF-16/32 by layout, the declaration over the header") {
  using namespace std::string_literals;
  // "<a>é</a>" in each wide encoding, with and without a byte order mark.
  CHECK(xml_to_utf8("<\0a\0>\0\xE9\0<\0/\0a\0>\0"s, "") == "<a>é</a>");
  CHECK(xml_to_utf8("\0<\0a\0>\0\xE9\0<\0/\0a\0>"s, "") == "<a>é</a>");
  CHECK(xml_to_utf8("<\0\0\0a\0\0\0>\0\0\0\xE9\0\0\0"s, "") == "<a>é");
  CHECK(xml_to_utf8("\0\0\0<\0\0\0a\0\0\0>\0\0\0\xE9"s, "") == "<a>é");
  CHECK(xml_to_utf8("\xFF\xFE\0\0<\0\0\0"s, "") == "<");
  CHECK(xml_to_utf8("\0\0\xFE\xFF\0\0\0<"s, "") == "<");
  CHECK(xml_to_utf8("\xFF\xFE<\0"s, "text/xml; charset=iso-8859-1") == "<");
  // A byte order mark makes it UTF-8 however many bytes are invalid; so does the declaration, unless
  // nearly nothing is UTF-8 (then it was windows-1252 all along).
  CHECK(xml_to_utf8("\xEF\xBB\xBF<a>\xE9\xFF</a>", "") == "<a>\xEF\xBF\xBD\xEF\xBF\xBD</a>");
  CHECK(xml_to_utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?><a>\xE9</a>", "") == "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>é</a>");
  CHECK(xml_to_utf8("<a>é ü ö \xFF</a>", "text/xml; charset=utf-8") == "<a>é ü ö \xEF\xBF\xBD</a>");
  CHECK(xml_to_utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xFC</a>", "text/xml; charset=utf-8").ends_with("<a>ü</a>"));
  CHECK(xml_to_utf8("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>ü</a>", "").ends_with("<a>ü</a>"));
}
