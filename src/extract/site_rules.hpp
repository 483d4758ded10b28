// Site rules: the first extraction layer. A rules file says, per publisher, where the headline and
// the body are and what inside the body is not article (selectors, selector.hpp):
//
//   # BBC News
//   [bbc]
//   hosts = bbc.co.uk bbc.com          # a host matches itself and its subdomains
//   title = h1#main-heading            # optional
//   body  = article [data-component=text-block]
//   drop  = [data-component=links-block]   # may repeat
//
// diffwire ships rules for major news sites (rules/*.rules, compiled in); a user's rules directory
// (--rules DIR, or DIFFWIRE_RULES) adds *.rules files whose rules win over the shipped ones.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/selector.hpp"

namespace diffwire {

struct SiteRule {
  std::string name;    // the [section] name
  std::string origin;  // "FILE:LINE" of the section, for --explain and errors
  std::vector<std::string> hosts;
  std::optional<Selector> title, body;
  std::vector<Selector> drop;
};

class SiteRules {
 public:
  // The shipped rules. Throws Error if they do not parse (a build defect, caught by the tests).
  static SiteRules builtin();
  // Parses one rules file; throws Error naming origin:line and the problem.
  void add(std::string_view text, const std::string& origin);
  // Every *.rules file of dir, in name order, ahead of the rules already held.
  void add_directory(const std::string& dir);

  // The rule for a URL's host: the most specific host pattern wins, user rules before shipped ones.
  const SiteRule* find(std::string_view host) const;
  std::size_t size() const { return rules_.size(); }
  const std::vector<std::shared_ptr<const SiteRule>>& rules() const { return rules_; }

 private:
  std::vector<std::shared_ptr<const SiteRule>> rules_;  // in priority order
};

}  // namespace diffwire
