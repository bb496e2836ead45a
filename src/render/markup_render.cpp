// Markdown and HTML renderings: the article's structure (headings, lists,
// quotes, tables, code) made explicit.
#include <algorithm>
#include <string>
#include <vector>

#include "render/render.hpp"

namespace winnow {
namespace {

bool is_content(const RenderInput& in, std::size_t i) {
  return in.decisions[i].label == Label::content && !in.decisions[i].text.empty();
}

void separate(std::string& out) {
  if (out.empty()) return;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  out.append("\n\n");
}

void append_markdown_cell(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '|') out.append("\\|");
    else if (c == '\n') out.push_back(' ');
    else out.push_back(c);
  }
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      default: out.push_back(c);
    }
  }
}

void render_markdown(const RenderInput& in, std::string& out) {
  const auto& blocks = in.doc.blocks;
  bool in_list = false;           // the last block written was a list item
  std::uint32_t ordinal = 0;      // number of the next ordered item at depth 1
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (!is_content(in, i)) continue;
    const Block& b = blocks[i];
    const std::string_view text = in.decisions[i].text;
    if (b.kind == BlockKind::table_cell && b.row != 0) {
      // One Markdown row per table row that kept a cell; the delimiter row
      // follows the first, as wide as the widest row.
      separate(out);
      std::vector<std::string> rows;
      std::size_t width = 0;
      std::size_t j = i;
      while (j < blocks.size() && blocks[j].kind == BlockKind::table_cell) {
        std::uint32_t row = blocks[j].row;
        std::string line;
        std::size_t columns = 0;
        for (; j < blocks.size() && blocks[j].kind == BlockKind::table_cell && blocks[j].row == row; ++j) {
          if (!is_content(in, j)) continue;
          line.append(columns == 0 ? "| " : " | ");
          append_markdown_cell(line, in.decisions[j].text);
          ++columns;
        }
        if (columns == 0) continue;
        for (std::size_t c = columns; c < width; ++c) line.append(" |");
        line.append(" |\n");
        width = std::max(width, columns);
        rows.push_back(std::move(line));
      }
      for (std::size_t r = 0; r < rows.size(); ++r) {
        out.append(rows[r]);
        if (r == 0) {
          for (std::size_t c = 0; c < width; ++c) out.append("|---");
          out.append("|\n");
        }
      }
      i = j - 1;
      in_list = false;
      continue;
    }
    if (b.kind == BlockKind::code) {
      separate(out);
      // A fence longer than any run of backticks inside the code.
      std::size_t run = 0, longest = 0;
      for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
      }
      std::string fence(std::max<std::size_t>(3, longest + 1), '`');
      out.append(fence).append("\n").append(text).append("\n").append(fence);
      in_list = false;
      continue;
    }
    const bool item = b.kind == BlockKind::list_item;
    if (item && in_list) {
      while (!out.empty() && out.back() == '\n') out.pop_back();
      out.push_back('\n');
    } else if (b.line_break_before && b.kind == BlockKind::paragraph && !out.empty()) {
      out.append("  \n");
    } else {
      separate(out);
    }
    if (!item || !in_list) ordinal = 1;
    in_list = item;
    if (b.structure & kInQuote) out.append("> ");
    switch (b.kind) {
      case BlockKind::heading:
        out.append(b.heading_level ? b.heading_level : 2, '#').push_back(' ');
        break;
      case BlockKind::list_item:
        if (b.list_depth > 1) out.append(3u * (b.list_depth - 1u), ' ');
        if (b.structure & kInOrderedList) {
          out.append(std::to_string(b.list_depth > 1 ? 1 : ordinal)).append(". ");
          if (b.list_depth <= 1) ++ordinal;
        } else {
          out.append("- ");
        }
        break;
      case BlockKind::caption:
        out.push_back('*');
        break;
      default:
        // Text that would read as Markdown syntax at a line start is escaped.
        if (!text.empty() && (text[0] == '#' || text[0] == '>' || text[0] == '-' || text[0] == '*' ||
                              text[0] == '+' || text[0] == '|')) {
          out.push_back('\\');
        }
        break;
    }
    out.append(text);
    if (b.kind == BlockKind::caption) out.push_back('*');
  }
  if (!out.empty() && out.back() != '\n') out.push_back('\n');
}

