// Test support implementation. Servers bind 127.0.0.1 on a port the kernel picks, so tests can run
// in parallel with anything else on the machine.
#include "support.hpp"

#include <brotli/encode.h>
#include <fcntl.h>
#include <zstd.h>

extern char** environ;

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "diffwire-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

HttpServer::HttpServer(Handler handler, bool handle_robots) : server_(std::make_unique<httplib::Server>()) {
  server_->Get(".*", [handler, handle_robots](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/robots.txt" && !handle_robots) {
      res.status = 404;
      return;
    }
    handler(req, res);
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  for (int i = 0; i < 200 && !server_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

HttpServer::~HttpServer() {
  server_->stop();
  thread_.join();
}

std::string HttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

RawServer::RawServer(Respond respond, bool accept_connections) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot listen on loopback");
  port_ = ntohs(addr.sin_port);
  if (!accept_connections) return;  // the kernel completes handshakes; nobody ever answers
  thread_ = std::thread([this, respond] {
    while (!stop_) {
      timeval tv{0, 100000};
      fd_set set;
      FD_ZERO(&set);
      FD_SET(fd_, &set);
      if (::select(fd_ + 1, &set, nullptr, nullptr, &tv) <= 0) continue;
      int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      timeval rto{2, 0};
      ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &rto, sizeof rto);
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
        ssize_t n = ::recv(client, buf, sizeof buf, 0);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
      }
      Send send = [client, this](const std::string& bytes) {
        std::size_t off = 0;
        while (off < bytes.size()) {
          if (stop_) return false;
          ssize_t n = ::send(client, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
          if (n <= 0) return false;
          off += static_cast<std::size_t>(n);
        }
        return true;
      };
      respond(request, send);
      ::shutdown(client, SHUT_RDWR);
      ::close(client);
    }
  });
}

RawServer::~RawServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  ::close(fd_);
}

std::string RawServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

namespace {
RunResult run(const std::string& prefix, const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  TempDir io;
  std::string cmd = prefix + "env -u DIFFWIRE_DB -u DIFFWIRE_NOW -u DIFFWIRE_CONTACT";
  // Every server in the tests is one loopback host: no pause between requests unless a test asks.
  if (!env.count("DIFFWIRE_HOST_DELAY")) cmd.append(" DIFFWIRE_HOST_DELAY=0");
  // ... and it is loopback, which the private-network guard refuses unless told (a test may say 0).
  if (!env.count("DIFFWIRE_ALLOW_PRIVATE")) cmd.append(" DIFFWIRE_ALLOW_PRIVATE=1");
  // Appended piece by piece: GCC 12 warns (falsely, -Wrestrict) on `" " + std::string`.
  for (const auto& [k, v] : env) cmd.append(" ").append(k).append("=").append(shell_quote(v));
  // GNU time reports the peak memory of diffwire alone: a child of this (large) test process would
  // inherit its peak at exec, so the measure must come from a small parent.
  cmd.append(" /usr/bin/time -q -f %M -o ").append(io.file("rss"));
  cmd.append(" ").append(shell_quote(DIFFWIRE_BINARY));
  for (const auto& a : args) cmd.append(" ").append(shell_quote(a));
  cmd.append(" >").append(io.file("out")).append(" 2>").append(io.file("err")).append(" </dev/null");
  int raw = std::system(cmd.c_str());
  RunResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::string rss = read_text(io.file("rss"));
  r.max_rss_kib = rss.empty() ? 0 : std::stol(rss);
  r.out = read_text(io.file("out"));
  r.err = read_text(io.file("err"));
  return r;
}
}  // namespace

RunResult run_diffwire(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  return run("", args, env);
}

RunResult run_diffwire_file_limit(const std::vector<std::string>& args, std::size_t max_file_bytes) {
  // POSIX sh counts ulimit -f in 512-byte blocks.
  return run("ulimit -f " + std::to_string(max_file_bytes / 512) + " && ", args, {});
}

diffwire::CheckResult version_check(std::int64_t id, diffwire::Seconds t, std::string title,
                                    std::vector<std::string> paragraphs, std::string url) {
  diffwire::CheckResult r;
  r.article_id = id;
  r.check = {t, 200, 0, 0, diffwire::CheckOutcome::new_version, ""};
  diffwire::VersionRecord v;
  v.fetched_at = t;
  v.final_url = std::move(url);
  v.content_hash = title + std::to_string(t);
  v.article.title = std::move(title);
  v.article.paragraphs = std::move(paragraphs);
  r.new_version = v;
  r.next_check_at = t + 600;
  r.interval = 600;
  r.status = diffwire::ArticleStatus::ok;
  return r;
}

