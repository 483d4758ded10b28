// Files other programs read while diffwire writes them (feeds, report pages): written to a temporary
// file beside the target and renamed over it, so a reader sees the old file or the new one, never
// half of one.
#pragma once
#include <string>

namespace diffwire {

void write_file_atomically(const std::string& path, const std::string& content);
// As above, but only when the file does not already hold content: false when it was left alone.
bool write_file_if_changed(const std::string& path, const std::string& content);
// A process killed while writing leaves its temporary file ("NAME.tmp.PID") behind: these remove
// those whose process is gone — beside one file, or anywhere under a directory. Returns how many.
int remove_stale_temp_files(const std::string& path);
int remove_stale_temp_files_under(const std::string& dir);

}  // namespace diffwire
