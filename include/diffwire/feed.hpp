// RSS 2.0 and Atom (RFC 4287) output: one item per new version, the diff itself inside as escaped
// HTML, so a reader sees what changed without leaving the feed reader; the change classes are the
// item's categories.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diffwire/store.hpp"
#include "diffwire/timefmt.hpp"

namespace diffwire {

struct FeedItem {
  std::string title, link, guid;  // guid: stable, never reused (article URL + version number)
  std::string description_html;  // escaped on output
  Seconds date = 0;
  std::vector<std::string> categories;  // the change classes
};

struct FeedChannel {
  std::string title, link, description;
  Seconds built = 0;
};

// The items of a feed from the store: the newest changes of one article, or of the articles one
// source found, or of all; with a class, only that class. A revert is left out unless the class asks
// for reverts.
std::vector<FeedItem> feed_items(Store& store, std::optional<std::int64_t> article_id,
                                 std::optional<std::int64_t> source_id, const std::string& change_class, int limit);

std::string render_rss(const FeedChannel& channel, const std::vector<FeedItem>& items);
// Atom: channel.link also names the feed (its id is derived from it); entries carry the guid as id.
std::string render_atom(const FeedChannel& channel, const std::vector<FeedItem>& items);
// Removes characters XML 1.0 does not allow (C0 controls but tab/LF/CR, U+FFFE/U+FFFF).
std::string xml_safe(const std::string& utf8);
std::string xml_escape(const std::string& text);

}  // namespace diffwire
