// zstd through its one-shot API (zstd.hpp), with each context owned by a unique_ptr. Decompression
// reads the frame's declared size first and refuses one beyond the cap before allocating.
#include "store/zstd.hpp"

#include <zstd.h>

#include <memory>

#include "diffwire/error.hpp"

namespace diffwire {

namespace {
struct CCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};
}  // namespace

std::string zstd_compress(std::string_view data, int level) {
  std::unique_ptr<ZSTD_CCtx, CCtxFree> ctx(ZSTD_createCCtx());
  if (!ctx) throw Error("cannot compress", "zstd", "out of memory");
  std::string out(ZSTD_compressBound(data.size()), '\0');
  std::size_t n = ZSTD_compressCCtx(ctx.get(), out.data(), out.size(), data.data(), data.size(), level);
  if (ZSTD_isError(n)) throw Error("cannot compress", "zstd", ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

std::string zstd_decompress(std::string_view data, std::size_t max_size) {
  unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    throw Error("cannot decompress", "zstd", "not a zstd frame with a known size");
  if (size > max_size)
    throw Error("cannot decompress", "zstd", "content of " + std::to_string(size) + " bytes exceeds the limit");
  std::unique_ptr<ZSTD_DCtx, DCtxFree> ctx(ZSTD_createDCtx());
  if (!ctx) throw Error("cannot decompress", "zstd", "out of memory");
  std::string out(static_cast<std::size_t>(size), '\0');
  std::size_t n = ZSTD_decompressDCtx(ctx.get(), out.data(), out.size(), data.data(), data.size());
  if (ZSTD_isError(n)) throw Error("cannot decompress", "zstd", ZSTD_getErrorName(n));
  if (n != size) throw Error("cannot decompress", "zstd", "frame shorter than it says");
  return out;
}

}  // namespace diffwire
