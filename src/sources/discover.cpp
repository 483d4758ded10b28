// Feeds and sitemaps are small XML documents written by many different systems, several of them
// broken in the same few ways; section pages are ordinary HTML. Both end as a list of article URLs.
#include "diffwire/discover.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include "diffwire/charset.hpp"
#include "diffwire/error.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/url.hpp"
#include "extract/blocks.hpp"
#include "extract/html.hpp"

namespace diffwire {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "rdf:RDF" → "rdf"; "news:publication_date" → "publication_date".
std::string local(const char* name) {
  std::string_view n(name);
  auto colon = n.find(':');
  return ascii_lower(colon == std::string_view::npos ? n : n.substr(colon + 1));
}

std::string_view prefix_of(const char* name) {
  std::string_view n(name);
  auto colon = n.find(':');
  return colon == std::string_view::npos ? std::string_view() : n.substr(0, colon);
}

bool declares_namespaces(const pugi::xml_node& node) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
    if (std::string_view(a.name()).starts_with("xmlns")) return true;
  return false;
}

// The namespace an element is in: the URI its prefix (or the default) is bound to by the nearest
// xmlns declaration. A prefix bound nowhere (feeds use "media:" undeclared) is a namespace of its own.
std::string namespace_of(const pugi::xml_node& node) {
  std::string_view prefix = prefix_of(node.name());
  std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n; n = n.parent())
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  return prefix.empty() ? "" : "unbound:" + std::string(prefix);
}

// Is c in the same namespace as its parent p? The same prefix with no declaration between is.
bool same_namespace(const pugi::xml_node& c, const pugi::xml_node& p) {
  if (prefix_of(c.name()) == prefix_of(p.name()) && !declares_namespaces(c)) return true;
  return namespace_of(c) == namespace_of(p);
}

// All text below node: feeds put HTML in titles both as markup and escaped. A script's or a style
// sheet's source is never text.
std::string node_text(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      out += n.value();
    } else if (n.type() == pugi::node_element) {
      std::string name = local(n.name());
      if (name != "script" && name != "style") out += node_text(n);
    }
  }
  return out;
}

// Feed text that holds HTML as it would be shown, the test feedparser uses: an end tag or an entity
// reference left after XML's own unescaping. "Why a<b matters" (written a&lt;b) is plain text.
bool looks_like_html_text(std::string_view s) {
  for (std::size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    std::size_t k = i + 1;
    if (k >= s.size() || s[k] != '/') continue;
    std::size_t name = ++k;
    while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '_')) ++k;
    if (k > name && k < s.size() && s[k] == '>') return true;
  }
  for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    std::size_t k = i + 1;
    if (k < s.size() && s[k] == '#') ++k;
    std::size_t name = k;
    while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '_')) ++k;
    if (k > name && k < s.size() && s[k] == ';') return true;
  }
  return false;
}

std::string html_to_text(const std::string& html) {
  HtmlDocument doc(html);
  return text_content(doc.root());
}

// A title as a reader sees it. Atom says what its text is (RFC 4287 §3.1: "text", "html" escaped, or
// "xhtml" inline); RSS does not, and its titles hold plain text, escaped HTML and markup alike.
std::string title_of(const pugi::xml_node& title) {
  std::string type = ascii_lower(title.attribute("type").value());
  std::string text = node_text(title);
  if (type == "html" || type == "text/html" || (type.empty() && looks_like_html_text(text)))
    text = html_to_text(text);
  return normalize_text(text);
}

// The first child element with this local name in the parent's own namespace: an RSS item's <title>,
// not its <media:title>; an Atom entry's <link>, not an <xhtml:link>.
pugi::xml_node own_child(const pugi::xml_node& node, const char* name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local(c.name()) == name && same_namespace(c, node)) return c;
  return {};
}

// The first child element with this local name, in any namespace (<dc:date>, <news:news>).
pugi::xml_node child(const pugi::xml_node& node, const char* name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local(c.name()) == name) return c;
  return {};
}

std::optional<Seconds> parse_date(const std::string& s) {
  std::string_view t = trim(s);
  if (auto iso = parse_iso8601(t)) return iso;
  return parse_rfc822(t);
}

// The first date among these children, in this order of preference.
std::optional<Seconds> item_date(const pugi::xml_node& item, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (pugi::xml_node d = child(item, name))
      if (auto t = parse_date(node_text(d))) return t;
  return std::nullopt;
}

