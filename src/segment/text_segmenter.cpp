// Plain text input: each non-empty line is a block; a blank line separates
// paragraphs, and lines of one paragraph are joined by line breaks.
#include <cstring>

#include "segment/html_segmenter.hpp"

namespace winnow {
namespace {

// Collapses the whitespace of `line` into `out` as HTML text is collapsed
// (runs of space, tab, CR, FF, VT and U+00A0 become one space, none at the
// ends) and returns its code points. One pass writing through a pointer
// into room made up front: a page of text is mostly this loop.
std::uint32_t collapse_line(std::string_view line, std::string& out) {
  out.resize(line.size());
  char* const begin = out.data();
  char* p = begin;
  std::uint32_t chars = 0;
  bool pending_space = false;  // a space is due before the next character
  const auto* bytes = reinterpret_cast<const unsigned char*>(line.data());
  const std::size_t n = line.size();
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = bytes[i];
    if (c > ' ' && c != 0xC2) {
      if (pending_space) {
        *p++ = ' ';
        ++chars;
        pending_space = false;
      }
      *p++ = static_cast<char>(c);
      chars += (c & 0xC0) != 0x80;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = p != begin;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && bytes[i + 1] == 0xA0) {
      pending_space = p != begin;
      ++i;
      continue;
    }
    // Other control characters and a lone 0xC2 are kept as they are.
    if (pending_space) {
      *p++ = ' ';
      ++chars;
      pending_space = false;
    }
    *p++ = static_cast<char>(c);
    chars += (c & 0xC0) != 0x80;
  }
  out.resize(static_cast<std::size_t>(p - begin));
  return chars;
}

}  // namespace

void segment_plain_text(std::string_view text, std::size_t max_blocks, Document& doc) {
  // The blocks of the previous page are reused, their text buffers too:
  // allocating a string per line cost more than collapsing it.
  std::vector<Block> blocks;
  blocks.swap(doc.blocks);
  doc.clear();
  doc.elements.push_back(Element{0, 0, 0, html::Tag::unknown, 0, 0, 0, 0, 0});
  std::size_t used = 0;
  bool paragraph_open = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
    std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (used == blocks.size()) blocks.emplace_back();
    Block& block = blocks[used];
    std::uint32_t chars = collapse_line(line, block.text);
    if (block.text.empty()) {
      paragraph_open = false;
      if (end == text.size()) break;
      continue;
    }
    if (used >= max_blocks) {
      doc.notes.push_back("text has more than " + std::to_string(max_blocks) +
                          " lines; the rest was dropped");
      break;
    }
    std::string kept = std::move(block.text);
    block = Block{};
    block.text = std::move(kept);
    block.chars = chars;
    block.kind = BlockKind::paragraph;
    block.line_break_before = paragraph_open;
    ++used;
    paragraph_open = true;
    if (end == text.size()) break;
  }
  blocks.resize(used);
  doc.blocks.swap(blocks);
  doc.elements[0].block_end = static_cast<std::uint32_t>(doc.blocks.size());
}

}  // namespace winnow
