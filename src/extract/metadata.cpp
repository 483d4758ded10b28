// Metadata as the page states it. JSON-LD comes first (the first article-typed object in page order,
// found at the top level, in arrays or in @graph), then <meta> tags, then the document.
//
// The title follows Readability's choice, because it is the de-facto standard readers and research
// corpora are built on: JSON-LD name/headline, then dc:title, og:title, twitter:title and friends,
// then the <title> with the site's name cut off. Where JSON-LD gives both a name and a headline
// that differ, the one that resembles the <title> wins (some sites put their own name in "name").
#include "extract/metadata.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "diffwire/charset.hpp"
#include "diffwire/normalize.hpp"
#include "extract/html.hpp"

namespace diffwire {

namespace {

using json = nlohmann::json;

std::string trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Pieces of s split on runs of whitespace, counting empty pieces at the ends as JavaScript's
// str.split(/\s+/) does: Readability's word-count thresholds are calibrated on that.
int word_count(const std::string& s) {
  int n = 1;
  for (std::size_t i = 0; i < s.size();) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++n;
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    } else {
      ++i;
    }
  }
  return n;
}

// Length in UTF-16 code units, as JavaScript counts.
std::size_t js_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
    if (c >= 0xF0) ++n;
  }
  return n;
}

std::string collapse_spaces(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!space) out += ' ';
      space = true;
    } else {
      out += c;
      space = false;
    }
  }
  return out;
}

// JSON-LD strings sometimes carry HTML entities ("Q&amp;A").
std::string unescape_entities(const std::string& s) {
  if (s.find('&') == std::string::npos) return s;
  static const std::map<std::string, std::string> named = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t semi = s[i] == '&' ? s.find(';', i) : std::string::npos;
    if (semi == std::string::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    std::string name = s.substr(i + 1, semi - i - 1);
    unsigned long cp = 0;
    if (name.size() > 1 && name[0] == '#') {
      cp = (name[1] == 'x' || name[1] == 'X') ? std::strtoul(name.c_str() + 2, nullptr, 16)
                                              : std::strtoul(name.c_str() + 1, nullptr, 10);
    }
    if (cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
      append_utf8(out, static_cast<std::uint32_t>(cp));
    } else if (auto it = named.find(name); it != named.end()) {
      out += it->second;
    } else {
      out += s[i];
      continue;
    }
    i = semi;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

bool is_article_type_name(const std::string& t) {
  return t.ends_with("Article") || t == "BlogPosting" || t == "LiveBlogPosting" || t == "Report" ||
         t == "SocialMediaPosting" || t == "DiscussionForumPosting" || t == "APIReference";
}

std::string article_type(const json& v) {
  if (!v.is_object() || !v.contains("@type")) return "";
  const json& type = v["@type"];
  if (type.is_string()) return is_article_type_name(type.get<std::string>()) ? type.get<std::string>() : "";
  if (type.is_array())
    for (const auto& t : type)
      if (t.is_string() && is_article_type_name(t.get<std::string>())) return t.get<std::string>();
  return "";
}

std::string json_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("name")) return json_text(v["name"]);
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v) {
      std::string s = json_text(item);
      if (s.empty()) continue;
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }
  return "";
}

std::string json_string(const json& v, const char* key) {
  return v.contains(key) && v[key].is_string() ? v[key].get<std::string>() : "";
}

// The first article-typed object, depth first in document order.
const json* find_article(const json& v, int depth) {
  if (depth > 16) return nullptr;
  if (v.is_array()) {
    for (const auto& item : v)
      if (const json* found = find_article(item, depth + 1)) return found;
    return nullptr;
  }
  if (!v.is_object()) return nullptr;
  if (!article_type(v).empty()) return &v;
  if (v.contains("@graph")) return find_article(v["@graph"], depth + 1);
  return nullptr;
}

struct LinkedData {
  std::string type, name, headline, body, author, published, modified;
  std::vector<LivePost> posts;
};

void read_live_posts(const json& updates, std::vector<LivePost>& posts) {
  const json* list = &updates;
  json single;
  if (updates.is_object()) {
    single = json::array({updates});
    list = &single;
  }
  if (!list->is_array()) return;
  for (const auto& u : *list) {
    if (!u.is_object()) continue;
    LivePost p;
    p.id = json_string(u, "@id");
    if (p.id.empty()) p.id = json_string(u, "url");
    p.time = json_string(u, "datePublished");
    if (p.time.empty()) p.time = json_string(u, "dateModified");
    p.headline = json_string(u, "headline");
    p.body = json_string(u, "articleBody");
    if (p.body.empty()) p.body = json_string(u, "text");
    if (!p.body.empty() || !p.headline.empty()) posts.push_back(std::move(p));
  }
}

