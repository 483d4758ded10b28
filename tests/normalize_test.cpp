#include "diffwire/normalize.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("whitespace, NBSP and invisible characters never make a difference") {
  CHECK(normalize_text("  a \t b\n\nc  ") == "a b c");
  CHECK(normalize_text("a\xC2\xA0" "b") == "a b");                 // NBSP
  CHECK(normalize_text("a\xE2\x80\xAF" "b") == "a b");             // narrow NBSP
  CHECK(normalize_text("a\xE3\x80\x80" "b") == "a b");             // ideographic space
  CHECK(normalize_text("wo\xE2\x80\x8Brd") == "word");             // zero-width space
  CHECK(normalize_text("co\xC2\xADoperate") == "cooperate");        // soft hyphen
  CHECK(normalize_text("\xEF\xBB\xBFtext") == "text");              // BOM
  CHECK(normalize_text("") == "");
  CHECK(normalize_text(" \xC2\xA0 ") == "");
  // The size without building the text (the extractor's per-node measure) agrees, byte for byte.
  for (const char* t : {"  a \t b\n\nc  ", "a\xC2\xA0" "b", "wo\xE2\x80\x8Brd", "co\xC2\xADoperate", "", " \xC2\xA0 ",
                        "Caf\xC3\xA9, na\xC3\xAFve \xE2\x80\x94 done.", "\x01\x7F\xFF x"})
    CHECK(normalized_size(t) == normalize_text(t).size());
}

TEST_CASE("real edits do make a difference") {
  CHECK(normalize_text("Kestrel Bridge closed") != normalize_text("Kestrel Bridge to stay closed"));
  CHECK(normalize_text("it's") != normalize_text("it\xE2\x80\x99s"));  // quote style is an edit
  CHECK(normalize_text("Case") != normalize_text("case"));
}

TEST_CASE("normalised articles drop empty paragraphs") {
  Article a;
  a.title = " Title\xC2\xA0 here ";
  a.paragraphs = {"one", "  ", "two\n\nlines", "\xE2\x80\x8B"};
  Article n = normalized(a);
  CHECK(n.title == "Title here");
  CHECK(n.paragraphs == std::vector<std::string>{"one", "two lines"});
}

TEST_CASE("content hash: stable, and paragraph boundaries count") {
  CHECK(hash_hex("") == "cbf29ce484222325");  // FNV-1a 64 offset basis: the algorithm has not drifted
  CHECK(hash_hex("a") == "af63dc4c8601ec8c");
  Article a, b;
  a.title = b.title = "T";
  a.paragraphs = {"ab", "c"};
  b.paragraphs = {"a", "bc"};
  CHECK(content_hash(a) != content_hash(b));
  b.paragraphs = {"ab", "c"};
  b.byline = "someone else";  // metadata is not text
  CHECK(content_hash(a) == content_hash(b));
  b.title = "T2";
  CHECK(content_hash(a) != content_hash(b));
}

TEST_CASE("markup is found whatever its case") {
  CHECK(ascii_iequals_at("<TiTlE>", 0, "<title"));
  CHECK_FALSE(ascii_iequals_at("<tit", 0, "<title"));
  CHECK(find_markup("a <b> <TITLE>x</Title>", "</title") == 14);
  CHECK(find_markup("no markup here", "<title") == std::string_view::npos);
}
