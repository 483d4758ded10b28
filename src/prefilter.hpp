// What the parser never needs to see. Half of a news page's bytes are scripts, styles, comments and
// inline SVG; gumbo tokenises every one of them. One linear pass over the bytes drops them (JSON-LD
// scripts are kept: the metadata layer reads them) and drops start tags that would nest deeper than
// a limit (their text is kept): gumbo 0.10 is quadratic in depth — 100,000 nested <div>s take 20 s —
// and frees its tree recursively, so 500,000 unclosed <span>s overflow the stack.
#pragma once
#include <string>
#include <string_view>

namespace diffwire {

struct PrefilterStats {
  std::size_t removed_bytes = 0;   // scripts, styles, comments, SVG, noscript, template
  std::size_t dropped_tags = 0;    // start tags beyond the depth limit
};

// Real pages nest a few dozen deep.
inline constexpr int kMaxParseDepth = 400;

// The page with those parts removed. The nesting depth is estimated from the tags alone (void and
// implicitly closed elements do not nest), which is all a guard needs.
std::string prefilter(std::string_view html, int max_depth = kMaxParseDepth, PrefilterStats* stats = nullptr);

}  // namespace diffwire
