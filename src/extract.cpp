// Page → Article.
//
// Metadata comes first from structured data (JSON-LD NewsArticle and friends), then OpenGraph and
// <meta> tags, then the document itself. The body is found by a readability-style scoring of the DOM:
// every paragraph-like element with enough text scores its ancestors (commas and length count, links
// do not), the best-scoring container wins, and its siblings join it when they look like more of the
// same. Everything that is page furniture — navigation, share buttons, cookie banners, "most read",
// captions, hidden elements, ad slots, datelines — is skipped by tag, ARIA role and class/id hints
// before it can score. Where the publisher marks the body (microdata itemprop="articleBody") that
// mark wins; when the page's JSON-LD carries an articleBody that the DOM result does not cover, the
// JSON-LD text wins. Precision comes before recall: text that is not the article and changes from
// fetch to fetch would make false versions.
//
// The DOM is never modified: per-node facts (text length, link text, commas) are computed once in a
// post-order pass and kept in a side table, so the whole extraction is linear in the page size.
#include "diffwire/extract.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "diffwire/normalize.hpp"
#include "html.hpp"
#include "metadata.hpp"

namespace diffwire {

namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Class and id hints (after Readability's lists, extended with news-site furniture).

constexpr std::array kUnlikely = {
    "-ad-",      "ai2html",  "banner",  "breadcrumb", "combx",      "comment",   "community",
    "cover-wrap", "disqus",  "extra",   "footer",     "gdpr",       "header",    "legends",
    "menu",      "related",  "remark",  "replies",    "rss",        "shoutbox",  "sidebar",
    "skyscraper", "social",  "sponsor", "supplemental", "ad-break", "agegate",   "pagination",
    "pager",     "popup",    "yom-remote", "cookie",  "consent",    "newsletter", "most-read",
    "mostread",  "trending", "outbrain", "taboola",   "promo",      "subscribe", "share",
    "gallery",   "carousel", "slideshow"};
constexpr std::array kMaybe = {"and", "article", "body", "column", "content", "main", "mathjax", "shadow"};
constexpr std::array kPositive = {"article", "body",  "content", "entry", "hentry", "h-entry",
                                  "main",    "page",  "post",    "text",  "blog",   "story"};
constexpr std::array kNegative = {"-ad-",     "hidden",   "banner",  "combx",   "comment", "com-",
                                  "contact",  "foot",     "footnote", "gdpr",   "masthead", "media",
                                  "meta",     "outbrain", "promo",   "related", "scroll",  "share",
                                  "shoutbox", "sidebar",  "skyscraper", "sponsor", "shopping", "tags",
                                  "tool",     "widget",   "cookie",  "consent", "newsletter", "caption"};

template <std::size_t N>
bool contains_any(const std::string& haystack, const std::array<const char*, N>& needles) {
  for (const char* n : needles)
    if (haystack.find(n) != std::string::npos) return true;
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string class_and_id(const GumboNode* node) {
  return lower(std::string(attribute(node, "class")) + " " + std::string(attribute(node, "id")));
}

// Advertising slots, by whole class/id tokens ("ad-slot", "ads_box", "dfp"): substring matching
// would hit "head", "shadow" or "download". Rotating ads inside a story body would make false versions.
bool is_ad(const std::string& hints) {
  static const std::array kAdTokens = {"ad",     "ads",       "advert",     "adverts", "advertisement",
                                       "advertising", "adslot", "adunit", "dfp",     "sponsored",
                                       "promoted", "commercial"};
  std::string token;
  for (char c : hints + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      token += c;
      continue;
    }
    for (const char* t : kAdTokens)
      if (token == t) return true;
    token.clear();
  }
  return false;
}

int class_weight(const GumboNode* node) {
  int weight = 0;
  for (const char* a : {"class", "id"}) {
    std::string v = lower(attribute(node, a));
    if (v.empty()) continue;
    if (contains_any(v, kNegative)) weight -= 25;
    if (contains_any(v, kPositive)) weight += 25;
  }
  return weight;
}

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_LI:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

// Never article text, whatever the scoring says.
bool is_furniture_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_MENU: case GUMBO_TAG_LABEL:
      return true;
    default:
      return false;
  }
}

