// Output formats. Text for terminals (escape sequences from a page are neutralised first), the
// NewsSniffer-style two-column view, JSON with nlohmann (invalid UTF-8 replaced, never thrown), and
// HTML in which every piece of article text is escaped. The same VersionDiff feeds all of them, so
// the formats cannot disagree about what changed.
#include "diffwire/render.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

#include "diffwire/change_classes.hpp"
#include "diffwire/error.hpp"
#include "diffwire/url.hpp"

namespace diffwire {

namespace {

using json = nlohmann::ordered_json;

std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

const char* kRed = "\x1b[31m";
const char* kGreen = "\x1b[32m";
const char* kRedBg = "\x1b[1;41;37m";
const char* kGreenBg = "\x1b[1;42;37m";
const char* kBold = "\x1b[1m";
const char* kDim = "\x1b[2m";
const char* kReset = "\x1b[0m";

std::string version_label(int number) { return number > 0 ? "Version " + std::to_string(number) : ""; }

// Word ops inline: colour on a terminal, [-removed-]{+added+} otherwise.
std::string inline_words(const std::vector<WordOp>& words, bool color) {
  std::string out;
  for (const auto& w : words) {
    std::string text = terminal_safe(w.text);
    if (w.op == OpKind::equal) out += text;
    else if (w.op == OpKind::del) out += color ? kRedBg + text + kReset : "[-" + text + "-]";
    else out += color ? kGreenBg + text + kReset : "{+" + text + "+}";
  }
  return out;
}

std::string header_line(const VersionDiff& d, bool from) {
  int n = from ? d.from : d.to;
  Seconds t = from ? d.from_time : d.to_time;
  if (n == 0) return "";
  std::string line = version_label(n) + " (" + format_iso8601(t);
  if (!from && d.from > 0) line += ", " + describe_later(d.to_time - d.from_time);
  return line + ")";
}

// --- side by side -------------------------------------------------------------------------------

struct Piece {
  std::string text;
  const char* style;  // nullptr: plain
};

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Splits a string at a display width, on a UTF-8 boundary.
std::pair<std::string, std::string> split_at_width(const std::string& s, std::size_t width) {
  std::size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == width) break;
      ++n;
    }
  }
  return {s.substr(0, i), s.substr(i)};
}

// Word-wraps styled pieces into lines of at most `width` columns; each line is (rendered, visible
// width). Spaces are never styled and never end a line, so columns line up.
std::vector<std::pair<std::string, std::size_t>> wrap(const std::vector<Piece>& pieces, std::size_t width, bool color) {
  std::vector<std::pair<std::string, std::size_t>> lines;
  std::string line;
  std::size_t used = 0;
  bool space_before = false;
  const char* open = nullptr;  // the style in force on this line; one escape sequence per run
  auto set_style = [&](const char* style) {
    if (!color || style == open) return;
    if (open) line += kReset;
    if (style) line += style;
    open = style;
  };
  auto newline = [&] {
    set_style(nullptr);
    lines.emplace_back(line, used);
    line.clear();
    used = 0;
  };
  auto place = [&](const std::string& word, const char* style) {
    std::size_t gap = used > 0 && space_before ? 1 : 0;
    if (used > 0 && used + gap + display_width(word) > width) {
      newline();
      gap = 0;
    }
    if (gap && style != open) set_style(nullptr);  // a space between two styles is plain
    line += std::string(gap, ' ');
    used += gap;
    set_style(style);
    std::string rest = word;
    while (used + display_width(rest) > width) {  // a word longer than the column
      auto [head, tail] = split_at_width(rest, width - used);
      line += head;
      used += display_width(head);
      newline();
      set_style(style);
      rest = tail;
    }
    line += rest;
    used += display_width(rest);
  };
  for (const Piece& piece : pieces) {
    std::string marked = piece.text;
    if (!color && piece.style == kRedBg) marked = "[-" + marked + "-]";
    if (!color && piece.style == kGreenBg) marked = "{+" + marked + "+}";
    std::size_t i = 0;
    while (i < marked.size()) {
      if (marked[i] == ' ') {
        space_before = true;
        ++i;
        continue;
      }
      std::size_t j = marked.find(' ', i);
      if (j == std::string::npos) j = marked.size();
      place(marked.substr(i, j - i), piece.style);
      space_before = false;
      i = j;
    }
  }
  if (used > 0 || lines.empty()) newline();
  return lines;
}

// "(moved from paragraph 3)": where a moved paragraph was, 1-based as a reader counts.
std::string moved_from(const ParagraphOp& op) { return "(moved from paragraph " + std::to_string(op.from + 1) + ")"; }

