// The one error type that crosses module boundaries. It carries what failed, on which subject (a URL,
// a file, a store path) and why, so the CLI can print one useful line and pick the exit code.
#pragma once
#include <stdexcept>
#include <string>
#include <utility>

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

// A page diffwire will not parse because it is past a budget that keeps every page's time and memory
// bounded (see src/prefilter.hpp). Reads "page refused: URL: why".
class PageRefused : public Error {
 public:
  PageRefused(std::string subject, std::string why) : Error("page refused", std::move(subject), why), why_(why) {}
  const std::string& why() const { return why_; }

 private:
  std::string why_;
};

}  // namespace diffwire
