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
};

}  // namespace diffwire
