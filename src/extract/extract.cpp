// The layers of extract.hpp, in order. Each layer either answers (paragraphs with real text) or
// passes; notes for --explain say which and why.
#include "diffwire/extract.hpp"

#include <algorithm>
#include <optional>
#include <cctype>
#include <unordered_map>

#include "diffwire/charset.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/url.hpp"
#include "extract/blocks.hpp"
#include "extract/generic_layer.hpp"
#include "extract/html.hpp"
#include "extract/live_blog.hpp"
#include "extract/metadata.hpp"
#include "extract/selector.hpp"
#include "extract/site_rules.hpp"

namespace diffwire {

namespace {

// A layer answers only with this much text: less is a stub, a teaser or a selector gone stale.
constexpr std::size_t kMinAnswer = 150;

std::size_t total_chars(const std::vector<std::string>& paragraphs) {
  std::size_t n = 0;
  for (const auto& p : paragraphs) n += p.size();
  return n;
}

void note(const ExtractOptions& o, std::string text) {
  if (o.explain) o.explain->notes.push_back(std::move(text));
}

std::string versioned(const std::string& method) { return method + "@" + kExtractorVersion; }

// ---------------------------------------------------------------------------------------------
// Site rules

bool dropped_by(const SiteRule& rule, const GumboNode* node) {
  for (const Selector& d : rule.drop)
    if (d.matches(node)) return true;
  return false;
}

const SiteRule* rule_for(const ExtractOptions& o) {
  if (!o.rules || o.url.empty()) return nullptr;
  try {
    return o.rules->find(parse_http_url(o.url).host);
  } catch (const std::exception&) {  // not an http(s) URL (a file): no host, no rule
    return nullptr;
  }
}

std::vector<std::string> split_json_body(const std::string& body) {
  if (body.find('<') != std::string::npos && body.find('>') != std::string::npos) {
    // Some publishers put HTML in articleBody: parse it and take its blocks.
    HtmlDocument fragment(body);
    const GumboNode* fbody = find_first(fragment.root(), GUMBO_TAG_BODY);
    if (fbody) return extract_generic(fbody, nullptr).paragraphs;
  }
  return text_lines(body);
}

std::string join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) {
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

}  // namespace

std::string_view wall_phrase(std::string_view lowered) {
  static constexpr std::string_view walls[] = {
      "subscribe to continue reading", "subscribe to read", "this content is for subscribers",
      "to continue reading, log in", "sign in to continue reading", "you have reached your limit",
      "you've reached your limit", "create a free account to continue", "create a free account to keep reading",
      "register to continue reading", "we value your privacy", "accept all cookies", "before you continue to",
      "please enable javascript", "enable javascript to", "javascript is disabled", "javascript is required",
      "checking your browser before accessing", "are you a robot", "access denied"};
  for (std::string_view w : walls)
    if (lowered.find(w) != std::string_view::npos) return w;
  return {};
}

std::string extractor_version_of(std::string_view method) {
  auto at = method.rfind('@');
  return at == std::string_view::npos ? "" : std::string(method.substr(at + 1));
}

namespace {

// A page cut off, or broken, inside a <title> that is never closed: the HTML parser reads all the rest
// as the title's text (it is RCDATA) and the page has no body — a browser shows it blank. diffwire
// reads it as if the title ended where the next tag begins, so that a truncated capture still yields
// its article rather than "no article". nullopt when there is no such title.
std::optional<std::string> close_runaway_title(std::string_view html) {
  std::size_t open = find_markup(html, "<title");
  while (open != std::string_view::npos && open + 6 < html.size() &&
         !(std::isspace(static_cast<unsigned char>(html[open + 6])) || html[open + 6] == '>'))
    open = find_markup(html, "<title", open + 1);
  if (open == std::string_view::npos) return std::nullopt;
  std::size_t text = html.find('>', open);
  if (text == std::string_view::npos) return std::nullopt;
  // Only "</title" then white space, "/" or ">" ends it (the tokenizer's appropriate end tag):
  // "</titlevalue=…>", a template's slip, is text inside the title.
  for (std::size_t close = find_markup(html, "</title", text); close != std::string_view::npos;
       close = find_markup(html, "</title", close + 1)) {
    unsigned char after = close + 7 < html.size() ? static_cast<unsigned char>(html[close + 7]) : 0;
    if (std::isspace(after) || after == '/' || after == '>') return std::nullopt;
  }
  for (std::size_t pos = html.find('<', text); pos != std::string_view::npos; pos = html.find('<', pos + 1)) {
    unsigned char next = pos + 1 < html.size() ? static_cast<unsigned char>(html[pos + 1]) : 0;
    if (std::isalpha(next) || next == '/' || next == '!')
      return std::string(html.substr(0, pos)) + "</title>" + std::string(html.substr(pos));
  }
  return std::nullopt;
}

// A sentence of some length: eight words or more (25 characters or more in scripts written
// without spaces) and a mark that ends a sentence. A skip link, a menu, a ticker's headlines, footer
// links and a "Loading…" placeholder have none.
bool reads_as_prose(std::string_view p) {
  int words = 0, wide = 0;
  bool in_word = false, stop = false;
  for (std::size_t i = 0; i < p.size();) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x80) {
      bool space = c == ' ' || c == '\t' || c == '\n';
      if (!space && !in_word) ++words;
      in_word = !space;
      if (c == '.' || c == '!' || c == '?') stop = true;
      ++i;
      continue;
    }
    auto [cp, n] = code_point_at(p, i);
    // 。！？ and the danda, the Arabic question mark and full stop
    if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E || cp == 0x0964 || cp == 0x061F || cp == 0x06D4)
      stop = true;
    if (cp >= 0x2E80) ++wide;
    if (!in_word) ++words;
    in_word = true;
    i += n;
  }
  return stop && (words >= 8 || wide >= 25);
}