LinkedData read_linked_data(const json& article) {
  LinkedData d;
  d.type = article_type(article);
  d.name = trim(json_string(article, "name"));
  d.headline = trim(json_string(article, "headline"));
  d.body = json_string(article, "articleBody");
  if (article.contains("author")) d.author = json_text(article["author"]);
  d.published = json_string(article, "datePublished");
  d.modified = json_string(article, "dateModified");
  if (article.contains("liveBlogUpdate")) read_live_posts(article["liveBlogUpdate"], d.posts);
  return d;
}

std::string script_text(const GumboNode* node) {
  std::string text;  // text_content skips scripts, so read the script's own text
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i) {
    auto child = static_cast<const GumboNode*>(kids.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA || child->type == GUMBO_NODE_WHITESPACE)
      text += child->v.text.text;
  }
  // Some CMSs wrap the JSON in CDATA markers.
  std::string t = trim(text);
  if (t.starts_with("<![CDATA[")) t.erase(0, 9);
  if (t.ends_with("]]>")) t.erase(t.size() - 3);
  return t;
}

// ---------------------------------------------------------------------------------------------
// The walk over the document

struct Collected {
  bool have_ld = false;
  LinkedData ld;
  std::map<std::string, std::string> meta;  // Readability's keys: "og:title", "dc:title", "title", …
  std::string author, published, modified;
  std::string canonical, og_url;  // first of each, raw
  bool have_title = false;
  std::string title;
  std::vector<std::string> h1s, h2s;
};

// <meta property="og:title"> style keys, possibly several space-separated in one attribute.
std::string property_key(const std::string& property) {
  static const std::regex pattern(
      R"(\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|description|published_time|title|site_name)\s*)",
      std::regex::icase);
  std::smatch m;
  if (!std::regex_search(property, m, pattern)) return "";
  return ascii_lower(m[1].str()) + ":" + ascii_lower(m[2].str());
}

std::string name_key(const std::string& name) {
  static const std::regex pattern(
      R"(^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?(author|creator|pub-date|description|title|site_name)\s*$)",
      std::regex::icase);
  if (!std::regex_match(name, pattern)) return "";
  std::string key;
  for (char c : ascii_lower(name))
    if (!std::isspace(static_cast<unsigned char>(c))) key += c == '.' ? ':' : c;
  return key;
}

void read_meta(const GumboNode* node, Collected& c) {
  std::string content = trim(attribute(node, "content"));
  if (content.empty()) return;
  std::string property(attribute(node, "property")), name(attribute(node, "name"));
  std::string key = property.empty() ? "" : property_key(property);
  if (key.empty() && !name.empty()) key = name_key(name);
  if (!key.empty()) c.meta[key] = content;  // the last one wins, as in Readability

  // Authors and dates under the names publishers actually use.
  std::string any = ascii_lower(!property.empty() ? property : !name.empty() ? name : std::string(attribute(node, "itemprop")));
  auto set = [&](std::string& into) {
    if (into.empty()) into = content;
  };
  if (any == "author" || any == "article:author" || any == "sailthru.author" || any == "dc.creator") set(c.author);
  else if (any == "article:published_time" || any == "datepublished" || any == "dc.date.issued" || any == "pubdate") set(c.published);
  else if (any == "article:modified_time" || any == "datemodified" || any == "og:updated_time" || any == "lastmod") set(c.modified);
  else if (any == "og:url") set(c.og_url);
}

void walk(const GumboNode* node, Collected& c, int depth) {
  if (depth > kMaxDepth) return;
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  switch (tag_of(node)) {
    case GUMBO_TAG_SCRIPT:
      if (!c.have_ld && ascii_lower(trim(attribute(node, "type"))) == "application/ld+json") {
        json v = json::parse(script_text(node), nullptr, false);
        if (const json* article = v.is_discarded() ? nullptr : find_article(v, 0)) {
          c.ld = read_linked_data(*article);
          c.have_ld = true;
        }
      }
      return;
    case GUMBO_TAG_META:
      read_meta(node, c);
      return;
    case GUMBO_TAG_LINK: {
      std::string rel = " " + ascii_lower(std::string(attribute(node, "rel"))) + " ";
      if (c.canonical.empty() && rel.find(" canonical ") != std::string::npos) c.canonical = trim(attribute(node, "href"));
      return;
    }
    case GUMBO_TAG_TITLE:
      if (!c.have_title && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML) {
        c.title = collapse_spaces(trim(text_content(node)));
        c.have_title = true;
      }
      return;
    case GUMBO_TAG_H1:
      c.h1s.push_back(text_content(node));
      break;
    case GUMBO_TAG_H2:
      c.h2s.push_back(text_content(node));
      break;
    default:
      break;
  }
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i) walk(static_cast<const GumboNode*>(kids.data[i]), c, depth + 1);
}

}  // namespace

