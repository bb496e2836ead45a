#include "fingerprint/tokenizer.hpp"

#include "fingerprint/token_walk.hpp"

namespace winnow {

void tokenize(std::string_view text, std::vector<Token>& out, std::string& scratch) {
  out.clear();
  token_walk::walk(text, scratch, [&out](std::uint64_t hash, std::uint32_t begin, std::uint32_t end, bool numeric) {
    out.push_back(Token{hash, begin, end, numeric});
  });
}

}  // namespace winnow
