// Feeds and sitemaps are small XML documents written by many different systems, several of them
// broken in the same few ways; section pages are ordinary HTML. Both end as a list of article URLs.
#include "diffwire/discover.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

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

// All text below node: feeds put HTML in titles both as markup and escaped.
std::string node_text(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) out += n.value();
    else if (n.type() == pugi::node_element) out += node_text(n);
  }
  return out;
}

std::string plain_title(std::string text) {
  if (text.find('<') != std::string::npos || text.find('&') != std::string::npos) {
    HtmlDocument doc(text);
    text = text_content(doc.root());
  }
  return normalize_text(text);
}

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

class Collector {
 public:
  Collector(SourceDocument& doc, const std::string& base) : doc_(doc), base_(base) {}
  void add(std::string_view href, std::string title, std::optional<Seconds> updated, bool article_like = true) {
    std::optional<std::string> url = resolve_url(base_, href);
    if (!url) {
      ++doc_.ignored_links;
      return;
    }
    if (doc_.items.size() >= kMaxSourceItems || !seen_.insert(*url).second) return;
    doc_.items.push_back({*url, std::move(title), updated, article_like});
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

// The URL an Atom entry points readers at: rel="alternate" (or no rel), HTML before anything else.
std::string atom_link(const pugi::xml_node& entry) {
  std::string any;
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || local(c.name()) != "link") continue;
    std::string rel = ascii_lower(c.attribute("rel").value());
    std::string href = c.attribute("href").value();
    if (href.empty()) href = node_text(c);
    if (rel.empty() || rel == "alternate") {
      std::string type = ascii_lower(c.attribute("type").value());
      if (type.empty() || type.find("html") != std::string::npos) return href;
      if (any.empty()) any = href;
    }
  }
  return any;
}

void read_xml(const pugi::xml_node& root, SourceDocument& doc, Collector& add) {
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
    return;
  }
  walk_elements(root, 0, [&](const pugi::xml_node& n) {
    std::string name = local(n.name());
    if ((doc.kind == "rss" || doc.kind == "rdf") && name == "item") {
      std::string link = node_text(child(n, "link"));
      if (trim(link).empty()) {  // a permalink guid stands in for a missing link
        pugi::xml_node guid = child(n, "guid");
        if (guid && ascii_lower(guid.attribute("isPermaLink").value()) != "false") link = node_text(guid);
      }
      if (trim(link).empty() && n.attribute("rdf:about")) link = n.attribute("rdf:about").value();
      add.add(link, plain_title(node_text(child(n, "title"))), item_date(n, {"updated", "modified", "date", "pubdate"}));
    } else if (doc.kind == "atom" && name == "entry") {
      add.add(atom_link(n), plain_title(node_text(child(n, "title"))), item_date(n, {"updated", "published"}));
    } else if (doc.kind == "sitemap" && name == "url") {
      pugi::xml_node news = child(n, "news");
      std::optional<Seconds> updated = item_date(n, {"lastmod"});
      if (!updated && news) updated = item_date(news, {"publication_date"});
      add.add(node_text(child(n, "loc")), news ? plain_title(node_text(child(news, "title"))) : "", updated);
    }
  });
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

std::string xml_declared_encoding(std::string_view text) {
  if (!text.starts_with("<?xml")) return "";
  std::string decl = ascii_lower(text.substr(0, text.find("?>")));
  auto at = decl.find("encoding");
  if (at == std::string::npos) return "";
  auto q = decl.find_first_of("\"'", at);
  if (q == std::string::npos) return "";
  auto end = decl.find(decl[q], q + 1);
  return end == std::string::npos ? "" : decl.substr(q + 1, end - q - 1);
}

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

  // Text first, whatever the bytes: the XML declaration names the charset as a header would.
  bool utf16 = body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF");
  std::string declared = utf16 ? "" : xml_declared_encoding(start);
  std::string charset = sniff_charset(body, declared.empty() ? content_type : "text/xml; charset=" + declared);
  // Feeds that say UTF-8 and are not are common enough to read as windows-1252 rather than as U+FFFD.
  if (charset == "utf-8" && sanitize_utf8(body) != body) charset = "windows-1252";
  std::string text = decode_to_utf8(body, charset);
  std::string_view t = trim(text);
  if (t.starts_with("\xEF\xBB\xBF")) t = trim(t.substr(3));

  Collector add(doc, base_url);
  bool xml_like = t.starts_with("<?xml") || t.starts_with("<rss") || t.starts_with("<feed") ||
                  t.starts_with("<rdf:") || t.starts_with("<urlset") || t.starts_with("<sitemapindex");
  if (xml_like || (!looks_like_html(t) && t.starts_with("<"))) {
    pugi::xml_document xml;
    pugi::xml_parse_result parsed = xml.load_buffer(t.data(), t.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
      doc.warning = std::string("XML error at byte ") + std::to_string(parsed.offset) + " (" + parsed.description() +
                    "); what came before it was read";
    read_xml(xml.document_element(), doc, add);
    // pugixml keeps the tree up to the error, so the last item is the one it was inside: maybe cut off.
    if (!parsed && !doc.items.empty()) doc.items.pop_back();
    if (doc.kind == "sitemap-index") {
      walk_elements(xml.document_element(), 0, [&](const pugi::xml_node& n) {
        if (local(n.name()) != "sitemap") return;
        if (auto url = resolve_url(base_url, node_text(child(n, "loc"))))
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

  if (!looks_like_html(t) && !t.starts_with("<")) {  // a text sitemap: one URL per line
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