bool is_hidden(const GumboNode* node) {
  bool hidden_attr = gumbo_get_attribute(&node->v.element.attributes, "hidden") != nullptr;
  if (!hidden_attr && attribute(node, "aria-hidden") != "true") {
    std::string style = lower(attribute(node, "style"));
    style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
    return style.find("display:none") != std::string::npos ||
           style.find("visibility:hidden") != std::string::npos;
  }
  return true;
}

bool has_furniture_role(const GumboNode* node) {
  std::string role = lower(attribute(node, "role"));
  return role == "menu" || role == "menubar" || role == "complementary" || role == "navigation" ||
         role == "alert" || role == "alertdialog" || role == "dialog" || role == "banner" ||
         role == "contentinfo";
}

// "Updated 10:42 GMT", "Published 3 hours ago", "5 mins ago": lines that change by themselves.
bool is_timestamp_line(const std::string& text) {
  if (text.size() > 80) return false;
  std::string l = lower(text);
  for (const char* prefix : {"updated", "last updated", "published", "posted", "last modified", "modified"})
    if (l.rfind(prefix, 0) == 0 && std::any_of(l.begin(), l.end(), [](unsigned char c) { return std::isdigit(c); }))
      return true;
  if (!l.ends_with(" ago")) return false;
  for (const char* unit : {"second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year"})
    if (l.find(unit) != std::string::npos) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Per-node facts, computed once.

struct NodeInfo {
  std::size_t text = 0;       // characters of visible text below
  std::size_t link_text = 0;  // of which inside <a>
  int commas = 0;
  int paragraphs = 0, images = 0, list_items = 0, inputs = 0, embeds = 0;
  bool has_block_child = false;
  bool skipped = false;  // furniture: contributes nothing
};

struct Pass {
  bool strip_unlikely = true;
  bool weight_classes = true;
  bool clean_conditionally = true;
};

class DomExtractor {
 public:
  DomExtractor(const GumboNode* body, Pass pass) : body_(body), pass_(pass) {}

  bool used_marked_body() const { return used_marked_body_; }

  std::vector<std::string> run() {
    measure(body_, 0, false);
    score_paragraphs(body_, 0);
    const GumboNode* top = pick_top_candidate();
    // The publisher's own microdata marks the body: trust it when it holds real text.
    // Some publishers split the body into several marked parts: all of them, in order.
    std::vector<const GumboNode*> parts = gather_siblings(top), marked;
    find_marked_body(body_, 0, marked);
    std::size_t marked_text = 0;
    for (const GumboNode* m : marked) marked_text += info(m).text;
    if (marked_text >= 200) {
      parts = marked;
      used_marked_body_ = true;
    }
    std::vector<std::string> out;
    std::string buffer;
    for (const GumboNode* node : parts) {
      emit(node, buffer, out, 0);
      flush(buffer, out);
    }
    return out;
  }

 private:
  bool skip(const GumboNode* node, bool inside_link) const {
    GumboTag t = tag_of(node);
    if (is_furniture_tag(t) || is_hidden(node) || has_furniture_role(node)) return true;
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN ||
        t == GUMBO_TAG_A || inside_link || is_marked_body(node))
      return false;
    std::string hints = class_and_id(node);
    if (hints.size() <= 1) return false;
    if (pass_.strip_unlikely && contains_any(hints, kUnlikely) && !contains_any(hints, kMaybe)) return true;
    if (is_byline(node, hints)) return true;
    return false;
  }

  // The publisher's own mark outweighs any class name ("share-buttons-parent" on the body, seen).
  static bool is_marked_body(const GumboNode* node) {
    return lower(attribute(node, "itemprop")).find("articlebody") != std::string::npos;
  }

  bool is_byline(const GumboNode* node, const std::string& hints) const {
    bool hinted = attribute(node, "rel") == "author" || lower(attribute(node, "itemprop")).find("author") != std::string::npos ||
                  hints.find("byline") != std::string::npos || hints.find("author") != std::string::npos ||
                  hints.find("dateline") != std::string::npos;
    if (!hinted) return false;
    return normalize_text(text_content(node)).size() < 100;
  }

  const NodeInfo& info(const GumboNode* node) const {
    static const NodeInfo none{};
    auto it = info_.find(node);
    return it == info_.end() ? none : it->second;
  }

  NodeInfo measure(const GumboNode* node, int depth, bool inside_link) {
    NodeInfo ni;
    if (depth > kMaxDepth) return ni;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
      std::string_view text(node->v.text.text);
      std::string norm = normalize_text(text);
      ni.text = norm.size();
      if (inside_link) ni.link_text = ni.text;
      for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == ',' || (text.substr(i, 3) == "\xEF\xBC\x8C") || (text.substr(i, 3) == "\xE3\x80\x81"))
          ++ni.commas;
      return ni;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return ni;
    if (skip(node, inside_link)) {
      ni.skipped = true;
      info_[node] = ni;
      return ni;
    }
    GumboTag t = tag_of(node);
    bool link = inside_link || t == GUMBO_TAG_A;
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i) {
      auto child = static_cast<const GumboNode*>(kids.data[i]);
      NodeInfo c = measure(child, depth + 1, link);
      ni.text += c.text;
      ni.link_text += c.link_text;
      ni.commas += c.commas;
      ni.paragraphs += c.paragraphs;
      ni.images += c.images;
      ni.list_items += c.list_items;
      ni.inputs += c.inputs;
      ni.embeds += c.embeds;
      if (is_element(child) && is_block(tag_of(child))) ni.has_block_child = true;
    }
    if (is_dateline(node, ni) || is_ad_slot(node, ni)) {
      ni = NodeInfo{};
      ni.skipped = true;
      info_[node] = ni;
      return ni;
    }
    if (t == GUMBO_TAG_P) ++ni.paragraphs;
    if (t == GUMBO_TAG_IMG) ++ni.images;
    if (t == GUMBO_TAG_LI) ++ni.list_items;
    if (t == GUMBO_TAG_INPUT || t == GUMBO_TAG_SELECT || t == GUMBO_TAG_TEXTAREA) ++ni.inputs;
    if (t == GUMBO_TAG_IFRAME || t == GUMBO_TAG_OBJECT || t == GUMBO_TAG_EMBED || t == GUMBO_TAG_VIDEO) ++ni.embeds;
    info_[node] = ni;
    return ni;
  }

  // A short block that is mostly a <time> ("Updated <time>3 hours ago</time>"): page furniture that
  // changes by itself, and the surest source of false versions.
  bool is_dateline(const GumboNode* node, const NodeInfo& ni) const {
    if (ni.text >= 100) return false;
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i) {
      auto child = static_cast<const GumboNode*>(kids.data[i]);
      if (has_tag(child, GUMBO_TAG_TIME) && info(child).text * 2 >= ni.text) return true;
    }
    return false;
  }

  // In every pass, since rotating ads would make false versions — but only a small block: some
  // sites put an "ad-…" id on a wrapper around the whole page.
  bool is_ad_slot(const GumboNode* node, const NodeInfo& ni) const {
    return ni.paragraphs <= 2 && ni.text < 1000 && is_ad(class_and_id(node));
  }

  double link_density(const GumboNode* node) const {
    const NodeInfo& ni = info(node);
    return ni.text == 0 ? 0.0 : static_cast<double>(ni.link_text) / static_cast<double>(ni.text);
  }

  double& candidate(const GumboNode* node) {
    auto it = scores_.find(node);
    if (it != scores_.end()) return it->second;
    double base = 0;
    switch (tag_of(node)) {
      case GUMBO_TAG_DIV: base = 5; break;
      case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: base = 3; break;
      case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
      case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: base = -3; break;
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: case GUMBO_TAG_TH: base = -5; break;
      default: break;
    }
    if (pass_.weight_classes) base += class_weight(node);
    order_.push_back(node);
    return scores_.emplace(node, base).first->second;
  }

  bool scorable(const GumboNode* node) const {
    GumboTag t = tag_of(node);
    if (t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD || t == GUMBO_TAG_SECTION ||
        (is_heading(t) && t != GUMBO_TAG_H1))
      return true;
    // A <div> holding only inline content is a paragraph by another name.
    return (t == GUMBO_TAG_DIV || t == GUMBO_TAG_ARTICLE) && !info(node).has_block_child;
  }

  void score_paragraphs(const GumboNode* node, int depth) {
    if (depth > kMaxDepth || !is_element(node) || info(node).skipped) return;
    if (scorable(node)) {
      const NodeInfo& ni = info(node);
      if (ni.text >= 25) {
        double score = 1 + ni.commas + std::min(3.0, static_cast<double>(ni.text) / 100.0);
        const GumboNode* ancestor = node->parent;
        for (int level = 0; level < 5 && ancestor && is_element(ancestor); ++level) {
          if (tag_of(ancestor) == GUMBO_TAG_HTML) break;
          double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
          candidate(ancestor) += score / divider;
          ancestor = ancestor->parent;
        }
      }
      if (tag_of(node) == GUMBO_TAG_P || tag_of(node) == GUMBO_TAG_PRE) return;
    }
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i)
      score_paragraphs(static_cast<const GumboNode*>(kids.data[i]), depth + 1);
  }

  double final_score(const GumboNode* node) const {
    auto it = scores_.find(node);
    return it == scores_.end() ? 0.0 : it->second * (1.0 - link_density(node));
  }

  bool scored(const GumboNode* node) const { return scores_.count(node) != 0; }

  const GumboNode* pick_top_candidate() const {
    const GumboNode* top = nullptr;
    double best = 0;
    for (const GumboNode* node : order_) {
      double s = final_score(node);
      if (!top || s > best) {
        top = node;
        best = s;
      }
    }
    if (!top || tag_of(top) == GUMBO_TAG_BODY) return body_;
    // Several strong candidates under one ancestor: the article is that ancestor (split bodies).
    std::vector<const GumboNode*> alternatives;
    for (const GumboNode* node : order_)
      if (node != top && final_score(node) >= best * 0.75) alternatives.push_back(node);
    if (alternatives.size() >= 3) {
      for (const GumboNode* p = top->parent; p && tag_of(p) != GUMBO_TAG_BODY && is_element(p); p = p->parent) {
        int containing = 0;
        for (const GumboNode* alt : alternatives)
          for (const GumboNode* q = alt; q; q = q->parent)
            if (q == p) { ++containing; break; }
        if (containing >= 3) { top = p; break; }
      }
    }
    // Climb while a parent scores better: the top candidate is often one column of the article.
    double last = final_score(top);
    for (const GumboNode* p = top->parent; p && is_element(p) && tag_of(p) != GUMBO_TAG_BODY; p = p->parent) {
      if (!scored(p)) continue;
      double s = final_score(p);
      if (s < last / 3) break;
      if (s > last) { top = p; break; }
      last = s;
    }
    // An only child says nothing its parent does not.
    while (top->parent && is_element(top->parent) && tag_of(top->parent) != GUMBO_TAG_BODY &&
           element_children(top->parent) == 1)
      top = top->parent;
    return top;
  }

  void find_marked_body(const GumboNode* node, int depth, std::vector<const GumboNode*>& found) const {
    if (depth > kMaxDepth || !is_element(node) || info(node).skipped) return;
    if (is_marked_body(node)) {
      found.push_back(node);
      return;
    }
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i)
      find_marked_body(static_cast<const GumboNode*>(kids.data[i]), depth + 1, found);
  }

  static int element_children(const GumboNode* node) {
    int n = 0;
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i)
      if (is_element(static_cast<const GumboNode*>(kids.data[i]))) ++n;
    return n;
  }

  std::vector<const GumboNode*> gather_siblings(const GumboNode* top) const {
    if (top == body_ || !top->parent || !is_element(top->parent)) return {top};
    double top_score = final_score(top);
    double threshold = std::max(10.0, top_score * 0.2);
    std::string top_class(attribute(top, "class"));
    std::vector<const GumboNode*> kept;
    const GumboVector& kids = children_of(top->parent);
    for (unsigned i = 0; i < kids.length; ++i) {
      auto sib = static_cast<const GumboNode*>(kids.data[i]);
      if (!is_element(sib) || info(sib).skipped) continue;
      if (sib == top) { kept.push_back(sib); continue; }
      double bonus = !top_class.empty() && attribute(sib, "class") == top_class ? top_score * 0.2 : 0;
      if (scored(sib) && final_score(sib) + bonus >= threshold) { kept.push_back(sib); continue; }
      if (tag_of(sib) == GUMBO_TAG_P) {
        const NodeInfo& ni = info(sib);
        double ld = link_density(sib);
        std::string text = normalize_text(text_content(sib));
        if ((ni.text > 80 && ld < 0.25) ||
            (ni.text > 0 && ni.text <= 80 && ld == 0 && !text.empty() && text.back() == '.'))
          kept.push_back(sib);
      }
    }
    return kept;
  }

  // Readability's "clean conditionally": lists, tables and divs inside the article that look like
  // link farms, image galleries or forms are dropped.
  bool drop_conditionally(const GumboNode* node) const {
    if (!pass_.clean_conditionally) return false;
    GumboTag t = tag_of(node);
    if (t != GUMBO_TAG_UL && t != GUMBO_TAG_OL && t != GUMBO_TAG_TABLE && t != GUMBO_TAG_DIV &&
        t != GUMBO_TAG_SECTION && t != GUMBO_TAG_FORM && t != GUMBO_TAG_FIELDSET)
      return false;
    const NodeInfo& ni = info(node);
    int weight = pass_.weight_classes ? class_weight(node) : 0;
    double score = scored(node) ? scores_.at(node) : 0;
    if (weight + score < 0) return true;
    if (ni.commas >= 10) return false;
    bool list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL;
    double ld = link_density(node);
    int p = ni.paragraphs;
    if (ni.images > 1 && static_cast<double>(p) / ni.images < 0.5) return true;
    if (!list && ni.list_items - 100 > p) return true;
    if (ni.inputs > p / 3) return true;
    if (!list && ni.text < 25 && (ni.images == 0 || ni.images > 2) && t != GUMBO_TAG_TABLE) return true;
    if (!list && weight < 25 && ld > 0.2) return true;
    if (weight >= 25 && ld > 0.5) return true;
    if ((ni.embeds == 1 && ni.text < 75) || ni.embeds > 1) return true;
    if (list && ld > 0.8 && ni.text < 300) return true;  // a short list of nothing but links
    return false;
  }

  static void flush(std::string& buffer, std::vector<std::string>& out) {
    std::string text = normalize_text(buffer);
    buffer.clear();
    if (!text.empty() && !is_timestamp_line(text)) out.push_back(std::move(text));
  }

  void emit(const GumboNode* node, std::string& buffer, std::vector<std::string>& out, int depth) const {
    if (depth > kMaxDepth) return;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      buffer += node->v.text.text;
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT || info(node).skipped) return;
    GumboTag t = tag_of(node);
    if (t == GUMBO_TAG_BR) {
      buffer += ' ';
      return;
    }
    if (depth > 0 && drop_conditionally(node)) return;
    if (is_heading(t) && (link_density(node) > 0.33 || (pass_.weight_classes && class_weight(node) < 0))) return;
    bool block = is_block(t);
    if (block) flush(buffer, out);
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i)
      emit(static_cast<const GumboNode*>(kids.data[i]), buffer, out, depth + 1);
    if (block) flush(buffer, out);
  }

  const GumboNode* body_;
  Pass pass_;
  std::unordered_map<const GumboNode*, NodeInfo> info_;
  std::unordered_map<const GumboNode*, double> scores_;
  std::vector<const GumboNode*> order_;  // candidates in document order, for deterministic ties
  bool used_marked_body_ = false;
};

