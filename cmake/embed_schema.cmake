# Writes a C++ source holding every schema/NNN_*.sql file, in order, as raw string literals.
# Run by CMake in script mode: -DOUT=<file.cpp> -DFILES=<list of .sql files>.
set(body "// Generated from schema/*.sql by cmake/embed_schema.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\n#include <vector>\nnamespace diffwire {\n")
string(APPEND body "const std::vector<std::string_view>& schema_migrations() {\n")
string(APPEND body "  static const std::vector<std::string_view> migrations = {\n")
foreach(f IN LISTS FILES)
  file(READ ${f} sql)
  get_filename_component(name ${f} NAME)
  string(APPEND body "    // ${name}\n    R\"diffwire_sql(${sql})diffwire_sql\",\n")
endforeach()
string(APPEND body "  };\n  return migrations;\n}\n}  // namespace diffwire\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
