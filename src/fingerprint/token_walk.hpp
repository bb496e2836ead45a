// The word walk behind every token: finds the tokens of a text and hashes
// them (tokenizer.hpp has the normalisation rules, token_hash.hpp the
// hash), handing each to a sink. The tokenizer stores them; fingerprinting
// keeps only their hashes.
#pragma once

#include <utf8proc.h>

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "fingerprint/token_hash.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow::token_walk {

inline bool is_unspaced_script(utf8proc_int32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||    // Hiragana, Katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x3FFFF) ||  // CJK extensions B+
         (cp >= 0x0E00 && cp <= 0x0EFF) ||    // Thai, Lao
         (cp >= 0x1000 && cp <= 0x109F) ||    // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||    // Khmer
         (cp >= 0xFF66 && cp <= 0xFF9D);      // half-width Katakana
}

// ASCII letters and digits, one look-up per byte where a byte loop remains.
inline constexpr auto kAsciiWord = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = 1;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = 1;
  for (int c = '0'; c <= '9'; ++c) t[c] = 1;
  return t;
}();

enum class CharClass { separator, word, digit, unspaced };

inline CharClass classify(utf8proc_int32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::word;
    if (cp >= '0' && cp <= '9') return CharClass::digit;
    return CharClass::separator;
  }
  if (is_unspaced_script(cp)) return CharClass::unspaced;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return CharClass::word;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return CharClass::digit;
    default:
      return CharClass::separator;
  }
}

inline void append_utf8(std::string& out, utf8proc_int32_t cp) {
  utf8proc_uint8_t buffer[4];
  utf8proc_ssize_t n = utf8proc_encode_char(cp, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n));
}

// An ASCII word starting at `i` (an ASCII letter or digit) and ending at an
// ASCII separator or the text's end: its token, hashed from the text's own
// bytes, 8 at a time (class, case fold and hash from one load), then the
// separators after it within the same 8 bytes skipped. False, with
// nothing done, when the word runs on into non-ASCII: the general path
// takes it. Needs 8 bytes of text from `i`.
template <class Sink>
inline bool ascii_word_8(const char* text, std::size_t size, std::size_t& i, Sink& emit) {
  constexpr std::uint64_t k40 = 0x4040'4040'4040'4040ull, k80 = 0x8080'8080'8080'8080ull;
  std::uint64_t w = token_hash::load_le64(text + i);
  token_hash::AsciiClasses cls = token_hash::ascii_classes(w);
  std::uint64_t words = cls.word();
  std::uint64_t stops = ~words & k80;
  if (stops != 0) {  // a word of 1-7 bytes: most of them
    const unsigned bits = static_cast<unsigned>(std::countr_zero(stops)) - 7;  // 8 x its length
    if ((w >> bits) & 0x80) return false;
    const std::uint64_t in_word = (std::uint64_t{1} << bits) - 1;
    const std::size_t end = i + bits / 8;
    emit(token_hash::finish_token(token_hash::fold_classified(w, cls) & in_word), static_cast<std::uint32_t>(i),
         static_cast<std::uint32_t>(end), (cls.letters & in_word) == 0);
    // The separators after it, up to the next word or non-ASCII byte.
    const std::uint64_t rest = (words | (w & k80)) & ~((in_word << 8) | 0xFF);
    i += rest != 0 ? static_cast<std::size_t>(std::countr_zero(rest)) / 8 : 8;
    return true;
  }
  std::uint64_t h = token_hash::fold_classified(w, cls);
  std::uint64_t letters = cls.letters;
  std::size_t at = i + 8;
  std::size_t end;
  for (;;) {
    if (size - at < 8) {  // the text's last bytes: one at a time
      std::size_t j = at;
      while (j < size && kAsciiWord[static_cast<unsigned char>(text[j])]) ++j;
      if (j < size && static_cast<unsigned char>(text[j]) >= 0x80) return false;
      if (j > at) {
        const std::uint64_t chunk = token_hash::load_tail(text, text + size, text + at, text + j);
        h = token_hash::chain(h, token_hash::fold_ascii_word(chunk));
        letters |= chunk & k40;
      }
      end = j;
      break;
    }
    w = token_hash::load_le64(text + at);
    cls = token_hash::ascii_classes(w);
    stops = ~cls.word() & k80;
    if (stops == 0) {
      h = token_hash::chain(h, token_hash::fold_classified(w, cls));
      letters |= cls.letters;
      at += 8;
      continue;
    }
    const unsigned bits = static_cast<unsigned>(std::countr_zero(stops)) - 7;
    if ((w >> bits) & 0x80) return false;
    if (bits != 0) {
      const std::uint64_t in_word = (std::uint64_t{1} << bits) - 1;
      h = token_hash::chain(h, token_hash::fold_classified(w, cls) & in_word);
      letters |= cls.letters & in_word;
    }
    end = at + bits / 8;
    break;
  }
  emit(token_hash::finish_token(h), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end), letters == 0);
  i = end;
  return true;
}

