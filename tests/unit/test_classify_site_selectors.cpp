// Site-learned evidence (src/classify/site_selectors.cpp): container
// signatures, following the site's container, and shared teaser blocks.
#include <doctest/doctest.h>

#include <string>

#include "classify/site_selectors.hpp"
#include "test_segment_html.hpp"

using namespace winnow;

namespace {

Document segment(const std::string& html) { return test::segment_html(html); }

// The deepest (or, with `outermost`, the first) element of that tag whose
// first block starts with `text`.
std::uint32_t element_starting(const Document& doc, const std::string& text, html::Tag tag, bool outermost = false) {
  std::uint32_t found = 0;
  for (std::uint32_t e = 1; e < doc.elements.size(); ++e) {
    const Element& el = doc.elements[e];
    if (el.tag != tag || el.block_begin >= el.block_end || !doc.blocks[el.block_begin].text.starts_with(text)) continue;
    found = e;
    if (outermost) break;
  }
  REQUIRE(found != 0);
  return found;
}

std::string first_text(const Document& doc, const MainContent& main) {
  REQUIRE(main.roots.size() == 1);
  return doc.blocks[doc.elements[main.roots[0]].block_begin].text;
}

const std::string kPara = "A paragraph of the story, long enough to read as prose, with a clause or two and a full stop.";

// A short story beside a column of long teasers: on the page's own
// evidence the layout holding both wins.
std::string short_story_page() {
  std::string html = "<body><div class='layout'><div class='column-wide'><h1>Pier lights</h1><p>Story. " + kPara +
                     "</p><p>" + kPara + "</p><p>" + kPara + " End.</p></div><div class='column-narrow'>";
  for (int i = 0; i < 3; ++i) html += "<div><a href='/t" + std::to_string(i) + "'>Teaser</a><p>Teaser. " + kPara + " " + kPara + "</p></div>";
  return html + "</div></div></body>";
}

BlockFingerprints fingerprint_of(std::uint64_t hash) {
  BlockFingerprints fp;
  fp.block = hash;
  fp.tokens.assign(6, Token{1, 0, 1, false});
  fp.counts = count_tokens(fp.tokens);
  return fp;
}

}  // namespace

TEST_CASE("element signatures: equal for one template element on two pages, distinct otherwise") {
  Document a = segment("<body><div class='story-4781'><p>First page. " + kPara + "</p></div><div class='rail'><p>" + kPara + "</p></div></body>");
  Document b = segment("<body><div class='story-5019'><p>Second page. " + kPara + "</p><p>" + kPara + "</p></div></body>");
  const std::uint32_t story_a = element_starting(a, "First page", html::Tag::div);
  const std::uint32_t story_b = element_starting(b, "Second page", html::Tag::div);
  CHECK(element_signature(a, story_a) == element_signature(b, story_b));  // digits folded
  CHECK(element_signature(a, story_a) != element_signature(a, element_starting(a, "A paragraph", html::Tag::div)));
  // An unnamed paragraph is told from its named parent, and is the same on both pages.
  const std::uint32_t p_a = element_starting(a, "First page", html::Tag::p);
  CHECK(element_signature(a, p_a) != element_signature(a, story_a));
  CHECK(element_signature(a, p_a) == element_signature(b, element_starting(b, "Second page", html::Tag::p)));
  CHECK(element_signature(a, p_a) != 0);
}

TEST_CASE("container signatures are the page-evidence container's, sorted and unique") {
  Document doc = segment(short_story_page());
  std::vector<double> scratch;
  std::vector<std::uint64_t> sigs;
  container_signatures(doc, find_main_content(doc, scratch), sigs);
  REQUIRE(sigs.size() == 1);
  CHECK(sigs[0] == element_signature(doc, element_starting(doc, "Pier lights", html::Tag::div, true)));  // the layout
}

