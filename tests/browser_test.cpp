// The report in a real browser: Debian's Chromium, headless, driven over WebDriver by Debian's
// chromedriver (both installed by scripts/install-deps). Pages are opened from disk, as a reader of
// the static report would, at a desktop and a phone width and as printed; the DOM and the layout are
// checked, and screenshots are kept in test-artifacts/ (or $DIFFWIRE_ARTIFACTS) for a person to look at.
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "diffwire/report.hpp"
#include "diffwire/store.hpp"
#include "support.hpp"

extern char** environ;

using namespace diffwire;
using nlohmann::json;

namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// chromedriver for the length of a test; killed with its browser on the way out.
class Driver {
 public:
  explicit Driver(const std::string& profile) : port_(free_port()) {
    std::string port_arg = "--port=" + std::to_string(port_);
    std::vector<char*> argv{const_cast<char*>("/usr/bin/chromedriver"), port_arg.data(), nullptr};
    REQUIRE_MESSAGE(std::filesystem::exists("/usr/bin/chromedriver"), "chromedriver missing: run scripts/install-deps");
    REQUIRE(posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
    http_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    http_->set_read_timeout(60, 0);
    for (int i = 0; i < 100 && !http_->Get("/status"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    json caps = {{"capabilities",
                  {{"alwaysMatch",
                    {{"goog:chromeOptions",
                      {{"binary", "/usr/bin/chromium"},
                       {"args",
                        {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--hide-scrollbars", "--user-data-dir=" + profile}}}}}}}}};
    json answer = call("POST", "/session", caps);
    session_ = answer["value"]["sessionId"].get<std::string>();
  }
  ~Driver() {
    if (!session_.empty()) http_->Delete("/session/" + session_);
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  json call(const std::string& method, const std::string& path, const json& body = json::object()) {
    auto res = method == "GET" ? http_->Get(path) : http_->Post(path, body.dump(), "application/json");
    REQUIRE_MESSAGE(res, "chromedriver did not answer " << path);
    json out = json::parse(res->body);
    REQUIRE_MESSAGE(res->status == 200, path << ": " << res->body.substr(0, 500));
    return out;
  }
  json session(const std::string& method, const std::string& path, const json& body = json::object()) {
    return call(method, "/session/" + session_ + path, body);
  }
  // The viewport, not the window: the window is sized until the page is `width` CSS pixels wide.
  void viewport(int width, int height) {
    session("POST", "/window/rect", {{"width", width}, {"height", height}});
    int inner = script("return window.innerWidth;").get<int>();
    session("POST", "/window/rect", {{"width", 2 * width - inner}, {"height", height}});
  }
  void open(const std::string& url) { session("POST", "/url", {{"url", url}}); }
  json script(const std::string& code) { return session("POST", "/execute/sync", {{"script", code}, {"args", json::array()}})["value"]; }
  void screenshot(const std::string& name) {
    std::string png = base64_decode(session("GET", "/screenshot")["value"].get<std::string>());
    const char* env = std::getenv("DIFFWIRE_ARTIFACTS");
    std::filesystem::path dir = env && *env ? env : "test-artifacts";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / (name + ".png"), std::ios::binary) << png;
    MESSAGE("screenshot: " << std::filesystem::absolute(dir / (name + ".png")).string());
  }

 private:
  static std::string base64_decode(const std::string& in) {
    std::string out;
    int value = 0, bits = -8;
    for (unsigned char c : in) {
      int d = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
              : c == '+' ? 62 : c == '/' ? 63 : -1;
      if (d < 0) continue;
      value = (value << 6) | d;
      bits += 6;
      if (bits >= 0) {
        out += static_cast<char>((value >> bits) & 0xff);
        bits -= 8;
      }
    }
    return out;
  }
  int port_;
  pid_t pid_ = -1;
  std::unique_ptr<httplib::Client> http_;
  std::string session_;
};

void add_version(Store& s, std::int64_t id, Seconds t, const std::string& title, std::vector<std::string> paragraphs) {
  s.record({testing::version_check(id, t, title, std::move(paragraphs), "https://example.org/harbour")});
}

// What the layout checks read from a page, in one round trip.
const char* kLayout = R"(
  const shown = id => { const e = document.getElementById(id); return !!e && getComputedStyle(e).display !== 'none'; };
  const row = document.querySelector('#side-by-side tbody tr.replace');
  const cells = row ? [...row.querySelectorAll('td')].map(td => td.getBoundingClientRect()) : [];
  const del = document.querySelector('#inline del');
  return {
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    sideBySide: shown('side-by-side'),
    inline: shown('inline'),
    cells: cells.map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width})),
    delMark: del ? getComputedStyle(del, '::before').content : '',
    scripts: document.scripts.length,
    title: document.title,
    fontSize: parseFloat(getComputedStyle(document.body).fontSize)
  };)";

}  // namespace

TEST_CASE("report in headless Chromium: side by side on a desktop, inline on a phone, nothing runs, nothing overflows") {
  testing::TempDir dir;
  std::string site = dir.file("site");
  std::int64_t id = 0;
  {
    Store s = Store::open(dir.file("s.db"));
    s.track("https://example.org/harbour", 0);
    id = s.article("https://example.org/harbour")->id;
    add_version(s, id, 100, "Harbour bridge closed after storm",
                {"The harbour bridge was closed on Tuesday after a storm damaged two of its cables.",
                 "Engineers said repairs would take three days.", "Ferries will run every hour until it reopens."});
    add_version(s, id, 2200, "Harbour bridge <script>alert(1)</script> shut for a week",
                {"The harbour bridge was closed on Tuesday after a storm damaged four of its cables.",
                 "Engineers said repairs would take seven days, and a longer inspection is planned in the spring "
                 "once the weather settles and the divers can work below the waterline safely.",
                 "Ferries will run every hour until it reopens."});
    add_version(s, id, 4000, "Harbour bridge shut for a week",
                {"The harbour bridge was closed on Tuesday after a storm damaged four of its cables.",
                 "Ferries will run every half hour until it reopens.", "Engineers said repairs would take seven days."});
    write_report(s, site);
  }
  std::string change = "file://" + site + "/articles/" + std::to_string(id) + "/1-2.html";
  std::string story = "file://" + site + "/articles/" + std::to_string(id) + ".html";
  Driver browser(dir.file("profile"));

  SUBCASE("desktop, 1280 pixels") {
    browser.viewport(1280, 900);
    browser.open(change);
    json l = browser.script(kLayout);
    CHECK(l["innerWidth"] == 1280);
    CHECK(l["sideBySide"] == true);
    CHECK(l["inline"] == false);
    REQUIRE(l["cells"].size() == 2);
    CHECK(l["cells"][0]["right"].get<double>() <= l["cells"][1]["left"].get<double>());  // two columns
    CHECK(l["cells"][0]["top"] == l["cells"][1]["top"]);
    CHECK(l["scrollWidth"].get<int>() <= l["innerWidth"].get<int>());
    CHECK(l["scripts"] == 0);  // the headline's <script> is text
    CHECK(l["title"].get<std::string>().find("<script>alert(1)</script>") != std::string::npos);
    browser.screenshot("report-change-desktop");
    browser.open(change + "#inline");  // the inline view, by its link
    l = browser.script(kLayout);
    CHECK(l["inline"] == true);
    CHECK(l["sideBySide"] == false);
    CHECK(l["delMark"] == "\"[−\"");  // not colour alone
    // On paper: the inline view, no navigation.
    browser.open(change);
    browser.session("POST", "/goog/cdp/execute", {{"cmd", "Emulation.setEmulatedMedia"}, {"params", {{"media", "print"}}}});
    l = browser.script(kLayout);
    CHECK(l["inline"] == true);
    CHECK(l["sideBySide"] == false);
    CHECK(browser.script("return getComputedStyle(document.querySelector('nav')).display;") == "none");
    browser.session("POST", "/goog/cdp/execute", {{"cmd", "Emulation.setEmulatedMedia"}, {"params", {{"media", ""}}}});
    browser.open(story);
    l = browser.script(kLayout);
    CHECK(l["scrollWidth"].get<int>() <= l["innerWidth"].get<int>());
    browser.screenshot("report-story-desktop");
  }
  SUBCASE("phone, 390 pixels") {
    browser.viewport(390, 844);
    browser.open(change);
    json l = browser.script(kLayout);
    CHECK(l["innerWidth"] == 390);
    CHECK(l["inline"] == true);
    CHECK(l["sideBySide"] == false);
    CHECK(l["scrollWidth"].get<int>() <= l["innerWidth"].get<int>());
    CHECK(l["fontSize"].get<double>() >= 14);
    browser.screenshot("report-change-phone");
    browser.open(change + "#side-by-side");  // chosen by its link, the columns stack
    l = browser.script(kLayout);
    CHECK(l["sideBySide"] == true);
    REQUIRE(l["cells"].size() == 2);
    CHECK(l["cells"][1]["top"].get<double>() >= l["cells"][0]["bottom"].get<double>());
    CHECK(l["scrollWidth"].get<int>() <= l["innerWidth"].get<int>());
    browser.open(story);
    l = browser.script(kLayout);
    CHECK(l["scrollWidth"].get<int>() <= l["innerWidth"].get<int>());  // the compare table scrolls in its box
    browser.screenshot("report-story-phone");
  }
}
