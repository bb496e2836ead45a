#include "classify/block_model.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <algorithm>
#include <sstream>

#include "classify/block_features.hpp"

namespace winnow {
namespace detail {
extern const char* const kEmbeddedBlockModel;  // generated from models/blocks.model
}
namespace {

// Splits a line into space-separated fields.
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

bool to_double(std::string_view s, double& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(v);
}

bool to_uint(std::string_view s, std::uint32_t& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Model files are read line by line; comments (#) and blank lines are skipped.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  bool next(std::vector<std::string_view>& out) {
    while (pos_ < text_.size()) {
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_;
      out = fields(line);
      if (!out.empty() && !out[0].starts_with("#")) return true;
    }
    return false;
  }
  std::string where() const { return "line " + std::to_string(line_) + ": "; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

}  // namespace

bool BlockModel::parse(std::string_view text, BlockModel& out, std::string& error) {
  out = BlockModel{};
  BlockModel m;
  LineReader reader(text);
  std::vector<std::string_view> f;
  auto fail = [&](const std::string& why) {
    error = reader.where() + why;
    return false;
  };
  if (!reader.next(f) || f.size() != 2 || f[0] != kBlockModelMagic) {
    error = "not a block model (no '" + std::string(kBlockModelMagic) + " VERSION' line)";
    return false;
  }
  std::uint32_t version = 0;
  if (!to_uint(f[1], version) || version != kBlockModelVersion)
    return fail("block model version " + std::string(f[1]) + " is not supported (this build reads " +
                std::to_string(kBlockModelVersion) + ")");

  // features N, then N names: the model's feature i is row[columns[i]].
  std::uint32_t count = 0;
  if (!reader.next(f) || f.size() != 2 || f[0] != "features" || !to_uint(f[1], count))
    return fail("expected 'features COUNT'");
  std::vector<std::int32_t> columns;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!reader.next(f) || f.size() != 1) return fail("expected a feature name");
    std::int32_t column = -1;
    for (std::size_t k = 0; k < kBlockFeatureCount; ++k) {
      if (kBlockFeatureNames[k] == f[0]) column = static_cast<std::int32_t>(k);
    }
    if (column < 0) return fail("unknown feature '" + std::string(f[0]) + "'");
    columns.push_back(column);
  }
  if (!reader.next(f) || f.size() != 2 || f[0] != "base" || !to_double(f[1], m.base_))
    return fail("expected 'base VALUE'");
  if (!reader.next(f) || f.size() != 3 || f[0] != "cutoff" || !to_double(f[1], m.cutoff_low_) ||
      !to_double(f[2], m.cutoff_high_))
    return fail("expected 'cutoff LOW HIGH'");
  std::uint32_t trees = 0;
  if (!reader.next(f) || f.size() != 2 || f[0] != "trees" || !to_uint(f[1], trees))
    return fail("expected 'trees COUNT'");
  // The file's nodes, tree by tree, children indexed within their tree.
  struct FileNode {
    bool leaf = false;
    std::uint32_t feature = 0;  // index into a feature row
    double threshold = 0;
    std::uint32_t left = 0, right = 0;
    double value = 0;
  };
  std::vector<std::vector<FileNode>> file_trees;
  std::uint32_t deepest = 0;
  for (std::uint32_t t = 0; t < trees; ++t) {
    std::uint32_t nodes = 0;
    if (!reader.next(f) || f.size() != 2 || f[0] != "tree" || !to_uint(f[1], nodes) || nodes == 0)
      return fail("expected 'tree NODES' (tree " + std::to_string(t) + ")");
    std::vector<FileNode>& tree = file_trees.emplace_back();
    for (std::uint32_t k = 0; k < nodes; ++k) {
      FileNode node;
      if (!reader.next(f)) return fail("the file ends inside tree " + std::to_string(t));
      if (f[0] == "leaf" && f.size() == 2) {
        if (!to_double(f[1], node.value)) return fail("bad leaf value");
        node.leaf = true;
      } else if (f[0] == "split" && f.size() == 5) {
        std::uint32_t feature = 0, left = 0, right = 0;
        if (!to_uint(f[1], feature) || feature >= count) return fail("bad feature index");
        if (!to_double(f[2], node.threshold)) return fail("bad threshold");
        // Children come after their parent, inside the tree: no cycles.
        if (!to_uint(f[3], left) || !to_uint(f[4], right) || left <= k || right <= k || left >= nodes ||
            right >= nodes)
          return fail("bad child index");
        node.feature = static_cast<std::uint32_t>(columns[feature]);
        node.left = left;
        node.right = right;
      } else {
        return fail("expected 'split FEATURE THRESHOLD LEFT RIGHT' or 'leaf VALUE'");
      }
      tree.push_back(node);
    }
    // Depth: children come after parents, so one pass in order finds it.
    std::vector<std::uint32_t> depth(nodes, 0);
    for (std::uint32_t k = 0; k < nodes; ++k) {
      const FileNode& node = tree[k];
      if (node.leaf) {
        deepest = std::max(deepest, depth[k]);
        continue;
      }
      depth[node.left] = depth[k] + 1;
      depth[node.right] = depth[k] + 1;
    }
    // Complete trees double in size with each level.
    if (deepest > kMaxTreeDepth)
      return fail("tree " + std::to_string(t) + " is deeper than " + std::to_string(kMaxTreeDepth) + " levels");
  }
  if (!reader.next(f) || f.size() != 1 || f[0] != "end") return fail("expected 'end'");

