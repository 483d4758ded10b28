#include "diffwire/read_page.hpp"

#include <doctest/doctest.h>

#include "diffwire/error.hpp"

using namespace diffwire;

TEST_CASE("a body is a page, text or neither by its Content-Type; a file by its extension") {
  for (const char* page : {"", "text/html", "TEXT/HTML; charset=utf-8", "application/xhtml+xml", "application/xml", "text/xml"})
    CHECK(body_kind(page) == BodyKind::page);
  CHECK(body_kind("text/plain; charset=utf-8") == BodyKind::text);
  for (const char* other : {"application/pdf", "image/png", "application/json"}) CHECK(body_kind(other) == BodyKind::other);
  CHECK(content_type_of_file("/tmp/a/story.HTML") == "text/html");
  CHECK(content_type_of_file("story.htm") == "text/html");
  CHECK(content_type_of_file("story.xhtml") == "text/html");
  CHECK(content_type_of_file("notes.txt") == "text/plain");
  CHECK(content_type_of_file("dir.html/notes") == "text/plain");  // the extension is the file's, not a folder's
}

TEST_CASE("read_page: a page's article, a text's lines, nothing from other bodies") {
  std::string page = "<html><head><title>Bridge closed</title></head><body><article><p>The bridge is closed after the "
                     "storm damaged two of its supports, the council said on Sunday.</p><p>Repairs will take at least "
                     "three weeks, and ferries will run every twenty minutes until then.</p></article></body></html>";
  Article a = read_page(page, "text/html");
  CHECK(a.title == "Bridge closed");
  REQUIRE(a.paragraphs.size() == 2);
  CHECK(a.paragraphs[1].rfind("Repairs will take", 0) == 0);
  Article t = read_page("first  line\n\nsecond line\n", "text/plain");
  CHECK(t.method == "text");
  CHECK(t.paragraphs == std::vector<std::string>{"first line", "second line"});  // normalised
  CHECK(read_page(page, "application/pdf").paragraphs.empty());
  // Windows-1252 by declaration: decoded before extraction.
  Article w = read_page("<p>caf\xE9 " + std::string(200, 'x') + "</p>", "text/html; charset=windows-1252");
  REQUIRE_FALSE(w.paragraphs.empty());
  CHECK(w.paragraphs[0].rfind("caf\xC3\xA9 ", 0) == 0);
}
