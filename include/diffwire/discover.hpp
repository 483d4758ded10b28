// Sources: what a publisher's feed, news sitemap or section page says its articles are. RSS 2.0,
// RSS 1.0 (RDF), Atom, sitemaps (urlset, with <news:news>) and sitemap indexes are read with a real
// XML parser (pugixml), tolerantly and as their specs say: the charset by XML's rules (xml_to_utf8);
// the document's root element, not a search of its first bytes, tells a feed from an HTML page; an
// item's title and link are the children in its own namespace (not <media:title>, not <atom:link>),
// links resolved against xml:base; a title is text, escaped HTML or XHTML as Atom's type says (RSS:
// HTML only when it holds an end tag or an entity, as feedparser decides); undeclared entities are
// left alone; an XML error keeps what was read before it, and the last item too when the damage
// came after its end tag. Anything else that is HTML is a section page, whose links are the
// candidates; a plain list of URLs is a text sitemap.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diffwire/timefmt.hpp"

namespace diffwire {

struct SourceItem {
  std::string url;                 // absolute, canonical
  std::string title;               // may be empty
  std::optional<Seconds> updated;  // the item's own updated / lastmod / published time, when given
  bool article_like = true;        // section pages: the link's path looks like an article's
};

struct SourceDocument {
  std::string kind;  // rss, rdf, atom, sitemap, sitemap-index, text, html
  std::vector<SourceItem> items;      // in document order, each URL once
  std::vector<std::string> sitemaps;  // a sitemap index's children
  std::size_t ignored_links = 0;      // not http(s), or not URLs at all
  std::string warning;                // damage that was read around ("" when none)
};

inline constexpr std::size_t kMaxSourceItems = 50'000;  // the sitemap protocol's own limit

// Throws Error ("not a source", base_url, why) for an empty body or one that is none of these.
SourceDocument read_source(std::string_view body, std::string_view content_type, const std::string& base_url);

// Does this path look like one article rather than a section, tag or index page? A slug of several
// words ("kestrel-bridge-closed") or a long number (an id) in the last segment.
bool looks_like_article_path(std::string_view path);

}  // namespace diffwire
