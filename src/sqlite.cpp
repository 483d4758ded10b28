// The SQLite wrappers. Destructors never throw: a failed rollback in ~Transaction is left to SQLite,
// which rolls back any open transaction when the connection closes.
#include "sqlite.hpp"

#include "diffwire/error.hpp"

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

Statement::Statement(sqlite3* db, std::string sql) : db_(db), sql_(std::move(sql)) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, sql_.c_str(), static_cast<int>(sql_.size()), &raw, nullptr) != SQLITE_OK)
    fail("preparing");
  stmt_.reset(raw);
}

void Statement::fail(const char* doing) const {
  throw Error(std::string("database error ") + doing, sql_.substr(0, 120), sqlite3_errmsg(db_));
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) fail("binding");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
      SQLITE_OK)
    fail("binding");
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  if (sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK) fail("binding");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind(index, std::nullopt);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind(index, std::nullopt);
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
  if (!value) return bind(index, std::nullopt);
  if (sqlite3_bind_double(stmt_.get(), index, *value) != SQLITE_OK) fail("binding");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string why = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_.get());
  if (storage_failure(rc)) throw_storage_failure(db_, rc, why);
  throw Error("database error running", sql_.substr(0, 120), why);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());  // sqlite3_reset alone keeps the old bindings
}

std::int64_t Statement::int_at(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
double Statement::double_at(int column) const { return sqlite3_column_double(stmt_.get(), column); }

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK)
    fail("binding");
  return *this;
}

std::string Statement::blob_at(int column) const {
  auto p = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))) : std::string();
}

std::string Statement::text_at(int column) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))) : std::string();
}

bool Statement::null_at(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

Database::Database(const std::string& path) : path_(path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK)
    throw Error("cannot open store", path, raw ? sqlite3_errmsg(raw) : "out of memory");
  sqlite3_extended_result_codes(raw, 1);
}

void Database::exec(const std::string& sql) {
  char* message = nullptr;
  if (int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db_.get());
    sqlite3_free(message);
    if (storage_failure(sqlite3_extended_errcode(db_.get()))) throw_storage_failure(db_.get(), sqlite3_extended_errcode(db_.get()), why);
    throw Error("database error", path_, why);
  }
}

Statement& Database::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(db_.get(), sql)).first;
  it->second->reset();
  return *it->second;
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace diffwire