TEST_CASE("the container the site picks far more often is followed") {
  Document doc = segment(short_story_page());
  std::vector<double> scratch;
  const MainContent searched = find_main_content(doc, scratch);
  REQUIRE(first_text(doc, searched) == "Pier lights");  // the layout, teasers and all
  const std::uint32_t layout = searched.roots[0];
  const std::uint32_t story = element_starting(doc, "Pier lights", html::Tag::div);  // column-wide
  REQUIRE(story != layout);

  CountTable containers;
  containers.add(element_signature(doc, layout), 1);
  containers.add(element_signature(doc, story), 9);
  std::vector<std::uint8_t> repeated(doc.blocks.size(), 0);
  std::vector<std::uint32_t> counts;
  element_container_counts(doc, containers, counts);
  MainContent main = searched;
  CHECK(follow_site_container(doc, counts, 3, repeated, main, scratch));
  REQUIRE(main.roots.size() == 1);
  CHECK(main.roots[0] == story);
  CHECK(first_text(doc, main) == "Pier lights");
  CHECK_FALSE(main.contains(doc, doc.blocks.back()));  // the last teaser is out

  SUBCASE("not when the site picks it only about as often") {
    CountTable close;
    close.add(element_signature(doc, layout), 4);
    close.add(element_signature(doc, story), 8);
    std::vector<std::uint32_t> close_counts;
    element_container_counts(doc, close, close_counts);
    MainContent kept = searched;
    CHECK_FALSE(follow_site_container(doc, close_counts, 3, repeated, kept, scratch));
    CHECK(kept.roots == searched.roots);
  }
  SUBCASE("not below the site's repetition threshold") {
    MainContent kept = searched;
    CHECK_FALSE(follow_site_container(doc, counts, 10, repeated, kept, scratch));
  }
  SUBCASE("not when this page's element holds only the site's template text") {
    std::vector<std::uint8_t> all_repeated(doc.blocks.size(), 0);
    const Element& column = doc.elements[story];
    for (std::uint32_t i = column.block_begin; i < column.block_end; ++i) all_repeated[i] = 1;
    MainContent kept = searched;
    CHECK_FALSE(follow_site_container(doc, counts, 3, all_repeated, kept, scratch));
  }
}

TEST_CASE("teasers the site shows on two pages are shared; titles, bylines, datelines and copies are not") {
  Document doc = segment(
      "<head><title>Pier lights switched back on | Courier</title></head><body><div class='story'>"
      "<h1>Pier lights switched back on</h1><p class='byline'>By Ansel Park</p><p>Story. " + kPara + "</p><p>" + kPara +
      " More.</p><ul class='also'><li>Tide gauge moves to the slip</li><li>Harbour bus keeps its Sunday service</li>"
      "<li>Updated 2026 03 05</li></ul></div></body>");
  REQUIRE(doc.blocks.size() == 7);
  std::vector<BlockFingerprints> fps;
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) fps.push_back(fingerprint_of(100 + i));
  fps[6].tokens.assign(4, Token{1, 0, 1, true});  // the dateline: numbers
  fps[6].counts = count_tokens(fps[6].tokens);
  CountTable counts;
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) counts.add(100 + i, 1);
  for (std::size_t i : {0, 1, 4, 5, 6}) counts.add(100 + i, 1);  // on a second page
  std::vector<std::uint8_t> repeated(doc.blocks.size(), 0), shared;
  std::vector<double> scratch;
  const MainContent main = find_main_content(doc, scratch);
  flag_shared_blocks(doc, fps, counts, repeated, main, shared);
  CHECK(shared == std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1, 0});

  SUBCASE("a copy of another page shares its own text: nothing is flagged") {
    for (std::size_t i : {2, 3}) counts.add(100 + i, 1);
    flag_shared_blocks(doc, fps, counts, repeated, main, shared);
    CHECK(shared == std::vector<std::uint8_t>(doc.blocks.size(), 0));
  }
}
