// Sources (feeds, sitemaps, section pages) and what their mentions of articles do: track a new one,
// bring a retired one back, check one the source says was updated.
#include <algorithm>
#include <map>
#include <vector>

#include "diffwire/store.hpp"
#include "store/store_impl.hpp"

namespace diffwire {

namespace {

constexpr const char* kSourceColumns =
    "s.id, s.name, s.url, s.include_re, s.exclude_re, s.period_s, s.added_at, s.next_check_at, "
    "s.last_checked_at, s.last_new_at, s.kind, s.status, s.last_error, s.etag, s.last_modified, s.body_hash, "
    "(SELECT count(*) FROM articles a WHERE a.source_id = s.id AND a.tracked = 1), s.first_interval_s, s.factor, "
    "s.retire_after_s, s.host_delay_s, s.ignore_robots FROM sources s ";

SourceRecord read_source_row(const Statement& s) {
  SourceRecord r;
  r.id = s.int_at(0);
  r.name = s.text_at(1);
  r.url = s.text_at(2);
  r.include = s.text_at(3);
  r.exclude = s.text_at(4);
  r.period = s.int_at(5);
  r.added_at = s.int_at(6);
  r.next_check_at = s.int_at(7);
  if (!s.null_at(8)) r.last_checked_at = s.int_at(8);
  if (!s.null_at(9)) r.last_new_at = s.int_at(9);
  r.kind = s.text_at(10);
  r.status = source_status_named(s.text_at(11));
  r.last_error = s.text_at(12);
  if (!s.null_at(13)) r.etag = s.text_at(13);
  if (!s.null_at(14)) r.last_modified = s.text_at(14);
  if (!s.null_at(15)) r.body_hash = s.text_at(15);
  r.articles = static_cast<int>(s.int_at(16));
  if (!s.null_at(17)) r.first_interval = s.int_at(17);
  if (!s.null_at(18)) r.factor = s.double_at(18);
  if (!s.null_at(19)) r.retire_after = s.int_at(19);
  if (!s.null_at(20)) r.host_delay = s.double_at(20);
  r.ignore_robots = s.int_at(21) != 0;
  return r;
}

std::vector<SourceRecord> read_sources(Statement& s) {
  std::vector<SourceRecord> out;
  while (s.step()) out.push_back(read_source_row(s));
  s.reset();
  return out;
}

}  // namespace

bool Store::add_source(const SourceRecord& r) {
  Database& db = *impl_->db;
  db.prepare("INSERT INTO sources (name, url, include_re, exclude_re, period_s, added_at, next_check_at, "
             "first_interval_s, factor, retire_after_s, host_delay_s, ignore_robots) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (name) DO NOTHING")
      .bind(1, r.name).bind(2, r.url).bind(3, r.include).bind(4, r.exclude).bind(5, r.period).bind(6, r.added_at)
      .bind(7, r.first_interval).bind(8, r.factor).bind(9, r.retire_after).bind(10, r.host_delay)
      .bind(11, static_cast<std::int64_t>(r.ignore_robots)).run();
  return db.changes() > 0;
}

bool Store::remove_source(const std::string& name) {
  Database& db = *impl_->db;
  Transaction tx(db);
  db.prepare("UPDATE articles SET source_id = NULL WHERE source_id = (SELECT id FROM sources WHERE name = ?)")
      .bind(1, name).run();
  db.prepare("DELETE FROM sources WHERE name = ?").bind(1, name).run();
  bool removed = db.changes() > 0;
  tx.commit();
  return removed;
}

std::vector<SourceRecord> Store::sources() {
  static const std::string sql = std::string("SELECT ") + kSourceColumns + "ORDER BY s.name";
  return read_sources(impl_->db->prepare(sql.c_str()));
}

std::vector<SourceRecord> Store::due_sources(Seconds now, bool all) {
  static const std::string sql =
      std::string("SELECT ") + kSourceColumns + "WHERE ?2 OR s.next_check_at <= ?1 ORDER BY s.next_check_at, s.id";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, now).bind(2, static_cast<std::int64_t>(all));
  return read_sources(s);
}

std::vector<Discovery> Store::discover(const std::vector<Mention>& mentions, std::int64_t source_id, Seconds now,
                                       std::size_t max_new) {
  Database& db = *impl_->db;
  Transaction tx(db);
  std::vector<Discovery> out;
  std::size_t added = 0;
  for (const Mention& m : mentions) {
    std::string url = alias_of(m.url).value_or(m.url);
    Statement& find = db.prepare(
        "SELECT id, tracked, status, last_checked_at, source_updated, next_check_at FROM articles WHERE url = ?");
    find.bind(1, url);
    if (!find.step()) {
      find.reset();
      if (added >= max_new) {
        out.push_back(Discovery::deferred);
        continue;
      }
      ++added;
      db.prepare("INSERT INTO articles (url, added_at, next_check_at, interval_s, last_changed_at, source_id, "
                 "source_updated) VALUES (?1, ?2, ?2, ?5, ?2, ?3, ?4)")
          .bind(1, url).bind(2, now).bind(3, source_id).bind(4, m.updated).bind(5, kFirstInterval).run();
      out.push_back(Discovery::added);
      continue;
    }
    std::int64_t id = find.int_at(0);
    bool tracked = find.int_at(1) != 0;
    ArticleStatus status = article_status_named(find.text_at(2));
    Seconds last_checked = find.null_at(3) ? 0 : find.int_at(3);
    std::optional<Seconds> known_update;
    if (!find.null_at(4)) known_update = find.int_at(4);
    Seconds next_check = find.int_at(5);
    find.reset();
    bool newer = m.updated && (!known_update || *m.updated > *known_update);
    if (newer)
      db.prepare("UPDATE articles SET source_updated = ? WHERE id = ?").bind(1, m.updated).bind(2, id).run();
    if (!tracked) {
      out.push_back(Discovery::untracked);  // the user's choice stands
    } else if (status == ArticleStatus::retired) {
      db.prepare("UPDATE articles SET status = 'ok', next_check_at = ?2, interval_s = ?3, last_changed_at = ?2 "
                 "WHERE id = ?1")
          .bind(1, id).bind(2, now).bind(3, kFirstInterval).run();
      out.push_back(Discovery::reactivated);
    } else if (newer && *m.updated > last_checked && next_check > now) {
      db.prepare("UPDATE articles SET next_check_at = ?2 WHERE id = ?1").bind(1, id).bind(2, now).run();
      out.push_back(Discovery::refreshed);
    } else {
      out.push_back(Discovery::known);
    }
  }
  tx.commit();
  return out;
}

void Store::record_source_check(const SourceCheck& c) {
  impl_->db->prepare("UPDATE sources SET last_checked_at = ?2, next_check_at = ?3, status = ?4, last_error = ?5, "
               "kind = CASE WHEN ?6 = '' THEN kind ELSE ?6 END, etag = coalesce(?7, etag), "
               "last_modified = coalesce(?8, last_modified), body_hash = coalesce(?9, body_hash), "
               "last_new_at = CASE WHEN ?10 THEN ?2 ELSE last_new_at END WHERE id = ?1")
      .bind(1, c.source_id).bind(2, c.checked_at).bind(3, c.next_check_at).bind(4, std::string_view(name_of(c.status))).bind(5, maybe(c.error))
      .bind(6, c.kind).bind(7, c.etag).bind(8, c.last_modified).bind(9, c.body_hash)
      .bind(10, static_cast<std::int64_t>(c.found_new)).run();
}

}  // namespace diffwire
