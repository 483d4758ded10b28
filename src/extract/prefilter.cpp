// A tokenizer just good enough to find tags, comments and raw-text elements the way a browser does
// (quoted attribute values may hold '>', a <script> ends only at "</script"), so that what is cut is
// exactly the element and nothing around it.
#include "extract/prefilter.hpp"

#include <array>
#include <cctype>

namespace diffwire {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Elements that never hold children, or that the parser closes by itself when the next one starts.
bool does_not_nest(std::string_view name) {
  static constexpr std::array<std::string_view, 33> names = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
      "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
      "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body"};
  for (std::string_view n : names)
    if (iequals(name, n)) return true;
  return false;
}

// Elements the parser keeps in its list of active formatting elements and re-opens after blocks.
// <a> and <nobr> are left out: a second one closes the first, so they never pile up.
constexpr std::array<std::string_view, 12> kFormatting = {"b", "big", "code", "em", "font", "i",
                                                          "s", "small", "strike", "strong", "tt", "u"};

int formatting_index(std::string_view name) {
  if (name.size() > 6) return -1;
  for (std::size_t k = 0; k < kFormatting.size(); ++k)
    if (iequals(name, kFormatting[k])) return static_cast<int>(k);
  return -1;
}

struct Tag {
  std::size_t end = 0;  // one past '>'; 0 when html[pos] does not start a tag
  bool closing = false, self_closing = false;
  std::string_view name;
  bool json_ld = false;  // <script type="application/ld+json">
  std::size_t attributes = 0;
  std::size_t kept_end = 0;  // where the kMaxAttributes-th attribute ends
};

Tag read_tag(std::string_view html, std::size_t pos) {
  Tag tag;
  std::size_t i = pos + 1;
  if (i < html.size() && html[i] == '/') tag.closing = true, ++i;
  if (i >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i]))) return tag;
  std::size_t name_start = i;
  while (i < html.size() && !is_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
  tag.name = html.substr(name_start, i - name_start);
  bool is_script = !tag.closing && iequals(tag.name, "script");
  while (i < html.size()) {
    char c = html[i];
    if (c == '>') {
      tag.end = i + 1;
      tag.self_closing = html[i - 1] == '/';
      return tag;
    }
    if (is_space(c) || c == '/') {
      ++i;
      continue;
    }
    std::size_t an = i;
    while (i < html.size() && !is_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
    std::string_view attr = html.substr(an, i - an);
    if (++tag.attributes == kMaxAttributes) tag.kept_end = i;
    while (i < html.size() && is_space(html[i])) ++i;
    if (i >= html.size() || html[i] != '=') continue;
    ++i;
    while (i < html.size() && is_space(html[i])) ++i;
    std::size_t vs = i, ve;
    if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
      std::size_t close = html.find(html[i], i + 1);
      if (close == std::string_view::npos) return tag;  // runs to the end: not a tag we can use
      vs = i + 1;
      ve = close;
      i = close + 1;
    } else {
      while (i < html.size() && !is_space(html[i]) && html[i] != '>') ++i;
      ve = i;
    }
    if (tag.attributes == kMaxAttributes) tag.kept_end = i;
    if (is_script && iequals(attr, "type")) {
      std::string_view v = html.substr(vs, ve - vs);
      while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
      while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
      tag.json_ld = iequals(v, "application/ld+json");
    }
  }
  return tag;  // no '>' before the end of the page
}

// One past the end tag "</name" … ">" at or after from, or html.size() when there is none.
std::size_t skip_raw_text(std::string_view html, std::size_t from, std::string_view name, std::size_t* close_start = nullptr) {
  for (std::size_t p = html.find("</", from); p != std::string_view::npos; p = html.find("</", p + 2)) {
    std::size_t after = p + 2 + name.size();
    if (after > html.size() || !iequals(html.substr(p + 2, name.size()), name)) continue;
    if (after < html.size() && !is_space(html[after]) && html[after] != '/' && html[after] != '>') continue;
    if (close_start) *close_start = p;
    std::size_t gt = html.find('>', after);
    return gt == std::string_view::npos ? html.size() : gt + 1;
  }
  if (close_start) *close_start = html.size();
  return html.size();
}

