// URLs as the user types them: only absolute http(s) URLs with a host are accepted, so a typo is
// refused at `track` rather than failing quietly at every poll.
#pragma once
#include <string>
#include <string_view>

namespace diffwire {

struct UrlParts {
  std::string scheme, host, port, path;  // path includes query; the fragment is dropped
};

// Throws Error (usage) naming the URL and what is wrong with it.
UrlParts parse_http_url(std::string_view url);
// The form a URL is stored under: scheme and host lower-cased, fragment dropped, "/" for empty path.
std::string canonical_url(std::string_view url);
// Host plus port, the unit of per-host politeness.
std::string url_host_key(std::string_view url);

}  // namespace diffwire
