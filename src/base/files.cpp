// Atomic writes (files.hpp): a temporary file beside the target, flushed, then renamed over it — rename
// is atomic within one file system, so a feed reader or a web server never sees half a file. A full
// disk or a file-size limit fails the write and leaves the old file; what a killed run left is
// removed by the next.
#include "diffwire/files.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "diffwire/error.hpp"

namespace diffwire {

void write_file_atomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write", path, std::strerror(errno));
    out << content;
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      throw Error("cannot write", path, std::strerror(errno));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    throw Error("cannot write", path, std::strerror(err));
  }
}

bool write_file_if_changed(const std::string& path, const std::string& content) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      if (ss.str() == content) return false;
    }
  }
  write_file_atomically(path, content);
  return true;
}

namespace {

// "index.html.tmp.1234" -> 1234; 0 when the name is no temporary file of ours.
long temp_owner(const std::string& name) {
  auto at = name.rfind(".tmp.");
  if (at == std::string::npos || at + 5 >= name.size()) return 0;
  std::string digits = name.substr(at + 5);
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stol(digits);
}

bool remove_if_stale(const std::filesystem::path& file) {
  long pid = temp_owner(file.filename().string());
  if (pid <= 0 || pid == ::getpid()) return false;
  if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) return false;  // its writer may be alive
  std::error_code ec;
  return std::filesystem::remove(file, ec);
}

}  // namespace

int remove_stale_temp_files(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string prefix = target.filename().string() + ".tmp.";
  int removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().rfind(prefix, 0) == 0) removed += remove_if_stale(it->path());
  return removed;
}

int remove_stale_temp_files_under(const std::string& dir) {
  namespace fs = std::filesystem;
  int removed = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) removed += remove_if_stale(it->path());
  return removed;
}

}  // namespace diffwire