int spawn_diffwire(const std::vector<std::string>& args) {
  std::vector<std::string> env{"DIFFWIRE_ALLOW_PRIVATE=1", "DIFFWIRE_HOST_DELAY=0"};
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    if (kv.rfind("DIFFWIRE_", 0) != 0) env.push_back(kv);
  }
  std::vector<std::string> argv{DIFFWIRE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> argv_c, env_c;
  for (auto& a : argv) argv_c.push_back(a.data());
  for (auto& e : env) env_c.push_back(e.data());
  argv_c.push_back(nullptr);
  env_c.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execve(argv_c[0], argv_c.data(), env_c.data());
    ::_exit(127);
  }
  if (pid < 0) throw std::runtime_error("cannot fork");
  return pid;
}

std::string source_dir() { return DIFFWIRE_SOURCE_DIR; }

bool matches_golden(const std::string& name, const std::string& actual) {
  std::string path = source_dir() + "/tests/golden/" + name;
  const char* accept = std::getenv("DIFFWIRE_ACCEPT");
  if (accept && std::string(accept) == "1") {
    write_text(path, actual);
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str() == actual;
}
std::string shared_dir() { return DIFFWIRE_SHARED_DIR; }

namespace {
const nlohmann::json& story() {
  static const nlohmann::json s = nlohmann::json::parse(read_text(source_dir() + "/demo/site/story.json"));
  return s;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}
}  // namespace

int story_versions() { return static_cast<int>(story()["versions"].size()); }

std::vector<std::string> story_paragraphs(int version) {
  return story()["versions"][version - 1]["paragraphs"].get<std::vector<std::string>>();
}

std::string story_headline(int version) { return story()["versions"][version - 1]["headline"].get<std::string>(); }

std::string render_story(int version, int hit) {
  static const std::string tmpl = read_text(source_dir() + "/demo/site/template.html");
  const auto& v = story()["versions"][version - 1];
  std::string body;
  auto paragraphs = story_paragraphs(version);
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    if (i == 2) body += "<div class=\"ad-slot inline-ad\"><a href=\"/ads/" + std::to_string(hit) + "\">Advertisement</a></div>\n";
    body += "<p>" + escape(paragraphs[i]) + "</p>\n";
  }
  auto most = story()["most_read"].get<std::vector<std::string>>();
  std::string most_read;
  for (std::size_t i = 0; i < most.size(); ++i)
    most_read += "<li><a href=\"/news/" + std::to_string(i) + "\">" + escape(most[(i + hit) % most.size()]) + "</a></li>";
  std::string json_headline = nlohmann::json(v["headline"].get<std::string>()).dump();
  json_headline = json_headline.substr(1, json_headline.size() - 2);
  std::string page = tmpl;
  replace_all(page, "{{HEADLINE_JSON}}", json_headline);
  replace_all(page, "{{BYLINE_JSON}}", story()["byline"].get<std::string>());
  replace_all(page, "{{HEADLINE}}", escape(v["headline"].get<std::string>()));
  replace_all(page, "{{BYLINE}}", escape(story()["byline"].get<std::string>()));
  replace_all(page, "{{PUBLISHED}}", story()["published"].get<std::string>());
  replace_all(page, "{{MODIFIED}}", v["modified"].get<std::string>());
  replace_all(page, "{{UPDATED_AT}}", "request " + std::to_string(hit));
  replace_all(page, "{{AD_ID}}", std::to_string(hit * 7919));
  replace_all(page, "{{MOST_READ}}", most_read);
  replace_all(page, "{{BODY}}", body);
  return page;
}

std::string encode(const std::string& data, const std::string& coding) {
  if (coding == "gzip") return gzip(data);
  if (coding == "deflate") {  // HTTP's "deflate" is the zlib format
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                  static_cast<uLong>(data.size()), Z_BEST_COMPRESSION) != Z_OK)
      throw std::runtime_error("compress2 failed");
    out.resize(size);
    return out;
  }
  if (coding == "br") {
    std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                               reinterpret_cast<const uint8_t*>(data.data()), &size, reinterpret_cast<uint8_t*>(out.data())))
      throw std::runtime_error("BrotliEncoderCompress failed");
    out.resize(size);
    return out;
  }
  if (coding == "zstd") {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    std::size_t size = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 19);
    if (ZSTD_isError(size)) throw std::runtime_error("ZSTD_compress failed");
    out.resize(size);
    return out;
  }
  throw std::runtime_error("no such coding: " + coding);
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace testing
