// The SQLite engine behind sql.hpp: a connection, its prepared statements, each the one owner of its
// handle. Every error names the SQL and SQLite's reason; a write the disk refused says so.
// Private to src/: sqlite3 types never reach include/.
#pragma once
#include <sqlite3.h>

#include <memory>
#include <unordered_map>

#include "store/sql.hpp"

namespace diffwire {

class SqliteStatement : public Statement {
 public:
  SqliteStatement(Database& owner, sqlite3* db, std::string sql);
  bool step() override;
  void reset() override;
  std::int64_t int_at(int column) const override;
  double double_at(int column) const override;
  std::string text_at(int column) const override;
  std::string blob_at(int column) const override;
  bool null_at(int column) const override;
  Kind kind_at(int column) const override;
  int columns() const override;
  std::string column_name(int column) const override;

 protected:
  void bind_int(int index, std::int64_t value) override;
  void bind_double(int index, double value) override;
  void bind_text(int index, std::string_view value) override;
  void bind_bytes(int index, std::string_view bytes) override;
  void bind_null(int index) override;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  [[noreturn]] void fail(const char* doing) const;
  Database& owner_;
  sqlite3* db_;
  bool running_ = false;  // stepped since the last reset
  std::string sql_;
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

class SqliteDatabase : public Database {
 public:
  explicit SqliteDatabase(const std::string& path);
  Engine engine() const override { return Engine::sqlite; }
  const std::string& name() const override { return path_; }
  void exec(const std::string& sql) override;
  Statement& prepare(const char* sql) override;
  std::unique_ptr<Statement> statement(const std::string& sql) override;
  std::int64_t changes() override { return sqlite3_changes64(db_.get()); }
  void begin() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override;
  int schema_version() override;
  void set_schema_version(int version) override;
  void set_read_only() override { exec("PRAGMA query_only = 1"); }

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  void set_wal_mode();
  std::string path_;
  std::unique_ptr<sqlite3, Close> db_;
  std::unordered_map<const char*, std::unique_ptr<SqliteStatement>> cache_;
};

}  // namespace diffwire
