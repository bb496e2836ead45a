// The vector and word-wise fast paths of the parser and segmenter against
// the byte-by-byte rules they replace: whitespace collapsing, the text scan,
// packed tag names and the attribute filter. Inputs put the interesting
// bytes on every side of the 16-byte steps and of the input's end.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "html/attribute_filter.hpp"
#include "html/html_events.hpp"
#include "html/tags.hpp"
#include "html/text_decoder.hpp"
#include "segment/html_segmenter.hpp"
#include "segment/whitespace_collapse.hpp"

using namespace winnow;

namespace {

bool html_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// The rule as first written: byte by byte.
std::string collapse_reference(std::string_view text, bool& after_space, std::uint32_t& chars) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    bool space = html_space(c);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      if (!after_space) {
        out.push_back(' ');
        ++chars;
        after_space = true;
      }
      continue;
    }
    out.push_back(static_cast<char>(c));
    chars += (c & 0xC0) != 0x80;
    after_space = false;
  }
  return out;
}

std::string collapse_fast(std::string_view text, CollapseState& state) {
  std::vector<char> room(text.size() + 16);
  char* end = collapse_whitespace(text, room.data(), state);
  return std::string(room.data(), end);
}

// Texts built from pieces that matter to the rule, of every length up to
// a few vectors.
std::vector<std::string> tricky_texts() {
  const std::vector<std::string> pieces = {"a", "word", " ", "  ", "\n", "\r\n", "\t", "\f", "\xC2\xA0",
                                           "\xC2", "\xA0", "\xC3\xA9", "\xE2\x80\x94", "\x80", "\xFF",
                                           std::string(1, '\0'), "\x0B", "\x01", "&amp;", "&", "<"};
  std::vector<std::string> texts = {"", " ", "\xC2\xA0", "\xC2", std::string(40, ' '),
                                    std::string(15, 'x') + "\xC2\xA0" + "y",
                                    std::string(16, 'x') + "\xC2\xA0", std::string(15, 'x') + "\xC2"};
  std::mt19937 rng(20261122);
  for (int n = 0; n < 3000; ++n) {
    std::string t;
    const std::size_t target = rng() % 70;
    while (t.size() < target) t += pieces[rng() % pieces.size()];
    texts.push_back(t);
  }
  return texts;
}

class Recorder : public html::EventHandler {
 public:
  std::string log;
  void open_element(html::Tag, std::string_view name, std::span<const html::Attribute> attributes) override {
    log += "<" + std::string(name);
    for (const auto& a : attributes) log += " " + std::string(a.name) + "=[" + std::string(a.value) + "]";
    log += ">";
  }
  void close_element(html::Tag, std::string_view name) override { log += "</" + std::string(name) + ">"; }
  void text(std::string_view t) override { log += t; }
};

}  // namespace

TEST_CASE("whitespace collapsing: the vector steps give the byte rule's text and counts") {
  for (const std::string& text : tricky_texts()) {
    for (bool start_after_space : {false, true}) {
      bool after = start_after_space;
      std::uint32_t chars = 7;
      const std::string expected = collapse_reference(text, after, chars);
      CollapseState state{start_after_space, 7};
      const std::string got = collapse_fast(text, state);
      REQUIRE(got == expected);
      CHECK(state.chars == chars);
      CHECK(state.after_space == after);
    }
  }
  // A run of whitespace split over two calls is still one space.
  CollapseState state{false, 0};
  std::string out = collapse_fast("one \n", state);
  out += collapse_fast("\t two", state);
  CHECK(out == "one two");
  CHECK(state.chars == 7);
}

TEST_CASE("text scan: same first byte to rewrite as the byte rule, and blank only when blank") {
  for (const std::string& text : tricky_texts()) {
    for (bool references : {true, false}) {
      html::TextOptions options;
      options.references = references;
      const std::size_t expected = html::first_dirty_byte(text, options);
      bool all_space = true;
      for (char c : text) all_space = all_space && html_space(static_cast<unsigned char>(c));
      // With room to read past the end, and with none (the run ends the input).
      std::string padded = text + std::string(16, '<');
      const html::TextScan with_room = html::scan_text(std::string_view(padded).substr(0, text.size()), options,
                                                       padded.data() + padded.size());
      const html::TextScan without = html::scan_text(text, options, text.data() + text.size());
      REQUIRE(with_room.clean == expected);
      REQUIRE(without.clean == expected);
      if (with_room.blank) CHECK(all_space);
      if (without.blank) CHECK(all_space);
      if (all_space && expected == text.size()) CHECK(with_room.blank);
    }
  }
  // A reference that straddles a 16-byte step is found where it starts.
  html::TextOptions options;
  for (std::size_t at = 10; at < 40; ++at) {
    const std::string text = std::string(at, 'x') + "&amp;" + std::string(20, 'y');
    CHECK(html::scan_text(text, options, text.data() + text.size()).clean == at);
  }
}

