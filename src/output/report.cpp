// Pages are plain HTML in the one page shell (html_page.hpp); the compare pages are the diff writers'
// views (render_diff_views_html), so the report, `serve` and `diff --format html` never disagree. Links inside the report are relative, so the same pages work
// from a directory, a web server or `diffwire serve`.
#include "diffwire/report.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>
#include <map>

#include "diffwire/blame.hpp"
#include "diffwire/change.hpp"
#include "diffwire/error.hpp"
#include "diffwire/feed.hpp"
#include "diffwire/files.hpp"
#include "diffwire/diff_writers.hpp"
#include "diffwire/escape.hpp"
#include "diffwire/html_page.hpp"

namespace diffwire {

namespace {

namespace fs = std::filesystem;

// Bumped whenever the pages change shape: a report written by another layout is rewritten whole.
constexpr const char* kLayout = "diffwire-report 2";

std::string story_title(const ArticleRecord& a) { return a.title.empty() ? a.url : a.title; }

std::string times(int n) { return std::to_string(n) + (n == 1 ? " time" : " times"); }

std::string pair_file(int from, int to) { return std::to_string(from) + "-" + std::to_string(to) + ".html"; }

std::string classes_span(const std::vector<std::string>& classes) {
  return classes.empty() ? "" : " <span class=\"classes\">[" + html_escape(join_classes(classes)) + "]</span>";
}

std::string article_page(const ArticleRecord& a, const std::vector<VersionRecord>& versions) {
  std::string id = std::to_string(a.id);
  int changes = count_real_changes(versions);
  std::string body = "<nav><a href=\"../index.html\">All stories</a>";
  if (!a.source.empty()) body += "<span class=\"muted\">from " + html_escape(a.source) + "</span>";
  body += "</nav>\n<h1>" + html_escape(story_title(a)) + "</h1>\n<p>" + html_link(a.url) +
          "</p>\n<p>The article has changed " + times(changes) + ".</p>\n";

  body += "<h2>Headline timeline</h2>\n<ol class=\"headlines\">\n";
  const VersionRecord* shown = nullptr;
  for (const VersionRecord& v : versions) {
    if (shown && shown->article.title == v.article.title) continue;
    body += "<li>" + html_escape(v.article.title.empty() ? "(no headline)" : v.article.title) +
            " <span class=\"when\">version " + std::to_string(v.number) + ", " + format_iso8601(v.fetched_at);
    if (shown) body += " (" + describe_later(v.fetched_at - shown->fetched_at) + ")";
    body += "</span></li>\n";
    shown = &v;
  }
  body += "</ol>\n<h2>Versions</h2>\n<ol class=\"versions\">\n";
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const VersionRecord& v = versions[i];
    std::string label = "Version " + std::to_string(v.number);
    body += "<li value=\"" + std::to_string(v.number) + "\">";
    body += i > 0 ? "<a href=\"" + id + "/" + pair_file(versions[i - 1].number, v.number) + "\">" + label + "</a>" : label;
    body += " <span class=\"when\">" + format_iso8601(v.fetched_at);
    if (i > 0) body += " (" + describe_later(v.fetched_at - versions[i - 1].fetched_at) + ")";
    body += "</span> — " + html_escape(v.article.title);
    if (v.rebaseline) body += " <span class=\"classes\">(re-baseline: not a change)</span>";
    if (v.reverted_to > 0) body += " <span class=\"classes\">(reverted to version " + std::to_string(v.reverted_to) + ")</span>";
    body += classes_span(v.classes) + "</li>\n";
  }
  body += "</ol>\n";

