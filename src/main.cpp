// diffwire: track how online news articles change after publication. See cli.cpp for the commands.
#include <iostream>

#include "diffwire/cli.hpp"
#include "diffwire/http.hpp"

int main(int argc, char** argv) {
  diffwire::http_global_init();  // before any thread, as libcurl asks
  return diffwire::run_cli(argc, argv, std::cout, std::cerr);
}
