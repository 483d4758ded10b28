// The prefilter reads the bytes as the WHATWG tokenizer does wherever it cuts — comments (ending at
// "-->", "--!>", or at once in "<!-->"), script data with its escaped and double-escaped states
// ("<!--<script>" keeps a later "</script>" inside the script), RAWTEXT and RCDATA elements ending
// only at their own end tag (whose quoted attribute values may hold '>'), <plaintext> running to the
// end, CDATA sections in foreign content — and follows just enough of tree construction to know
// where an element it drops ends: an <svg> ends at its own end tag, or earlier, where HTML's rules
// break out of foreign content (a <p> or <div> start tag, an end tag of an element opened outside
// it); a <template> at the end tag matching its depth. tests/prefilter_test.cpp checks the result
// against gumbo on every html5lib-tests document.
#include "extract/prefilter.hpp"

#include <array>
#include <cctype>
#include <cstring>
#include <vector>

#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// html[at…] starts with word, ignoring ASCII case.
bool istarts_at(std::string_view html, std::size_t at, std::string_view word) {
  return at <= html.size() && html.size() - at >= word.size() && ascii_iequals(html.substr(at, word.size()), word);
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::string_view n : names)
    if (ascii_iequals(name, n)) return true;
  return false;
}

// Elements that never hold children, or that the parser closes by itself when the next one starts.
constexpr std::array<std::string_view, 33> kDoNotNest = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body"};

constexpr std::array<std::string_view, 15> kVoid = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                                     "keygen", "link", "meta", "param", "source", "track", "wbr"};

// Start tags that end foreign content (WHATWG "in foreign content"; <font> only with color, face or size).
constexpr std::array<std::string_view, 44> kBreakOut = {
    "b",  "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
    "h3", "h4",  "h5",         "h6",   "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
    "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"};

// End tags whose scope reaches past an <svg>'s own HTML content (table scope): met inside an SVG,
// they close it along with the element they name.
constexpr std::array<std::string_view, 10> kTableScope = {"table", "tbody", "thead", "tfoot", "tr",
                                                          "td",    "th",    "caption", "body", "html"};

// Elements the parser keeps in its list of active formatting elements and re-opens after blocks.
// <a> and <nobr> are left out: a second one closes the first, so they never pile up.
constexpr std::array<std::string_view, 12> kFormatting = {"b", "big", "code", "em", "font", "i",
                                                          "s", "small", "strike", "strong", "tt", "u"};

int formatting_index(std::string_view name) {
  if (name.size() > 6) return -1;
  for (std::size_t k = 0; k < kFormatting.size(); ++k)
    if (ascii_iequals(name, kFormatting[k])) return static_cast<int>(k);
  return -1;
}

// ---- The tokenizer's part ------------------------------------------------------------------------

struct Tag {
  std::size_t end = 0;  // one past '>'; 0 when the page ends inside the tag (a browser drops it)
  bool closing = false, self_closing = false;
  std::string_view name;
  std::size_t attributes_start = 0;  // just past the name
  bool json_ld = false;        // <script type="application/ld+json">
  bool font_breakout = false;  // <font> with color, face or size
  std::size_t attributes = 0;
  bool unread_attributes = false;  // one that no reader of diffwire looks at (kExtractorAttributes)
};

// The attributes the extractor's layers read (generic_layer, blocks, metadata, live_blog), and the
// few the parser's own rules look at (<input type>, <font color|face|size>, <annotation-xml
// encoding>). The others — data-*, srcset, event handlers, JSON in attributes — are often most of a
// modern page's markup, and gumbo copies and lower-cases every one.
constexpr std::array<std::string_view, 20> kExtractorAttributes = {
    "class", "id", "itemprop", "itemtype", "rel", "href", "type", "style", "role", "property",
    "name", "hidden", "datetime", "content", "aria-hidden", "color", "face", "size", "encoding", "charset"};

// One attribute of a tag: its name, and where it is, from the name to the end of its value.
struct Attribute {
  std::string_view name, value;
  std::size_t begin, end;
};