std::vector<Piece> side_pieces(const ParagraphOp& op, bool left) {
  std::vector<Piece> out;
  if (op.op == OpKind::replace) {
    for (const auto& w : op.words) {
      if (w.op == OpKind::equal) out.push_back({terminal_safe(w.text), nullptr});
      else if (w.op == OpKind::del && left) out.push_back({terminal_safe(w.text), kRedBg});
      else if (w.op == OpKind::insert && !left) out.push_back({terminal_safe(w.text), kGreenBg});
    }
  } else if (op.op == OpKind::equal) {
    out.push_back({terminal_safe(left ? op.old_text : op.new_text), nullptr});
  } else if (op.op == OpKind::del && left) {
    out.push_back({terminal_safe(op.old_text), kRed});
  } else if (op.op == OpKind::insert && !left) {
    out.push_back({terminal_safe(op.new_text), kGreen});
  } else if (op.op == OpKind::move) {
    if (left) {
      out.push_back({moved_from(op), kDim});
    } else if (op.words.empty()) {
      out.push_back({terminal_safe(op.new_text), nullptr});
    } else {
      for (const auto& w : op.words)
        if (w.op == OpKind::equal) out.push_back({terminal_safe(w.text), nullptr});
        else if (w.op == OpKind::insert) out.push_back({terminal_safe(w.text), kGreenBg});
    }
  }
  return out;
}

void two_columns(std::string& out, const std::vector<Piece>& left, const std::vector<Piece>& right,
                 std::size_t col, bool color) {
  auto l = left.empty() ? std::vector<std::pair<std::string, std::size_t>>{} : wrap(left, col, color);
  auto r = right.empty() ? std::vector<std::pair<std::string, std::size_t>>{} : wrap(right, col, color);
  for (std::size_t i = 0; i < std::max(l.size(), r.size()); ++i) {
    std::string lt = i < l.size() ? l[i].first : "";
    std::size_t lw = i < l.size() ? l[i].second : 0;
    std::string rt = i < r.size() ? r[i].first : "";
    out += lt + std::string(col > lw ? col - lw : 0, ' ') + " │ " + rt;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
}

// --- html ---------------------------------------------------------------------------------------

std::string html_words(const std::vector<WordOp>& words, bool show_del, bool show_ins) {
  std::string out;
  for (const auto& w : words) {
    if (w.op == OpKind::equal) out += html_escape(w.text);
    else if (w.op == OpKind::del && show_del)
      out += "<del style=\"background:#fdd;text-decoration:line-through\">" + html_escape(w.text) + "</del>";
    else if (w.op == OpKind::insert && show_ins)
      out += "<ins style=\"background:#dfd;text-decoration:underline\">" + html_escape(w.text) + "</ins>";
  }
  return out;
}

json words_json(const std::vector<WordOp>& words) {
  json out = json::array();
  for (const auto& w : words) out.push_back({{"op", op_name(w.op)}, {"text", w.text}});
  return out;
}

}  // namespace

