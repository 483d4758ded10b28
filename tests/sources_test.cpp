#include "diffwire/sources.hpp"

#include <doctest/doctest.h>

#include "diffwire/error.hpp"
#include "support.hpp"

using namespace diffwire;
using testing::FakeFetcher;

namespace {
const std::string kFeed = "https://news.example/feed.xml";

FetchResponse ok(const std::string& body, const std::string& type = "application/rss+xml") {
  FetchResponse r;
  r.status = 200;
  r.body = body;
  r.content_type = type;
  return r;
}

std::string rss(const std::vector<std::pair<std::string, std::string>>& items) {  // (path, pubDate)
  std::string out = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Top</title>";
  for (const auto& [path, date] : items) {
    out += "<item><title>" + path + "</title><link>https://news.example" + path + "</link>";
    if (!date.empty()) out += "<pubDate>" + date + "</pubDate>";
    out += "</item>";
  }
  return out + "</channel></rss>";
}

std::int64_t add_source(Store& s, const std::string& name, const std::string& url, const std::string& include = "",
                        const std::string& exclude = "") {
  SourceRecord r;
  r.name = name;
  r.url = url;
  r.include = include;
  r.exclude = exclude;
  r.period = 900;
  r.added_at = 0;
  REQUIRE(s.add_source(r));
  for (const auto& src : s.sources())
    if (src.name == name) return src.id;
  return 0;
}

SourcesOptions at(Seconds now) { return SourcesOptions{now, false}; }
}  // namespace

TEST_CASE("a feed's articles are tracked once; a new item is tracked at the next pass") {
  Store store = Store::open(":memory:");
  add_source(store, "top", kFeed);
  FakeFetcher fetcher;
  fetcher.pages[kFeed] = ok(rss({{"/uk/harbour-wall-plan", ""}, {"/uk/bridge-closed-after-storm", ""}}));
  SourcesSummary s = poll_sources(store, fetcher, at(100));
  CHECK(describe(s) == "sources: checked 1, new articles 2, due again 0, reactivated 0, errors 0");
  CHECK(store.article("https://news.example/uk/harbour-wall-plan"));
  CHECK(store.count_due(100, false) == 2);
  CHECK(store.sources()[0].kind == "rss");
  CHECK(store.sources()[0].last_new_at == 100);
  // Not due again before its period; the same feed again finds nothing new.
  CHECK(poll_sources(store, fetcher, at(500)).checked == 0);
  CHECK(poll_sources(store, fetcher, at(1000)).new_articles == 0);
  fetcher.pages[kFeed] = ok(rss({{"/uk/ferry-timetable-extra-crossings", ""}, {"/uk/harbour-wall-plan", ""}}));
  CHECK(poll_sources(store, fetcher, at(2000)).new_articles == 1);
  CHECK(store.sources()[0].articles == 3);
}

TEST_CASE("conditional GET for sources; a failing source is recorded and the others go on") {
  Store store = Store::open(":memory:");
  add_source(store, "a-top", kFeed);
  add_source(store, "b-down", "https://down.example/feed.xml");
  add_source(store, "c-junk", "https://junk.example/feed.xml");
  FakeFetcher fetcher;
  FetchResponse feed = ok(rss({{"/one-two-three", ""}}));
  feed.etag = "\"v1\"";
  fetcher.pages[kFeed] = feed;
  fetcher.pages["https://junk.example/feed.xml"] = ok("{\"not\": \"a feed\"}", "application/json");
  SourcesSummary s = poll_sources(store, fetcher, at(100));
  CHECK(s.checked == 3);
  CHECK(s.new_articles == 1);
  CHECK(s.errors == 2);
  auto sources = store.sources();
  CHECK(sources[1].status == SourceStatus::error);
  CHECK(sources[1].last_error == "Could not connect");
  CHECK(sources[2].last_error.find("not a source: https://junk.example/feed.xml") == 0);
  // The validators go back; a 304 is recorded as such.
  fetcher.seen.clear();
  FetchResponse not_modified;
  not_modified.status = 304;
  fetcher.pages[kFeed] = not_modified;
  poll_sources(store, fetcher, SourcesOptions{200, true});
  CHECK(fetcher.seen.at(0).etag == "\"v1\"");
  CHECK(store.sources()[0].status == SourceStatus::not_modified);
}

