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

}  // namespace

bool RobotsRules::allows(std::string_view path, std::string* why) const {
  if (kind == Kind::allow_all) return true;
  if (kind == Kind::disallow_all) {
    if (why) *why = "robots.txt could not be read (" + unreadable + "); nothing is fetched from this host until it can";
    return false;
  }
  const Rule* best = nullptr;
  for (const Rule& r : rules) {
    if (!matches(r.pattern, path)) continue;
    if (!best || r.pattern.size() > best->pattern.size() || (r.pattern.size() == best->pattern.size() && r.allow && !best->allow))
      best = &r;
  }
  if (best && !best->allow && why) *why = "disallowed by robots.txt (Disallow: " + best->pattern + ")";
  return !best || best->allow;
}

RobotsRules parse_robots(std::string_view text, std::string_view product) {
  text = text.substr(0, kMaxRobotsBytes);
  std::string token = ascii_lower(product);
  struct Group {
    std::vector<std::string> agents;
    std::vector<RobotsRules::Rule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  bool in_agents = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string field = ascii_lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (field == "user-agent") {
      if (!in_agents) groups.emplace_back();
      in_agents = true;
      groups.back().agents.push_back(ascii_lower(value));
      continue;
    }
    if (groups.empty()) continue;  // rules before any user-agent line belong to no group
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
      for (const std::string& a : g.agents) match |= wildcard ? a == "*" : a.substr(0, a.find('/')) == token;
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
