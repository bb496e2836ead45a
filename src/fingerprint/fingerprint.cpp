#include "fingerprint/fingerprint.hpp"

#include "fingerprint/token_hash.hpp"
#include "fingerprint/token_walk.hpp"

// Inlined: a block's call hashes a few hundred bytes, where a call into the
// shared library costs a noticeable share of it. Same algorithm, same values.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <span>
#include <vector>

namespace winnow {
namespace {
// Distinct seeds keep block hashes and shingle hashes apart in one table.
constexpr std::uint64_t kBlockSeed = 0x5769'6e6e'6f77'0001ull;
constexpr std::uint64_t kShingleSeed = 0x5769'6e6e'6f77'0002ull;
// The base of the shingles' polynomial (odd: powers of it never vanish).
constexpr std::uint64_t kShingleBase = 0x2127'599b'f432'5c37ull;

std::uint64_t nonzero(std::uint64_t h) { return h == 0 ? 1 : h; }

// The numeric tokens of a block, tallied as they come (TokenCounts holds
// bit-fields: counting in them token by token costs more).
struct NumberTally {
  std::uint32_t numeric = 0;
  bool long_number = false;
  void add(std::uint32_t begin, std::uint32_t end) {
    ++numeric;
    long_number = long_number || end - begin >= 4;
  }
  TokenCounts counts(std::size_t tokens) const {
    TokenCounts c;
    c.tokens = static_cast<std::uint32_t>(tokens);
    c.numeric = numeric;
    c.long_number = long_number;
    return c;
  }
};

// XXH3-64 of the token hashes as little-endian 8-byte words, one after the
// other; 0 for no tokens.
std::uint64_t hash_of_token_hashes(std::span<const std::uint64_t> hashes) {
  if (hashes.empty()) return 0;
  if constexpr (std::endian::native == std::endian::little) {
    return nonzero(XXH3_64bits_withSeed(hashes.data(), hashes.size_bytes(), kBlockSeed));
  } else {
    std::vector<std::uint64_t> le(hashes.begin(), hashes.end());
    for (std::uint64_t& h : le) h = __builtin_bswap64(h);
    return nonzero(XXH3_64bits_withSeed(le.data(), std::span<const std::uint64_t>(le).size_bytes(), kBlockSeed));
  }
}
}  // namespace

TokenCounts count_tokens(std::span<const Token> tokens) {
  NumberTally numbers;
  // Numeric tokens are few: a test per token, the rest only for them.
  for (const Token& t : tokens) {
    if (t.numeric) numbers.add(t.begin, t.end);
  }
  return numbers.counts(tokens.size());
}

std::uint64_t block_hash(std::span<const Token> tokens) {
  thread_local std::vector<std::uint64_t> hashes;
  hashes.resize(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) hashes[i] = tokens[i].hash;
  return hash_of_token_hashes(hashes);
}

namespace {
// Shingle hashes over token hashes side by side (shingle_hashes reads them
// from the tokens): see shingle_hashes.
template <class Hashes>
void shingle_hashes_of(const Hashes& t, std::uint32_t k, std::vector<std::uint64_t>& out) {
  out.clear();
  if (k == 0 || t.size() < k) return;
  if (k > 64) k = 64;
  out.resize(t.size() - k + 1);
  // A window's polynomial in the base, sum of t[i + j] * base^(k-1-j)
  // (mod 2^64), rolls to the next window with two multiplies: times the
  // base, less the leaving token times base^k, plus the entering token.
  // The mix then spreads it over all 64 bits, as winnowing's minima need.
  std::uint64_t base_k = 1;
  for (std::uint32_t j = 0; j < k; ++j) base_k *= kShingleBase;
  std::uint64_t s = 0;
  for (std::uint32_t j = 0; j < k; ++j) s = s * kShingleBase + t[j];
  std::uint64_t* o = out.data();
  const std::size_t count = out.size();
  o[0] = nonzero(token_hash::mix(s ^ kShingleSeed));
  for (std::size_t i = 1; i < count; ++i) {
    s = s * kShingleBase - t[i - 1] * base_k + t[i + k - 1];
    o[i] = nonzero(token_hash::mix(s ^ kShingleSeed));
  }
}

// The hashes of a span of tokens, indexed like an array.
struct TokenHashes {
  std::span<const Token> tokens;
  std::size_t size() const { return tokens.size(); }
  std::uint64_t operator[](std::size_t i) const { return tokens[i].hash; }
};
}  // namespace

void shingle_hashes(std::span<const Token> tokens, std::uint32_t k, std::vector<std::uint64_t>& out) {
  shingle_hashes_of(TokenHashes{tokens}, k, out);
}

TokenCounts fingerprint_text(std::string_view text, std::uint32_t k, std::uint64_t& block,
                             std::vector<std::uint64_t>& shingles, std::string& scratch) {
  // The walk only collects the token hashes, side by side: the block and
  // shingle hashes then run as tight loops over them, where folding them
  // in as they come left the walk short of registers.
  thread_local std::vector<std::uint64_t> hashes;
  hashes.clear();
  NumberTally numbers;
  token_walk::walk(text, scratch, [&](std::uint64_t hash, std::uint32_t begin, std::uint32_t end, bool is_number) {
    if (is_number) numbers.add(begin, end);
    hashes.push_back(hash);
  });
  block = hash_of_token_hashes(hashes);
  shingle_hashes_of(std::span<const std::uint64_t>(hashes), k, shingles);
  return numbers.counts(hashes.size());
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

void append_window_minima(std::span<const std::uint64_t> hashes, std::uint32_t w, std::vector<std::uint64_t>& out) {
  if (hashes.empty()) return;
  if (w == 0) w = 1;
  const std::size_t n = hashes.size();
  if (n <= w) {
    out.push_back(*std::min_element(hashes.begin(), hashes.end()));
    return;
  }
  const std::size_t windows = n - w + 1;
  const std::size_t base = out.size();
  out.resize(base + windows);
  std::uint64_t* to = out.data() + base;
  auto window_min = [&](std::size_t start) {
    std::uint64_t m = hashes[start];
    for (std::uint32_t j = 1; j < w; ++j) m = std::min(m, hashes[start + j]);
    return m;
  };
  to[0] = window_min(0);
  std::size_t kept = 1;
  for (std::size_t start = 1; start < windows; ++start) {
    const std::uint64_t m = window_min(start);
    to[kept] = m;
    kept += m != to[kept - 1];
  }
  out.resize(base + kept);
}

}  // namespace winnow
