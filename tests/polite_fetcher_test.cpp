#include "diffwire/polite_fetcher.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

using namespace diffwire;
using testing::FakeFetcher;

namespace {
FetchResponse answer(long status, const std::string& body = "", std::int64_t retry_after = -1) {
  FetchResponse r;
  r.status = status;
  r.body = body;
  r.retry_after_s = retry_after;
  return r;
}
PolitenessOptions at(Seconds now) {
  PolitenessOptions o;
  o.now = now;
  return o;
}
int asked(const FakeFetcher& f, const std::string& url) {
  int n = 0;
  for (const auto& r : f.seen) n += r.url == url ? 1 : 0;
  return n;
}
const std::string kRobots = "https://news.example:443/robots.txt";
}  // namespace

TEST_CASE("robots.txt is asked once per origin, and what it disallows is never sent") {
  FakeFetcher net;
  net.pages[kRobots] = answer(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 5\n");
  net.pages["https://news.example/a"] = answer(200, "a");
  PoliteFetcher polite(net, {}, at(1000));
  auto r = polite.fetch({{"https://news.example/a", "", ""}, {"https://news.example/private/b", "", ""}});
  CHECK(r[0].body == "a");
  CHECK(r[1].error == "disallowed by robots.txt (Disallow: /private/)");
  CHECK(asked(net, "https://news.example/private/b") == 0);
  CHECK(asked(net, kRobots) == 1);
  // Its Crawl-delay stretches the pause after each request to that host.
  for (const auto& s : net.seen)
    if (s.url == "https://news.example/a") CHECK(s.host_delay_s == 5.0);
  polite.fetch({{"https://news.example/a", "", ""}});
  CHECK(asked(net, kRobots) == 1);  // cached
  // Saved and read back by the next poll: not asked again within a day, asked again after.
  std::vector<HostRecord> saved = polite.take_changes();
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].origin == "https://news.example:443");
  CHECK(saved[0].robots_expires_at == 1000 + 24 * 3600);
  CHECK(polite.take_changes().empty());
  PoliteFetcher next(net, saved, at(5000));
  CHECK(next.fetch({{"https://news.example/private/c", "", ""}})[0].error.find("disallowed") == 0);
  CHECK(asked(net, kRobots) == 1);
  PoliteFetcher tomorrow(net, saved, at(1000 + 24 * 3600 + 1));
  tomorrow.fetch({{"https://news.example/a", "", ""}});
  CHECK(asked(net, kRobots) == 2);
}

TEST_CASE("robots.txt missing allows; a server error disallows until it is asked again an hour later") {
  FakeFetcher net;
  net.pages["https://gone.example:443/robots.txt"] = answer(404);
  net.pages["https://gone.example/a"] = answer(200, "a");
  net.pages["https://broken.example:443/robots.txt"] = answer(500);
  net.pages["https://broken.example/a"] = answer(200, "a");
  FetchResponse loop = answer(302);
  loop.error = "Maximum (5) redirects followed";
  net.pages["https://loop.example:443/robots.txt"] = loop;
  net.pages["https://loop.example/a"] = answer(200, "a");
  PoliteFetcher polite(net, {}, at(1000));
  auto r = polite.fetch({{"https://gone.example/a", "", ""}, {"https://broken.example/a", "", ""}, {"https://loop.example/a", "", ""}});
  CHECK(r[0].body == "a");
  CHECK(r[2].body == "a");  // robots.txt redirecting in a loop counts as missing
  CHECK(r[1].error == "robots.txt could not be read (HTTP 500); nothing is fetched from this host until it can");
  CHECK(asked(net, "https://broken.example/a") == 0);
  for (const HostRecord& h : polite.take_changes())
    if (h.origin == "https://broken.example:443") CHECK(h.robots_expires_at == 1000 + 3600);
  // A site one runs oneself: robots.txt is not asked at all.
  FakeFetcher own;
  own.pages["https://own.example/a"] = answer(200, "mine");
  PoliteFetcher mine(own, {}, at(1000));
  CHECK(mine.fetch({{"https://own.example/a", "", "", -1, true}})[0].body == "mine");
  CHECK(own.seen.size() == 1);
}

TEST_CASE("429 with Retry-After holds the origin back, in this poll and the next, until then") {
  FakeFetcher net;
  net.pages["https://busy.example:443/robots.txt"] = answer(404);
  net.pages["https://busy.example/a"] = answer(429, "", 600);
  net.pages["https://busy.example/b"] = answer(200, "b");
  PoliteFetcher polite(net, {}, at(1000));
  CHECK(polite.fetch({{"https://busy.example/a", "", ""}})[0].status == 429);
  auto held = polite.fetch({{"https://busy.example/b", "", ""}});
  CHECK(held[0].error.find("not sent: https://busy.example:443 asked to wait until ") == 0);
  CHECK(held[0].error.find("(HTTP 429 with Retry-After 600 s)") != std::string::npos);
  CHECK(asked(net, "https://busy.example/b") == 0);
  std::vector<HostRecord> saved = polite.take_changes();
  PoliteFetcher next_run(net, saved, at(1300));
  CHECK(next_run.fetch({{"https://busy.example/b", "", ""}})[0].error.find("not sent") == 0);
  PoliteFetcher later(net, saved, at(1700));
  CHECK(later.fetch({{"https://busy.example/b", "", ""}})[0].body == "b");
}

TEST_CASE("a Crawl-delay is honoured up to a cap, and never lowers the pause") {
  FakeFetcher net;
  net.pages[kRobots] = answer(200, "User-agent: *\nCrawl-delay: 600\n");
  net.pages["https://news.example/a"] = answer(200, "a");
  net.pages["https://slow.example:443/robots.txt"] = answer(200, "User-agent: *\nCrawl-delay: 0.1\n");
  net.pages["https://slow.example/a"] = answer(200, "a");
  PoliteFetcher polite(net, {}, at(1000));
  polite.fetch({{"https://news.example/a", "", ""}, {"https://slow.example/a", "", "", 3.0}});
  for (const auto& s : net.seen) {
    if (s.url == "https://news.example/a") CHECK(s.host_delay_s == 60.0);
    if (s.url == "https://slow.example/a") CHECK(s.host_delay_s == 3.0);
  }
}
