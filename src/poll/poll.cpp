// A poll: run_pass() is the whole pass as a table of contents (host budgets, fetchers, sources,
// articles, hosts, the run's record); poll() is the articles pass — claim what is due, fetch it,
// decide what each response means, record the batch, repeat, with the next batch downloading while
// this one is decided on every core. decide() is the whole answer to "is this a new version?", in
// five stages (what came back, its article, the baseline, the judgement, the schedule), and is kept
// free of I/O so it is tested against fake responses.
#include "diffwire/poll.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <limits>
#include <mutex>
#include <random>
#include <thread>

#include <unistd.h>

#include "diffwire/change.hpp"
#include "diffwire/charset.hpp"
#include "diffwire/error.hpp"
#include "diffwire/extract.hpp"
#include "diffwire/host_budgets.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/polite_fetcher.hpp"
#include "diffwire/read_page.hpp"
#include "diffwire/reextract.hpp"
#include "diffwire/response.hpp"
#include "diffwire/url.hpp"
#include "store/zstd.hpp"

namespace diffwire {

namespace {

std::size_t characters(const Article& a) {
  std::size_t n = 0;
  for (const auto& p : a.paragraphs) n += p.size();
  return n;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The URL the fetched page says is this article's, when it is another one on the same site: its
// canonical link, else where a redirect led. A canonical pointing at the front page or at a section
// above the article is a site's mistake, not an identity.
std::optional<std::pair<std::string, std::string>> claimed_url(const ArticleRecord& article, const FetchResponse& response,
                                                               const Article& page) {
  UrlParts here = parse_http_url(article.url);
  auto acceptable = [&](const std::string& url) {
    if (url == article.url) return false;
    UrlParts there = parse_http_url(url);
    std::string path = there.path.substr(0, there.path.find('?'));
    return same_site(there.host, here.host) && path != "/" && !(here.path.starts_with(path) && path.ends_with("/"));
  };
  if (!page.canonical_url.empty() && acceptable(page.canonical_url)) return std::pair{page.canonical_url, page.canonical_from};
  if (!response.final_url.empty()) {
    std::string final_url = canonical_url(response.final_url);
    if (page.canonical_url.empty() && acceptable(final_url)) return std::pair{final_url, std::string("redirect")};
  }
  return std::nullopt;
}

}  // namespace

std::string url_claim_refusal(const ArticleRecord& article, const Article& claiming_page, const FetchResponse& there,
                              const PollOptions& options) {
  if (!there.error.empty()) return "could not be fetched: " + there.error;
  if (there.status != 200) return "answered HTTP " + std::to_string(there.status);
  std::string landed = there.final_url.empty() ? "" : canonical_url(there.final_url);
  if (landed == article.url) return "redirects back to " + article.url;
  if (body_kind(there.content_type) != BodyKind::page)
    return "answered with no HTML page (Content-Type: " + there.content_type + ")";
  Article page;
  try {
    page = read_page(there.body, there.content_type, ExtractOptions{landed, options.site_rules, nullptr});
  } catch (const PageRefused& e) {
    return "answered with a page that was refused: " + e.why();
  }
  if (page.paragraphs.empty()) return "answered with no article text";
  if (!page.title.empty() && page.title == claiming_page.title) return "";
  auto text = [](const Article& a) {
    std::string out;
    for (const std::string& p : a.paragraphs) out += p + '\n';
    return out;
  };
  if (containment(text(claiming_page), text(page)) >= 0.5) return "";
  return "answered with another page (\"" + utf8_prefix(page.title, 200) + "\")";
}

std::string suspect_reason(const Article& page, const Article* previous, double collapse_keep) {
  std::size_t now = characters(page);
  if (previous) {
    std::size_t before = characters(*previous);
    if (before >= 400 && static_cast<double>(now) < collapse_keep * static_cast<double>(before))
      return "extraction collapsed: " + std::to_string(now) + " characters, " + std::to_string(before) +
             " in the previous version";
  }
  // Short pages that say they are a wall, not an article. Long articles may mention subscriptions.
  if (now < kWallTextLimit) {
    std::string text = lower(page.title);
    for (const auto& p : page.paragraphs) {
      text += '\n';
      text += lower(p);
    }
    if (std::string_view w = wall_phrase(text); !w.empty())
      return "looks like a paywall or interstitial (\"" + std::string(w) + "\")";
  }
  return "";
}

namespace {

// The check's row before anything is decided: when, what came back, how long it took.
CheckResult new_check(const ArticleRecord& article, const FetchResponse& response, const PollOptions& options) {
  CheckResult r;
  r.article_id = article.id;
  r.check.checked_at = options.now;
  r.check.http_status = response.status;
  r.check.bytes = static_cast<std::int64_t>(response.body.size());
  r.check.duration_ms = response.duration_ms;
  r.suspect_checks = article.suspect_checks;
  return r;
}

void fail(CheckResult& r, CheckOutcome outcome, std::string why) {
  r.check.outcome = outcome;
  r.check.error = std::move(why);
}

// A page read from a response that had a body to read.
struct Page {
  Article article;
  std::string url;        // where it was read (after redirects)
  std::string body_hash;  // of the response body
  bool fresh = false;     // it says it was modified since the last check: check again soon
};

// Stages 1 and 2: what the response is, and, when it has a body to read, the article in it. A
// response that needs no reading (or cannot be read) is settled here, as the check's outcome.
std::optional<Page> read_response(CheckResult& r, const ArticleRecord& article, const FetchResponse& response,
                                  const PollOptions& options) {
  ResponseClass c = classify_response(response, article.versions > 0 ? std::optional(article.body_hash) : std::nullopt);
  switch (c.kind) {
    case ResponseKind::failed: fail(r, CheckOutcome::error, c.why); return std::nullopt;
    case ResponseKind::not_modified: r.check.outcome = CheckOutcome::not_modified; return std::nullopt;
    case ResponseKind::gone: fail(r, CheckOutcome::removed, c.why + ": the page is gone"); return std::nullopt;
    case ResponseKind::same_body:
      r.check.outcome = CheckOutcome::unchanged;  // byte-identical to a page we understood: nothing to parse
      r.etag = response.etag;
      r.last_modified = response.last_modified;
      return std::nullopt;
    case ResponseKind::body: break;
  }
  if (body_kind(response.content_type) != BodyKind::page) {
    fail(r, CheckOutcome::error, "not an HTML page (Content-Type: " + response.content_type + ")");
    return std::nullopt;
  }
  Page page;
  page.url = response.final_url.empty() ? article.url : response.final_url;
  page.body_hash = c.body_hash;
  try {
    page.article = read_page(response.body, response.content_type, ExtractOptions{page.url, options.site_rules, nullptr});
  } catch (const PageRefused& e) {
    fail(r, CheckOutcome::refused, "page refused: " + e.why());  // the article's versions are untouched
    return std::nullopt;
  }
  if (page.article.paragraphs.empty()) {
    fail(r, CheckOutcome::no_article, "no article text found on the page");
    return std::nullopt;
  }
  // The page says it was modified since the last check (JSON-LD dateModified, article:modified_time):
  // keep checking it often even if the text diffwire reads has not changed yet (caches lag).
  if (auto modified = parse_iso8601(page.article.modified); modified && article.last_checked_at && *modified > *article.last_checked_at)
    page.fresh = true;
  if (auto claimed = claimed_url(article, response, page.article)) {
    // A redirect has answered already; a canonical or og:url must answer first (verify_url_claims),
    // and one that did not is tried again only a day later.
    bool redirect = claimed->second == "redirect";
    bool refused_lately = !redirect && claimed->first == article.refused_url && article.refused_url_at &&
                          options.now - *article.refused_url_at < kRetryRefusedClaim;
    if (!refused_lately) {
      r.new_url = claimed->first;
      r.new_url_reason = claimed->second;
      r.page_title = page.article.title;
      r.new_url_evidence = redirect ? CheckResult::UrlEvidence::redirect : CheckResult::UrlEvidence::unverified;
      if (!redirect) r.claiming_page = page.article;
    }
  }
  return page;
}

// What the page is compared with: the latest version — or, when the extractor changed since it was
// made, what this extractor makes of that version's own stored page, never what the old one made of
// it; and when no such page is kept, the page itself (it becomes the new baseline).
struct Baseline {
  std::optional<VersionRecord> latest;
  std::optional<Article> reread;  // the latest version's page, read again by this extractor
  bool is_page = false;           // no usable baseline: this page is the new one
  const Article* text(const Article& page) const {
    if (is_page) return &page;
    if (reread) return &*reread;
    return latest ? &latest->article : nullptr;
  }
};

// Stage 3.
Baseline pick_baseline(const PollOptions& options, const LatestVersion& load_latest, const LatestPage& load_latest_page) {
  Baseline b;
  b.latest = load_latest();
  if (!b.latest || extractor_version_of(b.latest->article.method) == kExtractorVersion) return b;
  if (std::optional<StoredPage> old_page = load_latest_page()) {
    try {
      Article again = reread(*old_page, b.latest->final_url, options.site_rules);
      if (!again.paragraphs.empty()) b.reread = std::move(again);
    } catch (const PageRefused&) {
      // a stored page the new budgets refuse: this fetch becomes the baseline, as below
    }
  }
  b.is_page = !b.reread;
  return b;
}

// A canonical or og:url claim that has not answered yet (verify_url_claims).
bool unverified_claim(const CheckResult& r) {
  return r.new_url && r.new_url_evidence == CheckResult::UrlEvidence::unverified;
}

// The classes of a version made while a URL claim is unverified leave "url" out; those with it wait in
// r.classes_if_moved for the claim to hold.
VersionRecord make_version(Article a, const Article* before, const FetchResponse& response, const Page& page,
                           CheckResult& r, const PollOptions& options) {
  VersionRecord v;
  v.fetched_at = options.now;
  v.final_url = page.url;
  v.content_hash = content_hash(a);
  v.stats = DiffStats{static_cast<int>(a.paragraphs.size()), 0, 0, 0};
  if (before) {
    std::vector<ParagraphOp> ops = diff_paragraphs(before->paragraphs, a.paragraphs);
    v.stats = count_changes(ops);
    v.classes = classify_change(before->title, a.title, ops, r.new_url && !unverified_claim(r));
    if (unverified_claim(r)) r.classes_if_moved = classify_change(before->title, a.title, ops, true);
  }
  v.article = std::move(a);
  v.page = StoredPage{response.content_type, response.headers, response.body, ""};
  return v;
}

// Stage 4: suspect, unchanged, re-baselined, or a new version.
void judge(CheckResult& r, const ArticleRecord& article, const FetchResponse& response, Page page,
           const Baseline& baseline, const PollOptions& options) {
  const Article* base = baseline.text(page.article);
  std::string suspect = suspect_reason(page.article, base, options.collapse_keep);
  if (!suspect.empty() && article.suspect_checks + 1 < options.suspect_after) {
    r.check.outcome = CheckOutcome::suspect;
    r.check.error = suspect + " (" + std::to_string(article.suspect_checks + 1) + " of " +
                    std::to_string(options.suspect_after) + " before it is believed)";
    r.suspect_checks = article.suspect_checks + 1;
    return;
  }
  // Only a page we understood may short-cut later checks (304, identical body).
  r.etag = response.etag;
  r.last_modified = response.last_modified;
  r.body_hash = page.body_hash;
  r.suspect_checks = 0;
  const std::optional<VersionRecord>& latest = baseline.latest;
  bool base_is_latest = latest && base == &latest->article;
  if (latest && !base_is_latest && content_hash(*base) != latest->content_hash) {
    VersionRecord rb = make_version(*base, nullptr, response, page, r, options);
    rb.rebaseline = true;
    rb.stats = {};
    if (!baseline.is_page) rb.page.reset();  // the re-read page is already stored with its version
    r.rebaseline = std::move(rb);
  }
  std::string hash = content_hash(page.article);
  std::string base_hash = base ? content_hash(*base) : "";
  if (latest && (base_hash == hash || (base_is_latest && latest->content_hash == hash))) {
    r.check.outcome = r.rebaseline ? CheckOutcome::rebaselined : CheckOutcome::unchanged;
    if (r.rebaseline) r.rebaseline->page = StoredPage{response.content_type, response.headers, response.body, ""};
  } else {
    Article before = base ? *base : Article{};  // a copy: base may point into the page
    r.new_version = make_version(std::move(page.article), base ? &before : nullptr, response, page, r, options);
    r.check.outcome = CheckOutcome::new_version;
  }
}

// Stage 5: when it is checked next, and what state the check leaves it in.
void schedule(CheckResult& r, const ArticleRecord& article, const PollOptions& options, bool fresh) {
  bool changed = r.new_version.has_value();
  ScheduleRules rules = options.rules;  // the article's source may set its own
  if (article.first_interval) rules.first_interval = *article.first_interval;
  if (article.factor) rules.factor = *article.factor;
  if (article.retire_after) rules.retire_after = *article.retire_after;
  r.interval = next_interval(article.interval, changed || fresh, rules);
  r.next_check_at = options.now + r.interval;
  if (r.check.outcome == CheckOutcome::removed) r.status = ArticleStatus::removed;
  else if (r.check.outcome == CheckOutcome::suspect) r.status = ArticleStatus::suspect;
  else if (!r.check.error.empty()) r.status = ArticleStatus::error;
  else r.status = ArticleStatus::ok;
  if (!changed && should_retire(article.last_changed_at, options.now, rules)) r.status = ArticleStatus::retired;
}

}  // namespace

CheckResult decide(const ArticleRecord& article, const FetchResponse& response, const PollOptions& options,
                   const LatestVersion& load_latest, const LatestPage& load_latest_page) {
  CheckResult r = new_check(article, response, options);
  std::optional<Page> page = read_response(r, article, response, options);  // 1. what came back, 2. its article
  bool fresh = page && page->fresh;
  if (page) judge(r, article, response, std::move(*page), pick_baseline(options, load_latest, load_latest_page), options);  // 3, 4
  schedule(r, article, options, fresh);  // 5
  return r;
}

namespace {

// decide() for one fetched article; the store is shared by every worker, so each read holds the lock.
CheckResult check(const ArticleRecord& article, const FetchResponse& response, const PollOptions& options,
                  Store& store, std::mutex& store_lock) {
  // Pages are compressed here, on every core, rather than by the one thread that records the batch.
  auto compress_pages = [](CheckResult r) {
    for (std::optional<VersionRecord>* v : {&r.rebaseline, &r.new_version})
      if (*v && (*v)->page && (*v)->page->compressed.empty()) (*v)->page->compressed = zstd_compress((*v)->page->body);
    return r;
  };
  try {
    return compress_pages(decide(
        article, response, options,
        [&] {
          std::lock_guard<std::mutex> hold(store_lock);
          return store.latest_version(article.id);
        },
        [&]() -> std::optional<StoredPage> {
          if (article.versions == 0) return std::nullopt;
          std::lock_guard<std::mutex> hold(store_lock);
          return store.page(article.id, article.versions);
        }));
  } catch (const std::exception& e) {  // recorded as this check's error; the run goes on
    return decide(article, FetchResponse{0, "", "", "", "", "", "", 0, e.what()}, options, [] { return std::nullopt; });
  }
}

// The canonical and og:url claims of a batch, fetched together through the same polite fetcher: each
// either holds (the article moves, its version gains "url") or is refused with the reason.
void verify_url_claims(std::vector<CheckResult>& results, const std::vector<ArticleRecord>& articles, Fetcher& fetcher,
                       const PollOptions& options) {
  std::vector<std::size_t> claims;
  std::vector<FetchRequest> requests;
  for (std::size_t k = 0; k < results.size(); ++k) {
    if (!unverified_claim(results[k]) || !results[k].claiming_page) continue;
    claims.push_back(k);
    requests.push_back({*results[k].new_url, "", "", articles[k].host_delay.value_or(-1), articles[k].ignore_robots});
  }
  if (claims.empty()) return;
  std::vector<FetchResponse> answers = fetcher.fetch(requests);
  answers.resize(claims.size());  // (a fetcher answers every request; one that did not, failed it)
  for (std::size_t i = 0; i < claims.size(); ++i) {
    CheckResult& r = results[claims[i]];
    if (answers[i].status == 0 && answers[i].error.empty()) answers[i].error = "no answer";
    std::string why = url_claim_refusal(articles[claims[i]], *r.claiming_page, answers[i], options);
    if (why.empty()) {
      r.new_url_evidence = CheckResult::UrlEvidence::answered;
      if (r.new_version && !r.classes_if_moved.empty()) r.new_version->classes = r.classes_if_moved;
    } else {
      r.refused_url = *r.new_url;
      r.refused_why = "(" + r.new_url_reason + ") " + why;
      r.refused_before = articles[claims[i]].refused_url == r.refused_url;
      r.new_url.reset();
    }
    r.claiming_page.reset();
    r.classes_if_moved.clear();
  }
}

bool has_unverified_claims(const std::vector<CheckResult>& results) {
  return std::any_of(results.begin(), results.end(), unverified_claim);
}

// A future that already holds what `pending` will give (its value or its exception).
template <typename T>
std::future<T> settled(std::future<T>& pending) {
  std::promise<T> p;
  try {
    p.set_value(pending.get());
  } catch (...) {
    p.set_exception(std::current_exception());
  }
  return p.get_future();
}

}  // namespace

std::string new_lease_owner() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "host");
  std::random_device random;
  char tail[32];
  std::snprintf(tail, sizeof tail, "-%d-%08x", static_cast<int>(::getpid()), random());
  return host + std::string(tail);
}

