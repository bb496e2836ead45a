// The fast tokenizer: feature tests, robustness, and the differential check
// against the Gumbo reference on text placement.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "html/char_refs.hpp"
#include "html/html_events.hpp"

using namespace winnow::html;

namespace {

// Serialises the event stream compactly and checks nesting as it goes.
class Serializer : public EventHandler {
 public:
  std::string out;
  std::vector<std::string> open;
  bool nesting_ok = true;
  bool with_attributes = true;

  void open_element(Tag, std::string_view name, std::span<const Attribute> attributes) override {
    out += '<';
    out += name;
    if (with_attributes) {
      for (const Attribute& a : attributes) {
        out += ' ';
        out += a.name;
        out += "=\"";
        out += a.value;
        out += '"';
      }
    }
    out += '>';
    open.emplace_back(name);
  }
  void close_element(Tag, std::string_view name) override {
    if (open.empty() || open.back() != name) nesting_ok = false;
    if (!open.empty()) open.pop_back();
    out += "</";
    out += name;
    out += '>';
  }
  void text(std::string_view utf8) override { out += utf8; }
};

std::string fast(std::string_view html, bool attributes = true) {
  Serializer s;
  s.with_attributes = attributes;
  parse_with_fast_tokenizer(html, s);
  REQUIRE(s.nesting_ok);
  REQUIRE(s.open.empty());
  return s.out;
}

std::string gumbo(std::string_view html, bool attributes = true) {
  Serializer s;
  s.with_attributes = attributes;
  parse_with_gumbo(html, s);
  return s.out;
}

// The body's serialisation, for tests that do not care about html/head.
std::string body_of(std::string_view html) {
  std::string all = fast(html);
  auto start = all.find("<body>");
  auto end = all.rfind("</body>");
  if (start == std::string::npos || end == std::string::npos) return "<no body>" + all;
  return all.substr(start + 6, end - start - 6);
}

bool is_block(std::string_view n) {
  static const char* const kBlocks[] = {
      "html", "head", "body", "p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
      "pre", "blockquote", "title", "dd", "dt", "section", "article", "header", "footer", "nav",
      "aside", "main", "figure", "figcaption", "caption", "ul", "ol", "dl", "address",
      "center", "fieldset", "legend", "option", "textarea", "button", "xmp", "listing",
      "plaintext", "details", "summary", "menu", "hgroup", "select"};
  for (const char* b : kBlocks) {
    if (n == b) return true;
  }
  return false;
}

bool is_hidden(std::string_view n) {
  return n == "script" || n == "style" || n == "template" || n == "noscript" || n == "iframe" ||
         n == "noembed" || n == "noframes";
}

// Groups text by nearest enclosing block element (form is not one: HTML5
// can end a form in the middle of the stack, which no event stream shows); a block's text excludes
// that of nested blocks. Whitespace is collapsed, empty blocks dropped.
class BlockRecorder : public EventHandler {
 public:
  std::vector<std::string> blocks;
  bool nesting_ok = true;

  void open_element(Tag, std::string_view name, std::span<const Attribute>) override {
    frames_.push_back({std::string(name), is_block(name), hidden_ > 0 || is_hidden(name)});
    if (frames_.back().hidden) ++hidden_;
    if (frames_.back().block) texts_.emplace_back();
  }
  void close_element(Tag, std::string_view name) override {
    if (frames_.empty() || frames_.back().name != name) {
      nesting_ok = false;
      return;
    }
    if (frames_.back().hidden) --hidden_;
    if (frames_.back().block) {
      std::string collapsed = collapse(texts_.back());
      texts_.pop_back();
      if (!collapsed.empty()) blocks.push_back(std::move(collapsed));
    }
    frames_.pop_back();
  }
  void text(std::string_view utf8) override {
    if (hidden_ > 0) return;
    if (texts_.empty()) texts_.emplace_back();  // text outside any block
    texts_.back().append(utf8);
  }
  void finish() {
    while (!texts_.empty()) {
      std::string collapsed = collapse(texts_.back());
      texts_.pop_back();
      if (!collapsed.empty()) blocks.push_back(std::move(collapsed));
    }
    std::sort(blocks.begin(), blocks.end());
  }

  static std::string collapse(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }

