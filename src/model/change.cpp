// The classes of change.hpp. Each rule looks only at what changed: the word diffs of changed paragraphs, whole paragraphs
// added, removed or moved, and the title's word diff.
#include "diffwire/change.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "diffwire/charset.hpp"
#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {

// Typography that is no word: Unicode spaces, dashes, quotation marks, bullets and ellipses (the
// General Punctuation block), the minus sign, no-break and soft hyphen, guillemets and inverted marks,
// CJK and fullwidth punctuation, the zero-width no-break space. "A-B" and "A–B", 'quote' and
// ‘quote’ read the same.
bool is_typography(std::uint32_t cp) {
  return (cp >= 0x2000 && cp <= 0x206F) || cp == 0x2212 || cp == 0x00A0 || cp == 0x00A1 || cp == 0x00AB ||
         cp == 0x00AD || cp == 0x00B4 || cp == 0x00B7 || cp == 0x00BB || cp == 0x00BF || (cp >= 0x3000 && cp <= 0x3003) ||
         (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || cp == 0xFEFF;
}

// Text as the "minor" rule compares it: letters and digits only (ASCII lower-cased; other
// characters kept as they are, typography left out).
std::string bare(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
      ++i;
      continue;
    }
    CodePoint cp = code_point_at(s, i);
    if (!is_typography(cp.value)) out.append(s, i, cp.length);
    i += cp.length;
  }
  return out;
}

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Spans inside quotation marks ("…", “…”, «…»), as [begin, end) byte offsets.
std::vector<std::pair<std::size_t, std::size_t>> quoted_spans(const std::string& s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  static const std::pair<std::string, std::string> marks[] = {
      {"\"", "\""}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xC2\xAB", "\xC2\xBB"}, {"\xE2\x80\x9E", "\xE2\x80\x9C"}};
  for (const auto& [open, close] : marks) {
    for (std::size_t at = s.find(open); at != std::string::npos; at = s.find(open, at + 1)) {
      std::size_t end = s.find(close, at + open.size());
      if (end == std::string::npos) break;
      out.emplace_back(at + open.size(), end);
      at = end;
    }
  }
  return out;
}

// Did a changed word of a replace fall inside a quotation, on either side?
bool quote_changed(const ParagraphOp& op) {
  auto touches = [](const std::vector<std::pair<std::size_t, std::size_t>>& spans, std::size_t from, std::size_t to) {
    for (auto [b, e] : spans)
      if (from < e && to > b) return true;
    return false;
  };
  auto old_spans = quoted_spans(op.old_text), new_spans = quoted_spans(op.new_text);
  std::size_t old_at = 0, new_at = 0;
  for (const WordOp& w : op.words) {
    if (w.op == OpKind::equal) {
      old_at += w.text.size();
      new_at += w.text.size();
    } else if (w.op == OpKind::del) {
      if (touches(old_spans, old_at, old_at + w.text.size())) return true;
      old_at += w.text.size();
    } else {
      if (touches(new_spans, new_at, new_at + w.text.size())) return true;
      new_at += w.text.size();
    }
  }
  return false;
}

bool says_correction(const std::string& text) {
  std::string t = ascii_lower(text);
  for (const char* sign : {"correction:", "clarification:", "editor's note", "editor’s note", "an earlier version of this",
                           "this article has been corrected", "this story has been corrected", "was corrected to"})
    if (t.find(sign) != std::string::npos) return true;
  return false;
}

}  // namespace

std::vector<std::string> classify_change(const std::string& old_title, const std::string& new_title,
                                         const std::vector<ParagraphOp>& ops, bool url_changed) {
  bool headline = old_title != new_title, lede = false, quote = false, number = false, edited = false, added = false,
       removed = false, moved = false, correction = false, substantive = headline && bare(old_title) != bare(new_title);
  int new_index = 0;
  for (const ParagraphOp& op : ops) {
    bool first = new_index == 0;
    if (op.op != OpKind::del) ++new_index;
    if (op.op == OpKind::equal) continue;
    if (first) lede = true;  // at the top of the new text, or removed from before it
    switch (op.op) {
      case OpKind::insert:
        added = substantive = true;
        correction |= says_correction(op.new_text);
        break;
      case OpKind::del: removed = substantive = true; break;
      case OpKind::move: moved = substantive = true; break;
      case OpKind::replace: {
        if (bare(op.old_text) == bare(op.new_text)) break;  // punctuation or case only
        substantive = true;
        bool in_quote = quote_changed(op), figure = false;
        for (const WordOp& w : op.words)
          if (w.op != OpKind::equal && has_digit(w.text)) figure = true;
        quote |= in_quote;
        number |= figure;
        edited |= !first && !in_quote && !figure;  // words changed that no other class names
        correction |= says_correction(op.new_text) && !says_correction(op.old_text);
        break;
      }
      case OpKind::equal: break;
    }
  }
  std::vector<std::string> out;
  bool any = headline || lede || added || removed || moved || std::any_of(ops.begin(), ops.end(), [](const ParagraphOp& o) {
               return o.op != OpKind::equal;
             });
  if (!any && !url_changed) return out;
  if (!substantive && !url_changed) return {"minor"};
  if (headline && bare(old_title) != bare(new_title)) out.push_back("headline");
  if (lede) out.push_back("lede");
  if (quote) out.push_back("quote");
  if (number) out.push_back("number");
  if (edited) out.push_back("edited");
  if (added) out.push_back("added");
  if (removed) out.push_back("removed");
  if (moved) out.push_back("moved");
  if (correction) out.push_back("correction");
  if (url_changed) out.push_back("url");
  return out;
}

namespace {
constexpr const char* kClasses[] = {"minor", "headline", "lede", "quote", "number", "edited", "added",
                                    "removed", "moved", "correction", "url", "reverted"};
}  // namespace

std::string change_class_names() {
  std::string out;
  for (const char* c : kClasses) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

bool is_change_class(const std::string& name) {
  return std::find(std::begin(kClasses), std::end(kClasses), name) != std::end(kClasses);
}

bool same_story(const std::optional<std::string>& their_title, const std::string& page_title) {
  return !their_title || *their_title == page_title;
}

void add_reverted(std::vector<std::string>& classes) { classes.push_back("reverted"); }

std::vector<std::string> classes_between(const VersionRecord& from, const VersionRecord& to,
                                         const std::vector<ParagraphOp>& ops) {
  // A recorded change always has a class (a text that changed in no way makes no version); none
  // means a version recorded before classes were kept.
  if (to.number == from.number + 1 && !to.rebaseline && !to.classes.empty()) return to.classes;
  std::vector<std::string> out = classify_change(from.article.title, to.article.title, ops,
                                                 !from.final_url.empty() && from.final_url != to.final_url);
  if (to.reverted_to > 0 && to.number == from.number + 1) add_reverted(out);
  return out;
}

int count_real_changes(const std::vector<VersionRecord>& versions) {
  int changes = 0;
  for (std::size_t i = 1; i < versions.size(); ++i) changes += versions[i].rebaseline ? 0 : 1;
  return changes;
}

int latest_change(const std::vector<VersionRecord>& versions) {
  for (auto v = versions.rbegin(); v != versions.rend(); ++v)
    if (!v->rebaseline) return v->number;
  return versions.empty() ? 0 : versions.back().number;
}

std::string join_classes(const std::vector<std::string>& classes) {
  std::string out;
  for (const std::string& c : classes) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

std::vector<std::string> split_classes(const std::string& joined) {
  std::vector<std::string> out;
  std::string word;
  for (char c : joined + " ") {
    if (c == ' ') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

}  // namespace diffwire
