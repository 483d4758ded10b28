#include "extract/prefilter.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "diffwire/charset.hpp"
#include "diffwire/error.hpp"
#include "extract/html.hpp"
#include "support.hpp"

using namespace diffwire;

TEST_CASE("scripts, styles, comments, SVG, noscript and templates go; JSON-LD and text stay") {
  std::string page =
      "<html><head><title>T</title><style>p > a { color: red }</style>"
      "<script>if (a < b && c > d) document.write('</div>');</script>"
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head>"
      "<body><!-- a comment with <p>markup</p> --><p>Before <svg viewBox=\"0 0 1 1\"><svg><text>icon</text></svg>"
      "<path d=\"M0 0\"/></svg>after.</p><noscript><img src=x></noscript><template><p>later</p></template>"
      "<SCRIPT type='text/javascript'>var x = \"</scripty>\";</SCRIPT ><p data-x=\"a > b\">Kept.</p></body></html>";
  PrefilterStats stats;
  std::string out = prefilter(page, kMaxParseDepth, &stats);
  CHECK(out ==
        "<html><head><title>T</title>"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head>"
        "<body><p>Before after.</p><p data-x=\"a > b\">Kept.</p></body></html>");
  CHECK(stats.removed_bytes == page.size() - out.size());
  CHECK(stats.dropped_tags == 0);
}

TEST_CASE("an unclosed script or comment runs to the end of the page, as in a browser") {
  CHECK(prefilter("<p>a</p><script>never closed <p>b</p>") == "<p>a</p>");
  CHECK(prefilter("<p>a</p><!-- never closed <p>b</p>") == "<p>a</p>");
  CHECK(prefilter("<p>a<!---->b</p>") == "<p>ab</p>");
}

TEST_CASE("raw text is not markup: a <div> inside a title or textarea neither nests nor is cut") {
  std::string page = "<title>a <div><div><div> b</title><textarea><!-- not a comment --></textarea><div>x</div>";
  CHECK(prefilter(page, 1) == page);
}

TEST_CASE("nesting is limited; text is kept, shallow pages are untouched") {
  std::string shallow = "<html><body><div><p>one<p>two<ul><li>a<li>b</ul><br><img src=x></div></body></html>";
  CHECK(prefilter(shallow, 5) == shallow);
  std::string deep;
  for (int i = 0; i < 10; ++i) deep += "<div class=d" + std::to_string(i) + ">";
  deep += "text";
  PrefilterStats stats;
  CHECK(prefilter(deep, 3, &stats) == "<div class=d0><div class=d1><div class=d2>text");
  CHECK(stats.dropped_tags == 7);
}

TEST_CASE("the parsed document never sees what was cut") {
  HtmlDocument doc("<body><p>one<script>two</script><style>three</style><!--four-->five</p></body>");
  CHECK(text_content(doc.root()) == "onefive");
  CHECK(doc.prefilter_stats().removed_bytes > 0);
}

