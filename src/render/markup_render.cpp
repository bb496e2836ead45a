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

// A table as the renderings write it: the run of table cells around block
// `i` (a content cell), from the first cell of i's row on. Returns [begin, end).
std::pair<std::size_t, std::size_t> table_cells(const std::vector<Block>& blocks, std::size_t i) {
  std::size_t begin = i;
  while (begin > 0 && blocks[begin - 1].kind == BlockKind::table_cell && blocks[begin - 1].row == blocks[i].row) --begin;
  std::size_t end = i;
  while (end < blocks.size() && blocks[end].kind == BlockKind::table_cell) ++end;
  return {begin, end};
}

// Calls fn(row_begin, row_end) for each row of the cells [begin, end) that
// kept a cell. A row's removed cells are passed too: the renderings write
// them empty, so that the kept cells stay in their columns.
template <class Fn>
void for_each_kept_row(const RenderInput& in, std::size_t begin, std::size_t end, Fn&& fn) {
  const auto& blocks = in.doc.blocks;
  for (std::size_t j = begin; j < end;) {
    std::size_t row_end = j + 1;
    while (row_end < end && blocks[row_end].row == blocks[j].row) ++row_end;
    bool kept = false;
    for (std::size_t k = j; k < row_end && !kept; ++k) kept = is_content(in, k);
    if (kept) fn(j, row_end);
    j = row_end;
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
      // One Markdown row per table row that kept a cell, every row as wide
      // as the widest, the delimiter row after the first. A cell removed
      // from a kept row stays as an empty cell, so that the cells after it
      // stay in their columns.
      separate(out);
      const auto [first, end] = table_cells(blocks, i);
      std::vector<std::vector<std::string_view>> rows;
      std::size_t width = 0;
      for_each_kept_row(in, first, end, [&](std::size_t begin, std::size_t row_end) {
        std::vector<std::string_view>& cells = rows.emplace_back();
        for (std::size_t j = begin; j < row_end; ++j) cells.push_back(is_content(in, j) ? in.decisions[j].text : "");
        width = std::max(width, cells.size());
      });
      for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < width; ++c) {
          out.append(c == 0 ? "| " : " | ");
          if (c < rows[r].size()) append_markdown_cell(out, rows[r][c]);
        }
        out.append(" |\n");
        if (r == 0) {
          for (std::size_t c = 0; c < width; ++c) out.append("|---");
          out.append("|\n");
        }
      }
      i = end - 1;
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
  auto close_level = [&] {
    if (lists.back().item_open) out.append("</li>\n");
    out.append(lists.back().ordered ? "</ol>\n" : "</ul>\n");
    lists.pop_back();
  };
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (!is_content(in, i)) continue;
    const Block& b = blocks[i];
    const std::string_view text = in.decisions[i].text;
    if (b.kind == BlockKind::list_item) {
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
      // Rows that kept a cell, removed cells left empty (as in Markdown).
      const auto [first, end] = table_cells(blocks, i);
      out.append("<table>\n");
      for_each_kept_row(in, first, end, [&](std::size_t begin, std::size_t row_end) {
        out.append("<tr>");
        for (std::size_t j = begin; j < row_end; ++j) {
          out.append("<td>");
          if (is_content(in, j)) append_html_escaped(out, in.decisions[j].text);
          out.append("</td>");
        }
        out.append("</tr>\n");
      });
      out.append("</table>\n");
      i = end - 1;
      continue;
    }
    switch (b.kind) {
      case BlockKind::heading: {
        char tag[3] = {'h', static_cast<char>('0' + (b.heading_level ? b.heading_level : 2)), 0};
        out.append("<").append(tag).append(">");
        append_html_escaped(out, text);
        out.append("</").append(tag).append(">\n");
        break;
      }
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
  out.append("</article></body></html>\n");
}

}  // namespace winnow
