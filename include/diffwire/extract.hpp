// Page → Article, in layers; the first layer that answers wins and is recorded in Article::method:
//   1. site rules    "site-rule:NAME@V"  a publisher's selectors (site_rules.hpp), when the URL's host has one
//   2. live blog     "live-blog@V"       JSON-LD LiveBlogPosting updates, or a live page's timed posts
//   3. structured    "microdata@V"       itemprop="articleBody";  "json-ld@V" a JSON-LD articleBody
//                                        that the generic layer misses most of
//   4. generic       "dom@V"             content scoring over the DOM (generic_layer.hpp)
// then, whichever answered: 5. a metered paywall's prompt beside a whole story is dropped; 6. the
// generic layer's answer must be an article at all (not a wall, a page of links, a ticker).
// Metadata (title, byline, dates) comes from the rule's title selector, then JSON-LD, meta tags and
// the <title> (metadata.hpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "diffwire/article.hpp"

namespace diffwire {

// Bumped whenever a change to the extractor can change what it returns for the same page. Stored
// with every version (in Article::method); a poll that meets a version made by another extractor
// version re-extracts that version's stored page and re-baselines instead of reporting a change.
inline constexpr const char* kExtractorVersion = "7";

class SiteRules;  // site_rules.hpp

// Why the extractor answered as it did, for `extract --explain`.
struct Explanation {
  std::vector<std::string> notes;  // in the order decisions were taken
};

struct ExtractOptions {
  std::string url;                     // the page's URL; picks the site rule by host
  const SiteRules* rules = nullptr;    // none: only the structured-data and generic layers
  Explanation* explain = nullptr;
};

// html must be UTF-8 (see charset.hpp). Never throws on bad markup; an article with no paragraphs
// means "no article found". Throws PageRefused (error.hpp) for a page past the parse budgets
// (src/prefilter.hpp), which would cost unbounded time or memory to parse.
Article extract_article(std::string_view html, const ExtractOptions& options = {});

// The phrase by which a text says it is a paywall, a registration or consent wall or a bot check
// rather than an article ("" when it has none). `lowered`: the text in ASCII lower case. A text
// shorter than kWallTextLimit characters that has one is the wall; a longer one is an article that
// mentions subscriptions.
std::string_view wall_phrase(std::string_view lowered);
inline constexpr std::size_t kWallTextLimit = 1500;

// "dom@2" → "2": the extractor version a stored method string was made with ("" when unknown).
std::string extractor_version_of(std::string_view method);

}  // namespace diffwire
