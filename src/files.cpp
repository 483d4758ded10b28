#include "diffwire/files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
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

}  // namespace diffwire
