#include "diffwire/poll.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "diffwire/error.hpp"
#include "diffwire/extract.hpp"
#include "diffwire/normalize.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
using testing::FakeFetcher;

FetchResponse page(const std::string& body, long status = 200, const std::string& type = "text/html") {
  FetchResponse r;
  r.status = status;
  r.body = body;
  r.content_type = type;
  return r;
}

ArticleRecord article_at(Seconds interval = 600) {
  ArticleRecord a;
  a.id = 1;
  a.url = "https://example.org/a";
  a.interval = interval;
  a.last_changed_at = 0;
  return a;
}

VersionRecord version_of(const std::string& html) {
  VersionRecord v;
  v.number = 1;
  v.article = normalized(extract_article(html));
  v.content_hash = content_hash(v.article);
  return v;
}

CheckResult decide_with(const ArticleRecord& a, const std::optional<VersionRecord>& latest,
                        const FetchResponse& response, const PollOptions& options) {
  bool loaded = false;
  CheckResult r = decide(a, response, options, [&] {
    loaded = true;
    return latest;
  });
  // The latest version is needed only to compare a page that was parsed.
  if (r.check.outcome != CheckOutcome::new_version && r.check.outcome != CheckOutcome::unchanged && r.check.outcome != CheckOutcome::suspect) CHECK_FALSE(loaded);
  return r;
}

PollOptions at(Seconds now) {
  PollOptions o;
  o.now = now;
  return o;
}
}  // namespace

TEST_CASE("decide: the first good page is version 1") {
  CheckResult r = decide_with(article_at(), std::nullopt, page(testing::render_story(1, 1)), at(1000));
  REQUIRE(r.new_version);
  CHECK(r.check.outcome == CheckOutcome::new_version);
  CHECK(r.new_version->article.paragraphs == testing::story_paragraphs(1));
  CHECK(r.new_version->stats.added == static_cast<int>(testing::story_paragraphs(1).size()));
  CHECK(r.interval == 600);
  CHECK(r.next_check_at == 1600);
  CHECK(r.status == ArticleStatus::ok);
  CHECK(r.body_hash.has_value());
}

TEST_CASE("decide: furniture-only changes are unchanged; an edit is a new version with stats") {
  std::string v1 = testing::render_story(1, 1);
  VersionRecord latest = version_of(v1);
  ArticleRecord a = article_at(750);
  a.body_hash = "something else";
  CheckResult same = decide_with(a, latest, page(testing::render_story(1, 99)), at(2000));
  CHECK(same.check.outcome == CheckOutcome::unchanged);
  CHECK_FALSE(same.new_version);
  CHECK(same.interval == 938);  // 750 × 1.25
  CheckResult edited = decide_with(a, latest, page(testing::render_story(2, 2)), at(2000));
  REQUIRE(edited.new_version);
  CHECK(edited.new_version->stats.added == 2);
  CHECK(edited.new_version->stats.removed == 1);
  CHECK(edited.new_version->stats.changed == 1);
  CHECK(edited.interval == 600);
}

TEST_CASE("decide: a byte-identical body is unchanged without parsing") {
  VersionRecord latest = version_of(testing::render_story(1, 1));
  ArticleRecord a = article_at();
  std::string body = "<html>this would extract to nothing</html>";
  a.body_hash = hash_hex(body);
  a.versions = 1;
  CHECK(decide(a, page(body), at(10), [] {
          FAIL("a byte-identical body must not need the stored version");
          return std::optional<VersionRecord>();
        }).check.outcome == CheckOutcome::unchanged);
  a.versions = 0;  // no version yet: the same body is parsed, and becomes version 1
  CHECK(decide_with(a, std::nullopt, page(body), at(10)).check.outcome == CheckOutcome::new_version);
}

