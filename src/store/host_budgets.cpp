// One round trip per request start: the database function diffwire_host_start (schema/postgresql/
// 008_fleet.sql) locks the host's row, forgets fetches past their deadline, then either takes a place
// (a host_fetches row, and the next start pushed back by the delay) or says how long to wait.
#include "diffwire/host_budgets.hpp"

#include <algorithm>
#include <cmath>

#include "store/sql.hpp"

namespace diffwire {

HostBudgets::HostBudgets(const std::string& target, std::string owner, std::int64_t hold_ms)
    : db_(open_database(target)), owner_(std::move(owner)), hold_ms_(hold_ms) {
  if (db_->engine() != Engine::postgresql)
    throw Error("fleet politeness needs a shared store", db_->name(), "only a postgresql:// store is shared");
}

HostBudgets::~HostBudgets() = default;

std::int64_t HostBudgets::try_start(const std::string& host, int per_host, double delay_s, std::int64_t& ticket) {
  std::lock_guard<std::mutex> hold(mutex_);
  auto delay_ms = static_cast<std::int64_t>(std::llround(std::max(0.0, delay_s) * 1000));
  for (int attempt = 1;; ++attempt) {
    try {
      Statement& start = db_->prepare("SELECT diffwire_host_start(?, ?, ?, ?, ?)");
      start.bind(1, host).bind(2, static_cast<std::int64_t>(per_host)).bind(3, delay_ms).bind(4, owner_).bind(5, hold_ms_);
      start.step();
      std::int64_t answer = start.int_at(0);
      start.reset();
      if (answer < 0) return -answer;
      ticket = answer;
      return 0;
    } catch (const Conflict&) {
      if (attempt == 5) throw;
    }
  }
}

void HostBudgets::finish(std::int64_t ticket) {
  std::lock_guard<std::mutex> hold(mutex_);
  db_->prepare("DELETE FROM host_fetches WHERE id = ?").bind(1, ticket).run();
}

}  // namespace diffwire
