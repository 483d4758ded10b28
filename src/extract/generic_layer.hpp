// The generic layer: finds the article in any page by scoring the DOM, Readability's way. Every
// paragraph-like element with enough text scores its ancestors (commas and length count, links do
// not), the best-scoring container wins, and its siblings join it when they look like more of the
// same. Page furniture — navigation, share buttons, cookie banners, "most read", hidden elements,
// ad slots, datelines — is skipped by tag, ARIA role and class/id hints before it can score.
// Where the publisher marks the body (microdata itemprop="articleBody") the mark wins.
#pragma once
#include <gumbo.h>

#include <functional>
#include <string>
#include <vector>

#include "diffwire/extract.hpp"

namespace diffwire {

struct GenericResult {
  std::vector<std::string> paragraphs;
  bool marked_body = false;  // microdata itemprop="articleBody" answered
};

// explain, when given, collects why blocks were left out.
GenericResult extract_generic(const GumboNode* body, Explanation* explain);

// Shared with the other layers: what is never article text, and where blocks begin and end.
bool is_block(GumboTag t);
bool is_furniture_tag(GumboTag t);
bool is_hidden(const GumboNode* node);
bool is_timestamp_line(const std::string& text);
// Class or id says share tools, ads, "related", a newsletter box… (Readability's unlikely list and
// advertising tokens), and nothing says content.
bool has_furniture_hints(const GumboNode* node);

// The text of node as blocks (one string per paragraph, heading, list item…), leaving out furniture
// tags (captions excepted), hidden elements, timestamp lines and every element `drop` accepts.
using DropFilter = std::function<bool(const GumboNode*)>;
std::vector<std::string> block_texts(const GumboNode* node, const DropFilter& drop = nullptr);
// Plain text (JSON-LD articleBody, a live post) as paragraphs: one per non-empty line, normalised.
std::vector<std::string> text_lines(const std::string& text);

}  // namespace diffwire