  auto pair_link = [&](int from, int to, const std::string& text) {
    return "<a href=\"" + id + "/" + pair_file(from, to) + "\" aria-label=\"version " + std::to_string(from) +
           " to version " + std::to_string(to) + "\">" + text + "</a>";
  };
  if (versions.size() >= 2 && static_cast<int>(versions.size()) <= kAllPairsUpTo) {
    // A matrix of every pair: rows the older version, columns the newer.
    body += "<h2>Compare any two versions</h2>\n<div class=\"pairs\"><table>\n<caption class=\"muted\">From the "
            "version in the row to the version in the column</caption>\n<tr><th scope=\"col\"></th>";
    for (std::size_t j = 1; j < versions.size(); ++j) body += "<th scope=\"col\">" + std::to_string(versions[j].number) + "</th>";
    body += "</tr>\n";
    for (std::size_t i = 0; i + 1 < versions.size(); ++i) {
      body += "<tr><th scope=\"row\">" + std::to_string(versions[i].number) + "</th>";
      for (std::size_t j = 1; j < versions.size(); ++j) {
        int from = versions[i].number, to = versions[j].number;
        body += j > i ? "<td>" + pair_link(from, to, std::to_string(from) + "→" + std::to_string(to)) + "</td>" : "<td></td>";
      }
      body += "</tr>\n";
    }
    body += "</table></div>\n";
  } else if (versions.size() >= 2) {
    // Too many for a matrix (a live page may have hundreds): each version against the first and the latest.
    int first = versions.front().number, latest = versions.back().number;
    body += "<h2>Compare versions</h2>\n<ul class=\"pairs\">\n";
    for (std::size_t i = 1; i + 1 < versions.size(); ++i) {
      int n = versions[i].number;
      body += "<li>Version " + std::to_string(n) + ": " + pair_link(first, n, "against version " + std::to_string(first)) +
              " · " + pair_link(n, latest, "against version " + std::to_string(latest)) + "</li>\n";
    }
    body += "<li>" + pair_link(first, latest, "The first against the latest") + "</li>\n</ul>\n"
            "<p class=\"muted\">Other pairs: <code>diffwire diff " + html_escape(a.url) +
            " --from A --to B</code>, or <code>diffwire serve</code>.</p>\n";
  }

