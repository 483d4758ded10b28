// The blocks vocabulary (blocks.hpp). The class/id word lists follow Readability's, extended with
// news-site furniture; the tag lists follow HTML's block and interactive content.
#include "extract/blocks.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {

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
                                  "tool",     "widget",   "cookie",  "consent", "newsletter"};

template <std::size_t N>
bool contains_any(const std::string& haystack, const std::array<const char*, N>& needles) {
  for (const char* n : needles)
    if (haystack.find(n) != std::string::npos) return true;
  return false;
}

}  // namespace

bool has_token(std::string_view hints, std::initializer_list<std::string_view> tokens) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= hints.size(); ++i) {
    if (i < hints.size() && std::isalnum(static_cast<unsigned char>(hints[i]))) continue;
    std::string_view token = hints.substr(start, i - start);
    if (!token.empty() && std::find(tokens.begin(), tokens.end(), token) != tokens.end()) return true;
    start = i + 1;
  }
  return false;
}

std::string class_and_id(const GumboNode* node) {
  return ascii_lower(std::string(attribute(node, "class")) + " " + std::string(attribute(node, "id")));
}

// Advertising slots, by whole class/id tokens ("ad-slot", "ads_box", "dfp"): substring matching
// would hit "head", "shadow" or "download". Rotating ads inside a story body would make false versions.
bool is_ad(const std::string& hints) {
  return has_token(hints, {"ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "dfp",
                           "sponsored", "promoted", "commercial"});
}

int class_weight(const GumboNode* node) {
  int weight = 0;
  for (const char* a : {"class", "id"}) {
    std::string v = ascii_lower(attribute(node, a));
    if (v.empty()) continue;
    if (contains_any(v, kNegative)) weight -= 25;
    if (contains_any(v, kPositive)) weight += 25;
  }
  return weight;
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

bool has_furniture_role(const GumboNode* node) {
  std::string role = ascii_lower(attribute(node, "role"));
  return role == "menu" || role == "menubar" || role == "complementary" || role == "navigation" ||
         role == "alert" || role == "alertdialog" || role == "dialog" || role == "banner" ||
         role == "contentinfo";
}

bool is_comment_section(const GumboNode* node) {
  auto says_comments = [](std::string_view name) {
    std::string n = ascii_lower(name);
    for (std::string_view word : {"comment", "comments"}) {
      if (n == word) return true;
      for (char sep : {'-', '_'})
        if (n.starts_with(std::string(word) + sep) || n.ends_with(sep + std::string(word))) return true;
    }
    return n.starts_with("disqus");
  };
  if (says_comments(attribute(node, "id"))) return true;
  std::string_view classes = attribute(node, "class");
  for (std::size_t i = 0; i < classes.size();) {
    std::size_t end = classes.find_first_of(" \t\n\r\f", i);
    if (end == std::string_view::npos) end = classes.size();
    if (end > i && says_comments(classes.substr(i, end - i))) return true;
    i = end + 1;
  }
  std::string_view itemtype = attribute(node, "itemtype");
  return itemtype.ends_with("/Comment") || itemtype.ends_with("/UserComments");
}

void BlockWriter::end_block() {
  std::string text = normalize_text(buffer_);
  buffer_.clear();
  breaks_ = 0;
  if (!text.empty() && !is_timestamp_line(text) && !is_counter_line(text) && !is_placeholder_line(text))
    out_.push_back(std::move(text));
}

bool says_unlikely(const std::string& hints) { return contains_any(hints, kUnlikely) && !contains_any(hints, kMaybe); }

bool has_furniture_hints(const GumboNode* node) {
  std::string hints = class_and_id(node);
  return says_unlikely(hints) || is_ad(hints);
}

std::vector<std::string> text_lines(const std::string& text) {
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
    std::string style = ascii_lower(attribute(node, "style"));
    style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
    return style.find("display:none") != std::string::npos ||
           style.find("visibility:hidden") != std::string::npos;
  }
  return true;
}