TEST_CASE("tag names read as two words match the byte-wise lookup") {
  std::vector<std::string> names;
  for (int i = 1; i < static_cast<int>(html::Tag::count_); ++i) {
    std::string name(html::tag_name(static_cast<html::Tag>(i)));
    names.push_back(name);
    std::string upper = name;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    names.push_back(upper);
    names.push_back(name + "x");
    names.push_back(name.substr(0, name.size() - 1));
  }
  for (std::string odd : {"d\xC4\xB1v", "h\x11", "D[V", "_", "a@", "\xC1", "blockquotes", "p\x00"}) names.push_back(odd);
  names.push_back(std::string("a\0", 2));
  for (const std::string& name : names) {
    // Whatever follows the name in the buffer must not matter.
    for (char after : {'>', ' ', 'A', '\0', '\xFF'}) {
      std::string buffer = name + std::string(16, after);
      CHECK(html::tag_from_name_at(buffer.data(), name.size()) == html::tag_from_name(name));
    }
  }
}

TEST_CASE("attribute filter: listed names in any case, nothing else, the list's spelling back") {
  static constexpr std::string_view kListed[] = {"class", "aria-hidden", "xml:lang", "data_x",
                                                  "a-very-long-attribute-name"};
  static constexpr std::string_view kExtra[] = {"face"};
  html::AttributeFilter filter;
  filter.reset(kListed, kExtra);
  CHECK_FALSE(filter.passes_all());
  auto find = [&](std::string name) {
    std::string buffer = name + std::string(16, '>');
    return filter.find(buffer.data(), name.size(), buffer.data() + buffer.size());
  };
  REQUIRE(find("class") != nullptr);
  CHECK(*find("CLASS") == "class");
  CHECK(*find("Aria-Hidden") == "aria-hidden");
  CHECK(*find("XML:LANG") == "xml:lang");
  CHECK(*find("FACE") == "face");
  CHECK(*find("data_x") == "data_x");
  CHECK(find("data\x7Fx") == nullptr);  // DEL is not '_', though both fold alike
  CHECK(find("DATA_X") != nullptr);
  CHECK(*find("A-VERY-LONG-ATTRIBUTE-NAME") == "a-very-long-attribute-name");
  for (const char* other : {"clas", "classes", "klass", "id", "width", "aria_hidden", "xml;lang", "c",
                            "cl\xE1ss"}) {
    CHECK(find(other) == nullptr);
  }
  CHECK(find(std::string("class\0", 6)) == nullptr);
  // At the very end of the input there is nothing to read past the name.
  const std::string tail = "CLASS";
  CHECK(filter.find(tail.data(), tail.size(), tail.data() + tail.size()) != nullptr);

  html::AttributeFilter all;
  all.reset({}, kExtra);
  CHECK(all.passes_all());
}

TEST_CASE("fast tokenizer: a handler that lists its attributes gets those, decoded, under lower-case names") {
  class Listing : public Recorder {
   public:
    std::span<const std::string_view> attributes_read() const override {
      static constexpr std::string_view kNames[] = {"href", "class"};
      return kNames;
    }
  };
  const std::string page =
      "<div CLASS=\"a&amp;b\" Width=3 onclick=\"x&lt;y\" class=dup><a HREF='/p?a=1&amp;b=2' Title=t>x</a></div>";
  Listing listing;
  html::parse_with_fast_tokenizer(page, listing);
  CHECK(listing.log.find("<div class=[a&b]>") != std::string::npos);
  CHECK(listing.log.find("<a href=[/p?a=1&b=2]>") != std::string::npos);
  Recorder everything;
  html::parse_with_fast_tokenizer(page, everything);
  CHECK(everything.log.find("<div class=[a&b] width=[3] onclick=[x<y]>") != std::string::npos);
  CHECK(everything.log.find("<a href=[/p?a=1&b=2] title=[t]>") != std::string::npos);
}

TEST_CASE("fast tokenizer: whitespace runs reach a handler that does not override whitespace() as text") {
  const std::string page = "<p>one</p>\n   <p>\r\n\t two \f</p>  ";
  Recorder recorder;
  html::parse_with_fast_tokenizer(page, recorder);
  CHECK(recorder.log.find("<p>one</p>\n   <p>\r\n\t two \f</p>  ") != std::string::npos);
}

