// Frozen fingerprint values. Model files store these hashes, so a change to
// tokenisation, normalisation or hashing silently invalidates every model in
// the wild: it must come with a new model format version and new numbers here.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fingerprint/fingerprint.hpp"

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
  CHECK(f.tokens[0].hash == 0xeeb5387aeee28689ull);
  CHECK(f.tokens[0].begin == 0);
  CHECK(std::uint32_t{f.tokens[0].end} == 7);  // a bit-field: copied out to compare
  CHECK(f.tokens[3].hash == 0x6f66f9dd10cbb90bull);  // "donate", after the colon
  CHECK(f.tokens[3].begin == 32);
  CHECK(f.tokens[11].hash == 0x73cd8c77b2d61467ull);  // "beat", the full stop dropped
  CHECK(std::uint32_t{f.tokens[11].end} == 79);  // a bit-field: copied out to compare
  CHECK(f.block == 0xc58422e3558b1467ull);
  CHECK(f.shingles == std::vector<std::uint64_t>{0x01be945052fabaf1ull, 0xa68bf715b50154eaull,
                                                 0x82c4c6db7a536d0full, 0x88eb18a7b8b09627ull,
                                                 0x2ab983388544d98dull});
  CHECK(f.winnowed == std::vector<std::uint32_t>{0, 4});
}

TEST_CASE("golden fingerprints: case, punctuation and digits normalise away") {
  Fingerprinted f = fingerprint("Install the app for FREE!");
  CHECK(f.block == 0xf5dba0b173da541dull);
  CHECK(f.tokens[1].hash == 0xcb1283631cf33d7dull);  // "the", same as in the appeal
  CHECK(f.shingles.empty());                         // fewer than 8 tokens
  CHECK(fingerprint("install   the app, for free").block == f.block);

  Fingerprinted u = fingerprint("Ünïcödé Straße 2026, ÉTÉ");
  CHECK(u.block == 0xca329517e245bcb1ull);
  CHECK(u.tokens.size() == 4);
  CHECK(u.tokens[2].hash == 0xc9963ab8b86ae1cdull);  // "0000"
  CHECK(fingerprint("ÜNÏCÖDÉ straße 1999 été").block == u.block);
}

TEST_CASE("golden fingerprints of unspaced scripts: one token per character") {
  Fingerprinted f = fingerprint("東京都の天気は晴れです");
  REQUIRE(f.tokens.size() == 11);
  CHECK(f.tokens[0].hash == 0x060ef484bbdf658dull);
  CHECK(std::uint32_t{f.tokens[10].end} == 33);  // a bit-field: copied out to compare
  CHECK(f.block == 0x5bd2d122a910eb8eull);
  CHECK(f.shingles == std::vector<std::uint64_t>{0xe0c766db52ea8255ull, 0x2e0713d4d047319dull,
                                                 0xc086f626edd96c19ull, 0xb9a43a0220306d2aull});
  CHECK(f.winnowed == std::vector<std::uint32_t>{1});
}

TEST_CASE("an empty block has hash 0 and no shingles") {
  Fingerprinted f = fingerprint("  ... !!! ");
  CHECK(f.tokens.empty());
  CHECK(f.block == 0);
  CHECK(f.shingles.empty());
}
