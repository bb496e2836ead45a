// libFuzzer target for recognise_non_page: texts are hostile (a prolog
// never closed, a doctype of brackets, lines of fields without end). No
// input may crash, hang or read out of bounds; the verdict is one of the
// documented kinds; and whitespace before the text changes nothing (each
// sign is looked for after it).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "io/non_page.hpp"

namespace {
void fail(const char* what, const std::string& verdict) {
  std::fprintf(stderr, "fuzz_non_page: %s: '%s'\n", what, verdict.c_str());
  std::abort();
}

bool documented(std::string_view v) {
  return v.empty() || v == "a PDF document" || v == "a PostScript document" || v == "an RTF document" ||
         v == "robots.txt rules" || v == "JSON data" || v == "a style sheet" ||
         (v.starts_with("XML data (root element <") && v.ends_with(">)"));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string verdict = winnow::io::recognise_non_page(text);
  if (!documented(verdict)) fail("an undocumented verdict", verdict);
  if (winnow::io::recognise_non_page(" \n\t" + text) != verdict) fail("leading whitespace changed the verdict", verdict);
  return 0;
}
