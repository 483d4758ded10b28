// Selectors are compiled once into lists of compound selectors joined by combinators and matched
// right to left along the parent chain, as browsers do; a descendant combinator backtracks over
// ancestors, bounded by the tree's (already limited) depth.
#include "extract/selector.hpp"

#include <cctype>

#include "diffwire/error.hpp"
#include "extract/html.hpp"

namespace diffwire {

struct AttributeTest {
  std::string name;
  char op = 0;  // 0: present, '=': equal, '~': word, '^': prefix, '$': suffix, '*': substring
  std::string value;
};

struct Compound {
  std::string tag;  // lower case; empty or "*" = any
  std::vector<std::string> ids, classes;
  std::vector<AttributeTest> attributes;
  std::vector<Compound> nots;
};

struct Complex {
  std::vector<Compound> parts;   // left to right
  std::vector<char> combinators;  // between parts: ' ' or '>'
};

struct Selector::Compiled {
  std::vector<Complex> alternatives;
};

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  std::vector<Complex> parse() {
    std::vector<Complex> out;
    for (;;) {
      skip_space();
      out.push_back(complex());
      skip_space();
      if (at_end()) break;
      expect(',');
    }
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw Error("bad selector", s_, why + " at column " + std::to_string(i_ + 1));
  }
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string ident() {
    std::size_t start = i_;
    while (!at_end() && is_ident_char(s_[i_])) ++i_;
    if (i_ == start) fail("expected a name");
    return s_.substr(start, i_ - start);
  }
  std::string value() {
    char q = peek();
    if (q == '"' || q == '\'') {
      std::size_t close = s_.find(q, i_ + 1);
      if (close == std::string::npos) fail("unterminated string");
      std::string v = s_.substr(i_ + 1, close - i_ - 1);
      i_ = close + 1;
      return v;
    }
    return ident();
  }

  Complex complex() {
    Complex c;
    c.parts.push_back(compound());
    for (;;) {
      std::size_t before = i_;
      skip_space();
      if (at_end() || peek() == ',') return c;
      char comb = ' ';
      if (peek() == '>') {
        comb = '>';
        ++i_;
        skip_space();
      } else if (i_ == before) {
        fail("unexpected character");
      }
      c.combinators.push_back(comb);
      c.parts.push_back(compound());
    }
  }

  Compound compound() {
    Compound c;
    bool any = false;
    if (peek() == '*') {
      ++i_;
      any = true;
    } else if (std::isalpha(static_cast<unsigned char>(peek()))) {
      c.tag = lower(ident());
      any = true;
    }
    for (;;) {
      char ch = peek();
      if (ch == '#') {
        ++i_;
        c.ids.push_back(ident());
      } else if (ch == '.') {
        ++i_;
        c.classes.push_back(ident());
      } else if (ch == '[') {
        ++i_;
        skip_space();
        AttributeTest t;
        t.name = lower(ident());
        skip_space();
        if (peek() == '=') {
          t.op = '=';
          ++i_;
        } else if (std::string("~^$*").find(peek()) != std::string::npos && peek() != '\0') {
          t.op = peek();
          ++i_;
          expect('=');
        }
        if (t.op) {
          skip_space();
          t.value = value();
          skip_space();
        }
        expect(']');
        c.attributes.push_back(std::move(t));
      } else if (ch == ':') {
        ++i_;
        if (lower(ident()) != "not") fail("only :not() is supported");
        expect('(');
        skip_space();
        c.nots.push_back(compound());
        skip_space();
        expect(')');
      } else {
        break;
      }
      any = true;
    }
    if (!any) fail("expected a selector");
    return c;
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

bool has_word(std::string_view list, std::string_view word) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    std::size_t start = i;
    while (i < list.size() && !std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    if (i > start && list.substr(start, i - start) == word) return true;
  }
  return false;
}

bool matches_compound(const Compound& c, const GumboNode* node) {
  if (!is_element(node)) return false;
  if (!c.tag.empty() && c.tag != "*") {
    const char* name = gumbo_normalized_tagname(tag_of(node));
    if (tag_of(node) == GUMBO_TAG_UNKNOWN) {  // custom elements: read the name from the source
      GumboStringPiece piece = node->v.element.original_tag;
      gumbo_tag_from_original_text(&piece);
      if (lower(std::string(piece.data, piece.length)) != c.tag) return false;
    } else if (c.tag != name) {
      return false;
    }
  }
  for (const auto& id : c.ids)
    if (attribute(node, "id") != id) return false;
  for (const auto& cls : c.classes)
    if (!has_word(attribute(node, "class"), cls)) return false;
  for (const auto& t : c.attributes) {
    const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, t.name.c_str());
    if (!a) return false;
    std::string_view v(a->value);
    bool ok = true;
    switch (t.op) {
      case '=': ok = v == t.value; break;
      case '~': ok = has_word(v, t.value); break;
      case '^': ok = !t.value.empty() && v.starts_with(t.value); break;
      case '$': ok = !t.value.empty() && v.ends_with(t.value); break;
      case '*': ok = !t.value.empty() && v.find(t.value) != std::string_view::npos; break;
      default: break;
    }
    if (!ok) return false;
  }
  for (const auto& n : c.nots)
    if (matches_compound(n, node)) return false;
  return true;
}

// Does the chain parts[0..k] match with parts[k] at node?
bool matches_from(const Complex& c, std::size_t k, const GumboNode* node) {
  if (!matches_compound(c.parts[k], node)) return false;
  if (k == 0) return true;
  char comb = c.combinators[k - 1];
  const GumboNode* p = node->parent;
  if (comb == '>') return p && is_element(p) && matches_from(c, k - 1, p);
  for (; p && is_element(p); p = p->parent)
    if (matches_from(c, k - 1, p)) return true;
  return false;
}

void collect(const Selector& s, const GumboNode* node, bool outermost, std::vector<const GumboNode*>& out, int depth) {
  if (depth > kMaxDepth) return;
  if (is_element(node) && s.matches(node)) {
    out.push_back(node);
    if (outermost) return;
  }
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i) collect(s, static_cast<const GumboNode*>(kids.data[i]), outermost, out, depth + 1);
}

}  // namespace

Selector::Selector(const std::string& text) : text_(text), compiled_(std::make_unique<Compiled>()) {
  compiled_->alternatives = Parser(text_).parse();
}
Selector::Selector(Selector&&) noexcept = default;
Selector& Selector::operator=(Selector&&) noexcept = default;
Selector::~Selector() = default;

bool Selector::matches(const GumboNode* element) const {
  for (const Complex& c : compiled_->alternatives)
    if (matches_from(c, c.parts.size() - 1, element)) return true;
  return false;
}

std::vector<const GumboNode*> Selector::select(const GumboNode* root, bool outermost_only) const {
  std::vector<const GumboNode*> out;
  collect(*this, root, outermost_only, out, 0);
  return out;
}

}  // namespace diffwire