// Reads the attributes of the tag whose name ends at i, calling on_attribute(const Attribute&) for
// each, as the tokenizer reads them: a name may start with '=', a quoted value may hold '>' and '/',
// an unquoted one ends at a space or '>'; "/>" makes the tag self-closing. Returns one past '>',
// or 0 when the page ends inside the tag.
template <typename OnAttribute>
std::size_t scan_attributes(std::string_view html, std::size_t i, bool& self_closing, OnAttribute&& on_attribute) {
  std::size_t n = html.size();
  while (i < n) {
    char c = html[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '/') {
      if (i + 1 < n && html[i + 1] == '>') {
        self_closing = true;
        return i + 2;
      }
      ++i;
      continue;
    }
    if (c == '>') return i + 1;
    std::size_t an = i++;  // the first character of a name may be '='
    while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
    std::string_view name = html.substr(an, i - an);
    std::size_t after_name = i;
    while (i < n && is_space(html[i])) ++i;
    if (i >= n || html[i] != '=') {
      on_attribute(Attribute{name, {}, an, after_name});
      i = after_name;
      continue;
    }
    ++i;
    while (i < n && is_space(html[i])) ++i;
    std::size_t vs = i, ve = i;
    if (i < n && (html[i] == '"' || html[i] == '\'')) {
      std::size_t close = html.find(html[i], i + 1);
      if (close == std::string_view::npos) return 0;  // runs to the end of the page
      vs = i + 1;
      ve = close;
      i = close + 1;
    } else {
      while (i < n && !is_space(html[i]) && html[i] != '>') ++i;
      ve = i;
    }
    on_attribute(Attribute{name, html.substr(vs, ve - vs), an, i});
  }
  return 0;
}

// The tag at html[pos] == '<', followed by a letter (a start tag) or '/' and a letter (an end tag).
Tag read_tag(std::string_view html, std::size_t pos) {
  Tag tag;
  std::size_t i = pos + 1, n = html.size();
  if (i < n && html[i] == '/') tag.closing = true, ++i;
  std::size_t name_start = i;
  while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
  tag.name = html.substr(name_start, i - name_start);
  tag.attributes_start = i;
  bool is_script = !tag.closing && ascii_iequals(tag.name, "script");
  bool is_font = !tag.closing && ascii_iequals(tag.name, "font");
  tag.end = scan_attributes(html, i, tag.self_closing, [&](const Attribute& a) {
    ++tag.attributes;
    if (!tag.unread_attributes && !is_one_of(a.name, kExtractorAttributes)) tag.unread_attributes = true;
    if (is_font && (ascii_iequals(a.name, "color") || ascii_iequals(a.name, "face") || ascii_iequals(a.name, "size")))
      tag.font_breakout = true;
    if (is_script && ascii_iequals(a.name, "type")) {
      std::string_view v = a.value;
      while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
      while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
      tag.json_ld = ascii_iequals(v, "application/ld+json");
    }
  });
  return tag;
}

// One past the comment that starts at html[pos] ("<!--"): it ends at "-->" or "--!>" (any number of
// dashes before), at once in "<!-->" and "<!--->", or with the page.
std::size_t comment_end(std::string_view html, std::size_t pos) {
  std::size_t i = pos + 4;
  if (i < html.size() && html[i] == '>') return i + 1;
  if (html.compare(i, 2, "->") == 0) return i + 2;
  for (std::size_t d = html.find("--", i); d != std::string_view::npos; d = html.find("--", i)) {
    std::size_t k = d + 2;
    while (k < html.size() && html[k] == '-') ++k;
    if (k < html.size() && html[k] == '>') return k + 1;
    if (html.compare(k, 2, "!>") == 0) return k + 2;
    i = k;
  }
  return html.size();
}

// One past '>' of a bogus comment or doctype starting at pos (or the page's end).
std::size_t to_gt(std::string_view html, std::size_t pos) {
  std::size_t e = html.find('>', pos);
  return e == std::string_view::npos ? html.size() : e + 1;
}

// "</name" followed by a space, '/' or '>' at html[p]: an end tag that closes raw text.
bool closes_raw_text(std::string_view html, std::size_t p, std::string_view name) {
  if (html.compare(p, 2, "</") != 0 || !istarts_at(html, p + 2, name)) return false;
  std::size_t after = p + 2 + name.size();
  return after < html.size() && (is_space(html[after]) || html[after] == '/' || html[after] == '>');
}

