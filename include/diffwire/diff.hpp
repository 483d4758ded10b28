// How two versions differ: paragraphs aligned with a minimal edit script, then similar removed/added
// paragraph pairs turned into "replace" ops that carry a word-level diff — how a reader sees
// "cracks in two of its supports" become "cracks in three of its supports".
#pragma once
#include <string>
#include <vector>

namespace diffwire {

// move: a paragraph that left one place and reappears, identical or nearly, in another — one op at
// its new place (with a word diff when it also changed), not a delete plus an insert.
enum class OpKind { equal, insert, del, replace, move };
const char* op_name(OpKind kind);  // "equal", "insert", "delete", "replace", "move"

struct WordOp {
  OpKind op;  // equal, insert or del
  std::string text;
};

struct ParagraphOp {
  OpKind op;
  std::string old_text;  // empty for insert
  std::string new_text;  // empty for del
  std::vector<WordOp> words;  // for replace, and for a move whose text also changed
  int from = -1;              // move: where the paragraph was in the old version (0-based)
};

struct DiffStats {
  int added = 0, removed = 0, changed = 0, moved = 0;
};

std::vector<ParagraphOp> diff_paragraphs(const std::vector<std::string>& before,
                                         const std::vector<std::string>& after);
std::vector<WordOp> diff_words(const std::string& before, const std::string& after);
// The title as one op: equal, or replace with its word diff.
ParagraphOp diff_title(const std::string& before, const std::string& after);
DiffStats count_changes(const std::vector<ParagraphOp>& ops);

}  // namespace diffwire
