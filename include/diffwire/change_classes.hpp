// What kind of change a new version is, in words a reader scans: each class is decided by one
// explainable rule over the paragraph diff (diff.hpp), and a version may have several.
//   minor       only punctuation, whitespace or letter case changed
//   headline    the title changed
//   lede        the first paragraph changed (or a new one leads)
//   quote       words inside quotation marks changed
//   number      a figure changed (a changed word has a digit)
//   edited      other words of a paragraph changed
//   added / removed / moved   whole paragraphs
//   correction  a correction, clarification or editor's note appeared
//   url         the article's URL changed
//   reverted    the text is again what an earlier version said (decided by the store, which knows them)
#pragma once
#include <string>
#include <vector>

#include "diffwire/diff.hpp"

namespace diffwire {

// In the order above; empty when nothing changed.
std::vector<std::string> classify_change(const std::string& old_title, const std::string& new_title,
                                         const std::vector<ParagraphOp>& ops, bool url_changed = false);

std::string join_classes(const std::vector<std::string>& classes);  // "headline number"
bool is_change_class(const std::string& name);                      // one of the names above
std::string change_class_names();                                  // "minor, headline, …", for messages
std::vector<std::string> split_classes(const std::string& joined);

}  // namespace diffwire
