// One pass of the pipeline over the articles that are due: fetch → decode → extract → normalise →
// decide → store → schedule. One failing URL never stops the run; results are committed in batches.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "diffwire/http.hpp"
#include "diffwire/schedule.hpp"
#include "diffwire/store.hpp"

namespace diffwire {

struct PollOptions {
  bool all = false;  // ignore the schedule
  Seconds now = 0;
  ScheduleRules rules;
  std::size_t batch = 64;  // articles fetched and committed together
};

struct PollSummary {
  int checked = 0, unchanged = 0, new_versions = 0, removed = 0, errors = 0;
};

PollSummary poll(Store& store, Fetcher& fetcher, const PollOptions& options);
std::string describe(const PollSummary& summary);  // the one-line summary

// The decision for one fetched page, exposed for tests: what the check records and what it stores.
// The latest version is loaded only when the page has to be compared with it (not for a 304, an
// error or a byte-identical body).
using LatestVersion = std::function<std::optional<VersionRecord>()>;
CheckResult decide(const ArticleRecord& article, const FetchResponse& response, const PollOptions& options,
                   const LatestVersion& latest);

}  // namespace diffwire
