// A poll's batch of check results, written in one transaction (commit cost, not row count, dominates
// write time): each check's row, the version it made, the article's new state and schedule, and the
// URL its page claims — moving the article there, or merging it into the article already there.
// A result whose lease another poll took over meanwhile is dropped.
#include <algorithm>
#include <map>
#include <vector>

#include "diffwire/store.hpp"
#include "store/store_impl.hpp"
#include "diffwire/change.hpp"

namespace diffwire {

namespace {

void add_event(Database& db, std::int64_t article_id, Seconds at, EventKind kind, const std::string& detail) {
  db.prepare("INSERT INTO events (article_id, at, kind, detail) VALUES (?, ?, ?, ?)")
      .bind(1, article_id).bind(2, at).bind(3, std::string_view(name_of(kind))).bind(4, detail).run();
}

void set_alias(Database& db, const std::string& url, std::int64_t article_id, Seconds since) {
  db.prepare("INSERT INTO url_aliases (url, article_id, since) VALUES (?, ?, ?) "
             "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id, since = excluded.since")
      .bind(1, url).bind(2, article_id).bind(3, since).run();
}

// See CheckResult::new_url. Inside record()'s transaction, after the check itself is written.
void apply_new_url(Database& db, const CheckResult& r) {
  const std::string& to = *r.new_url;
  Seconds at = r.check.checked_at;
  Statement& self = db.prepare("SELECT url FROM articles WHERE id = ?");
  self.bind(1, r.article_id);
  if (!self.step()) {
    self.reset();
    return;
  }
  std::string from = self.text_at(0);
  self.reset();
  Statement& owner = db.prepare(
      "SELECT id, url FROM articles WHERE url = ?1 UNION ALL "
      "SELECT a.id, a.url FROM url_aliases u JOIN articles a ON a.id = u.article_id WHERE u.url = ?1 LIMIT 1");
  owner.bind(1, to);
  std::optional<std::pair<std::int64_t, std::string>> other;
  if (owner.step()) other = {owner.int_at(0), owner.text_at(1)};
  owner.reset();
  std::string why = " (" + r.new_url_reason + ")";
  if (!other) {
    db.prepare("UPDATE articles SET url = ? WHERE id = ?").bind(1, to).bind(2, r.article_id).run();
    set_alias(db, from, r.article_id, at);
    add_event(db, r.article_id, at, EventKind::url_changed, from + " → " + to + why);
    return;
  }
  if (other->first == r.article_id) return;
  // Merge only when the claimed URL answered with this story just now, or when the rule (change.hpp)
  // says the article already there is this story.
  Statement& title = db.prepare("SELECT title FROM versions WHERE article_id = ? ORDER BY number DESC LIMIT 1");
  title.bind(1, other->first);
  std::optional<std::string> their_title;
  if (title.step()) their_title = title.text_at(0);
  title.reset();
  if (r.new_url_evidence != CheckResult::UrlEvidence::answered && !same_story(their_title, r.page_title)) return;
  db.prepare("UPDATE articles SET tracked = 0, status = 'merged', last_error = ? WHERE id = ?")
      .bind(1, "same story as " + other->second + why).bind(2, r.article_id).run();
  set_alias(db, from, other->first, at);
  add_event(db, r.article_id, at, EventKind::merged, "same story as " + other->second + why);
  add_event(db, other->first, at, EventKind::merged_in, from + " is the same story" + why);
}

}  // namespace

std::vector<CheckRecord> Store::checks(std::int64_t article_id) {
  Statement& s = impl_->db->prepare(
      "SELECT checked_at, http_status, bytes, duration_ms, outcome, coalesce(error, '') FROM checks "
      "WHERE article_id = ? ORDER BY checked_at, id");
  s.bind(1, article_id);
  std::vector<CheckRecord> out;
  while (s.step())
    out.push_back({s.int_at(0), static_cast<long>(s.int_at(1)), s.int_at(2), s.int_at(3), check_outcome_named(s.text_at(4)),
                   s.text_at(5)});
  s.reset();
  return out;
}

namespace {
// The version the check made (or re-baselined), the article's new state, its URL: all but the check
// row itself, which record() writes for the whole batch at once.
std::optional<std::int64_t> record_one(Database& db, const CheckResult& r) {
  std::optional<std::int64_t> version_id;
  if (r.rebaseline) version_id = insert_version(db, r.article_id, *r.rebaseline);
  if (r.new_version) version_id = insert_version(db, r.article_id, *r.new_version);
  const CheckRecord& c = r.check;
  db.prepare(
        "UPDATE articles SET last_checked_at = ?2, next_check_at = ?3, interval_s = ?4, status = ?5, "
        "last_error = ?6, etag = coalesce(?7, etag), last_modified = coalesce(?8, last_modified), "
        "body_hash = coalesce(?9, body_hash), "
        "last_changed_at = CASE WHEN ?10 THEN ?2 ELSE last_changed_at END, suspect_checks = ?11, lease_until = 0 "
        "WHERE id = ?1")
      .bind(1, r.article_id).bind(2, c.checked_at).bind(3, r.next_check_at).bind(4, r.interval)
      .bind(5, std::string_view(name_of(r.status))).bind(6, maybe(c.error)).bind(7, r.etag).bind(8, r.last_modified)
      .bind(9, r.body_hash).bind(10, static_cast<std::int64_t>(r.new_version.has_value()))
      .bind(11, static_cast<std::int64_t>(r.suspect_checks)).run();
  if (r.new_url && r.new_url_evidence != CheckResult::UrlEvidence::unverified) apply_new_url(db, r);
  if (!r.refused_url.empty()) {
    db.prepare("UPDATE articles SET refused_url = ?, refused_url_at = ? WHERE id = ?")
        .bind(1, r.refused_url).bind(2, c.checked_at).bind(3, r.article_id).run();
    if (!r.refused_before)
      add_event(db, r.article_id, c.checked_at, EventKind::move_refused,
                r.refused_url + " " + r.refused_why + "; the article stays at the URL that works");
  }
  return version_id;
}

// Who holds each article of a batch now (its lease owner, "" for none), in one query per chunk.
std::map<std::int64_t, std::string> lease_owners(Database& db, const std::vector<CheckResult>& results) {
  std::map<std::int64_t, std::string> out;
  std::vector<std::int64_t> ids;
  for (const CheckResult& r : results)
    if (!r.lease.empty()) ids.push_back(r.article_id);
  for (std::size_t start = 0; start < ids.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, ids.size() - start);
    auto s = db.statement("SELECT id, coalesce(lease_owner, '') FROM articles WHERE id IN (" + placeholders("?", n) + ")");
    for (std::size_t i = 0; i < n; ++i) s->bind(static_cast<int>(i + 1), ids[start + i]);
    while (s->step()) out[s->int_at(0)] = s->text_at(1);
  }
  return out;
}

void insert_checks(Database& db, const std::vector<std::pair<const CheckResult*, std::optional<std::int64_t>>>& rows) {
  for (std::size_t start = 0; start < rows.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, rows.size() - start);
    auto add = db.statement(
        "INSERT INTO checks (article_id, checked_at, http_status, bytes, duration_ms, outcome, error, version_id) VALUES " +
        placeholders("(?, ?, ?, ?, ?, ?, ?, ?)", n));
    for (std::size_t i = 0; i < n; ++i) {
      const CheckResult& r = *rows[start + i].first;
      const CheckRecord& c = r.check;
      int k = static_cast<int>(8 * i);
      add->bind(k + 1, r.article_id).bind(k + 2, c.checked_at).bind(k + 3, static_cast<std::int64_t>(c.http_status))
          .bind(k + 4, c.bytes).bind(k + 5, c.duration_ms).bind(k + 6, std::string_view(name_of(c.outcome))).bind(k + 7, maybe(c.error))
          .bind(k + 8, rows[start + i].second);
    }
    add->run();
  }
}
}  // namespace

void Store::record(const std::vector<CheckResult>& results) {
  if (results.empty()) return;
  Database& db = *impl_->db;
  retry_conflicts([&] {
    Transaction tx(db);
    std::map<std::int64_t, std::string> owners = lease_owners(db, results);
    std::vector<std::pair<const CheckResult*, std::optional<std::int64_t>>> checks;
    for (const CheckResult& r : results) {
      // Another poll claimed the article after this poll's lease ran out: its check counts, not ours.
      if (!r.lease.empty() && owners[r.article_id] != r.lease) continue;
      checks.emplace_back(&r, record_one(db, r));
    }
    insert_checks(db, checks);
    tx.commit();
  });
}

}  // namespace diffwire
