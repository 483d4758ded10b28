#include "diffwire/reextract.hpp"

#include <doctest/doctest.h>

#include "diffwire/normalize.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
// A version as an older extractor recorded it: its text, its method, and the page it came from.
VersionRecord recorded(const Article& article, const std::string& method) {
  VersionRecord v;
  v.number = 3;
  v.fetched_at = 5000;
  v.final_url = "https://example.org/a";
  v.article = article;
  v.article.method = method;
  v.content_hash = content_hash(v.article);
  return v;
}
StoredPage stored(const std::string& html) { return StoredPage{"text/html; charset=utf-8", "", html, ""}; }
}  // namespace

TEST_CASE("reextract: the same reading is reported as the same, and nothing is to be recorded") {
  std::string html = testing::render_story(2, 1);
  Article now = reread(stored(html), "https://example.org/a", nullptr);
  REQUIRE_FALSE(now.paragraphs.empty());
  Reextraction r = reextract(recorded(now, "dom@1"), stored(html), nullptr);
  CHECK(r.outcome == Reextraction::Outcome::same);
  CHECK_FALSE(r.rebaseline);
}

TEST_CASE("reextract: a different reading becomes a re-baseline dated as the page it re-read") {
  std::string html = testing::render_story(2, 1);
  Article old = reread(stored(html), "https://example.org/a", nullptr);
  old.paragraphs.push_back("Most read: a box an older extractor took for article text.");
  VersionRecord latest = recorded(normalized(old), "dom@1");
  Reextraction r = reextract(latest, stored(html), nullptr);
  REQUIRE(r.outcome == Reextraction::Outcome::changed);
  REQUIRE(r.rebaseline);
  CHECK(r.rebaseline->rebaseline);
  CHECK(r.rebaseline->fetched_at == 5000);
  CHECK(r.rebaseline->article.paragraphs == testing::story_paragraphs(2));
  CHECK(r.rebaseline->article.method == std::string("dom@") + kExtractorVersion);
  CHECK(r.rebaseline->content_hash == content_hash(r.rebaseline->article));
  CHECK_FALSE(r.rebaseline->page);  // the page stays with the version it came from
}

TEST_CASE("reextract: no page, no article and a refused page are skipped with the reason") {
  Article some;
  some.title = "T";
  some.paragraphs = {"Some text."};
  VersionRecord latest = recorded(normalized(some), "dom@1");
  Reextraction none = reextract(latest, std::nullopt, nullptr);
  CHECK(none.outcome == Reextraction::Outcome::no_page);
  CHECK(none.why == "version 3 was stored before pages were kept");
  Reextraction empty = reextract(latest, stored("<html><body><nav><a href=/>Home</a></nav></body></html>"), nullptr);
  CHECK(empty.outcome == Reextraction::Outcome::no_article);
  std::string bomb = "<html><body>";
  for (int i = 0; i < 210000; ++i) bomb += "<b>x</b>";
  Reextraction refused = reextract(latest, stored(bomb), nullptr);
  CHECK(refused.outcome == Reextraction::Outcome::refused);
  CHECK(refused.why == "page refused: 210002 elements, more than the 200000 a page may have");
  CHECK_FALSE(refused.rebaseline);
}
