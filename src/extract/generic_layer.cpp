// See generic_layer.hpp. The DOM is never modified: per-node facts (text length, link text, commas)
// are computed once in a post-order pass and kept in a side table, so the extraction is linear in
// the page size. Precision comes before recall: text that is not the article and changes from fetch
// to fetch would make false versions.
#include "extract/generic_layer.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "diffwire/charset.hpp"
#include "diffwire/normalize.hpp"
#include "extract/blocks.hpp"
#include "extract/html.hpp"

namespace diffwire {

namespace {

// ---------------------------------------------------------------------------------------------
// Per-node facts, computed once.

struct NodeInfo {
  std::size_t text = 0;       // characters of visible text below
  std::size_t link_text = 0;  // of which inside <a>
  std::size_t heading_text = 0;  // of which inside <h1>…<h6>
  int commas = 0;
  int paragraphs = 0, images = 0, list_items = 0, inputs = 0, embeds = 0;
  bool has_block_child = false;
  bool skipped = false;  // furniture: contributes nothing
  const char* why = nullptr;  // and why
};

struct Pass {
  bool strip_unlikely = true;
  bool weight_classes = true;
  bool clean_conditionally = true;
};

// The publisher's own mark outweighs any class name ("share-buttons-parent" on the body, seen) —
// also on the elements around it ("share_wrapper"): a class word must not hide the marked body.
bool marked_as_body(const GumboNode* node) {
  std::string_view itemprop = attribute(node, "itemprop");
  return itemprop.size() >= 11 && ascii_lower(itemprop).find("articlebody") != std::string::npos;
}

// Every element that holds a marked body (itself marked, or one below it): true when node does.
bool marked_body_holders(const GumboNode* node, int depth, std::unordered_set<const GumboNode*>& out) {
  if (depth > kMaxDepth || !is_element(node)) return false;
  bool holds = marked_as_body(node);
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i)
    holds |= marked_body_holders(static_cast<const GumboNode*>(kids.data[i]), depth + 1, out);
  if (holds) out.insert(node);
  return holds;
}

class DomExtractor {
 public:
  // `holds_marked_body`: every element that holds a marked body (marked_body_holders), found once
  // for all passes.
  DomExtractor(const GumboNode* body, Pass pass, const std::unordered_set<const GumboNode*>& holds_marked_body,
               std::vector<std::string>* notes)
      : body_(body), pass_(pass), holds_marked_body_(holds_marked_body), notes_(notes) {}

