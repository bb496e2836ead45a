// The tokenizer's ASCII fast path must give exactly the tokens of the
// general path: same hashes, offsets and numeric flags.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fingerprint/tokenizer.hpp"
#include "test_tokens.hpp"

using namespace winnow;

TEST_CASE("ascii tokens: case and digits fold as on the general path") {
  const auto fast = tokens_of("HeLLo World2024 2024 x");
  const auto lower = tokens_of("hello world0000 0000 x");
  REQUIRE(fast.size() == 4);
  REQUIRE(lower.size() == 4);
  for (std::size_t i = 0; i < fast.size(); ++i) CHECK(fast[i].hash == lower[i].hash);
  CHECK_FALSE(fast[0].numeric);
  CHECK_FALSE(fast[1].numeric);  // letters and digits: not a number
  CHECK(fast[2].numeric);
  CHECK(fast[1].begin == 6);
  CHECK(std::uint32_t{fast[1].end} == 15);
}

TEST_CASE("ascii tokens: a word longer than the stack buffer folds the same") {
  const std::string upper(100, 'Q');
  const std::string lower(100, 'q');
  const auto a = tokens_of(upper + " " + upper + "7");
  const auto b = tokens_of(lower + " " + lower + "0");
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  CHECK(a[0].hash == b[0].hash);
  CHECK(a[1].hash == b[1].hash);
  CHECK(std::uint32_t{a[1].end} == 202);
}

TEST_CASE("ascii tokens: a word running into non-ASCII letters is one token") {
  const auto mixed = tokens_of("Caf\xC3\xA9 ok");  // Café
  const auto lower = tokens_of("caf\xC3\xA9 ok");
  REQUIRE(mixed.size() == 2);
  CHECK(mixed[0].hash == lower[0].hash);
  CHECK(std::uint32_t{mixed[0].end} == 5);
}
