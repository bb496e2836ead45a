#include "fingerprint/fingerprint.hpp"

// Inlined: the calls hash 8 to 64 bytes each, where a call into the shared
// library costs as much as the hashing. Same algorithm, same values.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <vector>

namespace winnow {
namespace {
// Distinct seeds keep block hashes and shingle hashes apart in one table.
constexpr XXH64_hash_t kBlockSeed = 0x5769'6e6e'6f77'0001ull;
constexpr XXH64_hash_t kShingleSeed = 0x5769'6e6e'6f77'0002ull;

std::uint64_t nonzero(std::uint64_t h) { return h == 0 ? 1 : h; }
}  // namespace

// The token hashes side by side: XXH3 of a byte range equals its streaming
// digest over the same bytes, so one-shot hashes of slices of this array give
// exactly the frozen values while skipping per-token streaming overhead.
static std::span<const std::uint64_t> token_hashes(std::span<const Token> tokens) {
  thread_local std::vector<std::uint64_t> hashes;
  hashes.resize(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) hashes[i] = tokens[i].hash;
  return hashes;
}

TokenCounts count_tokens(std::span<const Token> tokens) {
  TokenCounts c;
  c.tokens = static_cast<std::uint32_t>(tokens.size());
  std::uint32_t numeric = 0;
  bool long_number = false;
  for (const Token& t : tokens) {
    numeric += t.numeric;
    long_number = long_number || (t.numeric && t.end - t.begin >= 4);
  }
  c.numeric = numeric;
  c.long_number = long_number;
  return c;
}

std::uint64_t block_hash(std::span<const Token> tokens) {
  if (tokens.empty()) return 0;
  std::span<const std::uint64_t> hashes = token_hashes(tokens);
  return nonzero(XXH3_64bits_withSeed(hashes.data(), hashes.size_bytes(), kBlockSeed));
}

void shingle_hashes(std::span<const Token> tokens, std::uint32_t k, std::vector<std::uint64_t>& out) {
  out.clear();
  if (k == 0 || tokens.size() < k) return;
  if (k > 64) k = 64;
  std::span<const std::uint64_t> hashes = token_hashes(tokens);
  out.resize(tokens.size() - k + 1);
  if (k == 8) {
    // The default shingle: with the length a constant, the inlined XXH3
    // reduces to its 17-128-byte path without the length tests.
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = nonzero(XXH3_64bits_withSeed(hashes.data() + i, 8 * sizeof(std::uint64_t), kShingleSeed));
    }
    return;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = nonzero(XXH3_64bits_withSeed(hashes.data() + i, k * sizeof(std::uint64_t), kShingleSeed));
  }
}

void winnow_positions(std::span<const std::uint64_t> hashes, std::uint32_t w,
                      std::vector<std::uint32_t>& out) {
  out.clear();
  if (hashes.empty()) return;
  if (w == 0) w = 1;
  if (hashes.size() <= w) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < hashes.size(); ++i) {
      if (hashes[i] <= hashes[best]) best = i;
    }
    out.push_back(static_cast<std::uint32_t>(best));
    return;
  }
  // The rightmost minimum of a window stays that of the next one unless it
  // leaves it or the entering hash is no larger: the window is scanned
  // again only when its minimum leaves.
  std::size_t best = 0;
  for (std::size_t i = 1; i < w; ++i) {
    if (hashes[i] <= hashes[best]) best = i;
  }
  out.push_back(static_cast<std::uint32_t>(best));
  for (std::size_t start = 1; start + w <= hashes.size(); ++start) {
    const std::size_t entering = start + w - 1;
    if (best < start) {
      best = start;
      for (std::size_t i = start + 1; i <= entering; ++i) {
        if (hashes[i] <= hashes[best]) best = i;
      }
    } else if (hashes[entering] <= hashes[best]) {
      best = entering;
    }
    if (out.back() != best) out.push_back(static_cast<std::uint32_t>(best));
  }
}

}  // namespace winnow
