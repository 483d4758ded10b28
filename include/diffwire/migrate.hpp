// Copying a whole store between engines or files: `diffwire migrate --from sqlite:PATH --to
// postgresql://…` (and back). Every table that holds history is copied row for row with its ids,
// then each is verified: the same number of rows and the same content hash on both sides.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace diffwire {

struct TableCopy {
  std::string table;
  std::int64_t rows_from = 0, rows_to = 0;
  std::string hash_from, hash_to;  // over every row's values, in key order
  bool verified() const { return rows_from == rows_to && hash_from == hash_to; }
};

struct MigrateSummary {
  std::string from, to;  // as messages name them (no password)
  std::vector<TableCopy> tables;
  std::int64_t replaced_texts = 0;  // texts PostgreSQL cannot hold (NUL, broken UTF-8): U+FFFD there
  bool verified() const;
};

// Copies `from` into `to`, which must be empty (a new file, or a database with no diffwire tables or
// empty ones). Both are migrated to this diffwire's schema first. Throws Error when `to` holds
// anything, or when a table's copy does not verify.
MigrateSummary migrate_store(const std::string& from, const std::string& to);
std::string describe(const MigrateSummary& summary);

}  // namespace diffwire
