#include "classify/main_content.hpp"

#include <algorithm>

namespace winnow {
namespace {

constexpr std::uint32_t kChromeStructure = kInNav | kInFooter | kInAside | kInDialog | kInForm;
constexpr std::uint32_t kNegativeHints = kChromeNameHints;

// A table element with a thead child that holds text.
bool has_head(const Document& doc, std::uint32_t table) {
  const Element& t = doc.elements[table];
  if (t.tag != html::Tag::table) return false;
  for (std::uint32_t e = table + 1; e <= t.subtree_end && e < doc.elements.size(); e = doc.elements[e].subtree_end + 1) {
    if (doc.elements[e].tag == html::Tag::thead) return true;
  }
  return false;
}

}  // namespace

double block_mass(const Block& b, bool named_chrome) {
  if ((b.structure & kChromeStructure) || named_chrome) return -static_cast<double>(b.chars);
  // Headings are as short in menus as in articles: they neither attract
  // nor repel the container.
  if (b.kind == BlockKind::heading) return 0.0;
  const double text = static_cast<double>(b.chars - b.link_chars);
  return text - kMassLinkWeight * static_cast<double>(b.link_chars) - kMassBlockCost;
}

MainContent find_main_content(const Document& doc, std::vector<double>& scratch,
                              const std::vector<std::uint8_t>& site_repeated) {
  MainContent result;
  const std::size_t n = doc.elements.size();
  const std::size_t blocks = doc.blocks.size();
  // scratch[0, n): polarity per element; scratch[n, n + blocks + 1): prefix
  // sums of block mass in document order.
  scratch.assign(n + blocks + 1, 0.0);
  double* polarity = scratch.data();
  double* prefix = scratch.data() + n;

  // The nearest ancestor that names its purpose decides: a comment box
  // inside a page-wide "content" wrapper is still a comment box. Elements
  // are in pre-order, so a parent is always computed before its children.
  for (std::uint32_t e = 1; e < n; ++e) {
    const Element& el = doc.elements[e];
    if (el.hints & (kHintContent | kHintArticleBody)) polarity[e] = 1;
    else if (el.hints & kNegativeHints) polarity[e] = -1;
    else polarity[e] = polarity[el.parent];
  }
  for (std::size_t i = 0; i < blocks; ++i) {
    const Block& b = doc.blocks[i];
    const bool repeated = i < site_repeated.size() && site_repeated[i] == 1;
    prefix[i + 1] = prefix[i] + (repeated ? -static_cast<double>(b.chars) : block_mass(b, polarity[b.element] < 0));
  }

  // A subtree's blocks are contiguous, so its mass is one difference of
  // prefix sums: the whole search is linear in elements plus blocks.
  // Ties go to the deeper element (it comes later in pre-order).
  std::uint32_t best = 0;
  double best_mass = 0;
  for (std::uint32_t e = 1; e < n; ++e) {
    const Element& el = doc.elements[e];
    double mass = prefix[el.block_end] - prefix[el.block_begin];
    if (mass > 0 && mass >= best_mass) {
      best_mass = mass;
      best = e;
    }
  }
  if (best == 0) return result;
  // A data table's head names its columns: when the body of a table with
  // a head wins, the table is the unit. (Layout tables have no head.)
  if (doc.elements[best].tag == html::Tag::tbody && has_head(doc, doc.elements[best].parent)) {
    best = doc.elements[best].parent;
    best_mass = prefix[doc.elements[best].block_end] - prefix[doc.elements[best].block_begin];
  }
  result.roots.push_back(best);
  // An article split into sibling sections (documentation chapters, page
  // parts between ads) sits in siblings that each carry real text; the
  // parent lost to the best one because of what else it holds (a table of
  // contents, a link list). Siblings with a good share of the winner's mass
  // join it. Children are visited by jumping over their subtrees.
  const std::uint32_t parent = doc.elements[best].parent;
  if (parent == 0) return result;
  for (std::uint32_t e = parent + 1; e <= doc.elements[parent].subtree_end && e < n;) {
    const Element& el = doc.elements[e];
    double mass = prefix[el.block_end] - prefix[el.block_begin];
    if (e != best && mass >= kSiblingShare * best_mass) result.roots.push_back(e);
    e = el.subtree_end + 1;
  }
  std::sort(result.roots.begin(), result.roots.end());
  return result;
}

}  // namespace winnow
