// Extracts every page of a corpus (CORPUS/<page>/source.html) into OUT/<page>.txt and OUT/<page>.title,
// the layout ../shared/tools/score-extraction reads, and reports the throughput.
//   extract-corpus ../shared/corpora/readability /tmp/pred
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "diffwire/charset.hpp"
#include "diffwire/extract.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: extract-corpus CORPUS_DIR OUT_DIR\n";
    return 2;
  }
  fs::create_directories(argv[2]);
  std::size_t bytes = 0, pages = 0;
  double seconds = 0;
  for (const auto& entry : fs::directory_iterator(argv[1])) {
    fs::path source = entry.path() / "source.html";
    if (!fs::exists(source)) continue;
    std::ifstream in(source, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string html = ss.str();
    auto start = std::chrono::steady_clock::now();
    diffwire::Article a = diffwire::extract_article(diffwire::page_to_utf8(html, ""));
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bytes += html.size();
    ++pages;
    std::string name = entry.path().filename().string();
    std::ofstream txt(fs::path(argv[2]) / (name + ".txt"));
    for (const auto& p : a.paragraphs) txt << p << "\n\n";
    std::ofstream title(fs::path(argv[2]) / (name + ".title"));
    title << a.title;
  }
  std::cout << pages << " pages, " << bytes / 1e6 << " MB in " << seconds << " s: " << bytes / 1e6 / seconds
            << " MB/s\n";
  return 0;
}