std::string terminal_safe(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += "\xEF\xBF\xBD";
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += "\xEF\xBF\xBD";  // C1 controls, including the 8-bit CSI
      ++i;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               ((static_cast<unsigned char>(text[i + 1]) == 0x80 && static_cast<unsigned char>(text[i + 2]) >= 0xAA &&
                 static_cast<unsigned char>(text[i + 2]) <= 0xAE) ||
                (static_cast<unsigned char>(text[i + 1]) == 0x81 && static_cast<unsigned char>(text[i + 2]) >= 0xA6 &&
                 static_cast<unsigned char>(text[i + 2]) <= 0xA9))) {
      out += "\xEF\xBF\xBD";  // bidirectional embeddings, overrides and isolates (U+202A–E, U+2066–9):
      i += 2;                  // they would reorder the rest of the line on the terminal
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

VersionDiff make_version_diff(const std::string& url, const VersionRecord& from, const VersionRecord& to) {
  VersionDiff d = make_article_diff(from.article, to.article);
  d.url = url;
  d.from = from.number;
  d.to = to.number;
  d.from_time = from.fetched_at;
  d.to_time = to.fetched_at;
  d.classes = classify_change(d.from_title, d.to_title, d.ops, !from.final_url.empty() && from.final_url != to.final_url);
  if (to.reverted_to > 0 && to.number == from.number + 1) d.classes.push_back("reverted");
  return d;
}

VersionDiff make_article_diff(const Article& from, const Article& to) {
  VersionDiff d;
  d.from_title = from.title;
  d.to_title = to.title;
  d.title = diff_title(from.title, to.title);
  d.ops = diff_paragraphs(from.paragraphs, to.paragraphs);
  d.classes = classify_change(from.title, to.title, d.ops);
  return d;
}

std::string render_diff_text(const VersionDiff& d, bool color) {
  std::string out;
  if (d.from > 0) {
    out += (color ? std::string(kBold) : "") + "--- " + header_line(d, true) + (color ? kReset : "") + "\n";
    out += (color ? std::string(kBold) : "") + "+++ " + header_line(d, false) + (color ? kReset : "") + "\n";
  }
  out += "Title: " + (d.title.op == OpKind::equal ? terminal_safe(d.to_title) : inline_words(d.title.words, color)) + "\n";
  DiffStats s = count_changes(d.ops);
  out += std::to_string(s.added) + " added, " + std::to_string(s.removed) + " removed, " +
         std::to_string(s.changed) + " changed" + (s.moved ? ", " + std::to_string(s.moved) + " moved" : "") +
         " paragraphs" + (d.classes.empty() ? "" : " [" + join_classes(d.classes) + "]") + "\n\n";
  // Unchanged paragraphs far from any change are elided, as a unified diff elides context.
  std::vector<bool> near(d.ops.size(), false);
  for (std::size_t i = 0; i < d.ops.size(); ++i)
    if (d.ops[i].op != OpKind::equal)
      for (std::size_t k = (i > 0 ? i - 1 : 0); k <= std::min(d.ops.size() - 1, i + 1); ++k) near[k] = true;
  std::size_t skipped = 0;
  auto flush_skipped = [&] {
    if (skipped == 0) return;
    std::string line = "  … " + std::to_string(skipped) + " unchanged paragraph" + (skipped == 1 ? "" : "s");
    out += (color ? kDim + line + kReset : line) + "\n";
    skipped = 0;
  };
  for (std::size_t i = 0; i < d.ops.size(); ++i) {
    const ParagraphOp& op = d.ops[i];
    if (op.op == OpKind::equal && !near[i]) {
      ++skipped;
      continue;
    }
    flush_skipped();
    switch (op.op) {
      case OpKind::equal: out += "  " + terminal_safe(op.new_text) + "\n"; break;
      case OpKind::del:
        out += color ? std::string(kRed) + "- " + terminal_safe(op.old_text) + kReset + "\n"
                     : "- " + terminal_safe(op.old_text) + "\n";
        break;
      case OpKind::insert:
        out += color ? std::string(kGreen) + "+ " + terminal_safe(op.new_text) + kReset + "\n"
                     : "+ " + terminal_safe(op.new_text) + "\n";
        break;
      case OpKind::replace: out += "~ " + inline_words(op.words, color) + "\n"; break;
      case OpKind::move:
        out += "↕ " + (color ? kDim + moved_from(op) + kReset : moved_from(op)) + " " +
               (op.words.empty() ? terminal_safe(op.new_text) : inline_words(op.words, color)) + "\n";
        break;
    }
  }
  flush_skipped();
  return out;
}

std::string render_side_by_side(const VersionDiff& d, bool color, int width) {
  std::size_t col = static_cast<std::size_t>(std::max(20, (width - 3) / 2));
  std::string out;
  std::string left = d.from > 0 ? version_label(d.from) : "Before";
  std::string right = d.to > 0 ? version_label(d.to) : "After";
  two_columns(out, {{left, kBold}}, {{right, kBold}}, col, color);
  if (d.from > 0)
    two_columns(out, {{format_iso8601(d.from_time), nullptr}},
                {{format_iso8601(d.to_time) + " (" + describe_later(d.to_time - d.from_time) + ")", nullptr}},
                col, color);
  std::string rule;
  for (std::size_t i = 0; i < col; ++i) rule += "─";
  out += rule + "─┼─" + rule + "\n";
  two_columns(out, side_pieces(d.title, true), side_pieces(d.title, false), col, color);
  for (const auto& op : d.ops) {
    out += std::string(col, ' ') + " │\n";
    two_columns(out, side_pieces(op, true), side_pieces(op, false), col, color);
  }
  return out;
}

std::string render_diff_json(const VersionDiff& d) {
  json j;
  if (!d.url.empty()) j["url"] = d.url;
  j["from"] = d.from;
  j["to"] = d.to;
  if (d.from > 0) {
    j["from_fetched_at"] = format_iso8601(d.from_time);
    j["to_fetched_at"] = format_iso8601(d.to_time);
  }
  j["title"] = {{"from", d.from_title}, {"to", d.to_title}};
  if (d.title.op == OpKind::replace) j["title"]["words"] = words_json(d.title.words);
  json ops = json::array();
  for (const auto& op : d.ops) {
    json o = {{"op", op_name(op.op)}};
    if (op.op != OpKind::insert) o["old"] = op.old_text;
    if (op.op != OpKind::del) o["new"] = op.new_text;
    if (op.op == OpKind::replace || !op.words.empty()) o["words"] = words_json(op.words);
    if (op.op == OpKind::move) o["from"] = op.from + 1;  // paragraph number in the old version
    ops.push_back(std::move(o));
  }
  j["ops"] = std::move(ops);
  DiffStats s = count_changes(d.ops);
  j["stats"] = {{"added", s.added}, {"removed", s.removed}, {"changed", s.changed}, {"moved", s.moved}};
  j["classes"] = d.classes;
  return dump(j);
}

std::string render_diff_html(const VersionDiff& d) {
  std::string out;
  if (d.from > 0)
    out += "<p>" + html_escape(version_label(d.from) + " → " + version_label(d.to)) + " (" +
           html_escape(describe_later(d.to_time - d.from_time)) + ")</p>\n";
  out += "<p><strong>Title:</strong> " +
         (d.title.op == OpKind::equal ? html_escape(d.to_title) : html_words(d.title.words, true, true)) + "</p>\n";
  if (!d.classes.empty()) out += "<p><strong>Change:</strong> " + html_escape(join_classes(d.classes)) + "</p>\n";
  std::size_t skipped = 0;
  auto flush_skipped = [&] {
    if (skipped > 0)
      out += "<p><em>… " + std::to_string(skipped) + " unchanged paragraph" + (skipped == 1 ? "" : "s") + "</em></p>\n";
    skipped = 0;
  };
  for (const auto& op : d.ops) {
    if (op.op == OpKind::equal) {
      ++skipped;
      continue;
    }
    flush_skipped();
    if (op.op == OpKind::del)
      out += "<p><del style=\"background:#fdd;text-decoration:line-through\">− " + html_escape(op.old_text) + "</del></p>\n";
    else if (op.op == OpKind::insert)
      out += "<p><ins style=\"background:#dfd;text-decoration:underline\">+ " + html_escape(op.new_text) + "</ins></p>\n";
    else if (op.op == OpKind::move)
      out += "<p>↕ <em>" + html_escape(moved_from(op)) + "</em> " +
             (op.words.empty() ? html_escape(op.new_text) : html_words(op.words, true, true)) + "</p>\n";
    else
      out += "<p>~ " + html_words(op.words, true, true) + "</p>\n";
  }
  flush_skipped();
  return out;
}

std::string render_diff_table_html(const VersionDiff& d) {
  std::string out;
  out += "<table>\n<thead><tr><th scope=\"col\">" + html_escape(d.from > 0 ? version_label(d.from) : "Before") +
         "</th><th scope=\"col\">" + html_escape(d.to > 0 ? version_label(d.to) : "After") + "</th></tr></thead>\n<tbody>\n";
  if (d.from > 0)
    out += "<tr><td class=\"when\">" + html_escape(format_iso8601(d.from_time)) + "</td><td class=\"when\">" +
           html_escape(format_iso8601(d.to_time)) + " (" + html_escape(describe_later(d.to_time - d.from_time)) +
           ")</td></tr>\n";
  auto row = [&](const ParagraphOp& op, const char* tag) {
    std::string l, r;
    switch (op.op) {
      case OpKind::equal: l = html_escape(op.old_text); r = html_escape(op.new_text); break;
      case OpKind::del: l = "<del>" + html_escape(op.old_text) + "</del>"; break;
      case OpKind::insert: r = "<ins>" + html_escape(op.new_text) + "</ins>"; break;
      case OpKind::replace: l = html_words(op.words, true, false); r = html_words(op.words, false, true); break;
      case OpKind::move:
        l = "<em>" + html_escape(moved_from(op)) + "</em>";
        r = "↕ " + (op.words.empty() ? html_escape(op.new_text) : html_words(op.words, false, true));
        break;
    }
    // On a phone the columns stack: an unchanged paragraph is shown once, an empty side not at all.
    auto cell = [&](const std::string& html) {
      return html.empty() ? std::string("<td class=\"empty\"></td>")
                          : "<td><" + std::string(tag) + ">" + html + "</" + tag + "></td>";
    };
    out += std::string("<tr class=\"") + op_name(op.op) + "\">" + cell(l) + cell(r) + "</tr>\n";
  };
  row(d.title, "strong");
  for (const auto& op : d.ops) row(op, "span");
  out += "</tbody>\n</table>\n";
  return out;
}

std::string render_diff_inline_html(const VersionDiff& d) {
  std::string out = "<h2 class=\"title\">" +
                    (d.title.op == OpKind::equal ? html_escape(d.to_title) : html_words(d.title.words, true, true)) +
                    "</h2>\n";
  for (const auto& op : d.ops) {
    switch (op.op) {
      case OpKind::equal: out += "<p>" + html_escape(op.new_text) + "</p>\n"; break;
      case OpKind::del: out += "<p class=\"delete\"><del>" + html_escape(op.old_text) + "</del></p>\n"; break;
      case OpKind::insert: out += "<p class=\"insert\"><ins>" + html_escape(op.new_text) + "</ins></p>\n"; break;
      case OpKind::replace: out += "<p class=\"replace\">" + html_words(op.words, true, true) + "</p>\n"; break;
      case OpKind::move:
        out += "<p class=\"move\">↕ <em>" + html_escape(moved_from(op)) + "</em> " +
               (op.words.empty() ? html_escape(op.new_text) : html_words(op.words, true, true)) + "</p>\n";
        break;
    }
  }
  return out;
}

std::string render_diff_html_page(const VersionDiff& d) {
  std::string title = d.to_title.empty() ? "diffwire diff" : d.to_title;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      html_escape(title) +
      "</title>\n<style>\nbody{font:16px/1.5 Georgia,serif;max-width:72rem;margin:1rem auto;padding:0 1rem}\n"
      "table{width:100%;border-collapse:collapse;table-layout:fixed}td,th{vertical-align:top;padding:.4rem;"
      "border-bottom:1px solid #ddd;text-align:left}\ndel{background:#fdd;text-decoration:line-through}"
      "ins{background:#dfd;text-decoration:underline}\ndel::before{content:\"[−\"}del::after{content:\"]\"}"
      "ins::before{content:\"[+\"}ins::after{content:\"]\"}\n.when{color:#555;font-style:italic}\n"
      "h1{font-size:1.4rem;margin:.5rem 0}\n"
      "@media (max-width:40rem){td,th{display:block;width:auto}tr.equal td:first-child,td.empty{display:none}}\n"
      "</style>\n</head>\n<body>\n<h1>" + html_escape(title) + "</h1>\n";
  if (!d.url.empty()) {
    bool http = d.url.rfind("http://", 0) == 0 || d.url.rfind("https://", 0) == 0;
    out += "<p>" + (http ? "<a href=\"" + html_escape(d.url) + "\">" + html_escape(d.url) + "</a>" : html_escape(d.url)) + "</p>\n";
  }
  out += render_diff_table_html(d);
  out += "</body>\n</html>\n";
  return out;
}

int count_real_changes(const std::vector<VersionRecord>& versions) {
  int changes = 0;
  for (std::size_t i = 1; i < versions.size(); ++i) changes += versions[i].rebaseline ? 0 : 1;
  return changes;
}

std::string render_log_text(const ArticleRecord& a, const std::vector<VersionRecord>& versions,
                            const std::vector<CheckRecord>& checks, const std::vector<EventRecord>& events) {
  std::string out = terminal_safe(a.url) + "\n";
  if (!a.title.empty()) out += terminal_safe(a.title) + "\n";
  out += "Status: " + (a.tracked ? a.status : std::string("untracked")) + "; tracked since " + format_iso8601(a.added_at);
  if (a.last_checked_at) out += "; last checked " + format_iso8601(*a.last_checked_at);
  if (a.tracked && a.status != "retired") out += "; next check " + format_iso8601(a.next_check_at);
  out += "\n";
  if (a.status == "retired") out += "Retired: no change in 30 days; `diffwire poll --all` still checks it.\n";
  if (!a.last_error.empty()) out += "Last error: " + terminal_safe(a.last_error) + "\n";
  int changes = count_real_changes(versions);
  out += "The article has changed " + std::to_string(changes) + (changes == 1 ? " time" : " times") + "\n";
  int failed = 0, suspect = 0;
  const CheckRecord* last_suspect = nullptr;
  for (const auto& c : checks) {
    if (c.outcome == "suspect") {
      ++suspect;
      last_suspect = &c;
    } else if (!c.error.empty()) {
      ++failed;
    }
  }
  out += std::to_string(checks.size()) + " checks, " + std::to_string(failed) + " failed";
  if (suspect) out += ", " + std::to_string(suspect) + " suspect (held back, not versions)";
  out += "\n";
  if (last_suspect)
    out += "Last suspect check " + format_iso8601(last_suspect->checked_at) + ": " + terminal_safe(last_suspect->error) + "\n";
  for (const EventRecord& e : events) {
    const char* what = e.kind == "url-changed" ? "URL changed" : e.kind == "merged" ? "Merged" : "Merged in";
    out += std::string(what) + " " + format_iso8601(e.at) + ": " + terminal_safe(e.detail) + "\n";
  }
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const VersionRecord& v = versions[i];
    out += "\n" + version_label(v.number) + "  " + format_iso8601(v.fetched_at);
    if (i > 0) out += "  (" + describe_later(v.fetched_at - versions[i - 1].fetched_at) + ")";
    out += "\n  " + terminal_safe(v.article.title);
    if (!v.final_url.empty() && v.final_url != a.url) out += "\n  at " + terminal_safe(v.final_url);  // redirected
    if (v.rebaseline) out += "\n  re-baseline: re-extracted with " + terminal_safe(v.article.method) + "; not a change";
    if (v.reverted_to > 0) out += "\n  reverted to " + version_label(v.reverted_to);
    out += "\n  " + std::to_string(v.article.paragraphs.size()) + " paragraphs";
    if (i > 0)
      out += "  +" + std::to_string(v.stats.added) + " −" + std::to_string(v.stats.removed) + " ~" +
             std::to_string(v.stats.changed) + (v.stats.moved ? " ↕" + std::to_string(v.stats.moved) : "");
    if (!v.classes.empty()) out += "  [" + join_classes(v.classes) + "]";
    out += "\n";
  }
  return out;
}