  body += "<h2>The latest text, and since when it reads so</h2>\n<table class=\"blame\">\n";
  for (const BlamedParagraph& p : blame(versions))
    body += "<tr><td class=\"since\">Version " + std::to_string(p.since) + "<br>" + format_iso8601(p.since_at) +
            "</td><td>" + html_escape(p.text) + "</td></tr>\n";
  body += "</table>\n";
  return html_page(story_title(a), body);
}

std::string compare_page(const ArticleRecord& a, const std::vector<VersionRecord>& versions, const VersionRecord& from,
                         const VersionRecord& to) {
  std::string id = std::to_string(a.id);
  VersionDiff d = make_version_diff(a.url, from, to);
  std::string body = "<nav><a href=\"../" + id + ".html\">" + html_escape(story_title(a)) + "</a>";
  if (to.number == from.number + 1) {  // a change: step to its neighbours
    if (from.number > 1) body += "<a href=\"" + pair_file(from.number - 1, from.number) + "\">Previous change</a>";
    if (to.number < versions.back().number) body += "<a href=\"" + pair_file(to.number, to.number + 1) + "\">Next change</a>";
  }
  body += "</nav>\n<h1>" + html_escape(to.article.title.empty() ? a.url : to.article.title) + "</h1>\n<p>" +
          html_link(a.url) + "</p>\n<p>Version " + std::to_string(from.number) + " → version " +
          std::to_string(to.number) + " <span class=\"when\">(" + describe_later(to.fetched_at - from.fetched_at) +
          ")</span>" + classes_span(d.classes) + "</p>\n";
  if (to.rebaseline) body += "<p class=\"classes\">Version " + std::to_string(to.number) + " is a re-baseline: the extractor changed, not the article.</p>\n";
  body += render_diff_views_html(d);
  return html_page(to.article.title.empty() ? a.url : to.article.title, body);
}

struct StoryLine {
  const ArticleRecord* article;
  int changes;
};

std::string story_link(const std::string& root, const ArticleRecord& a) {
  return "<a href=\"" + root + "articles/" + std::to_string(a.id) + ".html\">" + html_escape(story_title(a)) + "</a>";
}

// Recent changes (or those of one source): story, version, time, classes, a link to the change.
std::string recent_changes(Store& store, const std::string& root, std::optional<std::int64_t> source_id, int limit) {
  std::string out = "<ul class=\"changes\">\n";
  int n = 0;
  for (const VersionRef& ref : store.feed_versions(std::nullopt, source_id, "", limit)) {
    auto v = store.version(ref.article_id, ref.number);
    if (!v) continue;
    std::string id = std::to_string(ref.article_id);
    out += "<li><a href=\"" + root + "articles/" + id + ".html\">" +
           html_escape(v->article.title.empty() ? ref.url : v->article.title) + "</a> — <a href=\"" + root +
           "articles/" + id + "/" + pair_file(ref.number - 1, ref.number) + "\">version " + std::to_string(ref.number) +
           "</a> <span class=\"when\">" + format_iso8601(v->fetched_at) + "</span>" + classes_span(v->classes) + "</li>\n";
    ++n;
  }
  if (n == 0) out += "<li class=\"muted\">No change yet.</li>\n";
  return out + "</ul>\n";
}

std::string index_page(Store& store, const std::vector<ArticleRecord>& articles, const std::map<std::int64_t, int>& changes) {
  std::vector<StoryLine> most;
  int total = 0;
  for (const ArticleRecord& a : articles) {
    auto it = changes.find(a.id);
    int n = it == changes.end() ? 0 : it->second;
    total += n;
    if (n > 0) most.push_back({&a, n});
  }
  std::stable_sort(most.begin(), most.end(), [](const StoryLine& x, const StoryLine& y) { return x.changes > y.changes; });
  std::string body = "<h1>How the stories changed</h1>\n<p>" + std::to_string(articles.size()) + " stories tracked, changed " +
                     times(total) + " in all.</p>\n";
  std::vector<SourceRecord> sources = store.sources();
  if (!sources.empty()) {
    body += "<nav aria-label=\"Sources\">Sources:";
    for (const SourceRecord& s : sources)
      body += " <a href=\"sources/" + std::to_string(s.id) + ".html\">" + html_escape(s.name) + "</a>";
    body += "</nav>\n";
  }
  body += "<p>Feeds of every change, with the diff: <a href=\"feed.xml\">RSS</a> <a href=\"feed.atom\">Atom</a></p>\n";
  body += "<h2>Recently changed</h2>\n" + recent_changes(store, "", std::nullopt, 50) + "<h2>Most edited</h2>\n<ol>\n";
  for (std::size_t i = 0; i < most.size() && i < 20; ++i)
    body += "<li>" + story_link("", *most[i].article) + " — changed " + times(most[i].changes) + "</li>\n";
  body += "</ol>\n<h2>Headline changes</h2>\n<ul>\n";
  for (const VersionRef& ref : store.feed_versions(std::nullopt, std::nullopt, "headline", 20)) {
    auto to = store.version(ref.article_id, ref.number), from = store.version(ref.article_id, ref.number - 1);
    if (to && from)
      body += "<li><a href=\"articles/" + std::to_string(ref.article_id) + "/" + pair_file(from->number, to->number) +
              "\">" + html_escape(from->article.title) + "</a> → " + html_escape(to->article.title) +
              " <span class=\"when\">" + format_iso8601(to->fetched_at) + "</span></li>\n";
  }
  body += "</ul>\n<h2>Sources</h2>\n<ul>\n";
  for (const SourceRecord& s : sources)
    body += "<li><a href=\"sources/" + std::to_string(s.id) + ".html\">" + html_escape(s.name) + "</a> — " +
            html_link(s.url) + ", " + std::to_string(s.articles) + " articles</li>\n";
  if (sources.empty()) body += "<li class=\"muted\">None: every story was tracked by hand.</li>\n";
  body += "</ul>\n";
  return html_page("diffwire report", body);
}

std::string source_page(Store& store, const SourceRecord& source, const std::vector<ArticleRecord>& articles,
                        const std::map<std::int64_t, int>& changes) {
  std::vector<const ArticleRecord*> mine;
  for (const ArticleRecord& a : articles)
    if (a.source == source.name) mine.push_back(&a);
  std::stable_sort(mine.begin(), mine.end(),
                   [](const ArticleRecord* x, const ArticleRecord* y) { return x->last_changed_at > y->last_changed_at; });
  std::string body = "<nav><a href=\"../index.html\">All stories</a></nav>\n<h1>" + html_escape(source.name) +
                     "</h1>\n<p>" + html_link(source.url) + "</p>\n<h2>Recently changed</h2>\n" +
                     recent_changes(store, "../", source.id, 50) + "<h2>Its stories</h2>\n<ul>\n";
  for (const ArticleRecord* a : mine) {
    auto it = changes.find(a->id);
    int n = it == changes.end() ? 0 : it->second;
    body += "<li>" + story_link("../", *a) + " — changed " + times(n) + "</li>\n";
  }
  if (mine.empty()) body += "<li class=\"muted\">No story yet.</li>\n";
  body += "</ul>\n";
  return html_page(source.name, body);
}

// "12", "7" from "articles/12/3-7.html"-like paths: digits only, no leading zero, in int range.
std::optional<int> number(const std::string& text) {
  if (text.empty() || text.size() > 9 || text[0] == '0' || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoi(text);
}

// What the report remembers of each story it wrote: a story whose versions and title are as they
// were is not rendered again.
std::map<std::int64_t, std::string> read_manifest(const fs::path& path) {
  std::map<std::int64_t, std::string> out;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line) || line != kLayout) return out;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    if (auto id = number(line.substr(0, tab))) out[*id] = line.substr(tab + 1);
  }
  return out;
}

