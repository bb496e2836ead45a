// JSON string escaping skips plain bytes by table look-up; these pin each
// byte that must be escaped and the lead bytes that must not be on their own.
#include <doctest/doctest.h>

#include <string>

#include "winnow/winnow.hpp"

using winnow::append_json_string;

namespace {
std::string json(std::string_view text) {
  std::string out = "x";  // appends: what is there stays
  append_json_string(out, text);
  return out;
}
}  // namespace

TEST_CASE("json escape: plain text is copied whole, quotes and backslashes escaped") {
  CHECK(json("") == "x\"\"");
  CHECK(json("plain text, é and 日本") == "x\"plain text, é and 日本\"");
  CHECK(json("say \"hi\" \\ bye") == "x\"say \\\"hi\\\" \\\\ bye\"");
  const std::string long_run(10000, 'a');
  CHECK(json(long_run + "\"") == "x\"" + long_run + "\\\"\"");
}

TEST_CASE("json escape: control characters") {
  CHECK(json("a\nb\rc\td") == "x\"a\\nb\\rc\\td\"");
  CHECK(json(std::string("\0\x01\x1f", 3)) == "x\"\\u0000\\u0001\\u001f\"");
  CHECK(json("\x7f") == "x\"\x7f\"");  // DEL is valid in JSON as it is
}

TEST_CASE("json escape: U+0085, U+2028 and U+2029 escaped; their lead bytes alone are not") {
  CHECK(json("a\xC2\x85z") == "x\"a\\u0085z\"");
  CHECK(json("a\xE2\x80\xA8z\xE2\x80\xA9") == "x\"a\\u2028z\\u2029\"");
  // Other characters sharing the lead bytes pass through: U+00A0, U+2014, U+20AC.
  CHECK(json("\xC2\xA0\xE2\x80\x94\xE2\x82\xAC") == "x\"\xC2\xA0\xE2\x80\x94\xE2\x82\xAC\"");
  // A lead byte at the very end (truncated input) is copied, not read past.
  CHECK(json("end\xC2") == "x\"end\xC2\"");
  CHECK(json("end\xE2\x80") == "x\"end\xE2\x80\"");
}

TEST_CASE("json escape: a byte to escape is found at every position of a long run") {
  // The scan takes 16 bytes a step and the last few one at a time: each
  // special byte at each offset of a 40-byte run, vector steps and tail alike.
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"}, {std::string_view("\0", 1), "\\u0000"},
      {"\x1f", "\\u001f"}, {"\xC2\x85", "\\u0085"}, {"\xE2\x80\xA9", "\\u2029"}, {"\xC2\xA0", "\xC2\xA0"},
      {"\x7f", "\x7f"}, {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}};
  for (const auto& [raw, escaped] : cases) {
    for (std::size_t at = 0; at < 40; ++at) {
      const std::string before(at, 'a'), after(40 - at, 'b');
      CHECK(json(before + std::string(raw) + after) == "x\"" + before + std::string(escaped) + after + "\"");
    }
  }
}
