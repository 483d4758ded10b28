#include "diffwire/http.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "diffwire/timefmt.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
// Every test server is on loopback, which the private-network guard refuses unless told.
FetchOptions loopback() {
  FetchOptions o;
  o.allow_private = true;
  return o;
}

FetchResponse fetch_one(const std::string& url, FetchOptions options = loopback(), std::string etag = {}, std::string lm = {}) {
  auto fetcher = make_curl_fetcher(options);
  return fetcher->fetch({{url, std::move(etag), std::move(lm)}}).front();
}

std::string http_response(const std::string& headers, const std::string& body) {
  return "HTTP/1.1 200 OK\r\n" + headers + "Connection: close\r\n\r\n" + body;
}
}  // namespace

TEST_CASE("a page, its validators, and a conditional GET that answers 304") {
  testing::HttpServer server([](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Sun, 22 Nov 2026 08:00:00 GMT");
    res.set_content("<p>hello</p>", "text/html; charset=utf-8");
  });
  FetchResponse r = fetch_one(server.url("/a"));
  CHECK(r.error.empty());
  CHECK(r.status == 200);
  CHECK(r.body == "<p>hello</p>");
  CHECK(r.etag == "\"v1\"");
  CHECK(r.last_modified == "Sun, 22 Nov 2026 08:00:00 GMT");
  CHECK(r.content_type == "text/html; charset=utf-8");
  FetchResponse again = fetch_one(server.url("/a"), loopback(), "\"v1\"");
  CHECK(again.status == 304);
  CHECK(again.error.empty());
}

TEST_CASE("redirects are followed to http(s) only, at most 5 times, and the final URL is kept") {
  testing::HttpServer server([](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/old") res.set_redirect("/new");
    else if (req.path == "/loop") res.set_redirect("/loop");
    else if (req.path == "/ftp") res.set_redirect("ftp://127.0.0.1/file");
    else if (req.path == "/file") res.set_redirect("file:///etc/passwd");
    else res.set_content("<p>new place</p>", "text/html");
  });
  FetchResponse moved = fetch_one(server.url("/old"));
  CHECK(moved.status == 200);
  CHECK(moved.final_url == server.url("/new"));
  FetchResponse loop = fetch_one(server.url("/loop"));
  CHECK_FALSE(loop.error.empty());
  CHECK(loop.body.empty());
  for (const char* path : {"/ftp", "/file"}) {
    FetchResponse r = fetch_one(server.url(path));
    CHECK_FALSE(r.error.empty());
  }
}

TEST_CASE("the decoded body is capped: plain, gzip, and without Content-Length") {
  FetchOptions small = loopback();
  small.max_body = 64 * 1024;
  std::string big(200 * 1024, 'a');
  testing::RawServer plain([&](const std::string&, const testing::RawServer::Send& send) {
    send(http_response("Content-Type: text/html\r\nContent-Length: " + std::to_string(big.size()) + "\r\n", big));
  });
  std::string packed = testing::gzip(big);
  REQUIRE(packed.size() < small.max_body);  // small on the wire, big once decoded
  testing::RawServer gzipped([&](const std::string&, const testing::RawServer::Send& send) {
    send(http_response("Content-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: " +
                           std::to_string(packed.size()) + "\r\n", packed));
  });
  testing::RawServer unsized([&](const std::string&, const testing::RawServer::Send& send) {
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n");
    for (int i = 0; i < 100 && send(std::string(8192, 'b')); ++i) {
    }
  });
  testing::RawServer gzipped_chunks([&](const std::string&, const testing::RawServer::Send& send) {
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", packed.size());
    send(size + packed + "\r\n0\r\n\r\n");
  });
  for (auto* server : {&plain, &gzipped, &unsized, &gzipped_chunks}) {
    FetchResponse r = fetch_one(server->url("/big"), small);
    CHECK(r.error.find("larger than") != std::string::npos);
    CHECK(r.body.empty());
  }
  FetchOptions roomy = loopback();
  roomy.max_body = 1024 * 1024;
  FetchResponse ok = fetch_one(gzipped.url("/big"), roomy);
  CHECK(ok.error.empty());
  CHECK(ok.body == big);  // gzip is decoded
}

TEST_CASE("a server that never answers times out") {
  testing::RawServer silent(nullptr, false);
  FetchOptions quick = loopback();
  quick.timeout_s = 1;
  quick.connect_timeout_s = 1;
  auto start = std::chrono::steady_clock::now();
  FetchResponse r = fetch_one(silent.url("/"), quick);
  CHECK_FALSE(r.error.empty());
  CHECK(r.status == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));  // bounded, not hung
}

TEST_CASE("many URLs: answers in request order, at most 2 at once per host") {
  std::atomic<int> active{0}, peak{0};
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    int now = ++active;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    --active;
    res.set_content("<p>" + req.path + "</p>", "text/html");
  });
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 12; ++i) requests.push_back({server.url("/p" + std::to_string(i)), "", ""});
  FetchOptions options = loopback();
  options.jobs = 8;
  options.host_delay_s = 0;  // concurrency alone
  auto responses = make_curl_fetcher(options)->fetch(requests);
  REQUIRE(responses.size() == 12);
  for (int i = 0; i < 12; ++i) CHECK(responses[i].body == "<p>/p" + std::to_string(i) + "</p>");
  CHECK(peak.load() <= 2);
  CHECK(peak.load() >= 1);
}

