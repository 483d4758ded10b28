// Tables are copied parents first, in windows of their integer key (a window of pages is small: each
// may hold megabytes), one transaction per table. Values travel as what the source row holds
// (integer, real, text, blob, null), so one loop copies every table whatever its columns. The hash
// is taken of each source row as it is copied and of the destination afterwards, the same way; text
// is compared as PostgreSQL can hold it.
#include "diffwire/migrate.hpp"

#include <cstdio>

#include "diffwire/error.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/store.hpp"
#include "store/postgres.hpp"
#include "store/sql.hpp"

namespace diffwire {

namespace {

struct Table {
  const char* name;
  const char* key;    // an integer column to window on
  const char* order;  // the full order of rows
  std::int64_t window;
};

// Parents before children. host_budgets and host_fetches are the fleet's live state: not copied.
const Table kTables[] = {
    {"sources", "id", "id", 5000},
    {"articles", "id", "id", 5000},
    {"paragraphs", "id", "id", 5000},
    {"versions", "id", "id", 5000},
    {"version_paragraphs", "version_id", "version_id, position", 2000},
    {"pages", "version_id", "version_id", 50},
    {"checks", "id", "id", 5000},
    {"url_aliases", "article_id", "article_id, url", 5000},
    {"events", "id", "id", 5000},
    {"hosts", "robots_expires_at", "origin", -1},  // small: one window
    {"runs", "id", "id", 5000},
};

// One row's values as bytes for the hash: kind, then value, each field ended by \x1e.
void append_row(std::string& out, const Statement& s) {
  char number[40];
  for (int c = 0; c < s.columns(); ++c) {
    switch (s.kind_at(c)) {
      case Statement::Kind::null: out += "N"; break;
      case Statement::Kind::integer: out += "I" + std::to_string(s.int_at(c)); break;
      case Statement::Kind::real:
        std::snprintf(number, sizeof number, "R%.17g", s.double_at(c));
        out += number;
        break;
      case Statement::Kind::text: out += "T" + postgres_text(s.text_at(c)); break;
      case Statement::Kind::blob: out += "B" + s.blob_at(c); break;
    }
    out += '\x1e';
  }
}

std::string select_window(const Table& t, bool windowed) {
  return std::string("SELECT * FROM ") + t.name + (windowed ? std::string(" WHERE ") + t.key + " > ? AND " + t.key + " <= ?" : "") +
         " ORDER BY " + t.order;
}

std::pair<std::int64_t, std::int64_t> key_range(Database& db, const Table& t) {
  auto s = db.statement(std::string("SELECT coalesce(min(") + t.key + "), 0), coalesce(max(" + t.key + "), 0) FROM " + t.name);
  s->step();
  return {s->int_at(0), s->int_at(1)};
}

// Calls `row` for every row of t in order, window by window.
template <typename Row>
void each_row(Database& db, const Table& t, Row row) {
  if (t.window < 0) {
    auto s = db.statement(select_window(t, false));
    while (s->step()) row(*s);
    return;
  }
  auto [low, high] = key_range(db, t);
  auto s = db.statement(select_window(t, true));
  for (std::int64_t from = low - 1; from < high; from += t.window) {
    s->bind(1, from).bind(2, from + t.window);
    while (s->step()) row(*s);
    s->reset();
  }
}

std::int64_t row_count(Database& db, const char* table) {
  auto s = db.statement(std::string("SELECT count(*) FROM ") + table);
  s->step();
  return s->int_at(0);
}

// Rows counted and hashed in the order they are read.
struct RowHash {
  std::int64_t rows = 0;
  std::string hash = "0", buffer;
  void add(const Statement& s) {
    ++rows;
    buffer.clear();
    append_row(buffer, s);
    hash = hash_hex(hash + buffer);
  }
};

}  // namespace

bool MigrateSummary::verified() const {
  for (const TableCopy& t : tables)
    if (!t.verified()) return false;
  return true;
}

MigrateSummary migrate_store(const std::string& from, const std::string& to) {
  MigrateSummary summary;
  {  // both at this diffwire's schema; the source must exist, the destination may be new
    Store source = Store::open(from, OpenMode::read_only);
    Store destination = Store::open(to, OpenMode::create);
    summary.from = source.name();
    summary.to = destination.name();
    if (is_postgresql(from) == is_postgresql(to) && summary.from == summary.to)
      throw Error("cannot migrate a store onto itself", summary.to, "name another destination", Error::Kind::usage);
  }
  std::unique_ptr<Database> src = open_database(from), dst = open_database(to);
  for (const Table& t : kTables)
    if (std::int64_t n = row_count(*dst, t.name); n > 0)
      throw Error("the destination is not empty", summary.to,
                  std::to_string(n) + " rows in " + t.name + "; migrate copies into a new, empty store only");
  bool to_postgresql = dst->engine() == Engine::postgresql;
  std::vector<RowHash> sources;  // the source side of each table's check, taken while copying
  for (const Table& t : kTables) {
    std::unique_ptr<Statement> insert;
    RowHash& source = sources.emplace_back();
    auto copy_row = [&](const Statement& s) {
      source.add(s);
      if (!insert) {
        std::string names, marks;
        for (int c = 0; c < s.columns(); ++c) {
          names += (c ? ", " : "") + s.column_name(c);
          marks += c ? ", ?" : "?";
        }
        insert = dst->statement(std::string("INSERT INTO ") + t.name + " (" + names + ") VALUES (" + marks + ")");
      }
      for (int c = 0; c < s.columns(); ++c) {
        switch (s.kind_at(c)) {
          case Statement::Kind::null: insert->bind(c + 1, std::nullopt); break;
          case Statement::Kind::integer: insert->bind(c + 1, s.int_at(c)); break;
          case Statement::Kind::real: insert->bind(c + 1, std::optional<double>(s.double_at(c))); break;
          case Statement::Kind::text: {
            std::string text = s.text_at(c);
            if (to_postgresql && postgres_text(text) != text) ++summary.replaced_texts;
            insert->bind(c + 1, text);
            break;
          }
          case Statement::Kind::blob: insert->bind_blob(c + 1, s.blob_at(c)); break;
        }
      }
      insert->run();
    };
    Transaction tx(*dst);
    each_row(*src, t, copy_row);
    tx.commit();
  }
  // PostgreSQL hands out ids from a sequence that the copied ids did not advance.
  if (to_postgresql)
    for (const char* table : {"sources", "articles", "paragraphs", "versions", "checks", "events", "runs"})
      dst->exec(std::string("SELECT setval(pg_get_serial_sequence('") + table + "', 'id'), coalesce(max(id), 0) + 1, false) FROM " +
                table);
  for (std::size_t i = 0; i < std::size(kTables); ++i) {
    RowHash copied;
    each_row(*dst, kTables[i], [&](const Statement& s) { copied.add(s); });
    summary.tables.push_back({kTables[i].name, sources[i].rows, copied.rows, sources[i].hash, copied.hash});
  }
  if (!summary.verified())
    for (const TableCopy& t : summary.tables)
      if (!t.verified())
        throw Error("the copy does not match its source", summary.to,
                    t.table + ": " + std::to_string(t.rows_from) + " rows (hash " + t.hash_from + ") copied as " +
                        std::to_string(t.rows_to) + " rows (hash " + t.hash_to + ")");
  return summary;
}

std::string describe(const MigrateSummary& s) {
  std::string out = "copied " + s.from + " → " + s.to + "\n";
  char line[160];
  for (const TableCopy& t : s.tables) {
    std::snprintf(line, sizeof line, "  %-20s %10lld rows  hash %s  %s\n", t.table.c_str(), static_cast<long long>(t.rows_to),
                  t.hash_to.c_str(), t.verified() ? "verified" : "DIFFERS");
    out += line;
  }
  if (s.replaced_texts > 0)
    out += "  " + std::to_string(s.replaced_texts) +
           " texts held bytes PostgreSQL cannot store (NUL or broken UTF-8): kept with U+FFFD in their place\n";
  return out;
}

}  // namespace diffwire
