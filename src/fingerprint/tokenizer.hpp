// Normalised word tokens of a block, the unit of every fingerprint.
//
// Normalisation: case-folded (Unicode lower case), every digit becomes '0',
// punctuation and symbols separate tokens and are dropped, whitespace is
// irrelevant. Scripts written without spaces (Han, Hiragana, Katakana, Thai,
// Lao, Khmer, Myanmar) give one token per character, so they shingle by
// characters. The token hashes are part of the model file format (version 4,
// fingerprint/token_hash.hpp): changing them needs a new version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

// 16 bytes: pass 1 keeps every token of the pages it caches for pass 2, and
// a 24-byte token made tokens the largest part of what is kept. Block texts
// are far shorter than 2 GiB, so 31 bits hold any offset.
struct Token {
  std::uint64_t hash;         // token_hash of the normalised token bytes
  std::uint32_t begin;        // byte offset of the token's first character in the text
  std::uint32_t end : 31;     // byte offset one past its last character
  std::uint32_t numeric : 1;  // made of digits only (dates, counters, prices)
};
static_assert(sizeof(Token) == 16);

// Appends the tokens of `text` (valid UTF-8) to `out` (cleared first).
// `scratch` is reused memory for the normalised bytes of one token.
void tokenize(std::string_view text, std::vector<Token>& out, std::string& scratch);

}  // namespace winnow