TEST_CASE("segmenter: whitespace between inline elements, in titles, headings, pre and links") {
  auto segment = [](const std::string& html, html::ParserKind parser) {
    Document doc;
    HtmlSegmenter segmenter;
    segmenter.segment(html, parser, 100000, doc);
    return doc;
  };
  const std::string page =
      "<html><head><title>\n  A \t title\n</title></head><body>\n"
      "<h1>\n  Big \n  news\n</h1>\n"
      "<p><a href=\"#top\">one</a>\n   <a href=\"#next\">two</a>\r\n</p>\n"
      "<p>\xC2\xA0 lead\xC2\xA0\xC2\xA0 text &amp;\n  more&nbsp;</p>\n"
      "<pre>\n  kept\n    as is\n</pre>\n"
      "<p>" + std::string(40, ' ') + "x" + std::string(17, '\n') + "y</p></body></html>";
  for (html::ParserKind parser : {html::ParserKind::fast, html::ParserKind::gumbo}) {
    const Document doc = segment(page, parser);
    REQUIRE(doc.blocks.size() == 5);
    CHECK(doc.meta.title == "A title");
    REQUIRE(doc.meta.h1s.size() == 1);
    CHECK(doc.meta.h1s[0] == "Big \n  news");
    CHECK(doc.blocks[0].text == "Big news");
    CHECK(doc.blocks[1].text == "one two");
    CHECK(doc.blocks[1].chars == 7);
    CHECK(doc.blocks[1].link_chars == 6);  // the space between the links is not link text
    CHECK(doc.blocks[2].text == "lead text & more");
    CHECK(doc.blocks[2].chars == 16);
    CHECK(doc.blocks[3].text == "kept\n    as is");
    CHECK(doc.blocks[4].text == "x y");
    CHECK(doc.blocks[4].chars == 3);
  }
}

TEST_CASE("fast tokenizer: the '<' search's own whitespace verdict agrees with the text scan") {
  // Runs between two tags, from empty to past three 16-byte windows, with and
  // without room after them to load a whole window: a run goes to
  // whitespace() exactly when the text scan calls it clean and blank.
  class Marking : public Recorder {
   public:
    void whitespace(std::string_view blank) override { log += "{" + std::string(blank) + "}"; }
  };
  const std::vector<std::string> pieces = {" ", "\n", "\r\n", "\t", "\f", "\x0B", "x", "&amp;", "< ",
                                           "<3", std::string(1, '\0'), "\xC2\xA0", "\x01"};
  std::mt19937 rng(4);
  html::TextOptions data;
  for (int n = 0; n < 4000; ++n) {
    std::string run;
    const std::size_t target = rng() % 60;
    // Mostly whitespace, as between tags, with the odd other piece.
    while (run.size() < target) run += pieces[rng() % 8 == 0 ? rng() % pieces.size() : rng() % 5];
    for (const std::string& tail : {std::string("<b>x</b>") + std::string(20, 'y'), std::string("<br>")}) {
      const std::string page = "<body><div>" + run + tail;
      const std::string_view in_page(page.data() + 11, run.size());
      const html::TextScan scan = html::scan_text(in_page, data, page.data() + page.size());
      const bool blank = !run.empty() && scan.clean == run.size() && scan.blank;
      Marking marking;
      html::parse_with_fast_tokenizer(page, marking);
      CAPTURE(run);
      if (blank) {
        CHECK(marking.log.find("<div>{" + run + "}<") != std::string::npos);
      } else {
        CHECK(marking.log.find('{') == std::string::npos);
      }
    }
  }
}

TEST_CASE("fast tokenizer: attribute values checked 16 bytes a step decode as the byte rule does") {
  // A byte to rewrite (or a valid one that looks like it) at every offset
  // of values of every length around the 16-byte steps, near the input's
  // end and far from it.
  const std::string specials[] = {"&amp;", "\x01", "\x7F", "\x0B", "\xC3\xA9", "\xFF", "\r", "\t"};
  html::TextOptions options;
  options.in_attribute = true;
  options.drop_nul = false;
  for (const std::string& special : specials) {
    for (std::size_t length = 0; length <= 40; ++length) {
      for (std::size_t at = 0; at <= length; at += (length > 20 ? 3 : 1)) {
        std::string raw(length, 'v');
        raw.insert(at, special);
        std::string expected;
        html::decode_text(raw, options, expected);
        for (const char* tail : {"", "</p>" "                                "}) {
          const std::string page = "<p title=\"" + raw + "\">x</p>" + tail;
          Recorder recorder;
          html::parse_with_fast_tokenizer(page, recorder);
          REQUIRE(recorder.log.find("<p title=[" + expected + "]>") != std::string::npos);
        }
      }
    }
  }
}
