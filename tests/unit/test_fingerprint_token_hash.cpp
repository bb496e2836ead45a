// The token hash read straight from the text (the ASCII fast path: 8-byte
// loads near the text's edges, case and digits folded a word at a time)
// must equal the hash of the normalised bytes the general path builds, for
// every word length and position; and distinct tokens must get distinct
// hashes.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "fingerprint/token_hash.hpp"
#include "fingerprint/tokenizer.hpp"
#include "test_tokens.hpp"

using namespace winnow;

namespace {

std::string normalised(const std::string& word) {
  std::string out;
  for (char c : word) out.push_back(c >= '0' && c <= '9' ? '0' : static_cast<char>(c | 0x20));
  return out;
}
}  // namespace

TEST_CASE("token hash: the fast path equals the normalised bytes' hash at every length and position") {
  std::mt19937_64 rng(5);
  const std::string alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (std::size_t n = 1; n <= 40; ++n) {
    for (int round = 0; round < 20; ++round) {
      std::string word;
      for (std::size_t i = 0; i < n; ++i) word.push_back(alnum[rng() % alnum.size()]);
      const std::string norm = normalised(word);
      const std::uint64_t want = token_hash::of_bytes(norm.data(), norm.size());
      const bool number = norm.find_first_not_of('0') == std::string::npos;
      // Alone (no byte to load around it), at either edge of a text, in
      // the middle, and ended by a non-ASCII separator (general path).
      // Each copy lives in a heap buffer of exactly its size, so that a
      // read past it shows under AddressSanitizer.
      for (const std::string& text : {word, word + " x", "x " + word, "ab, " + word + ". cd",
                                      word + "\xE2\x80\x94"}) {
        const std::vector<char> exact(text.begin(), text.end());
        const auto tokens = tokens_of(std::string_view(exact.data(), exact.size()));
        bool found = false;
        for (const Token& t : tokens) {
          if (std::uint32_t{t.end} - t.begin != n || text.compare(t.begin, n, word) != 0) continue;
          found = true;
          CHECK(t.hash == want);
          CHECK(bool(t.numeric) == number);
        }
        CHECK(found);
      }
    }
  }
}

TEST_CASE("token hash: distinct short tokens never share a hash, long ones do not in practice") {
  // Up to 8 bytes the hash is a bijection of the padded bytes: every
  // token of up to 3 letters or digits, all distinct.
  const std::string chars = "abcdefghijklmnopqrstuvwxyz0";
  std::unordered_set<std::uint64_t> seen;
  std::size_t count = 0;
  std::string w;
  for (char a : chars) {
    w.assign(1, a);
    seen.insert(token_hash::of_bytes(w.data(), w.size()));
    ++count;
    for (char b : chars) {
      w.assign({a, b});
      seen.insert(token_hash::of_bytes(w.data(), w.size()));
      ++count;
      for (char c : chars) {
        w.assign({a, b, c});
        seen.insert(token_hash::of_bytes(w.data(), w.size()));
        ++count;
      }
    }
  }
  CHECK(seen.size() == count);
  // Longer words share most of their bytes (prefixes, suffixes, one letter
  // changed): still no two hashes alike.
  std::mt19937_64 rng(9);
  std::unordered_map<std::uint64_t, std::string> by_hash;
  const std::string base = "internationalisation0000";
  for (int round = 0; round < 200000; ++round) {
    std::string v = base.substr(0, 9 + rng() % (base.size() - 8));
    v[rng() % v.size()] = chars[rng() % chars.size()];
    v[rng() % v.size()] = chars[rng() % chars.size()];
    const auto [it, inserted] = by_hash.emplace(token_hash::of_bytes(v.data(), v.size()), v);
    CHECK((inserted || it->second == v));
  }
}

TEST_CASE("tokens of random texts equal those of a plain reference tokenizer") {
  // Pieces of every kind the fast path meets: letters, digits, ASCII
  // separators, a non-ASCII letter, a non-ASCII separator, an unspaced
  // character. The reference builds each token's normalised bytes.
  struct Piece {
    const char* bytes;
    const char* normal;  // "" for a separator
    bool alone;          // a token by itself (unspaced script)
  };
  const std::vector<Piece> pieces = {
      {"a", "a", false},  {"Q", "q", false},     {"z", "z", false}, {"7", "0", false},
      {"0", "0", false},  {" ", "", false},      {", ", "", false}, {".", "", false},
      {"\n", "", false},  {"-", "", false},      {"\xC3\xA9", "\xC3\xA9", false},
      {"\xE2\x80\x94", "", false},  // em dash
      {"\xE6\x9D\xB1", "\xE6\x9D\xB1", true},  // 東
  };
  std::mt19937_64 rng(3);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    std::vector<Token> want;
    std::string token;
    std::uint32_t begin = 0;
    auto finish = [&](std::size_t end) {
      if (token.empty()) return;
      const bool number = token.find_first_not_of('0') == std::string::npos;
      want.push_back(Token{token_hash::of_bytes(token.data(), token.size()), begin,
                           static_cast<std::uint32_t>(end), number});
      token.clear();
    };
    const std::size_t n = rng() % 60;
    // Long runs of letters in some rounds: words past 8 and 16 bytes.
    const std::size_t letters_only = round % 3 == 0 ? 5 : pieces.size();
    for (std::size_t k = 0; k < n; ++k) {
      const Piece& p = pieces[rng() % (rng() % 4 == 0 ? pieces.size() : letters_only)];
      const std::size_t at = text.size();
      if (p.alone) {
        finish(at);
        begin = static_cast<std::uint32_t>(at);
        token = p.normal;
        finish(at + std::strlen(p.bytes));
      } else if (*p.normal == 0) {
        finish(at);
      } else {
        if (token.empty()) begin = static_cast<std::uint32_t>(at);
        token += p.normal;
      }
      text += p.bytes;
    }
    finish(text.size());
    const std::vector<char> exact(text.begin(), text.end());  // a buffer of exactly the text's size
    const auto got = tokens_of(std::string_view(exact.data(), exact.size()));
    REQUIRE(got.size() == want.size());
    for (std::size_t t = 0; t < got.size(); ++t) {
      CHECK(got[t].hash == want[t].hash);
      CHECK(got[t].begin == want[t].begin);
      CHECK(std::uint32_t{got[t].end} == std::uint32_t{want[t].end});
      CHECK(bool(got[t].numeric) == bool(want[t].numeric));
    }
  }
}