  bool used_marked_body() const { return used_marked_body_; }
  double link_density_read() const { return link_density_read_; }

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
    } else if (const GumboNode* thread = comment_section_around(top)) {
      // The best text on the page is its readers' comments: the page has no article (comments
      // beside an article join it as siblings, and are kept).
      if (notes_) notes_->push_back("generic: the best container is inside readers' comments " + describe(thread) + ": no article");
      return {};
    }
    if (notes_) {
      if (used_marked_body_)
        notes_->push_back("microdata: itemprop=articleBody marks the body (" + std::to_string(parts.size()) + " part(s))");
      else
        notes_->push_back("generic: best container " + describe(top) + ", score " +
                          std::to_string(static_cast<int>(final_score(top))) + ", with " +
                          std::to_string(parts.size() - 1) + " sibling(s) joined");
    }
    std::size_t text = 0, link_text = 0;
    for (const GumboNode* node : parts) text += info(node).text, link_text += info(node).link_text;
    link_density_read_ = text == 0 ? 0.0 : static_cast<double>(link_text) / static_cast<double>(text);
    BlockWriter out;
    for (const GumboNode* node : parts) {
      part_text_ = info(node).text;
      write_blocks(node, [&](const GumboNode* n, int depth) { return keep(n, depth); }, out);
      out.end_block();
    }
    return out.take();
  }

 private:
  // Why node is furniture, or nullptr when it is not.
  const char* skip(const GumboNode* node, bool inside_link) const {
    GumboTag t = tag_of(node);
    if (is_furniture_tag(t)) return "never article text (tag)";
    if (is_hidden(node)) return "hidden";
    if (has_furniture_role(node)) return "ARIA role of page furniture";
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN ||
        t == GUMBO_TAG_A || inside_link || is_marked_body(node) ||
        (!holds_marked_body_.empty() && holds_marked_body_.count(node)))
      return nullptr;
    std::string hints = class_and_id(node);
    if (hints.size() <= 1) return nullptr;
    if (pass_.strip_unlikely && says_unlikely(hints))
      return "class/id says furniture";
    if (is_byline(node, hints)) return "byline (shown apart)";
    return nullptr;
  }

  static bool is_marked_body(const GumboNode* node) { return marked_as_body(node); }

  // The readers' comments section that node is, or is inside (nullptr when none).
  const GumboNode* comment_section_around(const GumboNode* node) const {
    for (const GumboNode* n = node; n && is_element(n) && n != body_; n = n->parent)
      if (is_comment_section(n)) return n;
    return nullptr;
  }


  bool is_byline(const GumboNode* node, const std::string& hints) const {
    bool hinted = attribute(node, "rel") == "author" || ascii_lower(attribute(node, "itemprop")).find("author") != std::string::npos ||
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
      ni.text = normalized_size(text);
      if (inside_link) ni.link_text = ni.text;
      for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ',') ++ni.commas;
        else if ((c == '\xEF' && text.compare(i, 3, "\xEF\xBC\x8C") == 0) || (c == '\xE3' && text.compare(i, 3, "\xE3\x80\x81") == 0))
          ++ni.commas;  // the full-width and ideographic commas
      }
      return ni;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return ni;
    if (const char* why = skip(node, inside_link)) {
      ni.skipped = true;
      ni.why = why;
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
      ni.heading_text += c.heading_text;
      ni.commas += c.commas;
      ni.paragraphs += c.paragraphs;
      ni.images += c.images;
      ni.list_items += c.list_items;
      ni.inputs += c.inputs;
      ni.embeds += c.embeds;
      if (is_element(child) && is_block(tag_of(child))) ni.has_block_child = true;
    }
    if (is_dateline(node, ni) || is_ad_slot(node, ni)) {
      const char* why = is_dateline(node, ni) ? "dateline (changes by itself)" : "advertising slot";
      ni = NodeInfo{};
      ni.skipped = true;
      ni.why = why;
      info_[node] = ni;
      return ni;
    }
    if (is_heading(t)) ni.heading_text = ni.text;
    if (t == GUMBO_TAG_P) ++ni.paragraphs;
    // Paragraphs split by <br><br> are paragraphs too (Readability makes them <p>s before it counts):
    // a story told that way beside a few images is not an image gallery. Found once, here (from the
    // children's facts), and kept for scoring.
    if (holds_text_runs(t) && ni.text >= 25) {
      TextRuns tr = text_runs(node);
      if (tr.breaks && tr.runs.size() >= 2) ni.paragraphs += static_cast<int>(tr.runs.size());
      if (!tr.runs.empty()) runs_.emplace(node, std::move(tr));
    }
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

  // A paragraph of `text` characters scores for the element holding it, half as much for the one
  // above, and less for three more (Readability's scoring).
  void score_paragraph(const GumboNode* holder, std::size_t text, int commas) {
    double score = 1 + commas + std::min(3.0, static_cast<double>(text) / 100.0);
    const GumboNode* ancestor = holder;
    for (int level = 0; level < 5 && ancestor && is_element(ancestor); ++level) {
      if (tag_of(ancestor) == GUMBO_TAG_HTML) break;
      double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      candidate(ancestor) += score / divider;
      ancestor = ancestor->parent;
    }
  }

  // Paragraphs written without <p>: runs of text among a container's own children, separated by
  // its block children or by two <br>s in a row; runs shorter than 25 characters do not count.
  struct Run {
    std::size_t text = 0;
    int commas = 0;
  };
  struct TextRuns {
    std::vector<Run> runs;
    bool blocks = false;  // separated by block children
    bool breaks = false;  // by two <br>s in a row
  };
  static bool holds_text_runs(GumboTag t) {
    return t == GUMBO_TAG_DIV || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_MAIN ||
           t == GUMBO_TAG_TD;
  }
  TextRuns text_runs(const GumboNode* node) const {
    TextRuns out;
    Run current;
    int breaks = 0;
    auto flush = [&] {
      if (current.text >= 25) out.runs.push_back(current);
      current = {};
    };
    // Inline elements are walked through: a <font> or <span> wrapping a whole story split by
    // <br><br>s holds its paragraphs as much as the container does.
    auto walk = [&](auto& self, const GumboNode* parent, int depth) -> void {
      const GumboVector& kids = children_of(parent);
      for (unsigned i = 0; i < kids.length; ++i) {
        auto child = static_cast<const GumboNode*>(kids.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) {
          bool space = true;
          for (const char* c = child->v.text.text; *c; ++c) {
            bool s = *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f';
            if (!s || !space) ++current.text;  // white space runs count once, as normalised
            if (*c == ',') ++current.commas;
            space = s;
            if (!s) breaks = 0;
          }
        } else if (is_element(child)) {
          GumboTag ct = tag_of(child);
          if (ct == GUMBO_TAG_BR) {
            if (++breaks == 2) {
              out.breaks = true;
              flush();
            }
          } else if (is_block(ct)) {
            out.blocks = true;
            breaks = 0;
            flush();
          } else if (info(child).skipped) {
          } else if (ct != GUMBO_TAG_A && depth < 8 && info(child).text >= 25 && !info(child).has_block_child) {
            self(self, child, depth + 1);
          } else {
            current.text += info(child).text;
            current.commas += info(child).commas;
            if (info(child).text > 0) breaks = 0;
          }
        }
      }
    };
    walk(walk, node, 0);
    flush();
    return out;
  }

  // Each run scores for the container, as a <p> would (Readability turns them into <p>s). True when
  // they were scored: the container has block children, or at least two runs; a lone run in a
  // container of inline content is the container itself, scored as a paragraph by score_paragraphs.
  bool score_text_runs(const GumboNode* node) {
    auto found = runs_.find(node);
    if (found == runs_.end()) return false;
    const TextRuns& tr = found->second;
    if (!tr.blocks && tr.runs.size() < 2) return false;
    for (const Run& r : tr.runs) score_paragraph(node, r.text, r.commas);
    return true;
  }

  void score_paragraphs(const GumboNode* node, int depth) {
    if (depth > kMaxDepth || !is_element(node) || info(node).skipped) return;
    bool runs = score_text_runs(node);
    if (!runs && scorable(node)) {
      const NodeInfo& ni = info(node);
      if (ni.text >= 25) score_paragraph(node->parent, ni.text, ni.commas);
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
      // A paragraph beside the article joins it: a <p>, or a <div> of inline content (a paragraph by
      // another name, as Readability reads it), with real text and few links.
      if (tag_of(sib) == GUMBO_TAG_P || (tag_of(sib) == GUMBO_TAG_DIV && !info(sib).has_block_child)) {
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
  // link farms, image galleries or forms are dropped. Never a whole <section>, as in Readability: a
  // story told in sections links a lot; the link boxes inside a section are judged on their own.
  const char* drop_conditionally(const GumboNode* node) const {
    if (!pass_.clean_conditionally) return nullptr;
    GumboTag t = tag_of(node);
    if (t != GUMBO_TAG_UL && t != GUMBO_TAG_OL && t != GUMBO_TAG_TABLE && t != GUMBO_TAG_DIV &&
        t != GUMBO_TAG_FORM && t != GUMBO_TAG_FIELDSET)
      return nullptr;
    const NodeInfo& ni = info(node);
    int weight = pass_.weight_classes ? class_weight(node) : 0;
    if (weight < 0) return "negative class or id";
    if (ni.commas >= 10) return nullptr;
    bool list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL;
    double ld = link_density(node);
    int p = ni.paragraphs;
    if (ni.images > 1 && static_cast<double>(p) / ni.images < 0.5) return "more images than text (gallery)";
    if (!list && ni.list_items - 100 > p) return "a long list, little text";
    if (ni.inputs > p / 3) return "a form";
    // A heading's box is short by nature: it is the document's structure, not furniture.
    bool heading = ni.heading_text * 10 >= ni.text * 9;
    if (!list && !heading && ni.text < 25 && (ni.images == 0 || ni.images > 2) && t != GUMBO_TAG_TABLE) return "almost no text";
    if (!list && weight < 25 && ld > 0.2) return "mostly links";
    if (weight >= 25 && ld > 0.5) return "mostly links";
    if ((ni.embeds == 1 && ni.text < 75) || ni.embeds > 1) return "an embed";
    if (list && ld > 0.8 && ni.text < 300) return "a short list of nothing but links";
    return nullptr;
  }

  static std::string describe(const GumboNode* node) {
    std::string hints(attribute(node, "class"));
    std::string id(attribute(node, "id"));
    return std::string("<") + gumbo_normalized_tagname(tag_of(node)) + (id.empty() ? "" : " id=\"" + id + "\"") +
           (hints.empty() ? "" : " class=\"" + hints + "\"") + ">";
  }

  // For --explain: what was left out of the article and why, with the start of its text.
  void note_dropped(const GumboNode* node, const char* why) const {
    if (!notes_ || !why) return;
    std::string text = normalize_text(text_content(node));
    if (text.empty()) return;
    notes_->push_back("dropped " + describe(node) + ": " + why + " -- \"" + utf8_prefix(text, 70) + "\"");
  }

  // Whether an element of the article goes into its text: what the first pass marked as furniture,
  // what cleaning drops, and headings that are links or say furniture do not; for --explain, each
  // that does not says why. Cleaning removes boxes inside the article — never the container itself,
  // nor a block that holds most of its text (a "clearfix" around the byline and the whole body is
  // the article, however many links its paragraphs carry).
  bool keep(const GumboNode* node, int depth) const {
    if (info(node).skipped) {
      note_dropped(node, info(node).why);
      return false;
    }
    bool most_of_it = info(node).text * 2 >= part_text_ && info(node).paragraphs >= 3;
    if (const char* why = depth > 0 && !most_of_it ? drop_conditionally(node) : nullptr) {
      note_dropped(node, why);
      return false;
    }
    if (is_heading(tag_of(node)) && (link_density(node) > 0.33 || (pass_.weight_classes && class_weight(node) < 0))) {
      note_dropped(node, "a heading of links or with a negative class");
      return false;
    }
    if (is_labelled_link_line(node)) {
      note_dropped(node, "a labelled link to another story (\"Read more: …\", \"Related: …\"), which rotates");
      return false;
    }
    if (is_in_page_link_line(node)) {
      note_dropped(node, "a link within the page, alone on its line (\"Continue reading the main story\", a contents list)");
      return false;
    }
    return true;
  }

  // A line that is a label and a link to another page: "Read more: Bridge closed after storm",
  // "RELATED: …", "See also …". Recommendation boxes put different stories there at each capture.
  bool is_labelled_link_line(const GumboNode* node) const {
    GumboTag t = tag_of(node);
    if ((t != GUMBO_TAG_P && t != GUMBO_TAG_DIV && t != GUMBO_TAG_LI) || info(node).has_block_child) return false;
    const NodeInfo& ni = info(node);
    if (ni.text == 0 || ni.text > 250 || ni.link_text * 2 < ni.text) return false;
    std::string label;
    auto own_text = [&](auto& self, const GumboNode* n, int depth) -> void {
      if (depth > 8) return;
      const GumboVector& kids = children_of(n);
      for (unsigned i = 0; i < kids.length; ++i) {
        auto c = static_cast<const GumboNode*>(kids.data[i]);
        if (c->type == GUMBO_NODE_TEXT) label += c->v.text.text;
        else if (is_element(c) && tag_of(c) != GUMBO_TAG_A) self(self, c, depth + 1);
      }
    };
    own_text(own_text, node, 0);
    std::string l = ascii_lower(normalize_text(label));
    while (!l.empty() && (l.back() == ':' || l.back() == ' ' || l.back() == '-' || l.back() == '|' || l.back() == '>'))
      l.pop_back();
    if (l.ends_with("\xE2\x80\x93") || l.ends_with("\xE2\x80\x94")) l.resize(l.size() - 3);  // an en or em dash
    while (!l.empty() && l.back() == ' ') l.pop_back();
    for (std::string_view known : {"read more", "more", "related", "see also", "also read", "read also", "read", "watch",
                                   "more on this story", "recommended", "you may also like", "also see", "related story",
                                   "related stories", "related article", "related articles", "related content", "further reading"})
      if (l == known) return true;
    return false;
  }

  // An <a href="#…"> that is all of its block's text: the page's own navigation (a skip link inside
  // the story, "Back to top", a table of contents), never the story's words. A footnote mark or a
  // link inside a sentence shares its line with other text and stays.
  bool is_in_page_link_line(const GumboNode* node) const {
    if (tag_of(node) != GUMBO_TAG_A || !attribute(node, "href").starts_with("#") || info(node).text == 0) return false;
    for (const GumboNode* p = node->parent; p && is_element(p); p = p->parent) {
      if (info(p).text != info(node).text) return false;
      if (is_block(tag_of(p))) return true;
    }
    return false;
  }

  const GumboNode* body_;
  Pass pass_;
  const std::unordered_set<const GumboNode*>& holds_marked_body_;
  std::vector<std::string>* notes_;
  std::unordered_map<const GumboNode*, NodeInfo> info_;
  std::unordered_map<const GumboNode*, double> scores_;
  std::unordered_map<const GumboNode*, TextRuns> runs_;  // a container's paragraphs written without <p>
  std::vector<const GumboNode*> order_;  // candidates in document order, for deterministic ties
  std::size_t part_text_ = 0;  // the text of the part being written out (run)
  bool used_marked_body_ = false;
  double link_density_read_ = 0;
};

std::size_t total_chars(const std::vector<std::string>& paragraphs) {
  std::size_t n = 0;
  for (const auto& p : paragraphs) n += p.size();
  return n;
}

}  // namespace

GenericResult extract_generic(const GumboNode* body, Explanation* explain) {
  // Readability's retry ladder: if a pass finds little text, relax the filters and keep the longest.
  // Readability retries below 500 characters; diffwire below 100, so that a short breaking-news stub
  // is not padded with the page's boxes, which would change from one fetch to the next.
  GenericResult best;
  std::vector<std::string> best_notes;
  std::unordered_set<const GumboNode*> holds_marked_body;
  marked_body_holders(body, 0, holds_marked_body);
  int pass_number = 0;
  for (Pass pass : {Pass{true, true, true}, Pass{false, true, true}, Pass{false, false, true},
                    Pass{false, false, false}}) {
    ++pass_number;
    std::vector<std::string> notes;
    DomExtractor extractor(body, pass, holds_marked_body, explain ? &notes : nullptr);
    GenericResult got{extractor.run(), extractor.used_marked_body(), extractor.link_density_read()};
    if (explain && pass_number > 1)
      notes.insert(notes.begin(), "generic: pass " + std::to_string(pass_number) + " (filters relaxed: the stricter pass found under 100 characters)");
    if (got.marked_body) {  // the publisher said where the body is
      best = std::move(got);
      best_notes = std::move(notes);
      break;
    }
    if (total_chars(got.paragraphs) > total_chars(best.paragraphs) || pass_number == 1) {
      best = std::move(got);
      best_notes = std::move(notes);
    }
    if (total_chars(best.paragraphs) >= 100) break;
  }
  if (explain) explain->notes.insert(explain->notes.end(), best_notes.begin(), best_notes.end());
  return best;
}

}  // namespace diffwire