TEST_CASE("an honest User-Agent is sent") {
  std::string agent;
  std::mutex m;
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(m);
    agent = req.get_header_value("User-Agent");
    res.set_content("x", "text/plain");
  });
  fetch_one(server.url("/"));
  std::lock_guard<std::mutex> lock(m);
  CHECK(agent == std::string("diffwire/") + DIFFWIRE_VERSION);
}

TEST_CASE("politeness: requests to one host start at least the host delay apart; other hosts do not wait") {
  std::mutex m;
  std::vector<std::chrono::steady_clock::time_point> starts;
  testing::HttpServer slow_host([&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(m);
    starts.push_back(std::chrono::steady_clock::now());
    res.set_content("x", "text/plain");
  });
  testing::HttpServer other_host([&](const httplib::Request&, httplib::Response& res) { res.set_content("y", "text/plain"); });
  FetchOptions options = loopback();
  options.host_delay_s = 0.3;
  std::vector<FetchRequest> requests;
  for (const char* path : {"/0", "/1", "/2", "/3"}) requests.push_back({slow_host.url(path), "", ""});
  requests.push_back({other_host.url("/o"), "", ""});
  auto fetcher = make_curl_fetcher(options);
  auto began = std::chrono::steady_clock::now();
  auto responses = fetcher->fetch(requests);
  for (const auto& r : responses) CHECK(r.error.empty());
  {
    // The fourth request cannot start before three pauses have passed since the fetch began. Measured
    // from the client's side, so that a busy machine (which only makes things later) cannot fail it:
    // the server's own arrival times jitter, and two may land closer than the pause between starts.
    std::lock_guard<std::mutex> lock(m);
    REQUIRE(starts.size() == 4);
    CHECK(starts.back() - began >= std::chrono::milliseconds(900));
  }
  // A request's own delay (a source's setting) replaces the default for the pause after it.
  std::vector<FetchRequest> quick = {{slow_host.url("/q1"), "", "", 0.0}, {slow_host.url("/q2"), "", "", 0.0}};
  auto before = std::chrono::steady_clock::now();
  fetcher->fetch(quick);
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(5));
}

