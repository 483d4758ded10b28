// URLs as the user types them: only absolute http(s) URLs with a host are accepted, so a typo is
// refused at `track` rather than failing quietly at every poll.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace diffwire {

struct UrlParts {
  std::string scheme, host, port, path;  // path includes query; the fragment is dropped
};

// Throws Error (usage) naming the URL and what is wrong with it.
UrlParts parse_http_url(std::string_view url);
// The form a URL is stored under: scheme and host lower-cased, fragment dropped, "/" for empty path,
// default port dropped, and tracking parameters (utm_*, at_*, fbclid, gclid, …) removed from the query.
std::string canonical_url(std::string_view url);
// Host plus port, the unit of per-host politeness.
std::string url_host_key(std::string_view url);
// "https://example.org:443" for any URL on that origin (throws Error for what is not an http(s) URL).
std::string origin_of(const std::string& url);
// One site: "www.example.org" and "example.org", or a site and its subdomains ("amp.example.org").
bool same_site(std::string_view host_a, std::string_view host_b);
// A link as a browser follows it (RFC 3986 reference resolution against base, an absolute http(s)
// URL), canonical; nullopt for what is not an http(s) page: mailto:, javascript:, a fragment-only
// "#top", garbage.
std::optional<std::string> resolve_url(std::string_view base, std::string_view href);

}  // namespace diffwire
