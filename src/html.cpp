// gumbo as the rest of diffwire sees it. The tree holds pointers into the input buffer, hence the
// buffer member: moving the string in keeps the pointers valid for the document's lifetime.
#include "html.hpp"

#include <cctype>

#include "diffwire/error.hpp"

namespace diffwire {

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':'; }

// Elements that never hold children, or that the parser closes by itself when the next one starts.
bool does_not_nest(const std::string& name) {
  static const char* names[] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th",
                                "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp",
                                "html", "head", "body"};
  for (const char* n : names)
    if (name == n) return true;
  return false;
}

struct Tag {
  std::size_t end = 0;  // one past '>' (or the end of the raw text element)
  bool closing = false, nests = false;
};

// The tag starting at html[pos] == '<', or end == 0 when it is not a tag.
Tag read_tag(const std::string& html, std::size_t pos) {
  Tag tag;
  if (html.compare(pos, 4, "<!--") == 0) {
    std::size_t e = html.find("-->", pos + 4);
    tag.end = e == std::string::npos ? html.size() : e + 3;
    return tag;
  }
  std::size_t i = pos + 1;
  if (i < html.size() && (html[i] == '!' || html[i] == '?')) {
    std::size_t e = html.find('>', i);
    tag.end = e == std::string::npos ? html.size() : e + 1;
    return tag;
  }
  if (i < html.size() && html[i] == '/') tag.closing = true, ++i;
  std::size_t name_start = i;
  while (i < html.size() && is_name_char(html[i])) ++i;
  if (i == name_start || !std::isalpha(static_cast<unsigned char>(html[name_start]))) return tag;
  std::string name = html.substr(name_start, i - name_start);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t e = html.find('>', i);
  if (e == std::string::npos) return tag;
  tag.end = e + 1;
  bool self_closing = e > 0 && html[e - 1] == '/';
  tag.nests = !tag.closing && !self_closing && !does_not_nest(name);
  if (!tag.closing && (name == "script" || name == "style" || name == "textarea" || name == "title")) {
    // Raw text: skip to its end tag, so "<div>" inside a script is not counted.
    std::size_t close = tag.end;
    std::string end_tag = "</" + name;
    for (;;) {
      close = html.find("</", close);
      if (close == std::string::npos) return tag.end = html.size(), tag.nests = false, tag;
      std::string candidate = html.substr(close, end_tag.size());
      for (char& c : candidate) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (candidate == end_tag) break;
      close += 2;
    }
    tag.end = close;
    tag.nests = false;
  }
  return tag;
}

}  // namespace

std::string limit_nesting(std::string html, int max_depth) {
  std::string out;
  bool rewriting = false;
  int depth = 0;
  std::size_t copied = 0;  // html[0, copied) is already in out (when rewriting)
  for (std::size_t pos = html.find('<'); pos != std::string::npos; pos = html.find('<', pos)) {
    Tag tag = read_tag(html, pos);
    if (tag.end == 0) {
      ++pos;
      continue;
    }
    if (tag.closing) {
      if (depth > 0) --depth;
    } else if (tag.nests && ++depth > max_depth) {
      --depth;
      if (!rewriting) {
        rewriting = true;
        out.reserve(html.size());
      }
      out.append(html, copied, pos - copied);  // everything before the tag, without the tag
      copied = tag.end;
    }
    pos = tag.end;
  }
  if (!rewriting) return html;
  out.append(html, copied, std::string::npos);
  return out;
}

HtmlDocument::HtmlDocument(std::string html) : buffer_(limit_nesting(std::move(html), kMaxParseDepth)) {
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