PollSummary poll(Store& store, Fetcher& fetcher, const PollOptions& options) {
  constexpr Seconds kNoLeaseLive = std::numeric_limits<Seconds>::max();
  PollSummary summary;
  const std::string owner = options.owner.empty() ? new_lease_owner() : options.owner;
  // A pass that fails midway gives back what it claimed and did not record, so that other pollers need
  // not wait for the leases to run out. Only when the store still answers: if it does not, the pass's
  // own error is the one to report, and the leases run out by themselves.
  struct GiveBack {
    Store& store;
    const std::string& owner;
    ~GiveBack() {
      try {
        store.release(owner);
      } catch (const Error&) {
      }
    }
  } give_back{store, owner};
  unsigned cores = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::size_t batch = std::max<std::size_t>(1, options.batch);
  auto claim = [&] {
    Seconds wall = now_seconds();
    return store.claim(owner, options.now, options.all, batch, options.exclusive ? kNoLeaseLive : wall,
                       wall + options.lease);
  };
  auto fetch_batch = [&](const std::vector<ArticleRecord>& articles) {
    std::vector<FetchRequest> requests;
    for (const ArticleRecord& a : articles)
      requests.push_back({a.url, a.etag, a.last_modified, a.host_delay.value_or(-1), a.ignore_robots});
    return fetcher.fetch(requests);
  };
  auto out_of_time = [&] { return options.deadline && std::chrono::steady_clock::now() >= *options.deadline; };
  std::size_t total = options.progress ? store.count_due(options.now, options.all) : 0;
  // The next batch downloads while this one is parsed: the network and the cores are both busy.
  std::vector<ArticleRecord> current = out_of_time() ? std::vector<ArticleRecord>{} : claim();
  std::future<std::vector<FetchResponse>> ahead;
  if (!current.empty()) ahead = std::async(std::launch::async, fetch_batch, current);
  while (!current.empty()) {
    std::vector<FetchResponse> responses = ahead.get();
    std::vector<ArticleRecord> next = out_of_time() ? std::vector<ArticleRecord>{} : claim();
    if (!next.empty()) ahead = std::async(std::launch::async, fetch_batch, next);

    // Decoding, parsing and extraction on every core; results are recorded in order, in one
    // transaction, by this thread.
    std::vector<CheckResult> results(current.size());
    std::mutex store_lock;
    std::atomic<std::size_t> index{0};
    auto work = [&] {
      for (std::size_t k = index++; k < results.size(); k = index++) {
        results[k] = check(current[k], responses[k], options, store, store_lock);
        results[k].lease = owner;
      }
    };
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < std::min<std::size_t>(cores, results.size()); ++t) workers.emplace_back(work);
    work();
    workers.clear();  // joins
    if (has_unverified_claims(results)) {
      // The fetcher serves one list of requests at a time: the next batch's download finishes first.
      if (ahead.valid()) ahead = settled(ahead);
      verify_url_claims(results, current, fetcher, options);
    }

    for (const CheckResult& r : results) {
      ++summary.checked;
      switch (r.check.outcome) {
        case CheckOutcome::new_version: ++summary.new_versions; break;
        case CheckOutcome::unchanged:
        case CheckOutcome::not_modified:
        case CheckOutcome::rebaselined: ++summary.unchanged; break;
        case CheckOutcome::suspect: ++summary.suspect; break;
        case CheckOutcome::removed: ++summary.removed; break;
        case CheckOutcome::refused: ++summary.refused; break;
        case CheckOutcome::no_article:
        case CheckOutcome::error: ++summary.errors; break;
      }
    }
    store.record(results);
    if (options.progress) options.progress(static_cast<std::size_t>(summary.checked), std::max(total, static_cast<std::size_t>(summary.checked)));
    current = std::move(next);
  }
  if (out_of_time()) summary.left = store.count_due(options.now, options.all);
  return summary;
}

