#include "classify/site_selectors.hpp"

#include <algorithm>

#include "core/mix64.hpp"

namespace winnow {
namespace {

// How far up an unnamed container looks for a named ancestor; beyond it,
// the tag path and depth stand for the element (table layouts).
constexpr int kSignatureSteps = 6;
// The site must pick the other element more than this many times as often
// as the search's choice (3: crawl-to-the-future −0.001).
constexpr std::uint32_t kSiteContainerRatio = 2;
// ...and it must hold at least this share of the search's choice's mass:
// a signature that names a form or a dateline cell on this page is no
// article (0: −0.003; 0.15-0.35 equal; 0.5 −0.001, 0.75 −0.002).
constexpr double kSiteContainerMinMass = 0.25;
// A block the site shows on this many pages is shared with other pages...
constexpr std::uint32_t kSharedMinPages = 2;
// ...when it has this many tokens (1: readability −0.0001, trafilatura
// +0.0003 from captions and labels; 3-5: crawl-to-the-future −0.0001).
constexpr std::size_t kSharedMinTokens = 2;

}  // namespace

std::uint64_t element_signature(const Document& doc, std::uint32_t element) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull;
  const std::uint32_t depth = doc.elements[element].depth;
  std::uint32_t e = element;
  for (int step = 0; step < kSignatureSteps && e != 0; ++step) {
    const Element& el = doc.elements[e];
    if (el.name_hash != 0) {
      h = mix64(h ^ el.name_hash);
      return h != 0 ? h : 1;
    }
    h = mix64(h ^ (static_cast<std::uint64_t>(el.tag) + 1));
    e = el.parent;
  }
  h = mix64(h ^ (static_cast<std::uint64_t>(depth) << 32));
  return h != 0 ? h : 1;
}

void container_signatures(const Document& doc, const MainContent& main, std::vector<std::uint64_t>& out) {
  out.clear();
  for (std::uint32_t r : main.roots) out.push_back(element_signature(doc, r));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

void element_container_counts(const Document& doc, const CountTable& containers, std::vector<std::uint32_t>& out) {
  const std::size_t ne = doc.elements.size();
  out.assign(ne, 0);
  if (containers.size() == 0) return;
  for (std::uint32_t e = 1; e < ne; ++e) out[e] = containers.get(element_signature(doc, e));
}

bool follow_site_container(const Document& doc, const std::vector<std::uint32_t>& container_counts,
                           std::uint32_t min_pages, const std::vector<std::uint8_t>& site_repeated, MainContent& main,
                           std::vector<double>& scratch) {
  std::uint32_t current = 0;
  for (std::uint32_t r : main.roots) current = std::max(current, container_counts[r]);
  const std::uint32_t needed = std::max(min_pages, current * kSiteContainerRatio + 1);

  // Prefix sums of block mass, chrome structure and the site's repeated
  // text counted against: the signature may name a template part on this
  // page (a form, a menu cell) that holds nothing of this page's own.
  const std::size_t nb = doc.blocks.size();
  scratch.assign(nb + 1, 0.0);
  for (std::size_t i = 0; i < nb; ++i) {
    const Block& b = doc.blocks[i];
    const bool repeated = i < site_repeated.size() && site_repeated[i] == 1;
    scratch[i + 1] = scratch[i] + (repeated ? -static_cast<double>(b.chars) : block_mass(b, false));
  }
  double current_mass = 0;
  for (std::uint32_t r : main.roots) {
    const Element& el = doc.elements[r];
    current_mass += std::max(0.0, scratch[el.block_end] - scratch[el.block_begin]);
  }

  std::uint32_t best = 0, best_count = 0;
  double best_mass = 0;
  for (std::uint32_t e = 1; e < doc.elements.size(); ++e) {
    const Element& el = doc.elements[e];
    if (el.block_end <= el.block_begin) continue;
    const std::uint32_t c = container_counts[e];
    if (c < needed) continue;
    const double mass = scratch[el.block_end] - scratch[el.block_begin];
    if (mass <= 0 || mass < kSiteContainerMinMass * current_mass) continue;
    // The site's most frequent container; on a tie (one signature on
    // several elements), the one with most text.
    if (c > best_count || (c == best_count && mass > best_mass)) {
      best = e;
      best_count = c;
      best_mass = mass;
    }
  }
  if (best == 0) return false;
  main.roots.assign(1, best);
  return true;
}

void flag_shared_blocks(const Document& doc, const std::vector<BlockFingerprints>& fps, const CountTable& counts,
                        const std::vector<std::uint8_t>& site_repeated, const MainContent& main,
                        std::vector<std::uint8_t>& shared) {
  const std::size_t nb = doc.blocks.size();
  shared.assign(nb, 0);
  for (std::size_t i = 0; i < nb; ++i) {
    if (site_repeated[i] != 0 || fps[i].block == 0 || mostly_numeric(fps[i].counts)) continue;
    // One word ("Image", a section label) is on two pages by chance.
    if (fps[i].counts.tokens < kSharedMinTokens) continue;
    // An author's byline is on every page the author writes.
    if (doc.blocks[i].hints & kHintMeta) continue;
    // The page's own headline is listed on its neighbours (previous and
    // next links, teasers): on its own page it is no teaser.
    const std::string& text = doc.blocks[i].text;
    if (doc.meta.title.find(text) != std::string::npos || doc.meta.og_title.find(text) != std::string::npos) continue;
    if (counts.get(fps[i].block) >= kSharedMinPages) shared[i] = 1;
  }
  // A page whose own text the site shows elsewhere too is a copy (a page
  // crawled twice, a syndicated story): sharing then says nothing.
  std::uint64_t inside = 0, inside_shared = 0;
  for (std::size_t i = 0; i < nb; ++i) {
    if (!main.contains(doc, doc.blocks[i])) continue;
    inside += doc.blocks[i].text.size();
    if (shared[i]) inside_shared += doc.blocks[i].text.size();
  }
  if (inside_shared * 2 > inside) shared.assign(nb, 0);
}

}  // namespace winnow
