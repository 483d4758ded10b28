#include "diffwire/host_budgets.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "diffwire/error.hpp"
#include "diffwire/store.hpp"
#include "postgres_cluster.hpp"

using namespace diffwire;

namespace {
std::string shared_store() {
  std::string target = testing::fresh_postgres_database();
  Store::open(target);  // the tables
  return target;
}
}  // namespace

TEST_CASE("host budgets: two requests at once per host across pollers, a third waits until one ends") {
  std::string target = shared_store();
  HostBudgets a(target, "poll-a", 60'000), b(target, "poll-b", 60'000);
  std::int64_t t1 = 0, t2 = 0, t3 = 0;
  CHECK(a.try_start("news.example:443", 2, 0, t1) == 0);
  CHECK(b.try_start("news.example:443", 2, 0, t2) == 0);
  CHECK(t1 != t2);
  CHECK(b.try_start("news.example:443", 2, 0, t3) > 0);   // the host is full, for every poller
  CHECK(a.try_start("other.example:443", 2, 0, t3) == 0);  // another host is not
  a.finish(t1);
  CHECK(b.try_start("news.example:443", 2, 0, t3) == 0);
}

TEST_CASE("host budgets: the pause between two starts holds across pollers, on the database's clock") {
  std::string target = shared_store();
  HostBudgets a(target, "poll-a", 60'000), b(target, "poll-b", 60'000);
  std::int64_t t = 0;
  CHECK(a.try_start("news.example:443", 2, 0.5, t) == 0);
  a.finish(t);
  std::int64_t wait = b.try_start("news.example:443", 2, 0.5, t);
  CHECK(wait > 300);  // most of the half second is still to go
  CHECK(wait <= 500);
  std::this_thread::sleep_for(std::chrono::milliseconds(wait + 20));
  CHECK(b.try_start("news.example:443", 2, 0.5, t) == 0);
}

TEST_CASE("host budgets: a dead poller's places are free at once, a hung one's after their deadline") {
  std::string target = shared_store();
  HostBudgets alive(target, "poll-alive", 60'000);
  std::int64_t t = 0;
  {
    HostBudgets dying(target, "poll-dying", 60'000);
    CHECK(dying.try_start("news.example:443", 2, 0, t) == 0);
    CHECK(dying.try_start("news.example:443", 2, 0, t) == 0);
    CHECK(alive.try_start("news.example:443", 2, 0, t) > 0);
  }  // its connection closes, as when the process is killed
  bool freed = false;
  for (int i = 0; i < 100 && !freed; ++i) {  // the server notices the closed session within moments
    freed = alive.try_start("news.example:443", 2, 0, t) == 0;
    if (!freed) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(freed);
  HostBudgets hung(target, "poll-hung", 300);  // its fetches count for 0.3 s at most
  CHECK(hung.try_start("hung.example:443", 1, 0, t) == 0);
  CHECK(alive.try_start("hung.example:443", 1, 0, t) > 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  CHECK(alive.try_start("hung.example:443", 1, 0, t) == 0);
}

TEST_CASE("host budgets need a shared store") {
  CHECK_THROWS_WITH_AS(HostBudgets(":memory:", "x", 1000), doctest::Contains("only a postgresql:// store is shared"), Error);
}
