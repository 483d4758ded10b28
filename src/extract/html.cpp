// gumbo as the rest of diffwire sees it. The tree holds pointers into the input buffer, hence the
// buffer member: moving the string in keeps the pointers valid for the document's lifetime.
#include "extract/html.hpp"

#include <cctype>

#include "diffwire/error.hpp"
#include "extract/prefilter.hpp"

namespace diffwire {

HtmlDocument::HtmlDocument(std::string_view html, std::string subject, KeepAttributes keep)
    : buffer_(prefilter(html, kMaxParseDepth, &stats_, keep)) {
  if (std::string why = page_refusal(stats_); !why.empty()) throw PageRefused(std::move(subject), why);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 16;
  output_ = gumbo_parse_with_options(&options, buffer_.data(), buffer_.size());
  if (!output_) throw Error("cannot parse HTML", "", "gumbo returned no tree");
}

HtmlDocument::~HtmlDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }

bool is_element(const GumboNode* node) { return node && node->type == GUMBO_NODE_ELEMENT; }

GumboTag tag_of(const GumboNode* node) { return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN; }

bool has_tag(const GumboNode* node, GumboTag tag) { return is_element(node) && node->v.element.tag == tag; }

std::string_view attribute(const GumboNode* node, const char* name) {
  if (!is_element(node)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view{};
}

const GumboVector& children_of(const GumboNode* node) {
  static const GumboVector empty = {nullptr, 0, 0};
  if (node->type == GUMBO_NODE_ELEMENT) return node->v.element.children;
  if (node->type == GUMBO_NODE_DOCUMENT) return node->v.document.children;
  return empty;
}

namespace {
void append_text(const GumboNode* node, std::string& out, int depth) {
  if (depth > kMaxDepth) return;
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      out += node->v.text.text;
      return;
    case GUMBO_NODE_ELEMENT: {
      GumboTag t = node->v.element.tag;
      if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_NOSCRIPT)
        return;
      if (t == GUMBO_TAG_BR) out += ' ';
      [[fallthrough]];
    }
    case GUMBO_NODE_DOCUMENT: {
      const GumboVector& kids = children_of(node);
      for (unsigned i = 0; i < kids.length; ++i)
        append_text(static_cast<const GumboNode*>(kids.data[i]), out, depth + 1);
      return;
    }
    default:
      return;
  }
}
}  // namespace

std::string text_content(const GumboNode* node) {
  std::string out;
  append_text(node, out, 0);
  return out;
}

const GumboNode* find_first(const GumboNode* node, GumboTag tag, int depth) {
  if (depth > kMaxDepth) return nullptr;
  if (has_tag(node, tag)) return node;
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i)
    if (auto found = find_first(static_cast<const GumboNode*>(kids.data[i]), tag, depth + 1)) return found;
  return nullptr;
}

}  // namespace diffwire
