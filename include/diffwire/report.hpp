// How the stories evolved, as web pages that need no server and no JavaScript to read:
//   index.html                 recently changed stories, most edited, headline changes, sources
//   sources/ID.html            one source's stories and its recent changes
//   articles/ID.html           one story: "The article has changed N times", its headline timeline,
//                              every version with its time and "(N minutes later)", links to compare
//                              any two versions, and the blame of its latest text
//   articles/ID/A-B.html       version A against version B: side by side and inline
// `diffwire report --out DIR` writes them (atomically, and on a second run only what changed);
// `diffwire serve` answers the same paths from the store, so the two never disagree. Every piece of
// article text is escaped, links out are http(s) only, each page carries a restrictive
// Content-Security-Policy, and the style sheet reads on a phone, a desktop and paper.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "diffwire/store.hpp"

namespace diffwire {

struct ReportStats {
  int written = 0, unchanged = 0;
  int stories_rendered = 0, stories_skipped = 0;  // skipped: unchanged since the last run
};

ReportStats write_report(Store& store, const std::string& dir);

// The pages, by their path under the report's root ("index.html", "articles/7/2-3.html"); nullopt
// for a path that names no page of this store. `serve` answers with these.
std::optional<std::string> report_page(Store& store, const std::string& path);

// The version pairs a story's page links to and the report writes: every pair while a story has at
// most kAllPairsUpTo versions; beyond that, each version against the one before, the first and the
// latest (others: `diffwire diff URL --from A --to B`, or `diffwire serve`, which answers any pair).
inline constexpr int kAllPairsUpTo = 20;
std::vector<std::pair<int, int>> report_pairs(const std::vector<VersionRecord>& versions);

}  // namespace diffwire
