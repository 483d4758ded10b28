// The RSS 2.0 writer. Written by hand rather than through a DOM: the format is small, and writing it
// directly keeps the two rules that matter in one place — everything is escaped, and characters XML
// 1.0 forbids are removed (a stray C0 control from a page would otherwise break every reader).
#include "diffwire/feed.hpp"

#include <algorithm>

#include "diffwire/charset.hpp"
#include "diffwire/render.hpp"

namespace diffwire {

std::string xml_safe(const std::string& utf8) {
  std::string s = sanitize_utf8(utf8);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      i += 2;  // U+FFFE, U+FFFF
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string xml_escape(const std::string& text) {
  return html_escape(xml_safe(text));  // HTML's five escapes are XML's too (&#39; is valid XML)
}

std::vector<FeedItem> feed_items(Store& store, std::optional<std::int64_t> article_id,
                                 std::optional<std::int64_t> source_id, const std::string& change_class, int limit) {
  std::vector<FeedItem> items;
  for (const VersionRef& ref : store.feed_versions(article_id, source_id, change_class, limit)) {
    auto to = store.version(ref.article_id, ref.number), from = store.version(ref.article_id, ref.number - 1);
    if (!to || !from) continue;
    // A return to an earlier text is kept as evidence (see log) but is not news for a feed.
    if (to->reverted_to > 0 && change_class != "reverted") continue;
    VersionDiff d = make_version_diff(ref.url, *from, *to);
    FeedItem item;
    item.title = (d.title.op == OpKind::equal ? "Changed: " + d.to_title
                                              : "Headline changed: " + d.from_title + " → " + d.to_title) +
                 " (version " + std::to_string(ref.number) + ")";
    item.link = ref.url;
    item.guid = ref.url + "#diffwire-version-" + std::to_string(ref.number);
    item.date = to->fetched_at;
    item.description_html = render_diff_html(d);
    item.categories = to->classes;
    items.push_back(std::move(item));
  }
  return items;
}

std::string render_rss(const FeedChannel& channel, const std::vector<FeedItem>& items) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\">\n<channel>\n"
      "<title>" + xml_escape(channel.title) + "</title>\n"
      "<link>" + xml_escape(channel.link) + "</link>\n"
      "<description>" + xml_escape(channel.description) + "</description>\n"
      "<lastBuildDate>" + format_rfc822(channel.built) + "</lastBuildDate>\n"
      "<generator>diffwire/" DIFFWIRE_VERSION "</generator>\n";
  for (const FeedItem& item : items) {
    out += "<item>\n<title>" + xml_escape(item.title) + "</title>\n"
           "<link>" + xml_escape(item.link) + "</link>\n"
           "<guid isPermaLink=\"false\">" + xml_escape(item.guid) + "</guid>\n"
           "<pubDate>" + format_rfc822(item.date) + "</pubDate>\n";
    for (const std::string& c : item.categories) out += "<category>" + xml_escape(c) + "</category>\n";
    out += "<description>" + xml_escape(item.description_html) + "</description>\n</item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string render_atom(const FeedChannel& channel, const std::vector<FeedItem>& items) {
  Seconds updated = channel.built;
  for (const FeedItem& item : items) updated = std::max(updated, item.date);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "<title>" + xml_escape(channel.title) + "</title>\n"
      "<subtitle>" + xml_escape(channel.description) + "</subtitle>\n"
      "<id>" + xml_escape(channel.link) + "#diffwire-feed</id>\n"
      "<link href=\"" + xml_escape(channel.link) + "\"/>\n"
      "<updated>" + format_iso8601(updated) + "</updated>\n"
      "<author><name>diffwire</name></author>\n"
      "<generator>diffwire " DIFFWIRE_VERSION "</generator>\n";
  for (const FeedItem& item : items) {
    out += "<entry>\n<title>" + xml_escape(item.title) + "</title>\n"
           "<id>" + xml_escape(item.guid) + "</id>\n"
           "<link href=\"" + xml_escape(item.link) + "\"/>\n"
           "<updated>" + format_iso8601(item.date) + "</updated>\n";
    for (const std::string& c : item.categories) out += "<category term=\"" + xml_escape(c) + "\"/>\n";
    out += "<content type=\"html\">" + xml_escape(item.description_html) + "</content>\n</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace diffwire
