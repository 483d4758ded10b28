// A store for bench/report: ARTICLES stories (default 10,000) of VERSIONS versions each (default 5),
// 12 paragraphs of generated news prose per story, each new version edited as newsrooms edit — a
// figure changed, a sentence added, a paragraph dropped or moved, now and then the headline — with
// stats and change classes computed by diffwire's own differ, as a poll would record them. Stories
// are spread over 20 sources. Deterministic: the same arguments make the same store.
//   report-store STORE [ARTICLES] [VERSIONS]
//   report-store --add STORE N     N more versions, one each on the N stories changed longest ago
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "diffwire/change.hpp"
#include "diffwire/diff.hpp"
#include "diffwire/extract.hpp"
#include "diffwire/store.hpp"

using namespace diffwire;

namespace {

const std::vector<std::string> kWords = {
    "council", "harbour", "minister", "report",  "said",    "the",     "on",     "after",   "residents", "plans",
    "budget",  "bridge",  "storm",    "police",  "school",  "hospital", "vote",  "week",    "officials", "new",
    "inquiry", "river",   "station",  "funding", "workers", "strike",  "court",  "ruling",  "families",  "homes"};

std::string sentence(std::mt19937& rng) {
  std::uniform_int_distribution<int> len(8, 18), word(0, static_cast<int>(kWords.size()) - 1), fig(2, 900);
  std::string s = "The";
  int n = len(rng);
  for (int i = 0; i < n; ++i) s.append(" ").append(i == n / 2 ? std::to_string(fig(rng)) : kWords[static_cast<std::size_t>(word(rng))]);
  return s.append(".");
}

std::string paragraph(std::mt19937& rng) {
  std::string p = sentence(rng);
  for (int i = 0; i < 2; ++i) p.append(" ").append(sentence(rng));
  return p;
}

Article edit(const Article& before, std::mt19937& rng) {
  Article a = before;
  std::uniform_int_distribution<int> kind(0, 9);
  std::uniform_int_distribution<std::size_t> at(0, a.paragraphs.size() - 1);
  switch (kind(rng)) {
    case 0: a.title += " (updated)"; break;
    case 1: a.paragraphs.insert(a.paragraphs.begin() + static_cast<long>(at(rng)), paragraph(rng)); break;
    case 2: if (a.paragraphs.size() > 4) a.paragraphs.erase(a.paragraphs.begin() + static_cast<long>(at(rng))); break;
    case 3: std::swap(a.paragraphs[at(rng)], a.paragraphs.back()); break;
    default: a.paragraphs[at(rng)].append(" ").append(sentence(rng)); break;
  }
  if (a.paragraphs == before.paragraphs && a.title == before.title) a.paragraphs.push_back(paragraph(rng));
  return a;
}

void record(Store& store, std::vector<CheckResult>& batch) {
  store.record(batch);
  batch.clear();
}

CheckResult version_of(std::int64_t id, const std::string& url, Seconds t, const Article& a, const Article* before) {
  CheckResult r;
  r.article_id = id;
  r.check = {t, 200, 0, 0, CheckOutcome::new_version, ""};
  VersionRecord v;
  v.fetched_at = t;
  v.final_url = url;
  v.article = a;
  v.article.method = std::string("dom@") + kExtractorVersion;
  std::string text = a.title;
  for (const std::string& p : a.paragraphs) text.append("\n").append(p);  // the whole text: a repeat is a revert
  v.content_hash = std::to_string(std::hash<std::string>{}(text));
  if (before) {
    auto ops = diff_paragraphs(before->paragraphs, a.paragraphs);
    v.stats = count_changes(ops);
    v.classes = classify_change(before->title, a.title, ops, false);
  } else {
    v.stats = DiffStats{static_cast<int>(a.paragraphs.size()), 0, 0, 0};
  }
  r.new_version = v;
  r.next_check_at = t + 600;
  r.interval = 600;
  r.status = ArticleStatus::ok;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "--add") {
    Store store = Store::open(argv[2]);
    int n = std::atoi(argv[3]);
    std::mt19937 rng(99);
    std::vector<ArticleRecord> all = store.articles();
    std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.last_changed_at < y.last_changed_at; });
    std::vector<CheckResult> batch;
    for (int i = 0; i < n && i < static_cast<int>(all.size()); ++i) {
      auto latest = store.latest_version(all[static_cast<std::size_t>(i)].id);
      Article next = edit(latest->article, rng);
      batch.push_back(version_of(all[static_cast<std::size_t>(i)].id, all[static_cast<std::size_t>(i)].url,
                                 latest->fetched_at + 3600, next, &latest->article));
      if (batch.size() == 100) record(store, batch);
    }
    if (!batch.empty()) record(store, batch);
    return 0;
  }
  if (argc < 2) {
    std::cerr << "usage: report-store STORE [ARTICLES] [VERSIONS] | report-store --add STORE N\n";
    return 2;
  }
  int articles = argc > 2 ? std::atoi(argv[2]) : 10000, versions = argc > 3 ? std::atoi(argv[3]) : 5;
  Store store = Store::open(argv[1]);
  std::mt19937 rng(42);
  const Seconds start = 1'790'000'000;
  for (int s = 0; s < 20; ++s) {
    SourceRecord src;
    src.name = "source-" + std::to_string(s);
    src.url = "https://news" + std::to_string(s) + ".example/feed.xml";
    store.add_source(src);
  }
  std::vector<SourceRecord> sources = store.sources();
  std::vector<CheckResult> batch;
  for (int i = 0; i < articles; ++i) {
    const SourceRecord& src = sources[static_cast<std::size_t>(i) % sources.size()];
    std::string url = "https://news";
    url.append(std::to_string(static_cast<std::size_t>(i) % sources.size())).append(".example/2026/story-").append(std::to_string(i));
    store.discover({{url, std::nullopt}}, src.id, start);
    std::int64_t id = store.article(url)->id;
    Article a;
    a.title = "Story " + std::to_string(i) + ": " + sentence(rng);
    for (int p = 0; p < 12; ++p) a.paragraphs.push_back(paragraph(rng));
    Seconds t = start + i * 7;
    batch.push_back(version_of(id, url, t, a, nullptr));
    for (int v = 1; v < versions; ++v) {
      record(store, batch);  // each version is diffed against the one recorded before it
      Article next = edit(a, rng);
      t += 600 + static_cast<Seconds>(rng() % 3000);
      batch.push_back(version_of(id, url, t, next, &a));
      a = std::move(next);
    }
    record(store, batch);
  }
  return 0;
}