TEST_CASE("decide: each failure is an outcome with a reason, versions untouched") {
  ArticleRecord a = article_at();
  VersionRecord latest = version_of(testing::render_story(1, 1));
  struct Case {
    FetchResponse response;
    const char* outcome;
    const char* status;
    const char* reason;
  } cases[] = {
      {page("", 304), "not-modified", "ok", ""},
      {page("gone", 404), "removed", "removed", "HTTP 404"},
      {page("gone", 410), "removed", "removed", "HTTP 410"},
      {page("oops", 500), "error", "error", "HTTP 500"},
      {page("%PDF-1.4", 200, "application/pdf"), "error", "error", "not an HTML page"},
      {page("<html><body><nav><a href=/>Home</a></nav></body></html>"), "no-article", "error", "no article"},
      {FetchResponse{0, "", "", "", "", "", "", 1000, "Operation timed out after 1000 milliseconds"}, "error", "error",
       "timed out"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.outcome);
    CheckResult r = decide_with(a, latest, c.response, at(5000));
    CHECK(name_of(r.check.outcome) == std::string(c.outcome));  // as the store and the JSON name them
    CHECK(name_of(r.status) == std::string(c.status));
    CHECK(r.check.error.find(c.reason) != std::string::npos);
    CHECK_FALSE(r.new_version);
    CHECK(r.interval == 750);  // errors back off like quiet checks
    if (std::string(c.outcome) != "not-modified") CHECK_FALSE(r.etag.has_value());
  }
}

TEST_CASE("decide: 30 days without a change retires the article") {
  ArticleRecord a = article_at();
  a.last_changed_at = 0;
  VersionRecord latest = version_of(testing::render_story(1, 1));
  CHECK(decide_with(a, latest, page(testing::render_story(1, 2)), at(31 * 86400)).status == ArticleStatus::retired);
  CHECK(decide_with(a, latest, page(testing::render_story(2, 2)), at(31 * 86400)).status == ArticleStatus::ok);  // it changed
}

TEST_CASE("poll: one failing URL never stops the run; results are recorded") {
  Store store = Store::open(":memory:");
  store.track("https://example.org/a", 0);
  store.track("https://example.org/down", 0);
  store.track("https://example.org/b", 0);
  FakeFetcher fetcher;
  fetcher.pages["https://example.org/a"] = page(testing::render_story(1, 1));
  fetcher.pages["https://example.org/b"] = page(testing::render_story(2, 1));
  PollSummary s = poll(store, fetcher, at(100));
  CHECK(s.checked == 3);
  CHECK(s.new_versions == 2);
  CHECK(s.errors == 1);
  CHECK(describe(s) == "checked 3, unchanged 0, new versions 2, removed 0, errors 1");
  CHECK(store.article("https://example.org/down")->status == ArticleStatus::error);
  CHECK(store.article("https://example.org/down")->last_error == "Could not connect");
  // Nothing is due 5 minutes later; --all checks everything anyway.
  CHECK(poll(store, fetcher, at(400)).checked == 0);
  PollOptions all = at(400);
  all.all = true;
  PollSummary again = poll(store, fetcher, all);
  CHECK(again.checked == 3);
  CHECK(again.unchanged == 2);
  // Conditional GET: the stored validators go out with the next request.
  fetcher.pages["https://example.org/a"].etag = "\"x\"";
  fetcher.seen.clear();
  poll(store, fetcher, all);
  poll(store, fetcher, all);
  bool sent = false;
  for (const auto& r : fetcher.seen) sent |= r.etag == "\"x\"";
  CHECK(sent);
}