std::string render_log_json(const ArticleRecord& a, const std::vector<VersionRecord>& versions,
                            const std::vector<EventRecord>& events) {
  json j;
  j["url"] = a.url;
  j["title"] = a.title;
  j["status"] = a.tracked ? a.status : "untracked";
  j["changes"] = count_real_changes(versions);
  json vs = json::array();
  for (const auto& v : versions)
    vs.push_back({{"version", v.number},
                  {"fetched_at", format_iso8601(v.fetched_at)},
                  {"title", v.article.title},
                  {"paragraphs", v.article.paragraphs.size()},
                  {"added", v.stats.added},
                  {"removed", v.stats.removed},
                  {"changed", v.stats.changed},
                  {"moved", v.stats.moved},
                  {"classes", v.classes},
                  {"reverted_to", v.reverted_to > 0 ? json(v.reverted_to) : json(nullptr)},
                  {"url", v.final_url},
                  {"extractor", v.article.method},
                  {"rebaseline", v.rebaseline}});
  j["versions"] = std::move(vs);
  json es = json::array();
  for (const EventRecord& e : events) es.push_back({{"at", format_iso8601(e.at)}, {"kind", e.kind}, {"detail", e.detail}});
  j["events"] = std::move(es);
  return dump(j);
}

std::string render_show_text(const VersionRecord& v) {
  std::string out = terminal_safe(v.article.title) + "\n";
  for (const auto& p : v.article.paragraphs) out += terminal_safe(p) + "\n";
  return out;
}

