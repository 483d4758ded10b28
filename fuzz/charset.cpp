// libFuzzer target: the charset decoder on any bytes under any label the input names (the first
// line): the result is always well-formed UTF-8, and decoding UTF-8 that is already valid is the
// identity (less a byte order mark).
#include <cstddef>
#include <cstdint>
#include <string>

#include "diffwire/charset.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view label = "utf-8";
  if (auto nl = bytes.find('\n'); nl != std::string_view::npos && nl < 40) {
    label = bytes.substr(0, nl);
    bytes.remove_prefix(nl + 1);
  }
  std::string out = diffwire::decode_to_utf8(bytes, label);
  fuzz_check(fuzz_valid_utf8(out), "decode_to_utf8 made invalid UTF-8");
  std::string sniffed = diffwire::sniff_charset(bytes, std::string("text/html; charset=") + std::string(label));
  fuzz_check(fuzz_valid_utf8(diffwire::decode_to_utf8(bytes, sniffed)), "sniffed decoding made invalid UTF-8");
  std::string clean = diffwire::sanitize_utf8(bytes);
  fuzz_check(fuzz_valid_utf8(clean), "sanitize_utf8 made invalid UTF-8");
  if (fuzz_valid_utf8(bytes) && bytes.substr(0, 3) != "\xEF\xBB\xBF")
    fuzz_check(diffwire::decode_to_utf8(bytes, "utf-8") == bytes, "valid UTF-8 changed by decoding");
  return 0;
}
