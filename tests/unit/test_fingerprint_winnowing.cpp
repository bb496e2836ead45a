// Winnowing and shingle hashes against their definitions, computed the
// slow way: the incremental window minimum and the rolling shingle hash
// must select and produce exactly what the plain definitions do (model
// files and repeated-span cuts depend on both).
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <set>
#include <span>
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

TEST_CASE("the window minima are the hashes winnowing selects, as a set") {
  std::mt19937_64 rng(9);
  std::vector<std::uint64_t> hashes, minima;
  std::vector<std::uint32_t> positions;
  for (int round = 0; round < 20000; ++round) {
    hashes.resize(rng() % 40);
    const std::uint64_t range = round % 2 == 0 ? 4 : ~std::uint64_t{0};
    for (std::uint64_t& h : hashes) h = rng() % range;
    const auto w = static_cast<std::uint32_t>(rng() % 7);
    winnow_positions(hashes, w, positions);
    std::set<std::uint64_t> selected;
    for (std::uint32_t p : positions) selected.insert(hashes[p]);
    // Appended after what `minima` already holds.
    minima.assign(1, 12345);
    append_window_minima(hashes, w, minima);
    REQUIRE(minima.front() == 12345);
    const std::set<std::uint64_t> got(minima.begin() + 1, minima.end());
    REQUIRE(got == selected);
    // No two neighbours alike: a minimum the window before had is not repeated.
    for (std::size_t i = 2; i < minima.size(); ++i) REQUIRE(minima[i] != minima[i - 1]);
  }
}

TEST_CASE("a shingle hash depends on its window's tokens alone, for every window length") {
  // The hashes roll from window to window; each must still be that of its
  // own k tokens: equal for equal windows wherever they stand (and
  // whatever came before), different for different ones.
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> shingles, alone;
  for (std::uint32_t k : {1u, 2u, 7u, 8u, 9u, 16u, 64u}) {
    for (int round = 0; round < 50; ++round) {
      std::vector<Token> tokens(k + rng() % 40);
      // Few distinct tokens in odd rounds: windows repeat, in other orders too.
      const std::uint64_t range = round % 2 == 0 ? ~std::uint64_t{0} : 3;
      for (Token& t : tokens) t.hash = rng() % range;
      shingle_hashes(tokens, k, shingles);
      REQUIRE(shingles.size() == tokens.size() - k + 1);
      for (std::size_t i = 0; i < shingles.size(); ++i) {
        CHECK(shingles[i] != 0);
        shingle_hashes(std::span<const Token>(tokens).subspan(i, k), k, alone);
        REQUIRE(alone.size() == 1);
        CHECK(shingles[i] == alone[0]);
        for (std::size_t j = 0; j < i; ++j) {
          bool same = true;
          for (std::size_t t = 0; t < k; ++t) same = same && tokens[i + t].hash == tokens[j + t].hash;
          CHECK((shingles[i] == shingles[j]) == same);
        }
      }
    }
  }
}
