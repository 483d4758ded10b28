// When an article is next checked. New and recently changed stories are checked often; each quiet
// check stretches the interval, so a month-old story costs almost nothing, and errors back off the
// same way so a broken site is not hammered.
#pragma once
#include "diffwire/timefmt.hpp"

namespace diffwire {

struct ScheduleRules {
  Seconds first_interval = 10 * 60;
  double factor = 1.25;
  Seconds max_interval = 24 * 60 * 60;
  Seconds retire_after = 30 * 24 * 60 * 60;  // without a change
};

// The interval after a check: back to the first interval on a change, else stretched by factor.
Seconds next_interval(Seconds current, bool changed, const ScheduleRules& rules = {});
bool should_retire(Seconds last_changed_at, Seconds now, const ScheduleRules& rules = {});

}  // namespace diffwire
