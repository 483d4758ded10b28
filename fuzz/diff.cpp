// libFuzzer target: the differ. Two versions of an article come from the input (paragraphs split at
// newlines, the versions at a NUL); the edit script must rebuild the new text from the old: the new
// paragraphs in order from the ops, the old ones as the same multiset, and every word diff must
// rebuild both sides of its paragraph.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "diffwire/diff.hpp"
#include "fuzz_check.hpp"

namespace {
std::vector<std::string> paragraphs(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty() && out.size() < 400) {
    auto nl = text.find('\n');
    std::string p(text.substr(0, nl));
    if (!p.empty()) out.push_back(p);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto cut = input.find('\0');
  std::vector<std::string> before = paragraphs(input.substr(0, cut));
  std::vector<std::string> after = cut == std::string_view::npos ? before : paragraphs(input.substr(cut + 1));
  std::vector<diffwire::ParagraphOp> ops = diffwire::diff_paragraphs(before, after);
  std::vector<std::string> rebuilt, old_seen;
  for (const auto& op : ops) {
    if (op.op != diffwire::OpKind::del) rebuilt.push_back(op.new_text);
    if (op.op != diffwire::OpKind::insert) old_seen.push_back(op.old_text);
    if (op.op == diffwire::OpKind::equal) fuzz_check(op.old_text == op.new_text, "an equal op that differs");
    if (!op.words.empty()) {
      std::string old_side, new_side;
      for (const auto& w : op.words) {
        if (w.op != diffwire::OpKind::insert) old_side += w.text;
        if (w.op != diffwire::OpKind::del) new_side += w.text;
      }
      fuzz_check(old_side == op.old_text, "word diff does not rebuild the old paragraph");
      fuzz_check(new_side == op.new_text, "word diff does not rebuild the new paragraph");
    }
  }
  fuzz_check(rebuilt == after, "the ops do not rebuild the new version");
  std::vector<std::string> old_sorted = before;
  std::sort(old_sorted.begin(), old_sorted.end());
  std::sort(old_seen.begin(), old_seen.end());
  fuzz_check(old_seen == old_sorted, "the ops do not account for the old version");
  diffwire::DiffStats stats = diffwire::count_changes(ops);
  fuzz_check(stats.added >= 0 && stats.removed >= 0 && stats.changed >= 0 && stats.moved >= 0, "negative stats");
  return 0;
}
