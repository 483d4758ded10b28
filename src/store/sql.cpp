// Which engine a store target names.
#include "store/sql.hpp"

#include "store/postgres.hpp"
#include "store/sqlite.hpp"

namespace diffwire {

bool is_postgresql(const std::string& target) {
  return target.starts_with("postgresql://") || target.starts_with("postgres://");
}

std::string sqlite_path(const std::string& target) { return target.starts_with("sqlite:") ? target.substr(7) : target; }

std::unique_ptr<Database> open_database(const std::string& target) {
  if (is_postgresql(target)) return std::make_unique<PostgresDatabase>(target);
  return std::make_unique<SqliteDatabase>(sqlite_path(target));
}

}  // namespace diffwire
