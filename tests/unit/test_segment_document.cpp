#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "classify/main_content.hpp"
#include "test_segment_html.hpp"

using namespace winnow;

namespace {

// The tags from a block's container up to the root: what every rule reads
// of the element tree around a block.
std::vector<html::Tag> ancestry(const Document& doc, std::uint32_t e) {
  std::vector<html::Tag> tags;
  for (; e != 0; e = doc.elements[e].parent) tags.push_back(doc.elements[e].tag);
  return tags;
}

const std::string kPage =
    "<html><head><script>var x = 1;</script><style>p{}</style></head><body>"
    "<div class='top'><img src='a.png'><span></span><nav><a href='/'>Home</a> <a href='/b'>B</a></nav></div>"
    "<div class='story'><h1>Title <i></i></h1><p>First <b>bold</b> words.<br><img src='b.png'></p>"
    "<table><tr><td>one</td><td><span></span></td></tr><tr><td>two</td></tr></table>"
    "<div><div><span></span></div></div><p>Last words of the story, long enough to count.</p></div>"
    "<footer><svg><path d='M0'/></svg></footer></body></html>";

}  // namespace

TEST_CASE("dropping empty elements keeps every block's ancestry, rows and subtrees") {
  Document full = test::segment_html(kPage);
  Document doc = test::segment_html(kPage);
  std::vector<std::uint32_t> scratch;
  drop_empty_elements(doc, scratch);
  REQUIRE(doc.blocks.size() == full.blocks.size());
  CHECK(doc.elements.size() < full.elements.size());
  // Only elements that hold a block remain (and the root).
  for (std::uint32_t e = 1; e < doc.elements.size(); ++e) {
    const Element& el = doc.elements[e];
    CHECK(el.block_end > el.block_begin);
    CHECK(el.parent < e);
    CHECK(el.subtree_end >= e);
    CHECK(el.subtree_end <= doc.elements[el.parent].subtree_end);
  }
  CHECK(doc.elements[0].subtree_end == doc.elements.size() - 1);
  for (std::uint32_t i = 0; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    const Block& f = full.blocks[i];
    CHECK(ancestry(doc, b.element) == ancestry(full, f.element));
    CHECK(doc.elements[b.element].block_begin == full.elements[f.element].block_begin);
    CHECK(doc.elements[b.element].name_hash == full.elements[f.element].name_hash);
    CHECK((b.row == 0) == (f.row == 0));
    if (b.row != 0) CHECK(doc.elements[b.row].tag == html::Tag::tr);
  }
  // Cells of one row share it, cells of two rows do not.
  const auto cell = [&](const char* text) {
    for (const Block& b : doc.blocks) if (b.text == text) return b;
    FAIL("no block " << text);
    return doc.blocks[0];
  };
  CHECK(cell("one").row != cell("two").row);
  // The search for the main container lands on the same element.
  std::vector<double> s1, s2;
  const MainContent a = find_main_content(full, s1), b = find_main_content(doc, s2);
  REQUIRE(a.roots.size() == b.roots.size());
  for (std::size_t r = 0; r < a.roots.size(); ++r) {
    CHECK(full.elements[a.roots[r]].block_begin == doc.elements[b.roots[r]].block_begin);
    CHECK(full.elements[a.roots[r]].block_end == doc.elements[b.roots[r]].block_end);
    CHECK(full.elements[a.roots[r]].name_hash == doc.elements[b.roots[r]].name_hash);
  }
}

TEST_CASE("dropping empty elements from a page without blocks leaves the root") {
  Document doc = test::segment_html("<html><head><title>t</title></head><body><img><span></span></body></html>");
  REQUIRE(doc.blocks.empty());
  std::vector<std::uint32_t> scratch;
  drop_empty_elements(doc, scratch);
  REQUIRE(doc.elements.size() == 1);
  CHECK(doc.elements[0].subtree_end == 0);
}

TEST_CASE("a document keeps its blocks' texts as spares, within a bound") {
  Document doc;
  doc.blocks.resize(3);
  doc.blocks[0].text.assign(200, 'a');
  doc.blocks[1].text.assign(Document::kSpareTextBytes + 1, 'b');  // one huge block
  doc.blocks[2].text.assign(300, 'c');
  doc.clear();
  CHECK(doc.blocks.empty());
  REQUIRE(doc.spare_texts.size() == 2);  // the huge one was let go
  CHECK(doc.spare_text_bytes <= Document::kSpareTextBytes);
  std::string first = doc.take_spare_text();
  std::string second = doc.take_spare_text();
  CHECK(first.empty());
  CHECK(second.empty());
  CHECK(first.capacity() + second.capacity() >= 500);  // their room is kept
  CHECK(doc.spare_text_bytes == 0);
  CHECK(doc.take_spare_text().capacity() <= std::string().capacity());  // none left: a new string
}

TEST_CASE("segmenting page after page gives the same blocks whatever the spares hold") {
  // A long page, then a short one, then the long one again: the texts of
  // the second and third come from the first's spares, and must not carry
  // any of their old bytes.
  const std::string long_page =
      "<html><body><p>First paragraph of a long page, long enough to need room of its own.</p>"
      "<p>Second paragraph, also long enough to leave a spare behind for the pages after it.</p>"
      "<p>Third.</p></body></html>";
  const std::string short_page = "<html><body><p>Short.</p><div>Tiny</div></body></html>";
  auto texts = [](const Document& doc) {
    std::vector<std::string> out;
    for (const Block& b : doc.blocks) out.push_back(b.text);
    return out;
  };
  for (html::ParserKind parser : {html::ParserKind::fast, html::ParserKind::gumbo}) {
    HtmlSegmenter segmenter;
    auto segment = [&](const std::string& page, Document& doc) { segmenter.segment(page, parser, 100000, doc); };
    Document fresh_long, fresh_short, reused;
    segment(long_page, fresh_long);
    segment(short_page, fresh_short);
    REQUIRE(fresh_long.blocks.size() == 3);
    segment(long_page, reused);
    segment(short_page, reused);
    CHECK(texts(reused) == texts(fresh_short));
    CHECK_FALSE(reused.spare_texts.empty());
    segment(long_page, reused);
    CHECK(texts(reused) == texts(fresh_long));
  }
}
