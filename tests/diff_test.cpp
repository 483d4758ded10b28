#include "diffwire/diff.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "support.hpp"

using namespace diffwire;

namespace {
using Paras = std::vector<std::string>;

std::string kinds(const std::vector<ParagraphOp>& ops) {
  std::string s;
  for (const auto& op : ops) s += op.op == OpKind::equal ? '=' : op.op == OpKind::insert ? '+' : op.op == OpKind::del ? '-' : '~';
  return s;
}

// Replays ops: the old side must rebuild `before`, the new side `after`.
void check_replay(const std::vector<ParagraphOp>& ops, const Paras& before, const Paras& after) {
  Paras a, b;
  for (const auto& op : ops) {
    if (op.op != OpKind::insert) a.push_back(op.old_text);
    if (op.op != OpKind::del) b.push_back(op.new_text);
  }
  CHECK(a == before);
  CHECK(b == after);
}

// Diffs, checks that the ops rebuild both sides, and returns the counts.
DiffStats diff_stats(const Paras& before, const Paras& after) {
  auto ops = diff_paragraphs(before, after);
  check_replay(ops, before, after);
  return count_changes(ops);
}

std::string side(const std::vector<WordOp>& words, bool old_side) {
  std::string s;
  for (const auto& w : words)
    if (w.op == OpKind::equal || (old_side ? w.op == OpKind::del : w.op == OpKind::insert)) s += w.text;
  return s;
}
}  // namespace

TEST_CASE("empty and identical inputs") {
  CHECK(diff_paragraphs({}, {}).empty());
  Paras p = {"one", "two"};
  CHECK(kinds(diff_paragraphs(p, p)) == "==");
  CHECK(kinds(diff_paragraphs({}, p)) == "++");
  CHECK(kinds(diff_paragraphs(p, {})) == "--");
}

TEST_CASE("pairing: half the words in common pairs, less does not") {
  CHECK(kinds(diff_paragraphs({"alpha beta gamma delta"}, {"alpha beta omega sigma"})) == "~");  // 0.5
  CHECK(kinds(diff_paragraphs({"alpha beta gamma delta"}, {"alpha omega sigma tau"})) == "-+");  // 0.25
}

TEST_CASE("all different: unrelated paragraphs are not paired") {
  Paras a = {"The council met on Tuesday.", "Rain is expected."};
  Paras b = {"A new bakery opened downtown.", "Tickets sold out in minutes."};
  auto ops = diff_paragraphs(a, b);
  CHECK(kinds(ops) == "--++");
  check_replay(ops, a, b);
}

TEST_CASE("an edited paragraph becomes one replace with a word diff") {
  Paras a = {"Engineers found cracks in two of its supports.", "Unchanged paragraph here."};
  Paras b = {"Engineers found cracks in three of the bridge's supports.", "Unchanged paragraph here."};
  auto ops = diff_paragraphs(a, b);
  REQUIRE(kinds(ops) == "~=");
  CHECK(side(ops[0].words, true) == a[0]);
  CHECK(side(ops[0].words, false) == b[0]);
  std::vector<std::string> removed, added;
  for (const auto& w : ops[0].words) {
    if (w.op == OpKind::del) removed.push_back(w.text);
    if (w.op == OpKind::insert) added.push_back(w.text);
  }
  CHECK(removed == std::vector<std::string>{"two", "its"});
  CHECK(added == std::vector<std::string>{"three", "the bridge's"});
}

TEST_CASE("the NewsSniffer record's headline change (../shared/seeds/002) reads as two inserted words") {
  namespace fs = std::filesystem;
  std::string record;
  for (const auto& entry : fs::directory_iterator(testing::shared_dir() + "/seeds"))
    if (entry.path().filename().string().rfind("002_", 0) == 0) record = testing::read_text(entry.path().string());
  REQUIRE_FALSE(record.empty());
  // The line after "Version 1 Version 2" holds both headlines: "<old> <new>", the new one starting
  // like the old one.
  std::size_t start = record.find("Version 1 Version 2\n");
  REQUIRE(start != std::string::npos);
  start = record.find('\n', start) + 1;
  std::string line = record.substr(start, record.find('\n', start) - start);
  std::string before, after;
  for (std::size_t space = line.find(' '); space != std::string::npos; space = line.find(' ', space + 1)) {
    std::string left = line.substr(0, space), right = line.substr(space + 1);
    std::string head = left.substr(0, left.find(' ', left.find(' ') + 1));  // first two words
    if (right.rfind(head, 0) == 0 && right.size() > left.size()) {
      before = left;
      after = right;
      break;
    }
  }
  REQUIRE_FALSE(before.empty());
  ParagraphOp title = diff_title(before, after);
  REQUIRE(title.op == OpKind::replace);
  std::vector<std::string> inserted;
  for (const auto& w : title.words) {
    CHECK(w.op != OpKind::del);  // nothing was removed from the headline
    if (w.op == OpKind::insert) inserted.push_back(w.text);
  }
  REQUIRE(inserted.size() == 1);
  CHECK(std::count(inserted[0].begin(), inserted[0].end(), ' ') == 2);  // two words and a space each
  CHECK(side(title.words, false) == after);
}

