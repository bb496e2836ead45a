// Labels every block of a page content or chrome, with the reason, from the
// site's cross-page counts and the page's own evidence. Rules are applied in
// numbered sections (docs/classification.md); the first that fires decides.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "classify/declared_text.hpp"
#include "classify/main_content.hpp"
#include "classify/rule_pack.hpp"
#include "core/text_arena.hpp"
#include "fingerprint/fingerprint.hpp"
#include "fingerprint/tokenizer.hpp"
#include "model/site_model_impl.hpp"
#include "segment/document.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

class BlockModel;  // classify/block_model.hpp
struct BlockSiteCounts;  // classify/block_features.hpp

struct BlockFingerprints {
  std::uint64_t block = 0;             // whole-block hash (0: no tokens)
  TokenCounts counts;                  // of the block's tokens, always set
  // The tokens themselves, or empty for a page whose analysis was kept
  // between the passes: tokenize the block's text again where they are needed.
  std::vector<Token> tokens;
  std::vector<std::uint64_t> shingles; // one per token window
};

// Datelines and counters ("Published 2026-03-05", "12 comments") repeat
// trivially once digits are normalised; their whole-block repetition is no
// evidence of chrome.
inline bool mostly_numeric(const TokenCounts& counts) {
  return std::uint64_t{counts.numeric} * 5 >= std::uint64_t{counts.tokens} * 2;
}

// Views into the page's blocks, literals and the classifier's own storage:
// valid until the classifier's next page. A copy of every block's text and
// a string per reason were most of the allocations of labelling a page.
struct Decision {
  Label label = Label::content;
  std::string_view text;    // the block's text, less any repeated span cut out
  std::string_view reason;
};

struct SiteEvidence {
  const SiteTable* table = nullptr;  // null: no cross-page evidence
  std::string_view site;
  std::uint32_t pages = 0;
  // False when pages were grouped by directory or option: such a "site" may
  // be unrelated pages that share text without sharing a template.
  bool site_from_url = true;
};

struct BlockFeatureInput;

class Classifier {
 public:
  explicit Classifier(const Options& options);
  ~Classifier();

  // `is_html` false: plain text (no DOM evidence). Decisions align with doc.blocks.
  // The decisions' views stay valid until the next call, while `doc` lives.
  // `page_main`, when given, is find_main_content(doc, ...) without site
  // evidence, found in pass 1: it is not searched again.
  void classify(const Document& doc, bool is_html, const std::vector<BlockFingerprints>& fingerprints,
                const SiteEvidence& site, std::vector<Decision>& out, const MainContent* page_main = nullptr);
  // Per block, the features the block model saw on the last page (row-major,
  // block_features.hpp); empty unless the feature dump is on.
  const std::vector<double>& block_features() const { return features_; }

 private:
  std::uint32_t repeat_threshold(std::uint32_t pages) const;
  // Cuts spans repeated across the site out of the block; returns true if
  // the whole block is repeated text.
  // Notes the shingles' counts in `counts` for the block model's features.
  // `shingle_counts`: the site's count of each of fp.shingles.
  bool trim_repeated(const Block& block, const BlockFingerprints& fp, const std::uint32_t* shingle_counts,
                     const SiteEvidence& site, Decision& decision, BlockSiteCounts& counts);
  // Section 1's count look-ups for a page, in two batches (the block
  // hashes, then the shingles of every block not repeated whole) into
  // block_counts_, shingle_counts_ and shingle_at_. One batch per block
  // fetched a block's table slots ahead but waited for the first of them:
  // lines of plain text have a dozen shingles, and a site's table is
  // larger than the caches.
  void look_up_counts(const std::vector<BlockFingerprints>& fps, std::size_t blocks, const SiteTable& table,
                      std::uint32_t threshold);
  void extend_span(std::string_view text, const std::vector<Token>& tokens, std::size_t& begin,
                   std::size_t& end) const;
  std::string_view structural_reason(const Document& doc, const Block& block,
                                     std::uint32_t stop_at) const;
  void smooth(const Document& doc, std::vector<Decision>& out) const;
  void mark_teaser_cards(const Document& doc, std::vector<Decision>& out) const;
  void mark_repeated_containers(const Document& doc, const MainContent& main, std::vector<Decision>& out);
  void apply_model(const BlockFeatureInput& input, std::vector<Decision>& out);

  const Options& options_;
  std::unique_ptr<BlockModel> model_file_;  // Options::block_model_file, when given
  const BlockModel* model_ = nullptr;
  std::vector<double> features_;
  DeclaredText declared_;
  // The built-in rule pack's sets, this cleaner's own from its first page
  // on (a cleaner serves one thread at a time: RulePack::Matcher says why):
  // laid out for HTML pages and for plain text (RulePack::Layout), each
  // compiled at the first page of its kind.
  RulePack::Matcher html_rules_;
  RulePack::Matcher text_rules_;
  std::vector<Token> tokens_;   // a block's tokens, when its fingerprints came without them
  std::string token_scratch_;
  std::string kept_;            // trim_repeated's text being cut
  TextArena texts_;             // the decisions' cut texts and composed reasons
  std::vector<BlockSiteCounts> site_counts_;  // per block, looked up in section 1
  std::vector<std::uint64_t> keys_;           // look_up_counts' batch
  std::vector<std::uint32_t> block_counts_, shingle_counts_;
  std::vector<std::size_t> shingle_at_;       // per block, where its shingles' counts start
  std::vector<std::uint32_t> container_counts_;  // per element, element_container_counts (counted pages)
  std::vector<std::uint32_t> model_blocks_;   // blocks the model may overrule
  std::vector<double> model_rows_, model_scores_;
  std::vector<std::uint8_t> model_kept_;
  std::vector<std::uint32_t> model_open_;
  std::vector<double> model_site_scratch_;   // add_block_site_features
  std::vector<double> scratch_scores_;
  std::vector<std::uint8_t> covered_;
  std::vector<std::uint64_t> chars_total_, chars_repeated_;
  std::vector<std::uint8_t> in_repeated_;
  std::vector<std::uint8_t> lead_;  // per block: standfirst before the container
  std::vector<std::uint8_t> repeated_;
  std::vector<std::uint8_t> shared_;  // per block: shown on other pages of the site (site_selectors)  // per block: 1 chrome by repetition, 2 trimmed
};

}  // namespace winnow
