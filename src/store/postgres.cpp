// The PostgreSQL engine. Text goes over the wire as text: PostgreSQL refuses NUL bytes and invalid
// UTF-8 in text, which a hostile page's headers or robots.txt may hold, so those become U+FFFD here
// (SQLite keeps the bytes). Results come back as text, bytea as hex; the store reads few blobs.
#include "store/postgres.hpp"

#include <cstdio>
#include <cstdlib>

#include "diffwire/charset.hpp"

namespace diffwire {

std::string postgres_parameters(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      std::size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
      int number = j > i + 1 ? std::atoi(sql.substr(i + 1, j - i - 1).c_str()) : next + 1;
      next = std::max(next, number);
      out += '$';
      out += std::to_string(number);
      i = j - 1;
    } else {
      out += c;
    }
  }
  return out;
}

std::string redact_postgres_url(const std::string& url) {
  std::string out = url;
  if (auto scheme = out.find("://"); scheme != std::string::npos) {
    std::size_t start = scheme + 3;
    std::size_t at = out.find('@', start), slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash))
      if (auto colon = out.find(':', start); colon != std::string::npos && colon < at)
        out.replace(colon + 1, at - colon - 1, "***");
  }
  for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    std::size_t end = out.find_first_of("&; ", p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9, "***");
  }
  return out;
}

std::string postgres_text(std::string_view s) {
  std::string out = sanitize_utf8(s);
  for (std::size_t p = out.find('\0'); p != std::string::npos; p = out.find('\0', p)) out.replace(p, 1, "\xEF\xBF\xBD");
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string first_line(const char* message) {
  std::string s = message ? message : "";
  if (auto nl = s.find('\n'); nl != std::string::npos) s.erase(nl);
  return s;
}

}  // namespace

PostgresStatement::PostgresStatement(PostgresDatabase& db, const std::string& sql, std::string prepared_name)
    : db_(db), sql_(postgres_parameters(sql)), name_(std::move(prepared_name)) {}

PostgresStatement::Param& PostgresStatement::param(int index) {
  if (index < 1 || index > 65535) throw Error("database error binding", sql_.substr(0, 120), "no parameter " + std::to_string(index));
  if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
  return params_[static_cast<std::size_t>(index - 1)];
}

void PostgresStatement::bind_int(int index, std::int64_t value) { param(index) = {std::to_string(value), false}; }

void PostgresStatement::bind_double(int index, double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  param(index) = {std::string(buffer), false};
}

void PostgresStatement::bind_text(int index, std::string_view value) { param(index) = {postgres_text(value), false}; }
void PostgresStatement::bind_bytes(int index, std::string_view bytes) { param(index) = {std::string(bytes), true}; }
void PostgresStatement::bind_null(int index) { param(index) = {std::nullopt, false}; }

bool PostgresStatement::step() {
  if (!result_) {
    db_.count_statement();
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const Param& p : params_) {
      values.push_back(p.value ? p.value->c_str() : nullptr);
      lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
      formats.push_back(p.binary ? 1 : 0);
    }
    int n = static_cast<int>(params_.size());
    PGconn* conn = db_.handle();
    if (!name_.empty() && !prepared_) {
      std::unique_ptr<PGresult, Clear> made(PQprepare(conn, name_.c_str(), sql_.c_str(), 0, nullptr));
      if (PQresultStatus(made.get()) != PGRES_COMMAND_OK) db_.fail(made.get(), sql_);
      prepared_ = true;
    }
    result_.reset(name_.empty() ? PQexecParams(conn, sql_.c_str(), n, nullptr, values.data(), lengths.data(), formats.data(), 0)
                                : PQexecPrepared(conn, name_.c_str(), n, values.data(), lengths.data(), formats.data(), 0));
    ExecStatusType status = PQresultStatus(result_.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      std::unique_ptr<PGresult, Clear> failed = std::move(result_);
      db_.fail(failed.get(), sql_);
    }
    const char* tuples = PQcmdTuples(result_.get());
    db_.set_changes(tuples && *tuples ? std::atoll(tuples) : 0);
    row_ = -1;
  }
  return ++row_ < PQntuples(result_.get());
}

void PostgresStatement::reset() {
  result_.reset();
  params_.clear();
  row_ = -1;
}

bool PostgresStatement::has(int column) const {
  return result_ && row_ >= 0 && row_ < PQntuples(result_.get()) && column >= 0 && column < PQnfields(result_.get());
}

const char* PostgresStatement::cell(int column) const { return has(column) ? PQgetvalue(result_.get(), row_, column) : ""; }