namespace {
// Elements in the parsed tree, counted without recursion (the tree may be deep).
std::size_t element_count(const GumboNode* root) {
  std::size_t n = 0;
  std::vector<const GumboNode*> todo{root};
  while (!todo.empty()) {
    const GumboNode* node = todo.back();
    todo.pop_back();
    if (is_element(node)) ++n;
    const GumboVector& kids = children_of(node);
    for (unsigned i = 0; i < kids.length; ++i) todo.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return n;
}
}  // namespace

TEST_CASE("one tag with 200,000 attributes keeps its first 256 (gumbo takes minutes on all of them)") {
  std::string html = "<html><body><div";
  for (int i = 0; i < 200000; ++i) html += " a" + std::to_string(i) + "=\"v>" + std::to_string(i) + "\"";
  html += "><p>The text after the attribute bomb.</p></div></body></html>";
  HtmlDocument doc(html);
  const GumboNode* div = find_first(doc.root(), GUMBO_TAG_DIV);
  REQUIRE(div != nullptr);
  CHECK(div->v.element.attributes.length == kMaxAttributes);
  CHECK(attribute(div, "a255") == "v>255");  // quoted '>' does not end the kept part early
  CHECK(attribute(div, "a256").empty());
  CHECK(doc.prefilter_stats().dropped_attributes == 200000 - kMaxAttributes);
  CHECK(text_content(doc.root()) == "The text after the attribute bomb.");
  // A tag at the limit is untouched.
  std::string at_limit = "<p";
  for (std::size_t i = 0; i < kMaxAttributes; ++i) at_limit += " b" + std::to_string(i);
  at_limit += ">x</p>";
  CHECK(prefilter(at_limit) == at_limit);
}

TEST_CASE("unclosed formatting elements cannot multiply the tree") {
  // 390 distinct <b>s left open in a paragraph are re-opened in each of the 20,000 that follow:
  // 7.8 million elements, 3 GB and 8 s in a bare gumbo parse of these 84 KB.
  std::string html = "<html><body><p>";
  for (int i = 0; i < 390; ++i) html += "<b id=" + std::to_string(i) + ">";
  html += "x";
  for (int i = 0; i < 20000; ++i) html += "<p>x";
  HtmlDocument doc(html);
  CHECK(doc.prefilter_stats().dropped_formatting == 390 - kMaxOpenFormatting);
  std::size_t elements = element_count(doc.root());
  CHECK(elements > 20000 * kMaxOpenFormatting);  // the re-opening is real, and bounded:
  CHECK(elements <= 20000 * (kMaxOpenFormatting + 1) + 100);
  CHECK(elements <= doc.prefilter_stats().start_tags + doc.prefilter_stats().reopened + 10);
  CHECK(text_content(doc.root()).size() == 20001);
  // Closed formatting elements are never counted against the limit, and an end tag closes only its own.
  std::string closed;
  for (int i = 0; i < 1000; ++i) closed += "<b>bold</b> <i>it</i> ";
  CHECK(prefilter(closed) == closed);
  std::string stray = "<html><body>";
  for (int i = 0; i < 100; ++i) stray += "<b id=" + std::to_string(i) + "></i>";
  PrefilterStats stats;
  prefilter(stray, kMaxParseDepth, &stats);
  CHECK(stats.dropped_formatting == 100 - kMaxOpenFormatting);
}

TEST_CASE("a page past the element or byte budget is refused with the reason, not truncated") {
  std::string many = "<html><body>";
  for (std::size_t i = 0; i < kMaxElements; ++i) many += "<p>x";
  CHECK_THROWS_WITH_AS((HtmlDocument{many, "https://example.org/bomb"}),
                       "page refused: https://example.org/bomb: 200002 elements, more than the 200000 a page may have",
                       PageRefused);
  // Few start tags, but each paragraph re-opens eight formatting elements.
  std::string reopening = "<html><body><p><b id=1><b id=2><b id=3><b id=4><b id=5><b id=6><b id=7><b id=8>x";
  for (int i = 0; i < 30000; ++i) reopening += "<p>x";
  CHECK_THROWS_WITH_AS(HtmlDocument{reopening}, doctest::Contains("270011 elements"), PageRefused);
  std::string huge = "<html><body><p>" + std::string(kMaxParseBytes, 'x');
  CHECK_THROWS_WITH_AS(HtmlDocument{huge}, doctest::Contains("MiB of markup"), PageRefused);
  // Just under both budgets: parsed.
  std::string fits = "<p>" + std::string(kMaxParseBytes - 100, 'x');
  CHECK(text_content(HtmlDocument(fits).root()).size() == kMaxParseBytes - 100);
}

// ---- The prefilter reads as gumbo does ------------------------------------------------------------
// Every document of the html5lib tokenizer and tree-construction tests is parsed by gumbo twice, as
// it comes and after the prefilter; the visible text must be the same. Visible: text outside script,
// style, template, noscript and SVG (the parts the prefilter exists to drop), whitespace collapsed.
// The one intended difference is <noscript>: the prefilter reads a page as a browser with scripting
// on (its content is not shown), while gumbo parses noscript's content as markup; the documents
// that differ only through it are counted and named, not failed.
namespace {

void visible_text(const GumboNode* node, std::string& out, int depth) {
  if (depth > kMaxDepth) return;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
    for (const char* c = node->v.text.text; *c; ++c) {
      bool space = *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f';
      if (!space) out += *c;
      else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    return;
  }
  if (node->type == GUMBO_NODE_ELEMENT) {
    GumboTag t = node->v.element.tag;
    if (node->v.element.tag_namespace == GUMBO_NAMESPACE_SVG || t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE ||
        t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_NOSCRIPT)
      return;
    if (out.empty() || out.back() != ' ') out += ' ';  // element boundaries separate words
  } else if (node->type != GUMBO_NODE_DOCUMENT) {
    return;
  }
  const GumboVector& kids = children_of(node);
  for (unsigned i = 0; i < kids.length; ++i) visible_text(static_cast<const GumboNode*>(kids.data[i]), out, depth + 1);
}

// The reference: gumbo's parse of a document as it comes. gumbo 0.10.1 leaks a few bytes on one of
// them (a DOCTYPE inside head's <noscript>, noscript01.dat); diffwire never parses that (the
// prefilter drops <noscript>), so the leak checker looks away from the reference parse only.
std::string gumbo_visible_text(std::string_view html, [[maybe_unused]] bool reference = false) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 16;
#ifdef __SANITIZE_ADDRESS__
  if (reference) __lsan_disable();
#endif
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
#ifdef __SANITIZE_ADDRESS__
  if (reference) __lsan_enable();
#endif
  std::string out;
  visible_text(output->root, out, 0);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

// Control characters shown as \xNN, so that the report prints whole.
std::string printable(std::string_view s, std::size_t limit) {
  std::string out;
  for (char c : s.substr(0, limit)) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\n') {
      out += c;
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[(c >> 4) & 0xF];
      out += hex[c & 0xF];
    }
  }
  return out;
}