#if defined(__SSE2__)
// The letters-or-digits, digits and non-ASCII bytes among 16, as bit masks.
// Signed compares after a shift of each range to the bottom of the signed
// bytes: lower-cased letters 0x61-0x7A, digits 0x30-0x39; bytes of 0x80
// and above fall outside both.
struct ByteMasks {
  std::uint64_t alnum, digits, high;
};
inline ByteMasks byte_masks_16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i letter = _mm_cmpgt_epi8(_mm_set1_epi8(-128 + 26),
                                        _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x80 - 0x61)));
  const __m128i digit = _mm_cmpgt_epi8(_mm_set1_epi8(-128 + 10), _mm_add_epi8(v, _mm_set1_epi8(0x80 - 0x30)));
  return {static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit))),
          static_cast<std::uint32_t>(_mm_movemask_epi8(digit)), static_cast<std::uint32_t>(_mm_movemask_epi8(v))};
}

// Several ASCII words at once: one or two 16-byte loads classify the
// `kBytes` bytes at `i` (a word's first byte) into bit masks; every word
// of at most 16 bytes that ends inside them at an ASCII separator becomes
// a token, its separators skipped, without classifying a byte again. Stops
// at a word that reaches the last byte (left for the next call) or is
// longer than 16 (ascii_word_8 takes it), at a non-ASCII byte, or at the
// end of the bytes. False, with nothing done, when the first word runs on
// into non-ASCII. Needs `kBytes` bytes of text from `i`.
template <unsigned kBytes, class Sink>
inline bool ascii_words(const char* text, std::size_t size, std::size_t& i, Sink& emit) {
  static_assert(kBytes == 16 || kBytes == 32);
  constexpr std::uint64_t k40 = 0x4040'4040'4040'4040ull;
  const char* base = text + i;
  ByteMasks m = byte_masks_16(base);
  if constexpr (kBytes == 32) {
    const ByteMasks m2 = byte_masks_16(base + 16);
    m.alnum |= m2.alnum << 16;
    m.digits |= m2.digits << 16;
    m.high |= m2.high << 16;
  }
  unsigned p = 0;  // a word starts here
  for (;;) {
    // Bits past the last byte read as non-word: `end` is at most kBytes.
    const auto end = static_cast<unsigned>(std::countr_zero(~m.alnum & (~std::uint64_t{0} << p)));
    const unsigned n = end - p;
    if (end == kBytes || n > 16) {
      if (p == 0) return ascii_word_8(text, size, i, emit);  // a long word
      i += p;
      return true;
    }
    if ((m.high >> end) & 1) {
      if (p == 0) return false;
      i += p;
      return true;
    }
    // All bytes of the word are letters or digits, so fold_ascii_word
    // applies, and a word without digits (most) only needs its letters
    // lower-cased. Loads stay within the bytes classified.
    const std::uint64_t word_bits = ((std::uint64_t{1} << n) - 1) << p;
    const std::uint64_t word_digits = m.digits & word_bits;
    auto fold = [word_digits](std::uint64_t w) {
      return word_digits == 0 ? w | ((w & k40) >> 1) : token_hash::fold_ascii_word(w);
    };
    std::uint64_t hash;
    if (n <= 8) {
      const std::uint64_t w = end >= 8 ? token_hash::load_le64(base + end - 8) >> (64 - 8 * n)
                                       : token_hash::load_le64(base + p) & (~std::uint64_t{0} >> (64 - 8 * n));
      hash = token_hash::finish_token(fold(w));
    } else {
      const std::uint64_t w0 = token_hash::load_le64(base + p);
      const std::uint64_t w1 = token_hash::load_le64(base + end - 8) >> (64 - 8 * (n - 8));
      hash = token_hash::finish_token(token_hash::chain(fold(w0), fold(w1)));
    }
    emit(hash, static_cast<std::uint32_t>(i + p), static_cast<std::uint32_t>(i + end), word_digits == word_bits);
    // The separators after it, up to the next word or non-ASCII byte.
    const auto next = static_cast<unsigned>(
        std::countr_zero(((m.alnum | m.high) & (~std::uint64_t{0} << (end + 1))) | (std::uint64_t{1} << kBytes)));
    if (next == kBytes || ((m.high >> next) & 1)) {
      i += next;
      return true;
    }
    p = next;
  }
}
#endif