std::string story_key(const ArticleRecord& a) {
  std::string key = std::to_string(a.versions) + " " + std::to_string(a.last_changed_at) + " ";
  for (char c : a.title) key += c == '\n' || c == '\t' ? ' ' : c;
  return key;
}

}  // namespace

std::vector<std::pair<int, int>> report_pairs(const std::vector<VersionRecord>& versions) {
  std::vector<std::pair<int, int>> out;
  std::size_t n = versions.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      if (static_cast<int>(n) <= kAllPairsUpTo || j == i + 1 || i == 0 || j == n - 1)
        out.push_back({versions[i].number, versions[j].number});
  return out;
}

std::optional<std::string> report_page(Store& store, const std::string& path) {
  if (path.empty() || path == "index.html") return index_page(store, store.articles(), store.change_counts());
  auto ends = [&](const std::string& prefix, std::string& middle) {
    if (path.rfind(prefix, 0) != 0 || path.size() < prefix.size() + 5 || path.compare(path.size() - 5, 5, ".html") != 0)
      return false;
    middle = path.substr(prefix.size(), path.size() - prefix.size() - 5);
    return true;
  };
  std::string middle;
  if (ends("sources/", middle)) {
    auto id = number(middle);
    for (const SourceRecord& s : store.sources())
      if (id && s.id == *id) return source_page(store, s, store.articles(), store.change_counts());
    return std::nullopt;
  }
  if (!ends("articles/", middle)) return std::nullopt;
  auto slash = middle.find('/');
  auto id = number(middle.substr(0, slash));
  if (!id) return std::nullopt;
  std::optional<ArticleRecord> article = store.tracked_article(*id);
  if (!article) return std::nullopt;
  std::vector<VersionRecord> versions = store.versions(article->id);
  if (versions.empty()) return std::nullopt;
  if (slash == std::string::npos) return article_page(*article, versions);
  std::string pair = middle.substr(slash + 1);
  auto dash = pair.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto from = number(pair.substr(0, dash)), to = number(pair.substr(dash + 1));
  if (!from || !to || *from >= *to) return std::nullopt;
  auto a = std::find_if(versions.begin(), versions.end(), [&](const VersionRecord& v) { return v.number == *from; });
  auto b = std::find_if(versions.begin(), versions.end(), [&](const VersionRecord& v) { return v.number == *to; });
  if (a == versions.end() || b == versions.end()) return std::nullopt;
  return compare_page(*article, versions, *a, *b);
}

