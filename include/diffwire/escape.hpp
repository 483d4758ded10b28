// Everything diffwire prints goes through one of these, chosen by where it goes: a page's text can
// then neither run a script, break a feed, move a terminal's cursor nor link to javascript:.
// (JSON needs nothing here: nlohmann escapes, and replaces invalid UTF-8.)
#pragma once
#include <string>
#include <string_view>

namespace diffwire {

// Text for a terminal: C0 controls (but tab), DEL, C1 controls and bidirectional overrides and
// isolates replaced by U+FFFD, so a page can neither move the cursor, change colours, nor reorder
// what the terminal shows.
std::string terminal_safe(const std::string& text);

// Text (or an attribute value) for HTML: & < > " ' escaped.
std::string html_escape(const std::string& text);

// Removes characters XML 1.0 does not allow (C0 controls but tab/LF/CR, U+FFFE/U+FFFF) and replaces
// invalid UTF-8: a stray control character from a page would otherwise break every feed reader.
std::string xml_safe(const std::string& utf8);
std::string xml_escape(const std::string& text);  // xml_safe, then HTML's five escapes (XML's too)

// The one rule for links out of diffwire's pages: only http(s) URLs are ever links, never
// javascript: or data:.
bool is_http_url(std::string_view url);
// A link to `url` showing the URL itself when it is http(s); the escaped text otherwise.
std::string html_link(const std::string& url);

}  // namespace diffwire
