// The differ. Sequences are interned to small integers, the common prefix and suffix are trimmed (as
// git and GNU diff do), and dtl computes the minimal edit script of what is left. Within each run of
// removed and added paragraphs, a small dynamic programme pairs similar ones (monotonically, so order
// is kept) into "replace" ops that get a word-level diff. dtl's templates stay in this file.
#include "diffwire/diff.hpp"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace diffwire {

namespace {

enum class Edit { keep, remove, add };

// The minimal edit script from a to b, as a list of edits in order.
std::vector<Edit> edit_script(const std::vector<int>& a, const std::vector<int>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  std::vector<Edit> edits(prefix, Edit::keep);
  std::vector<int> mid_a(a.begin() + prefix, a.end() - suffix), mid_b(b.begin() + prefix, b.end() - suffix);
  if (mid_a.empty()) {
    edits.insert(edits.end(), mid_b.size(), Edit::add);
  } else if (mid_b.empty()) {
    edits.insert(edits.end(), mid_a.size(), Edit::remove);
  } else {
    dtl::Diff<int, std::vector<int>> d(mid_a, mid_b);
    d.compose();
    for (const auto& [elem, info] : d.getSes().getSequence()) {
      (void)elem;
      edits.push_back(info.type == dtl::SES_COMMON ? Edit::keep
                      : info.type == dtl::SES_DELETE ? Edit::remove
                                                     : Edit::add);
    }
  }
  edits.insert(edits.end(), suffix, Edit::keep);
  return edits;
}

class Interner {
 public:
  int id(const std::string& s) { return ids_.emplace(s, static_cast<int>(ids_.size())).first->second; }
  std::vector<int> ids(const std::vector<std::string>& v) {
    std::vector<int> out;
    out.reserve(v.size());
    for (const auto& s : v) out.push_back(id(s));
    return out;
  }

 private:
  std::unordered_map<std::string, int> ids_;
};

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '_'; }

// Words, single punctuation marks and runs of whitespace: the units a reader sees change.
std::vector<std::string> tokenize(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t j = i + 1;
    if (is_word_byte(c)) {
      // A word runs on through inner punctuation: "50.67", "1,200", "night's", "10:30".
      for (;;) {
        while (j < s.size() && is_word_byte(static_cast<unsigned char>(s[j]))) ++j;
        std::size_t joiner = j < s.size() && (s[j] == '.' || s[j] == ',' || s[j] == '\'' || s[j] == ':') ? 1
                             : s.compare(j, 3, "\xE2\x80\x99") == 0                                ? 3
                                                                                                   : 0;
        if (joiner == 0 || j + joiner >= s.size() || !is_word_byte(static_cast<unsigned char>(s[j + joiner]))) break;
        j += joiner;
      }
    } else if (std::isspace(c)) {
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    }
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  for (auto& t : tokenize(s))
    if (is_word_byte(static_cast<unsigned char>(t[0]))) out.push_back(std::move(t));
  return out;
}

constexpr double kPairThreshold = 0.5;
constexpr std::size_t kMaxPairingCells = 200 * 200;  // bigger hunks stay plain removes and adds

// A paragraph's words as sorted ids: similarity is then a linear merge, so pairing a hunk costs
// one tokenisation per paragraph rather than one per pair.
using Bag = std::vector<int>;

Bag bag_of(const std::string& s, Interner& words) {
  Bag bag;
  for (const auto& w : words_of(s)) bag.push_back(words.id(w));
  std::sort(bag.begin(), bag.end());
  return bag;
}