// One past the end tag at p (or the page's end: a page that stops inside the end tag drops it).
std::size_t end_tag_end(std::string_view html, std::size_t p) {
  Tag t = read_tag(html, p);
  return t.end == 0 ? html.size() : t.end;
}

// One past the end tag closing RAWTEXT or RCDATA content that starts at from.
std::size_t skip_raw_text(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t p = html.find("</", from); p != std::string_view::npos; p = html.find("</", p + 2))
    if (closes_raw_text(html, p, name)) return end_tag_end(html, p);
  return html.size();
}

// One past the </script> ending script data that starts at from: the escaped states entered by
// "<!--" and left by "-->", and the double-escaped state entered there by "<script" and left by
// "</script", inside which "</script>" does not end the script.
std::size_t skip_script(std::string_view html, std::size_t from) {
  enum { Data, Escaped, DoubleEscaped } state = Data;
  std::size_t n = html.size();
  auto delimited = [&](std::size_t at) { return at < n && (is_space(html[at]) || html[at] == '/' || html[at] == '>'); };
  std::size_t i = from;
  while (i < n) {
    if (state == Data) {
      const void* lt = std::memchr(html.data() + i, '<', n - i);
      if (!lt) return n;
      i = static_cast<std::size_t>(static_cast<const char*>(lt) - html.data());
      if (closes_raw_text(html, i, "script")) return end_tag_end(html, i);
      if (html.compare(i, 4, "<!--") == 0) {
        state = Escaped;
        i += 4;
        if (i < n && html[i] == '>') state = Data, ++i;  // "<!-->": back at once
        continue;
      }
      ++i;
      continue;
    }
    char c = html[i];
    if (c == '-' && html.compare(i, 2, "--") == 0) {  // "-->" (any number of dashes) leaves both escapes
      std::size_t k = i + 2;
      while (k < n && html[k] == '-') ++k;
      if (k < n && html[k] == '>') state = Data;
      i = k;
      continue;
    }
    if (c == '<') {
      if (state == Escaped) {
        if (closes_raw_text(html, i, "script")) return end_tag_end(html, i);
        if (istarts_at(html, i + 1, "script") && delimited(i + 7)) state = DoubleEscaped, i += 7;
        else ++i;
      } else {
        if (html.compare(i, 2, "</") == 0 && istarts_at(html, i + 2, "script") && delimited(i + 8))
          state = Escaped, i += 8;
        else ++i;
      }
      continue;
    }
    ++i;
  }
  return n;
}

// ---- The tree builder's part ---------------------------------------------------------------------

enum class Ns { Html, Svg, Math };

struct Open {
  std::string_view name;
  Ns ns;
};

// A part of the page being skipped over as a unit: an <svg> (dropped) or <math> (kept; its content
// is foreign: CDATA sections, no raw text), or a <template> (dropped).
struct Region {
  enum Kind { Foreign, Template } kind;
  std::size_t begin;  // where its start tag begins
  bool drop;
  std::vector<Open> open;  // Foreign: the elements open inside, the <svg> or <math> itself first
  int depth = 1;           // Template: nested templates
};

// Elements followed inside one <svg> or <math>: an end tag that matches none walks them all, so
// their number bounds the work per tag. Real icons nest a few deep; past the limit elements are
// not followed, and their end tags may end the SVG early.
constexpr std::size_t kMaxForeignDepth = 64;

bool html_integration_point(const Open& e) {
  return e.ns == Ns::Svg && (ascii_iequals(e.name, "foreignObject") || ascii_iequals(e.name, "desc") || ascii_iequals(e.name, "title"));
}

bool mathml_text_integration_point(const Open& e) {
  constexpr std::array<std::string_view, 5> names = {"mi", "mo", "mn", "ms", "mtext"};
  return e.ns == Ns::Math && is_one_of(e.name, names);
}

class Prefilter {
 public:
  Prefilter(std::string_view html, int max_depth, PrefilterStats& stats, KeepAttributes keep)
      : html_(html), max_depth_(max_depth), st_(stats), extractor_attributes_(keep == KeepAttributes::read_by_extractor) {
    out_.reserve(html.size());
  }

