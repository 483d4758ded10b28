// A small CSS selector engine over gumbo, for site rules: type (`p`), `.class`, `#id`, `[attr]`,
// `[attr=v]`, `[attr~=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]`, `:not(compound)`, `*`, the
// descendant (` `) and child (`>`) combinators, and groups (`a, b`). Enough to point at an article
// body on any news site; nothing that needs layout or state (no pseudo-classes beyond :not).
#pragma once
#include <gumbo.h>

#include <memory>
#include <string>
#include <vector>

namespace diffwire {

class Selector {
 public:
  // Throws Error naming the selector and what is wrong with it.
  explicit Selector(const std::string& text);
  Selector(Selector&&) noexcept;
  Selector& operator=(Selector&&) noexcept;
  ~Selector();

  bool matches(const GumboNode* element) const;
  // Every matching element below root (root included), in document order; a match inside another
  // match is left out when outermost_only is set.
  std::vector<const GumboNode*> select(const GumboNode* root, bool outermost_only = false) const;
  const std::string& text() const { return text_; }

 private:
  struct Compiled;
  std::string text_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace diffwire
