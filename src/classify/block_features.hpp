// Numeric features of every block of a page, for the learned block model
// (block_model.hpp) and for exporting training data (--dump-block-features).
// They summarise what the hand rules already saw: the rules' own label and
// reason, the block's text shape, its place in the DOM and in the main
// content container, the site's cross-page counts, and its neighbours.
// Every feature is language-neutral: no word list is consulted.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "classify/classifier.hpp"
#include "classify/main_content.hpp"
#include "segment/document.hpp"

namespace winnow {

// Names in the order of a feature row. A model file names the features it
// uses, so this list may grow without breaking older model files.
inline constexpr std::array<std::string_view, 97> kBlockFeatureNames = {
    "hand_content",   "r_repeated",      "r_trimmed",      "r_outside",       "r_headline",
    "r_lead",         "r_structure",     "r_link",         "r_rule",          "r_dateline",
    "r_teaser",       "r_smooth",        "r_repcontainer", "r_ignored",       "chars",
    "tokens",         "link_density",    "punct_share",    "digit_share",     "ends_sentence",
    "kind",           "heading_level",   "in_list",        "in_table",        "in_figure",
    "in_quote",       "in_pre",          "in_header",      "in_footer",       "in_nav",
    "in_aside",       "in_form",         "in_article",     "in_main",         "in_link",
    "line_break",     "hint_chrome",     "hint_content",   "hint_meta",       "hint_article_body",
    "named_polarity", "has_main",        "in_main_content", "main_depth",     "pos_page",
    "pos_main",       "counted",         "rep_block_share", "rep_shingle_max", "rep_shingle_mean",
    "prev_content",   "next_content",    "prev_chars",     "next_chars",      "prev_kind",
    "next_kind",      "headline_dist",   "chars_share_page", "siblings",
    // Context (add_block_context_features): blocks two away, the neighbours' link
    // density, container membership and repetition, the rules' labels
    // around the block, the block against its page, and headings.
    "prev2_content",  "prev2_chars",     "prev2_link",     "prev2_kind",      "next2_content",
    "next2_chars",    "next2_link",      "next2_kind",     "prev_link",       "prev_in_main",
    "prev_rep_block", "next_link",       "next_in_main",   "next_rep_block",  "window_content",
    "window_content_chars", "chars_over_median", "link_over_page", "text_before", "page_kept_share",
    "since_heading",  "kind_run",
    // Against the page's prose (add_block_context_features): the blocks to
    // the nearest long paragraph either side and the long paragraphs' text
    // after and before the block.
    "since_long",     "until_long",      "long_after",     "long_before",
    // Cross-page containers (add_block_site_features): where the page's own
    // text lies (text no other page of the site holds) and which elements
    // the site picks as its container.
    "named_unique_share", "named_holds_unique", "parent_holds_unique", "in_unique_container",
    "unique_container_holds", "site_container_share", "page_dup_share",
    // Images (captions, credits): an image just before the block, a
    // caption or credit name on its ancestors.
    "after_image",    "hint_caption",
    // How many levels above the found main container the block's branch
    // joins it.
    "main_distance",
    // The link density of the block's parent and grandparent elements over
    // all their blocks: a teaser's summary has no link of its own, its card
    // list is mostly links.
    "parent_link_density", "grandparent_link_density",
};
inline constexpr std::size_t kBlockFeatureCount = kBlockFeatureNames.size();

constexpr std::size_t block_feature_index(std::string_view name) {
  for (std::size_t k = 0; k < kBlockFeatureNames.size(); ++k) {
    if (kBlockFeatureNames[k] == name) return k;
  }
  return kBlockFeatureNames.size();
}

// Per block, the site's counts section 1 of the classifier already looked
// up (trim_repeated looks up every shingle of a block it judges), so that
// the features need not look them up again.
struct BlockSiteCounts {
  std::uint32_t block = 0;         // pages holding the block hash
  std::uint32_t shingle_max = 0;   // the most pages holding one of its shingles
  double shingle_share_sum = 0;    // over its shingles, in order: pages holding it / site pages
  bool block_known = false;        // `block` was looked up
  bool shingles_known = false;     // `shingle_max` and `shingle_share_sum` were
};

// What the classifier knew when the hand rules were done with a page.
struct BlockFeatureInput {
  const Document& doc;
  const std::vector<BlockFingerprints>& fingerprints;
  const SiteEvidence& site;
  bool counted;                // the site's counts were used
  const MainContent& main;
  std::size_t headline;        // block index of the headline, or blocks.size()
  // Counts already looked up, one per block; null or unknown entries are
  // looked up here.
  const std::vector<BlockSiteCounts>* known_counts = nullptr;
  // The site's container count of each element (element_container_counts),
  // or null to look them up here.
  const std::vector<std::uint32_t>* container_counts = nullptr;
};

// The feature rows of one page, block by block: what is page-wide (the
// container's extent, the headline, the page's characters) is found once.
class BlockFeatureRows {
 public:
  BlockFeatureRows(const BlockFeatureInput& in, const std::vector<Decision>& hand);
  // Writes block i's own features to `row` (the context features are added
  // over a page's rows by add_block_context_features). A row that is not
  // `full` gets only what its neighbours' context reads (label, length,
  // link density, kind, whether in the main content, the block's site
  // share); its other values are left as they were, to be read by nothing.
  void row(std::size_t i, double* row, bool full = true) const;

 private:
  const BlockFeatureInput& in_;
  const std::vector<Decision>& hand_;
  std::size_t main_first_ = 0, main_end_ = 0;
  std::size_t headline_ = 0;
  // Running sums over blocks: chars_before_[k] is the characters of blocks
  // [0, k), link_before_[k] their linked characters (the page's characters
  // are chars_before_.back()).
  std::vector<std::uint64_t> chars_before_, link_before_;
  bool have_counts_ = false;
};

// Adds the context features to n rows filled by BlockFeatureRows::row.
// With `wanted`, only rows i with wanted[i] get the block-by-block ones
// (neighbours, window, page shares): rows that are not scored need none,
// and they are two thirds of a page's rows.
void add_block_context_features(std::size_t n, double* rows, const std::uint8_t* wanted = nullptr);

// Adds the cross-page container features to n rows (features 81 on): for
// each block, how much of the page's unique text (on no other page of the
// site) its nearest named ancestor and its parent hold, whether it lies in
// the element where unique text outweighs repeated text the most, and the
// largest share of the site's pages that picked one of its ancestors'
// signatures as their container (section 2.4). All 0 without counts.
// With `wanted`, only rows i with wanted[i] get them.
void add_block_site_features(const BlockFeatureInput& in, std::size_t n, double* rows,
                             std::vector<double>& scratch, const std::uint8_t* wanted = nullptr);

// Fills `rows` with doc.blocks.size() rows of kBlockFeatureCount values,
// row-major, from the hand rules' decisions `hand`.
void compute_block_features(const BlockFeatureInput& in, const std::vector<Decision>& hand,
                            std::vector<double>& rows);

}  // namespace winnow
