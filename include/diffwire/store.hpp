// The store: tracked articles, every distinct version, and every check — in one SQLite file (WAL), or
// in a PostgreSQL database that several pollers share. The engines stay private (src/store/sql.hpp); this
// header speaks in diffwire's own types.
#pragma once
#include <cstdint>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diffwire/records.hpp"

namespace diffwire {

// How a command opens the store; the one place that decides is Store::open.
enum class OpenMode {
  create,      // made (with its directory) when it does not exist yet: track, poll, source add
  must_exist,  // a store that does not exist yet is an error ("no store"), and nothing is created
  read_only,   // must exist, and this connection refuses to write: the commands that only read
};

class Store {
 public:
  // A file path (or "sqlite:PATH"; ":memory:" for tests) or a "postgresql://…" URL. Applies the
  // migrations the store lacks, whatever the mode.
  static Store open(const std::string& target, OpenMode mode = OpenMode::create);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version();
  // Statements sent to the engine so far (a round trip each on PostgreSQL): for tests and benches.
  std::uint64_t statements_run() const;
  const std::string& name() const;  // the file, or the URL without its password
  bool track(const std::string& url, Seconds now);  // false when already tracked (and not retired)
  bool untrack(const std::string& url);             // false when not tracked
  std::vector<ArticleRecord> articles();            // tracked ones, by URL
  std::optional<ArticleRecord> article(const std::string& url);  // by its URL or a former one
  std::optional<ArticleRecord> tracked_article(std::int64_t id);  // one of articles(), by id
  // The URL of the article a former URL now belongs to; nullopt when url is no alias.
  std::optional<std::string> alias_of(const std::string& url);
  std::vector<EventRecord> events(std::int64_t article_id);
  // How many articles are due at `now` (with `all`, every tracked one); Store::claim hands them out.
  std::size_t count_due(Seconds now, bool all);
  // Leases (several pollers on one store): claims up to `limit` of the articles due at `now` (with
  // `all`, every tracked one) that no live lease holds and `owner` has not checked yet, for `owner`
  // until `lease_until` (wall clock, Unix seconds: `wall_now` says when that is now). PostgreSQL
  // skips rows another poll is claiming at that moment (FOR UPDATE SKIP LOCKED), so two polls never
  // claim one article. The results a poll records carry its owner (CheckResult::lease); a result
  // whose article another poll has claimed since is dropped.
  std::vector<ArticleRecord> claim(const std::string& owner, Seconds now, bool all, std::size_t limit, Seconds wall_now,
                                   Seconds lease_until);
  void release(const std::string& owner);  // gives back what owner claimed and has not recorded
  std::optional<VersionRecord> latest_version(std::int64_t article_id);
  std::optional<VersionRecord> version(std::int64_t article_id, int number);
  std::vector<VersionRecord> versions(std::int64_t article_id);
  std::vector<CheckRecord> checks(std::int64_t article_id);
  // The page version `number` was read from: its own, or for a re-baseline the page it re-read.
  // nullopt for versions stored before pages were kept.
  std::optional<StoredPage> page(std::int64_t article_id, int number);
  // Records a re-baseline for an article outside a poll (diffwire reextract).
  void record_rebaseline(std::int64_t article_id, const VersionRecord& version);
  // For feeds: the newest changes of one article, or of the articles one source found, or of all;
  // with a class, only versions of that class.
  std::vector<VersionRef> feed_versions(std::optional<std::int64_t> article_id, std::optional<std::int64_t> source_id,
                                        const std::string& change_class, int limit);
  // Changes (version 2 onward, no re-baselines) fetched at or after `since`, newest first; with a
  // class, only versions of that class.
  std::vector<VersionRef> changes_since(Seconds since, const std::string& change_class, int limit);
  // How many times each article changed (versions after the first, less re-baselines), by article id;
  // articles that never changed are absent.
  std::map<std::int64_t, int> change_counts();

  // Sources.
  bool add_source(const SourceRecord& source);  // false when the name is taken
  bool remove_source(const std::string& name);  // its articles stay tracked
  std::vector<SourceRecord> sources();          // by name
  std::vector<SourceRecord> due_sources(Seconds now, bool all);
  // A source lists url, maybe with the time it says the article was updated: a new article is
  // tracked (due at once); a retired one comes back; one updated since its last check is due at
  // once; one the user untracked stays untracked.
  struct Mention {
    std::string url;
    std::optional<Seconds> updated;
  };
  std::vector<Discovery> discover(const std::vector<Mention>& mentions, std::int64_t source_id, Seconds now,
                                  std::size_t max_new = SIZE_MAX);
  void record_source_check(const SourceCheck& check);

  // Hosts.
  std::vector<HostRecord> hosts();
  void save_hosts(const std::vector<HostRecord>& hosts);

  // Runs and the health report (diffwire status).
  void record_run(Seconds started_at, Seconds finished_at, const std::string& summary);
  struct Run {
    Seconds started_at = 0, finished_at = 0;
    std::string summary;
  };
  std::optional<Run> last_run();
  struct Health {
    int tracked = 0, due = 0, retired = 0, untracked = 0, sources = 0;
    // Failed checks since `since`, per article URL (a page that is gone, or held as suspect, is no failure).
    std::vector<std::pair<std::string, int>> errors_by_url;
  };
  Health health(Seconds now, Seconds since);
  void record(const std::vector<CheckResult>& results);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace diffwire
