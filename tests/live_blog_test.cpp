// Live pages are built from ../shared/seeds/000_* (a capture of a BBC live page), read in place:
// each "Post published at HH:MM ..." entry becomes a timed post.
#include "extract/live_blog.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "diffwire/diff.hpp"
#include "diffwire/extract.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {

struct SeedPost {
  std::string time;
  std::vector<std::string> paragraphs;
};

std::string seed_path(const std::string& prefix) {
  for (const auto& e : std::filesystem::directory_iterator(testing::shared_dir() + "/seeds"))
    if (e.path().filename().string().starts_with(prefix)) return e.path().string();
  return "";
}

// "  1. Postpublished at 13:04 Greenwich Mean Time 21 November 2014" starts a post; the indented
// lines after it are its paragraphs.
std::vector<SeedPost> seed_posts(const std::string& prefix) {
  std::istringstream in(testing::read_text(seed_path(prefix)));
  std::vector<SeedPost> posts;
  for (std::string line; std::getline(in, line);) {
    auto at = line.find("published at ");
    if (at != std::string::npos && line.find("Post") != std::string::npos) {
      posts.push_back({line.substr(at + 13, 5), {}});
      continue;
    }
    std::string text = line;
    text.erase(0, text.find_first_not_of(' '));
    if (!posts.empty() && !text.empty() && line.starts_with("    ")) posts.back().paragraphs.push_back(text);
  }
  return posts;
}

std::string live_page(const std::vector<SeedPost>& posts, const std::string& relative_time) {
  std::string html = "<html><head><title>Live: by-election result | News</title></head><body>"
                     "<nav><a href=/>Home</a></nav><h1>By-election: live</h1><ol class=\"lx-stream live-posts\">";
  for (const auto& p : posts) {
    html += "<li><article><header><time datetime=\"2014-11-21T" + p.time + ":00Z\">" + relative_time +
            "</time></header>";
    for (const auto& para : p.paragraphs) html += "<p>" + para + "</p>";
    html += "</article></li>";
  }
  return html + "</ol><aside class=most-read><p>Most read</p></aside></body></html>";
}

// What a live-blog diff did to posts: every changed paragraph must be one marked "(updated)".
struct UnitChanges {
  int inserted_posts = 0, deleted_posts = 0, changed = 0;
};
UnitChanges unit_changes(const std::vector<ParagraphOp>& ops) {
  UnitChanges c;
  for (const auto& op : ops) {
    if (op.op == OpKind::insert && is_live_post_header(op.new_text)) ++c.inserted_posts;
    if (op.op == OpKind::del && is_live_post_header(op.old_text)) ++c.deleted_posts;
    if (op.op == OpKind::replace) {
      ++c.changed;
      CHECK(op.new_text.ends_with("(updated)"));
    }
  }
  return c;
}

// ../shared/seeds/003_* is a live page whose posts have headlines but no times: a headline is a short
// line that does not end a sentence; the lines after it, up to the next headline, are its post.
struct HeadedPost {
  std::string headline;
  std::vector<std::string> paragraphs;
};
std::vector<HeadedPost> headed_posts(const std::string& prefix) {
  std::istringstream in(testing::read_text(seed_path(prefix)));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::vector<HeadedPost> posts;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {  // the first and last lines are page furniture
    const std::string& l = lines[i];
    bool headline = l.size() < 90 && l.find("Credit:") == std::string::npos && !l.starts_with("\xE2\x80\x93") &&
                    std::string(".:\"").find(l.back()) == std::string::npos && !l.ends_with("\xE2\x80\x9D");
    if (headline) posts.push_back({l, {}});
    else if (!posts.empty()) posts.back().paragraphs.push_back(l);
  }
  return posts;
}

std::string headed_live_page(const std::vector<HeadedPost>& posts) {
  std::string html = "<html><head><title>Live updates | News</title></head><body><nav><a href=/>Home</a></nav>"
                     "<h1>Live updates</h1><div class=\"live-updates\">";
  for (const auto& p : posts) {
    html += "<div class=\"update\"><h3>" + p.headline + "</h3>";
    for (const auto& para : p.paragraphs) html += "<p>" + para + "</p>";
    html += "<a class=share href=#>Share</a></div>";
  }
  return html + "</div><a href=/more>Load more updates</a></body></html>";
}

}  // namespace