// Dice coefficient over the two word multisets, 0..1.
double bag_similarity(const Bag& a, const Bag& b) {
  if (a.empty() && b.empty()) return 0.0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++common, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

// Pairs removed and added paragraphs of one hunk, keeping order, maximising total similarity.
void emit_hunk(const std::vector<std::string>& removed, const std::vector<std::string>& added,
               std::vector<ParagraphOp>& out) {
  std::size_t n = removed.size(), m = added.size();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (n > 0 && m > 0 && n * m <= kMaxPairingCells) {
    Interner words;
    std::vector<Bag> rb, ab;
    for (const auto& r : removed) rb.push_back(bag_of(r, words));
    for (const auto& a : added) ab.push_back(bag_of(a, words));
    std::vector<std::vector<double>> sim(n, std::vector<double>(m));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) sim[i][j] = bag_similarity(rb[i], ab[j]);
    std::vector<std::vector<double>> best(n + 1, std::vector<double>(m + 1, 0.0));
    for (std::size_t i = 1; i <= n; ++i)
      for (std::size_t j = 1; j <= m; ++j) {
        best[i][j] = std::max(best[i - 1][j], best[i][j - 1]);
        if (sim[i - 1][j - 1] >= kPairThreshold)
          best[i][j] = std::max(best[i][j], best[i - 1][j - 1] + sim[i - 1][j - 1]);
      }
    for (std::size_t i = n, j = m; i > 0 && j > 0;) {
      if (sim[i - 1][j - 1] >= kPairThreshold && best[i][j] == best[i - 1][j - 1] + sim[i - 1][j - 1]) {
        pairs.emplace_back(i - 1, j - 1);
        --i, --j;
      } else if (best[i][j] == best[i - 1][j]) {
        --i;
      } else {
        --j;
      }
    }
    std::reverse(pairs.begin(), pairs.end());
  }
  std::size_t i = 0, j = 0;
  auto flush_until = [&](std::size_t ri, std::size_t aj) {
    for (; i < ri; ++i) out.push_back({OpKind::del, removed[i], "", {}});
    for (; j < aj; ++j) out.push_back({OpKind::insert, "", added[j], {}});
  };
  for (auto [ri, aj] : pairs) {
    flush_until(ri, aj);
    out.push_back({OpKind::replace, removed[ri], added[aj], diff_words(removed[ri], added[aj])});
    ++i, ++j;
  }
  flush_until(n, m);
}

constexpr double kMoveThreshold = 0.9;  // nearly identical: a moved paragraph, perhaps retouched

// Turns each removed paragraph that reappears elsewhere as an added one into one move op at its new
// place. Pairing within a hunk ran first, so only paragraphs that travelled past unchanged text are
// left as removes and adds here.
void find_moves(std::vector<ParagraphOp>& ops) {
  std::vector<std::size_t> dels, ins;
  std::vector<int> old_index(ops.size(), -1);
  int at = 0;
  for (std::size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].op != OpKind::insert) old_index[k] = at++;
    if (ops[k].op == OpKind::del) dels.push_back(k);
    if (ops[k].op == OpKind::insert) ins.push_back(k);
  }
  if (dels.empty() || ins.empty() || dels.size() * ins.size() > kMaxPairingCells) return;
  Interner words;
  std::vector<Bag> db, ib;
  for (std::size_t d : dels) db.push_back(bag_of(ops[d].old_text, words));
  for (std::size_t i : ins) ib.push_back(bag_of(ops[i].new_text, words));
  std::vector<bool> gone(ops.size(), false), taken(ins.size(), false);
  for (std::size_t x = 0; x < dels.size(); ++x) {
    if (db[x].size() < 3) continue;  // "Advertisement" is no paragraph to follow around
    std::size_t best = ins.size();
    double best_sim = kMoveThreshold;
    for (std::size_t y = 0; y < ins.size(); ++y) {
      if (taken[y]) continue;
      double s = ops[dels[x]].old_text == ops[ins[y]].new_text ? 1.0 : bag_similarity(db[x], ib[y]);
      if (s >= best_sim) best = y, best_sim = s;
    }
    if (best == ins.size()) continue;
    taken[best] = true;
    ParagraphOp& to = ops[ins[best]];
    to.op = OpKind::move;
    to.old_text = ops[dels[x]].old_text;
    to.from = old_index[dels[x]];
    if (to.old_text != to.new_text) to.words = diff_words(to.old_text, to.new_text);
    gone[dels[x]] = true;
  }
  std::vector<ParagraphOp> kept;
  for (std::size_t k = 0; k < ops.size(); ++k)
    if (!gone[k]) kept.push_back(std::move(ops[k]));
  ops = std::move(kept);
}

}  // namespace

