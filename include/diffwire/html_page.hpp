// One page shell and one style sheet for every HTML page diffwire writes — the report's pages,
// what `serve` answers, and `diff --format html` — so that they look and behave alike.
#pragma once
#include <string>

namespace diffwire {

// A whole HTML document: `title` is escaped here, `body` must be HTML already. The only style is the
// inline sheet, and the Content-Security-Policy allows nothing else (no script, no outside request).
std::string html_page(const std::string& title, const std::string& body);

}  // namespace diffwire
