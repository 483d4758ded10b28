// SQLite as three small types — connection, prepared statement, transaction — each the one owner of
// its handle. Statements bind with `?` parameters only; every error names the SQL and SQLite's reason.
// Private to src/: sqlite3 types never reach include/.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace diffwire {

class Statement {
 public:
  Statement(sqlite3* db, std::string sql);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullopt_t);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<double>& value);
  bool step();  // true while a row is available
  void run();   // step to the end, then reset
  void reset();
  std::int64_t int_at(int column) const;
  double double_at(int column) const;
  std::string text_at(int column) const;
  std::string blob_at(int column) const;
  bool null_at(int column) const;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  [[noreturn]] void fail(const char* doing) const;
  sqlite3* db_;
  std::string sql_;
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

class Database {
 public:
  explicit Database(const std::string& path);
  void exec(const std::string& sql);
  // Prepared once per SQL text and reset before reuse.
  Statement& prepare(const char* sql);
  sqlite3* handle() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::string path_;
  std::unique_ptr<sqlite3, Close> db_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

// BEGIN IMMEDIATE on construction; rolls back unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace diffwire