std::string render_show_json(const std::string& url, const VersionRecord& v) {
  json j = {{"url", url},
            {"version", v.number},
            {"fetched_at", format_iso8601(v.fetched_at)},
            {"final_url", v.final_url},
            {"title", v.article.title},
            {"byline", v.article.byline},
            {"published", v.article.published},
            {"modified", v.article.modified},
            {"extractor", v.article.method},
            {"paragraphs", v.article.paragraphs}};
  return dump(j);
}

std::string render_list_text(const std::vector<ArticleRecord>& articles) {
  if (articles.empty()) return "No articles tracked. Start with: diffwire track URL\n";
  std::string out;
  for (const auto& a : articles) {
    out += terminal_safe(a.url) + "\n  " + (a.title.empty() ? std::string("(no version yet)") : terminal_safe(a.title)) +
           "\n  " + std::to_string(a.versions) + (a.versions == 1 ? " version" : " versions") + "; " + a.status +
           "; last checked " + (a.last_checked_at ? format_iso8601(*a.last_checked_at) : std::string("never")) +
           "; next check " + (a.status == "retired" ? std::string("— (retired)") : format_iso8601(a.next_check_at)) + "\n";
    if (!a.last_error.empty()) out += "  last error: " + terminal_safe(a.last_error) + "\n";
  }
  return out;
}