 private:
  struct Frame {
    std::string name;
    bool block;
    bool hidden;
  };
  std::vector<Frame> frames_;
  std::vector<std::string> texts_;
  int hidden_ = 0;
};

struct Agreement {
  std::size_t matched = 0;
  std::size_t total = 0;
};

// Multiset intersection of the two pages' block texts.
Agreement compare_page(std::string_view html, std::vector<std::string>* only_gumbo = nullptr,
                       std::vector<std::string>* only_fast = nullptr) {
  BlockRecorder g, f;
  parse_with_gumbo(html, g);
  parse_with_fast_tokenizer(html, f);
  g.finish();
  f.finish();
  CHECK(f.nesting_ok);
  Agreement a;
  a.total = std::max(g.blocks.size(), f.blocks.size());
  std::vector<std::string> common;
  std::set_intersection(g.blocks.begin(), g.blocks.end(), f.blocks.begin(), f.blocks.end(),
                        std::back_inserter(common));
  a.matched = common.size();
  if (only_gumbo != nullptr) {
    std::set_difference(g.blocks.begin(), g.blocks.end(), f.blocks.begin(), f.blocks.end(),
                        std::back_inserter(*only_gumbo));
  }
  if (only_fast != nullptr) {
    std::set_difference(f.blocks.begin(), f.blocks.end(), g.blocks.begin(), g.blocks.end(),
                        std::back_inserter(*only_fast));
  }
  return a;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Small documents exercising the constructs the tree builder handles; the
// differential test runs on all of them.
const char* const kFixtures[] = {
    "<!DOCTYPE html><html><head><title>T &amp; U</title></head><body><p>One<p>Two</body></html>",
    "<p>a<div>b</div>c",
    "<ul><li>one<li>two<ul><li>nested</ul><li>three</ul>",
    "<dl><dt>term<dd>def<dt>term2<dd>def2</dl>",
    "<table><tr><td>a<td>b<tr><td>c</table>",
    "<table><caption>cap</caption><thead><tr><th>h<tbody><tr><td>x</td></tr></table>",
    "<p>quirks<table><tr><td>cell</table>after",
    "<!DOCTYPE html><p>standards<table><tr><td>cell</table>after",
    "<table>stray<tr><td>cell</td></tr></table>",
    "<div><table><tr><td>x</div>y</td></tr></table>z",
    "<select><option>a<option>b<optgroup label=g><option>c</select>",
    "<h1>head<h2>sub</h2>text",
    "<a href=x>one<a href=y>two</a>",
    "<b>bold<p>para</b>still</p>",
    "<pre>\n  code\n</pre><blockquote>quote<p>inner</blockquote>",
    "<title>A <b>not bold</b> &lt;x&gt;</title><textarea>t &amp; <p>raw</textarea>",
    "<script>if (a < b) { document.write('</p>'); }</script><p>after script",
    "<script><!-- document.write('<script>x</script>'); --></script><p>visible",
    "<style>p { color: red }</style><p>styled",
    "<xmp><b>literal</b></xmp>",
    "<body><noscript><p>no js</p></noscript><p>js",
    "<template><p>inert</p></template><p>live",
    "<svg><title>icon</title><path d='M0'/><text>svg text</text></svg><p>after",
    "<math><mi>x</mi><![CDATA[raw]]></math><p><![CDATA[bogus]]>html",
    "<p>copy &copy; &copy &notit; &notin; &#169; &#xA9; &#x80; &#0; &#xD800; &#1114112;",
    "<p>&amp &lt &gt &quot &AMP; &unknown; & ; &#; &#x;",
    "<p title='a &notit=b' data-x=\"&amp;\">attr</p>",
    "<div CLASS=A class=b ID=c>dup</div>",
    "<p>one<!-- comment -->two<!---->three<!-->four<?php x ?>five</ >six</p>",
    "<my-widget data-x=1>custom</my-widget><MY-WIDGET>upper</my-widget>",
    "<p>text</br>more<br/>end",
    "</p><p>x",
    "<button>b<button>c</button>",
    "<form><p>in form<form>nested</form>",
    "<frameset><frame src=a></frameset>",
    "<div>unclosed<span>deep<b>deeper",
    "<head><meta charset=utf-8><link rel=x></head><body class=c>body</body></html>trailing",
    "<body><p>a</body><p>after body",
    "text before <html> html",
    "<plaintext><p>not a tag</p>",
    "<p>\xC3\xA9t\xC3\xA9 \xFF\xFE bad \xE2\x82 trunc \xED\xA0\x80 surrogate\xF0\x9F\x98\x80 ok",
    "<p>nul\0byte</p>",
    "<div cl",
    "<!--",
    "<p>unterminated <!-- comment",
    "<ol><li>a<p>b<li>c</ol>",
    "<table><tr><td><table><tr><td>inner</table>outer</td></tr></table>",
    "<table><tr><td>a</td><td><select><option>s</select></td></tr></table>",
    "<select><script>x</script>after<style>y</style><option>o</select>",
    "<select><td><title>t</title><option>o</select>after",
    "<script>s</script >after script",
    "<svg><script>s</script>after svg script</svg>",
    "<table><tr><td><select><option>a<td>b</table>",
    "<p><span>x</p><p>y</span></p>",
    "<h3>x<p>y</h3>z",
    "<center>c<p>p</center>",
    "<p>a<hr>b",
    "<object><p>in object</object>out",
    "<textarea>\n\nfirst</textarea>",
    "<iframe><p>hidden</p></iframe><p>visible",
};

}  // namespace

TEST_CASE("fast tokenizer: implicit html, head and body") {
  CHECK(fast("") == "<html><head></head><body></body></html>");
  CHECK(fast("hello") == "<html><head></head><body>hello</body></html>");
  CHECK(fast("<title>t</title><p>x") ==
        "<html><head><title>t</title></head><body><p>x</p></body></html>");
  CHECK(fast("<html lang=en><body class=a>x") ==
        "<html lang=\"en\"><head></head><body class=\"a\">x</body></html>");
  CHECK(fast("  <meta charset=utf-8>  <div>x</div>") ==
        "<html><head><meta charset=\"utf-8\"></meta></head><body><div>x</div></body></html>");
}

TEST_CASE("fast tokenizer: named character references") {
  CHECK(body_of("&amp;&lt;&gt;&quot;&apos;") == "&<>\"'");
  CHECK(body_of("&copy; &copy &COPY;") == "\xC2\xA9 \xC2\xA9 \xC2\xA9");
  CHECK(body_of("&notit;") == "\xC2\xACit;");  // legacy prefix
  CHECK(body_of("&notin;") == "\xE2\x88\x89");
  CHECK(body_of("&unknownentity; & x") == "&unknownentity; & x");
  CHECK(body_of("&NotNestedGreaterGreater;") == "\xE2\xAA\xA2\xCC\xB8");
  CHECK(body_of("&amp") == "&");
  CHECK(find_named_entity("amp;") != nullptr);
  CHECK(find_named_entity("amp") != nullptr);
  CHECK(find_named_entity("notin") == nullptr);  // requires ';'
  // Exact names only, from both ends of the table and the longest one.
  CHECK(std::string_view(find_named_entity("AElig")) == "\xC3\x86");
  CHECK(std::string_view(find_named_entity("zwnj;")) == "\xE2\x80\x8C");
  CHECK(std::string_view(find_named_entity("CounterClockwiseContourIntegral;")) == "\xE2\x88\xB3");
  CHECK(find_named_entity("zwn") == nullptr);
  CHECK(find_named_entity("zwnj;;") == nullptr);
  CHECK(find_named_entity("Amp;") == nullptr);
  CHECK(find_named_entity("") == nullptr);
}

TEST_CASE("fast tokenizer: numeric character references") {
  CHECK(body_of("&#65;&#x42;&#X43;") == "ABC");
  CHECK(body_of("&#x80;&#150;") == "\xE2\x82\xAC\xE2\x80\x93");  // windows-1252 mapping
  CHECK(body_of("&#0;") == "\xEF\xBF\xBD");
  CHECK(body_of("&#xD800;") == "\xEF\xBF\xBD");
  CHECK(body_of("&#x110000;") == "\xEF\xBF\xBD");
  CHECK(body_of("&#99999999999999999999;") == "\xEF\xBF\xBD");
  CHECK(body_of("&#; &#x; &#xZ") == "&#; &#x; &#xZ");
  CHECK(body_of("&#x1F600") == "\xF0\x9F\x98\x80");
}

TEST_CASE("fast tokenizer: attributes") {
  CHECK(body_of("<a HREF='x' title=\"a b\" data-x=y checked>t</a>") ==
        "<a href=\"x\" title=\"a b\" data-x=\"y\" checked=\"\">t</a>");
  CHECK(body_of("<a id=1 ID=2 id=3>t</a>") == "<a id=\"1\">t</a>");
  CHECK(body_of("<a title='&notit=x' alt='&not x' x='&amp;y'>t</a>") ==
        "<a title=\"&notit=x\" alt=\"\xC2\xAC x\" x=\"&y\">t</a>");
  CHECK(body_of("<a href=x/>t") == "<a href=\"x/\">t</a>");
  CHECK(body_of("<div/>x") == "<div>x</div>");
}

TEST_CASE("fast tokenizer: comments, doctype and bogus comments") {
  CHECK(body_of("a<!-- c -->b<!---->c<!-->d<!--->e") == "abcde");
  CHECK(body_of("a<!-- x --!>b") == "ab");
  CHECK(body_of("a<?xml x?>b</ junk>c</>d") == "abcd");
  CHECK(body_of("a<!DOCTYPE html>b") == "ab");
  CHECK(body_of("a<![CDATA[x>y]]>b") == "ay]]>b");  // bogus comment up to the first '>'
  CHECK(body_of("a<!-- never closed") == "a");
  CHECK(body_of("a < b <3") == "a < b <3");
}

TEST_CASE("fast tokenizer: raw text elements") {
  CHECK(fast("<script>var a = '<p>';</script>x") ==
        "<html><head><script></script></head><body>x</body></html>");
  CHECK(body_of("<p><style>p{}</style>") == "<p><style></style></p>");
  CHECK(body_of("<p><title>a &amp; <b>b</b></title>") == "<p><title>a & <b>b</b></title></p>");
  CHECK(body_of("<textarea>&lt;p&gt;</textarea>") == "<textarea><p></textarea>");
  CHECK(body_of("<xmp>&amp;<b></xmp>") == "<xmp>&amp;<b></xmp>");
  CHECK(body_of("<iframe><p>x</p></iframe>") == "<iframe></iframe>");
  CHECK(body_of("<plaintext>a</plaintext><b>") == "<plaintext>a</plaintext><b></plaintext>");
  CHECK(body_of("<p><script><!--<script>a</script>b--></script>c") == "<p><script></script>c</p>");
  CHECK(body_of("<p><script>a</scripty></script >c") == "<p><script></script>c</p>");
  CHECK(body_of("<div><script>unterminated") == "<div><script></script></div>");
}

TEST_CASE("fast tokenizer: foreign content") {
  CHECK(body_of("<svg><path d='x'/><text>t</text></svg>") ==
        "<svg><path d=\"x\"></path><text>t</text></svg>");
  CHECK(body_of("<svg><![CDATA[a<b]]></svg>") == "<svg>a<b</svg>");
  CHECK(body_of("<svg><g><p>out") == "<svg><g></g></svg><p>out</p>");
  // A spaced end tag closes an svg script too (Gumbo loses the text after it).
  CHECK(body_of("<svg><script>s</script >after</svg>") == "<svg><script></script>after</svg>");
}

TEST_CASE("fast tokenizer: implied end tags and scopes") {
  CHECK(body_of("<p>a<div>b</div>c") == "<p>a</p><div>b</div>c");
  CHECK(body_of("<p>a<p>b") == "<p>a</p><p>b</p>");
  CHECK(body_of("<ul><li>a<li>b</ul>") == "<ul><li>a</li><li>b</li></ul>");
  CHECK(body_of("<li>a<div><li>b") == "<li>a<div></div></li><li>b</li>");
  CHECK(body_of("<dl><dt>a<dd>b<dt>c</dl>") == "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>");
  CHECK(body_of("<select><option>a<option>b</select>") ==
        "<select><option>a</option><option>b</option></select>");
  // A script inside a select closes at its end tag (text after it is text).
  CHECK(body_of("<select><script></script>>") == "<select><script></script>></select>");
  CHECK(body_of("<h1>a<h2>b") == "<h1>a</h1><h2>b</h2>");
  CHECK(body_of("<h1>a</h2>b") == "<h1>a</h1>b");
  CHECK(body_of("<a>1<a>2") == "<a>1</a><a>2</a>");
  CHECK(body_of("<br></br>") == "<br></br><br></br>");
  CHECK(body_of("<div></p></div>") == "<div><p></p></div>");
  CHECK(body_of("</div></span>x") == "x");
  CHECK(body_of("<div><span>a</div>b") == "<div><span>a</span></div>b");
  CHECK(body_of("<table><tr><td>a</td></tr></table>") ==
        "<table><tbody><tr><td>a</td></tr></tbody></table>");
  CHECK(body_of("<table><td>a<td>b<tr><th>c</table>") ==
        "<table><tbody><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></tbody></table>");
  CHECK(body_of("<td>x") == "x");
  CHECK(body_of("<div><table><tr><td>x</div>y</table>") ==
        "<div><table><tbody><tr><td>xy</td></tr></tbody></table></div>");
  CHECK(body_of("<button>a<button>b") == "<button>a</button><button>b</button>");
  CHECK(body_of("<my-Widget>x</MY-WIDGET>") == "<my-widget>x</my-widget>");
}

TEST_CASE("fast tokenizer: quirks mode and forms follow the Gumbo reference") {
  // No doctype: quirks, a table does not close the paragraph.
  CHECK(body_of("<p>a<table></table>") == "<p>a<table></table></p>");
  CHECK(body_of("<!DOCTYPE html><p>a<table></table>") == "<p>a</p><table></table>");
  // Gumbo 0.10 treats legacy public identifiers as no-quirks.
  CHECK(body_of("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//EN\"><p>a<table></table>") ==
        "<p>a</p><table></table>");
  CHECK(body_of("<!DOCTYPE foo><p>a<table></table>") == "<p>a<table></table></p>");
  // </form> clears the form pointer even when the form stays open.
  CHECK(body_of("<form><b><p>x</form>y<form>z") ==
        "<form><b><p>x</p>y<form>z</form></b></form>");
}

TEST_CASE("fast tokenizer: deep nesting stays iterative and linear") {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep";
  for (int i = 0; i < 100000; ++i) html += "</span>";  // stray, each O(1)
  for (int i = 0; i < 100000; ++i) html += "</div>";
  Serializer s;
  parse_with_fast_tokenizer(html, s);
  CHECK(s.nesting_ok);
  CHECK(s.open.empty());
  CHECK(s.out.find("deep") != std::string::npos);

  std::string unknown;
  for (int i = 0; i < 50000; ++i) unknown += "<x" + std::to_string(i) + ">";
  for (int i = 0; i < 50000; ++i) unknown += "</y>";
  Serializer u;
  parse_with_fast_tokenizer(unknown, u);
  CHECK(u.nesting_ok);
  CHECK(u.open.empty());
}

TEST_CASE("fast tokenizer: truncated and junk input") {
  for (const char* html : {"<div cl", "<div class='x", "<!--", "<!DOCTYPE", "<", "</", "&",
                           "&#", "&#x", "<script>", "<title>x", "<svg><![CDATA[", "<a b=",
                           "<p>x</p", "<!-->", "<?", "</>"}) {
    Serializer s;
    parse_with_fast_tokenizer(html, s);
    CHECK(s.nesting_ok);
    CHECK(s.open.empty());
  }
  std::string junk;
  std::uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    junk.push_back(static_cast<char>(x >> 24));
    if (i % 97 == 0) junk += "<div a='&amp";
    if (i % 131 == 0) junk += "</td><tr><svg><table>";
  }
  Serializer s;
  parse_with_fast_tokenizer(junk, s);
  CHECK(s.nesting_ok);
  CHECK(s.open.empty());
}

