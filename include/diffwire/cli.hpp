// The command line: the subcommand table and the one place where errors become exit codes.
#pragma once
#include <iosfwd>

namespace diffwire {

// Exit codes: 0 success, 1 runtime error, 2 usage error.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace diffwire