struct Html5libDocument {
  std::string name;  // file and index, for the failure message
  std::string html;
  std::string scripting;  // "on" or "off" when the test is for one mode only (tree construction)
  std::string expected;   // the tree html5lib expects, as the test dumps it
};

// The visible text of a tree as html5lib-tests dumps it ("| " and two spaces per level; elements
// "<name>", SVG ones "<svg name>", text in double quotes, perhaps over several lines), read as
// visible_text reads gumbo's tree.
std::string dump_visible_text(const std::string& dump) {
  std::string out;
  int hidden_below = -1;  // the depth of the element whose content is not visible, or -1
  std::size_t p = 0;
  while (p < dump.size()) {
    std::size_t eol = dump.find('\n', p);
    if (eol == std::string::npos) eol = dump.size();
    std::string line = dump.substr(p, eol - p);
    p = eol + 1;
    if (line.rfind("| ", 0) != 0) continue;
    std::size_t indent = line.find_first_not_of(' ', 2);
    if (indent == std::string::npos) continue;
    int depth = static_cast<int>(indent - 2) / 2;
    std::string node = line.substr(indent);
    if (hidden_below >= 0 && depth <= hidden_below) hidden_below = -1;
    if (node.front() == '"') {  // text, up to the line that ends with '"'
      std::string text = node.substr(1);
      while (text.empty() || text.back() != '"') {
        std::size_t e = dump.find('\n', p);
        if (e == std::string::npos) e = dump.size();
        text += '\n';
        text.append(dump, p, e - p);
        p = e + 1;
      }
      text.pop_back();
      if (hidden_below >= 0) continue;
      for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (!space) out += c;
        else if (!out.empty() && out.back() != ' ') out += ' ';
      }
    } else if (node.front() == '<' && node.compare(0, 2, "<!") != 0 && hidden_below < 0) {
      std::string name = node.substr(1, node.size() - 2);
      if (name.rfind("svg ", 0) == 0 || name == "script" || name == "style" || name == "template" || name == "noscript")
        hidden_below = depth;
      else if (out.empty() || out.back() != ' ')
        out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

// Tokenizer tests marked doubleEscaped spell code points as \uXXXX inside the JSON string.
std::string unescape_double(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 5 < s.size() && s[i + 1] == 'u') {
      append_utf8(out, static_cast<std::uint32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16)));
      i += 5;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<Html5libDocument> html5lib_documents() {
  namespace fs = std::filesystem;
  std::vector<Html5libDocument> docs;
  fs::path root = fs::path(testing::shared_dir()) / "corpora" / "html5lib-tests";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string name = fs::relative(file, root).string();
    if (file.extension() == ".dat") {
      std::string text = testing::read_text(file.string());
      std::size_t index = 0;
      for (std::size_t p = text.find("#data\n"); p != std::string::npos; p = text.find("\n#data\n", p)) {
        std::size_t start = p + (text.compare(p, 6, "#data\n") == 0 ? 6 : 7);
        std::size_t end = text.find("\n#errors\n", start - 1);
        if (end == std::string::npos) break;
        std::size_t next = text.find("\n#data\n", end);
        std::string rest = text.substr(end, next == std::string::npos ? std::string::npos : next - end);
        std::string scripting = rest.find("\n#script-on\n") != std::string::npos    ? "on"
                                : rest.find("\n#script-off\n") != std::string::npos ? "off"
                                                                                    : "";
        std::size_t tree = rest.find("\n#document\n");
        docs.push_back({name + " #" + std::to_string(++index), end < start ? "" : text.substr(start, end - start),
                        scripting, tree == std::string::npos ? "" : rest.substr(tree + 11)});
        p = end;
      }
    } else if (file.extension() == ".test") {
      auto json = nlohmann::json::parse(testing::read_text(file.string()));
      std::size_t index = 0;
      for (const auto& [key, tests] : json.items()) {
        for (const auto& test : tests) {
          std::string input = test.at("input").get<std::string>();
          if (test.value("doubleEscaped", false)) input = unescape_double(input);
          std::string label = name + " #" + std::to_string(++index);
          // The state a test starts in is the content of an element: read it inside that element too.
          if (test.contains("initialStates")) {
            for (const auto& state : test["initialStates"]) {
              std::string s = state.get<std::string>();
              std::string open = s == "RCDATA state"        ? "<title>"
                                 : s == "RAWTEXT state"     ? "<style>"
                                 : s == "Script data state" ? "<script>"
                                 : s == "PLAINTEXT state"   ? "<plaintext>"
                                 : s == "CDATA section state" ? "<svg><![CDATA["
                                                              : "";
              if (!open.empty()) docs.push_back({label + " in " + open, "<p>before</p>" + open + input + "<p>after", "", ""});
            }
          }
          docs.push_back({label, input, "", ""});
        }
      }
    }
  }
  return docs;
}

}  // namespace