PassSummary run_pass(Store& store, PassConfig config) {
  PollOptions& options = config.articles;
  FetchOptions& fetch = config.fetch;
  PassSummary pass;
  if (options.owner.empty()) options.owner = new_lease_owner();

  // 1. Host budgets. Several polls share a PostgreSQL store: each host's limits (requests at once,
  //    the pause between them) hold for all of them together, claimed in the database.
  std::optional<HostBudgets> budgets;
  if (!options.exclusive) {
    budgets.emplace(config.store_target, options.owner, (fetch.timeout_s + fetch.connect_timeout_s + 5) * 1000);
    fetch.gate = &*budgets;
  }

  // 2. Fetchers: the network, and politeness over it (robots.txt, Crawl-delay), which starts from what
  //    the store remembers of each host; both honour the hosts that asked to wait (one Backoff).
  std::vector<HostRecord> hosts = store.hosts();
  Backoff backoff(options.now, hosts);
  fetch.backoff = &backoff;
  std::unique_ptr<Fetcher> network = make_curl_fetcher(fetch);
  PolitenessOptions polite;
  polite.now = options.now;
  polite.default_delay_s = fetch.host_delay_s;
  PoliteFetcher fetcher(*network, hosts, polite, &backoff);
  auto started = std::chrono::steady_clock::now();

  // 3. Sources first, so that the articles they find are checked in this same pass.
  pass.sources = poll_sources(store, fetcher, SourcesOptions{options.now, options.all});
  if (pass.sources.checked > 0) pass.report = describe(pass.sources) + "\n";

  // 4. Articles: the due ones, batch by batch.
  pass.articles = poll(store, fetcher, options);
  pass.report += describe(pass.articles) + "\n";

  // 5. Hosts: what this pass learnt of each (robots.txt, who asked to wait), for the next one.
  store.save_hosts(fetcher.take_changes());

  // 6. The run's record, which `status` reads.
  Seconds took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
  store.record_run(options.now, options.now + took, pass.report.substr(0, pass.report.size() - 1));
  return pass;
}

std::string describe(const PollSummary& s) {
  return "checked " + std::to_string(s.checked) + ", unchanged " + std::to_string(s.unchanged) +
         ", new versions " + std::to_string(s.new_versions) + ", removed " + std::to_string(s.removed) +
         ", errors " + std::to_string(s.errors) +
         (s.suspect ? ", suspect " + std::to_string(s.suspect) : "") +
         (s.refused ? ", refused " + std::to_string(s.refused) : "") +
         (s.left ? "; stopped at --max-time, " + std::to_string(s.left) + " left for the next run" : "");
}

}  // namespace diffwire
