// The tokens of a text, for tests that look at single tokens.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fingerprint/tokenizer.hpp"

inline std::vector<winnow::Token> tokens_of(std::string_view text) {
  std::vector<winnow::Token> out;
  std::string scratch;
  winnow::tokenize(text, out, scratch);
  return out;
}
