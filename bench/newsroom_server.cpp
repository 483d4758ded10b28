// A newsroom on loopback for bench/newsroom: N article URLs spread over H host addresses
// (127.0.0.1 … 127.0.0.H, one port), each a real page from a corpus (cycled), answering conditional
// requests with ETag and Last-Modified as news sites do. GET /_bench/change?round=K edits every tenth
// copy of each corpus page at the end of its longest paragraph of article text; /_bench/stats reports the
// requests seen since /_bench/reset: by status, and per host the most connections at once and the
// shortest gap between two requests — the politeness the clients showed. Pages are sent without a
// Content-Type, which both clients accept as HTML: with one, cpp-httplib as Debian builds it
// brotli-compresses every response (300 ms a page), which would measure this server, not its clients.
//   newsroom-server CORPUS_DIR ARTICLES HOSTS PORT_FILE
#include <gumbo.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
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

// A reader's comment or the comment section, by a class or id word ("comments", "comment-7443"), not
// by any word that contains one ("commented" on an article, "f_comments_on" among a body's flags).
bool is_comment(const std::string& hints) {
  std::istringstream words(hints);
  for (std::string w; words >> w;)
    if (w == "comment" || w == "comments" || w.rfind("comment-", 0) == 0 || w.rfind("comments-", 0) == 0 ||
        w.rfind("comment_", 0) == 0)
      return true;
  return false;
}

// The edit goes at the end of the longest paragraph (<p>…</p>, found with gumbo) whose words all appear
// in one paragraph of the corpus's expected article text (a teaser that runs two of them together is
// not one) and which is not in a figure, a caption or a comment (some expected texts keep readers'
// comments), so that it changes what a reader reads as the story, not furniture or a comment; and
// wherever the page repeats that paragraph (a hidden copy, a preview), as a publisher's edit would.
// A page with no such paragraph gets it after its longest run of text (a text node) of the same kind.
Page load(const fs::path& dir) {
  Page p{read_file(dir / "source.html"), {}};
  std::string expected_text = read_file(dir / "expected.txt");
  std::vector<std::string> expected_paragraphs;  // blank-line separated, as the corpus writes them
  for (std::size_t at = 0; at < expected_text.size();) {
    std::size_t end = expected_text.find("\n\n", at);
    if (end == std::string::npos) end = expected_text.size();
    expected_paragraphs.push_back(words(std::string_view(expected_text).substr(at, end - at)));
    at = end + 2;
  }
  std::string chosen;  // the markup the edit follows
  auto in_expected = [&](const std::string& w) {
    return std::any_of(expected_paragraphs.begin(), expected_paragraphs.end(),
                       [&](const std::string& x) { return x.find(w) != std::string::npos; });
  };
  std::size_t best = 0, run_words = 0;
  std::string longest_run;  // the longest text node of the same kind, for pages without such a paragraph
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> doc(
      gumbo_parse_with_options(&kGumboDefaultOptions, p.html.data(), p.html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  std::vector<const GumboNode*> stack{doc->root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT) {
      const GumboText& t = node->v.text;
      std::string w = words(std::string_view(t.original_text.data, t.original_text.length));
      if (w.size() > run_words && w.size() >= 12 && in_expected(w)) {
        run_words = w.size();
        longest_run.assign(t.original_text.data, t.original_text.length);
      }
    }
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_FIGURE || e.tag == GUMBO_TAG_FIGCAPTION || e.tag == GUMBO_TAG_SCRIPT ||
        e.tag == GUMBO_TAG_STYLE)
      continue;
    std::string hints;
    for (const char* name : {"class", "id"})
      if (const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name)) hints.append(a->value).append(" ");
    std::transform(hints.begin(), hints.end(), hints.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    bool page = e.tag == GUMBO_TAG_HTML || e.tag == GUMBO_TAG_BODY;  // their classes are site-wide flags
    if (!page && (is_comment(hints) || hints.find("caption") != std::string::npos)) continue;
    for (unsigned i = 0; i < e.children.length; ++i) stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    if (e.tag != GUMBO_TAG_P || e.original_tag.length == 0 || e.original_end_tag.length == 0) continue;
    std::size_t inner = e.start_pos.offset + e.original_tag.length, close = e.end_pos.offset;
    if (close <= inner || close > p.html.size()) continue;
    std::string w = words(std::string_view(p.html).substr(inner, close - inner));
    if (w.size() <= best || w.size() < 40) continue;
    if (!in_expected(w)) continue;
    best = w.size();
    chosen = p.html.substr(inner, close - inner);
  }
  if (chosen.empty()) chosen = longest_run;
  if (!chosen.empty()) {
    for (std::size_t at = p.html.find(chosen); at != std::string::npos; at = p.html.find(chosen, at + chosen.size()))
      p.edit_at.push_back(at + chosen.size());
  } else {
    std::size_t body_end = p.html.find("</body>");
    p.edit_at.push_back(body_end == std::string::npos ? p.html.size() : body_end);
  }
  if (std::getenv("NEWSROOM_SHOW_EDITS"))
    std::cerr << dir.filename().string() << ": " << p.edit_at.size() << " place(s) after \"" << words(chosen).substr(0, 70) << "\"\n";
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
        if ((id / static_cast<int>(pages.size())) % 10 == round % 10 && !pages[id % pages.size()].edit_at.empty())
          ++version[id], ++changed;
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