TEST_CASE("poll: hostile pages are bounded or refused, and never stop the others") {
  // Generated pathologies that crash, hang or exhaust memory in a bare gumbo parse.
  std::string spans = "<html><body><p>";
  for (int i = 0; i < 500000; ++i) spans += "<span>x";  // bare gumbo: stack overflow in its recursive free
  std::string divs = "<html><body>";
  for (int i = 0; i < 100000; ++i) divs += "<div>";  // bare gumbo: 20 s, quadratic in depth
  divs += "<p>" + testing::story_paragraphs(1).front() + "</p>";
  std::string tags = "<html><body>";
  for (int i = 0; i < 250000; ++i) tags += "<i>x</i>";  // past the start-tag budget: refused
  Store store = Store::open(":memory:");
  FakeFetcher fetcher;
  const std::pair<std::string, std::string> pages[] = {
      {"https://example.org/a", testing::render_story(1, 1)}, {"https://example.org/spans", spans},
      {"https://example.org/divs", divs}, {"https://example.org/tags", tags},
      {"https://example.org/b", testing::render_story(2, 1)}};
  for (const auto& [url, body] : pages) {
    store.track(url, 0);
    fetcher.pages[url] = page(body);
  }
  PollSummary s = poll(store, fetcher, at(100));
  CHECK(s.checked == 5);
  CHECK(s.new_versions == 4);  // a, b, and the two deep pages, whose text survives
  CHECK(s.refused == 1);
  CHECK(describe(s) == "checked 5, unchanged 0, new versions 4, removed 0, errors 0, refused 1");
  auto refused = store.article("https://example.org/tags");
  REQUIRE(refused);
  CHECK(refused->versions == 0);
  CHECK(refused->last_error == "page refused: 250002 elements, more than the 200000 a page may have");
  CHECK(store.latest_version(store.article("https://example.org/divs")->id)->article.paragraphs ==
        std::vector<std::string>{testing::story_paragraphs(1).front()});
  CHECK(store.article("https://example.org/b")->versions == 1);
}

TEST_CASE("decide: every new version keeps the response it was made from") {
  FetchResponse resp = page(testing::render_story(1, 1));
  resp.headers = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
  CheckResult r = decide_with(article_at(), std::nullopt, resp, at(1000));
  REQUIRE(r.new_version);
  REQUIRE(r.new_version->page);
  CHECK(r.new_version->page->body == resp.body);
  CHECK(r.new_version->page->headers == resp.headers);
  CHECK(r.new_version->article.method == std::string("dom@") + kExtractorVersion);
}

TEST_CASE("decide: a new extractor re-reads the stored page and re-baselines instead of reporting a change") {
  std::string html = testing::render_story(2, 1);
  VersionRecord old = version_of(html);
  old.article.method = "dom@1";  // made by an older extractor, which also extracted differently
  old.article.paragraphs.push_back("A box the old extractor took for article text.");
  old.content_hash = content_hash(old.article);
  ArticleRecord a = article_at();
  a.versions = 1;
  auto stored = [&]() -> std::optional<StoredPage> { return StoredPage{"text/html", "", html, ""}; };

  // Same article, re-rendered: no change to report; a re-baseline is recorded.
  CheckResult same = decide(a, page(testing::render_story(2, 7)), at(2000), [&] { return std::optional(old); }, stored);
  CHECK(same.check.outcome == CheckOutcome::rebaselined);
  CHECK_FALSE(same.new_version);
  REQUIRE(same.rebaseline);
  CHECK(same.rebaseline->rebaseline);
  CHECK(same.rebaseline->article.paragraphs == testing::story_paragraphs(2));

  // A real edit at the same time: re-baseline first, then the edit, diffed against the re-read text.
  CheckResult edit = decide(a, page(testing::render_story(3, 7)), at(2000), [&] { return std::optional(old); }, stored);
  CHECK(edit.check.outcome == CheckOutcome::new_version);
  REQUIRE(edit.rebaseline);
  REQUIRE(edit.new_version);
  auto expected = count_changes(diff_paragraphs(testing::story_paragraphs(2), testing::story_paragraphs(3)));
  CHECK(edit.new_version->stats.added == expected.added);
  CHECK(edit.new_version->stats.removed == expected.removed);
  CHECK(edit.new_version->stats.changed == expected.changed);

  // No stored page (a version from before pages were kept): the fetch becomes the baseline.
  CheckResult blind = decide(a, page(testing::render_story(2, 7)), at(2000), [&] { return std::optional(old); });
  CHECK(blind.check.outcome == CheckOutcome::rebaselined);
  CHECK_FALSE(blind.new_version);
}