TEST_CASE("adds, removes and edits in one story keep their order") {
  Paras a = {"Intro of the story, first version.", "Second paragraph stays.", "Third will be removed entirely.",
             "Fourth paragraph stays too."};
  Paras b = {"Brand new opening line.", "Intro of the story, second version.", "Second paragraph stays.",
             "Fourth paragraph stays too.", "A closing paragraph."};
  DiffStats s = diff_stats(a, b);
  CHECK(s.added == 2);
  CHECK(s.removed == 1);
  CHECK(s.changed == 1);
}

TEST_CASE("long inputs: a few edits in thousands of paragraphs") {
  Paras a, b;
  for (int i = 0; i < 5000; ++i) a.push_back("Paragraph number " + std::to_string(i) + " of a very long live page.");
  b = a;
  b[10] = "Paragraph number 10 of a very long live page, now corrected.";
  b.erase(b.begin() + 2000);
  b.insert(b.begin() + 4000, "A new paragraph deep inside.");
  DiffStats s = diff_stats(a, b);
  CHECK(s.changed == 1);
  CHECK(s.removed == 1);
  CHECK(s.added == 1);
}

TEST_CASE("word diff: whitespace between two changes joins them") {
  auto words = diff_words("has been closed", "will stay closed");
  REQUIRE(words.size() == 3);
  CHECK(words[0].op == OpKind::del);
  CHECK(words[0].text == "has been");
  CHECK(words[1].op == OpKind::insert);
  CHECK(words[1].text == "will stay");
  CHECK(words[2].text == " closed");
}

TEST_CASE("title diff") {
  CHECK(diff_title("Same", "Same").op == OpKind::equal);
  auto t = diff_title("Storm closes bridge", "Storm closes bridge for a week");
  CHECK(t.op == OpKind::replace);
  CHECK(side(t.words, false) == "Storm closes bridge for a week");
}

TEST_CASE("a wholesale rewrite: every edited paragraph of a big hunk is paired") {
  Paras a, b;
  for (int i = 0; i < 150; ++i) {
    a.push_back("Update " + std::to_string(i) + ": officials said the road would reopen on Monday morning.");
    b.push_back("Update " + std::to_string(i) + ": officials said the road would reopen on Tuesday morning.");
  }
  DiffStats s = diff_stats(a, b);
  CHECK(s.changed == 150);
  CHECK(s.added == 0);
}

TEST_CASE("a paragraph that moved is one move op at its new place, not a delete plus an insert") {
  std::vector<std::string> before = {"The bridge is closed after the storm damaged two of its supports.",
                                     "Engineers will inspect it on Monday morning before any decision.",
                                     "About 9,000 vehicles cross the bridge on a typical weekday.",
                                     "The council leader said safety must come first for everyone."};
  std::vector<std::string> after = {before[0], before[2], before[3], before[1]};  // the second moved last
  auto ops = diff_paragraphs(before, after);
  int moves = 0, dels = 0, inserts = 0;
  for (const auto& op : ops) {
    moves += op.op == OpKind::move;
    dels += op.op == OpKind::del;
    inserts += op.op == OpKind::insert;
  }
  CHECK(moves == 1);
  CHECK(dels == 0);
  CHECK(inserts == 0);
  REQUIRE(ops.back().op == OpKind::move);  // at its new place
  CHECK(ops.back().from == 1);
  CHECK(ops.back().new_text == before[1]);
  CHECK(ops.back().words.empty());
  DiffStats s = count_changes(ops);
  CHECK(s.moved == 1);
  CHECK(s.added + s.removed + s.changed == 0);

  // Moved and retouched: still a move, with its word diff.
  after[3] = "Engineers will inspect it on Monday morning before any final decision.";
  auto retouched = diff_paragraphs(before, after);
  REQUIRE(retouched.back().op == OpKind::move);
  CHECK_FALSE(retouched.back().words.empty());
  // A different paragraph in another place is no move; nor is a short one.
  after[3] = "A completely different paragraph about ferries and timetables appeared.";
  for (const auto& op : diff_paragraphs(before, after)) CHECK(op.op != OpKind::move);
  auto shorts = diff_paragraphs({"Advertisement", "A long enough paragraph stays here in place."},
                                {"A long enough paragraph stays here in place.", "Advertisement"});
  for (const auto& op : shorts) CHECK(op.op != OpKind::move);
}
