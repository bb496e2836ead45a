// Site-learned containers: which element holds a site's articles, learned
// from the site's own pages. Counting records, per page, the signature of
// the main content container found on the page's own evidence; cleaning
// follows an element whose signature the site picks as its container far
// more often than the one the search picked on this page (a short story
// beside a long related-stories list, a page whose text mass sits in the
// comments). docs/classification.md, section 2.4.
#pragma once

#include <cstdint>
#include <vector>

#include "classify/classifier.hpp"
#include "classify/main_content.hpp"
#include "model/count_table.hpp"
#include "segment/document.hpp"

namespace winnow {

// An element's signature: its own name (tag, class, id, digits folded) or,
// when it has none, the tags from it up to its nearest named ancestor and
// that ancestor's name; with no named ancestor near, the tags and depth.
// Never 0. Equal on two pages that share a template.
std::uint64_t element_signature(const Document& doc, std::uint32_t element);

// The signatures of the page's main content container found on the page's
// own evidence (no site counts), sorted and unique: what counting adds to
// the site model. Empty for a page without a container.
// `main` is find_main_content(doc, ...) without site evidence, which the
// caller keeps: pass 2 starts from the same container.
void container_signatures(const Document& doc, const MainContent& main, std::vector<std::uint64_t>& out);

// For every element e of the page, out[e]: how many of the site's pages
// picked its signature (element_signature) as their container; out[0] is
// 0. Section 2.4 and the block model's container features both read these
// counts, so a page's signatures are hashed and looked up once.
void element_container_counts(const Document& doc, const CountTable& containers, std::vector<std::uint32_t>& out);

// Section 2.4: when an element of this page carries a signature the site
// picked as its container (`container_counts`, from
// element_container_counts) on at least `min_pages` pages and more than
// kSiteContainerRatio times as often as any root of `main`, and holds
// positive text mass (the site's repeated text, flagged 1 in
// `site_repeated`, weighing against it), it becomes the container.
// Returns true if `main` changed.
bool follow_site_container(const Document& doc, const std::vector<std::uint32_t>& container_counts,
                           std::uint32_t min_pages, const std::vector<std::uint8_t>& site_repeated, MainContent& main,
                           std::vector<double>& scratch);

// Section 1.2's other evidence: flags (1 in `shared`) the blocks of this
// page that the site shows on at least two of its pages without being
// template text (not flagged in `site_repeated`): teasers of other
// stories that come and go (a "related" box of this week's headlines).
// Single words, datelines and the page's own title are never flagged: its headline is
// listed on its neighbours. Nothing is flagged when most of the text in
// `main` would be: the page is a copy of another.
void flag_shared_blocks(const Document& doc, const std::vector<BlockFingerprints>& fps, const CountTable& counts,
                        const std::vector<std::uint8_t>& site_repeated, const MainContent& main,
                        std::vector<std::uint8_t>& shared);

}  // namespace winnow
