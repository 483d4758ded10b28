// The decay schedule. Pure functions of the article's state, so the policy is tested without a clock.
#include "diffwire/schedule.hpp"

#include <algorithm>
#include <cmath>

namespace diffwire {

Seconds next_interval(Seconds current, bool changed, const ScheduleRules& rules) {
  if (changed || current <= 0) return rules.first_interval;
  auto stretched = static_cast<Seconds>(std::llround(static_cast<double>(current) * rules.factor));
  return std::clamp(stretched, rules.first_interval, rules.max_interval);
}

bool should_retire(Seconds last_changed_at, Seconds now, const ScheduleRules& rules) {
  return now - last_changed_at >= rules.retire_after;
}

}  // namespace diffwire