// "Updated 10:42 GMT", "Published 3 hours ago", "5 mins ago", "5 April 2013 Last updated at 10:08
// GMT": lines that change by themselves.
bool is_timestamp_line(const std::string& text) {
  if (text.size() > 80) return false;
  std::string l = ascii_lower(text);
  for (const char* prefix : {"updated", "last updated", "published", "posted", "last modified", "modified"})
    if (l.rfind(prefix, 0) == 0 && std::any_of(l.begin(), l.end(), [](unsigned char c) { return std::isdigit(c); }))
      return true;
  // "5 April 2013 Last updated at 10:08 GMT": the word and a clock time anywhere in the line.
  bool clock = false;
  for (std::size_t i = 1; i + 2 < l.size(); ++i)
    if (l[i] == ':' && std::isdigit(static_cast<unsigned char>(l[i - 1])) && std::isdigit(static_cast<unsigned char>(l[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(l[i + 2])))
      clock = true;
  if (clock)
    for (const char* word : {"updated", "published", "posted", "modified"})
      if (l.find(word) != std::string::npos) return true;
  if (!l.ends_with(" ago")) return false;
  for (const char* unit : {"second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year"})
    if (l.find(unit) != std::string::npos) return true;
  return false;
}

// Lines a page's machinery shows in place of content, which come and go between two captures of
// the same story: "Loading…", an advertisement's marker ("Story continues below advertisement"), a
// control's label alone on its line ("Read more", "Copy link", "Link copied!"), an audio player's label and clock, a consent placeholder standing in
// for an embed ("This content is provided by a third party… accept cookies to see it"). Short
// lines only: a paragraph of 300 characters or more is never one.
bool is_placeholder_line(const std::string& text) {
  if (text.size() > 300) return false;
  std::string l = ascii_lower(text);
  while (!l.empty() && (l.back() == '.' || l.back() == '!' || l.back() == ' ')) l.pop_back();
  if (l.ends_with("\xE2\x80\xA6")) l.resize(l.size() - 3);  // "…"
  for (std::string_view loading : {"loading", "please wait", "chargement", "cargando", "carregando", "caricamento",
                                   "wird geladen", "laden", "bezig met laden"})
    if (l == loading) return true;
  // Where an advertisement or a button sits in the story's flow: it moves or goes between captures.
  static constexpr std::string_view kMarkers[] = {
      "advertisement", "advertising", "ad", "sponsored content", "continue reading", "read more", "show more", "load more",
      "see more", "scroll to continue", "scroll to continue with content",
      // the labels of a page's controls, and what they say once used
      "copy link", "link copied", "copied", "share", "share this article", "share this story", "share this", "print",
      "email", "e-mail", "save", "saved", "bookmark", "follow", "following", "updated", "close", "gift this article",
      "gift article", "view comments", "comments", "reply", "quote", "report", "report abuse", "report this post",
      "report this comment", "recommend", "permalink",
      // a story's status, shown while it lasts
      "live", "live updates", "breaking", "breaking news", "developing", "developing story", "just in"};
  auto marker = [&](std::string_view part) {
    return std::find(std::begin(kMarkers), std::end(kMarkers), part) != std::end(kMarkers);
  };
  if (marker(l)) return true;
  // A row of them: "Quote | Report this post", "Reply · Share".
  if (l.find('|') != std::string::npos || l.find("\xC2\xB7") != std::string::npos) {
    std::string row = l;
    for (std::size_t at = row.find("\xC2\xB7"); at != std::string::npos; at = row.find("\xC2\xB7")) row.replace(at, 2, "|");
    bool all = true;
    std::size_t start = 0;
    while (all && start <= row.size()) {
      std::size_t end = std::min(row.find('|', start), row.size());
      std::string_view part = std::string_view(row).substr(start, end - start);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      all = part.empty() || marker(part);
      start = end + 1;
    }
    if (all) return true;
  }
  for (std::string_view marker : {"story continues below", "story continues after", "article continues below",
                                  "article continues after", "advertisement - scroll", "advertisement: scroll"})
    if (l.starts_with(marker) && l.size() < 60) return true;
  for (std::string_view listen : {"listen to this article", "listen to this story", "listen to article", "listen to story",
                                  "your browser does not support the audio", "your browser does not support the video",
                                  "your browser does not support html5"})
    if (l.starts_with(listen)) return true;
  // A player's clock: "0:00", "1:02 / 5:32" (a lone time of day is not one).
  if ((l == "0:00" || l.find('/') != std::string::npos) && l.size() <= 15 &&
      std::all_of(l.begin(), l.end(), [](unsigned char c) { return std::isdigit(c) || c == ':' || c == '/' || c == ' '; }) &&
      l.find(':') != std::string::npos)
    return true;
  // A placeholder names the machinery (cookies, consent, JavaScript), tells the reader to do
  // something about it, and says what it stands in for ("accept cookies to view this content"); a
  // story's own sentence about cookies or JavaScript does not do all three.
  auto any = [&](std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return l.find(w) != std::string::npos; });
  };
  return any({"cookie", "consent", "privacy settings", "javascript"}) &&
         any({"accept", "enable", "allow", "change your", "manage", "update your", "turn on"}) &&
         any({"this content", "third party", "third-party", "to view", "to see", "to watch", "to display", "to load"});
}

bool is_paywall_prompt(const std::string& text) {
  if (text.size() > 300) return false;
  std::string l = ascii_lower(text);
  for (std::string_view wall : {"to read the rest of this", "to continue reading", "subscribe to read", "subscribe to continue",
                                "sign in to read", "log in to read", "register to read", "this content is for subscribers",
                                "this article is for subscribers", "you have reached your limit", "you've reached your limit",
                                "reached your free article limit", "create a free account to continue",
                                "create a free account to keep reading", "to read the full article", "to read the full story"})
    if (l.find(wall) != std::string::npos) return true;
  return false;
}

bool is_counter_line(const std::string& text) {
  if (text.size() > 40) return false;
  // (Also a reading time, which changes with every edit of the text: a line of its own.)
  std::string l = ascii_lower(text);
  // The line is one count and one word for what is counted, in either order, with at most a colon
  // or brackets besides: "1,204 shares", "3.2k views", "Views: 3,418", "Comments (11)".
  std::size_t digits = 0, letters = 0;
  std::string word;
  for (char c : l) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isdigit(u)) {
      ++digits;
    } else if (std::isalpha(u)) {
      ++letters;
      word += c;
    } else if (c != ' ' && c != ',' && c != '.' && c != ':' && c != '(' && c != ')') {
      return false;
    } else if (!word.empty() && c == ' ' && word.back() != ' ') {
      word += ' ';
    }
  }
  if (digits == 0) return false;
  while (!word.empty() && word.back() == ' ') word.pop_back();
  // A reading time, which follows the text's length: "5 min read", "Reading time: 4 minutes".
  for (std::string_view reading : {"min read", "mins read", "minute read", "minutes read", "reading time minutes",
                                   "reading time mins", "reading time min", "read time min", "min reading time"})
    if (word == reading) return true;
  if (word.size() > 1 && (word.starts_with("k ") || word.starts_with("m "))) word.erase(0, 2);  // "3.2k views"
  for (std::string_view counted : {"comment", "comments", "share", "shares", "view", "views", "like", "likes", "read", "reads",
                                   "response", "responses", "reply", "replies", "reaction", "reactions", "vote", "votes"})
    if (word == counted) return true;
  return false;
}

}  // namespace diffwire