TEST_CASE("decide: the collapse guard holds a collapsed page as suspect until it persists") {
  VersionRecord full = version_of(testing::render_story(2, 1));
  std::string stub = "<html><body><article><h1>Bridge</h1><p>The bridge story is now one short paragraph, the "
                     "rest of it cut by the editors overnight.</p></article></body></html>";
  ArticleRecord a = article_at();
  a.versions = 1;
  PollOptions o = at(3000);
  for (int seen = 0; seen < o.suspect_after - 1; ++seen) {
    a.suspect_checks = seen;
    CheckResult r = decide_with(a, full, page(stub), o);
    CHECK(r.check.outcome == CheckOutcome::suspect);
    CHECK_FALSE(r.new_version);
    CHECK(r.suspect_checks == seen + 1);
    CHECK(r.check.error.find("collapsed") != std::string::npos);
  }
  a.suspect_checks = o.suspect_after - 1;
  CheckResult believed = decide_with(a, full, page(stub), o);
  CHECK(believed.check.outcome == CheckOutcome::new_version);
  CHECK(believed.suspect_checks == 0);
  // A normal page resets the count.
  a.suspect_checks = 1;
  CHECK(decide_with(a, full, page(testing::render_story(2, 5)), o).suspect_checks == 0);

  Article walled;
  walled.paragraphs = {"We value your privacy. Accept all cookies to continue."};
  CHECK(suspect_reason(walled, nullptr, 0.4).find("paywall or interstitial") != std::string::npos);
  CHECK(suspect_reason(full.article, nullptr, 0.4).empty());
}

TEST_CASE("decide: a page of furniture or a wall is no-article, never a version; the next real text is compared with the last version") {
  VersionRecord v1 = version_of(testing::render_story(2, 1));
  v1.content_hash = content_hash(v1.article);
  ArticleRecord a = article_at();
  a.versions = 1;
  PollOptions o = at(3000);
  std::string ticker;
  for (int i = 0; i < 10; ++i) ticker += "<div class=ticker><a href=/live>Breaking: minister resigns over ferry contract</a></div>";
  std::string shell = "<html><body><a href=#main>Skip to main content</a><div id=app><div class=placeholder>We use "
                      "cookies and similar technologies; accept them to see this content.</div>" + ticker +
                      "</div><div class=bottom><a href=/about>About us</a> <a href=/contact>Contact</a> <a "
                      "href=/terms>Terms</a> <a href=/jobs>Jobs</a></div></body></html>";
  std::string wall = "<html><body><article><h1>Bridge</h1><p>Subscribe to continue reading this story, and every "
                     "other story, for one pound a week.</p></article></body></html>";
  for (const std::string& page_html : {shell, wall}) {
    for (int seen = 0; seen < o.suspect_after + 2; ++seen) {  // however often it is seen
      a.suspect_checks = seen;
      CheckResult r = decide_with(a, v1, page(page_html), o);
      CHECK(r.check.outcome == CheckOutcome::no_article);
      CHECK_FALSE(r.new_version);
    }
  }
  // The story comes back, edited: the change is against version 1.
  a.suspect_checks = 0;
  CheckResult back = decide_with(a, v1, page(testing::render_story(3, 1)), o);
  REQUIRE(back.new_version);
  std::vector<ParagraphOp> ops = diff_paragraphs(v1.article.paragraphs, back.new_version->article.paragraphs);
  CHECK(back.new_version->stats.added == count_changes(ops).added);
  CHECK(back.new_version->stats.removed == count_changes(ops).removed);
  CHECK(back.new_version->article.paragraphs == testing::story_paragraphs(3));
}

TEST_CASE("poll: extraction on several threads records exactly what one thread records, in order") {
  // Many articles, some hostile, some failing, so workers interleave every kind of outcome.
  FakeFetcher fetcher;
  std::vector<std::string> urls;
  for (int i = 0; i < 40; ++i) {
    std::string url = "https://example.org/story-" + std::to_string(i);
    urls.push_back(url);
    if (i % 7 == 3) continue;  // not served: a fetch error
    std::string body = testing::render_story(1 + i % 3, i);
    if (i % 9 == 5) {
      body = "<html><body>";
      for (int k = 0; k < 210000; ++k) body += "<b>x</b>";
    }
    fetcher.pages[url] = page(body);
  }
  auto run = [&](unsigned threads) {
    Store store = Store::open(":memory:");
    for (const auto& u : urls) store.track(u, 0);
    PollOptions o = at(100);
    o.threads = threads;
    o.batch = 16;
    PollSummary s = poll(store, fetcher, o);
    std::vector<std::string> seen;
    for (const auto& u : urls) {
      auto a = store.article(u);
      auto v = store.latest_version(a->id);
      seen.push_back(std::string(name_of(a->status)) + "|" + a->last_error + "|" + (v ? v->content_hash : "-"));
    }
    return std::make_pair(describe(s), seen);
  };
  auto one = run(1);
  auto four = run(4);
  CHECK(one.first == "checked 40, unchanged 0, new versions 30, removed 0, errors 6, refused 4");
  CHECK(four.first == one.first);
  CHECK(four.second == one.second);
}

