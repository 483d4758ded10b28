// One poll pass, as a straight list of stages: pick what is due, fetch it, decide what each response
// means, record the batch, repeat — with the next batch downloading while this one is decided on
// every core. `decide` is the whole answer to "is this a new version?" and is kept
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
#include "diffwire/error.hpp"
#include "diffwire/extract.hpp"
#include "diffwire/host_budgets.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/polite_fetcher.hpp"
#include "diffwire/read_page.hpp"
#include "diffwire/reextract.hpp"
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

void fail(CheckResult& r, const char* outcome, std::string why) {
  r.check.outcome = outcome;
  r.check.error = std::move(why);
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

std::string suspect_reason(const Article& page, const Article* previous, double collapse_keep) {
  std::size_t now = characters(page);
  if (previous) {
    std::size_t before = characters(*previous);
    if (before >= 400 && static_cast<double>(now) < collapse_keep * static_cast<double>(before))
      return "extraction collapsed: " + std::to_string(now) + " characters, " + std::to_string(before) +
             " in the previous version";
  }
  // Short pages that say they are a wall, not an article. Long articles may mention subscriptions.
  if (now < 1500) {
    std::string text = lower(page.title);
    for (const auto& p : page.paragraphs) {
      text += '\n';
      text += lower(p);
    }
    static const char* walls[] = {"subscribe to continue reading", "subscribe to read", "this content is for subscribers",
                                  "to continue reading, log in", "sign in to continue reading", "you have reached your limit",
                                  "you've reached your limit", "create a free account to continue", "we value your privacy",
                                  "accept all cookies", "before you continue to", "please enable javascript",
                                  "checking your browser before accessing", "are you a robot", "access denied"};
    for (const char* w : walls)
      if (text.find(w) != std::string::npos) return std::string("looks like a paywall or interstitial (\"") + w + "\")";
  }
  return "";
}

CheckResult decide(const ArticleRecord& article, const FetchResponse& response, const PollOptions& options,
                   const LatestVersion& load_latest, const LatestPage& load_latest_page) {
  CheckResult r;
  r.article_id = article.id;
  r.check.checked_at = options.now;
  r.check.http_status = response.status;
  r.check.bytes = static_cast<std::int64_t>(response.body.size());
  r.check.duration_ms = response.duration_ms;
  r.suspect_checks = article.suspect_checks;
  bool fresh = false;  // a freshness signal: check again soon, like after a change

  if (!response.error.empty()) {
    fail(r, "error", response.error);
  } else if (response.status == 304) {
    r.check.outcome = "not-modified";
  } else if (response.status == 404 || response.status == 410) {
    fail(r, "removed", "HTTP " + std::to_string(response.status) + ": the page is gone");
  } else if (response.status < 200 || response.status >= 300) {
    fail(r, "error", "HTTP " + std::to_string(response.status));
  } else if (std::string body_hash = hash_hex(response.body); article.versions > 0 && body_hash == article.body_hash) {
    r.check.outcome = "unchanged";  // byte-identical to a page we understood: nothing to parse
    r.etag = response.etag;
    r.last_modified = response.last_modified;
  } else if (body_kind(response.content_type) != BodyKind::page) {
    fail(r, "error", "not an HTML page (Content-Type: " + response.content_type + ")");
  } else {
    std::string url = response.final_url.empty() ? article.url : response.final_url;
    ExtractOptions extract_options{url, options.site_rules, nullptr};
    std::optional<Article> parsed;
    try {
      parsed = read_page(response.body, response.content_type, extract_options);
    } catch (const PageRefused& e) {
      fail(r, "refused", "page refused: " + e.why());  // the article's versions are untouched
    }
    if (parsed && parsed->paragraphs.empty()) {
      fail(r, "no-article", "no article text found on the page");
    } else if (parsed) {
      Article& page = *parsed;
      // The page says it was modified since the last check (JSON-LD dateModified, article:modified_time):
      // keep checking it often even if the text diffwire reads has not changed yet (caches lag).
      if (auto modified = parse_iso8601(page.modified); modified && article.last_checked_at && *modified > *article.last_checked_at)
        fresh = true;
      if (auto claimed = claimed_url(article, response, page)) {
        r.new_url = claimed->first;
        r.new_url_reason = claimed->second;
        r.page_title = page.title;
      }
      std::string hash = content_hash(page);
      std::optional<VersionRecord> latest = load_latest();
      auto make_version = [&](Article a, const Article* before) {
        VersionRecord v;
        v.fetched_at = options.now;
        v.final_url = url;
        v.content_hash = content_hash(a);
        v.stats = DiffStats{static_cast<int>(a.paragraphs.size()), 0, 0, 0};
        if (before) {
          std::vector<ParagraphOp> ops = diff_paragraphs(before->paragraphs, a.paragraphs);
          v.stats = count_changes(ops);
          v.classes = classify_change(before->title, a.title, ops, r.new_url.has_value());
        }
        v.article = std::move(a);
        v.page = StoredPage{response.content_type, response.headers, response.body, ""};
        return v;
      };
      // The extractor changed since the latest version: compare with what this extractor makes of
      // that version's own page, never with what the old one made of it.
      const Article* baseline = latest ? &latest->article : nullptr;
      std::optional<Article> old_article;
      if (latest && extractor_version_of(latest->article.method) != kExtractorVersion) {
        if (std::optional<StoredPage> old_page = load_latest_page()) {
          try {
            old_article = reread(*old_page, latest->final_url, options.site_rules);
            if (!old_article->paragraphs.empty()) baseline = &*old_article;
          } catch (const PageRefused&) {
            // a stored page the new budgets refuse: this fetch becomes the baseline, as below
          }
        }
        if (!old_article || old_article->paragraphs.empty()) baseline = &page;  // no page kept: this fetch is the new baseline
      }
      std::string suspect = suspect_reason(page, baseline, options.collapse_keep);
      if (!suspect.empty() && article.suspect_checks + 1 < options.suspect_after) {
        r.check.outcome = "suspect";
        r.check.error = suspect + " (" + std::to_string(article.suspect_checks + 1) + " of " +
                        std::to_string(options.suspect_after) + " before it is believed)";
        r.suspect_checks = article.suspect_checks + 1;
      } else {
        // Only a page we understood may short-cut later checks (304, identical body).
        r.etag = response.etag;
        r.last_modified = response.last_modified;
        r.body_hash = body_hash;
        r.suspect_checks = 0;
        if (latest && baseline != &latest->article && content_hash(*baseline) != latest->content_hash) {
          VersionRecord rb = make_version(*baseline, nullptr);
          rb.rebaseline = true;
          rb.stats = {};
          if (baseline != &page) rb.page.reset();  // the re-read page is already stored with its version
          r.rebaseline = std::move(rb);
        }
        std::string baseline_hash = baseline ? content_hash(*baseline) : "";
        if (latest && (baseline_hash == hash || (baseline == &latest->article && latest->content_hash == hash))) {
          r.check.outcome = r.rebaseline ? "rebaselined" : "unchanged";
          if (r.rebaseline) r.rebaseline->page = StoredPage{response.content_type, response.headers, response.body, ""};
        } else {
          r.new_version = make_version(std::move(page), baseline);
          r.check.outcome = "new-version";
        }
      }
    }
  }

  bool changed = r.new_version.has_value();
  ScheduleRules rules = options.rules;  // the article's source may set its own
  if (article.first_interval) rules.first_interval = *article.first_interval;
  if (article.factor) rules.factor = *article.factor;
  if (article.retire_after) rules.retire_after = *article.retire_after;
  r.interval = next_interval(article.interval, changed || fresh, rules);
  r.next_check_at = options.now + r.interval;
  if (r.check.outcome == "removed") r.status = "removed";
  else if (r.check.outcome == "suspect") r.status = "suspect";
  else if (!r.check.error.empty()) r.status = "error";
  else r.status = "ok";
  if (!changed && should_retire(article.last_changed_at, options.now, rules)) r.status = "retired";
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

    for (const CheckResult& r : results) {
      ++summary.checked;
      const std::string& outcome = r.check.outcome;
      if (outcome == "new-version") ++summary.new_versions;
      else if (outcome == "unchanged" || outcome == "not-modified" || outcome == "rebaselined") ++summary.unchanged;
      else if (outcome == "suspect") ++summary.suspect;
      else if (outcome == "removed") ++summary.removed;
      else if (outcome == "refused") ++summary.refused;
      else ++summary.errors;
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

  // 2. Fetchers: the network, and politeness over it (robots.txt, Crawl-delay, back-off), which
  //    starts from what the store remembers of each host.
  std::unique_ptr<Fetcher> network = make_curl_fetcher(fetch);
  PolitenessOptions polite;
  polite.now = options.now;
  polite.default_delay_s = fetch.host_delay_s;
  PoliteFetcher fetcher(*network, store.hosts(), polite);
  auto started = std::chrono::steady_clock::now();

  // 3. Sources first, so that the articles they find are checked in this same pass.
  pass.sources = poll_sources(store, fetcher, SourcesOptions{options.now, options.all});
  if (pass.sources.checked > 0) pass.report = describe(pass.sources) + "\n";

  // 4. Articles: the due ones, batch by batch.
  pass.articles = poll(store, fetcher, options);
  pass.report += describe(pass.articles) + "\n";

  // 5. Hosts: what this pass learnt of each (robots.txt, back-off), for the next one.
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
