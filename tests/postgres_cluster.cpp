// The cluster is a process-wide singleton: one initdb (about a second) per test process, one fresh
// database (CREATE DATABASE, milliseconds) per test.
#include "postgres_cluster.hpp"

#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "store/sql.hpp"

namespace testing {

namespace fs = std::filesystem;

namespace {

std::string postgres_bin_dir() {
  std::string best;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(entry.path() / "bin" / "initdb") && entry.path().string() > best) best = entry.path().string();
  if (best.empty())
    throw std::runtime_error("PostgreSQL's server programs are not installed (scripts/install-deps installs them)");
  return best + "/bin";
}

void run(const std::string& command, const std::string& what) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("test PostgreSQL: " + what + " failed: " + command);
}

class Cluster {
 public:
  Cluster() {
    // /tmp itself, not $TMPDIR: the postgres user must reach the directory, and a Unix socket's
    // path must stay under 108 bytes.
    std::string tmpl = "/tmp/diffwire-pg-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    std::string bin = postgres_bin_dir();
    if (::geteuid() == 0) {
      passwd* pw = ::getpwnam("postgres");
      if (!pw) throw std::runtime_error("the tests run as root and there is no postgres user to run PostgreSQL as");
      if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("cannot chown " + dir_);
      as_ = "runuser -u postgres -- ";
    }
    std::string data = dir_ + "/data";
    run(as_ + bin + "/initdb -D " + data + " -U diffwire -A trust -E UTF8 --locale=C -N > " + dir_ +
            "/initdb.log 2>&1",
        "initdb");
    {
      std::ofstream conf(data + "/postgresql.conf", std::ios::app);
      conf << "listen_addresses = ''\nunix_socket_directories = '" << dir_ << "'\n"
           << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n";
    }
    run(as_ + bin + "/pg_ctl -D " + data + " -l " + dir_ + "/server.log -w -t 60 start > " + dir_ + "/pg_ctl.log 2>&1",
        "pg_ctl start");
    stop_ = as_ + bin + "/pg_ctl -D " + data + " -m immediate -w stop > /dev/null 2>&1";
    admin_ = "postgresql:///postgres?host=" + dir_ + "&user=diffwire";
  }
  ~Cluster() {
    std::system(stop_.c_str());
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string url(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + dir_ + "&user=diffwire";
  }
  const std::string& admin() const { return admin_; }

 private:
  std::string dir_, as_, stop_, admin_;
};

}  // namespace

std::string fresh_postgres_database() {
  static std::mutex mutex;
  static std::atomic<int> counter{0};
  std::lock_guard<std::mutex> hold(mutex);
  std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  if (const char* given = std::getenv("DIFFWIRE_TEST_POSTGRES"); given && *given) {
    std::string admin = given;
    diffwire::open_database(admin)->exec("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    std::string url = admin;
    auto slash = url.find('/', url.find("://") + 3);
    auto query = url.find('?');
    return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
  }
  static Cluster cluster;
  diffwire::open_database(cluster.admin())->exec("CREATE DATABASE " + name);
  return cluster.url(name);
}

std::vector<std::string> store_targets(const std::string& sqlite_path) { return {sqlite_path, fresh_postgres_database()}; }

}  // namespace testing
