// The structured-data layer: what a page says about itself in JSON-LD, microdata-free <meta> tags
// (OpenGraph, Dublin Core, Twitter, article:*) and its <title>. The body text it finds here
// (articleBody, live-blog posts) is offered to extract.cpp, which decides whether to use it.
#pragma once
#include <gumbo.h>

#include <string>
#include <vector>

namespace diffwire {

struct LivePost {
  std::string id;        // the post's own id or URL when the page gives one
  std::string time;      // datePublished / dateModified as the page states it
  std::string headline;
  std::string body;
};

struct PageMetadata {
  std::string title;      // the headline, chosen as described in metadata.cpp
  std::string title_tag;  // <title> as written
  std::string byline, published, modified;
  std::string ld_body;    // JSON-LD articleBody, raw
  std::string ld_type;    // the @type that answered ("NewsArticle", "LiveBlogPosting", …)
  std::vector<LivePost> live_posts;  // LiveBlogPosting.liveBlogUpdate, in page order
  std::string canonical, og_url;     // <link rel=canonical href>, <meta property=og:url>, as written
};

PageMetadata read_metadata(const GumboNode* root);

// The headline hidden in a <title> ("Headline | Site", "Site: Headline"), given the page's h1 and h2
// texts. Readability's rules, so that titles agree with what readers of that lineage expect.
std::string title_from_title_tag(const std::string& title, const std::vector<std::string>& h1s,
                                 const std::vector<std::string>& h2s);

// Share of b's words (by length) that also occur in a, 0..1 (Readability's _textSimilarity).
double text_similarity(const std::string& a, const std::string& b);

}  // namespace diffwire
