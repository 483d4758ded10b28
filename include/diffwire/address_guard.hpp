// The private-network guard: diffwire fetches URLs that strangers wrote (feeds, redirects, pages
// that claim a canonical URL), so a URL must not be able to make it reach the machine it runs on or
// its network — a router's admin page, a cloud metadata service, a database on loopback. The check is
// on the address actually connected, after DNS, for every connection and every redirect hop (http.cpp
// calls it from libcurl's open-socket callback), so neither a hostname that resolves to 10.0.0.1 nor
// a redirect to http://127.0.0.1/ gets through. `--allow-private` (or DIFFWIRE_ALLOW_PRIVATE=1)
// turns it off, for one's own intranet and for tests against loopback servers.
#pragma once
#include <optional>
#include <string>

struct sockaddr;

namespace diffwire {

// What kind of non-public address this is ("loopback", "private", "link-local", "unspecified",
// "shared (carrier-grade NAT)", "multicast", "reserved", "unique local", "benchmarking",
// "documentation", "IPv4-mapped loopback", …), or nullopt for a public unicast address.
std::optional<std::string> private_address_kind(const sockaddr* address);
// The same for an address in text ("127.0.0.1", "::ffff:10.0.0.1"); nullopt also for what is no address.
std::optional<std::string> private_address_kind(const std::string& address);
// "127.0.0.1", "::1": the address as text.
std::string address_text(const sockaddr* address);

}  // namespace diffwire
