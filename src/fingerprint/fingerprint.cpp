#include "fingerprint/fingerprint.hpp"

#include "fingerprint/token_hash.hpp"
#include "fingerprint/token_walk.hpp"

#include <array>
#include <vector>

namespace winnow {
namespace {
// Distinct seeds keep block hashes and shingle hashes apart in one table.
constexpr std::uint64_t kBlockSeed = 0x5769'6e6e'6f77'0001ull;
constexpr std::uint64_t kShingleSeed = 0x5769'6e6e'6f77'0002ull;
// The base of the shingles' polynomial (odd: powers of it never vanish).
constexpr std::uint64_t kShingleBase = 0x2127'599b'f432'5c37ull;

std::uint64_t nonzero(std::uint64_t h) { return h == 0 ? 1 : h; }
}  // namespace

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
  // A chain of 128-bit multiplies: not linear in the token hashes, so no
  // arrangement of repeated tokens cancels out, however long the block.
  std::uint64_t h = kBlockSeed;
  for (const Token& t : tokens) h = token_hash::chain(h, t.hash);
  return nonzero(token_hash::mix(h ^ tokens.size()));
}

void shingle_hashes(std::span<const Token> tokens, std::uint32_t k, std::vector<std::uint64_t>& out) {
  out.clear();
  if (k == 0 || tokens.size() < k) return;
  if (k > 64) k = 64;
  out.resize(tokens.size() - k + 1);
  // A window's polynomial in the base, sum of t[i + j] * base^(k-1-j)
  // (mod 2^64), rolls to the next window with two multiplies: times the
  // base, less the leaving token times base^k, plus the entering token.
  // The mix then spreads it over all 64 bits, as winnowing's minima and
  // the sampling by top bits need.
  std::uint64_t base_k = 1;
  for (std::uint32_t j = 0; j < k; ++j) base_k *= kShingleBase;
  std::uint64_t s = 0;
  for (std::uint32_t j = 0; j < k; ++j) s = s * kShingleBase + tokens[j].hash;
  const Token* t = tokens.data();
  out[0] = nonzero(token_hash::mix(s ^ kShingleSeed));
  for (std::size_t i = 1; i < out.size(); ++i) {
    s = s * kShingleBase - t[i - 1].hash * base_k + t[i + k - 1].hash;
    out[i] = nonzero(token_hash::mix(s ^ kShingleSeed));
  }
}

TokenCounts fingerprint_text(std::string_view text, std::uint32_t k, std::uint64_t& block,
                             std::vector<std::uint64_t>& shingles, std::string& scratch) {
  shingles.clear();
  const std::uint32_t window = k > 64 ? 64 : k;  // as shingle_hashes
  std::uint64_t base_k = 1;
  for (std::uint32_t j = 0; j < window; ++j) base_k *= kShingleBase;
  // The last 64 token hashes: the one leaving the window is among them.
  std::array<std::uint64_t, 64> recent;
  std::uint32_t n = 0, numeric = 0;
  bool long_number = false;
  std::uint64_t h = kBlockSeed, s = 0;
  token_walk::walk(text, scratch, [&](std::uint64_t hash, std::uint32_t begin, std::uint32_t end, bool is_number) {
    if (is_number) {
      ++numeric;
      long_number = long_number || end - begin >= 4;
    }
    h = token_hash::chain(h, hash);
    if (window != 0) {
      s = s * kShingleBase + hash;
      if (n >= window) s -= recent[(n - window) & 63] * base_k;
      recent[n & 63] = hash;
      if (n + 1 >= window) shingles.push_back(nonzero(token_hash::mix(s ^ kShingleSeed)));
    }
    ++n;
  });
  if (n < k) shingles.clear();  // a window longer than 64 tokens: none, as shingle_hashes
  block = n == 0 ? 0 : nonzero(token_hash::mix(h ^ n));
  TokenCounts c;
  c.tokens = n;
  c.numeric = numeric;
  c.long_number = long_number;
  return c;
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
