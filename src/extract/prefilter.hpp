// What the parser never needs to see. Half of a news page's bytes are scripts, styles, comments and
// inline SVG; gumbo tokenises every one of them. One linear pass over the bytes drops them (JSON-LD
// scripts are kept: the metadata layer reads them), reading them as the WHATWG tokenizer does, so
// that gumbo finds the same visible text with and without the pass (tests/prefilter_test.cpp checks
// every html5lib-tests document). The one intended difference: <noscript> is read as a browser with
// scripting on reads it, as raw text that is not shown (gumbo parses it as markup, as a browser with
// scripting off would). The pass also drops start tags that would nest deeper than
// a limit (their text is kept): gumbo 0.10 is quadratic in depth — 100,000 nested <div>s take 20 s —
// and frees its tree recursively, so 500,000 unclosed <span>s overflow the stack. Other budgets
// keep every page's parse time and memory bounded:
// - attributes per tag: gumbo checks each new attribute against all earlier ones, so one tag with
//   200,000 attributes takes minutes; the attributes beyond the limit are dropped;
// - open formatting elements (<b>, <i>, <font>, ...): gumbo re-opens every one of them in each
//   paragraph after the one that closed them, so 390 unclosed <b>s in a <p> followed by 20,000 more
//   <p>s (84 KB) take 8 s and 3 GB; formatting start tags beyond the limit are dropped (diffwire
//   reads text only);
// - elements per page (start tags, plus the formatting elements the parser may re-open) and bytes:
//   a page past them is refused (see page_refusal), not truncated, because half a page would look
//   like an edit.
#pragma once
#include <string>
#include <string_view>

namespace diffwire {

struct PrefilterStats {
  std::size_t removed_bytes = 0;        // scripts, styles, comments, SVG, noscript, template
  std::size_t dropped_tags = 0;         // start tags beyond the depth limit
  std::size_t dropped_attributes = 0;   // attributes beyond the per-tag limit
  std::size_t dropped_formatting = 0;   // formatting start tags beyond the open limit
  std::size_t start_tags = 0;           // start tags passed on to the parser
  std::size_t reopened = 0;             // at most this many formatting elements re-opened by it
  std::size_t output_bytes = 0;
};

// The budgets. Real pages nest a few dozen deep; the largest page of ../shared/corpora has about
// 10,000 start tags and 70 attributes on one tag.
inline constexpr int kMaxParseDepth = 400;
inline constexpr std::size_t kMaxAttributes = 256;
inline constexpr int kMaxOpenFormatting = 8;
inline constexpr std::size_t kMaxElements = 200'000;
inline constexpr std::size_t kMaxParseBytes = 16u << 20;

// Why a prefiltered page must not be parsed ("" when it may be): more elements or bytes than the
// budget allows.
std::string page_refusal(const PrefilterStats& stats);

// Which attributes reach the parser: all (a site rule's selectors may name any), or only those the
// extractor's layers read — on modern pages data-* attributes, srcsets and inline JSON are often
// most of the markup left, and gumbo copies every one.
enum class KeepAttributes { all, read_by_extractor };

// The page with those parts removed. The nesting depth is estimated from the tags alone (void and
// implicitly closed elements do not nest), which is all a guard needs.
std::string prefilter(std::string_view html, int max_depth = kMaxParseDepth, PrefilterStats* stats = nullptr,
                      KeepAttributes keep = KeepAttributes::all);

}  // namespace diffwire
