// Several pollers on one PostgreSQL store, end to end: four real `diffwire poll` processes against a
// loopback site of 2,000 articles on eight hosts, whose every article changes between passes. The
// site's own log is the witness: no article is fetched twice in a pass, no host ever has more than
// two requests at once or two starts closer than the pause — across all four processes — and when
// one poller is killed mid-pass the store ends with every version once: none lost, none doubled.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "postgres_cluster.hpp"
#include "store/sql.hpp"
#include "support.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kHosts = 8, kPerHost = 250;  // 2,000 articles
constexpr double kDelayS = 0.010;           // --host-delay: 10 ms between starts on one host

std::string page(int story, int edition) {
  std::string n = std::to_string(story), e = std::to_string(edition);
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour story " + n +
         "</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>Harbour story " + n + "</h1>" +
         "<p>The harbour board met on Tuesday evening to discuss story " + n + ", and this is edition " + e +
         " of the report, which the newsroom keeps rewriting as the facts come in.</p>"
         "<p>Residents told the board that the new timetable for story " + n +
         " would leave the morning ferry half empty, while the evening crossings were already full by the end of "
         "the first week.</p><p>A spokesperson said the figures for edition " + e +
         " would be published next month, after the council has reviewed the complaints and the operator has "
         "answered them in writing.</p></article></body></html>";
}

struct Request {
  int host;
  std::string path;
  Clock::time_point start, end;
};

// Eight hosts (ports) of one site; every article reads as edition `edition`; every request logged.
struct Site {
  std::atomic<int> edition{1};
  std::mutex mutex;
  std::vector<Request> log;
  std::vector<std::unique_ptr<testing::HttpServer>> hosts;
  Site() {
    for (int h = 0; h < kHosts; ++h)
      hosts.push_back(std::make_unique<testing::HttpServer>([this, h](const httplib::Request& req, httplib::Response& res) {
        Request r{h, req.path, Clock::now(), {}};
        int story = std::atoi(req.path.substr(req.path.rfind('/') + 1).c_str());
        std::this_thread::sleep_for(std::chrono::milliseconds(3));  // long enough for overlaps to show
        res.set_content(page(story, edition), "text/html; charset=utf-8");
        r.end = Clock::now();
        std::lock_guard<std::mutex> hold(mutex);
        log.push_back(std::move(r));
      }));
  }
  std::vector<std::string> urls() const {
    std::vector<std::string> out;
    for (int story = 0; story < kHosts * kPerHost; ++story)  // hosts take turns, as on a real front page
      out.push_back(hosts[story % kHosts]->url("/story/" + std::to_string(story)));
    return out;
  }
  std::vector<Request> take_log() {
    std::lock_guard<std::mutex> hold(mutex);
    return std::exchange(log, {});
  }
};

struct Politeness {
  int max_at_once = 0;       // on one host
  double min_gap_ms = 1e9;   // between two starts on one host: the pause, less the jitter between
                             // a poll's turn and its request's arrival on a busy 2-core machine
  double mean_gap_ms = 1e9;  // on the busiest host: the pause, on average
  int duplicates = 0;        // paths fetched more than once
};

Politeness judge(const std::vector<Request>& log) {
  Politeness p;
  std::map<std::string, int> fetched;
  for (int h = 0; h < kHosts; ++h) {
    std::vector<Request> mine;
    for (const Request& r : log)
      if (r.host == h) mine.push_back(r);
    std::sort(mine.begin(), mine.end(), [](const Request& a, const Request& b) { return a.start < b.start; });
    for (std::size_t i = 0; i < mine.size(); ++i) {
      int at_once = 1;
      for (std::size_t j = 0; j < i; ++j) at_once += mine[j].end > mine[i].start;
      p.max_at_once = std::max(p.max_at_once, at_once);
      if (i > 0)
        p.min_gap_ms = std::min(p.min_gap_ms, std::chrono::duration<double, std::milli>(mine[i].start - mine[i - 1].start).count());
    }
    if (mine.size() > 1)
      p.mean_gap_ms = std::min(p.mean_gap_ms, std::chrono::duration<double, std::milli>(mine.back().start - mine.front().start).count() /
                                                  static_cast<double>(mine.size() - 1));
  }
  for (const Request& r : log) fetched[std::to_string(r.host) + r.path]++;
  for (const auto& [path, n] : fetched) p.duplicates += n > 1;
  return p;
}

// A whole pass by the fleet: each article once, the host limits held across every poller.
void check_pass(std::size_t requests, const Politeness& p) {
  CHECK(requests == 2000);
  CHECK(p.duplicates == 0);
  CHECK(p.max_at_once <= 2);
  CHECK(p.mean_gap_ms >= kDelayS * 1000 * 0.95);
}

