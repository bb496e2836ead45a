#include "fingerprint/fingerprint.hpp"

// Inlined: the calls hash 8 to 64 bytes each, where a call into the shared
// library costs as much as the hashing. Same algorithm, same values.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <array>
#include <bit>
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
  // Numeric tokens are few: a test per token, the rest only for them.
  for (const Token& t : tokens) {
    if (t.numeric) {
      ++numeric;
      long_number = long_number || t.end - t.begin >= 4;
    }
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
  out.resize(tokens.size() - k + 1);
  // Hashes in memory are the hashed bytes: little-endian machines only.
  if (k == 8 && std::endian::native == std::endian::little) {
    // The default shingle, read straight from the tokens: XXH3 of 64 bytes
    // with a seed is four 16-byte mixes of fixed secret words plus and
    // minus the seed, then the avalanche (xxhash's 17-128-byte path
    // spelled out; tests compare it with XXH3 itself).
    static const std::array<std::uint64_t, 8> key = [] {
      std::array<std::uint64_t, 8> k8{};
      for (std::size_t w = 0; w < 8; ++w) {
        const std::uint64_t secret = XXH_readLE64(XXH3_kSecret + 8 * w);
        k8[w] = w % 2 == 0 ? secret + kShingleSeed : secret - kShingleSeed;
      }
      return k8;
    }();
    const Token* t = tokens.data();
    for (std::size_t i = 0; i < out.size(); ++i, ++t) {
      std::uint64_t acc = 64 * XXH_PRIME64_1;
      acc += XXH3_mul128_fold64(t[2].hash ^ key[4], t[3].hash ^ key[5]);  // bytes 16-31
      acc += XXH3_mul128_fold64(t[4].hash ^ key[6], t[5].hash ^ key[7]);  // bytes 32-47
      acc += XXH3_mul128_fold64(t[0].hash ^ key[0], t[1].hash ^ key[1]);  // bytes 0-15
      acc += XXH3_mul128_fold64(t[6].hash ^ key[2], t[7].hash ^ key[3]);  // bytes 48-63
      out[i] = nonzero(XXH3_avalanche(acc));
    }
    return;
  }
  std::span<const std::uint64_t> hashes = token_hashes(tokens);
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
