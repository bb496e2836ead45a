#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "segment/html_segmenter.hpp"

using namespace winnow;

namespace {
Document segment(std::string_view html, html::ParserKind parser = html::ParserKind::gumbo) {
  Document doc;
  HtmlSegmenter segmenter;
  segmenter.segment(html, parser, 100000, doc);
  return doc;
}
std::vector<std::string> texts(const Document& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) out.push_back(b.text);
  return out;
}
}  // namespace

TEST_CASE("blocks split at block-level elements and collapse whitespace") {
  Document doc = segment("<html><body><div>Intro <b>bold</b>\n text<p>First   para</p>tail</div></body></html>");
  CHECK(texts(doc) == std::vector<std::string>{"Intro bold text", "First para", "tail"});
}

TEST_CASE("block kinds, heading levels and list depth") {
  Document doc = segment("<h2>Title</h2><ul><li>one<ul><li>two</li></ul></li></ul><pre>a\n  b</pre>"
                         "<blockquote>quoted</blockquote><table><tr><td>cell</td></tr></table>");
  REQUIRE(doc.blocks.size() == 6);
  CHECK(doc.blocks[0].kind == BlockKind::heading);
  CHECK(doc.blocks[0].heading_level == 2);
  CHECK(doc.blocks[1].kind == BlockKind::list_item);
  CHECK(doc.blocks[1].list_depth == 1);
  CHECK(doc.blocks[2].list_depth == 2);
  CHECK(doc.blocks[3].kind == BlockKind::code);
  CHECK(doc.blocks[3].text == "a\n  b");
  CHECK(doc.blocks[4].kind == BlockKind::quote);
  CHECK(doc.blocks[5].kind == BlockKind::table_cell);
  CHECK(doc.blocks[5].row != 0);
}

TEST_CASE("link text is measured and structure bits are inherited") {
  Document doc = segment("<nav><p><a href=x>Home</a> and more</p></nav><footer><p>foot</p></footer>");
  REQUIRE(doc.blocks.size() == 2);
  CHECK(doc.blocks[0].link_chars == 4);
  CHECK(doc.blocks[0].chars == 13);
  CHECK((doc.blocks[0].structure & kInNav) != 0);
  CHECK((doc.blocks[1].structure & kInFooter) != 0);
}

TEST_CASE("only an <a> with an href that goes somewhere is link text") {
  for (html::ParserKind parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    Document doc = segment("<p><a name=top>Top</a> of the page</p>"
                           "<p><a href=\"javascript:void(0)\">Open</a> the map</p>"
                           "<p><a href=\" JavaScript:show()\">Show</a> all</p>"
                           "<p><a href=/next>Next</a> page</p>"
                           "<p><a href=\"javascript:\" href=/other>Run</a> it</p>"
                           "<p><a href=#notes>Notes</a> below</p>",
                           parser);
    REQUIRE(doc.blocks.size() == 6);
    CHECK(doc.blocks[0].link_chars == 0);  // a named anchor marks a place
    CHECK(doc.blocks[1].link_chars == 0);  // a script runs where it is clicked
    CHECK(doc.blocks[2].link_chars == 0);  // leading space, any case
    CHECK(doc.blocks[3].link_chars == 4);
    CHECK(doc.blocks[4].link_chars == 0);  // the first href is the element's
    CHECK(doc.blocks[5].link_chars == 5);  // a link within the page is still a link
  }
}

TEST_CASE("a block is trimmed of all of HTML's whitespace, form feeds inside pre included") {
  for (html::ParserKind parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    Document doc = segment("<pre>\f\n  code\f</pre><p>\fplain\f</p>", parser);
    CHECK(texts(doc) == std::vector<std::string>{"code", "plain"});
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].chars == 4);
  }
}

TEST_CASE("hidden subtrees, scripts and styles give no text") {
  Document doc = segment("<p>seen</p><div hidden>no</div><div style='display: none'>no</div>"
                         "<p aria-hidden=true>no</p><script>var x;</script><style>p{}</style><p>also seen</p>");
  CHECK(texts(doc) == std::vector<std::string>{"seen", "also seen"});
}