  std::string run() {
    std::size_t pos = html_.find('<');
    while (pos != std::string_view::npos && pos < html_.size()) {
      pos = step(pos);
      if (pos < html_.size()) pos = html_.find('<', pos);
    }
    if (std::size_t from = outermost_drop(); from != std::string_view::npos) cut(from, html_.size());
    out_.append(html_, copied_, std::string_view::npos);
    st_.output_bytes = out_.size();
    return std::move(out_);
  }

 private:
  std::string_view html_;
  int max_depth_;
  PrefilterStats& st_;
  bool extractor_attributes_;
  std::string out_;
  std::size_t copied_ = 0;  // html_[0, copied_) is settled: in out_, or removed
  std::vector<Region> regions_;
  bool in_select_ = false;  // a <select> is open: the parser ignores <svg> in it
  int depth_ = 0;
  // Open formatting elements by name, as the parser would count them: an end tag closes only its own.
  std::array<int, kFormatting.size()> open_formatting_{};
  int formatting_total_ = 0;

  void cut(std::size_t from, std::size_t to) {
    out_.append(html_, copied_, from - copied_);
    st_.removed_bytes += to - from;
    copied_ = to;
  }
  bool dropping() const {
    for (const Region& r : regions_)
      if (r.drop) return true;
    return false;
  }
  std::size_t outermost_drop() const {
    for (const Region& r : regions_)
      if (r.drop) return r.begin;
    return std::string_view::npos;
  }
  // Ends the innermost region at `at` (before or after the tag that ends it).
  void close_region(std::size_t at) {
    Region r = std::move(regions_.back());
    regions_.pop_back();
    if (r.drop && !dropping()) cut(r.begin, at);
  }
  Region* foreign() { return !regions_.empty() && regions_.back().kind == Region::Foreign ? &regions_.back() : nullptr; }
  // The element the next token goes into is foreign and not an HTML integration point.
  bool foreign_current() {
    Region* r = foreign();
    return r && r->open.back().ns != Ns::Html;
  }

  // Reads the markup at html_[pos] == '<'; returns where reading goes on.
  std::size_t step(std::size_t pos) {
    std::size_t n = html_.size();
    char next = pos + 1 < n ? html_[pos + 1] : '\0';
    if (next == '!') {
      if (html_.compare(pos, 4, "<!--") == 0) {
        std::size_t end = comment_end(html_, pos);
        if (!dropping()) cut(pos, end);
        return end;
      }
      if (foreign_current() && html_.compare(pos, 9, "<![CDATA[") == 0) {
        std::size_t e = html_.find("]]>", pos + 9);
        return e == std::string_view::npos ? n : e + 3;
      }
      return to_gt(html_, pos);  // doctype, bogus comment
    }
    if (next == '?') return to_gt(html_, pos);
    if (next == '/') {
      char c = pos + 2 < n ? html_[pos + 2] : '\0';
      if (c == '>') return pos + 3;  // "</>" is nothing
      if (!is_alpha(c)) return pos + 2 < n ? to_gt(html_, pos) : n;  // "</1 …>" is a bogus comment
      Tag tag = read_tag(html_, pos);
      return tag.end == 0 ? n : end_tag(tag, pos);
    }
    if (!is_alpha(next)) return pos + 1;
    Tag tag = read_tag(html_, pos);
    return tag.end == 0 ? n : start_tag(tag, pos);
  }

