// A newsroom on loopback for bench/newsroom: N article URLs spread over H host addresses
// (127.0.0.1 … 127.0.0.H, one port), each a real page from a corpus (cycled), answering conditional
// requests with ETag and Last-Modified as news sites do. GET /_bench/change?round=K edits every tenth
// copy of each corpus page at the end of its longest run of article text; /_bench/stats reports the
// requests seen since /_bench/reset: by status, and per host the most connections at once and the
// shortest gap between two requests — the politeness the clients showed. Pages are sent without a
// Content-Type, which both clients accept as HTML: with one, cpp-httplib as Debian builds it
// brotli-compresses every response (300 ms a page), which would measure this server, not its clients.
//   newsroom-server CORPUS_DIR ARTICLES HOSTS PORT_FILE
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Page {
  std::string html;
  std::vector<std::size_t> edit_at;  // where the edited text ends, in each place the page repeats it
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Words of a text or of a piece of markup: tags and entities dropped, letters (any non-ASCII byte
// counts as one) lower-cased, everything else a separator.
std::string words(std::string_view text) {
  std::string out;
  bool in_tag = false, in_entity = false, gap = true;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (in_tag) {
      in_tag = c != '>';
      continue;
    }
    if (in_entity) {
      in_entity = c != ';' && (std::isalnum(c) || c == '#');
      if (in_entity || c == ';') continue;
    }
    if (c == '<') in_tag = true;
    else if (c == '&') in_entity = true;
    if (std::isalpha(c) || c >= 0x80) {
      if (gap && !out.empty()) out += ' ';
      out += static_cast<char>(std::tolower(c));
      gap = false;
    } else {
      gap = true;
    }
  }
  return out;
}

// The edit goes at the end of the longest run of text (between two tags, outside scripts and styles)
// whose opening words are in the corpus's expected article text, so that it is a change to the
// article, not to page furniture — and wherever the page repeats that text (a hidden copy, a
// preview), as a publisher's edit would.
Page load(const fs::path& dir) {
  Page p{read_file(dir / "source.html"), {}};
  std::size_t chosen_start = 0, chosen_end = 0;
  std::string expected = words(read_file(dir / "expected.txt"));
  std::string lower = p.html;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t best = 0;
  for (std::size_t gt = lower.find('>'); gt != std::string::npos; gt = lower.find('>', gt + 1)) {
    std::size_t tag = lower.rfind('<', gt);
    for (const char* raw : {"script", "style"}) {  // their text is not page text: skip to their end
      if (tag != std::string::npos && lower.compare(tag + 1, std::strlen(raw), raw) == 0) {
        std::size_t end = lower.find(std::string("</") + raw, gt);
        gt = end == std::string::npos ? lower.size() : lower.find('>', end);
      }
    }
    if (gt == std::string::npos || gt >= lower.size()) break;
    std::size_t lt = lower.find('<', gt + 1);
    if (lt == std::string::npos) break;
    if (lt - gt <= best) continue;
    std::string w = words(std::string_view(p.html).substr(gt + 1, lt - gt - 1));
    std::size_t cut = 0;
    for (int k = 0; k < 6 && cut != std::string::npos; ++k) cut = w.find(' ', cut + 1);
    std::string opening = w.substr(0, cut);
    if (opening.size() < 12 || expected.find(opening) == std::string::npos) continue;
    best = lt - gt;
    chosen_start = gt + 1;
    chosen_end = lt;
  }
  if (chosen_end > chosen_start) {
    std::string text = p.html.substr(chosen_start, chosen_end - chosen_start);
    for (std::size_t at = p.html.find(text); at != std::string::npos; at = p.html.find(text, at + text.size()))
      p.edit_at.push_back(at + text.size());
  } else {
    std::size_t body_end = lower.find("</body>");
    p.edit_at.push_back(body_end == std::string::npos ? p.html.size() : body_end);
  }
  return p;
}

struct HostStats {
  int active = 0, peak = 0;
  std::int64_t requests = 0;
  std::chrono::steady_clock::time_point last{};
  double min_gap_ms = 1e18;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: newsroom-server CORPUS_DIR ARTICLES HOSTS PORT_FILE\n";
    return 2;
  }
  std::vector<Page> pages;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(argv[1]))
    if (fs::exists(e.path() / "source.html")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) pages.push_back(load(d));
  const int articles = std::stoi(argv[2]), hosts = std::stoi(argv[3]);
  std::vector<std::atomic<int>> version(articles);
  const long base_time = 1795305600;  // 2026-11-22T00:00:00Z

  std::mutex m;
  std::map<std::string, HostStats> stats;
  std::map<int, std::int64_t> by_status;

  auto handler = [&](const httplib::Request& req, httplib::Response& res) {
    std::string host = req.local_addr;
    auto started = std::chrono::steady_clock::now();
    {
      std::lock_guard<std::mutex> lock(m);
      HostStats& h = stats[host];
      if (h.requests > 0)
        h.min_gap_ms = std::min(h.min_gap_ms, std::chrono::duration<double, std::milli>(started - h.last).count());
      h.last = started;
      ++h.requests;
      h.peak = std::max(h.peak, ++h.active);
    }
    int id = -1;
    if (req.path.rfind("/a/", 0) == 0) id = std::atoi(req.path.c_str() + 3);
    if (id < 0 || id >= articles) {
      res.status = 404;
    } else {
      int v = version[id].load();
      std::string etag = "\"";
      etag.append(std::to_string(id)).append("-").append(std::to_string(v)).append("\"");
      char date[64];
      std::time_t t = base_time + v * 600;
      std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&t));
      std::string inm = req.get_header_value("If-None-Match");
      std::string ims = req.get_header_value("If-Modified-Since");
      res.set_header("ETag", etag);
      res.set_header("Last-Modified", date);
      if (inm == etag || (inm.empty() && ims == date)) {
        res.status = 304;
      } else {
        const Page& p = pages[static_cast<std::size_t>(id) % pages.size()];
        std::string body = p.html;
        std::string edit;
        for (int k = 1; k <= v; ++k)
          edit.append(" Correction ").append(std::to_string(k)).append(": this paragraph was updated by the newsroom.");
        for (auto at = p.edit_at.rbegin(); at != p.edit_at.rend(); ++at) body.insert(*at, edit);
        res.set_content(std::move(body), "");  // no type: cpp-httplib then never compresses (see above)
      }
    }
    std::lock_guard<std::mutex> lock(m);
    --stats[host].active;
    ++by_status[res.status == -1 ? 200 : res.status];
  };

  auto control = [&](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/_bench/change") {
      int round = req.has_param("round") ? std::stoi(req.get_param_value("round")) : 0;
      int changed = 0;
      // Copy c of corpus page p is article c * pages + p: a round edits every tenth copy of every page,
      // so each round's edits fall on all the corpus's pages, not on one tenth of them.
      for (int id = 0; id < articles; ++id)
        if ((id / static_cast<int>(pages.size())) % 10 == round % 10) ++version[id], ++changed;
      res.set_content(std::to_string(changed) + "\n", "text/plain");
    } else if (req.path == "/_bench/reset") {
      std::lock_guard<std::mutex> lock(m);
      stats.clear();
      by_status.clear();
      res.set_content("ok\n", "text/plain");
    } else if (req.path == "/_bench/stats") {
      std::lock_guard<std::mutex> lock(m);
      std::int64_t total = 0;
      int peak = 0;
      double gap = 1e18;
      for (auto& [h, s] : stats) {
        total += s.requests;
        peak = std::max(peak, s.peak);
        gap = std::min(gap, s.min_gap_ms);
      }
      std::ostringstream out;
      out << "requests " << total;
      for (auto& [code, n] : by_status) out << ", " << code << ": " << n;
      out << "; hosts " << stats.size() << ", most at once on one host " << peak << ", shortest gap on one host "
          << (gap > 1e17 ? 0.0 : gap) << " ms\n";
      res.set_content(out.str(), "text/plain");
    }
  };

  std::vector<std::unique_ptr<httplib::Server>> servers;
  std::vector<std::thread> threads;
  int port = 0;
  for (int h = 1; h <= hosts; ++h) {
    auto s = std::make_unique<httplib::Server>();
    s->new_task_queue = [] { return new httplib::ThreadPool(6); };
    s->Get("/_bench/.*", control);
    s->Get(".*", handler);
    std::string addr = std::string("127.0.0.").append(std::to_string(h));
    if (h == 1) {
      port = s->bind_to_any_port(addr);
    } else if (!s->bind_to_port(addr, port)) {
      std::cerr << "newsroom-server: cannot bind " << addr << ":" << port << "\n";
      return 1;
    }
    if (port <= 0) return 1;
    servers.push_back(std::move(s));
  }
  for (auto& s : servers) threads.emplace_back([&s] { s->listen_after_bind(); });
  {
    std::ofstream(std::string(argv[4]) + ".tmp") << port;
    fs::rename(std::string(argv[4]) + ".tmp", argv[4]);
  }
  for (auto& t : threads) t.join();
  return 0;
}