std::string render_list_json(const std::vector<ArticleRecord>& articles) {
  json arr = json::array();
  for (const auto& a : articles)
    arr.push_back({{"url", a.url},
                   {"title", a.title},
                   {"versions", a.versions},
                   {"status", a.status},
                   {"last_checked", a.last_checked_at ? json(format_iso8601(*a.last_checked_at)) : json(nullptr)},
                   {"next_check", format_iso8601(a.next_check_at)},
                   {"last_error", a.last_error}});
  return dump(arr);
}

std::string render_article_text(const Article& a) {
  std::string out = "Title: " + terminal_safe(a.title) + "\n";
  if (!a.byline.empty()) out += "Byline: " + terminal_safe(a.byline) + "\n";
  if (!a.published.empty()) out += "Published: " + terminal_safe(a.published) + "\n";
  if (!a.modified.empty()) out += "Modified: " + terminal_safe(a.modified) + "\n";
  out += "Paragraphs: " + std::to_string(a.paragraphs.size()) + " (" + a.method + ")\n";
  for (const auto& p : a.paragraphs) out += "\n" + terminal_safe(p) + "\n";
  return out;
}

std::string render_article_json(const Article& a) {
  json j = {{"title", a.title},       {"byline", a.byline},         {"published", a.published},
            {"modified", a.modified}, {"paragraphs", a.paragraphs}, {"extractor", a.method}};
  return dump(j);
}

