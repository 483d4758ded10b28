// JSON as diffwire prints it: two-space indent, a final newline, and invalid UTF-8 from a page
// replaced rather than thrown. Private to the writers in src/output/.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace diffwire {

using json = nlohmann::ordered_json;

inline std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

}  // namespace diffwire
