#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "classify/block_features.hpp"
#include "classify/block_model.hpp"

using namespace winnow;

namespace {

// A two-tree model over two features: "chars" decides the first tree,
// "link_density" the second.
constexpr const char* kTinyModel = R"(winnow-block-model 1
# a comment
features 2
chars
link_density
base -0.5
cutoff 0 0.5
trees 2
tree 3
split 0 100 1 2
leaf -1
leaf 2
tree 3
split 1 0.5 1 2
leaf 0.25
leaf -3
end
)";

std::vector<double> row(double chars, double link_density) {
  std::vector<double> r(kBlockFeatureCount, 0.0);
  for (std::size_t k = 0; k < kBlockFeatureCount; ++k) {
    if (kBlockFeatureNames[k] == "chars") r[k] = chars;
    if (kBlockFeatureNames[k] == "link_density") r[k] = link_density;
  }
  return r;
}

}  // namespace

TEST_CASE("block model: a tiny hand-built model scores by its trees") {
  BlockModel model;
  std::string error;
  REQUIRE(BlockModel::parse(kTinyModel, model, error));
  CHECK(error.empty());
  CHECK_FALSE(model.empty());
  CHECK(model.cutoff_low() == 0.0);
  CHECK(model.cutoff_high() == 0.5);
  CHECK(model.score(row(50, 0.0).data()) == doctest::Approx(-0.5 - 1 + 0.25));
  CHECK(model.score(row(100, 0.0).data()) == doctest::Approx(-0.5 + 2 + 0.25));  // not < 100: right
  CHECK(model.score(row(500, 0.9).data()) == doctest::Approx(-0.5 + 2 - 3));
}

TEST_CASE("block model: it overrules the rules past its cutoffs and says so") {
  BlockModel model;
  std::string error;
  REQUIRE(BlockModel::parse(kTinyModel, model, error));
  std::vector<double> rows;
  for (auto [chars, links] : {std::pair{500.0, 0.0}, std::pair{50.0, 0.0}, std::pair{500.0, 0.9}}) {
    std::vector<double> r = row(chars, links);
    rows.insert(rows.end(), r.begin(), r.end());
  }
  std::vector<Decision> out(3);
  out[0] = Decision{Label::chrome, "long text", "outside main content"};  // score 1.75 > 0.5: kept
  out[1] = Decision{Label::content, "short", "content"};                  // score -1.25 < 0: removed
  out[2] = Decision{Label::content, "links", "content"};                  // score -1.5 < 0: removed
  apply_block_model(model, rows, out);
  CHECK(out[0].label == Label::content);
  CHECK(out[0].reason == "model 0.85 over: outside main content");
  CHECK(out[1].label == Label::chrome);
  CHECK(out[1].reason == "model 0.22 over: content");
  CHECK(out[2].label == Label::chrome);
}

TEST_CASE("block model: bad files are refused with a clear error") {
  BlockModel model;
  std::string error;
  CHECK_FALSE(BlockModel::parse("", model, error));
  CHECK(error.find("not a block model") != std::string::npos);

  CHECK_FALSE(BlockModel::parse("winnow-block-model 99\nfeatures 0\n", model, error));
  CHECK(error.find("version 99 is not supported") != std::string::npos);

  std::string text = kTinyModel;
  std::string bad = text;
  bad.replace(bad.find("link_density"), 12, "no_such_feature");
  CHECK_FALSE(BlockModel::parse(bad, model, error));
  CHECK(error.find("unknown feature 'no_such_feature'") != std::string::npos);

  bad = text;
  bad.replace(bad.find("split 0 100 1 2"), 15, "split 0 100 0 2");  // a node that is its own child
  CHECK_FALSE(BlockModel::parse(bad, model, error));
  CHECK(error.find("bad child index") != std::string::npos);

  bad = text.substr(0, text.find("leaf 0.25"));  // cut inside the second tree
  CHECK_FALSE(BlockModel::parse(bad, model, error));
  CHECK(error.find("ends inside tree 1") != std::string::npos);

  bad = text;
  bad.replace(bad.find("leaf -3"), 7, "leaf x3");
  CHECK_FALSE(BlockModel::parse(bad, model, error));
  CHECK(error.find("line ") == 0);
  CHECK(model.empty());
}

TEST_CASE("block model: the embedded model file loads") {
  const BlockModel& model = BlockModel::builtin();
  CHECK_FALSE(model.empty());
  CHECK(model.cutoff_low() <= model.cutoff_high());
}

TEST_CASE("block model: a missing file is named in the error") {
  BlockModel model;
  std::string error;
  CHECK_FALSE(BlockModel::load("/nonexistent/blocks.model", model, error));
  CHECK(error == "/nonexistent/blocks.model: cannot read");
}