TEST_CASE("fast tokenizer: invalid UTF-8 becomes U+FFFD like Gumbo") {
  const char* html = "<p>a\xFF" "b\xE2\x82<i>c\xC0\xAF" "d\xED\xA0\x80" "e\xF4\x90</p>";
  CHECK(fast(html) == gumbo(html));
}

TEST_CASE("fast tokenizer: stops when the handler has enough") {
  struct Limited : Serializer {
    int opens = 0;
    void open_element(Tag t, std::string_view n, std::span<const Attribute> a) override {
      ++opens;
      Serializer::open_element(t, n, a);
    }
    bool wants_more() const override { return opens < 5; }
  } limited;
  parse_with_fast_tokenizer("<div><p>a<p>b<p>c<p>d<p>e<p>f</div>", limited);
  CHECK(limited.nesting_ok);
  CHECK(limited.open.empty());
  CHECK(limited.opens == 5);
  CHECK(limited.out.find('f') == std::string::npos);
}

// Browsers run with scripting on and read <noscript> as unparsed text; Gumbo
// parses it as markup (scripting off). The fast path follows the browser, so
// markup inside a noscript can neither show nor hold the rest of the page.
TEST_CASE("fast tokenizer: noscript is unparsed text, as in a browser") {
  // In the head, Gumbo's <p> would end the noscript and show "no js".
  CHECK(fast("<noscript><p>no js</p></noscript><p>js") ==
        "<html><head><noscript></noscript></head><body><p>js</p></body></html>");
  // An element left open inside noscript does not swallow what follows.
  const std::string swallowed = "<body><noscript><div id=x></noscript><p>after</p><p>more";
  CHECK(fast(swallowed).find("<p>after</p><p>more</p>") != std::string::npos);
  // Gumbo (scripting off) nests the rest of the page in the noscript; its
  // producer delivers none of what Gumbo put there.
  CHECK(gumbo(swallowed) == "<html><head></head><body><noscript></noscript></body></html>");
  CHECK(fast("<body><noscript>a < b & <i>c</noscript>d") ==
        "<html><head></head><body><noscript></noscript>d</body></html>");
}

