#include "html.hpp"

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
  // The spans nest 16,000 deep; walks stop at kMaxDepth so recursion stays bounded.
  std::size_t n = text_content(doc.root()).size();
  CHECK(n > 200);
  CHECK(n <= static_cast<std::size_t>(kMaxDepth));
}