// The base a relative reference inside node resolves against: the document's URL, then every
// xml:base from the root down to node, each resolved against the one before (XML Base).
std::string base_of(const pugi::xml_node& node, const std::string& document_url) {
  std::vector<const char*> bases;
  for (pugi::xml_node n = node; n && bases.size() < 64; n = n.parent())
    if (pugi::xml_attribute a = n.attribute("xml:base")) bases.push_back(a.value());
  std::string base = document_url;
  for (auto b = bases.rbegin(); b != bases.rend(); ++b)
    if (auto resolved = resolve_url(base, trim(*b))) base = *resolved;
  return base;
}

class Collector {
 public:
  Collector(SourceDocument& doc, const std::string& base) : doc_(doc), base_(base) {}
  // True when the item was added (not a duplicate, not refused).
  bool add(std::string_view href, std::string title, std::optional<Seconds> updated, bool article_like = true) {
    return add_relative_to(base_, href, std::move(title), updated, article_like);
  }
  bool add_relative_to(const std::string& base, std::string_view href, std::string title, std::optional<Seconds> updated,
                       bool article_like = true) {
    std::optional<std::string> url = resolve_url(base, trim(href));
    if (!url) {
      ++doc_.ignored_links;
      return false;
    }
    if (doc_.items.size() >= kMaxSourceItems || !seen_.insert(*url).second) return false;
    doc_.items.push_back({*url, std::move(title), updated, article_like});
    return true;
  }

 private:
  SourceDocument& doc_;
  const std::string& base_;
  std::set<std::string> seen_;
};

void walk_elements(const pugi::xml_node& node, int depth, const std::function<void(const pugi::xml_node&)>& visit) {
  if (depth > 64) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    visit(c);
    walk_elements(c, depth + 1, visit);
  }
}

// The link an Atom entry points readers at: rel="alternate" (or no rel), HTML before anything else;
// resolved against its xml:base.
std::string atom_link(const pugi::xml_node& entry, const std::string& document_url) {
  pugi::xml_node best;
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || local(c.name()) != "link" || !same_namespace(c, entry)) continue;
    std::string rel = ascii_lower(trim(c.attribute("rel").value()));
    if (!rel.empty() && rel != "alternate") continue;
    std::string type = ascii_lower(c.attribute("type").value());
    if (type.empty() || type.find("html") != std::string::npos) {
      best = c;
      break;
    }
    if (!best) best = c;
  }
  if (!best) return "";
  std::string href = best.attribute("href") ? best.attribute("href").value() : node_text(best);
  return resolve_url(base_of(best, document_url), trim(href)).value_or(href);
}

// An RSS item's link: <link>, else a permalink <guid>, else RDF's rdf:about; as written, and the
// base it is relative to.
std::pair<std::string, pugi::xml_node> rss_link(const pugi::xml_node& item) {
  if (pugi::xml_node link = own_child(item, "link"); link && !trim(node_text(link)).empty())
    return {node_text(link), link};
  if (pugi::xml_node guid = own_child(item, "guid"))
    if (ascii_lower(trim(guid.attribute("isPermaLink").value())) != "false" && !trim(node_text(guid)).empty())
      return {node_text(guid), guid};
  return {item.attribute("rdf:about").value(), item};
}

// The title in the item's own namespace, else one in another (<dc:title>, <media:title>).
std::string item_title(const pugi::xml_node& item) {
  pugi::xml_node title = own_child(item, "title");
  return title_of(title ? title : child(item, "title"));
}

// Where a parse error left the element it was inside: is the element's end tag in the text before the
// error? pugixml keeps the tree up to the error, so the element may have been cut off, or may be whole
// with the damage after it (a stray end tag, "</rss" cut short, an unterminated trailing comment).
bool closed_before(std::string_view text, const pugi::xml_node& element, std::ptrdiff_t error_offset) {
  // Search after the element's last text, so that an end tag quoted in a CDATA section is not taken.
  pugi::xml_node last = element;
  while (last.last_child()) last = last.last_child();
  std::ptrdiff_t from = last.offset_debug();
  if (from < 0 || from > error_offset) return false;
  if (last.type() == pugi::node_cdata || last.type() == pugi::node_pcdata) from += std::strlen(last.value());
  std::string end_tag = "</" + std::string(element.name());
  std::string_view region = text.substr(0, static_cast<std::size_t>(error_offset));
  for (std::size_t at = region.find(end_tag, static_cast<std::size_t>(from)); at != std::string_view::npos;
       at = region.find(end_tag, at + 1)) {
    std::size_t k = at + end_tag.size();
    while (k < region.size() && std::isspace(static_cast<unsigned char>(region[k]))) ++k;
    if (k < region.size() && region[k] == '>') return true;
  }
  return false;
}

