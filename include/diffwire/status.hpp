// `diffwire status`: the store's health at a glance, for a cron job's owner — the model (what is
// tracked, due and retired, the last run, failed checks by host, warnings) and its two writers.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "diffwire/store.hpp"

namespace diffwire {

struct StatusReport {
  std::string store;
  Seconds now = 0;
  Store::Health health;
  std::optional<Store::Run> last_run;
  struct HostErrors {
    std::string host;
    int checks = 0, articles = 0;
  };
  std::vector<HostErrors> errors;  // failed checks in the last day, by host, most first
  std::vector<std::string> warnings;
};
StatusReport make_status(Store& store, const std::string& path, Seconds now);
std::string render_status_text(const StatusReport& report);
std::string render_status_json(const StatusReport& report);

}  // namespace diffwire
