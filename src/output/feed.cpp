// The feeds: their channel, their items from the store, and the RSS 2.0 and Atom writers. Written by
// hand rather than through a DOM: the formats are small, and every piece of text goes through
// xml_escape (escape.hpp), which also drops what XML 1.0 forbids.
#include "diffwire/feed.hpp"

#include <algorithm>

#include "diffwire/diff_writers.hpp"
#include "diffwire/escape.hpp"

namespace diffwire {

FeedChannel feed_channel(const FeedScope& scope, const std::vector<FeedItem>& items, Seconds when_empty) {
  // The link also names an Atom feed (its id): for the whole store it must not follow the newest item.
  FeedChannel channel{"diffwire: changes to tracked articles", "http://localhost/",
                      "Every new version of the articles diffwire tracks, with what changed.", when_empty};
  if (scope.article) {
    channel.title = "diffwire: changes to " + (scope.article->title.empty() ? scope.article->url : scope.article->title);
    channel.link = scope.article->url;
  }
  if (scope.source) {
    channel.title = "diffwire: changes to articles from " + scope.source->name;
    channel.link = scope.source->url;
  }
  if (!scope.change_class.empty()) channel.title += " (" + scope.change_class + ")";
  if (!items.empty()) {
    channel.built = items.front().date;
    for (const FeedItem& item : items) channel.built = std::max(channel.built, item.date);
  }
  return channel;
}

std::vector<FeedItem> feed_items(Store& store, const FeedScope& scope, int limit) {
  const std::string& change_class = scope.change_class;
  std::vector<FeedItem> items;
  for (const VersionRef& ref : store.feed_versions(scope.article ? std::optional(scope.article->id) : std::nullopt,
                                                   scope.source ? std::optional(scope.source->id) : std::nullopt,
                                                   change_class, limit)) {
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
    item.categories = d.classes;
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