TEST_CASE("429 and 503 with Retry-After: that host gets nothing more until then, others carry on") {
  std::atomic<int> hits{0};
  testing::HttpServer busy([&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    res.status = 429;
    res.set_header("Retry-After", "120");
    res.set_content("slow down", "text/plain");
  });
  testing::HttpServer fine([&](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
  FetchOptions options = loopback();
  options.host_delay_s = 0;
  options.per_host = 1;
  auto fetcher = make_curl_fetcher(options);
  auto r = fetcher->fetch({{busy.url("/a"), "", ""}, {busy.url("/b"), "", ""}, {fine.url("/c"), "", ""}, {busy.url("/d"), "", ""}});
  CHECK(r[0].status == 429);
  CHECK(r[0].retry_after_s == 120);
  CHECK(r[1].error.find("not sent: ") == 0);
  CHECK(r[1].error.find("Retry-After 120 s") != std::string::npos);
  CHECK(r[1].retry_after_s > 100);
  CHECK(r[2].body == "ok");
  CHECK(r[3].error.find("not sent: ") == 0);
  CHECK(hits == 1);
  // The next batch from the same fetcher still leaves that host alone.
  CHECK(fetcher->fetch({{busy.url("/e"), "", ""}})[0].error.find("not sent: ") == 0);
  CHECK(hits == 1);
  CHECK(parse_retry_after("Sun, 22 Nov 2026 18:42:00 GMT", *parse_iso8601("2026-11-22T18:40:00Z")) == 120);
  CHECK(parse_retry_after("soon", 0) == std::nullopt);
}

TEST_CASE("the private-network guard: loopback refused by default, before a byte is sent, also after a redirect") {
  std::atomic<int> requests{0};
  testing::HttpServer server([&](const httplib::Request& req, httplib::Response& res) {
    ++requests;
    if (req.path == "/hop") {
      // A hop to another loopback address: the guard judges the address of every connection.
      res.status = 302;
      res.set_header("Location", "http://127.0.0.2:" + std::to_string(req.local_port) + "/inside");
      return;
    }
    res.set_content("<p>inside</p>", "text/html");
  });
  FetchResponse refused = fetch_one(server.url("/inside"), FetchOptions{});
  CHECK(refused.status == 0);
  CHECK(refused.body.empty());
  CHECK(refused.error.find("refused to connect to 127.0.0.1 (loopback address;") == 0);
  CHECK(refused.error.find("--allow-private") != std::string::npos);
  CHECK(requests == 0);
  // By name, too: "localhost" resolves to a loopback address.
  std::string by_name = server.url("/inside");
  by_name.replace(by_name.find("127.0.0.1"), 9, "localhost");
  CHECK(fetch_one(by_name, FetchOptions{}).error.find("refused to connect to") == 0);
  CHECK(requests == 0);
  // Allowed, it fetches.
  CHECK(fetch_one(server.url("/inside")).status == 200);
  CHECK(requests == 1);
  // A first hop allowed by address, and its redirect to another loopback address: the hop is refused.
  FetchOptions first_hop_only;
  first_hop_only.allow_addresses = {"127.0.0.1"};
  FetchResponse hop = fetch_one(server.url("/hop"), first_hop_only);
  CHECK(hop.error.find("refused to connect to 127.0.0.2 (loopback address;") == 0);
  CHECK(requests == 2);  // the redirect, and nothing after it
}

TEST_CASE("decompression bombs in every coding this libcurl decodes, and stacked: capped, never held whole") {
  FetchOptions small = loopback();
  small.max_body = 1 << 20;
  std::string bomb(64 << 20, 'a');  // 64 MiB of one letter: a few KiB on the wire
  struct Coding {
    std::string header, body;
  };
  std::vector<Coding> codings;
  for (const char* c : {"gzip", "deflate", "br", "zstd"}) codings.push_back({c, testing::encode(bomb, c)});
  codings.push_back({"gzip, gzip", testing::gzip(testing::gzip(bomb))});  // stacked
  for (const Coding& c : codings) {
    REQUIRE(c.body.size() < 300'000);
    testing::RawServer server([&](const std::string&, const testing::RawServer::Send& send) {
      send(http_response("Content-Type: text/html\r\nContent-Encoding: " + c.header + "\r\nContent-Length: " +
                             std::to_string(c.body.size()) + "\r\n",
                         c.body));
    });
    FetchResponse r = fetch_one(server.url("/bomb"), small);
    CHECK_MESSAGE(r.error == "response body larger than 1 MiB", c.header << ": " << r.error);
    CHECK_MESSAGE(r.body.empty(), c.header);
  }
}

TEST_CASE("hostile servers: endless and trickling bodies, giant headers, lying lengths — each a clear outcome") {
  FetchOptions quick = loopback();
  quick.max_body = 1 << 20;
  quick.timeout_s = 3;
  quick.connect_timeout_s = 3;
  auto started = std::chrono::steady_clock::now();
  auto within = [&](int seconds) { return std::chrono::steady_clock::now() - started < std::chrono::seconds(seconds); };

  testing::RawServer endless([](const std::string&, const testing::RawServer::Send& send) {
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n");
    std::string chunk = "2000\r\n" + std::string(0x2000, 'x') + "\r\n";
    while (send(chunk)) {
    }
  });
  started = std::chrono::steady_clock::now();
  CHECK(fetch_one(endless.url("/"), quick).error == "response body larger than 1 MiB");
  CHECK(within(10));

  testing::RawServer trickle([](const std::string&, const testing::RawServer::Send& send) {
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n");
    for (int i = 0; i < 60 && send("x"); ++i) std::this_thread::sleep_for(std::chrono::seconds(1));
  });
  started = std::chrono::steady_clock::now();
  FetchResponse slow = fetch_one(trickle.url("/"), quick);
  CHECK_FALSE(slow.error.empty());
  CHECK(slow.body.empty());
  CHECK(within(10));

  testing::RawServer giant_header([](const std::string&, const testing::RawServer::Send& send) {
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: " + std::string(1 << 20, 'h') + "\r\nContent-Length: 2\r\n\r\nok");
  });
  FetchResponse big = fetch_one(giant_header.url("/"), quick);
  CHECK_FALSE(big.error.empty());  // libcurl refuses a header line this long
  CHECK(big.body.empty());

  testing::RawServer many_headers([](const std::string&, const testing::RawServer::Send& send) {
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n";
    for (int i = 0; i < 1024; ++i) head += "X-H" + std::to_string(i) + ": " + std::string(1000, 'h') + "\r\n";
    send(head + "Content-Length: 2\r\n\r\nok");
  });
  FetchResponse many = fetch_one(many_headers.url("/"), quick);
  CHECK_FALSE(many.error.empty());  // libcurl (as Debian ships it) stops at 300 KiB of headers in all
  CHECK(many.body.empty());
  CHECK(many.headers.size() <= 64 * 1024);  // and diffwire never kept more than 64 KiB of them

  testing::RawServer short_body([](const std::string&, const testing::RawServer::Send& send) {
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n<p>only this</p>");
  });
  FetchResponse cut = fetch_one(short_body.url("/"), quick);
  CHECK_FALSE(cut.error.empty());  // a body shorter than it said is a failed fetch, never a version
  CHECK(cut.body.empty());

  testing::RawServer long_body([](const std::string&, const testing::RawServer::Send& send) {
    send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: close\r\n\r\n<p>hello and more</p>");
  });
  FetchResponse trimmed = fetch_one(long_body.url("/"), quick);
  CHECK(trimmed.body == "<p>he");  // what it said it would send, no more
}