std::string render_sources_text(const std::vector<SourceRecord>& sources) {
  if (sources.empty()) return "no sources (add one with: diffwire source add NAME URL)\n";
  std::string out;
  for (const SourceRecord& s : sources) {
    out += terminal_safe(s.name) + "  " + terminal_safe(s.url) + "\n  " + (s.kind.empty() ? "not read yet" : s.kind) +
           "; every " + describe_duration(s.period) + "; " + std::to_string(s.articles) +
           (s.articles == 1 ? " article" : " articles") + "; " + s.status;
    if (s.last_checked_at) out += "; last checked " + format_iso8601(*s.last_checked_at);
    out += "; next check " + format_iso8601(s.next_check_at) + "\n";
    if (!s.include.empty()) out += "  include: " + terminal_safe(s.include) + "\n";
    if (!s.exclude.empty()) out += "  exclude: " + terminal_safe(s.exclude) + "\n";
    if (s.first_interval || s.factor || s.retire_after) {
      out += "  schedule:";
      if (s.first_interval) out += " first interval " + describe_duration(*s.first_interval) + ";";
      if (s.factor) {
        char f[32];
        std::snprintf(f, sizeof f, "%g", *s.factor);
        out += std::string(" factor ") + f + ";";
      }
      if (s.retire_after) out += " retire after " + describe_duration(*s.retire_after) + ";";
      out.back() = '\n';
    }
    if (s.last_new_at) out += "  last new article: " + format_iso8601(*s.last_new_at) + "\n";
    if (!s.last_error.empty()) out += "  " + std::string(s.status == "error" ? "last error: " : "note: ") + terminal_safe(s.last_error) + "\n";
  }
  return out;
}

std::string render_sources_json(const std::vector<SourceRecord>& sources) {
  json out = json::array();
  auto when = [](const std::optional<Seconds>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); };
  for (const SourceRecord& s : sources)
    out.push_back({{"name", s.name}, {"url", s.url}, {"kind", s.kind}, {"include", s.include}, {"exclude", s.exclude},
                   {"every_s", s.period}, {"articles", s.articles}, {"status", s.status},
                   {"last_checked", when(s.last_checked_at)}, {"next_check", format_iso8601(s.next_check_at)},
                   {"last_new", when(s.last_new_at)}, {"last_error", s.last_error},
                   {"first_interval_s", s.first_interval ? json(*s.first_interval) : json(nullptr)},
                   {"factor", s.factor ? json(*s.factor) : json(nullptr)},
                   {"retire_after_s", s.retire_after ? json(*s.retire_after) : json(nullptr)}});
  return dump(out);
}

StatusReport make_status(Store& store, const std::string& path, Seconds now) {
  StatusReport r;
  r.store = path;
  r.now = now;
  r.health = store.health(now, now - 86400);
  r.last_run = store.last_run();
  std::map<std::string, StatusReport::HostErrors> by_host;
  for (const auto& [url, n] : r.health.errors_by_url) {
    std::string host;
    try {
      UrlParts p = parse_http_url(url);
      host = p.host + (p.port.empty() ? "" : ":" + p.port);
    } catch (const Error&) {
      host = url;
    }
    auto& e = by_host[host];
    e.host = host;
    e.checks += n;
    e.articles += 1;
  }
  for (auto& [host, e] : by_host) r.errors.push_back(e);
  std::stable_sort(r.errors.begin(), r.errors.end(), [](const auto& a, const auto& b) { return a.checks > b.checks; });
  for (const SourceRecord& s : store.sources()) {
    Seconds last = s.last_new_at.value_or(s.added_at);
    if (now - last >= 86400)
      r.warnings.push_back("source " + s.name + " found no new article in the last 24 hours" +
                           (s.last_new_at ? " (last one " + format_iso8601(*s.last_new_at) + ")" : " (none yet)") +
                           (s.status == "error" ? "; last error: " + s.last_error : ""));
  }
  if (!r.last_run) r.warnings.push_back("no poll has run yet (see README: From cron)");
  else if (now - r.last_run->finished_at > 86400)
    r.warnings.push_back("no poll for " + describe_duration(now - r.last_run->finished_at) + ": is the cron job running?");
  return r;
}

