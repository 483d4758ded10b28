#include "diffwire/blame.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

namespace {
VersionRecord version(int number, std::vector<std::string> paragraphs, bool rebaseline = false) {
  VersionRecord v;
  v.number = number;
  v.fetched_at = 1000 * number;
  v.article.paragraphs = std::move(paragraphs);
  v.rebaseline = rebaseline;
  return v;
}
std::vector<int> sinces(const std::vector<BlamedParagraph>& b) {
  std::vector<int> out;
  for (const auto& p : b) out.push_back(p.since);
  return out;
}
const std::string A = "The bridge closed on Tuesday after the storm damaged two supports.";
const std::string B = "Engineers will inspect it on Monday morning before any decision.";
const std::string C = "About 9,000 vehicles cross the bridge on a typical weekday.";
const std::string D = "The harbour ferry will run an extra crossing every hour from Monday.";
}  // namespace

TEST_CASE("blame: each paragraph of the latest text with the version it first read like this") {
  std::string B2 = "Engineers will inspect it on Monday morning before any final decision.";
  auto b = blame({version(1, {A, B, C}), version(2, {A, B2, C}), version(3, {A, B2, C, D})});
  REQUIRE(b.size() == 4);
  CHECK(sinces(b) == std::vector<int>{1, 2, 1, 3});
  CHECK(b[1].text == B2);
  CHECK(b[3].since_at == 3000);
}

TEST_CASE("blame: a moved paragraph keeps its origin; a re-baseline is nobody's edit") {
  auto moved = blame({version(1, {A, B, C}), version(2, {A, C, D}), version(3, {A, C, D, B})});
  CHECK(sinces(moved) == std::vector<int>{1, 1, 2, 3});  // B came back at 3: a new insert then
  auto reordered = blame({version(1, {A, B, C, D}), version(2, {A, C, D, B})});
  CHECK(sinces(reordered) == std::vector<int>{1, 1, 1, 1});
  CHECK(reordered[3].text == B);
  auto rebased = blame({version(1, {A, B}), version(2, {A, B, C}), version(3, {A, B, C, "Most read box"}, true)});
  CHECK(sinces(rebased) == std::vector<int>{1, 1, 2, 2});
  CHECK(blame({}).empty());
}
