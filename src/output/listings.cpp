// The listings of the reading commands — log, show, list, blame, changes, source list, extract — as
// text for a terminal (every piece of page text through terminal_safe) and as JSON for programs.
#include "diffwire/listings.hpp"

#include <cstdio>

#include "diffwire/change.hpp"
#include "diffwire/diff_writers.hpp"
#include "diffwire/escape.hpp"
#include "diffwire/schedule.hpp"
#include "output/json.hpp"

namespace diffwire {

std::string render_log_text(const ArticleRecord& a, const std::vector<VersionRecord>& versions,
                            const std::vector<CheckRecord>& checks, const std::vector<EventRecord>& events) {
  std::string out = terminal_safe(a.url) + "\n";
  if (!a.title.empty()) out += terminal_safe(a.title) + "\n";
  out += "Status: " + std::string(a.tracked ? name_of(a.status) : "untracked") + "; tracked since " + format_iso8601(a.added_at);
  if (a.last_checked_at) out += "; last checked " + format_iso8601(*a.last_checked_at);
  if (a.tracked && a.status != ArticleStatus::retired) out += "; next check " + format_iso8601(a.next_check_at);
  out += "\n";
  if (a.status == ArticleStatus::retired)
    out += "Retired: no change in " + describe_duration(a.retire_after.value_or(ScheduleRules{}.retire_after)) +
           "; `diffwire poll --all` still checks it.\n";
  if (!a.last_error.empty()) out += "Last error: " + terminal_safe(a.last_error) + "\n";
  int changes = count_real_changes(versions);
  out += "The article has changed " + std::to_string(changes) + (changes == 1 ? " time" : " times") + "\n";
  int failed = 0, suspect = 0;
  const CheckRecord* last_suspect = nullptr;
  for (const auto& c : checks) {
    if (c.outcome == CheckOutcome::suspect) {
      ++suspect;
      last_suspect = &c;
    } else if (!c.error.empty()) {
      ++failed;
    }
  }
  out += std::to_string(checks.size()) + " checks, " + std::to_string(failed) + " failed";
  if (suspect) out += ", " + std::to_string(suspect) + " suspect (held back, not versions)";
  out += "\n";
  if (last_suspect)
    out += "Last suspect check " + format_iso8601(last_suspect->checked_at) + ": " + terminal_safe(last_suspect->error) + "\n";
  for (const EventRecord& e : events) {
    const char* what = e.kind == EventKind::url_changed ? "URL changed"
                       : e.kind == EventKind::merged    ? "Merged"
                       : e.kind == EventKind::merged_in ? "Merged in"
                                                        : "Move refused";
    out += std::string(what) + " " + format_iso8601(e.at) + ": " + terminal_safe(e.detail) + "\n";
  }
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const VersionRecord& v = versions[i];
    out += "\n" + version_label(v.number) + "  " + format_iso8601(v.fetched_at);
    if (i > 0) out += "  (" + describe_later(v.fetched_at - versions[i - 1].fetched_at) + ")";
    out += "\n  " + terminal_safe(v.article.title);
    if (!v.final_url.empty() && v.final_url != a.url) out += "\n  at " + terminal_safe(v.final_url);  // redirected
    if (v.rebaseline) out += "\n  re-baseline: re-extracted with " + terminal_safe(v.article.method) + "; not a change";
    if (v.reverted_to > 0) out += "\n  reverted to " + version_label(v.reverted_to);
    out += "\n  " + std::to_string(v.article.paragraphs.size()) + " paragraphs";
    if (i > 0)
      out += "  +" + std::to_string(v.stats.added) + " −" + std::to_string(v.stats.removed) + " ~" +
             std::to_string(v.stats.changed) + (v.stats.moved ? " ↕" + std::to_string(v.stats.moved) : "");
    if (!v.classes.empty()) out += "  [" + join_classes(v.classes) + "]";
    out += "\n";
  }
  return out;
}

std::string render_log_json(const ArticleRecord& a, const std::vector<VersionRecord>& versions,
                            const std::vector<EventRecord>& events) {
  json j;
  j["url"] = a.url;
  j["title"] = a.title;
  j["status"] = a.tracked ? name_of(a.status) : "untracked";
  j["changes"] = count_real_changes(versions);
  json vs = json::array();
  for (const auto& v : versions)
    vs.push_back({{"version", v.number},
                  {"fetched_at", format_iso8601(v.fetched_at)},
                  {"title", v.article.title},
                  {"paragraphs", v.article.paragraphs.size()},
                  {"added", v.stats.added},
                  {"removed", v.stats.removed},
                  {"changed", v.stats.changed},
                  {"moved", v.stats.moved},
                  {"classes", v.classes},
                  {"reverted_to", v.reverted_to > 0 ? json(v.reverted_to) : json(nullptr)},
                  {"url", v.final_url},
                  {"extractor", v.article.method},
                  {"rebaseline", v.rebaseline}});
  j["versions"] = std::move(vs);
  json es = json::array();
  for (const EventRecord& e : events) es.push_back({{"at", format_iso8601(e.at)}, {"kind", name_of(e.kind)}, {"detail", e.detail}});
  j["events"] = std::move(es);
  return dump(j);
}

