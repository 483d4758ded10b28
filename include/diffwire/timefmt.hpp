// Time as diffwire stores and prints it: Unix seconds (UTC) inside, ISO 8601 and RFC 822 outside,
// and the "(35 minutes later)" phrasing of the NewsSniffer record.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace diffwire {

using Seconds = std::int64_t;  // Unix time, UTC

Seconds now_seconds();
std::string format_iso8601(Seconds t);                     // 2026-11-22T18:40:00Z
std::optional<Seconds> parse_iso8601(std::string_view s);  // Z or ±hh:mm offsets; date-only allowed
std::string format_rfc822(Seconds t);                      // Sun, 22 Nov 2026 18:40:00 +0000
// RFC 822/1123 as feeds write it: weekday optional, 2- or 4-digit year, seconds optional, numeric
// offsets or GMT/UT/UTC/Z and the US zone names.
std::optional<Seconds> parse_rfc822(std::string_view s);
std::string describe_duration(Seconds d);                  // "35 minutes", "2 hours", "3 days"
// "90s", "15m", "2h", "1d", or plain seconds; nullopt for anything else or a negative/absurd value.
std::optional<Seconds> parse_duration(std::string_view s);
std::string describe_later(Seconds d);                     // "35 minutes later"

}  // namespace diffwire