  // Lay every tree out complete to the deepest depth: a leaf above that
  // depth becomes splits that always go left (feature 0 < +inf; features
  // are finite) with the leaf copied under them.
  m.trees_ = trees;
  m.depth_ = deepest;
  const std::size_t inner = (std::size_t{1} << deepest) - 1;
  m.thresholds_.assign(inner * trees, std::numeric_limits<double>::infinity());
  m.features_.assign(inner * trees, 0);
  m.leaves_.assign((inner + 1) * trees, 0.0);
  for (std::uint32_t t = 0; t < trees; ++t) {
    const std::vector<FileNode>& tree = file_trees[t];
    double* thresholds = m.thresholds_.data() + t * inner;
    std::uint32_t* features = m.features_.data() + t * inner;
    double* leaves = m.leaves_.data() + t * (inner + 1);
    // (file node, complete-tree position), depth first.
    std::vector<std::pair<std::uint32_t, std::size_t>> todo = {{0, 0}};
    while (!todo.empty()) {
      auto [k, pos] = todo.back();
      todo.pop_back();
      const FileNode& node = tree[k];
      if (pos >= inner) {
        leaves[pos - inner] = node.value;  // at full depth: a leaf
      } else if (node.leaf) {
        todo.push_back({k, 2 * pos + 1});  // always left; the right copy keeps the layout total
        todo.push_back({k, 2 * pos + 2});
      } else {
        thresholds[pos] = node.threshold;
        features[pos] = node.feature;
        todo.push_back({node.left, 2 * pos + 1});
        todo.push_back({node.right, 2 * pos + 2});
      }
    }
  }
  // What the trees from t on can add at least and at most.
  m.rest_min_.assign(trees + 1, 0.0);
  m.rest_max_.assign(trees + 1, 0.0);
  for (std::uint32_t t = trees; t-- > 0;) {
    const double* leaves = m.leaves_.data() + t * (inner + 1);
    m.rest_min_[t] = m.rest_min_[t + 1] + *std::min_element(leaves, leaves + inner + 1);
    m.rest_max_[t] = m.rest_max_[t + 1] + *std::max_element(leaves, leaves + inner + 1);
  }
  out = std::move(m);
  return true;
}

bool BlockModel::load(const std::string& path, BlockModel& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!parse(text.str(), out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

const BlockModel& BlockModel::builtin() {
  static const BlockModel model = [] {
    BlockModel m;
    std::string error;
    // The build embeds a file the tests parse; an empty model means none.
    if (!parse(detail::kEmbeddedBlockModel, m, error)) m = BlockModel{};
    return m;
  }();
  return model;
}

double BlockModel::score(const double* row) const {
  double out = 0;
  score_all(row, 1, &out);
  return out;
}

template <unsigned Depth>
void BlockModel::add_trees(const double* rows, const std::uint32_t* which, std::size_t m, std::uint32_t first,
                           std::uint32_t last, double* out) const {
  constexpr std::size_t inner = (std::size_t{1} << Depth) - 1;
  const double* thresholds = thresholds_.data() + first * inner;
  const std::uint32_t* features = features_.data() + first * inner;
  const double* leaves = leaves_.data() + first * (inner + 1);
  // Trees outside, blocks inside: the walks of many blocks are independent
  // and overlap in the processor. Each block still adds the trees in file
  // order, so its score does not depend on the loop order.
  for (std::uint32_t t = first; t < last; ++t, thresholds += inner, features += inner, leaves += inner + 1) {
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t i = which != nullptr ? which[j] : j;
      const double* row = rows + i * kBlockFeatureCount;
      std::size_t k = 0;
      for (unsigned s = 0; s < Depth; ++s)
        k = 2 * k + 1 + static_cast<std::size_t>(!(row[features[k]] < thresholds[k]));
      out[i] += leaves[k - inner];
    }
  }
}

void BlockModel::add_trees_any(const double* rows, const std::uint32_t* which, std::size_t m, std::uint32_t first,
                               std::uint32_t last, double* out) const {
  switch (depth_) {
    case 0: add_trees<0>(rows, which, m, first, last, out); break;
    case 1: add_trees<1>(rows, which, m, first, last, out); break;
    case 2: add_trees<2>(rows, which, m, first, last, out); break;
    case 3: add_trees<3>(rows, which, m, first, last, out); break;
    case 4: add_trees<4>(rows, which, m, first, last, out); break;
    case 5: add_trees<5>(rows, which, m, first, last, out); break;
    case 6: add_trees<6>(rows, which, m, first, last, out); break;
    case 7: add_trees<7>(rows, which, m, first, last, out); break;
    case 8: add_trees<8>(rows, which, m, first, last, out); break;
    case 9: add_trees<9>(rows, which, m, first, last, out); break;
    case 10: add_trees<10>(rows, which, m, first, last, out); break;
    case 11: add_trees<11>(rows, which, m, first, last, out); break;
    case 12: add_trees<12>(rows, which, m, first, last, out); break;
    default: break;  // parse refuses deeper trees
  }
}

void BlockModel::score_all(const double* rows, std::size_t n, double* out) const {
  for (std::size_t i = 0; i < n; ++i) out[i] = base_;
  add_trees_any(rows, nullptr, n, 0, trees_, out);
}

void BlockModel::decide_all(const double* rows, const std::uint32_t* which, std::size_t m, const std::uint8_t* kept,
                            double* out, std::vector<std::uint32_t>& scratch) const {
  std::vector<std::uint32_t>& open = scratch;
  open.assign(which, which + m);
  for (std::uint32_t i : open) out[i] = base_;
  for (std::uint32_t t = 0; t < trees_ && m > 0;) {
    const std::uint32_t last = std::min(trees_, t + kTreesBetweenChecks);
    add_trees_any(rows, open.data(), m, t, last, out);
    t = last;
    if (t == trees_) break;
    // A block whose score can no longer cross its cutoff keeps the rules'
    // label: it leaves with a value on its side of the cutoff. Blocks the
    // model will overrule go on to their exact score, which --explain shows.
    std::size_t still = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const std::uint32_t i = open[j];
      if (kept[i] && out[i] + rest_min_[t] > cutoff_low_ + kSettleMargin) {
        out[i] += rest_min_[t];
      } else if (!kept[i] && out[i] + rest_max_[t] < cutoff_high_ - kSettleMargin) {
        out[i] += rest_max_[t];
      } else {
        open[still++] = i;
      }
    }
    m = still;
  }
}

bool block_model_may_overrule(const Decision& hand) {
  // The reasons section 1 and 1.2 give (block_features.cpp's r_repeated
  // and r_repcontainer).
  return !hand.reason.starts_with("repeated on") && !hand.reason.starts_with("inside a container");
}

void overrule_by_score(const BlockModel& model, double s, Decision& d, TextArena& texts) {
  const bool kept = d.label == Label::content;
  const Label label = s > (kept ? model.cutoff_low() : model.cutoff_high()) ? Label::content : Label::chrome;
  if (label == d.label) return;
  char share[16];
  std::snprintf(share, sizeof share, "%.2f", 1.0 / (1.0 + std::exp(-s)));
  d.reason = texts.join({"model ", share, " over: ", d.reason});
  d.label = label;
}

void apply_block_model(const BlockModel& model, const std::vector<double>& rows, std::vector<Decision>& out,
                       TextArena& texts) {
  if (model.empty() || out.empty()) return;
  std::vector<double> scores(out.size());
  model.score_all(rows.data(), out.size(), scores.data());
  constexpr std::size_t repeated = block_feature_index("r_repeated");
  constexpr std::size_t in_repeated = block_feature_index("r_repcontainer");
  for (std::size_t i = 0; i < out.size(); ++i) {
    // Text the site repeats across its pages stays chrome: that evidence is
    // winnow's own, and out of fold overruling it gained nothing.
    const double* row = &rows[i * kBlockFeatureCount];
    if (row[repeated] > 0.5 || row[in_repeated] > 0.5) continue;
    overrule_by_score(model, scores[i], out[i], texts);
  }
}

}  // namespace winnow