std::string render_show_text(const VersionRecord& v) {
  std::string out = terminal_safe(v.article.title) + "\n";
  for (const auto& p : v.article.paragraphs) out += terminal_safe(p) + "\n";
  return out;
}

std::string render_show_json(const std::string& url, const VersionRecord& v) {
  json j = {{"url", url},
            {"version", v.number},
            {"fetched_at", format_iso8601(v.fetched_at)},
            {"final_url", v.final_url},
            {"title", v.article.title},
            {"byline", v.article.byline},
            {"published", v.article.published},
            {"modified", v.article.modified},
            {"extractor", v.article.method},
            {"paragraphs", v.article.paragraphs}};
  return dump(j);
}

std::string render_list_text(const std::vector<ArticleRecord>& articles) {
  if (articles.empty()) return "No articles tracked. Start with: diffwire track URL\n";
  std::string out;
  for (const auto& a : articles) {
    out += terminal_safe(a.url) + "\n  " + (a.title.empty() ? std::string("(no version yet)") : terminal_safe(a.title)) +
           "\n  " + std::to_string(a.versions) + (a.versions == 1 ? " version" : " versions") + "; " + name_of(a.status) +
           "; last checked " + (a.last_checked_at ? format_iso8601(*a.last_checked_at) : std::string("never")) +
           "; next check " + (a.status == ArticleStatus::retired ? std::string("— (retired)") : format_iso8601(a.next_check_at)) + "\n";
    if (!a.last_error.empty()) out += "  last error: " + terminal_safe(a.last_error) + "\n";
  }
  return out;
}

std::string render_list_json(const std::vector<ArticleRecord>& articles) {
  json arr = json::array();
  for (const auto& a : articles)
    arr.push_back({{"url", a.url},
                   {"title", a.title},
                   {"versions", a.versions},
                   {"status", name_of(a.status)},
                   {"last_checked", a.last_checked_at ? json(format_iso8601(*a.last_checked_at)) : json(nullptr)},
                   {"next_check", format_iso8601(a.next_check_at)},
                   {"last_error", a.last_error}});
  return dump(arr);
}

std::string render_article_text(const Article& a) {
  std::string out = "Title: " + terminal_safe(a.title) + "\n";
  if (!a.byline.empty()) out += "Byline: " + terminal_safe(a.byline) + "\n";
  if (!a.published.empty()) out += "Published: " + terminal_safe(a.published) + "\n";
  if (!a.modified.empty()) out += "Modified: " + terminal_safe(a.modified) + "\n";
  out += "Paragraphs: " + std::to_string(a.paragraphs.size()) + " (" + a.method + ")\n";
  for (const auto& p : a.paragraphs) out += "\n" + terminal_safe(p) + "\n";
  return out;
}

std::string render_article_json(const Article& a) {
  json j = {{"title", a.title},       {"byline", a.byline},         {"published", a.published},
            {"modified", a.modified}, {"paragraphs", a.paragraphs}, {"extractor", a.method}};
  return dump(j);
}

std::string render_sources_text(const std::vector<SourceRecord>& sources) {
  if (sources.empty()) return "no sources (add one with: diffwire source add NAME URL)\n";
  std::string out;
  for (const SourceRecord& s : sources) {
    out += terminal_safe(s.name) + "  " + terminal_safe(s.url) + "\n  " + (s.kind.empty() ? "not read yet" : s.kind) +
           "; every " + describe_duration(s.period) + "; " + std::to_string(s.articles) +
           (s.articles == 1 ? " article" : " articles") + "; " + name_of(s.status);
    if (s.last_checked_at) out += "; last checked " + format_iso8601(*s.last_checked_at);
    out += "; next check " + format_iso8601(s.next_check_at) + "\n";
    if (!s.include.empty()) out += "  include: " + terminal_safe(s.include) + "\n";
    if (!s.exclude.empty()) out += "  exclude: " + terminal_safe(s.exclude) + "\n";
    if (s.first_interval || s.factor || s.retire_after) {
      out += "  schedule:";
      if (s.first_interval) out += " first interval " + describe_duration(*s.first_interval) + ";";
      if (s.factor) {
        char f[32];
        std::snprintf(f, sizeof f, "%g", *s.factor);
        out += std::string(" factor ") + f + ";";
      }
      if (s.retire_after) out += " retire after " + describe_duration(*s.retire_after) + ";";
      out.back() = '\n';
    }
    if (s.last_new_at) out += "  last new article: " + format_iso8601(*s.last_new_at) + "\n";
    if (!s.last_error.empty()) out += "  " + std::string(s.status == SourceStatus::error ? "last error: " : "note: ") + terminal_safe(s.last_error) + "\n";
  }
  return out;
}

