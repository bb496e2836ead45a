// Fuzzes the HTML segmenter over both parsers: whatever the input, the
// document it builds is consistent (elements in pre-order with their
// subtrees and block ranges inside the document, every block non-empty,
// trimmed, attached to an element, with as many code points as it says).
// Half the inputs (by the first byte) are wrapped in a noscript that is all
// its parent shows, with a paragraph of prose, so that the segmenter reads
// the fallback: the fuzzed bytes are then parsed a second time, on their
// own, from inside the page's parse. Each input is segmented a second
// time into the same document, whose block texts are then spares: the
// blocks must not change.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "segment/html_segmenter.hpp"

using namespace winnow;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

void check(const Document& doc, std::size_t max_blocks) {
  const std::size_t elements = doc.elements.size();
  const std::size_t blocks = doc.blocks.size();
  if (elements == 0) fail("no root element");
  if (blocks > max_blocks) fail("more blocks than the budget");
  for (std::size_t i = 0; i < elements; ++i) {
    const Element& e = doc.elements[i];
    if (i > 0 && e.parent >= i) fail("parent after child");
    if (i > 0 && e.depth != doc.elements[e.parent].depth + 1) fail("depth is not the parent's plus one");
    if (e.subtree_end < i || e.subtree_end >= elements) fail("subtree outside the document");
    if (e.block_begin > e.block_end || e.block_end > blocks) fail("block range outside the document");
    if (i > 0 && (e.block_begin < doc.elements[e.parent].block_begin ||
                  e.block_end > doc.elements[e.parent].block_end))
      fail("block range outside the parent's");
  }
  for (const Block& b : doc.blocks) {
    if (b.element >= elements) fail("block of no element");
    if (b.text.empty()) fail("empty block");
    if (is_space(b.text.front()) || is_space(b.text.back())) fail("block not trimmed");
    if (b.chars != count_code_points(b.text)) fail("code points miscounted");
    if (b.link_chars > b.chars) fail("more link text than text");
  }
}

constexpr std::string_view kProse =
    "A paragraph long enough to be prose, so that the fallback around the fuzzed bytes is read "
    "in the place of its parent, which shows nothing else of its own.";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string html;
  if (!input.empty() && (input.front() & 1)) {
    html.append("<div><script>render()</script><noscript><p>").append(kProse).append("</p>");
    html.append(input.substr(1)).append("</noscript></div><p>after</p>");
  } else {
    html.assign(input);
  }
  constexpr std::size_t kMaxBlocks = 1000;
  HtmlSegmenter segmenter;
  Document doc;
  segmenter.segment(html, html::ParserKind::fast, kMaxBlocks, doc);
  check(doc, kMaxBlocks);
  std::vector<std::string> first;
  for (const Block& b : doc.blocks) first.push_back(b.text);
  if (html.size() <= 4096) {
    segmenter.segment(html, html::ParserKind::gumbo, kMaxBlocks, doc);
    check(doc, kMaxBlocks);
  }
  // Again, into a document whose block texts are now spares of other
  // lengths: the blocks must be those of a fresh document.
  segmenter.segment(html, html::ParserKind::fast, kMaxBlocks, doc);
  if (doc.blocks.size() != first.size()) fail("a reused document gives another number of blocks");
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (doc.blocks[i].text != first[i]) fail("a reused document gives another block text");
  }
  return 0;
}
