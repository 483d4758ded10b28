// What a page is to diffwire: the article a reader sees, without the page around it.
#pragma once
#include <string>
#include <vector>

namespace diffwire {

struct Article {
  std::string title;
  std::string byline;
  std::string published;  // as the page states it (usually ISO 8601); empty if unknown
  std::string modified;
  std::vector<std::string> paragraphs;  // in reading order, one block of text each
  std::string method;  // which extractor and layer answered: "dom@1", "json-ld@1"
  // The URL the page says is its own (<link rel=canonical>, else og:url), absolute and canonical;
  // "" when it names none. Not part of the text: it decides which article a page is.
  std::string canonical_url;
  std::string canonical_from;  // "rel=canonical" or "og:url"
};

}  // namespace diffwire