TEST_CASE("a sitemap index is followed one level down, never into itself") {
  Store store = Store::open(":memory:");
  const std::string index = "https://news.example/sitemap.xml";
  add_source(store, "maps", index);
  FakeFetcher fetcher;
  fetcher.pages[index] = ok("<sitemapindex><sitemap><loc>" + index + "</loc></sitemap><sitemap><loc>/news-sitemap.xml</loc>"
                            "</sitemap><sitemap><loc>/missing.xml</loc></sitemap></sitemapindex>", "application/xml");
  fetcher.pages["https://news.example/news-sitemap.xml"] =
      ok("<urlset><url><loc>https://news.example/business/rates-rise-again</loc><lastmod>2026-11-22</lastmod></url></urlset>",
         "application/xml");
  SourcesSummary s = poll_sources(store, fetcher, at(100));
  CHECK(s.new_articles == 1);
  CHECK(s.errors == 0);
  CHECK(store.sources()[0].kind == "sitemap-index");
  CHECK(store.sources()[0].last_error.find("missing.xml: Could not connect") != std::string::npos);
  int index_fetches = 0;
  for (const auto& r : fetcher.seen) index_fetches += r.url == index ? 1 : 0;
  CHECK(index_fetches == 1);
}

TEST_CASE("an item updated since its article's last check makes it due; a retired one comes back") {
  Store store = Store::open(":memory:");
  add_source(store, "top", kFeed);
  FakeFetcher fetcher;
  fetcher.pages[kFeed] = ok(rss({{"/uk/harbour-wall-plan", "Sun, 22 Nov 2026 08:00:00 GMT"}}));
  Seconds t0 = *parse_iso8601("2026-11-22T09:00:00Z");
  poll_sources(store, fetcher, at(t0));
  auto a = *store.article("https://news.example/uk/harbour-wall-plan");
  CheckResult r;
  r.article_id = a.id;
  r.check = {t0 + 60, 200, 0, 0, CheckOutcome::new_version, ""};
  r.next_check_at = t0 + 7200;
  r.interval = 7140;
  r.status = ArticleStatus::ok;
  store.record({r});
  fetcher.pages[kFeed] = ok(rss({{"/uk/harbour-wall-plan", "Sun, 22 Nov 2026 09:30:00 GMT"}}));
  SourcesSummary s = poll_sources(store, fetcher, at(t0 + 3600));
  CHECK(s.refreshed == 1);
  CHECK(store.article("https://news.example/uk/harbour-wall-plan")->next_check_at == t0 + 3600);
  r.status = ArticleStatus::retired;
  store.record({r});
  fetcher.pages[kFeed] = ok(rss({{"/uk/harbour-wall-plan", "Sun, 22 Nov 2026 09:30:00 GMT"}, {"/x-y-z-new", ""}}));
  CHECK(poll_sources(store, fetcher, at(t0 + 9000)).reactivated == 1);
  CHECK(store.article("https://news.example/uk/harbour-wall-plan")->status == ArticleStatus::ok);
}

TEST_CASE("include and exclude patterns; section pages keep their own site's article links") {
  SourceRecord src;
  src.url = "https://www.news.example/uk";
  SourceDocument page;
  page.kind = "html";
  page.items = {{"https://www.news.example/uk/kestrel-bridge-closed", "", std::nullopt, true},
                {"https://news.example/uk/ferry-extra-crossing-hourly", "", std::nullopt, true},
                {"https://live.news.example/uk/storm-live-updates-today", "", std::nullopt, true},
                {"https://www.news.example/uk/weather", "", std::nullopt, false},
                {"https://ads.other.example/campaign-click-here-now", "", std::nullopt, true}};
  auto urls = [](const std::vector<SourceItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.url);
    return out;
  };
  CHECK(urls(select_items(src, page)) == std::vector<std::string>{"https://www.news.example/uk/kestrel-bridge-closed",
                                                                  "https://news.example/uk/ferry-extra-crossing-hourly",
                                                                  "https://live.news.example/uk/storm-live-updates-today"});
  src.exclude = "live\\.";
  CHECK(select_items(src, page).size() == 2);
  src.include = "/uk/(weather|kestrel)";  // an include pattern overrides the article heuristic
  src.exclude = "";
  CHECK(urls(select_items(src, page)) == std::vector<std::string>{"https://www.news.example/uk/kestrel-bridge-closed",
                                                                  "https://www.news.example/uk/weather"});
  CHECK_THROWS_AS(check_pattern("([unclosed", "--include"), Error);
  CHECK_NOTHROW(check_pattern("^https://news\\.example/\\d{4}/", "--include"));
}

TEST_CASE("a source listing more new articles than a pass takes defers the rest, then tracks them") {
  Store store = Store::open(":memory:");
  add_source(store, "big", kFeed);
  std::vector<std::pair<std::string, std::string>> items;
  for (std::size_t i = 0; i < kMaxNewPerSource + 5; ++i) items.push_back({"/story-number-" + std::to_string(100000 + i), ""});
  FakeFetcher fetcher;
  fetcher.pages[kFeed] = ok(rss(items));
  CHECK(poll_sources(store, fetcher, at(100)).new_articles == static_cast<int>(kMaxNewPerSource));
  CHECK(store.sources()[0].last_error.find("5 more articles listed") == 0);
  CHECK(poll_sources(store, fetcher, at(2000)).new_articles == 5);  // the same feed is read again
  CHECK(store.sources()[0].articles == static_cast<int>(kMaxNewPerSource + 5));
}