const char* op_name(OpKind kind) {
  switch (kind) {
    case OpKind::equal: return "equal";
    case OpKind::insert: return "insert";
    case OpKind::del: return "delete";
    case OpKind::replace: return "replace";
    case OpKind::move: return "move";
  }
  return "?";
}

std::vector<ParagraphOp> diff_paragraphs(const std::vector<std::string>& before,
                                         const std::vector<std::string>& after) {
  Interner interner;
  std::vector<int> a = interner.ids(before), b = interner.ids(after);
  std::vector<ParagraphOp> out;
  std::vector<std::string> removed, added;
  std::size_t i = 0, j = 0;
  for (Edit e : edit_script(a, b)) {
    if (e == Edit::keep) {
      emit_hunk(removed, added, out);
      removed.clear();
      added.clear();
      out.push_back({OpKind::equal, before[i], after[j], {}});
      ++i, ++j;
    } else if (e == Edit::remove) {
      removed.push_back(before[i++]);
    } else {
      added.push_back(after[j++]);
    }
  }
  emit_hunk(removed, added, out);
  find_moves(out);
  return out;
}

std::vector<WordOp> diff_words(const std::string& before, const std::string& after) {
  std::vector<std::string> ta = tokenize(before), tb = tokenize(after);
  Interner interner;
  std::vector<int> a = interner.ids(ta), b = interner.ids(tb);

  // Segments: equal text, or a change (removed text, added text).
  struct Segment {
    bool equal;
    std::string text, removed, added;
  };
  std::vector<Segment> segs;
  auto change = [&]() -> Segment& {
    if (segs.empty() || segs.back().equal) segs.push_back({false, "", "", ""});
    return segs.back();
  };
  std::size_t i = 0, j = 0;
  for (Edit e : edit_script(a, b)) {
    if (e == Edit::keep) {
      if (segs.empty() || !segs.back().equal) segs.push_back({true, "", "", ""});
      segs.back().text += ta[i];
      ++i, ++j;
    } else if (e == Edit::remove) {
      change().removed += ta[i++];
    } else {
      change().added += tb[j++];
    }
  }
  // A lone space between two changes reads better inside one change: "[-a b-]{+c d+}".
  std::vector<Segment> merged;
  for (std::size_t k = 0; k < segs.size(); ++k) {
    const Segment& s = segs[k];
    bool bridge = s.equal && !merged.empty() && !merged.back().equal && k + 1 < segs.size() &&
                  std::all_of(s.text.begin(), s.text.end(), [](unsigned char c) { return std::isspace(c); });
    if (bridge) {
      const Segment& next = segs[++k];
      merged.back().removed += s.text + next.removed;
      merged.back().added += s.text + next.added;
    } else {
      merged.push_back(s);
    }
  }
  std::vector<WordOp> out;
  for (const auto& s : merged) {
    if (s.equal) {
      out.push_back({OpKind::equal, s.text});
    } else {
      if (!s.removed.empty()) out.push_back({OpKind::del, s.removed});
      if (!s.added.empty()) out.push_back({OpKind::insert, s.added});
    }
  }
  return out;
}

ParagraphOp diff_title(const std::string& before, const std::string& after) {
  if (before == after) return {OpKind::equal, before, after, {}};
  return {OpKind::replace, before, after, diff_words(before, after)};
}

DiffStats count_changes(const std::vector<ParagraphOp>& ops) {
  DiffStats s;
  for (const auto& op : ops) {
    if (op.op == OpKind::insert) ++s.added;
    else if (op.op == OpKind::del) ++s.removed;
    else if (op.op == OpKind::replace) ++s.changed;
    else if (op.op == OpKind::move) ++s.moved;
  }
  return s;
}

}  // namespace diffwire