// One past the </svg> that closes the <svg> whose start tag ends at from.
std::size_t skip_svg(std::string_view html, std::size_t from) {
  int depth = 1;
  for (std::size_t p = html.find('<', from); p != std::string_view::npos; p = html.find('<', p + 1)) {
    Tag t = read_tag(html, p);
    if (t.end == 0 || !iequals(t.name, "svg")) continue;
    if (t.closing && --depth == 0) return t.end;
    if (!t.closing && !t.self_closing) ++depth;
    p = t.end - 1;
  }
  return html.size();
}

}  // namespace

std::string prefilter(std::string_view html, int max_depth, PrefilterStats* stats) {
  PrefilterStats local;
  PrefilterStats& st = stats ? *stats : local;
  std::string out;
  out.reserve(html.size());
  int depth = 0;
  // Open formatting elements by name, as the parser would count them: an end tag closes only its own.
  std::array<int, kFormatting.size()> open_formatting{};
  int formatting_total = 0;
  std::size_t copied = 0;  // html[0, copied) is settled: in out, or removed
  auto cut = [&](std::size_t from, std::size_t to) {
    out.append(html, copied, from - copied);
    st.removed_bytes += to - from;
    copied = to;
  };
  for (std::size_t pos = html.find('<'); pos != std::string_view::npos && pos < html.size(); pos = html.find('<', pos)) {
    if (html.compare(pos, 4, "<!--") == 0) {
      std::size_t e = html.find("-->", pos + 2);  // "<!-->" is an empty comment
      std::size_t end = e == std::string_view::npos ? html.size() : e + 3;
      cut(pos, end);
      pos = end;
      continue;
    }
    if (pos + 1 < html.size() && (html[pos + 1] == '!' || html[pos + 1] == '?')) {  // doctype, bogus comment
      std::size_t e = html.find('>', pos);
      pos = e == std::string_view::npos ? html.size() : e + 1;
      continue;
    }
    Tag tag = read_tag(html, pos);
    if (tag.end == 0) {
      ++pos;
      continue;
    }
    if (!tag.closing) {
      bool drop_element = iequals(tag.name, "style") || iequals(tag.name, "noscript") ||
                          iequals(tag.name, "template") || (iequals(tag.name, "script") && !tag.json_ld);
      if (drop_element) {
        std::size_t end = tag.self_closing && !iequals(tag.name, "script") ? tag.end : skip_raw_text(html, tag.end, tag.name);
        cut(pos, end);
        pos = end;
        continue;
      }
      if (iequals(tag.name, "svg")) {
        std::size_t end = tag.self_closing ? tag.end : skip_svg(html, tag.end);
        cut(pos, end);
        pos = end;
        continue;
      }
      for (std::string_view raw : {"script", "title", "textarea", "xmp", "iframe", "noembed", "noframes"}) {
        if (iequals(tag.name, raw)) {  // kept whole; its content is not markup
          std::size_t end = skip_raw_text(html, tag.end, raw);
          pos = end;
          goto next;
        }
      }
    }
    if (tag.closing) {
      if (!does_not_nest(tag.name) && depth > 0) --depth;
      if (int f = formatting_index(tag.name); f >= 0 && open_formatting[f] > 0) --open_formatting[f], --formatting_total;
    } else {
      bool nests = !tag.self_closing && !does_not_nest(tag.name);
      int f = nests ? formatting_index(tag.name) : -1;
      if (nests && depth + 1 > max_depth) {
        out.append(html, copied, pos - copied);  // the start tag goes, its content stays
        copied = tag.end;
        ++st.dropped_tags;
      } else if (f >= 0 && formatting_total >= kMaxOpenFormatting) {
        out.append(html, copied, pos - copied);
        copied = tag.end;
        ++st.dropped_formatting;
      } else {
        if (nests) ++depth;
        if (f >= 0) ++open_formatting[f], ++formatting_total;
        else st.reopened += static_cast<std::size_t>(formatting_total);  // an upper bound: only misnested ones are
        ++st.start_tags;
        if (tag.attributes > kMaxAttributes) {  // the tag keeps its first attributes
          out.append(html, copied, tag.kept_end - copied);
          out += '>';
          copied = tag.end;
          st.dropped_attributes += tag.attributes - kMaxAttributes;
        }
      }
    }
    pos = tag.end;
  next:;
  }
  out.append(html, copied, std::string_view::npos);
  st.output_bytes = out.size();
  return out;
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
