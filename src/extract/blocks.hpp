// The extraction layers' shared vocabulary: which elements are blocks, which are never article text
// (furniture tags and ARIA roles, hidden elements, lines that change by themselves), what a class or
// id hints at — and the one walker that turns a DOM subtree into blocks of text, a paragraph per
// block. Every layer (site rules, live blogs, the generic layer) and the section-page reader speak it,
// so that "furniture" and "a paragraph" mean the same everywhere. Private to src/ (gumbo types).
#pragma once
#include <gumbo.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "extract/html.hpp"

namespace diffwire {

bool is_block(GumboTag t);
bool is_heading(GumboTag t);
bool is_furniture_tag(GumboTag t);           // never article text: scripts, forms, nav, footer, aside…
bool has_furniture_role(const GumboNode* node);  // ARIA: navigation, banner, dialog, complementary…
bool is_hidden(const GumboNode* node);       // hidden, aria-hidden, display:none, visibility:hidden
// Readers' comments: an id or class that is "comment(s)", begins with "comment(s)-" or ends with
// "-comment(s)" ("_" as well; not "commented", not "commentary"), names Disqus, or microdata of a
// Comment. On a page with no article they are the prose that is left, and must not be taken for one.
bool is_comment_section(const GumboNode* node);
bool is_timestamp_line(const std::string& text);  // "Updated 10:42 GMT", "5 mins ago": changes by itself
bool is_counter_line(const std::string& text);    // "1,204 shares", "Comments (11)": changes by itself
// "Loading…", "Listen to this article", "1:02 / 5:32", a consent placeholder for an embed: comes and goes.
bool is_placeholder_line(const std::string& text);
// A metered paywall's prompt where the rest of a story would be ("To read the rest of this article,
// log in"; "You have reached your limit… Subscribe to continue reading"): shown to some captures of
// a story and not to others. Short lines only.
bool is_paywall_prompt(const std::string& text);

// Class and id hints. class_and_id: both, lower-cased, as one string for substring hints; its tokens
// are the runs of letters and digits ("ad-slot" → "ad", "slot"), for hints that must be whole words.
std::string class_and_id(const GumboNode* node);
bool has_token(std::string_view hints, std::initializer_list<std::string_view> tokens);
bool says_unlikely(const std::string& hints);  // Readability's unlikely list, and nothing says content
bool is_ad(const std::string& hints);          // an advertising slot, by whole tokens ("ad", "dfp", …)
int class_weight(const GumboNode* node);       // Readability's class weight: ±25 per attribute
// Class or id says share tools, ads, "related", a newsletter box…, and nothing says content.
bool has_furniture_hints(const GumboNode* node);

// Text in, paragraphs out: text accumulates in the current block; end_block() closes it as one
// normalised paragraph, unless it is empty, a timestamp line or a placeholder. One line break is a space; two in a
// row (only white space between) end the paragraph, as on pages written with <br><br> and no <p>.
class BlockWriter {
 public:
  void text(std::string_view t) {
    buffer_ += t;
    if (breaks_ && t.find_first_not_of(" \t\n\r\f") != std::string_view::npos) breaks_ = 0;
  }
  void line_break() {
    if (++breaks_ == 2) end_block();
    else buffer_ += ' ';
  }
  void end_block();
  std::vector<std::string>& paragraphs() { return out_; }
  std::vector<std::string> take() {
    end_block();
    return std::move(out_);
  }

 private:
  std::string buffer_;
  int breaks_ = 0;  // line breaks since the last text
  std::vector<std::string> out_;
};

// The one walk from a subtree to blocks. `keep(node, depth)` is asked of every element: one it
// refuses is left out with all that is under it. Text joins the current block, <br> is a space, and
// a block element starts and ends a block.
template <typename Keep>
void write_blocks(const GumboNode* node, Keep&& keep, BlockWriter& out, int depth = 0) {
  if (depth > kMaxDepth) return;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
    out.text(node->v.text.text);
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT || !keep(node, depth)) return;
  GumboTag t = tag_of(node);
  if (t == GUMBO_TAG_BR) {
    out.line_break();
    return;
  }
  bool block = is_block(t);
  if (block) out.end_block();
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i) write_blocks(static_cast<const GumboNode*>(kids.data[i]), keep, out, depth + 1);
  if (block) out.end_block();
}

// The text of node as blocks (one string per paragraph, heading, list item…), leaving out furniture
// tags (captions excepted), hidden elements, timestamp lines and every element `drop` accepts.
template <typename Drop>
std::vector<std::string> block_texts(const GumboNode* node, Drop&& drop) {
  BlockWriter out;
  write_blocks(node, [&](const GumboNode* n, int) {
    GumboTag t = tag_of(n);
    return !(is_furniture_tag(t) && t != GUMBO_TAG_FIGCAPTION) && !is_hidden(n) && !drop(n);
  }, out);
  return out.take();
}
inline std::vector<std::string> block_texts(const GumboNode* node) {
  return block_texts(node, [](const GumboNode*) { return false; });
}

// Plain text (JSON-LD articleBody, a live post) as paragraphs: one per non-empty line, normalised.
std::vector<std::string> text_lines(const std::string& text);

}  // namespace diffwire