TEST_CASE("ruby readings and their fallback parentheses are not the text") {
  // rt and rp end each other without end tags; both parsers agree.
  const char* html = "<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</ruby>を読む</p>"
                     "<p>base <ruby>text<rt>annotation</ruby> only</p>";
  for (html::ParserKind parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    CHECK(texts(segment(html, parser)) == std::vector<std::string>{"漢字を読む", "base text only"});
  }
}

TEST_CASE("a noscript that is all its parent shows, and holds prose, is read in its place") {
  const std::string prose =
      "The river rose overnight and the ferry stayed on the far bank until noon, when the pilot "
      "judged the current slow enough to cross with the morning's mail and two carts of hay.";
  const std::string fallback = "<noscript><p>" + prose + "</p><p>Second <b>part</b>.</p></noscript>";
  for (html::ParserKind parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    CAPTURE(static_cast<int>(parser));
    // A script fills the post body; the noscript beside it is the post.
    CHECK(texts(segment("<h1>Title</h1><div class=post><script>render()</script>" + fallback +
                            "</div><p>after</p>",
                        parser)) == std::vector<std::string>{"Title", prose, "Second part.", "after"});
    // The parent shows text of its own, before or after: the noscript is a spare.
    CHECK(texts(segment("<div>Lead " + fallback + "</div>", parser)) == std::vector<std::string>{"Lead"});
    CHECK(texts(segment("<div>" + fallback + "<p>Shown</p></div>", parser)) ==
          std::vector<std::string>{"Shown"});
    // A plea to turn scripts on, bare text, escaped markup, a tracking pixel: no prose.
    CHECK(texts(segment("<div><noscript><p>Please enable JavaScript to watch this video.</p></noscript></div>",
                        parser))
              .empty());
    CHECK(texts(segment("<div><noscript>" + prose + "</noscript></div>", parser)).empty());
    CHECK(texts(segment("<div><noscript>&lt;p&gt;" + prose + "&lt;/p&gt;</noscript></div>", parser)).empty());
    CHECK(texts(segment("<div><noscript><img src=pixel.gif width=1 height=1></noscript></div><p>next</p>",
                        parser)) == std::vector<std::string>{"next"});
    // Mostly link text is no prose either.
    CHECK(texts(segment("<div><noscript><p><a href=/thread>" + prose + "</a></p></noscript></div>", parser))
              .empty());
  }
  // The fallback's own head content and unclosed elements stay inside it.
  // (Gumbo nests the rest of such a page inside the noscript: see
  // test_fast_tokenizer.cpp.)
  CHECK(texts(segment("<div><noscript><link rel=x><p>" + prose + "<div><b>open</noscript></div><p>later</p>",
                      html::ParserKind::fast)) == std::vector<std::string>{prose, "open", "later"});
  // A fallback nested 100,000 deep is read without recursion; one past 1 MiB
  // of markup is no fallback, and the page goes on after it.
  std::string deep = "<div><noscript>";
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "<p>" + prose + "</p></noscript></div><p>after</p>";
  CHECK(texts(segment(deep, html::ParserKind::fast)) == std::vector<std::string>{prose, "after"});
  std::string huge = "<div><noscript>";
  while (huge.size() < (1u << 20) + 1000) huge += "<p>" + prose + "</p>";
  huge += "</noscript></div><p>after</p>";
  CHECK(texts(segment(huge, html::ParserKind::fast)) == std::vector<std::string>{"after"});
}

TEST_CASE("the block after a visible image is marked; a hidden image and later blocks are not") {
  const char* html = "<p>before</p><figure><img src=a.jpg><figcaption>The bridge at dawn</figcaption></figure>"
                     "<p>after the caption</p><picture><source srcset=b.jpg></picture><p>under a picture</p>"
                     "<div hidden><img src=c.jpg></div><p>after a hidden image</p>";
  for (html::ParserKind parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    Document doc = segment(html, parser);
    REQUIRE(doc.blocks.size() == 5);
    CHECK((doc.blocks[0].structure & kAfterImage) == 0);
    CHECK((doc.blocks[1].structure & kAfterImage) != 0);
    CHECK((doc.blocks[2].structure & kAfterImage) == 0);
    CHECK((doc.blocks[3].structure & kAfterImage) != 0);
    CHECK((doc.blocks[4].structure & kAfterImage) == 0);
  }
}

