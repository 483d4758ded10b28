// The generic layer: finds the article in any page by scoring the DOM, Readability's way. Every
// paragraph-like element with enough text scores its ancestors (commas and length count, links do
// not), the best-scoring container wins, and its siblings join it when they look like more of the
// same. Page furniture — navigation, share buttons, cookie banners, "most read", hidden elements,
// ad slots, datelines — is skipped by tag, ARIA role and class/id hints before it can score
// (blocks.hpp: the vocabulary every layer shares).
// Where the publisher marks the body (microdata itemprop="articleBody") the mark wins.
#pragma once
#include <gumbo.h>

#include <string>
#include <vector>

#include "diffwire/extract.hpp"

namespace diffwire {

struct GenericResult {
  std::vector<std::string> paragraphs;
  bool marked_body = false;  // microdata itemprop="articleBody" answered
  double link_density = 0;   // of the elements the paragraphs were read from, before cleaning
};

// explain, when given, collects why blocks were left out.
GenericResult extract_generic(const GumboNode* body, Explanation* explain);

}  // namespace diffwire
