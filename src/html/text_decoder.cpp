#include "html/text_decoder.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "html/char_refs.hpp"

namespace winnow::html {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

inline bool has_zero_byte(std::uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; }

// Length of the well-formed UTF-8 sequence at s (lead byte >= 0x80), or 0
// with `bad` set to the number of bytes one U+FFFD replaces: the lead alone
// if it cannot start a sequence, else the valid prefix before the first
// wrong continuation byte (what Gumbo's decoder consumes).
inline std::size_t utf8_sequence(const unsigned char* s, std::size_t n, std::size_t& bad) {
  unsigned char c = s[0];
  if (c < 0xC2 || c > 0xF4) {
    bad = 1;
    return 0;
  }
  if (c < 0xE0) {
    if (n >= 2 && (s[1] & 0xC0) == 0x80) {
      if (c == 0xC2 && s[1] < 0xA0) {  // C1 controls U+0080..U+009F
        bad = 2;
        return 0;
      }
      return 2;
    }
    bad = 1;
    return 0;
  }
  unsigned char lo = 0x80, hi = 0xBF;
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (n < 2 || s[1] < lo || s[1] > hi) {
    bad = 1;
    return 0;
  }
  if (n < 3 || (s[2] & 0xC0) != 0x80) {
    bad = 2;
    return 0;
  }
  if (c < 0xF0) {
    // U+FDD0..U+FDEF and U+FFFE/U+FFFF: Gumbo replaces these noncharacters.
    if ((c == 0xEF && s[1] == 0xB7 && s[2] >= 0x90 && s[2] <= 0xAF) ||
        (c == 0xEF && s[1] == 0xBF && s[2] >= 0xBE)) {
      bad = 3;
      return 0;
    }
    return 3;
  }
  if (n < 4 || (s[3] & 0xC0) != 0x80) {
    bad = 3;
    return 0;
  }
  if ((s[1] & 0x0F) == 0x0F && s[2] == 0xBF && s[3] >= 0xBE) {  // U+xFFFE, U+xFFFF
    bad = 4;
    return 0;
  }
  return 4;
}

// Gumbo replaces C0 controls other than whitespace, DEL and C1 controls
// with U+FFFD; doing the same keeps both producers' text identical.
constexpr bool is_replaced_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F;
}

// Bytes skip_plain stops at: every byte >= 0x80, NUL, the controls Gumbo
// replaces, DEL and (when wanted) '&'. Whitespace passes.
struct StopTable {
  bool table[256] = {};
  constexpr explicit StopTable(bool refs) {
    for (int c = 0; c < 256; ++c)
      table[c] = c >= 0x80 || c == 0 || is_replaced_control(static_cast<unsigned char>(c)) || (refs && c == '&');
  }
};
constexpr StopTable kStops(false), kStopsWithRefs(true);

// Skips 8 bytes at a time while none is non-ASCII, NUL or (when wanted) '&'.
inline std::size_t skip_plain(const unsigned char* p, std::size_t i, std::size_t n, bool refs) {
#if defined(__SSE2__)
  // 16 at a time, stepping over whitespace too: text is full of newlines and
  // tabs, and leaving the fast loop for each one made this scan cost more
  // than the rest of tokenizing text.
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F), amp = _mm_set1_epi8('&');
  const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'), ff = _mm_set1_epi8('\f'),
                cr = _mm_set1_epi8('\r');
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // Signed compare: controls, and every byte >= 0x80.
    __m128i m = _mm_cmplt_epi8(v, space);
    const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, ff), _mm_cmpeq_epi8(v, cr)));
    m = _mm_or_si128(_mm_andnot_si128(ws, m), _mm_cmpeq_epi8(v, del));
    if (refs) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, amp));
    const int bits = _mm_movemask_epi8(m);
    if (bits != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
    i += 16;
  }
  // The last 15 bytes, and runs shorter than 16 (most runs between tags),
  // byte by byte through a table that passes whitespace: eight bytes at a
  // time stopped at every newline of indented markup and came back here.
  const auto& stops = refs ? kStopsWithRefs.table : kStops.table;
  while (i < n && !stops[p[i]]) ++i;
#else
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    // Any byte >= 0x80, < 0x20 (controls, NUL, and also \n: cheap to
    // step over) or DEL needs a closer look.
    if (((w | ((w - 0x2020202020202020ULL) & ~w)) & kHighs) != 0) break;
    if (has_zero_byte(w ^ 0x7F7F7F7F7F7F7F7FULL)) break;
    if (refs && has_zero_byte(w ^ 0x2626262626262626ULL)) break;
    i += 8;
  }