TEST_CASE("br breaks a block; a single br marks a line break") {
  Document doc = segment("<p>line one<br>line two<br><br>para two</p>");
  REQUIRE(doc.blocks.size() == 3);
  CHECK(doc.blocks[1].line_break_before);
  CHECK_FALSE(doc.blocks[2].line_break_before);
}

TEST_CASE("page metadata is read from the head") {
  Document doc = segment(
      "<html lang='de-DE'><head><title> A  title </title><link rel=canonical href='https://x.example/a'>"
      "<meta property='og:site_name' content='X'><meta name=author content='Ann Lee'>"
      "<meta property='article:published_time' content='2024-05-06T07:08:09Z'></head>"
      "<body><h1>Head line</h1></body></html>");
  CHECK(doc.meta.title == "A title");
  CHECK(doc.meta.canonical_url == "https://x.example/a");
  CHECK(doc.meta.og_site_name == "X");
  CHECK(doc.meta.author == "Ann Lee");
  CHECK(doc.meta.published == "2024-05-06T07:08:09Z");
  CHECK(doc.meta.language == "de-DE");
  CHECK(doc.meta.h1s == std::vector<std::string>{"Head line"});
}

TEST_CASE("class and id names become hints") {
  Document doc = segment("<div class='social-share'><p>x</p></div><div id='articleBody'><p>y</p></div>");
  REQUIRE(doc.blocks.size() == 2);
  CHECK((doc.blocks[0].hints & kHintShare) != 0);
  CHECK((doc.blocks[1].hints & kHintArticleBody) != 0);
}

TEST_CASE("the block budget ends the page with a note") {
  std::string html;
  for (int i = 0; i < 50; ++i) html += "<p>p" + std::to_string(i) + "</p>";
  Document doc;
  HtmlSegmenter segmenter;
  segmenter.segment(html, html::ParserKind::gumbo, 10, doc);
  CHECK(doc.blocks.size() == 10);
  CHECK(doc.notes.size() == 1);
}

TEST_CASE("deeply nested elements segment without recursion") {
  // Gumbo is quadratic in depth, so it gets 10,000 levels; the fast tokenizer 100,000.
  for (auto [parser, depth] : {std::pair{html::ParserKind::gumbo, 10000}, std::pair{html::ParserKind::fast, 100000}}) {
    std::string html = "<body>";
    for (int i = 0; i < depth; ++i) html += "<div>";
    html += "deep";
    Document doc = segment(html, parser);
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == "deep");
  }
}

TEST_CASE("a noscript's nesting counts toward the depth past which Gumbo is not used") {
  // Gumbo reads a noscript's content as markup: 20,000 levels there took it
  // half a second, 100,000 would take seconds. The fast parser takes over.
  std::string html = "<body><div><noscript>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "</noscript></div><p>after</p>";
  Document doc = segment(html, html::ParserKind::gumbo);
  CHECK(texts(doc) == std::vector<std::string>{"after"});
  REQUIRE(doc.notes.size() == 1);
  CHECK(doc.notes[0].find("parsed with the fast parser") != std::string::npos);
}

TEST_CASE("plain text: lines are blocks, blank lines separate paragraphs") {
  Document doc;
  segment_plain_text("first line\nsecond  line\n\n\nnew para\r\n", 1000, doc);
  REQUIRE(doc.blocks.size() == 3);
  CHECK(doc.blocks[1].text == "second line");
  CHECK(doc.blocks[1].line_break_before);
  CHECK(doc.blocks[2].text == "new para");
  CHECK_FALSE(doc.blocks[2].line_break_before);
}

