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

TEST_CASE("classes between two versions: what was stored with a change; computed for any other pair") {
  VersionRecord v1, v2, v3;
  v1.number = 1;
  v1.article.title = "Bridge closed";
  v1.article.paragraphs = {"The bridge is closed.", "Repairs take 3 days."};
  v2 = v1;
  v2.number = 2;
  v2.article.paragraphs = {"The bridge is closed.", "Repairs take 7 days."};
  v2.classes = {"number", "reverted"};  // as the poll and the store decided it
  v3 = v2;
  v3.number = 3;
  v3.article.title = "Bridge to stay shut";
  v3.classes = {"headline"};
  auto ops = [](const VersionRecord& a, const VersionRecord& b) { return diff_paragraphs(a.article.paragraphs, b.article.paragraphs); };
  CHECK(classes_between(v1, v2, ops(v1, v2)) == std::vector<std::string>{"number", "reverted"});
  CHECK(classes_between(v1, v3, ops(v1, v3)) == std::vector<std::string>{"headline", "number"});  // not a recorded change
  v2.classes.clear();  // recorded before classes were kept
  CHECK(classes_between(v1, v2, ops(v1, v2)) == std::vector<std::string>{"number"});
}

TEST_CASE("counted changes and the latest change leave re-baselines out") {
  std::vector<VersionRecord> versions(4);
  for (int i = 0; i < 4; ++i) versions[static_cast<std::size_t>(i)].number = i + 1;
  CHECK(count_real_changes(versions) == 3);
  CHECK(latest_change(versions) == 4);
  versions[3].rebaseline = true;
  CHECK(count_real_changes(versions) == 2);
  CHECK(latest_change(versions) == 3);
  CHECK(latest_change({}) == 0);
}

TEST_CASE("a page claiming another article's URL is that story only if it reads as that article does") {
  CHECK(same_story(std::nullopt, "Bridge closed"));  // the other has not been read yet
  CHECK(same_story(std::string("Bridge closed"), "Bridge closed"));
  CHECK_FALSE(same_story(std::string("Front page"), "Bridge closed"));
}

TEST_CASE("a title or paragraph that changes only in typography is minor, not a headline") {
  CHECK(classes("Talks to resume - officials", kStory, "Talks to resume \xE2\x80\x93 officials", kStory) == V{"minor"});
  CHECK(classes("Council's \"final\" offer", kStory, "Council\xE2\x80\x99s \xE2\x80\x9C" "final\xE2\x80\x9D offer", kStory) ==
        V{"minor"});
  V curly = kStory;
  curly[1] = "\xE2\x80\x9CSafety has to come first,\xE2\x80\x9D said council leader Priya Castellanos on Tuesday.";
  CHECK(classes("T", kStory, "T", curly) == V{"minor"});
  CHECK(classes("Talks to resume", kStory, "Talks collapse", kStory) == V{"headline"});  // words: still a headline
  CHECK(classes("Z\xC3\xBCrich", kStory, "Zurich", kStory) == V{"headline"});              // letters are no typography
}
