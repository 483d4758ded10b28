// Normalisation decides what counts as "the same text": a new version exists only when the
// normalised title and paragraphs differ, so whitespace or NBSP churn never makes a version.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "diffwire/article.hpp"

namespace diffwire {

// Collapses every run of whitespace (ASCII, NBSP and the other Unicode spaces) to one space, trims.
std::string normalize_text(std::string_view text);
// normalize_text(text).size(), without building it.
std::size_t normalized_size(std::string_view text);
// ASCII letters lower-cased, every other byte as it is: for tag names, labels, hosts, class names.
std::string ascii_lower(std::string_view text);
// Whether `text` holds `lower` (lower-case ASCII) at `pos`, whatever the case of its letters.
// a and b equal but for ASCII case.
bool ascii_iequals(std::string_view a, std::string_view b);
bool ascii_iequals_at(std::string_view text, std::size_t pos, std::string_view lower);
// Where markup `lower` (lower-case, starting with '<': "<title", "</script") stands in `text` from
// `from` on, whatever the case; npos when nowhere. Finds the '<'s first, so a long page costs little.
std::size_t find_markup(std::string_view text, std::string_view lower, std::size_t from = 0);
// Normalises every field and drops paragraphs that become empty.
Article normalized(Article article);
// 64-bit FNV-1a; stable across runs and machines (std::hash is not).
std::uint64_t hash64(std::string_view data);
std::string hash_hex(std::string_view data);
// Share of the word trigrams of `part` that also occur in `whole` (as multisets), 0..1 (1 for a part
// of under three words). Trigrams, not words: two unrelated texts share most of their words but few
// of their trigrams; a paragraph split differently or a line of furniture barely moves it.
double containment(const std::string& part, const std::string& whole);
// Hash of the normalised title and paragraphs: equal hashes mean "no new version".
std::string content_hash(const Article& normalized_article);

}  // namespace diffwire
