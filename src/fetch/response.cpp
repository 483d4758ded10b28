// classify_response (response.hpp): the order matters — a transfer that failed has no status worth
// reading, and only a successful body is hashed.
#include "diffwire/response.hpp"

#include "diffwire/normalize.hpp"

namespace diffwire {

ResponseClass classify_response(const FetchResponse& response, const std::optional<std::string>& last_body_hash) {
  ResponseClass c;
  if (!response.error.empty()) {
    c.why = response.error;
  } else if (response.status == 304) {
    c.kind = ResponseKind::not_modified;
  } else if (response.status == 404 || response.status == 410) {
    c.kind = ResponseKind::gone;
    c.why = "HTTP " + std::to_string(response.status);
  } else if (response.status < 200 || response.status >= 300) {
    c.why = "HTTP " + std::to_string(response.status);
  } else {
    c.body_hash = hash_hex(response.body);
    c.kind = last_body_hash && *last_body_hash == c.body_hash ? ResponseKind::same_body : ResponseKind::body;
  }
  return c;
}

}  // namespace diffwire
