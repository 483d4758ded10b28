// flock(2) on a file beside the store. The kernel drops the lock when the process exits, however it
// exits, so a crashed poll never leaves a stale lock behind for cron to trip over.
#include "diffwire/lock_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "diffwire/error.hpp"

namespace diffwire {

std::optional<LockFile> LockFile::try_acquire(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot open lock file", path, std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::nullopt;
    throw Error("cannot lock", path, std::strerror(err));
  }
  return LockFile(fd);
}

LockFile::LockFile(LockFile&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

LockFile::~LockFile() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace diffwire
