// The sources pass of a poll: fetch every source that is due (conditional GET), read it
// (discover.hpp), follow a sitemap index one level down, pick the article URLs it lists, and hand
// them to the store, which tracks new ones, reactivates retired ones and makes updated ones due.
// One broken source never stops the others.
#pragma once
#include <string>
#include <vector>

#include "diffwire/discover.hpp"
#include "diffwire/http.hpp"
#include "diffwire/store.hpp"

namespace diffwire {

inline constexpr Seconds kMinSourcePeriod = 5 * 60;
inline constexpr std::size_t kMaxChildSitemaps = 50;        // per index, per pass
inline constexpr std::size_t kMaxNewPerSource = 1000;       // articles tracked per source per pass

struct SourcesOptions {
  Seconds now = 0;
  bool all = false;  // every source, due or not
};

struct SourcesSummary {
  int checked = 0, new_articles = 0, refreshed = 0, reactivated = 0, errors = 0;
};

SourcesSummary poll_sources(Store& store, Fetcher& fetcher, const SourcesOptions& options);
std::string describe(const SourcesSummary& summary);  // "sources: checked 2, new articles 14, ..."

// The article URLs a source takes from what it read: those matching its include pattern and not its
// exclude pattern; from a section page, without an include pattern, only links on the page's own
// site whose path looks like an article's.
std::vector<SourceItem> select_items(const SourceRecord& source, const SourceDocument& doc);

// Throws Error (usage) naming the pattern when it is not a valid ECMAScript regex.
void check_pattern(const std::string& pattern, const char* option);

}  // namespace diffwire
