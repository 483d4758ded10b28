// Pages are plain HTML with one shared style sheet inline; the diff pages are render.cpp's
// side-by-side view, so the report and `diff --format html` never disagree.
#include "diffwire/report.hpp"

#include <algorithm>
#include <filesystem>

#include "diffwire/blame.hpp"
#include "diffwire/change_classes.hpp"
#include "diffwire/error.hpp"
#include "diffwire/files.hpp"
#include "diffwire/render.hpp"

namespace diffwire {

namespace {

namespace fs = std::filesystem;

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         html_escape(title) +
         "</title>\n<style>\nbody{font:16px/1.5 Georgia,serif;max-width:60rem;margin:1rem auto;padding:0 1rem}\n"
         ".when,.classes{color:#555}.since{color:#555;font-size:.85em;white-space:nowrap}\n"
         "table{border-collapse:collapse;width:100%}td{vertical-align:top;padding:.3rem;border-bottom:1px solid #ddd}\n"
         "@media print{a{color:inherit;text-decoration:none}}\n</style>\n</head>\n<body>\n" +
         body + "</body>\n</html>\n";
}

// A link to an article's own URL only when it is http(s): never javascript: or data:.
std::string outside_link(const std::string& url) {
  bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  return http ? "<a href=\"" + html_escape(url) + "\">" + html_escape(url) + "</a>" : html_escape(url);
}

std::string article_page(const ArticleRecord& a, const std::vector<VersionRecord>& versions) {
  std::string title = a.title.empty() ? a.url : a.title;
  int changes = 0;
  for (std::size_t i = 1; i < versions.size(); ++i) changes += versions[i].rebaseline ? 0 : 1;
  std::string body = "<p><a href=\"../index.html\">All stories</a></p>\n<h1>" + html_escape(title) + "</h1>\n<p>" +
                     outside_link(a.url) + "</p>\n<p>The article has changed " + std::to_string(changes) +
                     (changes == 1 ? " time" : " times") + ".</p>\n<h2>Versions</h2>\n<ol>\n";
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const VersionRecord& v = versions[i];
    body += "<li value=\"" + std::to_string(v.number) + "\">";
    std::string label = "Version " + std::to_string(v.number);
    if (i > 0)
      body += "<a href=\"" + std::to_string(a.id) + "/" + std::to_string(versions[i - 1].number) + "-" +
              std::to_string(v.number) + ".html\">" + label + "</a>";
    else
      body += label;
    body += " <span class=\"when\">" + format_iso8601(v.fetched_at);
    if (i > 0) body += " (" + describe_later(v.fetched_at - versions[i - 1].fetched_at) + ")";
    body += "</span> — " + html_escape(v.article.title);
    if (v.rebaseline) body += " <span class=\"classes\">(re-baseline: not a change)</span>";
    if (!v.classes.empty()) body += " <span class=\"classes\">[" + html_escape(join_classes(v.classes)) + "]</span>";
    body += "</li>\n";
  }
  body += "</ol>\n<h2>The latest text, and since when it reads so</h2>\n<table>\n";
  for (const BlamedParagraph& p : blame(versions))
    body += "<tr><td class=\"since\">Version " + std::to_string(p.since) + "<br>" + format_iso8601(p.since_at) +
            "</td><td>" + html_escape(p.text) + "</td></tr>\n";
  body += "</table>\n";
  return page(title, body);
}

}  // namespace

ReportStats write_report(Store& store, const std::string& dir) {
  ReportStats stats;
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "articles", ec);
  if (ec) throw Error("cannot write the report", dir, ec.message());
  auto put = [&](const fs::path& path, const std::string& content) {
    if (write_file_if_changed(path.string(), content)) ++stats.written;
    else ++stats.unchanged;
  };

  std::vector<ArticleRecord> articles = store.articles();
  std::vector<std::pair<int, const ArticleRecord*>> most;
  for (const ArticleRecord& a : articles) {
    std::vector<VersionRecord> versions = store.versions(a.id);
    int changes = 0;
    for (std::size_t i = 1; i < versions.size(); ++i) changes += versions[i].rebaseline ? 0 : 1;
    most.push_back({changes, &a});
    if (versions.empty()) continue;
    put(fs::path(dir) / "articles" / (std::to_string(a.id) + ".html"), article_page(a, versions));
    fs::create_directories(fs::path(dir) / "articles" / std::to_string(a.id), ec);
    for (std::size_t i = 1; i < versions.size(); ++i)
      put(fs::path(dir) / "articles" / std::to_string(a.id) /
              (std::to_string(versions[i - 1].number) + "-" + std::to_string(versions[i].number) + ".html"),
          render_diff_html_page(make_version_diff(a.url, versions[i - 1], versions[i])));
  }
  std::stable_sort(most.begin(), most.end(), [](const auto& x, const auto& y) { return x.first > y.first; });

  auto link = [&](std::int64_t id, const std::string& text) {
    return "<a href=\"articles/" + std::to_string(id) + ".html\">" + html_escape(text) + "</a>";
  };
  std::string body = "<h1>How the stories changed</h1>\n<h2>Recently changed</h2>\n<ul>\n";
  for (const VersionRef& ref : store.feed_versions(std::nullopt, std::nullopt, "", 50))
    if (auto v = store.version(ref.article_id, ref.number))
      body += "<li>" + link(ref.article_id, v->article.title.empty() ? ref.url : v->article.title) + " — version " +
              std::to_string(ref.number) + " <span class=\"when\">" + format_iso8601(v->fetched_at) + "</span>" +
              (v->classes.empty() ? "" : " <span class=\"classes\">[" + html_escape(join_classes(v->classes)) + "]</span>") +
              "</li>\n";
  body += "</ul>\n<h2>Most edited</h2>\n<ol>\n";
  for (std::size_t i = 0; i < most.size() && i < 20; ++i)
    if (most[i].first > 0)
      body += "<li>" + link(most[i].second->id, most[i].second->title.empty() ? most[i].second->url : most[i].second->title) +
              " — changed " + std::to_string(most[i].first) + (most[i].first == 1 ? " time" : " times") + "</li>\n";
  body += "</ol>\n<h2>Headline changes</h2>\n<ul>\n";
  for (const VersionRef& ref : store.feed_versions(std::nullopt, std::nullopt, "headline", 20)) {
    auto to = store.version(ref.article_id, ref.number), from = store.version(ref.article_id, ref.number - 1);
    if (to && from)
      body += "<li>" + link(ref.article_id, from->article.title) + " → " + html_escape(to->article.title) +
              " <span class=\"when\">" + format_iso8601(to->fetched_at) + "</span></li>\n";
  }
  body += "</ul>\n<h2>Sources</h2>\n<ul>\n";
  for (const SourceRecord& s : store.sources())
    body += "<li>" + html_escape(s.name) + " — " + outside_link(s.url) + ", " + std::to_string(s.articles) + " articles</li>\n";
  body += "</ul>\n";
  put(fs::path(dir) / "index.html", page("diffwire report", body));
  return stats;
}

}  // namespace diffwire
