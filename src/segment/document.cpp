#include "segment/document.hpp"

namespace winnow {

void drop_empty_elements(Document& doc, std::vector<std::uint32_t>& scratch) {
  std::vector<Element>& el = doc.elements;
  const std::size_t n = el.size();
  if (n == 0) return;
  // keep[e]: e holds a block range or a kept descendant. Children come after
  // their parent in pre-order, so one backward sweep settles every element.
  // A range other than empty (even an inverted one) counts as held: only
  // an empty range is provably inert to every reader.
  std::vector<std::uint32_t>& index = scratch;
  index.assign(n, 0);
  index[0] = 1;
  for (std::size_t e = n; e-- > 1;) {
    if (el[e].block_end != el[e].block_begin) index[e] = 1;
    if (index[e]) index[el[e].parent] = 1;
  }
  std::size_t kept = 0;
  for (std::size_t e = 0; e < n; ++e) kept += index[e];
  if (kept == n) return;
  // index[e]: the number of kept elements up to and including e, so a kept
  // element's new index is index[e] - 1, and a subtree's new last element is
  // index[old last] - 1: the last kept element inside it (itself at least).
  for (std::size_t e = 1; e < n; ++e) index[e] += index[e - 1];
  std::size_t out = 0;
  for (std::size_t e = 0; e < n; ++e) {
    const bool keep = e == 0 ? true : index[e] != index[e - 1];
    if (!keep) continue;
    Element x = el[e];
    x.parent = index[x.parent] - 1;
    x.subtree_end = index[x.subtree_end] - 1;
    el[out++] = x;
  }
  el.resize(out);
  for (Block& b : doc.blocks) {
    b.element = index[b.element] - 1;
    if (b.row != 0) b.row = index[b.row] - 1;
  }
}

void clear_promotion_names_on_prose(Document& doc, std::vector<std::uint32_t>& scratch) {
  std::vector<Element>& el = doc.elements;
  const std::size_t blocks = doc.blocks.size();
  // Most pages have no block under a promotion name: nothing to count.
  bool promoted = false;
  for (const Block& b : doc.blocks) promoted = promoted || (b.hints & kHintPromo) != 0;
  if (!promoted) return;
  // prose[i]: long prose paragraphs among the first i blocks.
  std::vector<std::uint32_t>& prose = scratch;
  prose.assign(blocks + 1, 0);
  for (std::size_t i = 0; i < blocks; ++i) {
    const Block& b = doc.blocks[i];
    const bool long_prose = b.kind == BlockKind::paragraph && b.chars >= kProseMinChars &&
                            b.link_chars * 5 < b.chars;
    prose[i + 1] = prose[i] + (long_prose ? 1 : 0);
  }
  bool cleared = false;
  for (std::size_t e = 1; e < el.size(); ++e) {
    Element& x = el[e];
    if ((x.hints & kChromeNameHints) != kHintPromo) continue;
    if (x.block_end <= x.block_begin || prose[x.block_end] - prose[x.block_begin] < kArticleProseParagraphs) continue;
    x.hints &= ~kHintPromo;
    cleared = true;
  }
  if (!cleared) return;
  // Parents come before children in pre-order.
  for (std::size_t e = 1; e < el.size(); ++e) el[e].ancestor_hints = el[el[e].parent].ancestor_hints | el[e].hints;
  for (Block& b : doc.blocks) {
    if ((b.hints & kHintPromo) && !(el[b.element].ancestor_hints & kHintPromo)) b.hints &= ~kHintPromo;
  }
}

}  // namespace winnow
