// The libcurl fetcher: one multi handle (it owns the connection cache), our own queue in front of it so
// that at most `per_host` transfers run against one host while others proceed, and every limit set
// explicitly because libcurl 7.88's defaults have none: connect and total timeouts, a low-speed
// limit, at most 5 redirects, http/https only (also on redirect), and a cap on the *decoded* body
// counted in the write callback — CURLOPT_MAXFILESIZE neither sees decoded bytes nor stops bodies of
// unknown length in this version.
#include "diffwire/http.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <thread>

#include "diffwire/address_guard.hpp"
#include "diffwire/backoff.hpp"
#include "diffwire/error.hpp"
#include "diffwire/timefmt.hpp"
#include "diffwire/url.hpp"

namespace diffwire {

namespace {

struct CurlGlobal {
  CurlGlobal() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("cannot start libcurl", "", "curl_global_init failed");
  }
  ~CurlGlobal() { curl_global_cleanup(); }
};

struct EasyCleanup {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct MultiCleanup {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Easy = std::unique_ptr<CURL, EasyCleanup>;
using Multi = std::unique_ptr<CURLM, MultiCleanup>;
using Slist = std::unique_ptr<curl_slist, SlistFree>;

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

struct Transfer {
  std::size_t index = 0;
  std::string host;
  Easy easy;
  Slist headers;
  FetchResponse response;
  std::string retry_after;  // the header as sent
  double host_delay_s = 0;
  std::optional<std::int64_t> ticket;  // the host gate's, given back when the transfer ends
  std::size_t max_body = 0;
  bool too_large = false;
  std::string refused;  // why the private-network guard refused a connection ("" when it did not)
  const std::vector<std::string>* allowed = nullptr;  // private addresses allowed anyway
  char error[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  if (t->response.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // a short count aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

// The private-network guard (address_guard.hpp), on every socket libcurl opens: the address is the one
// DNS gave for this hop, so a redirect or a hostname that resolves privately is caught here.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN) {
    auto kind = private_address_kind(&address->addr);
    if (kind && std::find(t->allowed->begin(), t->allowed->end(), address_text(&address->addr)) == t->allowed->end()) {
      t->refused = "refused to connect to " + address_text(&address->addr) + " (" + *kind +
                   " address; --allow-private or DIFFWIRE_ALLOW_PRIVATE=1 allows it)";
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

// Headers kept with a stored page; a server sending more is cut off here, not stored whole.
constexpr std::size_t kMaxKeptHeaders = 64 << 10;

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  std::string line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one's
    t->response.etag.clear();
    t->response.last_modified.clear();
    t->retry_after.clear();
    t->response.headers = line;
    return n;
  }
  if (t->response.headers.size() + n <= kMaxKeptHeaders) t->response.headers += line;
  auto colon = line.find(':');
  if (colon == std::string::npos) return n;
  std::string name = line.substr(0, colon);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "etag") t->response.etag = trim(line.substr(colon + 1));
  else if (name == "last-modified") t->response.last_modified = trim(line.substr(colon + 1));
  else if (name == "retry-after") t->retry_after = trim(line.substr(colon + 1));
  return n;
}

class CurlFetcher : public Fetcher {
 public:
  explicit CurlFetcher(const FetchOptions& options)
      : options_(options),
        own_backoff_(options.backoff ? nullptr : std::make_unique<Backoff>()),
        backoff_(options.backoff ? *options.backoff : *own_backoff_) {
    http_global_init();
    multi_.reset(curl_multi_init());
    if (!multi_) throw Error("cannot start libcurl", "", "curl_multi_init failed");
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options_.per_host));
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options_.jobs));
  }

