// Markdown and HTML renderings: the article's structure (headings, lists,
// quotes, tables, code) made explicit.
#include <string>

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
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (!is_content(in, i)) continue;
    const Block& b = blocks[i];
    const std::string& text = in.decisions[i].text;
    if (b.kind == BlockKind::table_cell && b.row != 0) {
      // One Markdown row per table row; a separator after a table's first row.
      separate(out);
      bool first_row = true;
      std::uint32_t row = b.row;
      std::size_t columns = 0;
      std::size_t j = i;
      for (; j < blocks.size() && blocks[j].kind == BlockKind::table_cell; ++j) {
        if (blocks[j].row != row) {
          out.append(" |\n");
          if (first_row) {
            for (std::size_t c = 0; c < columns; ++c) out.append("|---");
            out.append("|\n");
            first_row = false;
          }
          row = blocks[j].row;
          columns = 0;
        }
        if (!is_content(in, j)) continue;
        out.append(columns == 0 ? "| " : " | ");
        append_markdown_cell(out, in.decisions[j].text);
        ++columns;
      }
      out.append(" |\n");
      i = j - 1;
      continue;
    }
    if (b.kind == BlockKind::code) {
      separate(out);
      out.append("```\n").append(text).append("\n```");
      continue;
    }
    if (b.line_break_before && b.kind == BlockKind::paragraph && !out.empty()) {
      out.append("  \n");
    } else {
      separate(out);
    }
    if (b.structure & kInQuote) out.append("> ");
    switch (b.kind) {
      case BlockKind::heading:
        out.append(b.heading_level ? b.heading_level : 2, '#').push_back(' ');
        break;
      case BlockKind::list_item:
        if (b.list_depth > 1) out.append(2u * (b.list_depth - 1u), ' ');
        out.append((b.structure & kInOrderedList) ? "1. " : "- ");
        break;
      case BlockKind::caption:
        out.push_back('*');
        break;
      default:
        break;
    }
    out.append(text);
    if (b.kind == BlockKind::caption) out.push_back('*');
  }
  // List items sit on consecutive lines.
  std::string tight;
  tight.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 4, "\n\n- ") == 0 && !tight.empty()) {
      std::size_t line = tight.rfind('\n');
      std::string_view last = std::string_view(tight).substr(line == std::string::npos ? 0 : line + 1);
      std::size_t k = last.find_first_not_of(' ');
      if (k != std::string_view::npos && last.substr(k).starts_with("- ")) {
        continue;  // drop one newline
      }
    }
    tight.push_back(out[i]);
  }
  out.swap(tight);
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
  enum class Open { none, ul, ol, table };
  Open open = Open::none;
  std::uint32_t row = 0;
  auto close = [&] {
    if (open == Open::ul) out.append("</ul>\n");
    if (open == Open::ol) out.append("</ol>\n");
    if (open == Open::table) out.append("</tr></table>\n");
    open = Open::none;
  };
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (!is_content(in, i)) continue;
    const Block& b = blocks[i];
    const std::string& text = in.decisions[i].text;
    Open wanted = b.kind == BlockKind::list_item ? ((b.structure & kInOrderedList) ? Open::ol : Open::ul)
                  : b.kind == BlockKind::table_cell ? Open::table
                                                     : Open::none;
    if (wanted != open) {
      close();
      if (wanted == Open::ul) out.append("<ul>\n");
      if (wanted == Open::ol) out.append("<ol>\n");
      if (wanted == Open::table) {
        out.append("<table><tr>");
        row = b.row;
      }
      open = wanted;
    }
    switch (b.kind) {
      case BlockKind::heading: {
        char tag[3] = {'h', static_cast<char>('0' + (b.heading_level ? b.heading_level : 2)), 0};
        out.append("<").append(tag).append(">");
        append_html_escaped(out, text);
        out.append("</").append(tag).append(">\n");
        break;
      }
      case BlockKind::list_item:
        out.append("<li>");
        append_html_escaped(out, text);
        out.append("</li>\n");
        break;
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
  close();
  out.append("</article></body></html>\n");
}

}  // namespace winnow
