// Plain text input: each non-empty line is a block; a blank line separates
// paragraphs, and lines of one paragraph are joined by line breaks.
#include "segment/html_segmenter.hpp"

namespace winnow {

void segment_plain_text(std::string_view text, std::size_t max_blocks, Document& doc) {
  doc.clear();
  doc.elements.push_back(Element{0, 0, 0, html::Tag::unknown, 0, 0, 0, 0, 0});
  bool paragraph_open = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    // Collapse the line's whitespace as HTML text is collapsed.
    std::string collapsed;
    collapsed.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      bool space = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
      if (c == 0xC2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0xA0) {
        space = true;
        ++i;
      }
      if (space) {
        if (!collapsed.empty() && collapsed.back() != ' ') collapsed.push_back(' ');
      } else {
        collapsed.push_back(static_cast<char>(c));
      }
    }
    while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    if (collapsed.empty()) {
      paragraph_open = false;
      if (end == text.size()) break;
      continue;
    }
    if (doc.blocks.size() >= max_blocks) {
      doc.notes.push_back("text has more than " + std::to_string(max_blocks) +
                          " lines; the rest was dropped");
      break;
    }
    Block block{};
    block.text = std::move(collapsed);
    block.chars = count_code_points(block.text);
    block.kind = BlockKind::paragraph;
    block.line_break_before = paragraph_open;
    doc.blocks.push_back(std::move(block));
    paragraph_open = true;
    if (end == text.size()) break;
  }
  doc.elements[0].block_end = static_cast<std::uint32_t>(doc.blocks.size());
}

}  // namespace winnow
