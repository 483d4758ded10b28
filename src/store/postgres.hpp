// The PostgreSQL engine behind sql.hpp, over libpq: one connection, its statements (prepared once
// on the server, run with text parameters; bytea in binary), each the one owner of its PGresult.
// Private to src/: libpq types never reach include/.
#pragma once
#include <libpq-fe.h>

#include <memory>
#include <unordered_map>
#include <vector>

#include "store/sql.hpp"

namespace diffwire {

class PostgresDatabase;

class PostgresStatement : public Statement {
 public:
  // `prepared_name` empty: parsed at each run (one-off statements).
  PostgresStatement(PostgresDatabase& db, const std::string& sql, std::string prepared_name);
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
  struct Param {
    std::optional<std::string> value;
    bool binary = false;
  };
  Param& param(int index);
  bool has(int column) const;  // a row is current and has this column
  const char* cell(int column) const;

  PostgresDatabase& db_;
  std::string sql_, name_;
  bool prepared_ = false;
  std::vector<Param> params_;
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> result_;
  int row_ = -1;
};

class PostgresDatabase : public Database {
 public:
  explicit PostgresDatabase(const std::string& url);
  Engine engine() const override { return Engine::postgresql; }
  const std::string& name() const override { return name_; }
  void exec(const std::string& sql) override;
  Statement& prepare(const char* sql) override;
  std::unique_ptr<Statement> statement(const std::string& sql) override;
  std::int64_t changes() override { return changes_; }
  void begin() override { exec("BEGIN"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override;
  int schema_version() override;
  void set_schema_version(int version) override;
  void set_read_only() override { exec("SET default_transaction_read_only = on"); }

  PGconn* handle() const { return conn_.get(); }
  // Throws the right Error for a failed result (a Conflict for a deadlock or serialization failure).
  [[noreturn]] void fail(const PGresult* result, const std::string& sql) const;
  void set_changes(std::int64_t n) { changes_ = n; }

 private:
  struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  std::string name_;
  std::unique_ptr<PGconn, Finish> conn_;
  std::unordered_map<const char*, std::unique_ptr<PostgresStatement>> cache_;
  std::int64_t changes_ = 0;
  int next_prepared_ = 0;
};

// SQLite's `?` and `?N` parameters as PostgreSQL's `$N` (outside quotes).
std::string postgres_parameters(const std::string& sql);
// Text as PostgreSQL's text type accepts it: valid UTF-8 without NUL (the rest becomes U+FFFD).
std::string postgres_text(std::string_view text);
// The URL as messages may show it: any password replaced by "***".
std::string redact_postgres_url(const std::string& url);

}  // namespace diffwire
