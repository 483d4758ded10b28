// The exclusive lock that makes `poll` cron-safe: a second poll on the same store gives up at once
// instead of fetching everything twice. flock(2) is released by the kernel if the process dies.
#pragma once
#include <optional>
#include <string>

namespace diffwire {

class LockFile {
 public:
  // nullopt when another process holds the lock; throws Error when the file cannot be opened.
  static std::optional<LockFile> try_acquire(const std::string& path);
  LockFile(LockFile&& other) noexcept;
  LockFile& operator=(LockFile&&) = delete;
  ~LockFile();

 private:
  explicit LockFile(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace diffwire
