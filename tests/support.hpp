// Test support: temporary directories, loopback HTTP servers (cpp-httplib for well-behaved pages, a
// raw socket server for crafted and misbehaving responses), running the real diffwire binary, and
// rendering the demo story (demo/site) at any version.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "diffwire/http.hpp"
#include "diffwire/store.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace testing {

// Serves canned responses by URL and counts requests: the seam the pipeline is tested through. A URL
// it does not know fails to connect.
class FakeFetcher : public diffwire::Fetcher {
 public:
  std::map<std::string, diffwire::FetchResponse> pages;
  std::vector<diffwire::FetchRequest> seen;
  std::vector<diffwire::FetchResponse> fetch(const std::vector<diffwire::FetchRequest>& requests) override {
    std::vector<diffwire::FetchResponse> out;
    for (const auto& r : requests) {
      seen.push_back(r);
      auto it = pages.find(r.url);
      if (it == pages.end()) out.push_back({0, "", "", "", "", "", "", 5, "Could not connect"});
      else out.push_back(it->second);
    }
    return out;
  }
};

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// cpp-httplib on 127.0.0.1 with a free port, serving until destroyed. /robots.txt answers 404 (no
// rules) unless the handler asks to see it, so tests about other things count only their own requests.
class HttpServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  explicit HttpServer(Handler handler, bool handle_robots = false);
  ~HttpServer();
  std::string url(const std::string& path) const;
  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// A socket server that answers each connection with whatever `respond` writes, byte for byte.
class RawServer {
 public:
  // send(bytes) writes to the client and returns false once the client has gone.
  using Send = std::function<bool(const std::string&)>;
  using Respond = std::function<void(const std::string& request, const Send& send)>;
  explicit RawServer(Respond respond, bool accept_connections = true);
  ~RawServer();
  std::string url(const std::string& path) const;
  bool stopping() const { return stop_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct RunResult {
  int status = -1;
  std::string out, err;
  long max_rss_kib = 0;  // the run's peak resident memory
};

// Runs build/diffwire with args and extra environment (DIFFWIRE_ALLOW_PRIVATE etc. are not needed).
RunResult run_diffwire(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
// The same under a limit on the size of any file it writes (ulimit -f): a full disk, for one process.
RunResult run_diffwire_file_limit(const std::vector<std::string>& args, std::size_t max_file_bytes);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
std::string shell_quote(const std::string& s);

// The demo story (demo/site/story.json + template.html) at a version, with furniture that depends on
// `hit` (render time, ad ids, "Most read" order), as the demo's news server renders it.
std::string render_story(int version, int hit);
// What a poll records for a new version of article `id` fetched at `t` (content hash from the text and
// the time): for tests that fill a store directly.
diffwire::CheckResult version_check(std::int64_t id, diffwire::Seconds t, std::string title,
                                    std::vector<std::string> paragraphs, std::string url = "https://example.org/a");
int story_versions();
std::vector<std::string> story_paragraphs(int version);
std::string story_headline(int version);

std::string gzip(const std::string& data);
// Starts build/diffwire with args (loopback allowed, no host delay), output discarded; returns its pid
// for the caller to signal and reap.
int spawn_diffwire(const std::vector<std::string>& args);

// `data` in an HTTP content coding: "gzip", "deflate" (zlib), "br" or "zstd".
std::string encode(const std::string& data, const std::string& coding);
std::string source_dir();
// Golden files (tests/golden/NAME): true when actual is what the file holds. With
// DIFFWIRE_ACCEPT=1 in the environment the file is (re)written from actual instead — then read the
// diff of tests/golden/ before committing it. A missing file is a failure, never accepted silently.
bool matches_golden(const std::string& name, const std::string& actual);
std::string shared_dir();

}  // namespace testing
