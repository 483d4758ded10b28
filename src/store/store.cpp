// The store's front door: opening a target (an SQLite file or a PostgreSQL database), applying the
// migrations it lacks — the embedded schema/ENGINE/NNN_*.sql files, in order, counted by the engine —
// and the helpers every aggregate's file shares (store_impl.hpp). All of diffwire's SQL lives in this
// folder and is written for both engines (sql.hpp): SQLite and PostgreSQL accept every statement but
// the few marked "PostgreSQL:" or "SQLite:".
#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include "diffwire/store.hpp"
#include "store/store_impl.hpp"
#include "base/embedded.hpp"
#include "diffwire/error.hpp"

namespace diffwire {

namespace fs = std::filesystem;

namespace {
constexpr const char* kNothingTracked = "nothing tracked yet (start with: diffwire track URL)";
}  // namespace

ArticleRecord read_article(const Statement& s) {
  ArticleRecord a;
  a.id = s.int_at(0);
  a.url = s.text_at(1);
  a.tracked = s.int_at(2) != 0;
  a.added_at = s.int_at(3);
  a.next_check_at = s.int_at(4);
  a.interval = s.int_at(5);
  a.last_changed_at = s.int_at(6);
  if (!s.null_at(7)) a.last_checked_at = s.int_at(7);
  a.status = article_status_named(s.text_at(8));
  a.last_error = s.text_at(9);
  a.etag = s.text_at(10);
  a.last_modified = s.text_at(11);
  a.body_hash = s.text_at(12);
  a.versions = static_cast<int>(s.int_at(13));
  a.title = s.text_at(14);
  a.suspect_checks = static_cast<int>(s.int_at(15));
  if (!s.null_at(16)) a.source = s.text_at(16);
  if (!s.null_at(17)) a.first_interval = s.int_at(17);
  if (!s.null_at(18)) a.factor = s.double_at(18);
  if (!s.null_at(19)) a.retire_after = s.int_at(19);
  if (!s.null_at(20)) a.host_delay = s.double_at(20);
  a.ignore_robots = s.int_at(21) != 0;
  if (!s.null_at(22)) a.refused_url = s.text_at(22);
  if (!s.null_at(23)) a.refused_url_at = s.int_at(23);
  return a;
}

std::string articles_query(const char* where) {
  return std::string("SELECT ") + kArticleColumns + " FROM articles a LEFT JOIN sources src ON src.id = a.source_id " +
         where;
}

std::string placeholders(const char* group, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.append(i ? ", " : "").append(group);
  return out;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& target, OpenMode mode) {
  bool create = mode == OpenMode::create;
  if (!is_postgresql(target) && target != ":memory:") {
    // SQLite would create a missing file on open: a reader must not make an empty store by accident.
    fs::path path = sqlite_path(target);
    std::error_code ec;
    if (!create && !fs::exists(path, ec)) throw Error("no store", path.string(), kNothingTracked);
    if (create && !path.parent_path().empty()) fs::create_directories(path.parent_path(), ec);
    if (ec) throw Error("cannot create the store's directory", path.parent_path().string(), ec.message());
  }
  auto impl = std::make_unique<Impl>(open_database(target));
  Database& db = *impl->db;
  bool postgresql = db.engine() == Engine::postgresql;
  const auto& migrations = postgresql ? postgresql_migrations() : sqlite_migrations();
  int current = db.schema_version();
  if (current == 0 && !create) throw Error("no store", db.name(), kNothingTracked);
  if (current > static_cast<int>(migrations.size()))
    throw Error("cannot open store", db.name(),
                "schema version " + std::to_string(current) + " is newer than this diffwire (" +
                    std::to_string(migrations.size()) + "); upgrade diffwire");
  while (current < static_cast<int>(migrations.size())) {
    // Re-read inside the write transaction: another diffwire may have migrated in the meantime.
    // PostgreSQL: an advisory lock makes the others wait here (SQLite's BEGIN IMMEDIATE does that).
    Transaction tx(db);
    if (postgresql) db.exec("SELECT pg_advisory_xact_lock(7306230)");
    current = db.schema_version();
    if (current >= static_cast<int>(migrations.size())) break;
    db.exec(std::string(migrations[current].text));
    db.set_schema_version(current + 1);
    tx.commit();
    ++current;
  }
  if (mode == OpenMode::read_only) db.set_read_only();
  return Store(std::move(impl));
}

int Store::schema_version() { return impl_->db->schema_version(); }
std::uint64_t Store::statements_run() const { return impl_->db->statements_run(); }

const std::string& Store::name() const { return impl_->db->name(); }

}  // namespace diffwire
