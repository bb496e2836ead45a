// Winnowing and shingle hashes against their definitions, computed the
// slow way: the incremental window minimum and the constant-length shingle
// hash must select and produce exactly what the plain definitions do
// (model files and repeated-span cuts depend on both).
#include <doctest/doctest.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdint>
#include <random>
#include <vector>

#include "fingerprint/fingerprint.hpp"

namespace {

using namespace winnow;

// Every window's rightmost minimum, each position once, in order.
std::vector<std::uint32_t> winnow_by_definition(const std::vector<std::uint64_t>& h, std::uint32_t w) {
  std::vector<std::uint32_t> out;
  if (h.empty()) return out;
  if (w == 0) w = 1;
  const std::size_t windows = h.size() <= w ? 1 : h.size() - w + 1;
  for (std::size_t s = 0; s < windows; ++s) {
    std::size_t best = s;
    for (std::size_t i = s; i < std::min<std::size_t>(s + w, h.size()); ++i) {
      if (h[i] <= h[best]) best = i;
    }
    if (out.empty() || out.back() != best) out.push_back(static_cast<std::uint32_t>(best));
  }
  return out;
}

}  // namespace

TEST_CASE("winnowing selects each window's rightmost minimum, ties included") {
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> hashes;
  std::vector<std::uint32_t> got;
  for (int round = 0; round < 20000; ++round) {
    hashes.resize(rng() % 40);
    // Few distinct values, so that windows hold ties and repeated minima.
    const std::uint64_t range = round % 2 == 0 ? 4 : ~std::uint64_t{0};
    for (std::uint64_t& h : hashes) h = rng() % range;
    const auto w = static_cast<std::uint32_t>(rng() % 7);
    winnow_positions(hashes, w, got);
    REQUIRE(got == winnow_by_definition(hashes, w));
  }
}

TEST_CASE("shingle hashes equal XXH3 of the window's token hashes, for every window length") {
  std::mt19937_64 rng(11);
  std::vector<Token> tokens(30);
  for (Token& t : tokens) t.hash = rng();
  std::vector<std::uint64_t> shingles;
  for (std::uint32_t k : {1u, 2u, 7u, 8u, 9u, 16u}) {
    shingle_hashes(tokens, k, shingles);
    REQUIRE(shingles.size() == tokens.size() - k + 1);
    for (std::size_t i = 0; i < shingles.size(); ++i) {
      std::vector<std::uint64_t> window;
      for (std::size_t t = i; t < i + k; ++t) window.push_back(tokens[t].hash);
      std::uint64_t h = XXH3_64bits_withSeed(window.data(), k * sizeof(std::uint64_t), 0x5769'6e6e'6f77'0002ull);
      if (h == 0) h = 1;
      CHECK(shingles[i] == h);
    }
  }
}
