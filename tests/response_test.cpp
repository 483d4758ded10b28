#include "diffwire/response.hpp"

#include <doctest/doctest.h>

#include "diffwire/normalize.hpp"

using namespace diffwire;

TEST_CASE("a response is a failure, not modified, gone, the same body, or a body to read") {
  auto with = [](long status, std::string body = "", std::string error = "") {
    FetchResponse r;
    r.status = status;
    r.body = std::move(body);
    r.error = std::move(error);
    return r;
  };
  CHECK(classify_response(with(0, "", "Could not resolve host"), std::nullopt).kind == ResponseKind::failed);
  CHECK(classify_response(with(0, "", "Could not resolve host"), std::nullopt).why == "Could not resolve host");
  CHECK(classify_response(with(304), std::string("h")).kind == ResponseKind::not_modified);
  for (long gone : {404L, 410L}) {
    ResponseClass c = classify_response(with(gone, "gone"), std::nullopt);
    CHECK(c.kind == ResponseKind::gone);
    CHECK(c.why == "HTTP " + std::to_string(gone));
  }
  for (long failed : {301L, 403L, 429L, 500L, 503L}) CHECK(classify_response(with(failed), std::nullopt).kind == ResponseKind::failed);
  ResponseClass fresh = classify_response(with(200, "<p>x</p>"), std::nullopt);
  CHECK(fresh.kind == ResponseKind::body);
  CHECK(fresh.body_hash == hash_hex("<p>x</p>"));
  CHECK(classify_response(with(200, "<p>x</p>"), fresh.body_hash).kind == ResponseKind::same_body);
  CHECK(classify_response(with(200, "<p>y</p>"), fresh.body_hash).kind == ResponseKind::body);
}
