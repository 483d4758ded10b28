// The gumbo wrapper: one owner for the parse tree and the bytes it points into, so they live and die
// together, plus the few tree helpers the extractor needs. Private to src/: gumbo types never reach
// include/.
#pragma once
#include <gumbo.h>

#include <string>
#include <string_view>

#include "extract/prefilter.hpp"

namespace diffwire {

class HtmlDocument {
 public:
  // html must be UTF-8. Prefiltered (prefilter.hpp: no scripts, styles, comments or SVG, nesting
  // bounded), then parsed with its length (gumbo_parse stops at a NUL) and few recorded errors (each
  // recorded error copies the open-element stack: 16,000 unclosed tags cost 2 GB otherwise).
  // A page past the prefilter's budgets throws PageRefused naming subject (a URL or file).
  explicit HtmlDocument(std::string_view html, std::string subject = "", KeepAttributes keep = KeepAttributes::all);
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;
  ~HtmlDocument();

  const GumboNode* root() const { return output_->root; }
  const PrefilterStats& prefilter_stats() const { return stats_; }

 private:
  PrefilterStats stats_;
  std::string buffer_;
  GumboOutput* output_;
};

// Nodes deeper than this are ignored by every walk: recursion stays bounded on hostile pages.
inline constexpr int kMaxDepth = 512;
bool is_element(const GumboNode* node);
GumboTag tag_of(const GumboNode* node);
bool has_tag(const GumboNode* node, GumboTag tag);
std::string_view attribute(const GumboNode* node, const char* name);  // "" when absent
const GumboVector& children_of(const GumboNode* node);
// All text below node, whitespace as in the source. Skips script, style and template contents.
std::string text_content(const GumboNode* node);
// The first element with this tag, depth first (nullptr when none).
const GumboNode* find_first(const GumboNode* node, GumboTag tag, int depth = 0);

}  // namespace diffwire