TEST_CASE("the prefilter reads as gumbo does: every html5lib-tests document keeps its visible text") {
  std::vector<Html5libDocument> docs = html5lib_documents();
  REQUIRE(docs.size() > 8600);  // the corpus is there and was read whole
  std::size_t scripting_on = 0, scripting_differs = 0;
  std::vector<std::string> differing;
  for (const Html5libDocument& doc : docs) {
    std::string before = gumbo_visible_text(doc.html, true);
    std::string after = gumbo_visible_text(prefilter(doc.html));
    // (The scripted/ tests run document.write, which no reader of diffwire does: gumbo is their reference.)
    if (doc.scripting == "on" && doc.name.rfind("tree-construction/scripted/", 0) != 0) {
      // gumbo parses as a browser with scripting off; html5lib's tree for scripting on is the reference.
      before = dump_visible_text(doc.expected);
      ++scripting_on;
    }
    if (before == after) continue;
    if (doc.scripting == "off") {  // html5lib says scripting changes this one; its "on" twin is checked above
      ++scripting_differs;
      continue;
    }
    differing.push_back(doc.name + ": " + printable(doc.html, 100) + "\n    reference: " + printable(before, 120) +
                        "\n    prefilter: " + printable(after, 120));
  }
  std::string report;
  for (const std::string& d : differing) report += d + "\n";
  INFO(differing.size(), " documents read differently:\n", report);
  CHECK(differing.empty());
  CHECK(scripting_on >= 8);  // the scripting-on references were found and compared
  MESSAGE(docs.size(), " documents; ", scripting_on, " compared with html5lib's scripting-on tree; ", scripting_differs,
          " read as scripting off by gumbo differ through <noscript> (intended)");
}

TEST_CASE("with only the extractor's attributes, the others never reach the parser; the text is the same") {
  std::string page = "<div class=story data-model='{\"id\":1,\"x\":\"a > b\"}' onclick=\"go()\" id=s1 hidden>"
                     "<img src=x.jpg srcset=\"x.jpg 1x, y.jpg 2x\" alt=\"A photo\"/><p itemprop=articleBody data-n=1>"
                     "Text.</p><a href=/next rel=next data-track=\"click\">Next</a></div>";
  CHECK(prefilter(page, kMaxParseDepth, nullptr, KeepAttributes::read_by_extractor) ==
        "<div class=story id=s1 hidden><img/><p itemprop=articleBody>Text.</p><a href=/next rel=next>Next</a></div>");
  CHECK(prefilter(page) == page);  // all of them, by default (a site rule may select on any)
  // A tag with only attributes the extractor reads is passed on as written.
  std::string plain = "<p class=\"a b\" id='c'>x</p>";
  CHECK(prefilter(plain, kMaxParseDepth, nullptr, KeepAttributes::read_by_extractor) == plain);
}

TEST_CASE("a kept raw-text element's attributes are budgeted too; its content is left as it is") {
  std::string html = "<html><head><title";
  for (int i = 0; i < 100000; ++i) html += " a" + std::to_string(i) + "=1";
  html += ">A <b>title</b></title></head><body><iframe data-x=1 src=y>no <p>markup</p></iframe><p>Text.</p></body></html>";
  PrefilterStats stats;
  std::string out = prefilter(html, kMaxParseDepth, &stats, KeepAttributes::read_by_extractor);
  CHECK(stats.dropped_attributes == 100000 - kMaxAttributes);
  CHECK(out == "<html><head><title>A <b>title</b></title></head><body><iframe>no <p>markup</p></iframe><p>Text.</p></body></html>");
}
