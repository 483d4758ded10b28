// Live blogs: a page that is a stream of timed posts, not one article. Each post becomes a unit: a
// header paragraph "Post at TIME: HEADLINE" followed by the post's paragraphs, in page order. The
// header carries the post's own time (from the page, never "5 minutes ago"), so the paragraph differ
// aligns on it: a new post is an inserted unit, an edited post changes inside its unit, a deleted
// post is a removed unit.
//
// Posts come from JSON-LD (LiveBlogPosting.liveBlogUpdate) when the page gives them, else from the
// DOM: a container whose children are posts, each with a <time> or a headline of its own, on a page
// that says it is live (LiveBlogPosting type, or "live" in the container's class or id). Posts
// without a time are headed "Post: HEADLINE", so the headline is what the differ aligns on. An
// ordinary article with a "latest news" list of timed links is not a live blog.
#pragma once
#include <gumbo.h>

#include <optional>
#include <string>
#include <vector>

#include "diffwire/extract.hpp"
#include "extract/metadata.hpp"

namespace diffwire {

std::optional<std::vector<std::string>> extract_live_posts(const PageMetadata& meta, const GumboNode* body,
                                                           Explanation* explain);

// "Post at 2026-11-21T04:10:00Z: Result declared"; time and headline may be empty.
std::string live_post_header(const std::string& time, const std::string& headline);
bool is_live_post_header(const std::string& paragraph);

}  // namespace diffwire
