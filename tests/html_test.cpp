#include "extract/html.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("a NUL byte does not end the document") {
  std::string html = std::string("<p>before</p>\0<p>after</p>", 27);
  HtmlDocument doc(html);
  std::string text = text_content(doc.root());
  CHECK(text.find("before") != std::string::npos);
  CHECK(text.find("after") != std::string::npos);
}

TEST_CASE("text content skips scripts and styles, attributes are found") {
  HtmlDocument doc("<div id=x class='a b'><script>var s;</script><style>p{}</style>Hello <b>world</b></div>");
  const GumboNode* div = find_first(doc.root(), GUMBO_TAG_DIV);
  REQUIRE(div);
  CHECK(text_content(div) == "Hello world");
  CHECK(attribute(div, "class") == "a b");
  CHECK(attribute(div, "missing").empty());
}

TEST_CASE("16,000 unclosed tags parse (unbounded error recording would take 2 GB here)") {
  std::string html = "<body>";
  for (int i = 0; i < 16000; ++i) html += "<span>x";
  HtmlDocument doc(html);
  CHECK(find_first(doc.root(), GUMBO_TAG_SPAN) != nullptr);
  CHECK(text_content(doc.root()).size() == 16000);  // nesting is limited, no text is lost
}

TEST_CASE("hostile nesting: 100,000 nested divs and 500,000 unclosed spans parse (no crash, no 20 s)") {
  std::string divs = "<html><body>";
  for (int i = 0; i < 100000; ++i) divs += "<div>";
  divs += "<p>The article text at the bottom of a very deep page.</p>";
  HtmlDocument a(divs);
  CHECK(text_content(a.root()).find("The article text") != std::string::npos);
  std::string spans = "<html><body><p>";
  for (int i = 0; i < 500000; ++i) spans += "<span>x";
  HtmlDocument b(spans);  // unlimited, gumbo's recursive free overflows the stack here
  CHECK(text_content(b.root()).size() == 500000);
}
