#include "classify/declared_text.hpp"

#include <algorithm>

#include "fingerprint/fingerprint.hpp"
#include "html/char_refs.hpp"
#include "metadata/json_ld.hpp"

namespace winnow {
namespace {

// Declared text as a reader sees it: tags become spaces and character
// references are decoded ("<p>Mix&nbsp;well</p>" is "Mix well").
void strip_markup(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '<') {
      const std::size_t close = in.find('>', i);
      if (close == std::string_view::npos) break;
      out.push_back(' ');
      i = close;
    } else if (c == '&') {
      const std::size_t used = html::decode_char_ref(in.substr(i + 1), false, out);
      if (used == 0) out.push_back('&');
      i += used;
    } else {
      out.push_back(c);
    }
  }
}

bool sorted_has(const std::vector<std::uint64_t>& v, std::uint64_t h) {
  return std::binary_search(v.begin(), v.end(), h);
}

}  // namespace

void DeclaredText::tokenize_plain(std::string_view text) {
  strip_markup(text, plain_);
  tokenize(plain_, tokens_, scratch_);
}

bool DeclaredText::read(std::span<const std::string> json_ld) {
  texts_.clear();
  whole_.clear();
  windows_.clear();
  for (const std::string& script : json_ld) read_declared_texts(script, texts_, kMaxBytes);
  for (const std::string& text : texts_) {
    tokenize_plain(text);
    if (tokens_.empty()) continue;
    whole_.push_back(block_hash(tokens_));
    shingle_hashes(tokens_, kWindow, hashes_);
    windows_.insert(windows_.end(), hashes_.begin(), hashes_.end());
  }
  std::sort(whole_.begin(), whole_.end());
  std::sort(windows_.begin(), windows_.end());
  return !whole_.empty();
}

bool DeclaredText::declares(std::string_view text, std::uint32_t chars) {
  if (whole_.empty()) return false;
  tokenize(text, tokens_, scratch_);
  if (tokens_.empty()) return false;
  if (sorted_has(whole_, block_hash(tokens_))) return true;
  if (chars < kMinWindowChars || tokens_.size() < kWindow) return false;
  shingle_hashes(tokens_, kWindow, hashes_);
  return std::all_of(hashes_.begin(), hashes_.end(), [&](std::uint64_t h) { return sorted_has(windows_, h); });
}

}  // namespace winnow
