// Finds the page's main content container: the element whose subtree holds
// the most "text mass" — non-link text, less link text, less a cost per
// block, with blocks in nav/footer/aside/form or under a chrome-named
// ancestor counting against it. Menus and link lists sink the page-wide
// wrappers, so the winner is the tightest element around the article.
#pragma once

#include <cstdint>
#include <vector>

#include "segment/document.hpp"

namespace winnow {

struct MainContent {
  std::vector<std::uint32_t> roots;  // element indices; empty = no container found
  // True if block `b` lies inside one of the roots.
  bool contains(const Document& doc, const Block& b) const {
    for (std::uint32_t r : roots) {
      if (b.element >= r && b.element <= doc.elements[r].subtree_end) return true;
    }
    return false;
  }
};

// Weights of the mass (docs/classification.md, section 2, for how they
// were measured): a link character costs 1.5 text characters, and every
// block costs 10, so a run of short items weighs less than one paragraph.
inline constexpr double kMassLinkWeight = 1.5;
inline constexpr double kMassBlockCost = 10.0;
// A sibling of the winner with at least this share of its mass joins it
// (0.1 and 0.2 measured equal, 0.5 lower).
inline constexpr double kSiblingShare = 0.2;

// A block's contribution to its ancestors' mass; `named_chrome` says the
// nearest ancestor with a class/id hint names chrome (comments, related...).
double block_mass(const Block& b, bool named_chrome);

// Linear in elements plus blocks. `scratch` is reused memory. Returns no
// root when no element has positive mass (a page of menus and links).
// `site_repeated`, when not empty, flags per block the text the site
// repeats across its pages: template text, which weighs against a
// container like chrome structure does.
MainContent find_main_content(const Document& doc, std::vector<double>& scratch,
                              const std::vector<std::uint8_t>& site_repeated = {});

}  // namespace winnow