TEST_CASE("a live page without times (seeds/003): each post a unit headed by its headline") {
  std::vector<HeadedPost> posts = headed_posts("003_");
  REQUIRE(posts.size() >= 8);
  Article a = extract_article(headed_live_page(posts));
  CHECK(a.method == std::string("live-blog@") + kExtractorVersion);
  std::vector<std::string> expected;
  for (const auto& p : posts) {
    expected.push_back("Post: " + p.headline);
    expected.insert(expected.end(), p.paragraphs.begin(), p.paragraphs.end());
  }
  CHECK(a.paragraphs == expected);

  // A new post on top, an edit inside an older one, a post taken down.
  std::vector<HeadedPost> before(posts.begin() + 1, posts.end());
  std::vector<HeadedPost> after = posts;
  after[4].paragraphs.back() += " (updated)";
  after.erase(after.begin() + 6);
  UnitChanges c = unit_changes(diff_paragraphs(extract_article(headed_live_page(before)).paragraphs,
                                               extract_article(headed_live_page(after)).paragraphs));
  CHECK(c.inserted_posts == 1);
  CHECK(c.deleted_posts == 1);
  CHECK(c.changed == 1);
}

TEST_CASE("a live page from the seeds: each post a unit headed by its own time, in page order") {
  std::vector<SeedPost> later = seed_posts("000_");
  REQUIRE(later.size() >= 5);
  Article a = extract_article(live_page(later, "2 minutes ago"));
  CHECK(a.method == std::string("live-blog@") + kExtractorVersion);
  REQUIRE(!a.paragraphs.empty());
  CHECK(a.paragraphs.front() == "Post at 2014-11-21T" + later.front().time + ":00Z");
  int headers = 0;
  for (const auto& p : a.paragraphs) headers += is_live_post_header(p) ? 1 : 0;
  CHECK(headers == static_cast<int>(later.size()));
  // The relative time shown on the page never reaches the text: a re-render an hour later is equal.
  CHECK(extract_article(live_page(later, "1 hour ago")).paragraphs == a.paragraphs);
}

TEST_CASE("live blog diff: new posts are inserted units, an edited post changes inside its unit, a deleted one is removed") {
  std::vector<SeedPost> posts = seed_posts("000_");
  REQUIRE(posts.size() >= 6);
  std::vector<SeedPost> before(posts.begin() + 2, posts.end());  // the two newest posts not yet written
  std::vector<SeedPost> after = posts;
  after[3].paragraphs.front() += " (updated)";                   // an edit to an older post
  after.erase(after.begin() + 5);                                  // a post taken down
  Article a = extract_article(live_page(before, "now")), b = extract_article(live_page(after, "now"));
  UnitChanges c = unit_changes(diff_paragraphs(a.paragraphs, b.paragraphs));
  CHECK(c.inserted_posts == 2);
  CHECK(c.deleted_posts == 1);
  CHECK(c.changed == 1);
}

TEST_CASE("JSON-LD LiveBlogPosting updates answer first; an ordinary page with timed links is not live") {
  nlohmann::json ld = {{"@context", "https://schema.org"},
                       {"@type", "LiveBlogPosting"},
                       {"headline", "Live: the count"},
                       {"liveBlogUpdate",
                        {{{"@type", "BlogPosting"}, {"headline", "Result declared"}, {"datePublished", "2026-11-21T04:10:00Z"},
                          {"articleBody", "The returning officer read the result.\nTurnout was 50.6 per cent."}},
                         {{"@type", "BlogPosting"}, {"datePublished", "2026-11-21T03:55:00Z"}, {"articleBody", "Counting continues."}}}}};
  Article a = extract_article("<html><head><script type=\"application/ld+json\">" + ld.dump() +
                              "</script></head><body><div id=app></div></body></html>");
  CHECK(a.method == std::string("live-blog@") + kExtractorVersion);
  std::vector<std::string> expected = {"Post at 2026-11-21T04:10:00Z: Result declared", "The returning officer read the result.",
                                       "Turnout was 50.6 per cent.", "Post at 2026-11-21T03:55:00Z", "Counting continues."};
  CHECK(a.paragraphs == expected);

  std::string ordinary = "<html><body><article><h1>Harbour wall</h1><p>The council agreed on Tuesday to rebuild the harbour "
                         "wall, which storms breached twice this winter, at a cost of four million pounds.</p></article><ul class=latest>";
  for (int i = 0; i < 5; ++i)
    ordinary += "<li><time datetime=2026-11-2" + std::to_string(i) + ">Nov 2" + std::to_string(i) +
                "</time><a href=/n" + std::to_string(i) + ">Another story from the newsroom, number " + std::to_string(i) + "</a></li>";
  Article o = extract_article(ordinary + "</ul></body></html>");
  CHECK(o.method.starts_with("dom@"));
}
