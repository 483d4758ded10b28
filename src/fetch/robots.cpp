// RFC 9309 section 2: groups, rules, longest match. Pattern matching is a small backtracking matcher
// over '*' and a trailing '$', linear enough for the lengths robots.txt rules have.
#include "diffwire/robots.hpp"

#include <cctype>
#include <cstdlib>

#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Does pattern match a prefix of path ("$" at its end anchors it to the whole path)? A pattern that
// is not anchored matches a prefix exactly when pattern + "*" matches the whole path, so both are one
// '*'-glob match: the classic two-pointer algorithm, backtracking only to the last '*'.
bool matches(std::string_view pattern, std::string_view path) {
  std::string p(pattern);
  if (!p.empty() && p.back() == '$') p.pop_back();
  else p += '*';
  std::size_t i = 0, j = 0, star = std::string::npos, mark = 0;
  while (j < path.size()) {
    if (i < p.size() && p[i] == '*') {
      star = i++;
      mark = j;
    } else if (i < p.size() && p[i] == path[j]) {
      ++i;
      ++j;
    } else if (star != std::string::npos) {
      i = star + 1;
      j = ++mark;
    } else {
      return false;
    }
  }
  while (i < p.size() && p[i] == '*') ++i;
  return i == p.size();
}

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A path or rule as RFC 9309 section 2.2.2 compares them: a percent-encoded unreserved character is
// decoded ("%7E" is "~"), other percent-encodings have upper-case hex digits ("%2f" is "%2F"), and
// octets outside ASCII are percent-encoded ("/ツ" is "/%E3%83%84"). "*" and "$" are left to the matcher.
std::string normalized_path(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c == '%' && i + 2 < path.size() && hex_value(path[i + 1]) >= 0 &&
        hex_value(path[i + 2]) >= 0) {
      unsigned char decoded = static_cast<unsigned char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
      if (decoded < 0x80 && unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        out += '%';
        out += hex[decoded >> 4];
        out += hex[decoded & 0xF];
      }
      i += 2;
    } else if (c >= 0x80) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The product token a User-agent line names: its leading letters, '_' and '-' ("DiffWire/1.0" and
// "diffwire (+https://…)" both name "diffwire"), lower-cased; "*" for the wildcard.
std::string agent_token(std::string_view value) {
  if (value == "*") return "*";
  std::size_t n = 0;
  while (n < value.size() && (std::isalpha(static_cast<unsigned char>(value[n])) || value[n] == '_' || value[n] == '-')) ++n;
  return ascii_lower(value.substr(0, n));
}

}  // namespace

bool RobotsRules::allows(std::string_view path_and_query, std::string* why) const {
  std::string path = normalized_path(path_and_query);
  if (kind == Kind::allow_all) return true;
  if (kind == Kind::disallow_all) {
    if (why) *why = "robots.txt could not be read (" + unreadable + "); nothing is fetched from this host until it can";
    return false;
  }
  const Rule* best = nullptr;
  for (const Rule& r : rules) {
    if (!matches(normalized_path(r.pattern), path)) continue;
    if (!best || r.pattern.size() > best->pattern.size() || (r.pattern.size() == best->pattern.size() && r.allow && !best->allow))
      best = &r;
  }
  if (best && !best->allow && why) *why = "disallowed by robots.txt (Disallow: " + best->pattern + ")";
  return !best || best->allow;
}

RobotsRules parse_robots(std::string_view text, std::string_view product) {
  text = text.substr(0, kMaxRobotsBytes);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  std::string token = agent_token(product);
  struct Group {
    std::vector<std::string> agents;
    std::vector<RobotsRules::Rule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  bool in_agents = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Lines end at LF, CR LF or a CR alone.
    std::size_t end = text.find_first_of("\r\n", pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string field = ascii_lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (field == "user-agent") {
      if (!in_agents) groups.emplace_back();
      in_agents = true;
      groups.back().agents.push_back(agent_token(value));
      continue;
    }
    // Only a group's own lines end its list of user agents: a Sitemap line (which belongs to no
    // group) or an unknown one between two User-agent lines does not split them.
    bool member = field == "allow" || field == "disallow" || field == "crawl-delay";
    if (!member || groups.empty()) continue;  // rules before any user-agent line belong to no group
    in_agents = false;
    if (field == "allow" || field == "disallow") {
      if (value.empty()) continue;  // "Disallow:" with nothing allows everything
      groups.back().rules.push_back({std::string(value), field == "allow"});
    } else if (field == "crawl-delay") {
      char* stop = nullptr;
      std::string v(value);
      double d = std::strtod(v.c_str(), &stop);
      if (stop != v.c_str() && d >= 0) groups.back().delay = d;
    }
  }
  // Our product token's groups, combined; else the "*" groups.
  RobotsRules out;
  out.kind = RobotsRules::Kind::rules;
  for (bool wildcard : {false, true}) {
    bool found = false;
    for (const Group& g : groups) {
      bool match = false;
      for (const std::string& a : g.agents) match |= wildcard ? a == "*" : !a.empty() && a == token;
      if (!match) continue;
      found = true;
      out.rules.insert(out.rules.end(), g.rules.begin(), g.rules.end());
      if (g.delay) out.crawl_delay = g.delay;
    }
    if (found) return out;
  }
  return out;  // no group applies: no rules, everything allowed
}

RobotsRules robots_from_status(long status, std::string_view body, std::string_view product, std::string_view error) {
  if (status >= 200 && status < 300) return parse_robots(body, product);
  RobotsRules r;
  // 4xx: "unavailable", so no rules; so is a chain of more than five redirects (RFC 9309 2.3.1.2).
  bool unavailable = status >= 300 && status < 500 && status != 429;
  r.kind = unavailable ? RobotsRules::Kind::allow_all : RobotsRules::Kind::disallow_all;
  r.unreadable = status == 0 ? (error.empty() ? std::string("no answer") : std::string(error))
                             : "HTTP " + std::to_string(status);
  return r;
}

}  // namespace diffwire
