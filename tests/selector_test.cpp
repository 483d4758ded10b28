#include "extract/selector.hpp"

#include <doctest/doctest.h>

#include "diffwire/error.hpp"
#include "extract/html.hpp"

using namespace diffwire;

namespace {
// The ids of the elements a selector picks, space-separated, in document order.
std::string pick(const std::string& html, const std::string& selector, bool outermost = false) {
  HtmlDocument doc(html);
  std::string out;
  for (const GumboNode* n : Selector(selector).select(doc.root(), outermost)) {
    if (!out.empty()) out += ' ';
    out += std::string(attribute(n, "id"));
  }
  return out;
}

const std::string page =
    "<html><body id=b>"
    "<main id=m class='page main'>"
    "  <article id=a data-component=story class='story lead'>"
    "    <h1 id=h class=headline>Title</h1>"
    "    <div id=t1 data-component=text-block><p id=p1>One</p></div>"
    "    <div id=t2 data-component=text-block class=ad-free><p id=p2>Two</p></div>"
    "    <div id=l1 data-component=links-block><p id=p3>Links</p></div>"
    "    <x-embed id=x data-testid=paragraph-3><p id=p4>Custom</p></x-embed>"
    "  </article>"
    "</main><aside id=s class=sidebar><p id=p5>Side</p></aside></body></html>";
}  // namespace

TEST_CASE("simple selectors: type, class, id, attribute tests") {
  CHECK(pick(page, "h1") == "h");
  CHECK(pick(page, ".headline") == "h");
  CHECK(pick(page, "#t2") == "t2");
  CHECK(pick(page, "article.story.lead") == "a");
  CHECK(pick(page, "article.story.missing").empty());
  CHECK(pick(page, "[data-component]") == "a t1 t2 l1");
  CHECK(pick(page, "[data-component=text-block]") == "t1 t2");
  CHECK(pick(page, "[data-component=\"text-block\"]") == "t1 t2");
  CHECK(pick(page, "[class~=main]") == "m");
  CHECK(pick(page, "[data-testid^=paragraph-]") == "x");
  CHECK(pick(page, "[data-component$=block]") == "t1 t2 l1");
  CHECK(pick(page, "[class*=free]") == "t2");
  CHECK(pick(page, "x-embed") == "x");  // custom elements by name
  CHECK(pick(page, "*[id=p5]") == "p5");
}

TEST_CASE("combinators, groups and :not") {
  CHECK(pick(page, "article p") == "p1 p2 p3 p4");
  CHECK(pick(page, "main > article > div > p") == "p1 p2 p3");
  CHECK(pick(page, "main > div").empty());
  CHECK(pick(page, "body  main   article  [data-component=text-block]  p") == "p1 p2");
  CHECK(pick(page, "div:not([data-component=links-block]) > p") == "p1 p2");
  CHECK(pick(page, "div:not(.ad-free):not(#l1)") == "t1");
  CHECK(pick(page, "aside p, h1") == "h p5");  // document order, not selector order
  CHECK(pick(page, "main, article, p", true) == "m p5");  // matches inside matches left out
}

TEST_CASE("a bad selector is an error that names it") {
  for (const char* bad : {"", "div >", "[data-x", "p:first-child", "a,,b", "[x=\"open]", "#", "div :"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(Selector{bad}, Error);
  }
  try {
    Selector{"p:hover"};
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("p:hover") != std::string::npos);
  }
}
