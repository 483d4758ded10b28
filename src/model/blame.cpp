// Blame (blame.hpp) by replaying every version's paragraph diff against the paragraphs carried so far:
// the differ already knows what was kept, edited, moved or inserted, so each paragraph's origin follows
// from its ops alone. A re-baseline credits new text to the real version before it (an extractor
// change is nobody's edit).
#include "diffwire/blame.hpp"

#include <set>

#include "diffwire/diff.hpp"

namespace diffwire {

std::vector<BlamedParagraph> blame(const std::vector<VersionRecord>& versions) {
  std::vector<BlamedParagraph> current;
  const VersionRecord* last_real = nullptr;
  for (const VersionRecord& v : versions) {
    // Whom new text is credited to: this version, or for a re-baseline the real version before it.
    const VersionRecord& credit = v.rebaseline && last_real ? *last_real : v;
    if (current.empty() && !last_real) {
      for (const std::string& p : v.article.paragraphs) current.push_back({p, credit.number, credit.fetched_at});
    } else {
      std::vector<std::string> before;
      for (const auto& b : current) before.push_back(b.text);
      std::vector<ParagraphOp> ops = diff_paragraphs(before, v.article.paragraphs);
      // A moved paragraph's old place has no op of its own: the walk below steps over it.
      std::set<std::size_t> moved_away;
      for (const ParagraphOp& op : ops)
        if (op.op == OpKind::move) moved_away.insert(static_cast<std::size_t>(op.from));
      std::vector<BlamedParagraph> next;
      std::size_t old_index = 0;
      for (const ParagraphOp& op : ops) {
        if (op.op == OpKind::equal || op.op == OpKind::del || op.op == OpKind::replace)
          while (moved_away.count(old_index)) ++old_index;
        switch (op.op) {
          case OpKind::equal: next.push_back(current[old_index++]); break;
          case OpKind::del: ++old_index; break;
          case OpKind::replace:
            ++old_index;
            next.push_back({op.new_text, credit.number, credit.fetched_at});
            break;
          case OpKind::insert: next.push_back({op.new_text, credit.number, credit.fetched_at}); break;
          case OpKind::move:
            // Moved unchanged: still the text it was; moved and retouched: as of this version.
            if (op.words.empty()) {
              BlamedParagraph moved = current[static_cast<std::size_t>(op.from)];
              moved.text = op.new_text;
              next.push_back(moved);
            } else {
              next.push_back({op.new_text, credit.number, credit.fetched_at});
            }
            break;
        }
      }
      current = std::move(next);
    }
    if (!v.rebaseline) last_real = &v;
  }
  return current;
}

}  // namespace diffwire
