// Time conversions without the C library's locale and time-zone state: days-from-civil arithmetic
// (Howard Hinnant's algorithm), so results do not depend on TZ or setlocale.
#include "diffwire/timefmt.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <utility>
#include <vector>

namespace diffwire {

namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d, hh, mm, ss, wday;
};

Civil civil_from_seconds(Seconds t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  Civil c{};
  c.wday = static_cast<unsigned>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  c.d = doy - (153 * mp + 2) / 5 + 1;
  c.m = mp < 10 ? mp + 3 : mp - 9;
  c.y = static_cast<std::int64_t>(yoe) + era * 400 + (c.m <= 2);
  c.hh = static_cast<unsigned>(secs / 3600);
  c.mm = static_cast<unsigned>(secs % 3600 / 60);
  c.ss = static_cast<unsigned>(secs % 60);
  return c;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::string plural(std::int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

}  // namespace

Seconds now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_iso8601(Seconds t) {
  Civil c = civil_from_seconds(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(c.y), c.m,
                c.d, c.hh, c.mm, c.ss);
  return buf;
}

std::optional<Seconds> parse_iso8601(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  std::size_t pos = 10;
  std::int64_t offset = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    if (!digits(s, pos + 1, 2, h) || s.size() < pos + 6 || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (pos < s.size()) {
      if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
        pos += 1;
      } else if (s[pos] == '+' || s[pos] == '-') {
        int oh, om;
        std::size_t mpos = pos + 3;
        if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
        if (mpos < s.size() && s[mpos] == ':') ++mpos;
        if (!digits(s, mpos, 2, om) || mpos + 2 != s.size()) return std::nullopt;
        offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos = s.size();
      } else {
        return std::nullopt;
      }
    }
  }
  if (pos != s.size()) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
         mi * 60 + sec - offset;
}

std::string format_rfc822(Seconds t) {
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Civil c = civil_from_seconds(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u +0000", days[c.wday], c.d,
                months[c.m - 1], static_cast<long long>(c.y), c.hh, c.mm, c.ss);
  return buf;
}

std::optional<Seconds> parse_rfc822(std::string_view s) {
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::vector<std::string> words;  // split on spaces and commas, lower-cased
  std::string word;
  for (char c : std::string(s) + " ") {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word)), word.clear();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  std::size_t i = 0;
  if (i < words.size() && !words[i].empty() && std::isalpha(static_cast<unsigned char>(words[i][0]))) ++i;  // weekday
  if (words.size() < i + 4) return std::nullopt;
  int d, y, h, mi, sec = 0;
  const std::string &day = words[i], &mon = words[i + 1], &year = words[i + 2], &clock = words[i + 3];
  if (day.size() > 2 || !digits(day, 0, day.size(), d)) return std::nullopt;
  int mo = 0;
  for (int k = 0; k < 12; ++k)
    if (mon.rfind(months[k], 0) == 0) mo = k + 1;
  if (mo == 0) return std::nullopt;
  if (year.size() == 4) {
    if (!digits(year, 0, 4, y)) return std::nullopt;
  } else if (year.size() == 2 && digits(year, 0, 2, y)) {
    y += y < 50 ? 2000 : 1900;
  } else {
    return std::nullopt;
  }
  if (clock.size() < 5 || !digits(clock, 0, 2, h) || clock[2] != ':' || !digits(clock, 3, 2, mi)) return std::nullopt;
  if (clock.size() == 8 && (clock[5] != ':' || !digits(clock, 6, 2, sec))) return std::nullopt;
  if (clock.size() != 5 && clock.size() != 8) return std::nullopt;
  if (d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::int64_t offset = 0;
  if (words.size() > i + 4) {
    const std::string& zone = words[i + 4];
    static const std::pair<const char*, int> names[] = {{"gmt", 0},  {"ut", 0},   {"utc", 0},  {"z", 0},
                                                        {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
                                                        {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}};
    bool known = false;
    for (const auto& [name, hours] : names)
      if (zone == name) offset = hours * 3600, known = true;
    int oh, om;
    if (!known && zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2, oh) && digits(zone, 3, 2, om))
      offset = (oh * 3600 + om * 60) * (zone[0] == '+' ? 1 : -1), known = true;
    if (!known) return std::nullopt;
  }
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec -
         offset;
}

std::optional<Seconds> parse_duration(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  Seconds unit = 1;
  switch (s.back()) {
    case 's': unit = 1; s.remove_suffix(1); break;
    case 'm': unit = 60; s.remove_suffix(1); break;
    case 'h': unit = 3600; s.remove_suffix(1); break;
    case 'd': unit = 86400; s.remove_suffix(1); break;
    default: break;
  }
  if (s.empty()) return std::nullopt;
  Seconds n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n > 10LL * 365 * 86400 / unit) return std::nullopt;
  return n * unit;
}

std::string describe_duration(Seconds d) {
  if (d < 0) d = -d;
  if (d < 60) return plural(d, "second");
  if (d < 3600) return plural(d / 60, "minute");
  if (d < 86400) {
    std::int64_t h = d / 3600, m = d % 3600 / 60;
    return m == 0 ? plural(h, "hour") : plural(h, "hour") + " " + plural(m, "minute");
  }
  std::int64_t days = d / 86400, h = d % 86400 / 3600;
  return h == 0 ? plural(days, "day") : plural(days, "day") + " " + plural(h, "hour");
}

std::string describe_later(Seconds d) {
  return d < 0 ? describe_duration(d) + " earlier" : describe_duration(d) + " later";
}

}  // namespace diffwire