std::int64_t PostgresStatement::int_at(int column) const {
  const char* v = cell(column);
  if (*v == 't') return 1;  // a boolean
  return std::strtoll(v, nullptr, 10);
}

double PostgresStatement::double_at(int column) const { return std::strtod(cell(column), nullptr); }

std::string PostgresStatement::text_at(int column) const {
  if (!has(column)) return "";
  return std::string(PQgetvalue(result_.get(), row_, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
}

std::string PostgresStatement::blob_at(int column) const {
  std::string hex = text_at(column);  // bytea_output = hex: "\x0a1b…"
  std::string out;
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') return out;
  out.reserve((hex.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(hex_value(hex[i]) * 16 + hex_value(hex[i + 1]));
  return out;
}

bool PostgresStatement::null_at(int column) const {
  if (!has(column)) return true;
  return PQgetisnull(result_.get(), row_, column) != 0;
}

Statement::Kind PostgresStatement::kind_at(int column) const {
  if (null_at(column)) return Kind::null;
  switch (PQftype(result_.get(), column)) {  // the built-in type OIDs (catalog/pg_type_d.h)
    case 20: case 21: case 23: return Kind::integer;  // int8, int2, int4
    case 700: case 701: case 1700: return Kind::real;  // float4, float8, numeric
    case 17: return Kind::blob;                        // bytea
    default: return Kind::text;
  }
}

int PostgresStatement::columns() const { return result_ ? PQnfields(result_.get()) : 0; }
std::string PostgresStatement::column_name(int column) const { return result_ ? PQfname(result_.get(), column) : ""; }

PostgresDatabase::PostgresDatabase(const std::string& url) : name_(redact_postgres_url(url)) {
  conn_.reset(PQconnectdb(url.c_str()));
  if (!conn_) throw Error("cannot open store", name_, "out of memory");
  if (PQstatus(conn_.get()) != CONNECTION_OK)
    throw Error("cannot open store", name_, first_line(PQerrorMessage(conn_.get())));
  PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);  // "already exists, skipping"
  if (PQsetClientEncoding(conn_.get(), "UTF8") != 0)
    throw Error("cannot open store", name_, first_line(PQerrorMessage(conn_.get())));
  // Every text diffwire keeps is UTF-8; a database in another encoding would refuse some of it later.
  if (const char* encoding = PQparameterStatus(conn_.get(), "server_encoding"); !encoding || std::string(encoding) != "UTF8")
    throw Error("cannot open store", name_,
                std::string("the database's encoding is ") + (encoding ? encoding : "unknown") +
                    ", not UTF8 (create it with: CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)");
  exec("SET bytea_output = 'hex'");
}

void PostgresDatabase::fail(const PGresult* result, const std::string& sql) const {
  std::string why = first_line(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get()));
  if (why.empty()) why = first_line(PQerrorMessage(conn_.get()));
  if (PQstatus(conn_.get()) == CONNECTION_BAD) throw Error("lost the connection to the store", name_, why);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  // A deadlock, a serialization failure, or a unique key that another transaction committed while
  // this one waited for it (two writers numbering one article's versions): run again.
  if (code == "40001" || code == "40P01" || code == "23505") throw Conflict("database conflict", sql.substr(0, 120), why);
  if (code == "53100")  // disk_full
    throw Error("cannot write the store", name_, why + " (is the server's disk full? the write was rolled back)");
  throw Error("database error running", sql.substr(0, 120), why);
}

void PostgresDatabase::exec(const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn_.get(), sql.c_str()), &PQclear);
  ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r.get(), sql);
}

Statement& PostgresDatabase::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(sql, std::make_unique<PostgresStatement>(*this, sql, "dw" + std::to_string(next_prepared_++))).first;
  it->second->reset();
  return *it->second;
}

std::unique_ptr<Statement> PostgresDatabase::statement(const std::string& sql) {
  return std::make_unique<PostgresStatement>(*this, sql, "");
}

void PostgresDatabase::rollback() noexcept { PQclear(PQexec(conn_.get(), "ROLLBACK")); }

int PostgresDatabase::schema_version() {
  // A query of the catalog, not to_regclass(): that reads a cache that, inside a transaction that
  // waited for the migration lock, may not yet know the table another diffwire just made.
  auto exists = statement(
      "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'diffwire_schema'");
  if (!exists->step() || exists->int_at(0) == 0) return 0;
  auto s = statement("SELECT version FROM diffwire_schema");
  return s->step() ? static_cast<int>(s->int_at(0)) : 0;
}

void PostgresDatabase::set_schema_version(int version) {
  exec("UPDATE diffwire_schema SET version = " + std::to_string(version));
}

}  // namespace diffwire
