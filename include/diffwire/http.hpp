// Fetching pages. The Fetcher interface is the seam between the poll pipeline and the network: unit
// tests use a fake, the binary uses libcurl's multi interface (src/http.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace diffwire {

struct FetchRequest {
  std::string url;
  std::string etag, last_modified;  // for a conditional GET; empty when unknown
};

struct FetchResponse {
  long status = 0;  // HTTP status; 0 when no response arrived
  std::string final_url, content_type, etag, last_modified;
  std::string headers;  // the final response's status line and headers as received (at most 64 KiB)
  std::string body;  // decoded (Content-Encoding undone), at most max_body bytes
  std::int64_t duration_ms = 0;
  std::string error;  // non-empty: the transfer failed (timeout, too large, refused, ...)
};

struct FetchOptions {
  int jobs = 8;       // transfers at once
  int per_host = 2;   // transfers at once to one host
  long connect_timeout_s = 10;
  long timeout_s = 30;
  std::size_t max_body = 8 << 20;  // decoded bytes
  long max_redirects = 5;
  std::string user_agent = std::string("diffwire/") + DIFFWIRE_VERSION;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // One response per request, in the same order. Never throws for a failed transfer.
  virtual std::vector<FetchResponse> fetch(const std::vector<FetchRequest>& requests) = 0;
};

// Initialises libcurl once for the process (and cleans up at exit). Call it at start-up, before any
// thread starts; make_curl_fetcher calls it too, for programs that did not.
void http_global_init();
std::unique_ptr<Fetcher> make_curl_fetcher(const FetchOptions& options);

}  // namespace diffwire
