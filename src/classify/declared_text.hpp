// Section 8 of the classifier: text the page declares as its own.
//
// Publishers describe a page in schema.org JSON-LD, and some put the text
// itself there: an article's articleBody, a recipe's ingredients and
// steps. A block that says what the page declares is the page's content,
// wherever the container search left it (ingredient lists beside a
// recipe's method, a paragraph under a chrome-named wrapper).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fingerprint/tokenizer.hpp"

namespace winnow {

class DeclaredText {
 public:
  // Reads the declared texts of a page's JSON-LD scripts; false when they
  // declare none (then `declares` is always false).
  bool read(std::span<const std::string> json_ld);

  // True when a block's text (of `chars` code points) is declared: its
  // tokens are those of one declared text, or it has at least
  // kMinWindowChars characters and kWindow tokens and every kWindow
  // consecutive tokens of it occur so in one declared text. Tokens are the
  // fingerprints' (case-folded, digits alike, punctuation dropped), so
  // markup and spacing do not matter.
  bool declares(std::string_view text, std::uint32_t chars);

  static constexpr std::size_t kWindow = 3;
  static constexpr std::size_t kMinWindowChars = 20;
  // Declared text read per page, at most: a long article's body is tens of
  // kilobytes; a hostile page must not make every block's look-up costly.
  static constexpr std::size_t kMaxBytes = 256u << 10;

 private:
  void tokenize_plain(std::string_view text);

  std::vector<std::string> texts_;
  std::vector<std::uint64_t> whole_;    // token-sequence hash of each declared text, sorted
  std::vector<std::uint64_t> windows_;  // hash of every window of kWindow tokens, sorted
  std::vector<Token> tokens_;
  std::vector<std::uint64_t> hashes_;
  std::string plain_, scratch_;
};

}  // namespace winnow