TEST_CASE("fast tokenizer: agrees with Gumbo on fixtures") {
  std::size_t matched = 0, total = 0;
  for (const char* html : kFixtures) {
    std::string_view doc(html);
    if (doc == "<p>nul") doc = std::string_view("<p>nul\0byte</p>", 15);
    std::vector<std::string> only_g, only_f;
    Agreement a = compare_page(doc, &only_g, &only_f);
    matched += a.matched;
    total += a.total;
    CHECK_MESSAGE(a.matched == a.total, "fixture " << html << "\n gumbo: " << gumbo(doc)
                                                   << "\n fast:  " << fast(doc));
  }
  MESSAGE("fixture block agreement: " << matched << "/" << total);
}

TEST_CASE("fast tokenizer: agrees with Gumbo on the shared corpus") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(WINNOW_SHARED_DIR) / "corpus";
  if (!fs::is_directory(root)) {
    MESSAGE("shared corpus not found at " << root.string()
                                          << ": differential test ran on fixtures only");
    return;
  }
  const bool verbose = std::getenv("WINNOW_DIFF_VERBOSE") != nullptr;
  std::size_t matched = 0, total = 0, pages = 0;
  std::vector<std::pair<std::size_t, std::string>> worst;
  for (const char* corpus : {"trafilatura-dev", "readability", "crawl-to-the-future"}) {
    const fs::path dir = root / corpus / "html";
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::string html = read_file(file);
      std::vector<std::string> only_g, only_f;
      Agreement a = compare_page(html, &only_g, &only_f);
      matched += a.matched;
      total += a.total;
      ++pages;
      if (verbose && a.matched != a.total) {
        std::ostringstream ss;
        ss << file.string() << " " << a.matched << "/" << a.total << "\n";
        for (std::size_t i = 0; i < only_g.size() && i < 4; ++i)
          ss << "  G: " << only_g[i].substr(0, 300) << "\n";
        for (std::size_t i = 0; i < only_f.size() && i < 4; ++i)
          ss << "  F: " << only_f[i].substr(0, 300) << "\n";
        worst.emplace_back(a.total - a.matched, ss.str());
      }
    }
  }
  if (verbose) {
    std::sort(worst.rbegin(), worst.rend());
    for (std::size_t i = 0; i < worst.size() && i < 25; ++i) std::fprintf(stderr, "%s", worst[i].second.c_str());
  }
  const double rate = total == 0 ? 1.0 : static_cast<double>(matched) / static_cast<double>(total);
  MESSAGE("corpus block agreement: " << matched << "/" << total << " blocks = " << rate * 100.0
                                     << "% over " << pages << " pages");
  CHECK(rate >= 0.99);
}
