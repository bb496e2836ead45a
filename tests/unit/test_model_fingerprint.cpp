// Frozen fingerprint values. Model files store these hashes, so a change to
// tokenisation, normalisation or hashing silently invalidates every model in
// the wild: it must come with a new model format version and new numbers here.
// These are version 4's (docs/model-format.md, "Fingerprints").
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fingerprint/fingerprint.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace {

using namespace winnow;

struct Fingerprinted {
  std::vector<Token> tokens;
  std::uint64_t block = 0;
  std::vector<std::uint64_t> shingles;
  std::vector<std::uint32_t> winnowed;
};

Fingerprinted fingerprint(std::string_view text, std::uint32_t k = 8, std::uint32_t w = 4) {
  Fingerprinted f;
  std::string scratch;
  tokenize(text, f.tokens, scratch);
  f.block = block_hash(f.tokens);
  shingle_hashes(f.tokens, k, f.shingles);
  winnow_positions(f.shingles, w, f.winnowed);
  return f;
}

}  // namespace

TEST_CASE("golden fingerprints of an English appeal") {
  Fingerprinted f = fingerprint("Support independent journalism: donate today and keep our reporters on the beat.");
  REQUIRE(f.tokens.size() == 12);
  CHECK(f.tokens[0].hash == 0x420877f52ed0516aull);
  CHECK(f.tokens[0].begin == 0);
  CHECK(std::uint32_t{f.tokens[0].end} == 7);  // a bit-field: copied out to compare
  CHECK(f.tokens[3].hash == 0x4d3cb7c56e6282b1ull);  // "donate", after the colon
  CHECK(f.tokens[3].begin == 32);
  CHECK(f.tokens[11].hash == 0xfb90a0d1ac04a5fbull);  // "beat", the full stop dropped
  CHECK(std::uint32_t{f.tokens[11].end} == 79);  // a bit-field: copied out to compare
  CHECK(f.block == 0x38df262a2a21074cull);
  CHECK(f.shingles == std::vector<std::uint64_t>{0x1a0f117d965f9420ull, 0x370826b6ec07a7ccull,
                                                 0x182996282e5fc354ull, 0xef49dc701712e862ull,
                                                 0x9cd21e9b94a7a562ull});
  CHECK(f.winnowed == std::vector<std::uint32_t>{2});
}

TEST_CASE("golden fingerprints: case, punctuation and digits normalise away") {
  Fingerprinted f = fingerprint("Install the app for FREE!");
  CHECK(f.block == 0x572b20b7ac7ace98ull);
  CHECK(f.tokens[1].hash == 0xec230490eda62054ull);  // "the", same as in the appeal
  CHECK(f.shingles.empty());                         // fewer than 8 tokens
  CHECK(fingerprint("install   the app, for free").block == f.block);

  Fingerprinted u = fingerprint("Ünïcödé Straße 2026, ÉTÉ");
  CHECK(u.block == 0x478461bc9d96f76cull);
  CHECK(u.tokens.size() == 4);
  CHECK(u.tokens[2].hash == 0x9f6aaf33b21a69c3ull);  // "0000"
  CHECK(fingerprint("ÜNÏCÖDÉ straße 1999 été").block == u.block);
}

TEST_CASE("golden fingerprints of unspaced scripts: one token per character") {
  Fingerprinted f = fingerprint("東京都の天気は晴れです");
  REQUIRE(f.tokens.size() == 11);
  CHECK(f.tokens[0].hash == 0x5759ae4fd19e8271ull);
  CHECK(std::uint32_t{f.tokens[10].end} == 33);  // a bit-field: copied out to compare
  CHECK(f.block == 0xa34ffbeed7bcb21dull);
  CHECK(f.shingles == std::vector<std::uint64_t>{0xc0cc6a3e3a042c20ull, 0x0c7b8f655eaeaffcull,
                                                 0xcf8734f0ab0e685full, 0xd7a049dcbc12770bull});
  CHECK(f.winnowed == std::vector<std::uint32_t>{1});
}

TEST_CASE("a block hash is XXH3-64 of its token hashes, seeded") {
  Fingerprinted f = fingerprint("Support independent journalism: donate today and keep our reporters on the beat.");
  std::vector<std::uint64_t> hashes;
  for (const Token& t : f.tokens) hashes.push_back(t.hash);  // little-endian words on this machine
  CHECK(f.block == XXH3_64bits_withSeed(hashes.data(), hashes.size() * 8, 0x57696e6e6f770001ull));
}

TEST_CASE("an empty block has hash 0 and no shingles") {
  Fingerprinted f = fingerprint("  ... !!! ");
  CHECK(f.tokens.empty());
  CHECK(f.block == 0);
  CHECK(f.shingles.empty());
}

TEST_CASE("the token hash of a short token is the documented bijection of its bytes") {
  // "the": bytes 74 68 65, little-endian 0x656874; finish(x) = y ^ (y >> 32),
  // y = x * 0x9fb21c651e98df25 (mod 2^64).
  const std::uint64_t y = 0x656874ull * 0x9fb2'1c65'1e98'df25ull;
  CHECK(fingerprint("the").tokens[0].hash == (y ^ (y >> 32)));
  CHECK(fingerprint("the").tokens[0].hash == 0xec230490eda62054ull);
}
