// The token hash (model format version 4): a 64-bit hash of a token's
// normalised bytes, cheap enough to compute inside the word walk.
//
// The bytes are read as little-endian 8-byte words w0, w1, ... (the last
// one zero-padded). A token of up to 8 bytes is finish_token(w0), and
// since no normalised byte is 0, w0 names such a token alone and
// finish_token is a bijection: two distinct short tokens (most of any text)
// never share a hash. A longer token chains its words through a 128-bit
// multiply before the same step. docs/model-format.md has the definition.
//
// The ASCII fast paths of the tokenizer load the words from the text itself
// and fold case and digits eight bytes at a time; the general path hashes
// the normalised bytes it builds. Both give the same value for the same
// normalised token (tests/unit/test_fingerprint_token_hash.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace winnow::token_hash {

inline std::uint64_t load_le64(const void* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// Bytes [begin, end) of a buffer whose valid range is [lo, hi), 1 to 8 of
// them, as a little-endian word zero-padded above: one 8-byte load that
// never leaves [lo, hi) when the buffer holds 8 bytes, else a short copy.
inline std::uint64_t load_tail(const char* lo, const char* hi, const char* begin, const char* end) {
  const auto n = static_cast<unsigned>(end - begin);
  if (end - lo >= 8) return load_le64(end - 8) >> (64 - 8 * n);  // the 8 bytes ending at `end`
  if (hi - begin >= 8) return load_le64(begin) & (~std::uint64_t{0} >> (64 - 8 * n));
  unsigned char b[8] = {};
  std::memcpy(b, begin, n);
  return load_le64(b);
}

// ASCII letters and digits, 8 at a time: a letter gets its 0x20 bit (lower
// case), a digit becomes '0'. Only the bytes of a word are meaningful.
inline std::uint64_t fold_ascii_word(std::uint64_t w) {
  constexpr std::uint64_t k40 = 0x4040'4040'4040'4040ull;
  const std::uint64_t digits = ((~w & k40) >> 6) * 0x0F;  // 0x0F in each byte below 0x40
  return (w | ((w & k40) >> 1)) & ~digits;
}

// The ASCII letters and digits among 8 bytes: 0x80 in each such byte
// (bytes of 0x80 and above are neither). Each test adds to 7-bit values,
// so no carry crosses a byte.
struct AsciiClasses {
  std::uint64_t letters;
  std::uint64_t digits;
  std::uint64_t word() const { return letters | digits; }
};
inline AsciiClasses ascii_classes(std::uint64_t w) {
  constexpr std::uint64_t k7f = 0x7F7F'7F7F'7F7F'7F7Full, k80 = 0x8080'8080'8080'8080ull;
  constexpr auto each = [](unsigned char b) { return 0x0101'0101'0101'0101ull * b; };
  const std::uint64_t ascii = ~w & k80;
  const std::uint64_t c = w & k7f;
  const std::uint64_t lower = c | each(0x20);  // letters to lower case
  return {(lower + each(0x80 - 'a')) & ~(lower + each(0x80 - 'z' - 1)) & ascii,
          (c + each(0x80 - '0')) & ~(c + each(0x80 - '9' - 1)) & ascii};
}

// The same fold as fold_ascii_word, from the classes already found.
inline std::uint64_t fold_classified(std::uint64_t w, AsciiClasses c) {
  return (w | (c.letters >> 2)) & ~((c.digits >> 7) * 0x0F);
}

// The last step of a token's hash: a bijection (an odd multiply, then the
// high half folded into the low), enough for a token, whose hash is mixed
// again into every shingle and block hash.
inline std::uint64_t finish_token(std::uint64_t x) {
  x *= 0x9fb2'1c65'1e98'df25ull;
  return x ^ (x >> 32);
}

// The last step of the block and shingle hashes: a bijection of 64-bit
// words (xor-shift, odd multiply, xor-shift) that spreads the high half into
// the low one and back: winnowing selects by the minimum of each window,
// so every bit of the polynomial must reach the top ones.
inline std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8'feb8'6659'fd93ull;
  x ^= x >> 32;
  return x;
}

// One more word of a long token into the running value.
inline std::uint64_t chain(std::uint64_t h, std::uint64_t w) {
  const unsigned __int128 p = static_cast<unsigned __int128>(h ^ 0x9e37'79b9'7f4a'7c15ull) *
                              (w ^ 0xd6e8'feb8'6659'fd93ull);
  return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
}

// Hash of `n` >= 1 normalised bytes at `p`, read through `word(offset,
// length)` (the little-endian word of bytes [offset, offset + length)).
template <class Word>
inline std::uint64_t hash_words(std::size_t n, Word&& word) {
  if (n <= 8) return finish_token(word(0, n));
  std::uint64_t h = word(0, 8);
  std::size_t at = 8;
  for (; at + 8 < n; at += 8) h = chain(h, word(at, 8));
  return finish_token(chain(h, word(at, n - at)));
}

// Hash of the normalised token bytes [p, p + n), n >= 1.
inline std::uint64_t of_bytes(const char* p, std::size_t n) {
  return hash_words(n, [p, n](std::size_t at, std::size_t len) {
    return load_tail(p, p + n, p + at, p + at + len);
  });
}

}  // namespace winnow::token_hash
