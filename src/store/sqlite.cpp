// The SQLite engine. The store opens in WAL mode so readers (log, diff, feed) work while a poll
// writes. Destructors never throw: a failed rollback is left to SQLite, which rolls back any open
// transaction when the connection closes.
#include "store/sqlite.hpp"

#include <chrono>
#include <thread>

namespace diffwire {

namespace {
// A write that the disk refused: say which file, and what usually causes it.
[[noreturn]] void throw_storage_failure(sqlite3* db, int rc, const std::string& why) {
  const char* file = sqlite3_db_filename(db, "main");
  std::string hint = (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR
                         ? " (is the disk full, or a file-size limit reached? the write was rolled back)"
                         : "";
  throw Error("cannot write the store", file && *file ? file : ":memory:", why + hint);
}

bool storage_failure(int rc) {
  int primary = rc & 0xff;
  return primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_READONLY;
}
}  // namespace

SqliteStatement::SqliteStatement(Database& owner, sqlite3* db, std::string sql)
    : owner_(owner), db_(db), sql_(std::move(sql)) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, sql_.c_str(), static_cast<int>(sql_.size()), &raw, nullptr) != SQLITE_OK)
    fail("preparing");
  stmt_.reset(raw);
}

void SqliteStatement::fail(const char* doing) const {
  throw Error(std::string("database error ") + doing, sql_.substr(0, 120), sqlite3_errmsg(db_));
}

void SqliteStatement::bind_int(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) fail("binding");
}

void SqliteStatement::bind_text(int index, std::string_view value) {
  if (sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
      SQLITE_OK)
    fail("binding");
}

void SqliteStatement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK) fail("binding");
}

void SqliteStatement::bind_double(int index, double value) {
  if (sqlite3_bind_double(stmt_.get(), index, value) != SQLITE_OK) fail("binding");
}

void SqliteStatement::bind_bytes(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK)
    fail("binding");
}

bool SqliteStatement::step() {
  if (!running_) owner_.count_statement();
  running_ = true;
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string why = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_.get());
  if (storage_failure(rc)) throw_storage_failure(db_, rc, why);
  throw Error("database error running", sql_.substr(0, 120), why);
}

void SqliteStatement::reset() {
  running_ = false;
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());  // sqlite3_reset alone keeps the old bindings
}

std::int64_t SqliteStatement::int_at(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
double SqliteStatement::double_at(int column) const { return sqlite3_column_double(stmt_.get(), column); }

std::string SqliteStatement::blob_at(int column) const {
  auto p = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))) : std::string();
}

std::string SqliteStatement::text_at(int column) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))) : std::string();
}

bool SqliteStatement::null_at(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

Statement::Kind SqliteStatement::kind_at(int column) const {
  switch (sqlite3_column_type(stmt_.get(), column)) {
    case SQLITE_INTEGER: return Kind::integer;
    case SQLITE_FLOAT: return Kind::real;
    case SQLITE_TEXT: return Kind::text;
    case SQLITE_BLOB: return Kind::blob;
    default: return Kind::null;
  }
}

int SqliteStatement::columns() const { return sqlite3_column_count(stmt_.get()); }
std::string SqliteStatement::column_name(int column) const { return sqlite3_column_name(stmt_.get(), column); }

SqliteDatabase::SqliteDatabase(const std::string& path) : path_(path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK)
    throw Error("cannot open store", path, raw ? sqlite3_errmsg(raw) : "out of memory");
  sqlite3_extended_result_codes(raw, 1);
  try {
    exec("PRAGMA busy_timeout = 10000");
    exec("PRAGMA foreign_keys = ON");
    if (path != ":memory:") set_wal_mode();
    exec("PRAGMA synchronous = NORMAL");
  } catch (const Error& e) {
    throw Error("cannot open store", path, e.what());
  }
}

// WAL is a property of the file, set once. Switching to it needs an exclusive lock, and SQLite answers
// "busy" at once, without its busy handler, while another connection reads — which happens when
// several diffwire commands open a brand-new store together — so switching is retried for a while.
void SqliteDatabase::set_wal_mode() {
  for (int attempt = 0;; ++attempt) {
    try {
      if (auto mode = statement("PRAGMA journal_mode"); mode->step() && mode->text_at(0) == "wal") return;
      if (auto wal = statement("PRAGMA journal_mode = WAL"); wal->step() && wal->text_at(0) == "wal") return;
    } catch (const Error&) {
      int code = sqlite3_errcode(db_.get()) & 0xff;
      if (attempt >= 200 || (code != SQLITE_BUSY && code != SQLITE_LOCKED)) throw;  // only "busy" passes
    }
    if (attempt >= 200) throw Error("cannot switch the store to WAL mode", path_, "journal_mode stays rollback");
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

void SqliteDatabase::exec(const std::string& sql) {
  char* message = nullptr;
  if (int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db_.get());
    sqlite3_free(message);
    if (storage_failure(sqlite3_extended_errcode(db_.get()))) throw_storage_failure(db_.get(), sqlite3_extended_errcode(db_.get()), why);
    throw Error("database error", path_, why);
  }
}

Statement& SqliteDatabase::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<SqliteStatement>(*this, db_.get(), sql)).first;
  it->second->reset();
  return *it->second;
}

std::unique_ptr<Statement> SqliteDatabase::statement(const std::string& sql) {
  return std::make_unique<SqliteStatement>(*this, db_.get(), sql);
}

void SqliteDatabase::rollback() noexcept { sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr); }

int SqliteDatabase::schema_version() {
  auto s = statement("PRAGMA user_version");
  s->step();
  return static_cast<int>(s->int_at(0));
}

void SqliteDatabase::set_schema_version(int version) { exec("PRAGMA user_version = " + std::to_string(version)); }

}  // namespace diffwire