// Calls emit(hash, begin, end, numeric) for each token of `text` (valid
// UTF-8), in order. `scratch` is reused memory for the normalised bytes of
// a token on the general path.
template <class Sink>
void walk(std::string_view text, std::string& scratch, Sink&& emit) {
  scratch.clear();
  std::uint32_t token_begin = 0;
  auto finish = [&](std::uint32_t end) {
    if (scratch.empty()) return;
    bool numeric = scratch.find_first_not_of('0') == std::string::npos;
    emit(token_hash::of_bytes(scratch.data(), scratch.size()), token_begin, end, numeric);
    scratch.clear();
  };
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  // With no token in progress, ASCII takes the fast paths; anything else
  // goes through the general path, code point by code point, until the
  // token it is in ends.
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (!kAsciiWord[lead]) {
      // An ASCII separator with no token in progress ends nothing: skipped
      // without classifying it.
      if (lead < 0x80) {
        ++i;
        continue;
      }
#if defined(__SSE2__)
    } else if (size - i >= 32) {
      if (ascii_words<32>(text.data(), size, i, emit)) continue;
    } else if (size - i >= 16) {
      if (ascii_words<16>(text.data(), size, i, emit)) continue;
#endif
    } else if (size - i >= 8) {
      if (ascii_word_8(text.data(), size, i, emit)) continue;
    } else {
      // The text's last 7 bytes: a whole ASCII word that ends at an ASCII
      // separator or the end, found byte by byte and hashed from the
      // text's own bytes. A word running on into non-ASCII takes the
      // general path.
      std::size_t j = i + 1;
      while (j < size && kAsciiWord[bytes[j]]) ++j;
      if (j == size || bytes[j] < 0x80) {
        const char* lo = text.data();
        const char* word = lo + i;
        std::uint64_t letters = 0;  // the 0x40 bit of every letter: none in a number
        const std::uint64_t hash = token_hash::hash_words(j - i, [&](std::size_t at, std::size_t len) {
          const std::uint64_t w = token_hash::load_tail(lo, lo + size, word + at, word + at + len);
          letters |= w & 0x4040'4040'4040'4040ull;
          return token_hash::fold_ascii_word(w);
        });
        emit(hash, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), letters == 0);
        i = j;
        continue;
      }
    }
    do {
      auto begin = static_cast<std::uint32_t>(i);
      utf8proc_int32_t cp;
      const unsigned char c = bytes[i];
      if (c < 0x80) {
        cp = c;
        i += 1;
      } else {
        utf8proc_ssize_t n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(size - i), &cp);
        if (n <= 0) {  // invalid byte: a separator, never a crash
          finish(begin);
          i += 1;
          continue;
        }
        i += static_cast<std::size_t>(n);
      }
      switch (classify(cp)) {
        case CharClass::separator:
          finish(begin);
          break;
        case CharClass::unspaced:
          finish(begin);
          token_begin = begin;
          append_utf8(scratch, utf8proc_tolower(cp));
          finish(static_cast<std::uint32_t>(i));
          break;
        case CharClass::digit:
          if (scratch.empty()) token_begin = begin;
          scratch.push_back('0');
          break;
        case CharClass::word:
          if (scratch.empty()) token_begin = begin;
          if (cp < 0x80) {
            scratch.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
          } else {
            append_utf8(scratch, utf8proc_tolower(cp));
          }
          break;
      }
    } while (i < size && !scratch.empty());
  }
  finish(static_cast<std::uint32_t>(text.size()));
}

}  // namespace winnow::token_walk
