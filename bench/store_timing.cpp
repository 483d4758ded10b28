// Times the store's own calls on a big store (bench/fleet-store): a lease batch (Store::claim of 64
// due articles, then given back), the count of due articles, and everything `diffwire log` reads for
// one article. Each is run ROUNDS times (default 50) on different articles; prints median and worst.
//   store-timing STORE NOW [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "diffwire/store.hpp"

using namespace diffwire;
using Clock = std::chrono::steady_clock;

namespace {

template <typename Work>
void measure(const char* what, int rounds, Work work) {
  std::vector<double> ms;
  for (int i = 0; i < rounds; ++i) {
    auto start = Clock::now();
    work(i);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("| %s | %d | %.2f ms | %.2f ms |\n", what, rounds, ms[ms.size() / 2], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: store-timing STORE NOW [ROUNDS]\n");
    return 2;
  }
  Store store = Store::open(argv[1], OpenMode::must_exist);
  Seconds now = std::atoll(argv[2]);
  int rounds = argc > 3 ? std::atoi(argv[3]) : 50;
  std::printf("| call | rounds | median | worst |\n|---|---|---|---|\n");
  std::size_t due = 0;
  measure("count of due articles (Store::count_due)", 5, [&](int) { due = store.count_due(now, false); });
  std::size_t tracked = store.count_due(now, true);
  std::size_t claimed = 0;
  measure("lease batch of 64 (Store::claim, then release)", rounds, [&](int i) {
    std::string owner = "bench-" + std::to_string(i);
    claimed += store.claim(owner, now, false, 64, now, now + 600).size();
    store.release(owner);
  });
  std::size_t versions = 0;
  measure("log of one article (article, versions with text, checks, events)", rounds, [&](int i) {
    // Spread over the store; by URL, as `diffwire log URL` finds it.
    std::optional<ArticleRecord> by_id = store.tracked_article(2 + (i * 19997L) % static_cast<long>(tracked));
    std::optional<ArticleRecord> a = by_id ? store.article(by_id->url) : std::nullopt;
    if (!a) {
      std::fprintf(stderr, "no article %d\n", i);
      std::exit(1);
    }
    versions += store.versions(a->id).size();
    store.checks(a->id);
    store.events(a->id);
  });
  std::printf("\n%zu articles due; %zu claimed per batch on average; %zu versions per log\n", due,
              claimed / static_cast<std::size_t>(rounds), versions / static_cast<std::size_t>(rounds));
  return 0;
}