#endif
  return i;
}

}  // namespace

#if defined(__SSE2__)
namespace {

struct Classified {
  unsigned stops;  // bytes that need a closer look
  unsigned blank;  // HTML whitespace (and VT, which is also a stop)
};

inline Classified classify16(const unsigned char* p, bool references) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Bytes 9..13 (tab, LF, VT, FF, CR) and space.
  const __m128i from_nine = _mm_sub_epi8(v, _mm_set1_epi8(9));
  const __m128i nine_to_13 = _mm_cmpeq_epi8(_mm_min_epu8(from_nine, _mm_set1_epi8(4)), from_nine);
  const __m128i ws = _mm_or_si128(nine_to_13, _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
  // Controls other than whitespace and every byte >= 0x80 (a signed
  // compare), DEL, VT and, with references, '&'.
  __m128i stop = _mm_andnot_si128(ws, _mm_cmplt_epi8(v, _mm_set1_epi8(' ')));
  stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0B)),
                                         _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
  if (references) stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
  return {static_cast<unsigned>(_mm_movemask_epi8(stop)), static_cast<unsigned>(_mm_movemask_epi8(ws))};
}

}  // namespace
#endif

TextScan scan_text(std::string_view run, const TextOptions& options, const char* readable_end) {
  const auto* p = reinterpret_cast<const unsigned char*>(run.data());
  const std::size_t n = run.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  unsigned blank = 0xFFFF;  // AND of the whitespace masks so far
  for (; n - i >= 16; i += 16) {
    const Classified c = classify16(p + i, options.references);
    if (c.stops != 0) {
      i += static_cast<std::size_t>(__builtin_ctz(c.stops));
      return {i + first_dirty_byte(run.substr(i), options), false};
    }
    blank &= c.blank;
  }
  if (i == n) return {n, blank == 0xFFFF};
  // The last bytes: one more whole vector when the buffer allows it.
  if (reinterpret_cast<const unsigned char*>(readable_end) - (p + i) >= 16) {
    const unsigned valid = (1u << (n - i)) - 1;
    const Classified c = classify16(p + i, options.references);
    const unsigned stops = c.stops & valid;
    if (stops != 0) {
      i += static_cast<std::size_t>(__builtin_ctz(stops));
      return {i + first_dirty_byte(run.substr(i), options), false};
    }
    return {n, (blank == 0xFFFF) && (c.blank & valid) == valid};
  }
#else
  (void)readable_end;
#endif
  return {i + first_dirty_byte(run.substr(i), options), false};
}

std::size_t first_dirty_byte(std::string_view run, const TextOptions& options) {
  const auto* p = reinterpret_cast<const unsigned char*>(run.data());
  const std::size_t n = run.size();
  std::size_t i = 0;
  while (i < n) {
    i = skip_plain(p, i, n, options.references);
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0 || (c == '&' && options.references) || is_replaced_control(c)) return i;
      ++i;
      continue;
    }
    std::size_t bad = 0;
    std::size_t len = utf8_sequence(p + i, n - i, bad);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

void decode_text(std::string_view run, const TextOptions& options, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(run.data());
  const std::size_t n = run.size();
  std::size_t i = 0;
  std::size_t clean_from = 0;  // start of the pending pass-through stretch
  auto flush = [&](std::size_t upto) {
    if (upto > clean_from) out.append(run.data() + clean_from, upto - clean_from);
  };
  while (i < n) {
    i = skip_plain(p, i, n, options.references);
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) {
        flush(i);
        if (!options.drop_nul) out.append("\xEF\xBF\xBD");
        clean_from = ++i;
      } else if (c == '&' && options.references) {
        flush(i);
        std::size_t used = decode_char_ref(run.substr(i + 1), options.in_attribute, out);
        if (used == 0) {
          out.push_back('&');
          clean_from = ++i;
        } else {
          i += 1 + used;
          clean_from = i;
        }
      } else if (is_replaced_control(c)) {
        flush(i);
        out.append("\xEF\xBF\xBD");
        clean_from = ++i;
      } else {
        ++i;
      }
      continue;
    }
    std::size_t bad = 0;
    std::size_t len = utf8_sequence(p + i, n - i, bad);
    if (len != 0) {
      i += len;
      continue;
    }
    flush(i);
    out.append("\xEF\xBF\xBD");
    i += bad;
    clean_from = i;
  }
  flush(n);
}

}  // namespace winnow::html