  std::size_t start_tag(const Tag& tag, std::size_t pos) {
    if (Region* r = foreign()) {
      const Open& current = r->open.back();
      bool html_rules = current.ns == Ns::Html || html_integration_point(current) ||
                        (mathml_text_integration_point(current) && !ascii_iequals(tag.name, "mglyph") &&
                         !ascii_iequals(tag.name, "malignmark"));
      if (!html_rules) {
        bool breaks_out = is_one_of(tag.name, kBreakOut) || tag.font_breakout;
        if (!breaks_out) {
          Ns ns = ascii_iequals(tag.name, "svg") ? Ns::Svg : ascii_iequals(tag.name, "math") ? Ns::Math : current.ns;
          if (!tag.self_closing && r->open.size() < kMaxForeignDepth) r->open.push_back({tag.name, ns});
          return dropping() ? tag.end : count_start_tag(tag, pos);
        }
        while (!r->open.empty() && r->open.back().ns != Ns::Html && !html_integration_point(r->open.back()) &&
               !mathml_text_integration_point(r->open.back()))
          r->open.pop_back();
        if (r->open.empty()) {  // the foreign element ends before this tag, which is read again
          close_region(pos);
          return pos;
        }
      }
    }
    std::string_view name = tag.name;
    // Content that is not markup, whatever context it is in. A self-closing flag means nothing on
    // an HTML element: <style/> still runs to </style>.
    if (ascii_iequals(name, "plaintext")) return html_.size();
    bool is_script = ascii_iequals(name, "script");
    bool raw = is_script || ascii_iequals(name, "style") || ascii_iequals(name, "noscript") || ascii_iequals(name, "xmp") ||
               ascii_iequals(name, "iframe") || ascii_iequals(name, "noembed") || ascii_iequals(name, "noframes") ||
               ascii_iequals(name, "title") || ascii_iequals(name, "textarea");
    if (raw) {
      std::size_t end = is_script ? skip_script(html_, tag.end) : skip_raw_text(html_, tag.end, name);
      // Dropped: scripts (but JSON-LD, which the metadata layer reads), styles, and noscript, read
      // as a browser with scripting on reads it (its content is not shown).
      bool drop = (is_script && !tag.json_ld) || ascii_iequals(name, "style") || ascii_iequals(name, "noscript");
      if (drop && !dropping()) cut(pos, end);
      if (!drop && !dropping()) {  // kept (a <title>, an <iframe>…): its attributes are budgeted too
        ++st_.start_tags;
        if (tag.attributes > kMaxAttributes || (extractor_attributes_ && tag.unread_attributes)) rewrite(tag);
      }
      return end;
    }
    if (Region* r = foreign()) {  // HTML content inside SVG or MathML
      if (r->open.size() >= kMaxForeignDepth) {
      } else if (ascii_iequals(name, "svg")) {
        r->open.push_back({name, Ns::Svg});
      } else if (ascii_iequals(name, "math")) {
        r->open.push_back({name, Ns::Math});
      } else if (!is_one_of(name, kVoid)) {
        r->open.push_back({name, Ns::Html});
      }
      return dropping() ? tag.end : count_start_tag(tag, pos);
    }
    bool is_template = ascii_iequals(name, "template");
    if (!regions_.empty() && regions_.back().kind == Region::Template) {
      if (is_template) ++regions_.back().depth;
    } else if (is_template) {
      regions_.push_back({Region::Template, pos, true, {}});
      return tag.end;
    }
    bool svg = ascii_iequals(name, "svg"), math = ascii_iequals(name, "math");
    if ((svg || math) && !in_select_) {
      if (tag.self_closing) {
        if (svg && !dropping()) cut(pos, tag.end);
        return tag.end;
      }
      regions_.push_back({Region::Foreign, pos, svg, {{name, svg ? Ns::Svg : Ns::Math}}});
      if (svg) return tag.end;
    }
    if (dropping()) return tag.end;
    if (ascii_iequals(name, "select")) in_select_ = true;
    else if (ascii_iequals(name, "input") || ascii_iequals(name, "keygen") || ascii_iequals(name, "textarea")) in_select_ = false;
    return count_start_tag(tag, pos);
  }

