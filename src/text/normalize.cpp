// What counts as "the same text". Publishers re-render pages with different whitespace, NBSPs,
// zero-width characters and soft hyphens; none of that is an edit a reader can see, so all of it is
// folded here before hashing. Anything else — punctuation, case, quotes — is a real change.
#include "diffwire/normalize.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <unordered_map>
#include <vector>

namespace diffwire {

namespace {

// Length of the invisible or space character at s[i], and whether it is a space (else: dropped).
// Returns 0 when s[i] starts an ordinary character.
std::size_t special_at(std::string_view s, std::size_t i, bool& is_space) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  is_space = true;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (i + 1 < s.size() && c == 0xC2) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 == 0xA0 || c1 == 0x85) return 2;  // NBSP, NEL
    if (c1 == 0xAD) { is_space = false; return 2; }  // soft hyphen
  }
  if (i + 2 < s.size()) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
    if (c == 0xE2 && c1 == 0x80) {
      if (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) return 3;  // U+2000–200A, 2028/9, 202F
      if (c2 >= 0x8B && c2 <= 0x8D) { is_space = false; return 3; }        // zero-width space/joiners
    }
    if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) return 3;                    // U+205F
    if (c == 0xE2 && c1 == 0x81 && c2 == 0xA0) { is_space = false; return 3; }  // word joiner
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;                    // ideographic space
    if (c == 0xE1 && c1 == 0x9A && c2 == 0x80) return 3;                    // U+1680
    if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) { is_space = false; return 3; }  // BOM / ZWNBSP
  }
  return 0;
}

// Walks text as it is folded: emit(run) for each run of kept bytes, and a single " " between words.
template <typename Emit>
void fold_text(std::string_view text, Emit&& emit) {
  bool pending_space = false, any = false;
  for (std::size_t i = 0; i < text.size();) {
    bool is_space = false;
    if (std::size_t n = special_at(text, i, is_space)) {
      if (is_space) pending_space = true;
      i += n;
      continue;
    }
    if (pending_space && any) emit(std::string_view(" "));
    pending_space = false;
    any = true;
    // A run of printable ASCII goes at once: nothing in it is special.
    std::size_t run = i + 1;
    while (run < text.size() && static_cast<unsigned char>(text[run]) > 0x20 && static_cast<unsigned char>(text[run]) < 0x7F) ++run;
    emit(text.substr(i, run - i));
    i = run;
  }
}

}  // namespace

std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  fold_text(text, [&](std::string_view run) { out.append(run); });
  return out;
}

std::size_t normalized_size(std::string_view text) {
  std::size_t n = 0;
  fold_text(text, [&](std::string_view run) { n += run.size(); });
  return n;
}

Article normalized(Article article) {
  article.title = normalize_text(article.title);
  article.byline = normalize_text(article.byline);
  article.published = normalize_text(article.published);
  article.modified = normalize_text(article.modified);
  std::vector<std::string> kept;
  kept.reserve(article.paragraphs.size());
  for (auto& p : article.paragraphs) {
    std::string n = normalize_text(p);
    if (!n.empty()) kept.push_back(std::move(n));
  }
  article.paragraphs = std::move(kept);
  return article;
}

std::uint64_t hash64(std::string_view data) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t k = 0; k < a.size(); ++k)
    if (fold(a[k]) != fold(b[k])) return false;
  return true;
}

bool ascii_iequals_at(std::string_view text, std::size_t pos, std::string_view lower) {
  return pos <= text.size() && text.size() - pos >= lower.size() && ascii_iequals(text.substr(pos, lower.size()), lower);
}

std::size_t find_markup(std::string_view text, std::string_view lower, std::size_t from) {
  for (std::size_t pos = text.find('<', from); pos != std::string_view::npos; pos = text.find('<', pos + 1))
    if (ascii_iequals_at(text, pos, lower)) return pos;
  return std::string_view::npos;
}

std::string hash_hex(std::string_view data) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash64(data)));
  return buf;
}

std::string content_hash(const Article& a) {
  // Fields are separated by a byte that normalised text never contains, so ["ab","c"] and
  // ["a","bc"] hash differently. Byline and dates are not part of "the text changed".
  std::string joined = a.title;
  for (const auto& p : a.paragraphs) {
    joined += '\x1f';
    joined += p;
  }
  return hash_hex(joined);
}

double containment(const std::string& part, const std::string& whole) {
  auto trigrams = [](const std::string& s) {
    std::vector<std::string> words;
    std::string w;
    for (unsigned char c : s + " ") {
      if (std::isalnum(c) || c >= 0x80) {
        w += static_cast<char>(std::tolower(c));
      } else if (!w.empty()) {
        words.push_back(std::move(w));
        w.clear();
      }
    }
    std::unordered_map<std::string, int> counts;
    for (std::size_t i = 0; i + 2 < words.size(); ++i) ++counts[words[i] + ' ' + words[i + 1] + ' ' + words[i + 2]];
    return counts;
  };
  auto p = trigrams(part), h = trigrams(whole);
  int total = 0, found = 0;
  for (const auto& [t, n] : p) {
    total += n;
    auto it = h.find(t);
    found += std::min(n, it == h.end() ? 0 : it->second);
  }
  return total == 0 ? 1.0 : static_cast<double>(found) / total;
}

}  // namespace diffwire
