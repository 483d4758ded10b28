// The store's one seam to its database engine: SQLite (embedded, the default) or PostgreSQL (several
// pollers on several machines). The store's files (src/store/) write SQL both engines accept and
// speak only to these types; sqlite.cpp and postgres.cpp each implement them once over their C library.
// Statements use SQLite's `?` and `?N` parameters; the PostgreSQL side rewrites them to `$N`.
// Private to src/.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "diffwire/error.hpp"

namespace diffwire {

enum class Engine { sqlite, postgresql };

class Statement {
 public:
  virtual ~Statement() = default;
  Statement& bind(int index, std::int64_t value) { return bind_int(index, value), *this; }
  Statement& bind(int index, std::string_view value) { return bind_text(index, value), *this; }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullopt_t) { return bind_null(index), *this; }
  Statement& bind_blob(int index, std::string_view bytes) { return bind_bytes(index, bytes), *this; }
  Statement& bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bind(index, std::nullopt);
  }
  Statement& bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  Statement& bind(int index, const std::optional<double>& value) {
    return value ? (bind_double(index, *value), *this) : bind(index, std::nullopt);
  }
  virtual bool step() = 0;  // true while a row is available
  void run() {  // step to the end, then reset
    while (step()) {
    }
    reset();
  }
  virtual void reset() = 0;  // forgets the rows and the bindings
  virtual std::int64_t int_at(int column) const = 0;
  virtual double double_at(int column) const = 0;
  virtual std::string text_at(int column) const = 0;
  virtual std::string blob_at(int column) const = 0;
  virtual bool null_at(int column) const = 0;
  // What the current row holds in a column, for code that copies rows it does not know (migrate).
  enum class Kind { null, integer, real, text, blob };
  virtual Kind kind_at(int column) const = 0;
  virtual int columns() const = 0;
  virtual std::string column_name(int column) const = 0;

 protected:
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_bytes(int index, std::string_view bytes) = 0;
  virtual void bind_null(int index) = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  // How messages name it: the file, or the PostgreSQL URL without its password.
  virtual const std::string& name() const = 0;
  virtual void exec(const std::string& sql) = 0;  // one or more statements, no parameters
  // Prepared once per SQL text (keyed by the pointer: pass literals or static strings), reset before reuse.
  virtual Statement& prepare(const char* sql) = 0;
  // One-off; it must not outlive this Database.
  virtual std::unique_ptr<Statement> statement(const std::string& sql) = 0;
  virtual std::int64_t changes() = 0;  // rows the last INSERT, UPDATE or DELETE changed
  virtual void begin() = 0;            // SQLite: BEGIN IMMEDIATE (a writer at once); PostgreSQL: BEGIN
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // The number of schema migrations applied (SQLite: PRAGMA user_version; PostgreSQL: a table).
  virtual int schema_version() = 0;
  virtual void set_schema_version(int version) = 0;
  // From now on this connection refuses every write (SQLite: query_only; PostgreSQL: read-only
  // transactions), so that a reading command cannot change the store by mistake.
  virtual void set_read_only() = 0;
  // Statements run so far: a round trip each on PostgreSQL. Tests hold the store's reads to a
  // number of statements that does not grow with the rows they return.
  std::uint64_t statements_run() const { return statements_run_; }
  void count_statement() { ++statements_run_; }

 private:
  std::uint64_t statements_run_ = 0;
};

// "postgresql://…" or "postgres://…" (libpq's URI or "postgresql:" + key=value words) opens PostgreSQL;
// "sqlite:PATH" or any other PATH opens (creating) an SQLite file; ":memory:" an SQLite store in memory.
std::unique_ptr<Database> open_database(const std::string& target);
bool is_postgresql(const std::string& target);
std::string sqlite_path(const std::string& target);  // the file an SQLite target names ("sqlite:" dropped)

// Two PostgreSQL transactions that crossed (a deadlock, a serialization failure, a unique key the
// other committed first): the one that got this was rolled back and may simply run again.
class Conflict : public Error {
 public:
  using Error::Error;
};

// Begins on construction; rolls back unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) { db_.begin(); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace diffwire
