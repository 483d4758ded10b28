// Address ranges from the IANA special-purpose registries (RFC 6890 and its updates) that a fetch of
// a public news page has no business reaching. IPv6 forms that carry an IPv4 address (mapped,
// compatible, NAT64, 6to4) are judged by the IPv4 address they carry.
#include "diffwire/address_guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace diffwire {

namespace {

std::optional<std::string> ipv4_kind(std::uint32_t a) {  // host byte order
  struct Range {
    std::uint32_t net;
    int bits;
    const char* kind;
  };
  static const std::array kRanges = {
      Range{0x00000000, 8, "unspecified"},        Range{0x0A000000, 8, "private"},
      Range{0x64400000, 10, "shared (carrier-grade NAT)"}, Range{0x7F000000, 8, "loopback"},
      Range{0xA9FE0000, 16, "link-local"},        Range{0xAC100000, 12, "private"},
      Range{0xC0000000, 24, "IETF protocol assignment"}, Range{0xC0000200, 24, "documentation"},
      Range{0xC0586300, 24, "6to4 relay"},        Range{0xC0A80000, 16, "private"},
      Range{0xC6120000, 15, "benchmarking"},      Range{0xC6336400, 24, "documentation"},
      Range{0xCB007100, 24, "documentation"},     Range{0xE0000000, 4, "multicast"},
      Range{0xF0000000, 4, "reserved"}};
  for (const Range& r : kRanges) {
    std::uint32_t mask = r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
    if ((a & mask) == r.net) return std::string(r.kind);
  }
  return std::nullopt;
}

std::uint32_t ipv4_at(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

std::optional<std::string> ipv6_kind(const unsigned char* b) {
  auto zeros = [&](int from, int to) {
    for (int i = from; i < to; ++i)
      if (b[i] != 0) return false;
    return true;
  };
  auto carried = [&](const char* form, std::uint32_t v4) -> std::optional<std::string> {
    if (auto k = ipv4_kind(v4)) return std::string(form) + " " + *k;
    return std::nullopt;
  };
  if (zeros(0, 15) && b[15] == 0) return std::string("unspecified");
  if (zeros(0, 15) && b[15] == 1) return std::string("loopback");
  if (zeros(0, 10) && b[10] == 0xff && b[11] == 0xff) return carried("IPv4-mapped", ipv4_at(b + 12));
  if (zeros(0, 12)) return carried("IPv4-compatible", ipv4_at(b + 12));
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zeros(4, 12))  // 64:ff9b::/96
    return carried("NAT64", ipv4_at(b + 12));
  if (b[0] == 0x20 && b[1] == 0x02) return carried("6to4", ipv4_at(b + 2));  // 2002::/16
  if ((b[0] & 0xfe) == 0xfc) return std::string("unique local");
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return std::string("link-local");
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return std::string("site-local");
  if (b[0] == 0xff) return std::string("multicast");
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return std::string("documentation");
  if (b[0] == 0x01 && zeros(1, 8)) return std::string("discard-only");  // 100::/64
  return std::nullopt;
}

}  // namespace

std::optional<std::string> private_address_kind(const sockaddr* address) {
  if (!address) return std::string("unknown");
  if (address->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, address, sizeof in);
    return ipv4_kind(ntohl(in.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    return ipv6_kind(in6.sin6_addr.s6_addr);
  }
  return std::string("not an internet address");
}

std::optional<std::string> private_address_kind(const std::string& text) {
  sockaddr_in in{};
  sockaddr_in6 in6{};
  if (inet_pton(AF_INET, text.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return private_address_kind(reinterpret_cast<const sockaddr*>(&in));
  }
  if (inet_pton(AF_INET6, text.c_str(), &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    return private_address_kind(reinterpret_cast<const sockaddr*>(&in6));
  }
  return std::nullopt;
}

std::string address_text(const sockaddr* address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (address && address->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, address, sizeof in);
    inet_ntop(AF_INET, &in.sin_addr, buffer, sizeof buffer);
  } else if (address && address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    inet_ntop(AF_INET6, &in6.sin6_addr, buffer, sizeof buffer);
  }
  return buffer;
}

}  // namespace diffwire