void render_html(const RenderInput& in, std::string& out) {
  out.append("<!DOCTYPE html>\n<html");
  if (!in.meta.language.empty()) {
    out.append(" lang=\"");
    append_html_escaped(out, in.meta.language);
    out.push_back('"');
  }
  out.append("><head><meta charset=\"utf-8\"><title>");
  append_html_escaped(out, in.meta.title);
  out.append("</title></head>\n<body><article>\n");
  const auto& blocks = in.doc.blocks;
  // Lists nest: one entry per open list level, each remembering whether an
  // item is open in it (a deeper list goes inside that item).
  struct ListLevel {
    bool ordered;
    bool item_open;
  };
  std::vector<ListLevel> lists;
  bool table_open = false;
  std::uint32_t row = 0;
  auto close_level = [&] {
    if (lists.back().item_open) out.append("</li>\n");
    out.append(lists.back().ordered ? "</ol>\n" : "</ul>\n");
    lists.pop_back();
  };
  auto close_table = [&] {
    if (table_open) out.append("</tr></table>\n");
    table_open = false;
  };
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (!is_content(in, i)) continue;
    const Block& b = blocks[i];
    const std::string_view text = in.decisions[i].text;
    if (b.kind == BlockKind::list_item) {
      close_table();
      const bool ordered = (b.structure & kInOrderedList) != 0;
      const std::size_t depth = std::max<std::size_t>(1, b.list_depth);
      while (lists.size() > depth) close_level();
      if (lists.size() == depth && lists.back().ordered != ordered) close_level();
      if (lists.size() == depth && lists.back().item_open) {
        out.append("</li>\n");
        lists.back().item_open = false;
      }
      while (lists.size() < depth) {
        if (!lists.empty() && !lists.back().item_open) {
          out.append("<li>");  // a nested list needs an item to live in
          lists.back().item_open = true;
        }
        out.append(ordered ? "<ol>\n" : "<ul>\n");
        lists.push_back(ListLevel{ordered, false});
      }
      out.append("<li>");
      append_html_escaped(out, text);
      lists.back().item_open = true;
      continue;
    }
    while (!lists.empty()) close_level();
    if (b.kind == BlockKind::table_cell) {
      if (!table_open) {
        out.append("<table><tr>");
        row = b.row;
        table_open = true;
      }
    } else {
      close_table();
    }
    switch (b.kind) {
      case BlockKind::heading: {
        char tag[3] = {'h', static_cast<char>('0' + (b.heading_level ? b.heading_level : 2)), 0};
        out.append("<").append(tag).append(">");
        append_html_escaped(out, text);
        out.append("</").append(tag).append(">\n");
        break;
      }
      case BlockKind::table_cell:
        if (b.row != row) {
          out.append("</tr>\n<tr>");
          row = b.row;
        }
        out.append("<td>");
        append_html_escaped(out, text);
        out.append("</td>");
        break;
      case BlockKind::code:
        out.append("<pre><code>");
        append_html_escaped(out, text);
        out.append("</code></pre>\n");
        break;
      case BlockKind::quote:
        out.append("<blockquote><p>");
        append_html_escaped(out, text);
        out.append("</p></blockquote>\n");
        break;
      case BlockKind::caption:
        out.append("<figcaption>");
        append_html_escaped(out, text);
        out.append("</figcaption>\n");
        break;
      default:
        out.append((b.structure & kInQuote) ? "<blockquote><p>" : "<p>");
        append_html_escaped(out, text);
        out.append((b.structure & kInQuote) ? "</p></blockquote>\n" : "</p>\n");
    }
  }
  while (!lists.empty()) close_level();
  close_table();
  out.append("</article></body></html>\n");
}

}  // namespace winnow
