#include "diffwire/report.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "support.hpp"

using namespace diffwire;

namespace {
void add_version(Store& s, std::int64_t id, Seconds t, const std::string& title, std::vector<std::string> paragraphs) {
  s.record({testing::version_check(id, t, title, std::move(paragraphs))});
}
}  // namespace

TEST_CASE("report: an index, a page per story and per change, escaped, and rewritten only where it changed") {
  testing::TempDir dir;
  Store s = Store::open(":memory:");
  s.track("https://example.org/a", 0);
  // A source whose URL is no web address (the CLI refuses one; a damaged store might hold it) is listed,
  // never linked.
  SourceRecord bad;
  bad.name = "odd";
  bad.url = "javascript:alert(1)";
  REQUIRE(s.add_source(bad));
  auto id = s.article("https://example.org/a")->id;
  add_version(s, id, 100, "Bridge closed", {"The bridge is closed.", "Repairs take 3 days."});
  add_version(s, id, 2200, "Bridge <script>alert(1)</script> shut", {"The bridge is closed.", "Repairs take 7 days."});
  std::string out = dir.file("site");
  ReportStats first = write_report(s, out);
  CHECK(first.written == 6);  // index, the story, its one change, the source, two feeds
  CHECK(first.unchanged == 0);
  std::string sid = std::to_string(id);
  std::string story = testing::read_text(out + "/articles/" + sid + ".html");
  CHECK(story.find("The article has changed 1 time.") != std::string::npos);
  CHECK(story.find("(35 minutes later)") != std::string::npos);
  CHECK(story.find("Bridge &lt;script&gt;alert(1)&lt;/script&gt; shut") != std::string::npos);
  CHECK(story.find("<script>") == std::string::npos);
  CHECK(story.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  CHECK(story.find("<td class=\"since\">Version 2<br>") != std::string::npos);  // blame: the 7 days are new
  std::string change = testing::read_text(out + "/articles/" + sid + "/1-2.html");
  CHECK(change.find("<section id=\"inline\"") != std::string::npos);
  CHECK(change.find("<section id=\"side-by-side\"") != std::string::npos);
  std::string inline_view = change.substr(change.find("<section id=\"inline\""));
  inline_view = inline_view.substr(0, inline_view.find("</section>"));
  CHECK(inline_view.find("<p>The bridge is closed.</p>") != std::string::npos);  // every paragraph
  CHECK(inline_view.find("Repairs take <del") != std::string::npos);             // the words in place
  CHECK(inline_view.find(">3</del><ins") != std::string::npos);
  CHECK(inline_view.find(">7</ins> days.") != std::string::npos);
  std::string index = testing::read_text(out + "/index.html");
  CHECK(index.find("href=\"articles/" + sid + ".html\"") != std::string::npos);
  CHECK(index.find("href=\"articles/" + sid + "/1-2.html\"") != std::string::npos);
  CHECK(index.find("odd</a> — javascript:alert(1), 0 articles") != std::string::npos);
  CHECK(index.find("href=\"javascript:") == std::string::npos);
  CHECK(index.find("<h2>Headline changes</h2>") != std::string::npos);
  CHECK(std::filesystem::exists(out + "/feed.xml"));
  // Nothing new: nothing rendered again, nothing rewritten. One new version: its story page, the
  // pages of every pair it makes, the change before it (which gains "Next change"), index and feeds.
  ReportStats again = write_report(s, out);
  CHECK(again.written == 0);
  CHECK(again.stories_skipped == 1);
  CHECK(again.stories_rendered == 0);
  add_version(s, id, 4000, "Bridge shut", {"The bridge is closed.", "Repairs take 7 days.", "Ferries run hourly."});
  ReportStats third = write_report(s, out);
  CHECK(third.stories_rendered == 1);
  CHECK(third.written == 7);
  CHECK(third.unchanged == 1);  // the source's page
  CHECK(std::filesystem::exists(out + "/articles/" + sid + "/1-3.html"));
  CHECK(testing::read_text(out + "/articles/" + sid + "/1-2.html").find("Next change") != std::string::npos);
  // A page left half-written by someone else, or deleted, is written again even though the story is unchanged.
  std::filesystem::remove(out + "/articles/" + sid + ".html");
  ReportStats fourth = write_report(s, out);
  CHECK(fourth.stories_rendered == 1);
  CHECK(std::filesystem::exists(out + "/articles/" + sid + ".html"));
}

TEST_CASE("report: the headline timeline, links to compare any two versions, and a page per source") {
  testing::TempDir dir;
  Store s = Store::open(":memory:");
  SourceRecord wire;
  wire.name = "wire";
  wire.url = "https://example.org/feed.xml";
  REQUIRE(s.add_source(wire));
  std::int64_t source_id = s.sources().front().id;
  s.discover({{"https://example.org/ferry", std::nullopt}}, source_id, 0);
  s.track("https://example.org/by-hand", 0);
  auto id = s.article("https://example.org/ferry")->id;
  add_version(s, id, 100, "Ferry late", {"The ferry is late."});
  add_version(s, id, 700, "Ferry late", {"The ferry is an hour late."});
  add_version(s, id, 1300, "Ferry cancelled", {"The ferry is cancelled."});
  add_version(s, id, 1900, "Ferry cancelled", {"The ferry is cancelled for the day."});
  auto other = s.article("https://example.org/by-hand")->id;
  add_version(s, other, 100, "Market day", {"Stalls open at nine."});
  std::string out = dir.file("site");
  write_report(s, out);
  std::string story = testing::read_text(out + "/articles/" + std::to_string(id) + ".html");
  // Two headlines, each once, with the version and time it first read so.
  auto timeline = story.substr(story.find("<h2>Headline timeline</h2>"));
  timeline = timeline.substr(0, timeline.find("</ol>"));
  CHECK(timeline.find("Ferry late <span class=\"when\">version 1,") != std::string::npos);
  CHECK(timeline.find("Ferry cancelled <span class=\"when\">version 3,") != std::string::npos);
  CHECK(timeline.find("(20 minutes later)") != std::string::npos);
  CHECK(timeline.find("version 2,") == std::string::npos);
  // Four versions: all six pairs linked and written.
  for (auto [a, b] : std::vector<std::pair<int, int>>{{1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}}) {
    std::string file = std::to_string(id) + "/" + std::to_string(a) + "-" + std::to_string(b) + ".html";
    CHECK_MESSAGE(story.find("href=\"" + file + "\"") != std::string::npos, file);
    CHECK_MESSAGE(std::filesystem::exists(out + "/articles/" + file), file);
  }
  std::string source = testing::read_text(out + "/sources/" + std::to_string(source_id) + ".html");
  CHECK(source.find("Ferry cancelled</a> — changed 3 times") != std::string::npos);
  CHECK(source.find("Market day") == std::string::npos);  // tracked by hand, not found by this source
  CHECK(testing::read_text(out + "/index.html").find("href=\"sources/" + std::to_string(source_id) + ".html\"") !=
        std::string::npos);
}

TEST_CASE("report: a story with many versions links every change and each version to the first and the latest") {
  std::vector<VersionRecord> versions(kAllPairsUpTo + 5);
  for (std::size_t i = 0; i < versions.size(); ++i) versions[i].number = static_cast<int>(i) + 1;
  auto pairs = report_pairs(versions);
  int n = static_cast<int>(versions.size());
  auto has = [&](int a, int b) { return std::find(pairs.begin(), pairs.end(), std::make_pair(a, b)) != pairs.end(); };
  CHECK(has(1, n));
  CHECK(has(7, 8));
  CHECK(has(1, 9));
  CHECK(has(9, n));
  CHECK_FALSE(has(7, 9));
  CHECK(pairs.size() == static_cast<std::size_t>((n - 1) + (n - 2) + (n - 2) - 1));
  versions.resize(4);
  CHECK(report_pairs(versions).size() == 6);
}

TEST_CASE("report: a story with many versions lists each against the first and the latest, not a matrix") {
  testing::TempDir dir;
  Store s = Store::open(":memory:");
  s.track("https://example.org/live", 0);
  auto id = s.article("https://example.org/live")->id;
  int n = kAllPairsUpTo + 5;
  for (int v = 1; v <= n; ++v) add_version(s, id, v * 600, "Live: storm", {"Update " + std::to_string(v) + "."});
  std::string out = dir.file("site");
  write_report(s, out);
  std::string story = testing::read_text(out + "/articles/" + std::to_string(id) + ".html");
  CHECK(story.find("<h2>Compare versions</h2>") != std::string::npos);
  CHECK(story.find("<table>\n<caption") == std::string::npos);  // no matrix
  std::string sid = std::to_string(id) + "/";
  for (const std::string& file : {sid + "1-7.html", sid + "7-" + std::to_string(n) + ".html", sid + "1-" + std::to_string(n) + ".html",
                                  sid + "6-7.html"}) {
    CHECK_MESSAGE(std::filesystem::exists(out + "/articles/" + file), file);
  }
  CHECK(story.find("href=\"" + sid + "1-7.html\"") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out + "/articles/" + sid + "6-8.html"));
}