std::int64_t query_int(const std::string& target, const std::string& sql) {
  auto db = diffwire::open_database(target);
  auto s = db->statement(sql);
  s->step();
  return s->int_at(0);
}

// Starts `n` pollers at once, their leases `lease` long; returns their pids.
std::vector<int> start_pollers(int n, const std::string& target, const char* now, const char* lease = "60s") {
  std::vector<int> pids;
  for (int i = 0; i < n; ++i)
    pids.push_back(testing::spawn_diffwire({"--db", target, "poll", "--now", now, "--host-delay", "0.010", "--jobs", "8",
                                            "--lease", lease}));
  return pids;
}

int wait_for(int pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("four pollers on one PostgreSQL store: no fetch twice, the fleet's politeness, nothing lost when one dies") {
  Site site;
  std::string target = testing::fresh_postgres_database();
  std::vector<std::string> track{"--db", target, "track"};
  for (const std::string& url : site.urls()) track.push_back(url);
  REQUIRE(testing::run_diffwire(track, {{"DIFFWIRE_NOW", "2026-11-22T08:00:00Z"}}).status == 0);

  auto tracked_at = Clock::now();
  // Pass 1: four pollers share the 2,000 first fetches.
  auto started = Clock::now();
  for (int pid : start_pollers(4, target, "2026-11-22T08:00:00Z")) CHECK(wait_for(pid) == 0);
  double pass_s = std::chrono::duration<double>(Clock::now() - started).count();
  std::vector<Request> pass1 = site.take_log();
  Politeness p1 = judge(pass1);
  MESSAGE("pass 1: " << pass1.size() << " requests in " << pass_s << " s; at most " << p1.max_at_once
                     << " at once on a host; starts " << p1.mean_gap_ms << " ms apart on average, the closest "
                     << p1.min_gap_ms << " ms");
  check_pass(pass1.size(), p1);
  CHECK(query_int(target, "SELECT count(*) FROM versions") == 2000);
  CHECK(query_int(target, "SELECT count(DISTINCT lease_owner) FROM articles") == 4);  // all four took part

  // Pass 2: every article changes; one poller is killed a third of the way through.
  site.edition = 2;
  std::vector<int> pids = start_pollers(4, target, "2026-11-22T09:00:00Z", "6s");  // short: a death costs 6 s
  for (auto give_up = Clock::now() + std::chrono::seconds(60); Clock::now() < give_up;) {
    {
      std::lock_guard<std::mutex> hold(site.mutex);
      if (site.log.size() >= 600) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(pids[0], SIGKILL);
  auto killed_at = Clock::now();
  CHECK(wait_for(pids[0]) == 128 + SIGKILL);
  for (std::size_t i = 1; i < pids.size(); ++i) CHECK(wait_for(pids[i]) == 0);
  std::int64_t left = query_int(target, "SELECT count(*) FROM articles WHERE next_check_at <= 1795338000");
  MESSAGE("pass 2: " << left << " articles left to the dead poller's leases, "
                     << std::chrono::duration<double>(Clock::now() - tracked_at).count() << " s since pass 1 began");
  // Its leases run out (6 s after its last claim); the next poll takes its articles.
  std::this_thread::sleep_until(killed_at + std::chrono::milliseconds(6200));
  for (int pid : start_pollers(1, target, "2026-11-22T09:00:00Z", "6s")) CHECK(wait_for(pid) == 0);
  CHECK(query_int(target, "SELECT count(*) FROM articles WHERE next_check_at <= 1795338000") == 0);
  // Every article: exactly versions 1 and 2, the second its edition 2 — none lost, none doubled.
  CHECK(query_int(target, "SELECT count(*) FROM versions") == 4000);
  CHECK(query_int(target, "SELECT count(*) FROM (SELECT article_id FROM versions GROUP BY article_id "
                          "HAVING count(*) != 2 OR min(number) != 1 OR max(number) != 2) x") == 0);
  CHECK(query_int(target, "SELECT count(*) FROM versions v JOIN versions w ON w.article_id = v.article_id "
                          "AND w.number = v.number + 1 WHERE w.content_hash = v.content_hash") == 0);
  site.take_log();

  // Pass 3, after the death: again no article twice and the limits hold.
  site.edition = 3;
  for (int pid : start_pollers(4, target, "2026-11-22T10:00:00Z")) CHECK(wait_for(pid) == 0);
  std::vector<Request> pass3 = site.take_log();
  check_pass(pass3.size(), judge(pass3));
  CHECK(query_int(target, "SELECT count(*) FROM versions") == 6000);
  CHECK(query_int(target, "SELECT count(*) FROM host_fetches") == 0);  // every place given back
}
