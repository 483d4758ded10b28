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

TEST_CASE("robots.txt per RFC 9309: a byte order mark, CR line ends, groups across Sitemap lines") {
  // Rules after a UTF-8 byte order mark are rules.
  CHECK_FALSE(parse_robots("\xEF\xBB\xBFUser-agent: *\nDisallow: /private/\n").allows("/private/x"));
  // A CR alone ends a line, as LF and CR LF do.
  RobotsRules cr = parse_robots("User-agent: *\rDisallow: /a/\rAllow: /a/b\r");
  CHECK_FALSE(cr.allows("/a/x"));
  CHECK(cr.allows("/a/b/c"));
  // A Sitemap line (or any line that is not a group's) between two User-agent lines does not end
  // the group: both agents share the rules that follow.
  RobotsRules grouped = parse_robots("User-agent: otherbot\nSitemap: https://example.org/sitemap.xml\n"
                                     "User-agent: diffwire\nDisallow: /drafts/\n");
  CHECK_FALSE(grouped.allows("/drafts/1"));
  RobotsRules unknown = parse_robots("User-agent: otherbot\nNoindex: /x\nUser-agent: diffwire\nDisallow: /drafts/\n");
  CHECK_FALSE(unknown.allows("/drafts/1"));
}

TEST_CASE("robots.txt per RFC 9309: paths compared percent-normalised; the product token, any case") {
  // Octets outside ASCII are percent-encoded before comparing, in the rule and in the path.
  CHECK_FALSE(parse_robots("User-agent: *\nDisallow: /\xE3\x83\x84\n").allows("/%E3%83%84"));
  CHECK_FALSE(parse_robots("User-agent: *\nDisallow: /%E3%83%84\n").allows("/\xE3\x83\x84/page"));
  // Hex digits in either case are the same octet; an encoded unreserved character is that character.
  CHECK_FALSE(parse_robots("User-agent: *\nDisallow: /a%2fb\n").allows("/a%2Fb"));
  CHECK_FALSE(parse_robots("User-agent: *\nDisallow: /%7Euser/\n").allows("/~user/home"));
  CHECK_FALSE(parse_robots("User-agent: *\nDisallow: /~user/\n").allows("/%7euser/home"));
  // An encoded reserved character is not the character: "%2F" is not a path separator.
  CHECK(parse_robots("User-agent: *\nDisallow: /a/b\n").allows("/a%2Fb"));
  // The group for our product token, matched without case and without what follows the token.
  for (const char* agent : {"DIFFWIRE", "DiffWire/2.0", "diffwire (+https://example.org/bot)"}) {
    CAPTURE(agent);
    RobotsRules r = parse_robots(std::string("User-agent: *\nDisallow: /\n\nUser-agent: ") + agent + "\nDisallow: /x/\n");
    CHECK(r.allows("/news/"));
    CHECK_FALSE(r.allows("/x/1"));
  }
  // A longer name that begins with ours is another crawler's.
  CHECK_FALSE(parse_robots("User-agent: diffwirebot\nAllow: /\n\nUser-agent: *\nDisallow: /\n").allows("/a"));
}
