// `diffwire status`: the store's health at a glance, for whoever owns the cron job — what is tracked
// and due, the last run, failed checks by host, and warnings for what has gone quiet.
#include "diffwire/status.hpp"

#include <algorithm>
#include <map>

#include "diffwire/error.hpp"
#include "diffwire/escape.hpp"
#include "diffwire/url.hpp"
#include "output/json.hpp"

namespace diffwire {

StatusReport make_status(Store& store, const std::string& path, Seconds now) {
  StatusReport r;
  r.store = path;
  r.now = now;
  r.health = store.health(now, now - 86400);
  r.last_run = store.last_run();
  std::map<std::string, StatusReport::HostErrors> by_host;
  for (const auto& [url, n] : r.health.errors_by_url) {
    std::string host;
    try {
      UrlParts p = parse_http_url(url);
      host = p.host + (p.port.empty() ? "" : ":" + p.port);
    } catch (const Error&) {
      host = url;
    }
    auto& e = by_host[host];
    e.host = host;
    e.checks += n;
    e.articles += 1;
  }
  for (auto& [host, e] : by_host) r.errors.push_back(e);
  std::stable_sort(r.errors.begin(), r.errors.end(), [](const auto& a, const auto& b) { return a.checks > b.checks; });
  for (const SourceRecord& s : store.sources()) {
    Seconds last = s.last_new_at.value_or(s.added_at);
    if (now - last >= 86400)
      r.warnings.push_back("source " + s.name + " found no new article in the last 24 hours" +
                           (s.last_new_at ? " (last one " + format_iso8601(*s.last_new_at) + ")" : " (none yet)") +
                           (s.status == SourceStatus::error ? "; last error: " + s.last_error : ""));
  }
  if (!r.last_run) r.warnings.push_back("no poll has run yet (see README: From cron)");
  else if (now - r.last_run->finished_at > 86400)
    r.warnings.push_back("no poll for " + describe_duration(now - r.last_run->finished_at) + ": is the cron job running?");
  return r;
}

std::string render_status_text(const StatusReport& r) {
  const Store::Health& h = r.health;
  std::string out = "Store: " + terminal_safe(r.store) + "\n";
  out += "Articles: " + std::to_string(h.tracked) + " tracked, " + std::to_string(h.due) + " due now, " +
         std::to_string(h.retired) + " retired";
  if (h.untracked) out += ", " + std::to_string(h.untracked) + " untracked or merged";
  out += "\nSources: " + std::to_string(h.sources) + "\n";
  if (r.last_run) {
    out += "Last run: " + format_iso8601(r.last_run->started_at) + ", " +
           describe_duration(r.last_run->finished_at - r.last_run->started_at) + " (" +
           describe_duration(r.now - r.last_run->finished_at) + " ago)\n";
    const std::string& summary = r.last_run->summary;
    for (std::size_t at = 0; at < summary.size();) {
      std::size_t nl = summary.find('\n', at);
      out += "  " + terminal_safe(summary.substr(at, nl == std::string::npos ? std::string::npos : nl - at)) + "\n";
      at = nl == std::string::npos ? summary.size() : nl + 1;
    }
  } else {
    out += "Last run: never\n";
  }
  if (r.errors.empty()) {
    out += "Errors in the last 24 hours: none\n";
  } else {
    out += "Errors in the last 24 hours, by host:\n";
    for (const auto& e : r.errors)
      out += "  " + terminal_safe(e.host) + ": " + std::to_string(e.checks) + (e.checks == 1 ? " failed check" : " failed checks") +
             " (" + std::to_string(e.articles) + (e.articles == 1 ? " article)" : " articles)") + "\n";
  }
  for (const std::string& w : r.warnings) out += "Warning: " + terminal_safe(w) + "\n";
  return out;
}

std::string render_status_json(const StatusReport& r) {
  json j;
  j["store"] = r.store;
  j["tracked"] = r.health.tracked;
  j["due"] = r.health.due;
  j["retired"] = r.health.retired;
  j["untracked"] = r.health.untracked;
  j["sources"] = r.health.sources;
  j["last_run"] = r.last_run ? json{{"started_at", format_iso8601(r.last_run->started_at)},
                                    {"finished_at", format_iso8601(r.last_run->finished_at)},
                                    {"summary", r.last_run->summary}}
                             : json(nullptr);
  json errors = json::array();
  for (const auto& e : r.errors) errors.push_back({{"host", e.host}, {"failed_checks", e.checks}, {"articles", e.articles}});
  j["errors_last_24h"] = std::move(errors);
  j["warnings"] = r.warnings;
  return dump(j);
}

}  // namespace diffwire
