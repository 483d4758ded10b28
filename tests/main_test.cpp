// The one test binary's entry point.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "diffwire/http.hpp"

int main(int argc, char** argv) {
  diffwire::http_global_init();  // before the test servers start their threads
  return doctest::Context(argc, argv).run();
}
