// Plain text input: each non-empty line is a block; a blank line separates
// paragraphs, and lines of one paragraph are joined by line breaks.
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/popcount16.hpp"
#include "segment/html_segmenter.hpp"

namespace winnow {
namespace {

#if defined(__SSE2__)
// Bytes [i, i+16) of `bytes` (17 readable) that collapsing leaves alone:
// neither whitespace nor a possible U+00A0 lead byte (0xC2) nor a control
// character, except single spaces followed by such a byte. Bit j of the
// result is set when byte i+j is not one of them. `cont` receives the mask
// of UTF-8 continuation bytes (which add no code point).
inline unsigned unchanged_run_mask(const unsigned char* bytes, unsigned& cont) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 1));
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i lead = _mm_set1_epi8(static_cast<char>(0xC2));
  auto white = [&](__m128i x) {  // bytes <= ' ' (unsigned) or 0xC2
    return _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, space), x), _mm_cmpeq_epi8(x, lead));
  };
  const __m128i is_space = _mm_cmpeq_epi8(v, space);
  const __m128i bad = _mm_or_si128(_mm_andnot_si128(is_space, white(v)), _mm_and_si128(is_space, white(next)));
  cont = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))));
  return static_cast<unsigned>(_mm_movemask_epi8(bad));
}
#endif

// Collapses the whitespace of `line` into `out` as HTML text is collapsed
// (runs of space, tab, CR, FF, VT and U+00A0 become one space, none at the
// ends) and returns its code points. One pass writing through a pointer
// into room made up front: a page of text is mostly this loop. Stretches of
// words with single spaces, most of a line of prose, are copied 16 bytes at
// a time where SSE2 is at hand.
std::uint32_t collapse_line(std::string_view line, std::string& out) {
  out.resize(line.size());
  char* const begin = out.data();
  char* p = begin;
  std::uint32_t chars = 0;
  bool pending_space = false;  // a space is due before the next character
  const auto* bytes = reinterpret_cast<const unsigned char*>(line.data());
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // Output never runs ahead of input (p - begin <= i), so the 16-byte
    // store stays inside `out` whenever the 17 bytes read are in `line`.
    if (!pending_space && i + 17 <= n) {
      unsigned cont = 0;
      unsigned bad = unchanged_run_mask(bytes + i, cont);
      if (p == begin && bytes[i] == ' ') bad |= 1;  // no leading space
      const unsigned good = bad == 0 ? 16 : static_cast<unsigned>(__builtin_ctz(bad));
      if (good > 0) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                         _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i)));
        const unsigned taken = good == 16 ? 0xFFFFu : (1u << good) - 1;
        chars += good - popcount16(cont & taken);
        p += good;
        i += good;
        continue;
      }
    }
#endif
    const unsigned char c = bytes[i];
    if (c > ' ' && c != 0xC2) {
      if (pending_space) {
        *p++ = ' ';
        ++chars;
        pending_space = false;
      }
      *p++ = static_cast<char>(c);
      chars += (c & 0xC0) != 0x80;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = p != begin;
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && bytes[i + 1] == 0xA0) {
      pending_space = p != begin;
      i += 2;
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
    ++i;
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
    // memchr may not be given the null data of an empty text, even for 0 bytes.
    const void* nl = start < text.size() ? std::memchr(text.data() + start, '\n', text.size() - start) : nullptr;
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
