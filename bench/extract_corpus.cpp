// Extracts every page of a corpus (CORPUS/<page>/source.html) into OUT/<page>.txt and OUT/<page>.title,
// the layout ../shared/tools/score-extraction reads, and reports the throughput (charset decoding,
// prefiltering, parsing and extraction, one core), the slowest page (issue 15: none over 1 s) and the
// peak memory of the process.
//   extract-corpus ../shared/corpora/readability /tmp/pred
//   extract-corpus --gumbo-only ../shared/corpora/readability   # gumbo's bare parse of the same bytes
#include <gumbo.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "diffwire/read_page.hpp"
#include "diffwire/extract.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void report(std::size_t pages, std::size_t bytes, double seconds, double slowest, const std::string& slowest_page) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << pages << " pages, " << bytes / 1e6 << " MB in " << seconds << " s: " << bytes / 1e6 / seconds
            << " MB/s, peak RSS " << usage.ru_maxrss / 1024 << " MiB, slowest page " << slowest * 1000 << " ms ("
            << slowest_page << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool gumbo_only = !args.empty() && args[0] == "--gumbo-only";
  bool decoded = !args.empty() && args[0] == "--decoded";
  if (gumbo_only || decoded) args.erase(args.begin());
  if (args.size() != (gumbo_only ? 1u : 2u)) {
    std::cerr << "usage: extract-corpus CORPUS_DIR OUT_DIR | extract-corpus --gumbo-only CORPUS_DIR |\n"
                 "       extract-corpus --decoded CORPUS_DIR OUT_DIR   (OUT_DIR/<page>/source.html: the UTF-8 text\n"
                 "                                                     diffwire decodes, for the peers)\n";
    return 2;
  }
  if (!gumbo_only) fs::create_directories(args[1]);
  std::size_t bytes = 0, pages = 0;
  double seconds = 0, slowest = 0;
  std::string slowest_page;
  std::vector<fs::path> sources;
  for (const auto& entry : fs::directory_iterator(args[0]))
    if (fs::exists(entry.path() / "source.html")) sources.push_back(entry.path());
  std::sort(sources.begin(), sources.end());
  for (const fs::path& dir : sources) {
    std::string html = read_file(dir / "source.html");
    bytes += html.size();
    ++pages;
    if (decoded) {  // the same text diffwire reads, for the peers: a fair comparison decodes once
      fs::create_directories(fs::path(args[1]) / dir.filename());
      std::ofstream(fs::path(args[1]) / dir.filename() / "source.html", std::ios::binary) << diffwire::page_to_utf8(html, "");
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    auto count = [&] {
      double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      seconds += took;
      if (took > slowest) slowest = took, slowest_page = dir.filename().string();
    };
    if (gumbo_only) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
      gumbo_destroy_output(&kGumboDefaultOptions, out);
      count();
      continue;
    }
    diffwire::Article a = diffwire::read_page(html, "");
    count();
    std::string name = dir.filename().string();
    std::ofstream txt(fs::path(args[1]) / (name + ".txt"));
    for (const auto& p : a.paragraphs) txt << p << "\n\n";
    std::ofstream title(fs::path(args[1]) / (name + ".title"));
    title << a.title;
  }
  if (!decoded) report(pages, bytes, seconds, slowest, slowest_page);
  return 0;
}