ReportStats write_report(Store& store, const std::string& dir) {
  ReportStats stats;
  fs::path root(dir);
  std::error_code ec;
  for (const char* sub : {"articles", "sources"}) {
    fs::create_directories(root / sub, ec);
    if (ec) throw Error("cannot write the report", (root / sub).string(), ec.message());
  }
  auto put = [](ReportStats& into, const fs::path& path, const std::string& content) {
    if (write_file_if_changed(path.string(), content)) ++into.written;
    else ++into.unchanged;
  };
  // A story's pages, from its versions alone: rendered on every core, while the store is read here.
  auto render = [&](ReportStats& into, const ArticleRecord& a, const std::vector<VersionRecord>& versions) {
    std::string id = std::to_string(a.id);
    put(into, root / "articles" / (id + ".html"), article_page(a, versions));
    if (versions.size() < 2) return;
    std::error_code dir_error;
    fs::create_directories(root / "articles" / id, dir_error);
    if (dir_error) throw Error("cannot write the report", (root / "articles" / id).string(), dir_error.message());
    for (const auto& pair : report_pairs(versions)) {
      int from = pair.first, to = pair.second;  // (clang 14 cannot capture structured bindings)
      auto a_it = std::find_if(versions.begin(), versions.end(), [&](const VersionRecord& v) { return v.number == from; });
      auto b_it = std::find_if(versions.begin(), versions.end(), [&](const VersionRecord& v) { return v.number == to; });
      put(into, root / "articles" / id / pair_file(from, to), compare_page(a, versions, *a_it, *b_it));
    }
  };
  unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::pair<const ArticleRecord*, std::vector<VersionRecord>>> batch;
  auto flush = [&] {
    std::vector<std::future<ReportStats>> running;
    for (unsigned w = 0; w < workers; ++w)
      running.push_back(std::async(std::launch::async, [&, w] {
        ReportStats mine;
        for (std::size_t i = w; i < batch.size(); i += workers) render(mine, *batch[i].first, batch[i].second);
        return mine;
      }));
    for (auto& r : running) r.wait();  // every worker done before get() rethrows one's error
    for (auto& r : running) {
      ReportStats mine = r.get();
      stats.written += mine.written;
      stats.unchanged += mine.unchanged;
    }
    batch.clear();
  };

  // A run that was killed leaves its marker, and perhaps temporary files anywhere in the tree.
  fs::path running = root / ".diffwire-report.running";
  if (fs::exists(running)) remove_stale_temp_files_under(dir);
  write_file_atomically(running.string(), std::to_string(::getpid()) + "\n");

  std::map<std::int64_t, std::string> before = read_manifest(root / ".diffwire-report");
  std::string manifest = std::string(kLayout) + "\n";
  std::vector<ArticleRecord> articles = store.articles();
  std::map<std::int64_t, int> changes = store.change_counts();
  for (const ArticleRecord& a : articles) {
    std::string id = std::to_string(a.id), key = story_key(a);
    manifest += id + "\t" + key + "\n";
    auto was = before.find(a.id);
    if (was != before.end() && was->second == key && fs::exists(root / "articles" / (id + ".html"))) {
      ++stats.stories_skipped;
      continue;
    }
    std::vector<VersionRecord> versions = store.versions(a.id);
    if (versions.empty()) continue;
    ++stats.stories_rendered;
    batch.emplace_back(&a, std::move(versions));
    if (batch.size() == 64 * workers) flush();
  }
  flush();
  for (const SourceRecord& s : store.sources())
    put(stats, root / "sources" / (std::to_string(s.id) + ".html"), source_page(store, s, articles, changes));
  put(stats, root / "index.html", index_page(store, articles, changes));
  // The feeds the index links to; dated by their newest item (an empty one by the epoch), so that an
  // unchanged feed is not rewritten.
  std::vector<FeedItem> items = feed_items(store, {}, 50);
  FeedChannel channel = feed_channel({}, items, 0);
  put(stats, root / "feed.xml", render_rss(channel, items));
  put(stats, root / "feed.atom", render_atom(channel, items));
  write_file_if_changed((root / ".diffwire-report").string(), manifest);  // last: a run cut short redoes its stories
  fs::remove(running, ec);
  return stats;
}

}  // namespace diffwire
