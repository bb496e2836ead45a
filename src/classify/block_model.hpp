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

class BlockModel {
 public:
  // Parses a model file's text. On failure returns false, leaves `out`
  // empty and says why in `error` ("line 7: ...").
  static bool parse(std::string_view text, BlockModel& out, std::string& error);
  // Reads and parses a file; errors name the path.
  static bool load(const std::string& path, BlockModel& out, std::string& error);
  // The model embedded from models/blocks.model.
  static const BlockModel& builtin();

  bool empty() const { return tree_roots_.empty(); }
  // Log-odds that the block is content, from a row of kBlockFeatureCount
  // features (block_features.hpp order).
  double score(const double* row) const;
  // The scores of `n` rows at once, `out[i]` for row i. Faster than one
  // row at a time: trees outside, blocks inside, fixed-length branchless
  // walks, so the walks of many blocks overlap in the processor.
  void score_all(const double* rows, std::size_t n, double* out) const;
  // The file's "cutoff LOW HIGH": a block the rules keep is removed when
  // its score is below LOW; a block they remove is kept when it is above
  // HIGH. Margins past zero make the model overrule only when it is sure.
  double cutoff_low() const { return cutoff_low_; }
  double cutoff_high() const { return cutoff_high_; }

 private:
  // A leaf is a node that leads to itself (feature 0 < +inf), so every walk
  // of a tree takes its depth in steps whatever leaf it reaches.
  struct Node {
    std::uint32_t feature = 0;  // index into a feature row
    double threshold = 0;       // left when feature < threshold
    std::uint32_t left = 0, right = 0;  // absolute indices into nodes_
    double value = 0;           // a leaf's output
  };
  std::vector<std::uint32_t> tree_roots_;  // index of each tree's first node in nodes_
  std::vector<std::uint32_t> tree_depths_;
  std::vector<Node> nodes_;
  double base_ = 0;
  double cutoff_low_ = 0, cutoff_high_ = 0;
};

// Replaces the rules' label by the model's where they differ past the
// cutoffs, except on text the site repeats (section 1); the reason then
// says so ("model 0.91 over: outside main content"). `rows` as filled by
// compute_block_features.
void apply_block_model(const BlockModel& model, const std::vector<double>& rows, std::vector<Decision>& out);

}  // namespace winnow
