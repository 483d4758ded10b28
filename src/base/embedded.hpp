// Data files compiled into the binary (cmake/embed_files.cmake), so that diffwire is one file to
// install: the schema migrations and the shipped site rules.
#pragma once
#include <string_view>
#include <vector>

namespace diffwire {

struct EmbeddedFile {
  std::string_view name;  // the file's name in the source tree, for messages
  std::string_view text;
};

const std::vector<EmbeddedFile>& sqlite_migrations();      // schema/sqlite/NNN_*.sql, in order
const std::vector<EmbeddedFile>& postgresql_migrations();  // schema/postgresql/NNN_*.sql, in order
const std::vector<EmbeddedFile>& builtin_site_rules();  // rules/*.rules, in order

}  // namespace diffwire
