// Blame: the latest text of an article with each paragraph marked with the version in which it
// first read as it does now — followed through every version's diff, so an unchanged or moved
// paragraph keeps its origin and an edited one takes the version that edited it.
#pragma once
#include <string>
#include <vector>

#include "diffwire/records.hpp"

namespace diffwire {

struct BlamedParagraph {
  std::string text;
  int since = 0;          // the version number it first read like this
  Seconds since_at = 0;   // that version's time
};

// versions: all of one article's versions, in order. A re-baseline is not an edit: text it changed
// is credited to the version before it.
std::vector<BlamedParagraph> blame(const std::vector<VersionRecord>& versions);

}  // namespace diffwire
