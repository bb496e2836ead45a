// A learned block classifier stacked on the hand rules: gradient-boosted
// regression trees over the features of block_features.hpp, read from a
// versioned text file (models/blocks.model, embedded at build time; format
// in docs/classification.md). Its score is a log-odds that the block is
// content; where it disagrees with the rules' label past a margin, it decides.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.hpp"

namespace winnow {

inline constexpr std::string_view kBlockModelMagic = "winnow-block-model";
inline constexpr int kBlockModelVersion = 1;
// Deepest tree a model file may hold: trees are laid out complete, so each
// level doubles their size (the trainer grows depth 4).
inline constexpr std::uint32_t kMaxTreeDepth = 12;

class BlockModel {
 public:
  // Parses a model file's text. On failure returns false, leaves `out`
  // empty and says why in `error` ("line 7: ...").
  static bool parse(std::string_view text, BlockModel& out, std::string& error);
  // Reads and parses a file; errors name the path.
  static bool load(const std::string& path, BlockModel& out, std::string& error);
  // The model embedded from models/blocks.model.
  static const BlockModel& builtin();

  bool empty() const { return trees_ == 0; }
  // Log-odds that the block is content, from a row of kBlockFeatureCount
  // features (block_features.hpp order).
  double score(const double* row) const;
  // The scores of `n` rows at once, `out[i]` for row i. Faster than one
  // row at a time: trees outside, blocks inside, fixed-length branchless
  // walks, so the walks of many blocks overlap in the processor.
  void score_all(const double* rows, std::size_t n, double* out) const;
  // Like score_all for the rows i = which[j] (j < m), for deciding:
  // `kept[i]` says whether the rules keep block i. Where the model
  // overrules them, `out[i]` is the exact score;
  // elsewhere it may be only a bound on the same side of the block's
  // cutoff, found once the trees left cannot carry the score across it
  // (on crawl-to-the-future about a third of the trees are then skipped).
  // `scratch` is working room kept between calls.
  void decide_all(const double* rows, const std::uint32_t* which, std::size_t m, const std::uint8_t* kept,
                  double* out, std::vector<std::uint32_t>& scratch) const;
  // The file's "cutoff LOW HIGH": a block the rules keep is removed when
  // its score is below LOW; a block they remove is kept when it is above
  // HIGH. Margins past zero make the model overrule only when it is sure.
  double cutoff_low() const { return cutoff_low_; }
  double cutoff_high() const { return cutoff_high_; }

 private:
  // Adds trees [first, last) to out[i] for the rows i = which[j] (j < m),
  // or i = j when `which` is null.
  template <unsigned Depth>
  void add_trees(const double* rows, const std::uint32_t* which, std::size_t m, std::uint32_t first,
                 std::uint32_t last, double* out) const;
  void add_trees_any(const double* rows, const std::uint32_t* which, std::size_t m, std::uint32_t first,
                     std::uint32_t last, double* out) const;
  // How often decide_all checks whether a score is settled: checking after
  // every tree settles blocks a little sooner but costs more than it saves.
  static constexpr std::uint32_t kTreesBetweenChecks = 4;
  // Sums of up to a few hundred leaves round by far less than this.
  static constexpr double kSettleMargin = 1e-6;

  // Every tree is stored complete to the depth of the deepest (a leaf
  // above it becomes splits that always go left, over copies of the leaf),
  // so that a walk is `depth_` steps of index arithmetic with no branch
  // and no child pointers: node k's children are 2k+1 and 2k+2. Splits and
  // leaves sit in flat arrays, tree after tree; thresholds and features
  // apart, so that node k's are read at k without computing an address.
  std::uint32_t trees_ = 0;
  std::uint32_t depth_ = 0;
  std::vector<double> thresholds_;       // (2^depth - 1) per tree, breadth first: left when feature < threshold
  std::vector<std::uint32_t> features_;  // the same nodes' indices into a feature row
  std::vector<double> leaves_;  // 2^depth per tree, left to right
  // rest_min_[t], rest_max_[t]: the least and most trees t.. can add.
  std::vector<double> rest_min_, rest_max_;
  double base_ = 0;
  double cutoff_low_ = 0, cutoff_high_ = 0;
};

// Replaces the rules' label by the model's where they differ past the
// cutoffs, except on text the site repeats (section 1); the reason then
// says so ("model 0.91 over: outside main content"). `rows` as filled by
// compute_block_features.
// The new reasons are stored in `texts`.
void apply_block_model(const BlockModel& model, const std::vector<double>& rows, std::vector<Decision>& out,
                       TextArena& texts);

// False for a block the model never overrules: text the site repeats
// (whole blocks, spans that left nothing, repeated containers). Such a
// block needs neither features nor a score.
bool block_model_may_overrule(const Decision& hand);
// The rules' decision `d` given the model's score: relabelled past the
// cutoffs, with the reason saying so (stored in `texts`).
void overrule_by_score(const BlockModel& model, double score, Decision& d, TextArena& texts);

}  // namespace winnow