TEST_CASE("decide: a page that names another URL of its site as its own claims it; others do not") {
  auto with_head = [](const std::string& head) {
    std::string html = testing::render_story(1, 1);
    return html.replace(html.find("</head>"), 0, head);
  };
  ArticleRecord a = article_at();
  a.url = "https://example.org/amp/news/story-1";
  CheckResult amp = decide_with(a, std::nullopt, page(with_head("<link rel=canonical href=\"/news/story-1?utm_source=amp\">")), at(1000));
  REQUIRE(amp.new_url);
  CHECK(*amp.new_url == "https://example.org/news/story-1");
  CHECK(amp.new_url_reason == "rel=canonical");
  CHECK_FALSE(amp.page_title.empty());
  // Another site's canonical (syndication), the front page, or a section above the article: ignored.
  for (const char* head : {"<link rel=canonical href=\"https://wire.example/story-1\">", "<link rel=canonical href=\"/\">",
                           "<link rel=canonical href=\"https://www.example.org/amp/news/\">"}) {
    CAPTURE(head);
    CHECK_FALSE(decide_with(a, std::nullopt, page(with_head(head)), at(1000)).new_url);
  }
  // A redirect within the site, when the page names no canonical URL.
  FetchResponse moved = page(testing::render_story(1, 1));
  moved.final_url = "https://www.example.org/news/story-1-renamed";
  CheckResult r = decide_with(a, std::nullopt, moved, at(1000));
  REQUIRE(r.new_url);
  CHECK(*r.new_url == "https://www.example.org/news/story-1-renamed");
  CHECK(r.new_url_reason == "redirect");
  // The page's own URL claims nothing.
  a.url = "https://example.org/news/story-1";
  CHECK_FALSE(decide_with(a, std::nullopt, page(with_head("<link rel=canonical href=\"/news/story-1\">")), at(1000)).new_url);
}

TEST_CASE("decide: a canonical claim waits to be verified, a redirect does not; a refused one rests a day") {
  auto with_head = [](int version, const std::string& head) {
    std::string html = testing::render_story(version, 1);
    return html.replace(html.find("</head>"), 0, head);
  };
  const std::string canonical = "<link rel=canonical href=\"/news/story-1\">";
  ArticleRecord a = article_at();
  a.url = "https://example.org/amp/news/story-1";
  VersionRecord v1 = version_of(testing::render_story(1, 1));
  CheckResult r = decide_with(a, v1, page(with_head(2, canonical)), at(1000));
  REQUIRE(r.new_url);
  CHECK(r.new_url_evidence == CheckResult::UrlEvidence::unverified);
  REQUIRE(r.claiming_page);
  CHECK(r.claiming_page->title == testing::story_headline(2));
  REQUIRE(r.new_version);
  // Until the claim holds the version has no "url" class; the classes it would have wait beside it.
  CHECK(std::find(r.new_version->classes.begin(), r.new_version->classes.end(), "url") == r.new_version->classes.end());
  CHECK(std::find(r.classes_if_moved.begin(), r.classes_if_moved.end(), "url") != r.classes_if_moved.end());
  // A redirect has answered already.
  FetchResponse moved = page(testing::render_story(1, 1));
  moved.final_url = "https://example.org/news/story-1-renamed";
  CheckResult redirect = decide_with(a, std::nullopt, moved, at(1000));
  REQUIRE(redirect.new_url);
  CHECK(redirect.new_url_evidence == CheckResult::UrlEvidence::redirect);
  CHECK_FALSE(redirect.claiming_page);
  // A claim refused less than a day ago is not made again; after a day it is.
  a.refused_url = "https://example.org/news/story-1";
  a.refused_url_at = 1000;
  CHECK_FALSE(decide_with(a, v1, page(with_head(2, canonical)), at(1000 + kRetryRefusedClaim - 1)).new_url);
  CHECK(decide_with(a, v1, page(with_head(2, canonical)), at(1000 + kRetryRefusedClaim)).new_url);
  // Another claimed URL is another claim.
  CHECK(decide_with(a, v1, page(with_head(2, "<link rel=canonical href=\"/news/story-1-b\">")), at(1001)).new_url);
}

