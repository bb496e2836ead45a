// Fingerprints of a block: one hash of its whole normalised text and the
// winnowed hashes of its word shingles. Both are part of the model file
// format (model files store them): changing them requires a new version.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fingerprint/tokenizer.hpp"

namespace winnow {

// What the classifier reads of a block's tokens besides their positions:
// kept per block between the passes in place of the tokens themselves,
// which pass 2 needs only for the few blocks a repeated span is cut from.
struct TokenCounts {
  std::uint32_t tokens = 0;
  std::uint32_t numeric : 31 = 0;     // tokens made of digits only
  std::uint32_t long_number : 1 = 0;  // one of them has 4 digits or more (a year)
};
static_assert(sizeof(TokenCounts) == 8);

TokenCounts count_tokens(std::span<const Token> tokens);

// Hash of the whole block's token sequence; 0 if it has no tokens.
std::uint64_t block_hash(std::span<const Token> tokens);

// Hash of every window of `k` consecutive tokens (position i covers tokens
// [i, i+k)); empty if there are fewer than k tokens.
void shingle_hashes(std::span<const Token> tokens, std::uint32_t k, std::vector<std::uint64_t>& out);

// What the passes keep of a block's tokens, from one walk over its text
// that stores no token: returns their counts and sets `block` and
// `shingles` to the values count_tokens, block_hash and shingle_hashes give
// over tokenize(text). `scratch` as for tokenize.
TokenCounts fingerprint_text(std::string_view text, std::uint32_t k, std::uint64_t& block,
                             std::vector<std::uint64_t>& shingles, std::string& scratch);

// Winnowing (Schleimer, Wilkerson, Aiken 2003): in every window of `w`
// consecutive shingle hashes, the minimum (rightmost on ties) is selected;
// `out` receives the selected positions in increasing order, each once.
// Any run of w shingles shared by two texts selects a shared hash.
void winnow_positions(std::span<const std::uint64_t> hashes, std::uint32_t w,
                      std::vector<std::uint32_t>& out);

// The hashes winnow_positions selects, for a caller that needs only the
// set of them: the minimum of every window of `w` hashes (of all of them
// when there are fewer) is appended to `out`, a minimum that the window
// before had too not again. A hash may still appear twice. Without the
// positions there is no data-dependent branch: where the minimum of random
// hashes sits is a coin toss that winnow_positions' branches mispredicted.
void append_window_minima(std::span<const std::uint64_t> hashes, std::uint32_t w, std::vector<std::uint64_t>& out);

}  // namespace winnow
