// Politeness for a fleet of pollers that share one PostgreSQL store: each host's concurrency and the
// pause between requests hold across every poll on every machine, because a request starts only
// after it has claimed a place in the host's budget in the database (one row per host, locked for
// the claim, so claims are atomic). Times are the database's clock, so machines' clocks may differ.
// A poll that dies mid-fetch holds its place only until the fetch's deadline.
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "diffwire/http.hpp"

namespace diffwire {

class Database;

class HostBudgets : public HostGate {
 public:
  // `target`: the store's postgresql:// URL (a connection of its own: the fetch thread uses it while
  // the poll uses the store). `hold_ms`: how long a started fetch counts at most (its timeout and more).
  HostBudgets(const std::string& target, std::string owner, std::int64_t hold_ms);
  ~HostBudgets() override;
  std::int64_t try_start(const std::string& host, int per_host, double delay_s, std::int64_t& ticket) override;
  void finish(std::int64_t ticket) override;

 private:
  std::unique_ptr<Database> db_;
  std::string owner_;
  std::int64_t hold_ms_;
  std::mutex mutex_;
};

}  // namespace diffwire
