#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "classify/block_features.hpp"
#include "classify/block_model.hpp"
#include "classify/main_content.hpp"
#include "segment/html_segmenter.hpp"
#include "winnow/winnow.hpp"

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


// Segments `html` with the fast parser and computes every block's feature
// row as a page without site counts and all rules' labels "content" would
// have them; with `find_main`, the page's main container is found as the
// cleaner finds it, else there is none.
void features_of_page(const std::string& html, Document& doc, std::vector<double>& rows, bool find_main = false) {
  HtmlSegmenter segmenter;
  segmenter.segment(html, html::ParserKind::fast, 100000, doc);
  std::vector<BlockFingerprints> fps(doc.blocks.size());
  SiteEvidence site;
  std::vector<double> scratch;
  const MainContent main = find_main ? find_main_content(doc, scratch) : MainContent{};
  std::vector<Decision> hand(doc.blocks.size());
  compute_block_features(BlockFeatureInput{doc, fps, site, false, main, doc.blocks.size()}, hand, rows);
}

// A page's blocks and feature rows (features_of_page), read by block and
// feature name.
struct PageFeatures {
  Document doc;
  std::vector<double> rows;
  explicit PageFeatures(const std::string& html, bool find_main = false) { features_of_page(html, doc, rows, find_main); }
  double operator()(std::size_t block, std::string_view name) const {
    return rows[block * kBlockFeatureCount + block_feature_index(name)];
  }
  // The block whose text starts with `prefix`.
  std::size_t block_starting(std::string_view prefix) const {
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
      if (std::string_view(doc.blocks[i].text).starts_with(prefix)) return i;
    }
    FAIL("no block starts with " << prefix);
    return 0;
  }
};
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
  TextArena texts;
  apply_block_model(model, rows, out, texts);
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

TEST_CASE("block model: a cleaner given an unusable model file refuses to start") {
  Options options;
  options.block_model_file = "/nonexistent/blocks.model";
  CHECK_THROWS_WITH_AS(Cleaner{options}, "/nonexistent/blocks.model: cannot read", std::invalid_argument);
  options.block_model = false;  // the file is not read when the model is off
  CHECK_NOTHROW(Cleaner{options});
}

TEST_CASE("block model: trees of unequal depth score as the file says") {
  // Tree 0 has a leaf at depth 1 beside a split: the walk is laid out
  // complete to depth 2, the shallow leaf copied under always-left splits.
  constexpr const char* kUneven = R"(winnow-block-model 1
features 2
chars
link_density
base 0
cutoff 0 0
trees 2
tree 5
split 0 100 1 2
leaf -1
split 1 0.5 3 4
leaf 2
leaf 3
tree 1
leaf 0.5
end
)";
  BlockModel model;
  std::string error;
  REQUIRE(BlockModel::parse(kUneven, model, error));
  CHECK(model.score(row(50, 0.9).data()) == -1 + 0.5);
  CHECK(model.score(row(50, 0.1).data()) == -1 + 0.5);
  CHECK(model.score(row(150, 0.1).data()) == 2 + 0.5);
  CHECK(model.score(row(150, 0.9).data()) == 3 + 0.5);
}

TEST_CASE("block model: a tree deeper than the layout allows is refused") {
  // A chain of splits, each one's right child the next split.
  const std::uint32_t depth = kMaxTreeDepth + 1;
  std::string text = "winnow-block-model 1\nfeatures 1\nchars\nbase 0\ncutoff 0 0\ntrees 1\ntree " +
                     std::to_string(2 * depth + 1) + "\n";
  for (std::uint32_t d = 0; d < depth; ++d)
    text += "split 0 " + std::to_string(d) + " " + std::to_string(2 * d + 1) + " " + std::to_string(2 * d + 2) + "\n" +
            "leaf 0\n";
  text.erase(text.rfind("leaf 0\n"));
  text += "leaf 1\nleaf 2\nend\n";
  // Nodes in file order: split, leaf, split, leaf, ..., split, leaf, leaf.
  BlockModel model;
  std::string error;
  CHECK_FALSE(BlockModel::parse(text, model, error));
  CHECK(error.find("deeper than " + std::to_string(kMaxTreeDepth)) != std::string::npos);
}

TEST_CASE("block model: deciding with early stops gives the labels and reasons of full scores") {
  // The shipped model on rows spread over its features' ranges: blocks
  // whose walk stops early keep the rules' label exactly when the full
  // score would, and overruled blocks carry the full score in their reason.
  const BlockModel& model = BlockModel::builtin();
  REQUIRE_FALSE(model.empty());
  const std::size_t n = 400;
  std::vector<double> rows(n * kBlockFeatureCount);
  std::uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
  };
  std::vector<std::uint8_t> kept(n);
  for (std::size_t i = 0; i < n; ++i) {
    double* r = &rows[i * kBlockFeatureCount];
    for (std::size_t k = 0; k < kBlockFeatureCount; ++k) {
      const std::string_view name = kBlockFeatureNames[k];
      const bool count = name == "chars" || name == "tokens" || name.ends_with("_chars") || name == "siblings";
      r[k] = count ? std::floor(next() * 600) : (next() < 0.5 ? 0.0 : next());
    }
    kept[i] = r[block_feature_index("hand_content")] = next() < 0.6 ? 1 : 0;
    r[block_feature_index("r_repeated")] = r[block_feature_index("r_repcontainer")] = 0;
  }
  std::vector<double> exact(n), decided(n);
  std::vector<std::uint32_t> scratch;
  model.score_all(rows.data(), n, exact.data());
  std::vector<std::uint32_t> every(n);
  for (std::size_t i = 0; i < n; ++i) every[i] = static_cast<std::uint32_t>(i);
  model.decide_all(rows.data(), every.data(), n, kept.data(), decided.data(), scratch);
  std::size_t overruled = 0, stopped = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Label hand = kept[i] ? Label::content : Label::chrome;
    Decision by_exact{hand, "t", "content"}, by_decided{hand, "t", "content"};
    TextArena texts;
    overrule_by_score(model, exact[i], by_exact, texts);
    overrule_by_score(model, decided[i], by_decided, texts);
    CHECK(by_decided.label == by_exact.label);
    CHECK(by_decided.reason == by_exact.reason);
    overruled += by_exact.label != hand;
    stopped += decided[i] != exact[i];
  }
  // Both paths are exercised.
  CHECK(overruled > 0);
  CHECK(stopped > 0);
}