struct XmlReading {
  pugi::xml_node last_item;    // the last item, entry or url element met
  bool last_item_added = false;  // and whether it gave the last of doc.items
};

XmlReading read_xml(const pugi::xml_node& root, SourceDocument& doc, Collector& add, const std::string& document_url) {
  XmlReading reading;
  std::string kind = local(root.name());
  if (kind == "rss" || kind == "channel") {
    doc.kind = "rss";
  } else if (kind == "rdf") {
    doc.kind = "rdf";
  } else if (kind == "feed") {
    doc.kind = "atom";
  } else if (kind == "urlset") {
    doc.kind = "sitemap";
  } else if (kind == "sitemapindex") {
    doc.kind = "sitemap-index";
  } else {
    return reading;
  }
  walk_elements(root, 0, [&](const pugi::xml_node& n) {
    std::string name = local(n.name());
    bool added = false;
    if ((doc.kind == "rss" || doc.kind == "rdf") && name == "item") {
      auto [link, where] = rss_link(n);
      added = add.add_relative_to(base_of(where, document_url), link, item_title(n),
                                  item_date(n, {"updated", "modified", "date", "pubdate"}));
    } else if (doc.kind == "atom" && name == "entry") {
      added = add.add(atom_link(n, document_url), item_title(n), item_date(n, {"updated", "published"}));
    } else if (doc.kind == "sitemap" && name == "url") {
      pugi::xml_node news = child(n, "news");
      std::optional<Seconds> updated = item_date(n, {"lastmod"});
      if (!updated && news) updated = item_date(news, {"publication_date"});
      added = add.add_relative_to(base_of(n, document_url), node_text(own_child(n, "loc")),
                                  news ? title_of(child(news, "title")) : "", updated);
    } else {
      return;
    }
    reading.last_item = n;
    reading.last_item_added = added;
  });
  return reading;
}

// Section pages: every link outside the page's furniture (navigation, header, footer, asides).
void read_links(const GumboNode* node, Collector& add, int depth) {
  if (depth > kMaxDepth || !is_element(node)) return;
  GumboTag t = tag_of(node);
  if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_ASIDE ||
      t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || is_hidden(node))
    return;
  if (t == GUMBO_TAG_A) {
    std::string_view href = attribute(node, "href");
    if (!href.empty()) {
      std::string title = normalize_text(text_content(node));
      add.add(href, title, std::nullopt, true);
    }
  }
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i)
    read_links(static_cast<const GumboNode*>(kids.data[i]), add, depth + 1);
}

bool looks_like_html(std::string_view head) {
  std::string h = ascii_lower(head.substr(0, 1024));
  return h.find("<!doctype html") != std::string::npos || h.find("<html") != std::string::npos ||
         h.find("<head") != std::string::npos || h.find("<body") != std::string::npos;
}

// What a document opens with, past white space, an XML declaration, processing instructions,
// comments and a DOCTYPE: the root element's lower-cased name ("rss", "rdf:rdf", "feed"), "html" for
// a DOCTYPE that names html, "" when text comes first. The root, not a search of the first bytes,
// decides: a feed's CDATA may well hold "<body>".
std::string root_name(std::string_view t) {
  std::size_t i = 0;
  auto skip_to = [&](std::string_view end) { i = t.find(end, i); i = i == std::string_view::npos ? t.size() : i + end.size(); };
  for (int guard = 0; guard < 1000; ++guard) {
    while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
    std::string_view rest = t.substr(i);
    if (rest.starts_with("\xEF\xBB\xBF")) {
      i += 3;
    } else if (rest.starts_with("<?")) {
      skip_to("?>");
    } else if (rest.starts_with("<!--")) {
      skip_to("-->");
    } else if (rest.size() >= 9 && ascii_lower(rest.substr(0, 9)) == "<!doctype") {
      std::size_t k = i + 9;
      while (k < t.size() && std::isspace(static_cast<unsigned char>(t[k]))) ++k;
      std::size_t name = k;
      while (k < t.size() && !std::isspace(static_cast<unsigned char>(t[k])) && t[k] != '>' && t[k] != '[') ++k;
      if (ascii_lower(t.substr(name, k - name)) == "html") return "html";
      std::size_t subset = t.find('[', k), close = t.find('>', k);
      i = k;
      skip_to(subset < close ? "]" : ">");
      if (subset < close) skip_to(">");
    } else if (rest.size() >= 2 && rest[0] == '<' && (std::isalpha(static_cast<unsigned char>(rest[1])) || rest[1] == '_')) {
      std::size_t k = 1;
      while (k < rest.size() && !std::isspace(static_cast<unsigned char>(rest[k])) && rest[k] != '>' && rest[k] != '/') ++k;
      return ascii_lower(rest.substr(1, k - 1));
    } else {
      return "";
    }
  }
  return "";
}

