// diffwire: track how online news articles change after publication. See cli.cpp for the commands.
#include <iostream>

#include "diffwire/cli.hpp"

int main(int argc, char** argv) { return diffwire::run_cli(argc, argv, std::cout, std::cerr); }
