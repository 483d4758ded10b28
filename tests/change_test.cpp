#include "diffwire/change.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

namespace {
std::vector<std::string> classes(const std::string& t1, const std::vector<std::string>& a, const std::string& t2,
                                 const std::vector<std::string>& b) {
  return classify_change(t1, t2, diff_paragraphs(a, b));
}
using V = std::vector<std::string>;
const V kStory = {"The Kestrel Bridge closed on Tuesday after the storm damaged two of its supports.",
                  "\"Safety has to come first,\" said council leader Priya Castellanos on Tuesday.",
                  "About 9,000 vehicles cross the bridge on a typical weekday, the council said.",
                  "The ferry will run an extra crossing every hour from Monday morning."};
}  // namespace

TEST_CASE("change classes: each rule on its own") {
  V s = kStory;
  CHECK(classes("Bridge closed", s, "Bridge closed", s).empty());
  // Punctuation and case only.
  V minor = s;
  minor[2] = "About 9,000 vehicles cross the bridge on a typical weekday - the Council said";
  CHECK(classes("Bridge closed", s, "Bridge Closed!", minor) == V{"minor"});
  CHECK(classes("Bridge closed", s, "Bridge to stay shut", s) == V{"headline"});
  V lede = s;
  lede[0] = "The Kestrel Bridge will stay closed for a week after the storm damaged two of its supports.";
  CHECK(classes("T", s, "T", lede) == V{"lede"});
  V quote = s;
  quote[1] = "\"Safety must come first,\" said council leader Priya Castellanos on Tuesday.";
  CHECK(classes("T", s, "T", quote) == V{"quote"});
  V said = s;
  said[1] = "\"Safety has to come first,\" said council leader Priya Castellanos on Wednesday.";
  CHECK(classes("T", s, "T", said) == V{"edited"});  // the changed word is outside the quotation
  V number = s;
  number[2] = "About 11,000 vehicles cross the bridge on a typical weekday, the council said.";
  CHECK(classes("T", s, "T", number) == V{"number"});
  V added = s;
  added.push_back("Correction: an earlier version of this article gave the wrong day for the closure.");
  CHECK(classes("T", s, "T", added) == V{"added", "correction"});
  V removed = s;
  removed.erase(removed.begin() + 3);
  CHECK(classes("T", s, "T", removed) == V{"removed"});
  V moved = {s[0], s[2], s[3], s[1]};
  CHECK(classes("T", s, "T", moved) == V{"moved"});
  CHECK(classify_change("T", "T", diff_paragraphs(s, s), true) == V{"url"});
}

TEST_CASE("change classes: several at once, in a fixed order, and round-trip as text") {
  V s = kStory;
  V b = {"The Kestrel Bridge closed on Tuesday after the storm damaged 3 of its 12 supports.", s[1], s[2]};
  V c = classes("Bridge closed", s, "Bridge to stay shut", b);
  CHECK(c == V{"headline", "lede", "number", "removed"});
  CHECK(join_classes(c) == "headline lede number removed");
  CHECK(split_classes(join_classes(c)) == c);
  CHECK(split_classes("").empty());
}

TEST_CASE("change class names: every class a version can get is known, and nothing else") {
  for (const char* c : {"minor", "headline", "lede", "quote", "number", "edited", "added", "removed", "moved",
                        "correction", "url", "reverted"})
    CHECK(is_change_class(c));
  CHECK_FALSE(is_change_class("gossip"));
  CHECK_FALSE(is_change_class(""));
  CHECK(change_class_names().rfind("minor, headline, ", 0) == 0);
}
