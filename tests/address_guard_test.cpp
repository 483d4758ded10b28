#include "diffwire/address_guard.hpp"

#include <doctest/doctest.h>

using namespace diffwire;

TEST_CASE("the guard refuses loopback, private, link-local and the like, also inside IPv6 forms") {
  struct Case {
    const char* address;
    const char* kind;
  };
  for (const Case& c : {Case{"127.0.0.1", "loopback"}, Case{"127.255.1.2", "loopback"}, Case{"10.1.2.3", "private"},
                        Case{"172.16.0.1", "private"}, Case{"172.31.255.255", "private"}, Case{"192.168.1.1", "private"},
                        Case{"169.254.169.254", "link-local"}, Case{"0.0.0.0", "unspecified"},
                        Case{"100.64.0.1", "shared (carrier-grade NAT)"}, Case{"224.0.0.251", "multicast"},
                        Case{"255.255.255.255", "reserved"}, Case{"198.18.0.1", "benchmarking"},
                        Case{"::1", "loopback"}, Case{"::", "unspecified"}, Case{"fe80::1", "link-local"},
                        Case{"fd00::1", "unique local"}, Case{"fc00::1", "unique local"}, Case{"ff02::1", "multicast"},
                        Case{"::ffff:127.0.0.1", "IPv4-mapped loopback"}, Case{"::ffff:10.0.0.1", "IPv4-mapped private"},
                        Case{"::ffff:169.254.169.254", "IPv4-mapped link-local"},
                        Case{"64:ff9b::a00:1", "NAT64 private"}, Case{"2002:7f00:1::", "6to4 loopback"},
                        Case{"::127.0.0.1", "IPv4-compatible loopback"}}) {
    auto kind = private_address_kind(std::string(c.address));
    REQUIRE_MESSAGE(kind.has_value(), c.address);
    CHECK_MESSAGE(*kind == c.kind, c.address);
  }
}

TEST_CASE("the guard lets public addresses through, at the edges of the ranges too") {
  for (const char* address : {"93.184.216.34", "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0",
                              "11.0.0.1", "126.255.255.255", "128.0.0.1", "192.167.255.255", "2606:4700::1111",
                              "2a00:1450:4001:80b::200e", "::ffff:93.184.216.34", "2002:5db8:d822::"}) {
    CHECK_MESSAGE(!private_address_kind(std::string(address)).has_value(), address);
  }
  CHECK(!private_address_kind(std::string("not an address")).has_value());
}
