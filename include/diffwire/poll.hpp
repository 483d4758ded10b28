// A poll: run_pass() is `diffwire poll` — sources, then the articles that are due, each host's state
// and the run's record. The articles pass is fetch → read_page → decide → store → schedule; one
// failing URL never stops the run, and results are committed in batches.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "diffwire/extract.hpp"
#include "diffwire/http.hpp"
#include "diffwire/schedule.hpp"
#include "diffwire/sources.hpp"
#include "diffwire/store.hpp"

namespace diffwire {

struct PollOptions {
  bool all = false;  // ignore the schedule
  Seconds now = 0;
  ScheduleRules rules;
  std::size_t batch = 64;  // articles fetched and committed together
  unsigned threads = 0;    // pages decoded and extracted at once; 0: one per core
  const SiteRules* site_rules = nullptr;  // for the first extraction layer
  // Collapse guard: an extraction that keeps less than this share of the previous version's
  // characters, or that looks like a paywall/consent page, is a suspect check, not a version,
  // until it has been seen this many checks in a row.
  double collapse_keep = 0.4;
  int suspect_after = 3;
  // No new batch starts after this moment (--max-time); what is left stays due for the next run.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Each batch is claimed with a lease (Store::claim) this long, in wall-clock seconds: long enough to
  // fetch two batches (the next one downloads while this one is decided). A poll that dies holds
  // its articles until then; another poll takes them after.
  Seconds lease = 600;
  std::string owner;  // the lease owner; empty: a new random one for this pass
  // The poll holds the store's lock (SQLite): no other poll is alive, so any lease left in the store
  // is a killed poll's and is ignored at once.
  bool exclusive = false;
  // Called after each batch with the articles done and the articles due (a terminal's progress line).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct PollSummary {
  int checked = 0, unchanged = 0, new_versions = 0, removed = 0, errors = 0, suspect = 0;
  int refused = 0;  // pages past the parse budgets (page refused: <why>)
  std::size_t left = 0;  // due articles not checked because the deadline came
};

// The articles pass: the due articles, claimed batch by batch, fetched, decided and recorded.
PollSummary poll(Store& store, Fetcher& fetcher, const PollOptions& options);

// Everything `diffwire poll` is, but its flags: see run_pass.
struct PassConfig {
  PollOptions articles;      // the articles pass (its clock, schedule, lease, …)
  FetchOptions fetch;        // the network: jobs, timeouts, the host delay, the User-Agent
  std::string store_target;  // the store's target: on PostgreSQL, the fleet's host budgets live there
};
struct PassSummary {
  SourcesSummary sources;
  PollSummary articles;
  std::string report;  // the lines `poll` prints and `status` shows (one per pass that ran)
};
// One whole poll pass over the store: sources, then articles, each host's state, and the run's record.
PassSummary run_pass(Store& store, PassConfig config);
std::string new_lease_owner();  // "HOST-PID-RANDOM": unique per pass, and says which machine had it
std::string describe(const PollSummary& summary);  // the one-line summary

// The decision for one fetched page, exposed for tests: what the check records and what it stores.
// The latest version is loaded only when the page has to be compared with it (not for a 304, an
// error or a byte-identical body).
using LatestVersion = std::function<std::optional<VersionRecord>()>;
// The stored response of the latest version, for re-extraction when the extractor has changed.
using LatestPage = std::function<std::optional<StoredPage>()>;
CheckResult decide(const ArticleRecord& article, const FetchResponse& response, const PollOptions& options,
                   const LatestVersion& latest, const LatestPage& latest_page = [] { return std::nullopt; });

// URL claims. A page's canonical link or og:url moves its article only once that URL has answered
// with the same story: a dead canonical (a port or an https twin the site does not serve, a 404)
// would otherwise lose a working story. A claim that fails is retried after this long.
inline constexpr Seconds kRetryRefusedClaim = 24 * 60 * 60;
// "" when `there` (the claimed URL's response) is the story claiming_page is: the same headline, or
// at least half of its text (containment); else why not ("answered HTTP 404"), for the move-refused event.
std::string url_claim_refusal(const ArticleRecord& article, const Article& claiming_page, const FetchResponse& there,
                              const PollOptions& options);

// Why an extraction is suspect ("" when it is not): most of the previous text gone, or the page is
// a paywall, consent wall or interstitial.
std::string suspect_reason(const Article& page, const Article* previous, double collapse_keep);

}  // namespace diffwire
