// `diffwire report --out DIR`: a static site of how the stories evolved, readable without a server or
// JavaScript — index.html (recent changes, most-edited stories, headline changes, sources), one page
// per article (its versions with times, the change classes, and the blame of its latest text) and one
// side-by-side page per change. Every piece of article text is escaped, links are http(s) only, each
// page carries a restrictive Content-Security-Policy, files are written atomically, and a second run
// rewrites only the files whose content changed.
#pragma once
#include <string>

#include "diffwire/store.hpp"

namespace diffwire {

struct ReportStats {
  int written = 0, unchanged = 0;
};

ReportStats write_report(Store& store, const std::string& dir);

}  // namespace diffwire
