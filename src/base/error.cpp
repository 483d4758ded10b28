// Error messages read "what: subject: why", the shape of one line on stderr.
#include "diffwire/error.hpp"

namespace diffwire {

namespace {
std::string join(const std::string& what, const std::string& subject, const std::string& why) {
  std::string line = what;
  if (!subject.empty()) line += ": " + subject;
  if (!why.empty()) line += ": " + why;
  return line;
}
}  // namespace

Error::Error(std::string what, std::string subject, std::string why, Kind kind)
    : std::runtime_error(join(what, subject, why)), subject_(std::move(subject)), kind_(kind) {}

}  // namespace diffwire
