// Hosts that asked to wait. An origin that answers 429 or 503 with Retry-After gets no request until
// then: not the rest of the batch that is downloading, not a later batch, and — saved in the store's
// hosts table — not a later poll. This is the one place that decides it. The network fetcher tells
// it every answer and asks it before each request it starts; the polite fetcher asks it before a
// batch is sent and saves what it learnt (take_changes).
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diffwire/http.hpp"
#include "diffwire/records.hpp"
#include "diffwire/timefmt.hpp"

namespace diffwire {

class Backoff {
 public:
  // `now`: the clock at the start (it advances with real time); `known`: what the store remembers.
  explicit Backoff(Seconds now = now_seconds(), const std::vector<HostRecord>& known = {});
  Backoff(const Backoff&) = delete;
  Backoff& operator=(const Backoff&) = delete;

  Seconds now() const;
  // An answer from `origin` (origin_of, url.hpp): a 429 or 503 with Retry-After (FetchResponse::
  // retry_after_s) holds the origin until then.
  void heard(const std::string& origin, const FetchResponse& answer);
  struct Hold {
    std::string why;         // "not sent: ORIGIN asked to wait until TIME (HTTP 429 with Retry-After 120 s)"
    std::int64_t wait_s = 0;  // how long it still has to wait
  };
  // Why a request to `origin` must not be sent now; nullopt when it may.
  std::optional<Hold> holds(const std::string& origin) const;
  // Origins whose hold changed since the last call, with only origin, backoff_until and backoff_reason set.
  std::vector<HostRecord> take_changes();

 private:
  struct Until {
    Seconds at = 0;
    std::string reason;  // "HTTP 429 with Retry-After 120 s"
  };
  Seconds started_now_;
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex mutex_;  // the download thread and the sources pass may ask at once
  std::map<std::string, Until> until_;
  std::set<std::string> changed_;
};

}  // namespace diffwire
