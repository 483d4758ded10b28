// The diff writers. Text for terminals (escape sequences from a page are neutralised first), the
// NewsSniffer-style two-column view, JSON, and HTML in which every piece of article text is escaped.
// The same VersionDiff feeds all of them, so the formats cannot disagree about what changed; its
// classes come from the change module (change.hpp), so they cannot disagree with the feed either.
#include "diffwire/diff_writers.hpp"

#include <algorithm>

#include "diffwire/change.hpp"
#include "diffwire/escape.hpp"
#include "diffwire/html_page.hpp"
#include "output/json.hpp"

namespace diffwire {

namespace {

const char* kRed = "\x1b[31m";
const char* kGreen = "\x1b[32m";
const char* kRedBg = "\x1b[1;41;37m";
const char* kGreenBg = "\x1b[1;42;37m";
const char* kBold = "\x1b[1m";
const char* kDim = "\x1b[2m";
const char* kReset = "\x1b[0m";

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

std::string version_label(int number) { return number > 0 ? "Version " + std::to_string(number) : ""; }


VersionDiff make_version_diff(const std::string& url, const VersionRecord& from, const VersionRecord& to) {
  VersionDiff d = make_article_diff(from.article, to.article);
  d.url = url;
  d.from = from.number;
  d.to = to.number;
  d.from_time = from.fetched_at;
  d.to_time = to.fetched_at;
  d.classes = classes_between(from, to, d.ops);
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

std::string render_diff_views_html(const VersionDiff& d) {
  return "<p class=\"views\"><a href=\"#side-by-side\">Side by side</a> <a href=\"#inline\">Inline</a></p>\n"
         "<section id=\"inline\" aria-label=\"Inline view\">\n" +
         render_diff_inline_html(d) + "</section>\n<section id=\"side-by-side\" aria-label=\"Side by side\">\n" +
         render_diff_table_html(d) + "</section>\n";
}

std::string render_diff_html_page(const VersionDiff& d) {
  std::string title = d.to_title.empty() ? "diffwire diff" : d.to_title;
  std::string body = "<h1>" + html_escape(title) + "</h1>\n";
  if (!d.url.empty()) body += "<p>" + html_link(d.url) + "</p>\n";
  return html_page(title, body + render_diff_views_html(d));
}

}  // namespace diffwire
