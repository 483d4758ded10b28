// What is remembered of each host between polls (robots.txt, back-off), each poll run, and the
// health report `status` reads.
#include <algorithm>
#include <map>
#include <vector>

#include "diffwire/store.hpp"
#include "store/store_impl.hpp"

namespace diffwire {

std::vector<HostRecord> Store::hosts() {
  Statement& s = impl_->db->prepare(
      "SELECT origin, robots_status, robots, robots_error, robots_expires_at, backoff_until, backoff_reason FROM hosts");
  std::vector<HostRecord> out;
  while (s.step())
    out.push_back({s.text_at(0), static_cast<long>(s.int_at(1)), s.text_at(2), s.text_at(3), s.int_at(4), s.int_at(5), s.text_at(6)});
  s.reset();
  return out;
}

void Store::save_hosts(const std::vector<HostRecord>& hosts) {
  if (hosts.empty()) return;
  Database& db = *impl_->db;
  Transaction tx(db);
  for (const HostRecord& h : hosts)
    db.prepare("INSERT INTO hosts (origin, robots_status, robots, robots_error, robots_expires_at, "
               "backoff_until, backoff_reason) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET "
               "robots_status = excluded.robots_status, robots = excluded.robots, robots_error = excluded.robots_error, "
               "robots_expires_at = excluded.robots_expires_at, backoff_until = excluded.backoff_until, "
               "backoff_reason = excluded.backoff_reason")
        .bind(1, h.origin).bind(2, static_cast<std::int64_t>(h.robots_status)).bind(3, h.robots).bind(4, h.robots_error)
        .bind(5, h.robots_expires_at).bind(6, h.backoff_until).bind(7, h.backoff_reason).run();
  tx.commit();
}

// --- runs and health --------------------------------------------------------------------------------

void Store::record_run(Seconds started_at, Seconds finished_at, const std::string& summary) {
  impl_->db->prepare("INSERT INTO runs (started_at, finished_at, summary) VALUES (?, ?, ?)")
      .bind(1, started_at).bind(2, finished_at).bind(3, summary).run();
}

std::optional<Store::Run> Store::last_run() {
  Statement& s = impl_->db->prepare("SELECT started_at, finished_at, summary FROM runs ORDER BY id DESC LIMIT 1");
  std::optional<Run> out;
  if (s.step()) out = Run{s.int_at(0), s.int_at(1), s.text_at(2)};
  s.reset();
  return out;
}

Store::Health Store::health(Seconds now, Seconds since) {
  Health h;
  Statement& counts = impl_->db->prepare(
      "SELECT coalesce(sum(CASE WHEN tracked = 1 AND status != 'retired' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN tracked = 1 AND status != 'retired' AND next_check_at <= ?1 THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN tracked = 1 AND status = 'retired' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN tracked = 0 THEN 1 ELSE 0 END), 0), "
      "(SELECT count(*) FROM sources) FROM articles");
  counts.bind(1, now);
  if (counts.step()) {
    h.tracked = static_cast<int>(counts.int_at(0));
    h.due = static_cast<int>(counts.int_at(1));
    h.retired = static_cast<int>(counts.int_at(2));
    h.untracked = static_cast<int>(counts.int_at(3));
    h.sources = static_cast<int>(counts.int_at(4));
  }
  counts.reset();
  Statement& errors = impl_->db->prepare(
      "SELECT a.url, count(*) FROM checks c JOIN articles a ON a.id = c.article_id "
      "WHERE c.checked_at >= ? AND c.error IS NOT NULL AND c.outcome NOT IN ('suspect', 'removed') GROUP BY a.url");
  errors.bind(1, since);
  while (errors.step()) h.errors_by_url.push_back({errors.text_at(0), static_cast<int>(errors.int_at(1))});
  errors.reset();
  return h;
}

}  // namespace diffwire
