#include "diffwire/report.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "support.hpp"

using namespace diffwire;

namespace {
void add_version(Store& s, std::int64_t id, Seconds t, const std::string& title, std::vector<std::string> paragraphs) {
  CheckResult r;
  r.article_id = id;
  r.check = {t, 200, 0, 0, "new-version", ""};
  VersionRecord v;
  v.fetched_at = t;
  v.final_url = "https://example.org/a";
  v.article.title = title;
  v.article.paragraphs = std::move(paragraphs);
  v.content_hash = title + std::to_string(t);
  r.new_version = v;
  r.next_check_at = t + 600;
  r.interval = 600;
  r.status = "ok";
  s.record({r});
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
  CHECK(first.written == 3);  // index, the story, its one change
  CHECK(first.unchanged == 0);
  std::string story = testing::read_text(out + "/articles/" + std::to_string(id) + ".html");
  CHECK(story.find("The article has changed 1 time.") != std::string::npos);
  CHECK(story.find("(35 minutes later)") != std::string::npos);
  CHECK(story.find("Bridge &lt;script&gt;alert(1)&lt;/script&gt; shut") != std::string::npos);
  CHECK(story.find("<script>") == std::string::npos);
  CHECK(story.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  CHECK(story.find("<td class=\"since\">Version 2<br>") != std::string::npos);  // blame: the 7 days are new
  CHECK(std::filesystem::exists(out + "/articles/" + std::to_string(id) + "/1-2.html"));
  std::string index = testing::read_text(out + "/index.html");
  CHECK(index.find("href=\"articles/" + std::to_string(id) + ".html\"") != std::string::npos);
  CHECK(index.find("odd — javascript:alert(1), 0 articles") != std::string::npos);
  CHECK(index.find("href=\"javascript:") == std::string::npos);
  CHECK(index.find("<h2>Headline changes</h2>") != std::string::npos);
  // Nothing new: nothing rewritten. One new version: its story page, its change page and the index.
  ReportStats again = write_report(s, out);
  CHECK(again.written == 0);
  CHECK(again.unchanged == 3);
  add_version(s, id, 4000, "Bridge shut", {"The bridge is closed.", "Repairs take 7 days.", "Ferries run hourly."});
  ReportStats third = write_report(s, out);
  CHECK(third.written == 3);
  CHECK(third.unchanged == 1);
}