TEST_CASE("url_claim_refusal: the claimed URL must answer with the same story") {
  ArticleRecord a = article_at();
  a.url = "https://example.org/amp/news/story-1";
  Article claiming = normalized(extract_article(testing::render_story(1, 1)));
  PollOptions o = at(1000);
  CHECK(url_claim_refusal(a, claiming, page(testing::render_story(1, 2)), o) == "");  // the same story, other furniture
  // The same text under another headline, or the same headline over a shorter text, is the story.
  Article retitled = claiming;
  retitled.title = "Another headline";
  CHECK(url_claim_refusal(a, retitled, page(testing::render_story(1, 1)), o) == "");
  Article longer = claiming;
  longer.paragraphs.insert(longer.paragraphs.end(), {"One more paragraph only the claiming page has.", "And another."});
  CHECK(url_claim_refusal(a, longer, page(testing::render_story(1, 1)), o) == "");
  Article merged = retitled;  // another headline, and the paragraphs run together (an AMP copy's layout)
  merged.paragraphs = {""};
  for (const std::string& p : claiming.paragraphs) merged.paragraphs[0] += p + " ";
  CHECK(url_claim_refusal(a, merged, page(testing::render_story(1, 1)), o) == "");
  retitled.paragraphs = {"Nothing of this text is on the claimed page."};
  CHECK(url_claim_refusal(a, retitled, page(testing::render_story(1, 1)), o).starts_with("answered with another page"));
  FetchResponse failed;
  failed.error = "Couldn't connect to server";
  CHECK(url_claim_refusal(a, claiming, failed, o) == "could not be fetched: Couldn't connect to server");
  CHECK(url_claim_refusal(a, claiming, page("not here", 404), o) == "answered HTTP 404");
  FetchResponse back = page(testing::render_story(1, 1));
  back.final_url = "https://example.org/amp/news/story-1?utm_source=x";
  CHECK(url_claim_refusal(a, claiming, back, o) == "redirects back to https://example.org/amp/news/story-1");
  CHECK(url_claim_refusal(a, claiming, page("{}", 200, "application/json"), o) ==
        "answered with no HTML page (Content-Type: application/json)");
  CHECK(url_claim_refusal(a, claiming, page("<html><body><nav><a href=/>Home</a></nav></body></html>"), o) ==
        "answered with no article text");
  std::string other = "<html><head><title>Weather for the week</title></head><body><article><h1>Weather for the week</h1>"
                      "<p>Rain is expected on Monday and Tuesday across the region, with clearer skies from Wednesday.</p>"
                      "<p>Temperatures will stay below the seasonal average until the weekend, forecasters said.</p></article></body></html>";
  CHECK(url_claim_refusal(a, claiming, page(other), o) == "answered with another page (\"Weather for the week\")");
}

