#include <doctest/doctest.h>

#include <string>

#include "classify/main_content.hpp"
#include "test_segment_html.hpp"

using namespace winnow;

namespace {
Document segment(const std::string& html) { return test::segment_html(html); }
const std::string kPara =
    "A paragraph of the article, long enough to read as prose, with a clause or two and a full stop.";
std::string menu(int items) {
  std::string s = "<ul>";
  for (int i = 0; i < items; ++i) s += "<li><a href='/s" + std::to_string(i) + "'>Section " + std::to_string(i) + "</a></li>";
  return s + "</ul>";
}
std::string root_id(const Document& doc, const MainContent& main) {
  // The test pages mark candidate containers with data-id; read it back
  // through the blocks' elements instead: the root's first block text.
  REQUIRE(main.roots.size() == 1);
  const Element& e = doc.elements[main.roots[0]];
  REQUIRE(e.block_begin < e.block_end);
  return doc.blocks[e.block_begin].text;
}
}  // namespace

TEST_CASE("the container is the tightest element around the prose, not the page wrapper") {
  Document doc = segment("<body><div>" + menu(30) + "<div><p>Start. " + kPara + "</p><p>" + kPara + "</p><p>" +
                         kPara + "</p></div><div>" + menu(20) + "</div></div></body>");
  std::vector<double> scratch;
  MainContent main = find_main_content(doc, scratch);
  CHECK(root_id(doc, main).starts_with("Start."));
  const Element& root = doc.elements[main.roots[0]];
  CHECK(root.block_end - root.block_begin == 3);
}

TEST_CASE("a comment box inside a page-wide content wrapper does not win") {
  std::string comments = "<div class='comments'>";
  for (int i = 0; i < 6; ++i) comments += "<p>Reader " + std::to_string(i) + " says: " + kPara + "</p>";
  comments += "</div>";
  Document doc = segment("<body><div class='site-content'><div><p>Story. " + kPara + "</p><p>" + kPara +
                         "</p></div>" + comments + "</div></body>");
  std::vector<double> scratch;
  MainContent main = find_main_content(doc, scratch);
  CHECK(root_id(doc, main).starts_with("Story."));
}

TEST_CASE("an article spread over table cells is found through its row") {
  Document doc = segment("<body><table><tr><td>" + menu(15) + "</td><td><p>Cell. " + kPara + "</p><p>" + kPara +
                         "</p></td></tr></table></body>");
  std::vector<double> scratch;
  MainContent main = find_main_content(doc, scratch);
  CHECK(root_id(doc, main).starts_with("Cell."));
}

TEST_CASE("a page of links only has no container") {
  Document doc = segment("<body>" + menu(40) + "</body>");
  std::vector<double> scratch;
  CHECK(find_main_content(doc, scratch).roots.empty());
}

TEST_CASE("deep nesting stays linear and finds the text") {
  std::string html = "<body>";
  for (int i = 0; i < 20000; ++i) html += "<div>";
  html += "<p>Deep. " + kPara + "</p>";
  for (int i = 0; i < 20000; ++i) html += "</div>";
  Document doc = segment(html + "</body>");
  std::vector<double> scratch;
  MainContent main = find_main_content(doc, scratch);
  CHECK(root_id(doc, main).starts_with("Deep."));
}

TEST_CASE("an article split into sibling sections beside a table of contents keeps every section") {
  std::string sections;
  for (int i = 0; i < 4; ++i) {
    sections += "<div class='section'><h2>Part " + std::to_string(i) + "</h2><p>Part" + std::to_string(i) + ". " +
                kPara + "</p><p>" + kPara + "</p></div>";
  }
  Document doc = segment("<body><div>" + menu(40) + sections + "</div></body>");
  std::vector<double> scratch;
  MainContent main = find_main_content(doc, scratch);
  std::size_t kept = 0;
  for (const Block& b : doc.blocks) kept += main.contains(doc, b) && b.text.starts_with("Part") && b.kind != BlockKind::heading;
  CHECK(kept == 4);
  for (const Block& b : doc.blocks) {
    if (b.text.starts_with("Section")) CHECK_FALSE(main.contains(doc, b));
  }
}

TEST_CASE("a data table's head comes with its body; a layout table's body stands alone") {
  std::string rows;
  for (int i = 0; i < 6; ++i) rows += "<tr><td>Row " + std::to_string(i) + "</td><td>" + kPara + "</td></tr>";
  std::vector<double> scratch;
  Document data = segment("<body>" + menu(10) + "<table><thead><tr><th>Name</th><th>What it is</th></tr></thead>"
                          "<tbody>" + rows + "</tbody></table></body>");
  MainContent main = find_main_content(data, scratch);
  CHECK(root_id(data, main) == "Name");
  CHECK(data.elements[main.roots[0]].tag == html::Tag::table);
  Document layout = segment("<body>" + menu(10) + "<table><tbody>" + rows + "</tbody></table></body>");
  main = find_main_content(layout, scratch);
  CHECK(root_id(layout, main) == "Row 0");
}
