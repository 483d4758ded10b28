// diffwire: track how online news articles change after publication. See cli.cpp for the commands.
#include <csignal>
#include <iostream>

#include "diffwire/cli.hpp"
#include "diffwire/http.hpp"

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write should fail with EFBIG and be reported like a full
  // disk, naming the file; by default the kernel would kill the process instead.
  std::signal(SIGXFSZ, SIG_IGN);
  diffwire::http_global_init();  // before any thread, as libcurl asks
  return diffwire::run_cli(argc, argv, std::cout, std::cerr);
}
