#include "diffwire/escape.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("terminals: controls, C1 and bidirectional overrides neutralised; other text kept") {
  CHECK(terminal_safe("a\x1b[2J\x07" "b\tc") == "a\xEF\xBF\xBD[2J\xEF\xBF\xBD" "b\tc");
  CHECK(terminal_safe("a\xC2\x9B" "b") == "a\xEF\xBF\xBD" "b");  // 8-bit CSI
  CHECK(terminal_safe("a\xE2\x80\xAE" "b") == "a\xEF\xBF\xBD" "b");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(terminal_safe("a\xE2\x81\xA6" "b") == "a\xEF\xBF\xBD" "b");  // LEFT-TO-RIGHT ISOLATE
  CHECK(terminal_safe("it\xE2\x80\x99s \xE2\x80\x94 ok") == "it\xE2\x80\x99s \xE2\x80\x94 ok");  // quotes, dashes kept
}

TEST_CASE("characters XML forbids are removed, the rest escaped") {
  CHECK(xml_safe("a\x01" "b\x0b" "c\td\ne") == "abc\td\ne");
  CHECK(xml_safe("x\xEF\xBF\xBEy\xEF\xBF\xBFz") == "xyz");  // U+FFFE, U+FFFF
  CHECK(xml_safe("bad\xFF") == "bad\xEF\xBF\xBD");
  CHECK(xml_escape("]]> & <tag> \"q\" 'a'") == "]]&gt; &amp; &lt;tag&gt; &quot;q&quot; &#39;a&#39;");
}

TEST_CASE("HTML: the five characters escaped; only http(s) URLs become links") {
  CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(html_link("https://example.org/a?b=1&c=2") ==
        "<a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>");
  CHECK(html_link("javascript:alert(1)") == "javascript:alert(1)");
  CHECK(html_link("data:text/html,<b>") == "data:text/html,&lt;b&gt;");
  CHECK(is_http_url("http://example.org/"));
  CHECK_FALSE(is_http_url("ftp://example.org/"));
}
