// Binary data taken for a page: control characters counted 16 bytes at a
// time must be those counted one by one, at every length and alignment.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "io/format_sniffer.hpp"

using namespace winnow::io;

namespace {
std::size_t controls_one_by_one(std::string_view s) {
  std::size_t n = 0;
  for (const char ch : s.substr(0, kBinarySampleBytes)) {
    const auto c = static_cast<unsigned char>(ch);
    n += c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r';
  }
  return n;
}
}  // namespace

TEST_CASE("judge_binary counts the control characters of its sample, whatever the length") {
  std::mt19937 rng(7);
  // Bytes around the edges that matter: 0x00-0x20, whitespace, 0x7f-0x80, 0xff.
  const std::string alphabet = std::string("\0\x01\x08\t\n\x0b\f\r\x0e\x1b\x1f \x7f\x80\xff", 15) + "ab";
  for (std::size_t len : {0u, 1u, 15u, 16u, 17u, 31u, 33u, 100u, 8191u, 8192u, 8193u, 20000u}) {
    std::string s(len, 'x');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    for (std::size_t skip : {0u, 1u, 7u}) {
      if (skip > s.size()) continue;
      const std::string_view view = std::string_view(s).substr(skip);
      const BinaryVerdict v = judge_binary(view);
      CHECK(v.controls == controls_one_by_one(view));
      CHECK(v.sampled == std::min(view.size(), kBinarySampleBytes));
    }
  }
  CHECK_FALSE(judge_binary("<p>A page with a form feed\f and tabs\t\tonly.</p>\r\n").binary);
  CHECK_FALSE(judge_binary(std::string(7, '\0')).binary);  // under the minimum
  CHECK(judge_binary(std::string(8, '\0')).binary);
  CHECK_FALSE(judge_binary(std::string(8, '\0') + std::string(900, 'a')).binary);  // under 1%
}
