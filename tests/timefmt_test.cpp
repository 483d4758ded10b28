#include "diffwire/timefmt.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("ISO 8601 formatting and parsing agree") {
  CHECK(format_iso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(format_iso8601(1795305600) == "2026-11-22T00:00:00Z");
  CHECK(parse_iso8601("2026-11-22T18:40:00Z") == 1795305600 + 18 * 3600 + 40 * 60);
  CHECK(parse_iso8601("2026-11-22T19:40:00+01:00") == parse_iso8601("2026-11-22T18:40:00Z"));
  CHECK(parse_iso8601("2026-11-22T18:40:00.123-0030") == *parse_iso8601("2026-11-22T18:40:00Z") + 1800);
  CHECK(parse_iso8601("2026-11-22") == 1795305600);
  CHECK(parse_iso8601("1999-12-31T23:59:59Z") == 946684799);
  for (Seconds t : {Seconds{0}, Seconds{951782400}, Seconds{1795305600 + 12345}, Seconds{4102444800}})
    CHECK(parse_iso8601(format_iso8601(t)) == t);
}

TEST_CASE("malformed ISO 8601 is refused, not guessed") {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-11-22T25:00:00Z", "2026-11-22T18:40Z junk",
                          "2026/11/22", "2026-11-22T18:40:00+5"})
    CHECK_FALSE(parse_iso8601(bad).has_value());
}

TEST_CASE("RFC 822 dates for feeds") {
  CHECK(format_rfc822(1795305600 + 18 * 3600 + 40 * 60) == "Sun, 22 Nov 2026 18:40:00 +0000");
  CHECK(format_rfc822(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST_CASE("durations as options give them") {
  CHECK(parse_duration("90s") == 90);
  CHECK(parse_duration("15m") == 900);
  CHECK(parse_duration("2h") == 7200);
  CHECK(parse_duration("1d") == 86400);
  CHECK(parse_duration("300") == 300);
  for (const char* bad : {"", "m", "-5m", "1.5h", "5 m", "5w", "99999999999d"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_duration(bad));
  }
}

TEST_CASE("RFC 822 dates as feeds write them are read") {
  const Seconds t = 1795305600 + 18 * 3600 + 40 * 60;  // 2026-11-22T18:40:00Z
  CHECK(parse_rfc822("Sun, 22 Nov 2026 18:40:00 +0000") == t);
  CHECK(parse_rfc822("Sun, 22 Nov 2026 18:40:00 GMT") == t);
  CHECK(parse_rfc822("22 Nov 2026 18:40 UT") == t);                 // no weekday, no seconds
  CHECK(parse_rfc822("Sun, 22 Nov 26 13:40:00 EST") == t);          // two-digit year, US zone
  CHECK(parse_rfc822("Sunday, 22 November 2026 20:40:00 +0200") == t);
  CHECK(parse_rfc822(format_rfc822(t)) == t);
  CHECK_FALSE(parse_rfc822("2026-11-22T18:40:00Z"));
  CHECK_FALSE(parse_rfc822("Sun, 32 Nov 2026 18:40:00 GMT"));
  CHECK_FALSE(parse_rfc822("Sun, 22 Nov 2026 18:40:00 Mars"));
  CHECK_FALSE(parse_rfc822(""));
}

TEST_CASE("durations read like the NewsSniffer record") {
  CHECK(describe_later(35 * 60) == "35 minutes later");
  CHECK(describe_later(60) == "1 minute later");
  CHECK(describe_later(45) == "45 seconds later");
  CHECK(describe_later(2 * 3600) == "2 hours later");
  CHECK(describe_later(3600 + 35 * 60) == "1 hour 35 minutes later");
  CHECK(describe_later(3 * 86400 + 3600) == "3 days 1 hour later");
}