double text_similarity(const std::string& a, const std::string& b) {
  auto tokens = [](const std::string& s) {
    std::vector<std::string> out;
    std::string w;
    for (unsigned char ch : s + " ") {
      if (std::isalnum(ch) || ch == '_') {
        w += static_cast<char>(std::tolower(ch));
      } else if (!w.empty()) {
        out.push_back(std::move(w));
        w.clear();
      }
    }
    return out;
  };
  auto ta = tokens(a), tb = tokens(b);
  if (ta.empty() || tb.empty()) return 0;
  std::size_t all = 0, unique = 0;
  for (const auto& t : tb) {
    all += t.size() + 1;
    if (std::find(ta.begin(), ta.end(), t) == ta.end()) unique += t.size() + 1;
  }
  return 1.0 - static_cast<double>(unique == 0 ? 0 : unique - 1) / static_cast<double>(all - 1);
}

std::string title_from_title_tag(const std::string& orig, const std::vector<std::string>& h1s,
                                 const std::vector<std::string>& h2s) {
  // Separators between a headline and the site's name; the hierarchical ones build breadcrumbs.
  static const std::vector<std::string> separators = {"|", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\\", "/", ">",
                                                      "\xC2\xBB"};
  auto hierarchical = [](const std::string& sep) { return sep == "\\" || sep == "/" || sep == ">" || sep == "\xC2\xBB"; };
  auto separator_at = [&](std::size_t i) -> const std::string* {
    for (const auto& sep : separators)
      if (orig.compare(i, sep.size(), sep) == 0) return &sep;
    return nullptr;
  };
  std::string cur = orig;
  bool had_hierarchical = false;
  std::size_t last = std::string::npos;
  for (std::size_t i = 0; i + 2 < orig.size(); ++i) {
    if (orig[i] != ' ') continue;
    const std::string* sep = separator_at(i + 1);
    if (sep && orig.compare(i + 1 + sep->size(), 1, " ") == 0) {
      last = i;
      had_hierarchical = had_hierarchical || hierarchical(*sep);
    }
  }
  if (last != std::string::npos) {
    cur = orig.substr(0, last);
    if (word_count(cur) < 3) {
      // Too short: drop the first part (up to and including the first separator) instead.
      for (std::size_t i = 0; i < orig.size(); ++i)
        if (const std::string* sep = separator_at(i)) {
          cur = orig.substr(i + sep->size());
          break;
        }
    }
  } else if (orig.find(": ") != std::string::npos) {
    bool heading_matches = false;
    for (const auto* list : {&h1s, &h2s})
      for (const auto& h : *list)
        if (trim(h) == trim(orig)) heading_matches = true;
    if (!heading_matches) {
      cur = orig.substr(orig.rfind(':') + 1);
      if (word_count(cur) < 3)
        cur = orig.substr(orig.find(':') + 1);
      else if (word_count(orig.substr(0, orig.find(':'))) > 5)
        cur = orig;
    }
  } else if (js_length(orig) > 150 || js_length(orig) < 15) {
    if (h1s.size() == 1) cur = collapse_spaces(trim(h1s.front()));
  }
  cur = collapse_spaces(trim(cur));
  // Four words or fewer is rarely a headline: keep the whole <title> unless a hierarchical
  // separator explains the loss of exactly one part.
  int words = word_count(cur);
  if (words <= 4) {
    std::string stripped;
    for (std::size_t i = 0; i < orig.size();) {
      if (const std::string* sep = separator_at(i)) {
        i += sep->size();
        continue;
      }
      stripped += orig[i++];
    }
    if (!had_hierarchical || words != word_count(stripped) - 1) cur = orig;
  }
  return cur;
}

PageMetadata read_metadata(const GumboNode* root) {
  Collected c;
  walk(root, c, 0);
  PageMetadata m;
  m.title_tag = c.title;
  std::string fallback = title_from_title_tag(c.title, c.h1s, c.h2s);

  std::string ld_title;
  if (!c.ld.name.empty() && !c.ld.headline.empty() && c.ld.name != c.ld.headline) {
    bool name_matches = text_similarity(c.ld.name, fallback) > 0.75;
    bool headline_matches = text_similarity(c.ld.headline, fallback) > 0.75;
    ld_title = headline_matches && !name_matches ? c.ld.headline : c.ld.name;
  } else {
    ld_title = !c.ld.name.empty() ? c.ld.name : c.ld.headline;
  }
  std::string title = ld_title;
  for (const char* key : {"dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
                          "title", "twitter:title", "parsely-title"}) {
    if (!title.empty()) break;
    if (auto it = c.meta.find(key); it != c.meta.end()) title = it->second;
  }
  if (title.empty()) title = fallback;
  if (title.empty() && !c.h1s.empty()) title = c.h1s.front();  // no <title> at all
  m.title = normalize_text(unescape_entities(title));

  m.byline = normalize_text(!c.ld.author.empty() ? c.ld.author : c.author);
  m.published = normalize_text(!c.ld.published.empty() ? c.ld.published : c.published);
  m.modified = normalize_text(!c.ld.modified.empty() ? c.ld.modified : c.modified);
  m.ld_body = c.ld.body;
  m.ld_type = c.ld.type;
  m.live_posts = std::move(c.ld.posts);
  m.canonical = c.canonical;
  m.og_url = c.og_url;
  return m;
}

}  // namespace diffwire
