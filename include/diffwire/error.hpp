// The one error type that crosses module boundaries. It carries what failed, on which subject (a URL,
// a file, a store path) and why, so the CLI can print one useful line and pick the exit code.
#pragma once
#include <stdexcept>
#include <string>

namespace diffwire {

class Error : public std::runtime_error {
 public:
  enum class Kind { runtime, usage };  // usage errors exit 2, runtime errors exit 1

  Error(std::string what, std::string subject, std::string why, Kind kind = Kind::runtime);

  const std::string& subject() const { return subject_; }
  Kind kind() const { return kind_; }

 private:
  std::string subject_;
  Kind kind_;
};

}  // namespace diffwire
