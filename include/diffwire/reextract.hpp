// Re-reading stored pages with the current extractor. Poll does it by itself when the extractor has
// changed since an article's latest version (so an upgrade never shows up as an edit); `diffwire
// reextract` does it on demand and reports what the upgrade changes.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "diffwire/extract.hpp"
#include "diffwire/store.hpp"

namespace diffwire {

// The normalised article the current extractor makes of a stored page; no paragraphs when it finds
// none. Throws PageRefused when the page is past the parse budgets.
Article reread(const StoredPage& page, const std::string& url, const SiteRules* rules);

struct Reextraction {
  enum class Outcome {
    same,        // the current extractor reads the same article
    changed,     // it reads a different one: `rebaseline` is the version to record
    no_page,     // the version was stored before pages were kept
    no_article,  // the current extractor finds no article on the page (nothing is recorded)
    refused,     // the page is past the parse budgets (nothing is recorded)
  };
  Outcome outcome = Outcome::same;
  Article article;                          // what the current extractor read (same, changed)
  std::string why;                          // no_article, refused
  std::optional<VersionRecord> rebaseline;  // changed: flagged re-baseline, dated as the page it re-read
};

Reextraction reextract(const VersionRecord& latest, const std::optional<StoredPage>& page, const SiteRules* rules);

// What re-reading one article's latest stored page came to, as `diffwire reextract` reports it.
struct ArticleReextraction {
  const ArticleRecord& article;
  const VersionRecord& latest;
  const Reextraction& reading;
  bool recorded = false;  // a changed reading was recorded as a re-baseline (not a dry run)
};
struct ReextractSummary {
  int changed = 0, same = 0, skipped = 0;
};

// `diffwire reextract`: re-reads the latest stored page of each article that has a version, with this
// extractor and these rules; a reading that differs is recorded as a re-baseline (unless dry_run),
// so that the next poll compares the publisher's next edit with what this extractor reads, not with
// what an older one did. `each` hears of every article read, in order.
ReextractSummary reextract_articles(Store& store, const std::vector<ArticleRecord>& articles, const SiteRules* rules,
                                    bool dry_run, const std::function<void(const ArticleReextraction&)>& each);

}  // namespace diffwire
