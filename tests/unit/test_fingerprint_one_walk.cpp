// fingerprint_text walks a block's text once and stores no token; it must
// give exactly what tokenize followed by count_tokens, block_hash and
// shingle_hashes give, for every window length (the passes use the first,
// the classifier's span cuts and the benchmarks the second).
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fingerprint/fingerprint.hpp"

using namespace winnow;

TEST_CASE("one walk over the text gives the counts, block hash and shingles of the tokens") {
  const std::vector<std::string> pieces = {"Word", "the", "2026", "7", "internationalisation", "\xC3\xA9t\xC3\xA9",
                                           "\xE6\x9D\xB1", " ", ", ", ".\n", "\xE2\x80\x94", "Q"};
  std::mt19937_64 rng(17);
  std::vector<Token> tokens;
  std::vector<std::uint64_t> want, got;
  std::string scratch;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t n = rng() % 90;
    for (std::size_t i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const std::vector<char> exact(text.begin(), text.end());  // reads past it show under ASan
    const std::string_view view(exact.data(), exact.size());
    for (std::uint32_t k : {0u, 1u, 3u, 8u, 64u, 70u}) {
      tokenize(view, tokens, scratch);
      const TokenCounts c = count_tokens(tokens);
      shingle_hashes(tokens, k, want);
      std::uint64_t block = 12345;
      const TokenCounts d = fingerprint_text(view, k, block, got, scratch);
      CHECK(d.tokens == c.tokens);
      CHECK(d.numeric == c.numeric);
      CHECK(d.long_number == c.long_number);
      CHECK(block == block_hash(tokens));
      CHECK(got == want);
    }
  }
}
