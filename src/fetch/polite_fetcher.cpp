// The order matters: robots.txt is fetched (through the same inner fetcher, so it obeys the host
// delay too) before anything else on its origin, and a request is held back or refused here, before
// the network, with a reason the check records.
#include "diffwire/polite_fetcher.hpp"

#include <algorithm>

#include "diffwire/url.hpp"

namespace diffwire {

PoliteFetcher::PoliteFetcher(Fetcher& inner, const std::vector<HostRecord>& known, PolitenessOptions options,
                             Backoff* backoff)
    : inner_(inner),
      options_(std::move(options)),
      own_backoff_(backoff ? nullptr : std::make_unique<Backoff>(options_.now, known)),
      backoff_(backoff ? *backoff : *own_backoff_),
      started_(std::chrono::steady_clock::now()) {
  for (const HostRecord& h : known) hosts_[h.origin] = h;
}

Seconds PoliteFetcher::now() const {
  return options_.now + std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
}

const RobotsRules& PoliteFetcher::rules_for(const std::string& origin) {
  auto it = parsed_.find(origin);
  if (it == parsed_.end()) {
    const HostRecord& h = hosts_[origin];
    it = parsed_.emplace(origin, robots_from_status(h.robots_status, h.robots, options_.product, h.robots_error)).first;
  }
  return it->second;
}

std::vector<FetchResponse> PoliteFetcher::fetch(const std::vector<FetchRequest>& requests) {
  Seconds t = now();
  // 1. robots.txt for every origin that needs it and has none fresh.
  std::vector<std::string> stale;
  {
    std::lock_guard<std::mutex> hold(mutex_);
    std::set<std::string> asked;
    for (const FetchRequest& r : requests) {
      if (r.ignore_robots) continue;
      std::string origin = origin_of(r.url);
      auto h = hosts_.find(origin);
      bool fresh = h != hosts_.end() && h->second.robots_expires_at > t;
      bool waiting = backoff_.holds(origin).has_value();
      if (!fresh && !waiting && asked.insert(origin).second) stale.push_back(origin);
    }
  }
  // Origins the private-network guard refused: our own policy, not the host's state — nothing is
  // remembered of their robots.txt, and their pages get the same refusal.
  std::map<std::string, std::string> refused;
  if (!stale.empty()) {
    std::vector<FetchRequest> robots;
    for (const std::string& origin : stale) robots.push_back({origin + "/robots.txt", "", ""});
    std::vector<FetchResponse> answers = inner_.fetch(robots);
    std::lock_guard<std::mutex> hold(mutex_);
    for (std::size_t i = 0; i < stale.size(); ++i) {
      const FetchResponse& a = answers[i];
      if (a.private_address) {
        refused[stale[i]] = a.error;
        continue;
      }
      HostRecord& h = hosts_[stale[i]];
      h.origin = stale[i];
      bool redirected_away = !a.error.empty() && a.status >= 300 && a.status < 400;  // a redirect loop
      h.robots_status = a.error.empty() || redirected_away ? a.status : 0;
      h.robots = a.error.empty() ? a.body.substr(0, kMaxRobotsBytes) : "";
      h.robots_error = a.error;
      bool answered = h.robots_status >= 200 && h.robots_status < 500 && h.robots_status != 429;
      h.robots_expires_at = t + (answered ? options_.robots_ttl : options_.robots_retry);
      backoff_.heard(stale[i], a);
      parsed_.erase(stale[i]);
      changed_.insert(stale[i]);
    }
  }

  // 2. Hold back, refuse, or pass on with the host's Crawl-delay.
  std::vector<FetchResponse> out(requests.size());
  std::vector<FetchRequest> passed;
  std::vector<std::size_t> where;
  {
    std::lock_guard<std::mutex> hold(mutex_);
    for (std::size_t i = 0; i < requests.size(); ++i) {
      FetchRequest r = requests[i];
      std::string origin = origin_of(r.url);
      if (auto no = refused.find(origin); no != refused.end()) {
        out[i].error = no->second;
        out[i].private_address = true;
        continue;
      }
      if (auto hold = backoff_.holds(origin)) {
        out[i].error = hold->why;
        out[i].retry_after_s = hold->wait_s;
        continue;
      }
      if (!r.ignore_robots) {
        const RobotsRules& rules = rules_for(origin);
        std::string why;
        if (!rules.allows(parse_http_url(r.url).path, &why)) {
          out[i].error = why;
          continue;
        }
        if (rules.crawl_delay) {
          double base = r.host_delay_s >= 0 ? r.host_delay_s : options_.default_delay_s;
          r.host_delay_s = std::max(base, std::min(*rules.crawl_delay, options_.max_crawl_delay_s));
        }
      }
      passed.push_back(std::move(r));
      where.push_back(i);
    }
  }
  std::vector<FetchResponse> answers = passed.empty() ? std::vector<FetchResponse>{} : inner_.fetch(passed);

  // 3. What the answers say about waiting.
  std::lock_guard<std::mutex> hold(mutex_);
  for (std::size_t k = 0; k < answers.size(); ++k) {
    FetchResponse& a = answers[k];
    backoff_.heard(origin_of(passed[k].url), a);  // (the network fetcher may have told it already: the same)
    out[where[k]] = std::move(a);
  }
  return out;
}

std::vector<HostRecord> PoliteFetcher::take_changes() {
  std::lock_guard<std::mutex> hold(mutex_);
  for (const HostRecord& b : backoff_.take_changes()) {
    HostRecord& h = hosts_[b.origin];
    h.origin = b.origin;
    h.backoff_until = b.backoff_until;
    h.backoff_reason = b.backoff_reason;
    changed_.insert(b.origin);
  }
  std::vector<HostRecord> out;
  for (const std::string& origin : changed_) out.push_back(hosts_[origin]);
  changed_.clear();
  return out;
}

}  // namespace diffwire
