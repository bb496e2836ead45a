#include "segment/whitespace_collapse.hpp"

#include <cstring>

#include "core/popcount16.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow {
namespace {

inline bool is_html_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

// The rule byte by byte, from p[i] while i < stop; a no-break space whose
// lead byte is before `stop` is consumed whole, so the result may be stop + 1.
std::size_t collapse_bytes(const unsigned char* p, std::size_t i, std::size_t stop, std::size_t n,
                           char*& out, CollapseState& state) {
  bool after_space = state.after_space;
  std::uint32_t chars = state.chars;
  char* o = out;
  for (; i < stop; ++i) {
    const unsigned char c = p[i];
    bool space = is_html_space(c);
    if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      if (!after_space) {
        *o++ = ' ';
        ++chars;
        after_space = true;
      }
      continue;
    }
    *o++ = static_cast<char>(c);
    chars += (c & 0xC0) != 0x80;
    after_space = false;
  }
  out = o;
  state.after_space = after_space;
  state.chars = chars;
  return i;
}

}  // namespace

char* collapse_whitespace(std::string_view text, char* out, CollapseState& state) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  // Each step classifies 16 bytes. Prose has a single space every few
  // bytes, which needs no rewriting: such a step stores the 16 bytes as
  // they are. Runs of other whitespace (the newlines and indentation of
  // markup) are rewritten and squeezed out with bit masks; a step holding
  // 0xC2, which may start a no-break space, goes byte by byte.
  const __m128i space = _mm_set1_epi8(' '), c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i top2 = _mm_set1_epi8(static_cast<char>(0xC0)), cont = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i low = _mm_set1_epi8(0x20);
  while (i < n) {
    __m128i v;
    unsigned valid = 0xFFFF;
    std::size_t count = 16;
    if (n - i >= 16) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    } else {
      alignas(16) unsigned char tail[16] = {};
      count = n - i;
      std::memcpy(tail, p + i, count);
      v = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
      valid = (1u << count) - 1;
    }
    const __m128i is_space = _mm_cmpeq_epi8(v, space);
    // Bytes <= 0x20 (whitespace and controls) and 0xC2.
    const unsigned special =
        static_cast<unsigned>(_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, low), v), _mm_cmpeq_epi8(v, c2)))) &
        valid;
    const unsigned continuation =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, top2), cont))) & valid;
    const unsigned spaces = static_cast<unsigned>(_mm_movemask_epi8(is_space)) & valid;
    const unsigned carry = state.after_space ? 1u : 0u;
    if (special == spaces && (spaces & ((spaces << 1) | carry)) == 0) {
      // Nothing to rewrite: single spaces only, none after a space.
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
      out += count;
      state.chars += static_cast<std::uint32_t>(count - popcount16(continuation));
      state.after_space = ((spaces >> (count - 1)) & 1u) != 0;
      i += count;
      continue;
    }
    const unsigned lead_c2 = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c2))) & valid;
    if (lead_c2 != 0) {
      i = collapse_bytes(p, i, i + count, n, out, state);
      continue;
    }
    const __m128i ws_vec = _mm_or_si128(
        _mm_or_si128(is_space, _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('\f')))));
    const unsigned ws = static_cast<unsigned>(_mm_movemask_epi8(ws_vec)) & valid;
    const unsigned dropped = ws & ((ws << 1) | carry);  // whitespace after whitespace
    const unsigned kept = valid & ~dropped;
    // Whitespace that stays becomes a plain space.
    const __m128i rewritten = _mm_or_si128(_mm_andnot_si128(ws_vec, v), _mm_and_si128(ws_vec, space));
    if (dropped == 0) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), rewritten);
      out += count;
    } else if (kept != 0) {
      alignas(16) unsigned char bytes[16];
      _mm_store_si128(reinterpret_cast<__m128i*>(bytes), rewritten);
      for (unsigned k = kept; k != 0; k &= k - 1) *out++ = static_cast<char>(bytes[__builtin_ctz(k)]);
    }
    state.chars += popcount16(kept) - popcount16(continuation);
    state.after_space = ((ws >> (count - 1)) & 1u) != 0;
    i += count;
  }
  return out;
#else
  collapse_bytes(p, 0, n, n, out, state);
  return out;
#endif
}

}  // namespace winnow
