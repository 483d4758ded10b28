// Page → Article. The body: microdata itemprop="articleBody" when the page marks it, else a
// readability-style scoring of the DOM; a JSON-LD articleBody replaces that result when the DOM
// misses most of it. Metadata (title, byline, dates) comes from JSON-LD, OpenGraph/meta tags and the
// document, in that order.
#pragma once
#include <string_view>

#include "diffwire/article.hpp"

namespace diffwire {

// Bumped whenever a change to the extractor can change what it returns for the same page; stored
// with every version (Article::method is "dom@1", "json-ld@1"), so old versions can be told apart.
inline constexpr const char* kExtractorVersion = "1";

// html must be UTF-8 (see charset.hpp). Never throws on bad markup; an article with no
// paragraphs means "no article found".
Article extract_article(std::string_view html);

}  // namespace diffwire
