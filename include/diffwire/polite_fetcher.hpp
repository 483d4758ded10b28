// Politeness in front of the network: a Fetcher that asks each origin's robots.txt first (cached a
// day, an hour when it could not be read) and does not send what it disallows, stretches the pause
// between requests to a host to its Crawl-delay (capped), and holds back every request to an origin
// that answered 429/503 with Retry-After until then — across polls, because what it learns is saved
// in the store's hosts table by the poll (take_changes). It touches no store itself: the poll's
// download thread runs it while other threads read the store.
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "diffwire/backoff.hpp"
#include "diffwire/http.hpp"
#include "diffwire/robots.hpp"
#include "diffwire/records.hpp"

namespace diffwire {

struct PolitenessOptions {
  Seconds now = 0;                 // the clock at the start; it advances with real time
  double default_delay_s = 1.0;    // the fetcher's own pause between requests to one host
  double max_crawl_delay_s = 60;   // a longer Crawl-delay is read as this
  Seconds robots_ttl = 24 * 3600;  // how long a robots.txt that answered is trusted
  Seconds robots_retry = 3600;     // when one that did not answer is asked again
  std::string product = "diffwire";
};

class PoliteFetcher : public Fetcher {
 public:
  // `backoff`: the hosts that asked to wait, shared with the network fetcher below (run_pass); none:
  // this fetcher keeps its own, from `known`.
  PoliteFetcher(Fetcher& inner, const std::vector<HostRecord>& known, PolitenessOptions options,
                Backoff* backoff = nullptr);
  std::vector<FetchResponse> fetch(const std::vector<FetchRequest>& requests) override;
  // Hosts whose robots.txt or backoff changed since the last call, to save in the store.
  std::vector<HostRecord> take_changes();

 private:
  Seconds now() const;
  const RobotsRules& rules_for(const std::string& origin);  // hosts_ and parsed_ under mutex_

  Fetcher& inner_;
  PolitenessOptions options_;
  std::unique_ptr<Backoff> own_backoff_;
  Backoff& backoff_;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  std::map<std::string, HostRecord> hosts_;
  std::map<std::string, RobotsRules> parsed_;
  std::set<std::string> changed_;
};


}  // namespace diffwire
