// robots.txt as RFC 9309 reads it: the group for diffwire's product token (else the "*" groups),
// allow/disallow rules matched by the longest pattern (allow wins a tie; "*" and a final "$" are
// wildcards), at most 500 KiB read. A missing file (4xx) allows everything; a server error or no
// answer disallows everything until it is asked again. Crawl-delay, which the RFC leaves out but
// many sites set, is honoured up to a cap.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace diffwire {

inline constexpr std::size_t kMaxRobotsBytes = 500 * 1024;

struct RobotsRules {
  enum class Kind { rules, allow_all, disallow_all };
  Kind kind = Kind::allow_all;
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  std::vector<Rule> rules;
  std::optional<double> crawl_delay;  // seconds, as the file says
  std::string unreadable;             // disallow_all: what went wrong asking for it

  // path_and_query: "/news/story?x=1". The rule that decided, for messages, via `why`.
  bool allows(std::string_view path_and_query, std::string* why = nullptr) const;
};

RobotsRules parse_robots(std::string_view text, std::string_view product = "diffwire");
// What a robots.txt response means: 2xx parsed, 4xx and endless redirects (a 3xx here) allow all,
// anything else disallow all; error is
// the transfer's error when there was no answer (status 0).
RobotsRules robots_from_status(long status, std::string_view body, std::string_view product = "diffwire",
                               std::string_view error = "");

}  // namespace diffwire
