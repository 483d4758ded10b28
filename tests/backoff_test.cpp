#include "diffwire/backoff.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

namespace {
FetchResponse answer(long status, std::int64_t retry_after_s) {
  FetchResponse r;
  r.status = status;
  r.retry_after_s = retry_after_s;
  return r;
}
}  // namespace

TEST_CASE("a 429 or 503 with Retry-After holds its origin until then, and only that origin") {
  Seconds now = 1795372800;  // 2026-11-22T18:40:00Z
  Backoff b(now);
  b.heard("https://busy.example:443", answer(429, 600));
  b.heard("https://other.example:443", answer(500, 600));  // no Retry-After rule for a 500
  b.heard("https://fine.example:443", answer(503, -1));     // a 503 without Retry-After
  auto hold = b.holds("https://busy.example:443");
  REQUIRE(hold);
  CHECK(hold->why == "not sent: https://busy.example:443 asked to wait until 2026-11-22T18:50:00Z (HTTP 429 with Retry-After 600 s)");
  CHECK(hold->wait_s >= 599);
  CHECK_FALSE(b.holds("https://other.example:443"));
  CHECK_FALSE(b.holds("https://fine.example:443"));
  b.heard("https://busy.example:443", answer(503, 60));  // a shorter wait does not shorten the hold
  CHECK(b.holds("https://busy.example:443")->why.find("Retry-After 600 s") != std::string::npos);
  std::vector<HostRecord> saved = b.take_changes();
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].origin == "https://busy.example:443");
  CHECK(saved[0].backoff_until == now + 600);
  CHECK(b.take_changes().empty());
}

TEST_CASE("a hold the store remembers carries over to the next poll, and ends when its time has come") {
  HostRecord known;
  known.origin = "https://busy.example:443";
  known.backoff_until = 2000;
  known.backoff_reason = "HTTP 429 with Retry-After 1000 s";
  CHECK(Backoff(1500, {known}).holds(known.origin));
  CHECK_FALSE(Backoff(2000, {known}).holds(known.origin));
}
