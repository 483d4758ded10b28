// What a change is: the one place where a change's classes are decided — poll asks when it makes a
// version, the store when it finds a revert, the writers and feeds when they show a pair of versions —
// and where "how many times did it change" is counted. Each class is decided by one explainable rule
// over the paragraph diff (diff.hpp), and a version may have several.
//   minor       only punctuation, typography (dashes, curly quotes), whitespace or letter case changed
//   headline    the title's words changed (not only its typography)
//   lede        the first paragraph changed (or a new one leads)
//   quote       words inside quotation marks changed
//   number      a figure changed (a changed word has a digit)
//   edited      other words of a paragraph changed
//   added / removed / moved   whole paragraphs
//   correction  a correction, clarification or editor's note appeared
//   url         the article's URL changed
//   reverted    the text is again what an earlier version said (the store finds the earlier
//               version, which only it knows, and asks add_reverted)
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "diffwire/diff.hpp"
#include "diffwire/records.hpp"

namespace diffwire {

// In the order above; empty when nothing changed.
std::vector<std::string> classify_change(const std::string& old_title, const std::string& new_title,
                                         const std::vector<ParagraphOp>& ops, bool url_changed = false);

// A page that claims another tracked article's URL as its own (rel=canonical, og:url, a redirect) is
// that story — and the two merge — only if that article reads as the page does, or has not been read
// yet (`their_title` nullopt): a site that points every page's canonical at its front page must not
// merge its stories.
bool same_story(const std::optional<std::string>& their_title, const std::string& page_title);

// A version that repeats an earlier one's text: "reverted" joins its classes.
void add_reverted(std::vector<std::string>& classes);

// The classes of the change from `from` to `to`, whose paragraph diff is `ops`. For the change right
// after `from` (a version recorded by a poll), what was decided and stored with it, so that every view
// says what the feed said; for any other pair (or a version stored before classes were kept), what
// classify_change says of the two texts, "url" when they were fetched at different URLs.
std::vector<std::string> classes_between(const VersionRecord& from, const VersionRecord& to,
                                         const std::vector<ParagraphOp>& ops);

// How many times an article changed: versions after the first, less re-baselines (those record an
// extractor change, not an edit).
int count_real_changes(const std::vector<VersionRecord>& versions);

// The latest change: the newest version that is not a re-baseline (one records an extractor change,
// not an edit), or the newest version when all are; 0 for none. What `diff` and `serve` show by default.
int latest_change(const std::vector<VersionRecord>& versions);

std::string join_classes(const std::vector<std::string>& classes);  // "headline number"
bool is_change_class(const std::string& name);                      // one of the names above
std::string change_class_names();                                  // "minor, headline, …", for messages
std::vector<std::string> split_classes(const std::string& joined);

}  // namespace diffwire
