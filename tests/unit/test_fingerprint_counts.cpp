#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fingerprint/fingerprint.hpp"

using namespace winnow;

namespace {
TokenCounts counts_of(std::string_view text) {
  std::vector<Token> tokens;
  std::string scratch;
  tokenize(text, tokens, scratch);
  return count_tokens(tokens);
}
}  // namespace

TEST_CASE("token counts: all tokens, digit-only tokens, and whether one is a year or longer") {
  TokenCounts c = counts_of("Updated 2026-03-05");
  CHECK(c.tokens == 4);
  CHECK(std::uint32_t{c.numeric} == 3);
  CHECK(std::uint32_t{c.long_number} == 1);
  c = counts_of("Step 12 of 31");
  CHECK(c.tokens == 4);
  CHECK(std::uint32_t{c.numeric} == 2);
  CHECK(std::uint32_t{c.long_number} == 0);
  c = counts_of("");
  CHECK(c.tokens == 0);
  CHECK(std::uint32_t{c.numeric} == 0);
  CHECK(std::uint32_t{c.long_number} == 0);
}