std::string render_status_text(const StatusReport& r) {
  const Store::Health& h = r.health;
  std::string out = "Store: " + terminal_safe(r.store) + "\n";
  out += "Articles: " + std::to_string(h.tracked) + " tracked, " + std::to_string(h.due) + " due now, " +
         std::to_string(h.retired) + " retired";
  if (h.untracked) out += ", " + std::to_string(h.untracked) + " untracked or merged";
  out += "\nSources: " + std::to_string(h.sources) + "\n";
  if (r.last_run) {
    out += "Last run: " + format_iso8601(r.last_run->started_at) + ", " +
           describe_duration(r.last_run->finished_at - r.last_run->started_at) + " (" +
           describe_duration(r.now - r.last_run->finished_at) + " ago)\n";
    const std::string& summary = r.last_run->summary;
    for (std::size_t at = 0; at < summary.size();) {
      std::size_t nl = summary.find('\n', at);
      out += "  " + terminal_safe(summary.substr(at, nl == std::string::npos ? std::string::npos : nl - at)) + "\n";
      at = nl == std::string::npos ? summary.size() : nl + 1;
    }
  } else {
    out += "Last run: never\n";
  }
  if (r.errors.empty()) {
    out += "Errors in the last 24 hours: none\n";
  } else {
    out += "Errors in the last 24 hours, by host:\n";
    for (const auto& e : r.errors)
      out += "  " + terminal_safe(e.host) + ": " + std::to_string(e.checks) + (e.checks == 1 ? " failed check" : " failed checks") +
             " (" + std::to_string(e.articles) + (e.articles == 1 ? " article)" : " articles)") + "\n";
  }
  for (const std::string& w : r.warnings) out += "Warning: " + terminal_safe(w) + "\n";
  return out;
}

std::string render_status_json(const StatusReport& r) {
  json j;
  j["store"] = r.store;
  j["tracked"] = r.health.tracked;
  j["due"] = r.health.due;
  j["retired"] = r.health.retired;
  j["untracked"] = r.health.untracked;
  j["sources"] = r.health.sources;
  j["last_run"] = r.last_run ? json{{"started_at", format_iso8601(r.last_run->started_at)},
                                    {"finished_at", format_iso8601(r.last_run->finished_at)},
                                    {"summary", r.last_run->summary}}
                             : json(nullptr);
  json errors = json::array();
  for (const auto& e : r.errors) errors.push_back({{"host", e.host}, {"failed_checks", e.checks}, {"articles", e.articles}});
  j["errors_last_24h"] = std::move(errors);
  j["warnings"] = r.warnings;
  return dump(j);
}

std::string render_changes_text(const std::vector<ChangeEntry>& changes, Seconds since) {
  if (changes.empty()) return "no changes since " + format_iso8601(since) + "\n";
  std::string out;
  for (const ChangeEntry& c : changes) {
    const VersionRecord& v = c.version;
    out += format_iso8601(v.fetched_at) + "  " + terminal_safe(c.url) + "  version " + std::to_string(v.number);
    if (!v.classes.empty()) out += "  [" + join_classes(v.classes) + "]";
    out += "\n  " + terminal_safe(v.article.title) + "\n";
  }
  return out;
}

std::string render_changes_json(const std::vector<ChangeEntry>& changes) {
  json out = json::array();
  for (const ChangeEntry& c : changes) {
    const VersionRecord& v = c.version;
    out.push_back({{"url", c.url}, {"version", v.number}, {"fetched_at", format_iso8601(v.fetched_at)},
                   {"title", v.article.title}, {"classes", v.classes}, {"added", v.stats.added},
                   {"removed", v.stats.removed}, {"changed", v.stats.changed}, {"moved", v.stats.moved}});
  }
  return dump(out);
}

std::string render_blame_text(const std::vector<BlamedParagraph>& paragraphs) {
  std::string out;
  for (const BlamedParagraph& p : paragraphs)
    out += "v" + std::to_string(p.since) + "  " + format_iso8601(p.since_at) + "  " + terminal_safe(p.text) + "\n";
  return out;
}

std::string render_blame_json(const std::string& url, const std::vector<BlamedParagraph>& paragraphs) {
  json list = json::array();
  for (const BlamedParagraph& p : paragraphs)
    list.push_back({{"text", p.text}, {"since_version", p.since}, {"since", format_iso8601(p.since_at)}});
  return dump(json{{"url", url}, {"paragraphs", std::move(list)}});
}

}  // namespace diffwire
