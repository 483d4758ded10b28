// The page shell and its style sheet (html_page.hpp). The sheet serves every page: a story's page, a
// compare page (side by side and inline: #side-by-side, #inline), the index and source pages.
#include "diffwire/html_page.hpp"

#include "diffwire/escape.hpp"

namespace diffwire {

namespace {

// Not colour alone: insertions and deletions carry visible marks. On a phone the side-by-side table
// gives way to the inline view (either can still be chosen by its link: :target); paper gets the
// inline view without navigation.
constexpr const char* kStyle =
    "body{font:16px/1.5 Georgia,serif;max-width:72rem;margin:1rem auto;padding:0 1rem;color:#111;background:#fff}\n"
    "a{color:#0645ad}nav{margin:.5rem 0}nav a{margin-right:1rem}\n"
    ".when,.classes,.since,.muted{color:#555}.since{font-size:.85em;white-space:nowrap}\n"
    "h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}h2{font-size:1.2rem;margin-top:1.5rem}\n"
    "table{border-collapse:collapse;width:100%}td,th{vertical-align:top;padding:.35rem;"
    "border-bottom:1px solid #ddd;text-align:left}\n"
    "#side-by-side table{table-layout:fixed}\n"
    "del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:underline}\n"
    "del::before{content:\"[\\2212\"}del::after{content:\"]\"}ins::before{content:\"[+\"}ins::after{content:\"]\"}\n"
    ".pairs{overflow-x:auto}.pairs table{width:auto}.pairs td,.pairs th{text-align:center;padding:.2rem .45rem}\n"
    "#inline{display:none}body:has(#inline:target) #inline{display:block}\n"
    "body:has(#inline:target) #side-by-side{display:none}\n"
    "@media (max-width:40rem){body{padding:0 .6rem}\n"
    " #side-by-side{display:none}#inline{display:block}\n"
    " body:has(#side-by-side:target) #side-by-side{display:block}body:has(#side-by-side:target) #inline{display:none}\n"
    " #side-by-side td,#side-by-side th{display:block;width:auto}\n"
    " #side-by-side tr.equal td:first-child,#side-by-side td.empty{display:none}\n"
    " table.blame td{display:block;border:0;padding:.1rem 0}table.blame tr{display:block;border-bottom:1px solid #ddd;"
    "padding:.3rem 0}}\n"
    "@media print{body{max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}nav,.views{display:none}\n"
    " #side-by-side{display:none}#inline{display:block}}\n";

}  // namespace

std::string html_page(const std::string& title, const std::string& body) {
  return std::string("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n") +
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         html_escape(title) + "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n" + body +
         "</body>\n</html>\n";
}

}  // namespace diffwire