TEST_CASE("plain text: whitespace collapses, code points are counted, buffers reused across pages") {
  Document doc;
  segment_plain_text("  \xC2\xA0lead\t and \x0b\x0ctrail  \r\n\xC2\xA0\r\nna\xC3\xAFve caf\xC3\xA9\xC2 x", 1000, doc);
  REQUIRE(doc.blocks.size() == 2);
  CHECK(doc.blocks[0].text == "lead and trail");
  CHECK(doc.blocks[0].chars == 14);
  CHECK_FALSE(doc.blocks[1].line_break_before);  // the NBSP-only line was blank
  CHECK(doc.blocks[1].text == "na\xC3\xAFve caf\xC3\xA9\xC2 x");  // a lone 0xC2 is kept
  CHECK(doc.blocks[1].chars == 13);
  // A shorter page next: nothing of the longer one's blocks is left over.
  segment_plain_text("one\ntwo three", 1000, doc);
  REQUIRE(doc.blocks.size() == 2);
  CHECK(doc.blocks[0].text == "one");
  CHECK(doc.blocks[1].text == "two three");
  CHECK(doc.blocks[1].line_break_before);
  CHECK(doc.elements[0].block_end == 2);
  segment_plain_text("a\nb\nc", 2, doc);
  CHECK(doc.blocks.size() == 2);
  REQUIRE(doc.notes.size() == 1);
}

TEST_CASE("an id made from a heading's words names nothing; a template id does") {
  for (auto parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    Document doc = segment("<div id='evolve-shared-mutable-history'><p>Text one.</p></div>"
                           "<div id='yn-story-related-content'><p>Text two.</p></div>"
                           "<div id='share-this-post'><p>Text three.</p></div>", parser);
    REQUIRE(doc.blocks.size() == 3);
    CHECK((doc.blocks[0].hints & kHintShare) == 0);
    CHECK((doc.blocks[1].hints & kHintRelated) != 0);
    CHECK((doc.blocks[2].hints & kHintShare) != 0);
  }
}

TEST_CASE("template names hash alike across pages whatever their numbers") {
  Document a = segment("<div class='post-4781 entry'><p>One.</p></div>");
  Document b = segment("<div class='post-5019 entry'><p>Two.</p></div>");
  Document c = segment("<div class='post-5019 other'><p>Two.</p></div>");
  REQUIRE(a.elements.size() == b.elements.size());
  // The block's container is the <p>; its parent is the named <div>.
  const Element& ea = a.elements[a.elements[a.blocks[0].element].parent];
  const Element& eb = b.elements[b.elements[b.blocks[0].element].parent];
  const Element& ec = c.elements[c.elements[c.blocks[0].element].parent];
  CHECK(ea.name_hash != 0);
  CHECK(ea.name_hash == eb.name_hash);
  CHECK(ea.name_hash != ec.name_hash);
}

namespace {
// The collapsing rule one byte at a time, as the segmenter's scalar path
// applies it: the reference for its 16-bytes-at-a-time path.
std::string collapse_reference(std::string_view line, std::uint32_t& chars) {
  std::string out;
  chars = 0;
  bool pending = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool nbsp = c == 0xC2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0xA0;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || nbsp) {
      pending = !out.empty();
      i += nbsp;
      continue;
    }
    if (pending) {
      out.push_back(' ');
      ++chars;
      pending = false;
    }
    out.push_back(static_cast<char>(c));
    chars += (c & 0xC0) != 0x80;
  }
  return out;
}
}  // namespace

TEST_CASE("plain text: long lines collapse as byte by byte, wherever whitespace falls") {
  // Pieces that meet the 16-byte stretches at every offset: words, single
  // and double spaces, tabs, no-break spaces, a lone 0xC2, controls and
  // multi-byte letters.
  const std::vector<std::string> pieces = {"a", "word", "caf\xC3\xA9", " ", " ", " ", "  ", "\t", "\xC2\xA0",
                                           "\xC2", "\x01", "\xE6\x97\xA5", "0123456789abcdef", "\r", "x\x0by"};
  std::uint64_t x = 99;
  winnow::Document doc;
  for (int round = 0; round < 3000; ++round) {
    std::string line;
    const int count = round % 40;
    for (int k = 0; k < count; ++k) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      line += pieces[(x >> 33) % pieces.size()];
    }
    std::uint32_t chars = 0;
    const std::string expected = collapse_reference(line, chars);
    segment_plain_text(line, 1000, doc);
    if (expected.empty()) {
      CHECK(doc.blocks.empty());
      continue;
    }
    REQUIRE(doc.blocks.size() == 1);
    CHECK(doc.blocks[0].text == expected);
    CHECK(doc.blocks[0].chars == chars);
  }
}