// Why the text the generic layer found is not an article ("" when it may be one). Page furniture is
// what is left on a page whose text is loaded by script, on a consent or registration wall and on a
// page of links, and the generic layer returns the best of it: a skip link, a cookie notice, a
// ticker repeated, footer links. A short text that names a wall is one; otherwise an article has a
// paragraph of prose, and text without one is judged furniture when it is mostly links or repeats
// itself. (A short page of plain text with none of these marks, or with a link or three, is left
// alone: nothing says it is furniture.)
std::string not_an_article(const std::vector<std::string>& paragraphs, double link_density) {
  std::size_t chars = 0;
  for (const std::string& p : paragraphs) chars += p.size();
  // A short text that says it is a wall is one, whatever else it says ("Already registered? Log in
  // with your e-mail address…"); a long article may mention subscriptions.
  if (chars < kWallTextLimit) {
    std::string lowered;
    for (const std::string& p : paragraphs) lowered += ascii_lower(p) + '\n';
    if (std::string_view w = wall_phrase(lowered); !w.empty())
      return "a short text that says it is a wall (\"" + std::string(w) + "\")";
  }
  // (A consent placeholder never gets here: the block writer drops it, see is_placeholder_line.)
  if (std::any_of(paragraphs.begin(), paragraphs.end(), [](const std::string& p) { return reads_as_prose(p); })) return "";
  if (link_density >= 0.5 && paragraphs.size() >= 4)
    return "no prose (a sentence of eight words or more), and " + std::to_string(static_cast<int>(link_density * 100)) +
           "% of its text is links";
  std::unordered_map<std::string_view, int> seen;
  for (const std::string& p : paragraphs)
    if (++seen[p] == 3) return "no prose, and a line repeated three times (\"" + utf8_prefix(p, 40) + "\")";
  return "";
}

}  // namespace

