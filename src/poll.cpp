// One poll pass, as a straight list of stages: pick what is due, fetch it, decide what each response
// means, record the batch, repeat. `decide` is the whole answer to "is this a new version?" and is kept
// free of I/O so it is tested against fake responses.
#include "diffwire/poll.hpp"

#include <algorithm>

#include "diffwire/charset.hpp"
#include "diffwire/error.hpp"
#include "diffwire/extract.hpp"
#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {

bool is_html_type(const std::string& content_type) {
  std::string t;
  for (char c : content_type.substr(0, content_type.find(';')))
    if (c != ' ') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // No Content-Type at all: let the extractor judge the bytes.
  return t.empty() || t == "text/html" || t == "application/xhtml+xml" || t == "application/xml" ||
         t == "text/xml";
}

void fail(CheckResult& r, const char* outcome, std::string why) {
  r.check.outcome = outcome;
  r.check.error = std::move(why);
}

}  // namespace

CheckResult decide(const ArticleRecord& article, const FetchResponse& response, const PollOptions& options,
                   const LatestVersion& load_latest) {
  CheckResult r;
  r.article_id = article.id;
  r.check.checked_at = options.now;
  r.check.http_status = response.status;
  r.check.bytes = static_cast<std::int64_t>(response.body.size());
  r.check.duration_ms = response.duration_ms;

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
  } else if (!is_html_type(response.content_type)) {
    fail(r, "error", "not an HTML page (Content-Type: " + response.content_type + ")");
  } else {
    Article page = normalized(extract_article(page_to_utf8(response.body, response.content_type)));
    if (page.paragraphs.empty()) {
      fail(r, "no-article", "no article text found on the page");
    } else {
      // Only a page we understood may short-cut later checks (304, identical body).
      r.etag = response.etag;
      r.last_modified = response.last_modified;
      r.body_hash = body_hash;
      std::string hash = content_hash(page);
      std::optional<VersionRecord> latest = load_latest();
      if (latest && latest->content_hash == hash) {
        r.check.outcome = "unchanged";
      } else {
        VersionRecord v;
        v.fetched_at = options.now;
        v.final_url = response.final_url.empty() ? article.url : response.final_url;
        v.content_hash = hash;
        v.stats = latest ? count_changes(diff_paragraphs(latest->article.paragraphs, page.paragraphs))
                         : DiffStats{static_cast<int>(page.paragraphs.size()), 0, 0};
        v.article = std::move(page);
        r.new_version = std::move(v);
        r.check.outcome = "new-version";
      }
    }
  }

  bool changed = r.new_version.has_value();
  r.interval = next_interval(article.interval, changed, options.rules);
  r.next_check_at = options.now + r.interval;
  if (r.check.outcome == "removed") r.status = "removed";
  else if (!r.check.error.empty()) r.status = "error";
  else r.status = "ok";
  if (!changed && should_retire(article.last_changed_at, options.now, options.rules)) r.status = "retired";
  return r;
}

PollSummary poll(Store& store, Fetcher& fetcher, const PollOptions& options) {
  PollSummary summary;
  std::vector<ArticleRecord> due = store.due(options.now, options.all);
  for (std::size_t start = 0; start < due.size(); start += options.batch) {
    std::size_t end = std::min(due.size(), start + options.batch);
    std::vector<FetchRequest> requests;
    for (std::size_t i = start; i < end; ++i)
      requests.push_back({due[i].url, due[i].etag, due[i].last_modified});
    std::vector<FetchResponse> responses = fetcher.fetch(requests);

    std::vector<CheckResult> results;
    for (std::size_t i = start; i < end; ++i) {
      const ArticleRecord& article = due[i];
      CheckResult r;
      try {
        r = decide(article, responses[i - start], options, [&] { return store.latest_version(article.id); });
      } catch (const std::exception& e) {  // recorded as this check's error; the run goes on
        r = decide(article, FetchResponse{0, "", "", "", "", "", "", 0, e.what()}, options, [] { return std::nullopt; });
      }
      ++summary.checked;
      const std::string& outcome = r.check.outcome;
      if (outcome == "new-version") ++summary.new_versions;
      else if (outcome == "unchanged" || outcome == "not-modified") ++summary.unchanged;
      else if (outcome == "removed") ++summary.removed;
      else ++summary.errors;
      results.push_back(std::move(r));
    }
    store.record(results);
  }
  return summary;
}

std::string describe(const PollSummary& s) {
  return "checked " + std::to_string(s.checked) + ", unchanged " + std::to_string(s.unchanged) +
         ", new versions " + std::to_string(s.new_versions) + ", removed " + std::to_string(s.removed) +
         ", errors " + std::to_string(s.errors);
}

}  // namespace diffwire