TEST_CASE("decide: a source's own schedule, and a page modified since the last check is checked again soon") {
  ArticleRecord a = article_at(4000);
  VersionRecord latest = version_of(testing::render_story(1, 1));
  // Unchanged: the interval stretches by the poll's factor (1.25), or by the source's.
  CHECK(decide_with(a, latest, page(testing::render_story(1, 2)), at(1000)).interval == 5000);
  a.factor = 2.0;
  a.first_interval = 120;
  CHECK(decide_with(a, latest, page(testing::render_story(1, 2)), at(1000)).interval == 8000);
  CHECK(decide_with(a, latest, page(testing::render_story(2, 2)), at(1000)).interval == 120);  // a change
  a.retire_after = 500;
  CHECK(decide_with(a, latest, page(testing::render_story(1, 2)), at(1000)).status == ArticleStatus::retired);
  a.retire_after.reset();
  // The page's dateModified is after the last check though the text is the same: back to the first interval.
  std::string html = testing::render_story(1, 2);
  Seconds modified = *parse_iso8601("2026-11-22T08:05:00Z");  // demo/site/story.json, version 1
  a.last_checked_at = modified - 60;
  CHECK(decide_with(a, latest, page(html), at(modified + 600)).interval == 120);
  a.last_checked_at = modified + 60;  // already checked since: it decays as usual
  CHECK(decide_with(a, latest, page(html), at(modified + 600)).interval == 8000);
}

namespace {
// n stories tracked at time 0, https://example.org/s0 … s(n-1), each served as the demo story.
void add_stories(Store& store, FakeFetcher& fetcher, int n) {
  for (int i = 0; i < n; ++i) {
    std::string url = "https://example.org/s" + std::to_string(i);
    store.track(url, 0);
    fetcher.pages[url] = page(testing::render_story(1, i));
  }
}
}  // namespace

TEST_CASE("poll: --max-time stops between batches and leaves the rest due; progress is reported per batch") {
  Store store = Store::open(":memory:");
  FakeFetcher fetcher;
  add_stories(store, fetcher, 5);
  PollOptions o = at(100);
  o.batch = 2;
  std::vector<std::pair<std::size_t, std::size_t>> seen;
  o.progress = [&](std::size_t done, std::size_t total) { seen.push_back({done, total}); };
  o.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);  // already over
  PollSummary none = poll(store, fetcher, o);
  CHECK(none.checked == 0);
  CHECK(none.left == 5);
  CHECK(describe(none) == "checked 0, unchanged 0, new versions 0, removed 0, errors 0; stopped at --max-time, 5 left for the next run");
  CHECK(store.count_due(100, false) == 5);
  o.deadline.reset();
  PollSummary all = poll(store, fetcher, o);
  CHECK(all.checked == 5);
  CHECK(all.left == 0);
  CHECK(seen == std::vector<std::pair<std::size_t, std::size_t>>{{2, 5}, {4, 5}, {5, 5}});
}

TEST_CASE("decide: a new version says what kind of change it is") {
  VersionRecord latest = version_of(testing::render_story(1, 1));
  CheckResult r = decide_with(article_at(), latest, page(testing::render_story(2, 2)), at(1000));
  REQUIRE(r.new_version);
  const auto& c = r.new_version->classes;
  CHECK(std::find(c.begin(), c.end(), "headline") != c.end());  // the demo story's version 2 retitles it
  CHECK(std::find(c.begin(), c.end(), "added") != c.end());
  CHECK(r.new_version->stats.added > 0);
}

namespace {
// Answers the first call, then fails as a broken network or store would.
struct FailingFetcher : FakeFetcher {
  int calls = 0;
  std::vector<FetchResponse> fetch(const std::vector<FetchRequest>& requests) override {
    if (++calls > 1) throw Error("libcurl failed", "", "out of memory");
    return FakeFetcher::fetch(requests);
  }
};
}  // namespace

TEST_CASE("poll: a pass that fails midway gives back the articles it claimed and did not check") {
  Store store = Store::open(":memory:");
  FailingFetcher fetcher;
  add_stories(store, fetcher, 6);
  PollOptions o = at(100);
  o.batch = 2;
  o.threads = 1;
  o.owner = "first-pass";
  CHECK_THROWS_AS(poll(store, fetcher, o), Error);
  // Another poll may take every article not yet checked now, not after the lease (10 minutes).
  Seconds wall = now_seconds();
  std::vector<ArticleRecord> left = store.claim("second-pass", 100, false, 10, wall, wall + 600);
  CHECK(left.size() + store.checks(store.article("https://example.org/s0")->id).size() +
            store.checks(store.article("https://example.org/s1")->id).size() == 6);
  CHECK(left.size() >= 4);
}
