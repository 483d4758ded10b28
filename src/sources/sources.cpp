// A source check is fetched, read and recorded like an article check, but never makes a version:
// its only output is which articles to track and which to check now.
#include "diffwire/sources.hpp"

#include <regex>
#include <set>

#include "diffwire/error.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/response.hpp"
#include "diffwire/url.hpp"

namespace diffwire {

namespace {

// Why a child sitemap's response cannot be read ("" when it can).
std::string fetch_problem(const FetchResponse& r) {
  ResponseClass c = classify_response(r, std::nullopt);
  return c.kind == ResponseKind::body ? "" : c.why.empty() ? "HTTP " + std::to_string(r.status) : c.why;
}

}  // namespace

void check_pattern(const std::string& pattern, const char* option) {
  try {
    std::regex re(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw Error(std::string("invalid ") + option, pattern, e.what(), Error::Kind::usage);
  }
}

std::vector<SourceItem> select_items(const SourceRecord& source, const SourceDocument& doc) {
  std::optional<std::regex> include, exclude;
  if (!source.include.empty()) include.emplace(source.include, std::regex::ECMAScript);
  if (!source.exclude.empty()) exclude.emplace(source.exclude, std::regex::ECMAScript);
  std::string host = parse_http_url(source.url).host;
  std::vector<SourceItem> out;
  for (const SourceItem& item : doc.items) {
    if (include && !std::regex_search(item.url, *include)) continue;
    if (exclude && std::regex_search(item.url, *exclude)) continue;
    if (doc.kind == "html" && !include) {
      if (!item.article_like || !same_site(parse_http_url(item.url).host, host) || item.url == source.url) continue;
    }
    out.push_back(item);
  }
  return out;
}

SourcesSummary poll_sources(Store& store, Fetcher& fetcher, const SourcesOptions& options) {
  SourcesSummary summary;
  std::vector<SourceRecord> due = store.due_sources(options.now, options.all);
  if (due.empty()) return summary;
  std::vector<FetchRequest> requests;
  for (const SourceRecord& s : due)
    requests.push_back({s.url, s.etag.value_or(""), s.last_modified.value_or(""), s.host_delay.value_or(-1), s.ignore_robots});
  std::vector<FetchResponse> responses = fetcher.fetch(requests);

  for (std::size_t i = 0; i < due.size(); ++i) {
    const SourceRecord& source = due[i];
    const FetchResponse& response = responses[i];
    ++summary.checked;
    SourceCheck check;
    check.source_id = source.id;
    check.checked_at = options.now;
    check.next_check_at = options.now + std::max(source.period, kMinSourcePeriod);
    auto failed = [&](std::string why) {
      check.status = SourceStatus::error;
      check.error = std::move(why);
      ++summary.errors;
      store.record_source_check(check);
    };
    ResponseClass answer = classify_response(response, source.body_hash);
    if (answer.kind == ResponseKind::not_modified) {
      check.status = SourceStatus::not_modified;
      store.record_source_check(check);
      continue;
    }
    if (answer.kind == ResponseKind::failed || answer.kind == ResponseKind::gone) {
      failed(answer.why);
      continue;
    }
    const std::string& body_hash = answer.body_hash;
    if (answer.kind == ResponseKind::same_body) {
      check.status = SourceStatus::ok;  // the same document: nothing new in it
      check.etag = response.etag.empty() ? std::nullopt : std::optional<std::string>(response.etag);
      check.last_modified = response.last_modified.empty() ? std::nullopt : std::optional<std::string>(response.last_modified);
      store.record_source_check(check);
      continue;
    }
    std::string base = response.final_url.empty() ? source.url : response.final_url;
    std::vector<SourceItem> items;
    std::vector<std::string> warnings;
    try {
      SourceDocument doc = read_source(response.body, response.content_type, base);
      check.kind = doc.kind;
      if (!doc.warning.empty()) warnings.push_back(doc.warning);
      items = select_items(source, doc);
      // A sitemap index: its sitemaps, one level down, never itself or one seen twice.
      std::set<std::string> seen = {source.url, base};
      std::vector<FetchRequest> children;
      for (const std::string& child : doc.sitemaps)
        if (children.size() < kMaxChildSitemaps && seen.insert(child).second)
          children.push_back({child, "", "", source.host_delay.value_or(-1), source.ignore_robots});
      if (doc.sitemaps.size() > children.size())
        warnings.push_back(std::to_string(doc.sitemaps.size() - children.size()) + " sitemaps skipped (repeated, or past " +
                           std::to_string(kMaxChildSitemaps) + ")");
      std::vector<FetchResponse> child_responses = children.empty() ? std::vector<FetchResponse>{} : fetcher.fetch(children);
      for (std::size_t k = 0; k < children.size(); ++k) {
        const FetchResponse& cr = child_responses[k];
        if (std::string problem = fetch_problem(cr); !problem.empty()) {
          warnings.push_back(children[k].url + ": " + problem);
          continue;
        }
        try {
          SourceDocument child = read_source(cr.body, cr.content_type, cr.final_url.empty() ? children[k].url : cr.final_url);
          if (!child.sitemaps.empty()) warnings.push_back(children[k].url + ": a sitemap index inside an index, not followed");
          std::vector<SourceItem> more = select_items(source, child);
          items.insert(items.end(), more.begin(), more.end());
        } catch (const Error& e) {
          warnings.push_back(e.what());
        }
      }
    } catch (const Error& e) {
      failed(e.what());
      continue;
    }
    std::vector<Store::Mention> mentions;
    std::set<std::string> unique;
    for (const SourceItem& item : items)
      if (unique.insert(item.url).second) mentions.push_back({item.url, item.updated});
    std::vector<Discovery> found = store.discover(mentions, source.id, options.now, kMaxNewPerSource);
    int added = 0, deferred = 0;
    for (Discovery d : found) {
      if (d == Discovery::added) ++added;
      if (d == Discovery::refreshed) ++summary.refreshed;
      if (d == Discovery::reactivated) ++summary.reactivated;
      if (d == Discovery::deferred) ++deferred;
    }
    if (deferred > 0)
      warnings.push_back(std::to_string(deferred) + " more articles listed; tracked on the next passes, " +
                         std::to_string(kMaxNewPerSource) + " at a time");
    summary.new_articles += added;
    check.status = SourceStatus::ok;
    check.found_new = added > 0;
    if (deferred == 0) check.body_hash = body_hash;  // else the same document must be read again
    check.etag = response.etag.empty() ? std::nullopt : std::optional<std::string>(response.etag);
    check.last_modified = response.last_modified.empty() ? std::nullopt : std::optional<std::string>(response.last_modified);
    for (const std::string& w : warnings) check.error += (check.error.empty() ? "" : "; ") + w;
    store.record_source_check(check);
  }
  return summary;
}

std::string describe(const SourcesSummary& s) {
  return "sources: checked " + std::to_string(s.checked) + ", new articles " + std::to_string(s.new_articles) +
         ", due again " + std::to_string(s.refreshed) + ", reactivated " + std::to_string(s.reactivated) +
         ", errors " + std::to_string(s.errors);
}

}  // namespace diffwire
