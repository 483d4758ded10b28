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

// What a feed covers: every article, one article, or the articles one source found; with a class,
// only changes of that class.
struct FeedScope {
  std::optional<ArticleRecord> article;
  std::optional<SourceRecord> source;
  std::string change_class;
};

// The channel of a feed of `items` (newest first) over `scope`: its title and link say what it
// covers, and it is dated by its newest item — the same feed is then the same bytes whoever writes
// it, when, and on which engine. Only a feed with no item yet is dated `when_empty`. Every feed
// diffwire writes (`feed`, the report's, `serve`'s) has its channel from here.
FeedChannel feed_channel(const FeedScope& scope, const std::vector<FeedItem>& items, Seconds when_empty);

// The items of a feed from the store: the newest changes of one article, or of the articles one
// source found, or of all; with a class, only that class. A revert is left out unless the class asks
// for reverts.
std::vector<FeedItem> feed_items(Store& store, const FeedScope& scope, int limit);

std::string render_rss(const FeedChannel& channel, const std::vector<FeedItem>& items);
// Atom: channel.link also names the feed (its id is derived from it); entries carry the guid as id.
std::string render_atom(const FeedChannel& channel, const std::vector<FeedItem>& items);

}  // namespace diffwire
