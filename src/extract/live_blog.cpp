// The live-blog layer (live_blog.hpp): posts from JSON-LD first (publishers' own account of their
// updates), else from the DOM's timed children. Relative times ("5 minutes ago") are never used as a
// post's time: they change on every fetch and would make every check a new version.
#include "extract/live_blog.hpp"

#include <cctype>

#include "diffwire/normalize.hpp"
#include "extract/blocks.hpp"
#include "extract/html.hpp"

namespace diffwire {

namespace {

constexpr std::size_t kMinPostText = 40;
constexpr int kMinPosts = 3;

// "live" in the class or id. `strictly`: the word live itself, not "timeline" or "live-" inside
// another name ("deliver-", "olive_"), which is enough for timed posts but not for posts that only
// have headlines: a "timeline" of headed teasers is a sidebar.
bool says_live(const GumboNode* node, bool strictly = false) {
  std::string hints = class_and_id(node);
  if (has_token(hints, {"live", "liveblog", "livefeed"})) return true;
  return !strictly && (has_token(hints, {"timeline"}) || hints.find("live-") != std::string::npos ||
                       hints.find("live_") != std::string::npos);
}

const GumboNode* first_time(const GumboNode* node, int depth) {
  if (depth > 8 || !is_element(node)) return nullptr;
  if (has_tag(node, GUMBO_TAG_TIME)) return node;
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i)
    if (const GumboNode* t = first_time(static_cast<const GumboNode*>(kids.data[i]), depth + 1)) return t;
  return nullptr;
}

const GumboNode* first_heading(const GumboNode* node, int depth) {
  if (depth > 8 || !is_element(node)) return nullptr;
  GumboTag t = tag_of(node);
  if (depth > 0 && (t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4)) return node;
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i)
    if (const GumboNode* h = first_heading(static_cast<const GumboNode*>(kids.data[i]), depth + 1)) return h;
  return nullptr;
}

// A post's time as the page states it: the datetime attribute, or the text unless it is relative.
std::string post_time(const GumboNode* time) {
  std::string when = normalize_text(attribute(time, "datetime"));
  if (!when.empty()) return when;
  when = normalize_text(text_content(time));
  return is_timestamp_line(when) || ascii_lower(when).ends_with("ago") ? "" : when;
}

// Children that read as posts: a time (or, when `headed` allows, a headline) of their own, and
// some text.
int post_children(const GumboNode* node, bool headed) {
  int n = 0;
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i) {
    auto kid = static_cast<const GumboNode*>(kids.data[i]);
    if (is_element(kid) && (first_time(kid, 0) || (headed && first_heading(kid, 0))) &&
        normalize_text(text_content(kid)).size() >= kMinPostText)
      ++n;
  }
  return n;
}

void find_container(const GumboNode* node, bool live_page, bool inside_live, int depth, const GumboNode*& best,
                    int& best_posts) {
  if (depth > kMaxDepth || !is_element(node)) return;
  if (is_furniture_tag(tag_of(node)) || is_hidden(node)) return;
  bool live = inside_live || says_live(node);
  if (live_page || live) {
    // Posts with only a headline count in a container that itself says live, or on a live page.
    int posts = post_children(node, live_page || says_live(node, true));
    if (posts >= kMinPosts && posts > best_posts) {
      best = node;
      best_posts = posts;
    }
  }
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i)
    find_container(static_cast<const GumboNode*>(kids.data[i]), live_page, live, depth + 1, best, best_posts);
}

std::vector<std::string> text_blocks(const std::string& body) {
  if (body.find('<') != std::string::npos) {
    HtmlDocument fragment(body);
    if (const GumboNode* b = find_first(fragment.root(), GUMBO_TAG_BODY)) return block_texts(b);
  }
  return text_lines(body);
}

}  // namespace

std::string live_post_header(const std::string& time, const std::string& headline) {
  std::string h = "Post";
  if (!time.empty()) h += " at " + time;
  if (!headline.empty()) h += ": " + headline;
  return h;
}

bool is_live_post_header(const std::string& paragraph) { return paragraph == "Post" || paragraph.starts_with("Post at ") || paragraph.starts_with("Post: "); }

std::optional<std::vector<std::string>> extract_live_posts(const PageMetadata& meta, const GumboNode* body,
                                                           Explanation* explain) {
  auto note = [&](std::string s) {
    if (explain) explain->notes.push_back(std::move(s));
  };
  bool live_page = meta.ld_type == "LiveBlogPosting";
  if (live_page && !meta.live_posts.empty()) {
    std::vector<std::string> out;
    for (const LivePost& p : meta.live_posts) {
      out.push_back(normalize_text(live_post_header(p.time, normalize_text(p.headline))));
      std::vector<std::string> blocks = text_blocks(p.body);
      out.insert(out.end(), blocks.begin(), blocks.end());
    }
    note("live blog: JSON-LD LiveBlogPosting with " + std::to_string(meta.live_posts.size()) + " update(s)");
    return out;
  }
  const GumboNode* container = nullptr;
  int posts = 0;
  find_container(body, live_page, false, 0, container, posts);
  if (!container) {
    if (live_page) note("live blog: LiveBlogPosting, but no container of posts; using the article layers");
    return std::nullopt;
  }
  std::vector<std::string> out;
  const GumboVector& kids = children_of(container);
  for (unsigned i = 0; i < kids.length; ++i) {
    auto kid = static_cast<const GumboNode*>(kids.data[i]);
    if (!is_element(kid) || is_hidden(kid) || is_furniture_tag(tag_of(kid))) continue;
    const GumboNode* time = first_time(kid, 0);
    const GumboNode* heading = first_heading(kid, 0);
    // A post's own furniture ("Share", an ad slot) goes too; a link inside its text stays.
    std::vector<std::string> blocks = block_texts(kid, [&](const GumboNode* n) {
      return n == time || n == heading ||
             ((is_block(tag_of(n)) || n->parent == kid) && has_furniture_hints(n));
    });
    if (!time && blocks.empty()) continue;
    std::string headline = heading ? normalize_text(text_content(heading)) : "";
    out.push_back(normalize_text(live_post_header(time ? post_time(time) : "", headline)));
    out.insert(out.end(), blocks.begin(), blocks.end());
  }
  note("live blog: " + std::to_string(posts) + " post(s) in <" + gumbo_normalized_tagname(tag_of(container)) +
       (attribute(container, "class").empty() ? "" : " class=\"" + std::string(attribute(container, "class")) + "\"") + ">");
  return out;
}

}  // namespace diffwire