bool is_html_root(std::string_view root) { return root == "html" || root == "head" || root == "body"; }

}  // namespace

bool looks_like_article_path(std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string_view last = path.substr(path.rfind('/') + 1);
  if (auto dot = last.rfind('.'); dot != std::string_view::npos) last = last.substr(0, dot);  // story.html
  int words = 1, run = 0, longest_digits = 0;
  for (char c : last) {
    if (c == '-' || c == '_') ++words;
    run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    longest_digits = std::max(longest_digits, run);
  }
  return (words >= 3 && last.size() >= 12) || longest_digits >= 5;
}

SourceDocument read_source(std::string_view body, std::string_view content_type, const std::string& base_url) {
  SourceDocument doc;
  std::string_view start = trim(body);
  if (start.starts_with("\xEF\xBB\xBF")) start = trim(start.substr(3));
  if (start.empty()) throw Error("not a source", base_url, "the response is empty");

  // Text first, by XML's rules: a byte order mark, UTF-16/32 by their layout, the declaration.
  std::string text = xml_to_utf8(body, content_type);
  std::string_view t = trim(text);
  if (t.starts_with("\xEF\xBB\xBF")) t = trim(t.substr(3));

  Collector add(doc, base_url);
  std::string root = root_name(t);
  if (!root.empty() && !is_html_root(root)) {
    pugi::xml_document xml;
    pugi::xml_parse_result parsed = xml.load_buffer(t.data(), t.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
      doc.warning = std::string("XML error at byte ") + std::to_string(parsed.offset) + " (" + parsed.description() +
                    "); what came before it was read";
    XmlReading reading = read_xml(xml.document_element(), doc, add, base_url);
    // The last item may have been cut off by the damage; one the damage came after is whole.
    if (!parsed && reading.last_item_added && !closed_before(t, reading.last_item, parsed.offset)) doc.items.pop_back();
    if (doc.kind == "sitemap-index") {
      walk_elements(xml.document_element(), 0, [&](const pugi::xml_node& n) {
        if (local(n.name()) != "sitemap") return;
        if (auto url = resolve_url(base_of(n, base_url), trim(node_text(own_child(n, "loc")))))
          doc.sitemaps.push_back(*url);
        else
          ++doc.ignored_links;
      });
    }
    if (!doc.kind.empty()) return doc;
    if (!looks_like_html(t))
      throw Error("not a source", base_url,
                  parsed ? "XML, but not RSS, Atom or a sitemap (root <" + std::string(xml.document_element().name()) + ">)"
                         : "not a feed, sitemap or HTML page (" + doc.warning + ")");
    doc.warning.clear();
  }

  if (!is_html_root(root) && !looks_like_html(t) && !t.starts_with("<")) {  // a text sitemap: one URL per line
    doc.kind = "text";
    std::size_t pos = 0;
    while (pos < t.size()) {
      std::size_t end = t.find('\n', pos);
      std::string_view line = trim(t.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
      if (!line.empty()) add.add(line, "", std::nullopt);
      if (end == std::string_view::npos) break;
      pos = end + 1;
    }
    if (doc.items.empty()) throw Error("not a source", base_url, "not a feed, sitemap or HTML page");
    return doc;
  }

  doc.kind = "html";
  HtmlDocument page(t, base_url);
  if (const GumboNode* body_node = find_first(page.root(), GUMBO_TAG_BODY)) read_links(body_node, add, 0);
  for (SourceItem& item : doc.items) item.article_like = looks_like_article_path(parse_http_url(item.url).path);
  return doc;
}

}  // namespace diffwire
