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
  for (std::uint32_t t = 0; t < trees; ++t) {
    std::uint32_t nodes = 0;
    if (!reader.next(f) || f.size() != 2 || f[0] != "tree" || !to_uint(f[1], nodes) || nodes == 0)
      return fail("expected 'tree NODES' (tree " + std::to_string(t) + ")");
    const auto root = static_cast<std::uint32_t>(m.nodes_.size());
    m.tree_roots_.push_back(root);
    for (std::uint32_t k = 0; k < nodes; ++k) {
      Node node;
      if (!reader.next(f)) return fail("the file ends inside tree " + std::to_string(t));
      if (f[0] == "leaf" && f.size() == 2) {
        if (!to_double(f[1], node.value)) return fail("bad leaf value");
        node.threshold = std::numeric_limits<double>::infinity();
        node.left = node.right = root + k;
      } else if (f[0] == "split" && f.size() == 5) {
        std::uint32_t feature = 0, left = 0, right = 0;
        if (!to_uint(f[1], feature) || feature >= count) return fail("bad feature index");
        if (!to_double(f[2], node.threshold)) return fail("bad threshold");
        // Children come after their parent, inside the tree: no cycles.
        if (!to_uint(f[3], left) || !to_uint(f[4], right) || left <= k || right <= k || left >= nodes ||
            right >= nodes)
          return fail("bad child index");
        node.feature = static_cast<std::uint32_t>(columns[feature]);
        node.left = root + left;
        node.right = root + right;
      } else {
        return fail("expected 'split FEATURE THRESHOLD LEFT RIGHT' or 'leaf VALUE'");
      }
      m.nodes_.push_back(node);
    }
    // Depth: children come after parents, so one pass in order finds it.
    std::vector<std::uint32_t> depth(nodes, 0);
    std::uint32_t deepest = 0;
    for (std::uint32_t k = 0; k < nodes; ++k) {
      const Node& node = m.nodes_[root + k];
      if (node.left == root + k) {
        deepest = std::max(deepest, depth[k]);
        continue;
      }
      depth[node.left - root] = depth[k] + 1;
      depth[node.right - root] = depth[k] + 1;
    }
    m.tree_depths_.push_back(deepest);
  }
  if (!reader.next(f) || f.size() != 1 || f[0] != "end") return fail("expected 'end'");
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

void BlockModel::score_all(const double* rows, std::size_t n, double* out) const {
  for (std::size_t i = 0; i < n; ++i) out[i] = base_;
  const Node* nodes = nodes_.data();
  for (std::size_t t = 0; t < tree_roots_.size(); ++t) {
    const std::uint32_t root = tree_roots_[t], steps = tree_depths_[t];
    for (std::size_t i = 0; i < n; ++i) {
      const double* row = rows + i * kBlockFeatureCount;
      std::uint32_t k = root;
      for (std::uint32_t s = 0; s < steps; ++s) {
        const Node& node = nodes[k];
        k = row[node.feature] < node.threshold ? node.left : node.right;
      }
      out[i] += nodes[k].value;
    }
  }
}

void apply_block_model(const BlockModel& model, const std::vector<double>& rows, std::vector<Decision>& out) {
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
    const double s = scores[i];
    const bool kept = out[i].label == Label::content;
    const Label label = s > (kept ? model.cutoff_low() : model.cutoff_high()) ? Label::content : Label::chrome;
    if (label == out[i].label) continue;
    char share[16];
    std::snprintf(share, sizeof share, "%.2f", 1.0 / (1.0 + std::exp(-s)));
    out[i].reason = std::string("model ") + share + " over: " + out[i].reason;
    out[i].label = label;
  }
}

}  // namespace winnow
