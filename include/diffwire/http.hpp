// Fetching pages. The Fetcher interface is the seam between the poll pipeline and the network: unit
// tests use a fake, the binary uses libcurl's multi interface (src/http.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace diffwire {

struct FetchRequest {
  std::string url;
  std::string etag, last_modified;  // for a conditional GET; empty when unknown
  double host_delay_s = -1;         // the pause before the next request to this host; < 0: the default
  bool ignore_robots = false;       // for one's own sites (a source's --ignore-robots)
};

struct FetchResponse {
  long status = 0;  // HTTP status; 0 when no response arrived
  std::string final_url, content_type, etag, last_modified;
  std::string headers;  // the final response's status line and headers as received (at most 64 KiB)
  std::string body;  // decoded (Content-Encoding undone), at most max_body bytes
  std::int64_t duration_ms = 0;
  std::string error;  // non-empty: the transfer failed (timeout, too large, refused, ...)
  bool private_address = false;  // the private-network guard refused it (error says which address)
  std::int64_t retry_after_s = -1;  // a 429 or 503's Retry-After, in seconds (capped); -1 when none
};

// Politeness shared with other processes (host_budgets.hpp): asked before each request starts, on
// top of the fetcher's own per-host limits.
class Backoff;  // backoff.hpp

class HostGate {
 public:
  virtual ~HostGate() = default;
  // May a request to `host` start now, given at most `per_host` at once and `delay_s` between
  // starts? 0: yes — `ticket` is set and finish(ticket) must follow; else milliseconds to wait.
  virtual std::int64_t try_start(const std::string& host, int per_host, double delay_s, std::int64_t& ticket) = 0;
  virtual void finish(std::int64_t ticket) = 0;
};

struct FetchOptions {
  int jobs = 8;       // transfers at once
  int per_host = 2;   // transfers at once to one host
  long connect_timeout_s = 10;
  long timeout_s = 30;
  std::size_t max_body = 8 << 20;  // decoded bytes
  long max_redirects = 5;
  std::string user_agent = std::string("diffwire/") + DIFFWIRE_VERSION;
  double host_delay_s = 1.0;              // at least this long between two requests to one host
  std::int64_t max_retry_after_s = 3600;  // a longer Retry-After is read as this
  bool allow_private = false;  // connect to loopback, private and link-local addresses (address_guard.hpp)
  std::vector<std::string> allow_addresses;  // these few anyway, by address ("127.0.0.1"): tests' first hops
  HostGate* gate = nullptr;  // the fleet's politeness, when several pollers share a store
  Backoff* backoff = nullptr;  // hosts that asked to wait (backoff.hpp); none: the fetcher keeps its own
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // One response per request, in the same order. Never throws for a failed transfer. A host that
  // answers 429 or 503 with Retry-After gets no further request until then (backoff.hpp): its
  // remaining requests fail at once with an error saying so.
  virtual std::vector<FetchResponse> fetch(const std::vector<FetchRequest>& requests) = 0;
};

// "120" or an HTTP date, relative to now; nullopt when it is neither.
std::optional<std::int64_t> parse_retry_after(std::string_view value, std::int64_t now);

// Initialises libcurl once for the process (and cleans up at exit). Call it at start-up, before any
// thread starts; make_curl_fetcher calls it too, for programs that did not.
void http_global_init();
std::unique_ptr<Fetcher> make_curl_fetcher(const FetchOptions& options);

}  // namespace diffwire
