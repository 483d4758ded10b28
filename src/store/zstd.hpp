// zstd as diffwire uses it: whole buffers in, whole buffers out. Stored pages are compressed once
// and read back rarely (re-extraction), so one-shot calls with a context owned per call suffice.
#pragma once
#include <string>
#include <string_view>

namespace diffwire {

std::string zstd_compress(std::string_view data, int level = 3);
// Throws Error when data is not one whole zstd frame or would decompress beyond max_size: a
// corrupted store must not be able to exhaust memory.
std::string zstd_decompress(std::string_view data, std::size_t max_size);

}  // namespace diffwire
