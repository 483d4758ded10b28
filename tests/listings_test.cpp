#include "diffwire/listings.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace diffwire;

TEST_CASE("log says how many times the article changed") {
  ArticleRecord art;
  art.url = "https://example.org/news/story-1";
  art.status = ArticleStatus::ok;
  VersionRecord v1, v2;
  v1.number = 1;
  v1.fetched_at = 1795372800;
  v1.article.title = "First";
  v1.article.paragraphs = {"a", "b"};
  v2 = v1;
  v2.number = 2;
  v2.fetched_at += 35 * 60;
  v2.stats = {1, 0, 1};
  v2.final_url = "https://example.org/news/story-1-updated";
  std::string out = render_log_text(art, {v1, v2}, {});
  CHECK(out.find("  at https://example.org/news/story-1-updated\n") != std::string::npos);
  CHECK(out.find("The article has changed 1 time\n") != std::string::npos);
  CHECK(out.find("Version 2  2026-11-22T19:15:00Z  (35 minutes later)") != std::string::npos);
  CHECK(out.find("+1 −0 ~1") != std::string::npos);
  auto j = nlohmann::json::parse(render_log_json(art, {v1, v2}));
  CHECK(j["versions"].size() == 2);
  CHECK(j["versions"][1]["added"] == 1);
  CHECK(j["versions"][1]["fetched_at"] == "2026-11-22T19:15:00Z");
  CHECK(j["changes"] == 1);
  CHECK(j["versions"][1]["rebaseline"] == false);
  // A re-baseline is listed, flagged, and not counted as a change, in text and JSON alike.
  VersionRecord v3 = v2;
  v3.number = 3;
  v3.rebaseline = true;
  v3.article.method = "dom@9";
  auto j3 = nlohmann::json::parse(render_log_json(art, {v1, v2, v3}));
  CHECK(j3["changes"] == 1);
  CHECK(j3["versions"][2]["rebaseline"] == true);
  CHECK(j3["versions"][2]["extractor"] == "dom@9");
  CHECK(render_log_text(art, {v1, v2, v3}, {}).find("The article has changed 1 time\n") != std::string::npos);
}

TEST_CASE("log: a retired article says after how long without a change — its source's retire-after, else 30 days") {
  ArticleRecord art;
  art.url = "https://example.org/news/story-1";
  art.status = ArticleStatus::retired;
  CHECK(render_log_text(art, {}, {}).find("Retired: no change in 30 days;") != std::string::npos);
  art.retire_after = 7 * 24 * 3600;  // source add --retire-after 7d
  std::string out = render_log_text(art, {}, {});
  CHECK(out.find("Retired: no change in 7 days;") != std::string::npos);
  CHECK(out.find("30 days") == std::string::npos);
}