TEST_CASE("block features: shares of punctuation and digits count every byte of long texts") {
  // Texts of 5, 40 and 9,000 bytes (past the 255 steps of 16 bytes after
  // which the counters are added up), with digits, ASCII punctuation,
  // letters of both cases and multi-byte letters that count as neither.
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "Ab 12, cd: \xC3\xA9\xC3\xA9 9z! ";
  const std::vector<std::string> texts = {"a1.b2", "Prices rose 4.5% in 2024; wages, 3.1%.", long_text};
  std::string html = "<html><body>";
  for (const std::string& t : texts) html += "<p>" + t + "</p>";
  html += "</body></html>";
  Document doc;
  std::vector<double> rows;
  features_of_page(html, doc, rows);
  REQUIRE(doc.blocks.size() == texts.size());
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    std::size_t visible = 0, punct = 0, digits = 0;
    for (unsigned char c : doc.blocks[i].text) {
      if (c == ' ' || c == '\n' || c == '\t') continue;
      ++visible;
      if (c >= '0' && c <= '9') ++digits;
      else if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ++punct;
    }
    const double* r = &rows[i * kBlockFeatureCount];
    CHECK(r[block_feature_index("punct_share")] == static_cast<double>(punct) / visible);
    CHECK(r[block_feature_index("digit_share")] == static_cast<double>(digits) / visible);
  }
  CHECK(doc.blocks[2].text.size() > 255 * 16);
}

TEST_CASE("block features: an image just before a block, a caption name above it") {
  const std::string html =
      "<html><body><p>Above the image</p><figure><img src=a.jpg>"
      "<figcaption class='wp-caption-text'>The bridge at dawn</figcaption></figure>"
      "<p>A paragraph after the figure.</p></body></html>";
  const PageFeatures feature(html);
  REQUIRE(feature.doc.blocks.size() == 3);
  CHECK(feature(0, "after_image") == 0);
  CHECK(feature(1, "after_image") == 1);
  CHECK(feature(1, "hint_caption") == 1);
  CHECK(feature(2, "after_image") == 0);
  CHECK(feature(2, "hint_caption") == 0);
}

TEST_CASE("block features: how far outside the main container a block's branch joins it") {
  const std::string prose =
      "A long paragraph of the article that carries most of the page's text, so that the container "
      "around it is the one the cleaner picks as the page's main content. ";
  const std::string html = "<html><body><div class='page'><div class='story'><p>" + prose + prose + "</p><p>" +
                           prose + prose + "</p></div><div class='box'><ul><li><a href='/flour'>Flour, 200 g</a></li></ul></div></div>"
                           "<footer><p>Footer words</p></footer></body></html>";
  const PageFeatures feature(html, true);
  CHECK(feature(feature.block_starting("A long"), "main_distance") == 0);
  CHECK(feature(feature.block_starting("Flour"), "main_distance") == 1);
  CHECK(feature(feature.block_starting("Footer"), "main_distance") == 2);

  const PageFeatures without_container(html);
  CHECK(without_container(0, "main_distance") == -1);
}

TEST_CASE("block features: the link density of a block's parent and grandparent") {
  const std::string html =
      "<html><body><div class='cards'>"
      "<div class='card'><a href='/a'>First teaser headline</a><p>A summary without a link</p></div>"
      "<div class='card'><a href='/b'>Second teaser headline</a><p>Another summary, no link either</p></div>"
      "</div><div class='story'><p>Prose of the article, with no link at all.</p></div></body></html>";
  const PageFeatures feature(html);
  const std::size_t head = feature.block_starting("First"), summary = feature.block_starting("A summary");
  const std::size_t head2 = feature.block_starting("Second"), summary2 = feature.block_starting("Another");
  auto chars = [&](std::size_t b) { return static_cast<double>(feature.doc.blocks[b].chars); };
  CHECK(feature(summary, "link_density") == 0);
  CHECK(feature(summary, "parent_link_density") == doctest::Approx(chars(head) / (chars(head) + chars(summary))));
  const double all = chars(head) + chars(summary) + chars(head2) + chars(summary2);
  CHECK(feature(summary, "grandparent_link_density") == doctest::Approx((chars(head) + chars(head2)) / all));
  const std::size_t prose = feature.block_starting("Prose");
  CHECK(feature(prose, "parent_link_density") == 0);
}