Article extract_article(std::string_view page, const ExtractOptions& options) {
  std::optional<std::string> recovered = close_runaway_title(page);
  if (recovered) note(options, "an unclosed <title> would swallow the page: closed where the next tag begins");
  std::string_view html = recovered ? std::string_view(*recovered) : page;
  const SiteRule* rule = rule_for(options);  // its selectors may name any attribute
  HtmlDocument doc(html, options.url, rule ? KeepAttributes::all : KeepAttributes::read_by_extractor);
  const PrefilterStats& pf = doc.prefilter_stats();
  if (pf.dropped_tags > 0)
    note(options, "hostile nesting: " + std::to_string(pf.dropped_tags) + " start tags deeper than " +
                      std::to_string(kMaxParseDepth) + " were dropped before parsing (their text kept)");
  if (pf.dropped_formatting > 0)
    note(options, "hostile formatting: " + std::to_string(pf.dropped_formatting) + " formatting start tags beyond " +
                      std::to_string(kMaxOpenFormatting) + " open ones were dropped before parsing (their text kept)");
  if (pf.dropped_attributes > 0)
    note(options, "hostile attributes: " + std::to_string(pf.dropped_attributes) + " attributes beyond " +
                      std::to_string(kMaxAttributes) + " on one tag were dropped before parsing");
  PageMetadata meta = read_metadata(doc.root());

  Article article;
  article.title = meta.title;
  article.byline = meta.byline;
  article.published = meta.published;
  article.modified = meta.modified;
  for (auto [raw, from] : {std::pair{&meta.canonical, "rel=canonical"}, std::pair{&meta.og_url, "og:url"}}) {
    if (raw->empty()) continue;
    std::optional<std::string> url = options.url.empty() ? resolve_url(*raw, *raw) : resolve_url(options.url, *raw);
    if (!url) continue;
    article.canonical_url = *url;
    article.canonical_from = from;
    break;
  }
  const GumboNode* body = find_first(doc.root(), GUMBO_TAG_BODY);

  // 1. Site rules.
  if (rule) {
    note(options, "site rule [" + rule->name + "] (" + rule->origin + ") matches the host");
    if (rule->title) {
      std::vector<const GumboNode*> t = rule->title->select(doc.root(), true);
      std::string title = t.empty() ? "" : normalize_text(text_content(t.front()));
      if (!title.empty()) article.title = title;
      note(options, title.empty() ? "  title = " + rule->title->text() + " found nothing; title from metadata"
                                  : "  title = " + rule->title->text() + " answered");
    }
    if (rule->body && body) {
      std::vector<const GumboNode*> parts = rule->body->select(body, true);
      std::vector<std::string> paragraphs;
      for (const GumboNode* part : parts) {
        std::vector<std::string> blocks = block_texts(part, [&](const GumboNode* n) {
          if (!dropped_by(*rule, n)) return false;
          note(options, "  dropped by the rule: " + normalize_text(text_content(n)).substr(0, 60));
          return true;
        });
        paragraphs.insert(paragraphs.end(), blocks.begin(), blocks.end());
      }
      std::size_t chars = total_chars(paragraphs);
      note(options, "  body = " + rule->body->text() + " matched " + std::to_string(parts.size()) + " element(s), " +
                        std::to_string(chars) + " characters" + (chars >= kMinAnswer ? ": answered" : ": too little, passing on"));
      if (chars >= kMinAnswer) {
        article.paragraphs = std::move(paragraphs);
        article.method = versioned("site-rule:" + rule->name);
      }
    }
  } else if (options.rules && !options.url.empty()) {
    note(options, "no site rule for this host");
  }

  // 2. Live blogs.
  if (article.paragraphs.empty() && body) {
    if (std::optional<std::vector<std::string>> posts = extract_live_posts(meta, body, options.explain)) {
      article.paragraphs = std::move(*posts);
      article.method = versioned("live-blog");
    }
  }

  // 3 and 4. Microdata, generic, JSON-LD.
  double generic_link_density = 0;
  if (article.paragraphs.empty() && body) {
    GenericResult generic = extract_generic(body, options.explain);
    generic_link_density = generic.link_density;
    article.paragraphs = std::move(generic.paragraphs);
    article.method = versioned(generic.marked_body ? "microdata" : "dom");
    // The publisher's own articleBody wins when the DOM result misses most of it. Bodies cut short
    // ("…", often behind paywalls) are summaries, not the article.
    std::string ld_body = normalize_text(meta.ld_body);
    bool truncated = ld_body.ends_with("...") || ld_body.ends_with("…") || ld_body.ends_with("[…]");
    if (!generic.marked_body && ld_body.size() >= 200 && !truncated) {
      double covered = containment(ld_body, join(article.paragraphs));
      note(options, "JSON-LD articleBody: " + std::to_string(static_cast<int>(covered * 100)) +
                        "% of it is in the generic result" + (covered < 0.5 ? ": the JSON-LD text answers" : ": kept the generic result"));
      if (covered < 0.5) {
        article.paragraphs = split_json_body(meta.ld_body);
        article.method = versioned("json-ld");
      }
    }
  }
  if (article.method.empty()) article.method = versioned("dom");

  // 5. A metered paywall's prompt beside a whole story is not the story's text: it comes and goes
  // between captures. A text that is little else stays whole, for the wall checks below and poll's.
  std::size_t story_chars = 0;
  bool prose = false;
  for (const std::string& p : article.paragraphs)
    if (!is_paywall_prompt(p)) {
      story_chars += p.size();
      prose |= reads_as_prose(p);
    }
  if (prose && story_chars >= 400)
    std::erase_if(article.paragraphs, [](const std::string& p) { return is_paywall_prompt(p); });

  // 6. Is it an article at all? Only the generic layer's answer is judged: the publisher's markup,
  // JSON-LD and site rules said where the article is.
  if (article.method == versioned("dom") && !article.paragraphs.empty()) {
    if (std::string why = not_an_article(article.paragraphs, generic_link_density); !why.empty()) {
      note(options, "no article: " + why);
      article.paragraphs.clear();
    }
  }

  // A heading that repeats the title is the title, shown apart, not the first paragraph.
  for (std::size_t i = 0; i < article.paragraphs.size() && i < 5; ++i) {
    const std::string& p = article.paragraphs[i];
    if (p.size() <= article.title.size() * 3 / 2 + 10 && text_similarity(article.title, p) > 0.75) {
      article.paragraphs.erase(article.paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  note(options, "answered by " + article.method + ": " + std::to_string(article.paragraphs.size()) + " paragraph(s)");
  return normalized(std::move(article));
}

}  // namespace diffwire