std::size_t total_chars(const std::vector<std::string>& paragraphs) {
  std::size_t n = 0;
  for (const auto& p : paragraphs) n += p.size();
  return n;
}

std::vector<std::string> extract_body(const GumboNode* body) {
  // Readability's retry ladder: if a pass finds little text, relax the filters and keep the longest.
  // Readability retries below 500 characters; diffwire below 100, so that a short breaking-news stub
  // is not padded with the page's boxes, which would change from one fetch to the next.
  std::vector<std::string> best;
  for (Pass pass : {Pass{true, true, true}, Pass{false, true, true}, Pass{false, false, true},
                    Pass{false, false, false}}) {
    DomExtractor extractor(body, pass);
    std::vector<std::string> got = extractor.run();
    if (extractor.used_marked_body()) return got;  // the publisher said where the body is
    if (total_chars(got) > total_chars(best)) best = std::move(got);
    if (total_chars(best) >= 100) break;
  }
  return best;
}

std::vector<std::string> split_json_body(const std::string& body) {
  std::string text = body;
  if (body.find('<') != std::string::npos && body.find('>') != std::string::npos) {
    // Some publishers put HTML in articleBody: parse it and take its blocks.
    HtmlDocument fragment(body);
    const GumboNode* fbody = find_first(fragment.root(), GUMBO_TAG_BODY);
    if (fbody) return extract_body(fbody);
  }
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string line = normalize_text(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (!line.empty()) out.push_back(std::move(line));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// Share of the word trigrams of `part` that also occur in `whole` (as multisets), 0..1. Trigrams,
// not words: two unrelated English texts share most of their words but few of their trigrams.
double containment(const std::string& part, const std::string& whole) {
  auto trigrams = [](const std::string& s) {
    std::vector<std::string> words;
    std::string w;
    for (unsigned char c : s + " ") {
      if (std::isalnum(c) || c >= 0x80) {
        w += static_cast<char>(std::tolower(c));
      } else if (!w.empty()) {
        words.push_back(std::move(w));
        w.clear();
      }
    }
    std::unordered_map<std::string, int> counts;
    for (std::size_t i = 0; i + 2 < words.size(); ++i) ++counts[words[i] + ' ' + words[i + 1] + ' ' + words[i + 2]];
    return counts;
  };
  auto p = trigrams(part), h = trigrams(whole);
  int total = 0, found = 0;
  for (const auto& [t, n] : p) {
    total += n;
    auto it = h.find(t);
    found += std::min(n, it == h.end() ? 0 : it->second);
  }
  return total == 0 ? 1.0 : static_cast<double>(found) / total;
}

std::string join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) {
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

}  // namespace

Article extract_article(std::string_view html) {
  HtmlDocument doc(html);
  PageMetadata meta = read_metadata(doc.root());

  Article article;
  article.title = meta.title;
  article.byline = meta.byline;
  article.published = meta.published;
  article.modified = meta.modified;

  const GumboNode* body = find_first(doc.root(), GUMBO_TAG_BODY);
  article.paragraphs = body ? extract_body(body) : std::vector<std::string>{};
  article.method = std::string("dom@") + kExtractorVersion;

  // The publisher's own articleBody wins when the DOM result misses most of it. Bodies cut short
  // ("…", often behind paywalls) are summaries, not the article.
  std::string ld_body = normalize_text(meta.ld_body);
  bool truncated = ld_body.ends_with("...") || ld_body.ends_with("…") || ld_body.ends_with("[…]");
  if (ld_body.size() >= 200 && !truncated) {
    std::string dom_text = join(article.paragraphs);
    if (containment(ld_body, dom_text) < 0.5) {
      article.paragraphs = split_json_body(meta.ld_body);
      article.method = std::string("json-ld@") + kExtractorVersion;
    }
  }
  // A heading that repeats the title is the title, shown apart, not the first paragraph.
  for (std::size_t i = 0; i < article.paragraphs.size() && i < 5; ++i) {
    const std::string& p = article.paragraphs[i];
    if (p.size() <= article.title.size() * 3 / 2 + 10 && text_similarity(article.title, p) > 0.75) {
      article.paragraphs.erase(article.paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  return normalized(std::move(article));
}

}  // namespace diffwire
