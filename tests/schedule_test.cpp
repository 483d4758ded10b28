#include "diffwire/schedule.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("quiet checks stretch the interval by 1.25, a change resets it to 10 minutes") {
  ScheduleRules rules;
  CHECK(next_interval(600, false, rules) == 750);
  CHECK(next_interval(750, false, rules) == 938);
  CHECK(next_interval(5000, true, rules) == 600);
  CHECK(next_interval(0, false, rules) == 600);
  Seconds i = 600;
  for (int k = 0; k < 100; ++k) i = next_interval(i, false, rules);
  CHECK(i == rules.max_interval);  // capped at a day
}

TEST_CASE("retired after 30 days without a change") {
  Seconds day = 86400;
  CHECK_FALSE(should_retire(0, 29 * day));
  CHECK(should_retire(0, 30 * day));
  ScheduleRules quick;
  quick.retire_after = day;
  CHECK(should_retire(0, day, quick));
}
