// Normalised word tokens of a block, the unit of every fingerprint.
//
// Normalisation: case-folded (Unicode lower case), every digit becomes '0',
// punctuation and symbols separate tokens and are dropped, whitespace is
// irrelevant. Scripts written without spaces (Han, Hiragana, Katakana, Thai,
// Lao, Khmer, Myanmar) give one token per character, so they shingle by
// characters. The token hashes are frozen: model files depend on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

struct Token {
  std::uint64_t hash;    // XXH3-64 of the normalised token bytes
  std::uint32_t begin;   // byte offset of the token's first character in the text
  std::uint32_t end;     // byte offset one past its last character
  bool numeric;          // made of digits only (dates, counters, prices)
};

// Appends the tokens of `text` (valid UTF-8) to `out` (cleared first).
// `scratch` is reused memory for the normalised bytes of one token.
void tokenize(std::string_view text, std::vector<Token>& out, std::string& scratch);

}  // namespace winnow
