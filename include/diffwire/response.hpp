// What a fetched response is before its body is read: the first question both passes of a poll ask
// (the sources pass and the articles pass), answered once — a failure, "not modified", a page that
// is gone, the same bytes as the last body that was understood, or a body to read.
#pragma once
#include <optional>
#include <string>

#include "diffwire/http.hpp"

namespace diffwire {

enum class ResponseKind {
  failed,        // no HTTP answer, or a status that is neither success, 304, 404 nor 410
  not_modified,  // 304: the conditional GET says nothing changed
  gone,          // 404 or 410
  same_body,     // byte-identical to the last body that was understood: nothing to read
  body,          // a body to read
};

struct ResponseClass {
  ResponseKind kind = ResponseKind::failed;
  std::string why;        // failed, gone: the transfer's error, or "HTTP 503"
  std::string body_hash;  // same_body, body: the body's hash (normalize.hpp's hash_hex)
};

// `last_body_hash`: the hash of the last body that was understood; nullopt when there is none.
ResponseClass classify_response(const FetchResponse& response, const std::optional<std::string>& last_body_hash);

}  // namespace diffwire
