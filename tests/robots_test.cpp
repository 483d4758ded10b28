#include "diffwire/robots.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("robots.txt: our group, else *; the longest rule wins; allow wins a tie") {
  RobotsRules r = parse_robots(
      "# a comment\n"
      "User-agent: Googlebot\nDisallow: /\n\n"
      "User-agent: *\nDisallow: /private/\nAllow: /private/press/\nCrawl-delay: 2\n\n"
      "User-agent: otherbot\nUser-agent: DiffWire/1.0\nDisallow: /archive/\nAllow: /archive/today\n"
      "Disallow: /*.pdf$\nAllow: /news/\nDisallow: /news/\nCrawl-delay: 7\n");
  CHECK(r.crawl_delay == 7.0);
  CHECK(r.allows("/private/anything"));  // the * group does not apply: ours exists
  CHECK_FALSE(r.allows("/archive/2026/story"));
  CHECK(r.allows("/archive/today/story"));
  CHECK_FALSE(r.allows("/files/report.pdf"));
  CHECK(r.allows("/files/report.pdf?download=1"));  // "$" anchors at the end
  CHECK(r.allows("/news/story"));                    // equal length: allow wins
  std::string why;
  CHECK_FALSE(r.allows("/archive/x", &why));
  CHECK(why == "disallowed by robots.txt (Disallow: /archive/)");

  RobotsRules star = parse_robots("User-agent: *\nDisallow: /private/\nAllow: /private/press/\nCrawl-delay: 2\n");
  CHECK_FALSE(star.allows("/private/x"));
  CHECK(star.allows("/private/press/release"));
  CHECK(star.crawl_delay == 2.0);
}

TEST_CASE("robots.txt: wildcards, empty rules, no groups, junk") {
  RobotsRules r = parse_robots("User-agent: *\nDisallow: /*/comments\nDisallow: /search*q=\nDisallow:\n");
  CHECK_FALSE(r.allows("/news/comments"));
  CHECK_FALSE(r.allows("/a/b/comments/7"));
  CHECK_FALSE(r.allows("/search?x=1&q=kestrel"));
  CHECK(r.allows("/search?x=1"));
  CHECK(r.allows("/"));
  CHECK(parse_robots("Disallow: /\n").allows("/x"));  // a rule before any user-agent belongs to no one
  CHECK(parse_robots("").allows("/x"));
  CHECK(parse_robots("<html><body>Not found</body></html>").allows("/x"));
  CHECK(parse_robots("User-agent: *\r\nDisallow: /x\r\n").allows("/y"));
  CHECK_FALSE(parse_robots("User-agent: *\r\nDisallow: /x\r\n").allows("/x"));
}

TEST_CASE("robots.txt by status: 4xx allows everything, 5xx and no answer disallow, 500 KiB read at most") {
  CHECK(robots_from_status(404, "", "diffwire").allows("/anything"));
  CHECK(robots_from_status(403, "", "diffwire").allows("/anything"));
  CHECK(robots_from_status(301, "", "diffwire").allows("/anything"));  // more than five redirects
  std::string why;
  CHECK_FALSE(robots_from_status(503, "", "diffwire").allows("/anything", &why));
  CHECK(why.find("could not be read") != std::string::npos);
  CHECK_FALSE(robots_from_status(0, "", "diffwire").allows("/"));
  CHECK_FALSE(robots_from_status(429, "", "diffwire").allows("/"));
  // A rule past 500 KiB is never read.
  std::string big = "User-agent: *\n" + std::string(kMaxRobotsBytes, '#') + "\nDisallow: /\n";
  CHECK(robots_from_status(200, big, "diffwire").allows("/x"));
  CHECK_FALSE(robots_from_status(200, "User-agent: *\nDisallow: /\n", "diffwire").allows("/x"));
}