  std::size_t end_tag(const Tag& tag, std::size_t pos) {
    std::string_view name = tag.name;
    if (!dropping()) count_end_tag(name);
    if (Region* r = foreign()) {
      std::size_t k = r->open.size();
      if (r->open.back().ns != Ns::Html) {
        if (ascii_iequals(name, "br") || ascii_iequals(name, "p")) {  // these break out as start tags do
          while (!r->open.empty() && r->open.back().ns != Ns::Html && !html_integration_point(r->open.back()) &&
                 !mathml_text_integration_point(r->open.back()))
            r->open.pop_back();
          if (r->open.empty()) {
            close_region(pos);
            return pos;
          }
          return tag.end;
        }
        // Up from the current element: the first of that name is closed, with all above it; an HTML
        // element on the way hands the tag to HTML's rules; none (the page's own elements) ends
        // the foreign element, and the tag is read again outside.
        while (k > 0 && r->open[k - 1].ns != Ns::Html) {
          if (ascii_iequals(r->open[k - 1].name, name)) {
            r->open.resize(k - 1);
            if (r->open.empty()) close_region(tag.end);
            return tag.end;
          }
          --k;
        }
        if (k == 0) {
          // An integration point on the way bounds the scope HTML's rules look in: only a
          // table-scope end tag reaches past it.
          for (const Open& e : r->open)
            if ((html_integration_point(e) || mathml_text_integration_point(e)) && !is_one_of(name, kTableScope))
              return tag.end;
          close_region(pos);
          return pos;
        }
      }
      // HTML's rules: an HTML element of that name open inside, up to the nearest integration
      // point, is closed; a table-scope end tag reaches the page's own table; anything else is
      // ignored, as the parser ignores it.
      for (std::size_t j = k; j > 0; --j) {
        const Open& e = r->open[j - 1];
        if (e.ns == Ns::Html && ascii_iequals(e.name, name)) {
          r->open.resize(j - 1);
          return tag.end;
        }
        if (e.ns != Ns::Html) break;
      }
      if (is_one_of(name, kTableScope)) {
        close_region(pos);
        return pos;
      }
      return tag.end;
    }
    if (!regions_.empty()) {  // a template
      if (ascii_iequals(name, "template") && --regions_.back().depth == 0) close_region(tag.end);
      return tag.end;
    }
    if (ascii_iequals(name, "select") || is_one_of(name, kTableScope)) in_select_ = false;
    return tag.end;
  }

  void count_end_tag(std::string_view name) {
    if (!is_one_of(name, kDoNotNest) && depth_ > 0) --depth_;
    if (int f = formatting_index(name); f >= 0 && open_formatting_[f] > 0) --open_formatting_[f], --formatting_total_;
  }

  // Writes the start tag at pos with its first kMaxAttributes attributes, and, when only the
  // extractor's are wanted, only those.
  void rewrite(const Tag& tag) {
    out_.append(html_, copied_, tag.attributes_start - copied_);
    std::size_t seen = 0;
    bool self_closing = false;
    scan_attributes(html_, tag.attributes_start, self_closing, [&](const Attribute& a) {
      if (++seen > kMaxAttributes) {
        ++st_.dropped_attributes;
        return;
      }
      if (extractor_attributes_ && !is_one_of(a.name, kExtractorAttributes)) return;
      out_ += ' ';
      out_.append(html_, a.begin, a.end - a.begin);
    });
    out_ += tag.self_closing ? "/>" : ">";
    copied_ = tag.end;
  }

  // A start tag the parser will see: counted against the budgets (prefilter.hpp).
  std::size_t count_start_tag(const Tag& tag, std::size_t pos) {
    bool nests = !tag.self_closing && !is_one_of(tag.name, kDoNotNest);
    int f = nests ? formatting_index(tag.name) : -1;
    if (nests && depth_ + 1 > max_depth_) {
      out_.append(html_, copied_, pos - copied_);  // the start tag goes, its content stays
      copied_ = tag.end;
      ++st_.dropped_tags;
    } else if (f >= 0 && formatting_total_ >= kMaxOpenFormatting) {
      out_.append(html_, copied_, pos - copied_);
      copied_ = tag.end;
      ++st_.dropped_formatting;
    } else {
      if (nests) ++depth_;
      if (f >= 0) ++open_formatting_[f], ++formatting_total_;
      else st_.reopened += static_cast<std::size_t>(formatting_total_);  // an upper bound: only misnested ones are
      ++st_.start_tags;
      if (tag.attributes > kMaxAttributes || (extractor_attributes_ && tag.unread_attributes)) rewrite(tag);
    }
    return tag.end;
  }
};

}  // namespace

std::string prefilter(std::string_view html, int max_depth, PrefilterStats* stats, KeepAttributes keep) {
  PrefilterStats local;
  return Prefilter(html, max_depth, stats ? *stats : local, keep).run();
}

std::string page_refusal(const PrefilterStats& stats) {
  if (std::size_t n = stats.start_tags + stats.reopened; n > kMaxElements)
    return std::to_string(n) + " elements, more than the " + std::to_string(kMaxElements) + " a page may have";
  if (stats.output_bytes > kMaxParseBytes)
    return std::to_string(stats.output_bytes >> 20) + " MiB of markup without scripts and styles, more than " +
           std::to_string(kMaxParseBytes >> 20) + " MiB";
  return "";
}

}  // namespace diffwire
