// How two versions differ: paragraphs aligned with a minimal edit script, then similar removed/added
// paragraph pairs turned into "replace" ops that carry a word-level diff — how a reader sees
// "cracks in two of its supports" become "cracks in three of its supports".
#pragma once
#include <string>
#include <vector>

namespace diffwire {

enum class OpKind { equal, insert, del, replace };
const char* op_name(OpKind kind);  // "equal", "insert", "delete", "replace"

struct WordOp {
  OpKind op;  // equal, insert or del
  std::string text;
};

struct ParagraphOp {
  OpKind op;
  std::string old_text;  // empty for insert
  std::string new_text;  // empty for del
  std::vector<WordOp> words;  // only for replace
};

struct DiffStats {
  int added = 0, removed = 0, changed = 0;
};

std::vector<ParagraphOp> diff_paragraphs(const std::vector<std::string>& before,
                                         const std::vector<std::string>& after);
std::vector<WordOp> diff_words(const std::string& before, const std::string& after);
// The title as one op: equal, or replace with its word diff.
ParagraphOp diff_title(const std::string& before, const std::string& after);
DiffStats count_changes(const std::vector<ParagraphOp>& ops);

}  // namespace diffwire