std::string render_sources_json(const std::vector<SourceRecord>& sources) {
  json out = json::array();
  auto when = [](const std::optional<Seconds>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); };
  for (const SourceRecord& s : sources)
    out.push_back({{"name", s.name}, {"url", s.url}, {"kind", s.kind}, {"include", s.include}, {"exclude", s.exclude},
                   {"every_s", s.period}, {"articles", s.articles}, {"status", name_of(s.status)},
                   {"last_checked", when(s.last_checked_at)}, {"next_check", format_iso8601(s.next_check_at)},
                   {"last_new", when(s.last_new_at)}, {"last_error", s.last_error},
                   {"first_interval_s", s.first_interval ? json(*s.first_interval) : json(nullptr)},
                   {"factor", s.factor ? json(*s.factor) : json(nullptr)},
                   {"retire_after_s", s.retire_after ? json(*s.retire_after) : json(nullptr)}});
  return dump(out);
}


std::string render_changes_text(const std::vector<ChangeEntry>& changes, Seconds since) {
  if (changes.empty()) return "no changes since " + format_iso8601(since) + "\n";
  std::string out;
  for (const ChangeEntry& c : changes) {
    const VersionRecord& v = c.version;
    out += format_iso8601(v.fetched_at) + "  " + terminal_safe(c.url) + "  version " + std::to_string(v.number);
    if (!v.classes.empty()) out += "  [" + join_classes(v.classes) + "]";
    out += "\n  " + terminal_safe(v.article.title) + "\n";
  }
  return out;
}

std::string render_changes_json(const std::vector<ChangeEntry>& changes) {
  json out = json::array();
  for (const ChangeEntry& c : changes) {
    const VersionRecord& v = c.version;
    out.push_back({{"url", c.url}, {"version", v.number}, {"fetched_at", format_iso8601(v.fetched_at)},
                   {"title", v.article.title}, {"classes", v.classes}, {"added", v.stats.added},
                   {"removed", v.stats.removed}, {"changed", v.stats.changed}, {"moved", v.stats.moved}});
  }
  return dump(out);
}

std::string render_blame_text(const std::vector<BlamedParagraph>& paragraphs) {
  std::string out;
  for (const BlamedParagraph& p : paragraphs)
    out += "v" + std::to_string(p.since) + "  " + format_iso8601(p.since_at) + "  " + terminal_safe(p.text) + "\n";
  return out;
}

std::string render_blame_json(const std::string& url, const std::vector<BlamedParagraph>& paragraphs) {
  json list = json::array();
  for (const BlamedParagraph& p : paragraphs)
    list.push_back({{"text", p.text}, {"since_version", p.since}, {"since", format_iso8601(p.since_at)}});
  return dump(json{{"url", url}, {"paragraphs", std::move(list)}});
}


std::string render_reextraction_text(const ArticleReextraction& r, bool color) {
  const VersionRecord& latest = r.latest;
  std::string out = terminal_safe(r.article.url) + ": version " + std::to_string(latest.number) + " (" +
                    terminal_safe(latest.article.method) + ")";
  switch (r.reading.outcome) {
    case Reextraction::Outcome::same: return out + " reads the same with " + r.reading.article.method + "\n";
    case Reextraction::Outcome::no_page:
    case Reextraction::Outcome::no_article:
    case Reextraction::Outcome::refused: return out + " skipped: " + terminal_safe(r.reading.why) + "\n";
    case Reextraction::Outcome::changed: break;
  }
  VersionDiff d = make_article_diff(latest.article, r.reading.article);
  DiffStats stats = count_changes(d.ops);
  out += " reads differently with " + r.reading.article.method + ": " + std::to_string(stats.changed) + " changed, " +
         std::to_string(stats.added) + " added, " + std::to_string(stats.removed) + " removed";
  out += r.recorded ? "; recorded as re-baseline version " + std::to_string(latest.number + 1) + "\n"
                    : " (dry run: not recorded)\n";
  return out + render_diff_text(d, color);
}

std::string render_reextract_summary(const ReextractSummary& s, bool dry_run) {
  return "re-extracted " + std::to_string(s.changed + s.same + s.skipped) + ": " + std::to_string(s.changed) +
         " read differently, " + std::to_string(s.same) + " the same, " + std::to_string(s.skipped) + " skipped" +
         (dry_run && s.changed ? " (dry run: nothing recorded)" : "") + "\n";
}

}  // namespace diffwire