  std::vector<FetchResponse> fetch(const std::vector<FetchRequest>& requests) override {
    using Clock = std::chrono::steady_clock;
    std::vector<FetchResponse> results(requests.size());
    std::deque<std::size_t> pending;
    for (std::size_t i = 0; i < requests.size(); ++i) pending.push_back(i);
    std::map<CURL*, std::unique_ptr<Transfer>> active;
    std::map<std::string, int> per_host;

    // Starts what the limits allow; returns when the next waiting request may start (or max()).
    auto start_more = [&] {
      Clock::time_point now = Clock::now(), next = Clock::time_point::max();
      std::set<std::string> gate_closed;  // hosts the fleet's gate held back in this round
      for (auto it = pending.begin(); it != pending.end() && static_cast<int>(active.size()) < options_.jobs;) {
        const FetchRequest& request = requests[*it];
        std::string host = url_host_key(request.url);
        if (auto hold = backoff_.holds(origin_key(request.url))) {
          results[*it].error = hold->why;
          results[*it].retry_after_s = hold->wait_s;
          it = pending.erase(it);
          continue;
        }
        if (per_host[host] >= options_.per_host) {
          ++it;
          continue;
        }
        if (auto wait = next_allowed_.find(host); wait != next_allowed_.end() && wait->second > now) {
          next = std::min(next, wait->second);
          ++it;
          continue;
        }
        double delay_s = request.host_delay_s >= 0 ? request.host_delay_s : options_.host_delay_s;
        std::optional<std::int64_t> ticket;
        if (options_.gate) {
          if (gate_closed.count(host)) {
            ++it;
            continue;
          }
          std::int64_t granted = 0;
          if (std::int64_t wait_ms = options_.gate->try_start(host, options_.per_host, delay_s, granted); wait_ms > 0) {
            gate_closed.insert(host);
            next = std::min(next, now + std::chrono::milliseconds(wait_ms));
            ++it;
            continue;
          }
          ticket = granted;
        }
        auto t = start(request, *it, host);
        t->ticket = ticket;
        t->host_delay_s = delay_s;
        next_allowed_[host] = now + std::chrono::milliseconds(static_cast<std::int64_t>(t->host_delay_s * 1000));
        ++per_host[host];
        active.emplace(t->easy.get(), std::move(t));
        it = pending.erase(it);
      }
      return next;
    };

    Clock::time_point next_start = start_more();
    while (!active.empty() || !pending.empty()) {
      if (active.empty()) {  // everything left waits for its host's delay
        if (next_start != Clock::time_point::max()) std::this_thread::sleep_until(next_start);
        next_start = start_more();
        continue;
      }
      int running = 0;
      CURLMcode mc = curl_multi_perform(multi_.get(), &running);
      if (mc != CURLM_OK) throw Error("libcurl failed", "", curl_multi_strerror(mc));
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        auto it = active.find(msg->easy_handle);
        if (it == active.end()) continue;
        std::unique_ptr<Transfer> t = std::move(it->second);
        active.erase(it);
        curl_multi_remove_handle(multi_.get(), t->easy.get());
        --per_host[t->host];
        if (t->ticket) options_.gate->finish(*t->ticket);
        results[t->index] = finish(*t, msg->data.result);
        backoff_.heard(origin_key(requests[t->index].url), results[t->index]);
      }
      next_start = start_more();
      if (!active.empty()) {
        int wait_ms = 200;
        if (next_start != Clock::time_point::max())
          wait_ms = static_cast<int>(std::clamp<std::int64_t>(
              std::chrono::duration_cast<std::chrono::milliseconds>(next_start - Clock::now()).count(), 0, 200));
        curl_multi_poll(multi_.get(), nullptr, 0, wait_ms, nullptr);
      }
    }
    return results;
  }

 private:
  std::unique_ptr<Transfer> start(const FetchRequest& request, std::size_t index, const std::string& host) {
    auto t = std::make_unique<Transfer>();
    t->index = index;
    t->host = host;
    t->max_body = options_.max_body;
    t->easy.reset(curl_easy_init());
    if (!t->easy) throw Error("cannot start libcurl", request.url, "curl_easy_init failed");
    CURL* e = t->easy.get();
    curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, options_.max_redirects);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, options_.timeout_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 64L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, std::min(options_.timeout_s, 30L));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    if (!options_.allow_private) {
      t->allowed = &options_.allow_addresses;
      curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
      curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    }
    auto add = [&](const std::string& h) {
      curl_slist* head = curl_slist_append(t->headers.get(), h.c_str());
      if (!head) throw Error("cannot start libcurl", request.url, "out of memory");
      (void)t->headers.release();  // the same list, one item longer (or a new list): one owner again
      t->headers.reset(head);
    };
    add("Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
    if (!request.etag.empty()) add("If-None-Match: " + request.etag);
    if (!request.last_modified.empty()) add("If-Modified-Since: " + request.last_modified);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers.get());
    t->started = std::chrono::steady_clock::now();
    CURLMcode mc = curl_multi_add_handle(multi_.get(), e);
    if (mc != CURLM_OK) throw Error("libcurl failed", request.url, curl_multi_strerror(mc));
    return t;
  }

  FetchResponse finish(Transfer& t, CURLcode result) {
    FetchResponse r = std::move(t.response);
    CURL* e = t.easy.get();
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    r.status = status;
    char* url = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url) r.final_url = url;
    char* type = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) r.content_type = type;
    r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started).count();
    if ((status == 429 || status == 503) && !t.retry_after.empty()) {
      auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      if (auto s = parse_retry_after(t.retry_after, now)) r.retry_after_s = std::clamp<std::int64_t>(*s, 0, options_.max_retry_after_s);
    }
    if (t.too_large || result == CURLE_FILESIZE_EXCEEDED) {
      r.error = "response body larger than " + std::to_string(options_.max_body / (1024 * 1024)) + " MiB";
      r.body.clear();
    } else if (result != CURLE_OK && !t.refused.empty()) {
      r.error = t.refused;
      r.private_address = true;
      r.body.clear();
    } else if (result != CURLE_OK) {
      r.error = t.error[0] ? std::string(t.error) : std::string(curl_easy_strerror(result));
      r.body.clear();
    }
    return r;
  }

  // Hosts that asked to wait are held by origin; a URL that is no http(s) URL is its own key.
  static std::string origin_key(const std::string& url) {
    try {
      return origin_of(url);
    } catch (const Error&) {
      return url;
    }
  }

  FetchOptions options_;
  std::unique_ptr<Backoff> own_backoff_;  // when the options name none
  Backoff& backoff_;
  Multi multi_;
  // Per host, across fetch() calls: when the next request may start.
  std::map<std::string, std::chrono::steady_clock::time_point> next_allowed_;
};

}  // namespace

std::optional<std::int64_t> parse_retry_after(std::string_view value, std::int64_t now) {
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::int64_t{999'999'999};
    return std::stoll(std::string(value));
  }
  if (auto when = parse_rfc822(value)) return std::max<std::int64_t>(0, *when - now);
  return std::nullopt;
}

void http_global_init() { static CurlGlobal global; }

std::unique_ptr<Fetcher> make_curl_fetcher(const FetchOptions& options) {
  return std::make_unique<CurlFetcher>(options);
}

}  // namespace diffwire
