#include "diffwire/url.hpp"

#include <doctest/doctest.h>

#include "diffwire/error.hpp"

using namespace diffwire;

TEST_CASE("http and https URLs are accepted and stored in one spelling") {
  CHECK(canonical_url("https://Example.ORG/news/story-1") == "https://example.org/news/story-1");
  CHECK(canonical_url("HTTP://example.org") == "http://example.org/");
  CHECK(canonical_url("http://example.org:80/a?b=1#frag") == "http://example.org/a?b=1");
  CHECK(canonical_url("https://example.org:8443/a") == "https://example.org:8443/a");
  CHECK(canonical_url("http://127.0.0.1:8080?x") == "http://127.0.0.1:8080/?x");
  CHECK(canonical_url("http://[::1]:8080/a") == "http://[::1]:8080/a");
  CHECK(canonical_url("http://[2001:DB8::ffff:192.0.2.1]/a") == "http://[2001:db8::ffff:192.0.2.1]/a");
}

TEST_CASE("tracking parameters are not part of an article's identity") {
  CHECK(canonical_url("https://example.org/a?utm_source=rss&utm_medium=feed") == "https://example.org/a");
  CHECK(canonical_url("https://example.org/a?id=7&fbclid=IwAR0x&UTM_Campaign=x&page=2") == "https://example.org/a?id=7&page=2");
  CHECK(canonical_url("https://example.org/a?at_medium=custom7&at_campaign=64&gclid=1") == "https://example.org/a");
  CHECK(canonical_url("https://example.org/a?&&id=1&") == "https://example.org/a?id=1");
  CHECK(canonical_url("https://example.org/a?utmost=1&catalog=2") == "https://example.org/a?utmost=1&catalog=2");
}

TEST_CASE("anything else is refused with a usage error naming the URL") {
  for (std::string bad : {"ftp://example.org/file", "file:///etc/passwd", "example.org/news", "javascript:alert(1)",
                          "http://", "http:///path", "http://exa mple.org/", "http://example.org:99999/",
                          "http://user:pw@example.org/", "http://exa<mple.org/", "",
                          // "[" and "]" only around an IPv6 address (issue 16 item 4)
                          "http://exa[mple.org/", "http://example.org]/", "http://ex]am[ple.org/", "http://[example.org]/",
                          "http://[]/", "http://[::1/", "http://[::1]x/", "http://a:b:80/", "http://[fe80::1%25eth0]/"}) {
    CAPTURE(bad);
    try {
      parse_http_url(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == Error::Kind::usage);
      CHECK(std::string(e.what()).find("invalid URL") == 0);
    }
  }
}

TEST_CASE("host keys group URLs by host and port") {
  CHECK(url_host_key("https://example.org/a") == "example.org:443");
  CHECK(url_host_key("http://example.org/b") == "example.org:80");
  CHECK(url_host_key("http://127.0.0.1:8080/c") == "127.0.0.1:8080");
}

TEST_CASE("links resolve as RFC 3986 says, to canonical http(s) URLs or nothing") {
  const char* base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a/b/c/g"},         {"./g", "http://a/b/c/g"},      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},            {"//g", "http://g/"},           {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},     {"g#s", "http://a/b/c/g"},      {";x", "http://a/b/c/;x"},
      {".", "http://a/b/c/"},          {"./", "http://a/b/c/"},        {"..", "http://a/b/"},
      {"../g", "http://a/b/g"},        {"../..", "http://a/"},         {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},    {"/./g", "http://a/g"},         {"g/../h", "http://a/b/c/h"},
      {"  HTTPS://Example.ORG:443/x ", "https://example.org/x"},      {"a b", "http://a/b/c/a%20b"},
  };
  for (const auto& [href, expected] : cases) {
    CAPTURE(href);
    auto r = resolve_url(base, href);
    REQUIRE(r);
    CHECK(*r == expected);
  }
  for (const char* junk : {"#top", "", "   ", "mailto:desk@example.org", "javascript:void(0)", "data:text/html,x",
                           "ftp://example.org/f", "http://", "https://exa mple.org/", "tel:+441234"}) {
    CAPTURE(junk);
    CHECK_FALSE(resolve_url(base, junk));
  }
}
