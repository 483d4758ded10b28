// Backoff (backoff.hpp). Time is the poll's clock (--now, for tests) advanced by the steady clock, so
// that a hold means the same to the store, the fetchers and the tests whatever the wall clock does.
#include "diffwire/backoff.hpp"

#include <algorithm>

namespace diffwire {

Backoff::Backoff(Seconds now, const std::vector<HostRecord>& known)
    : started_now_(now), started_(std::chrono::steady_clock::now()) {
  for (const HostRecord& h : known)
    if (h.backoff_until > 0) until_[h.origin] = {h.backoff_until, h.backoff_reason};
}

Seconds Backoff::now() const {
  return started_now_ + std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
}

void Backoff::heard(const std::string& origin, const FetchResponse& answer) {
  if (answer.retry_after_s < 0 || (answer.status != 429 && answer.status != 503)) return;
  Seconds at = now() + answer.retry_after_s;
  std::lock_guard<std::mutex> hold(mutex_);
  Until& u = until_[origin];
  if (at < u.at) return;  // an earlier, longer hold stands
  u.at = at;
  u.reason = "HTTP " + std::to_string(answer.status) + " with Retry-After " + std::to_string(answer.retry_after_s) + " s";
  changed_.insert(origin);
}

std::optional<Backoff::Hold> Backoff::holds(const std::string& origin) const {
  Seconds t = now();
  std::lock_guard<std::mutex> hold(mutex_);
  auto it = until_.find(origin);
  if (it == until_.end() || it->second.at <= t) return std::nullopt;
  return Hold{"not sent: " + origin + " asked to wait until " + format_iso8601(it->second.at) + " (" + it->second.reason + ")",
              it->second.at - t};
}

std::vector<HostRecord> Backoff::take_changes() {
  std::lock_guard<std::mutex> hold(mutex_);
  std::vector<HostRecord> out;
  for (const std::string& origin : changed_) {
    HostRecord h;
    h.origin = origin;
    h.backoff_until = until_[origin].at;
    h.backoff_reason = until_[origin].reason;
    out.push_back(std::move(h));
  }
  changed_.clear();
  return out;
}

}  // namespace diffwire
