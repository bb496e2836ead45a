#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "html/html_events.hpp"
#include "metadata/json_ld.hpp"
#include "metadata/metadata.hpp"
#include "segment/html_segmenter.hpp"

using namespace winnow;

namespace {
ArticleMeta meta_of(std::string_view html, html::ParserKind parser) {
  Document doc;
  HtmlSegmenter segmenter;
  segmenter.segment(html, parser, 100000, doc);
  return extract_metadata(doc);
}

class ScriptRecorder : public html::EventHandler {
 public:
  std::string raw;
  std::string text_seen;
  void open_element(html::Tag, std::string_view, std::span<const html::Attribute>) override {}
  void close_element(html::Tag, std::string_view) override {}
  void text(std::string_view utf8) override { text_seen += utf8; }
  void raw_text(html::Tag tag, std::string_view content) override {
    if (tag == html::Tag::script) raw += content;
  }
};
}  // namespace

TEST_CASE("json-ld: an article's headline, authors and date") {
  JsonLdArticle a = read_json_ld(
      R"({"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferry crews vote to strike",
          "author":[{"@type":"Person","name":"Ansel Park"},{"@type":"Person","name":"Mira Olsen"}],
          "datePublished":"2026-03-05T08:00:00Z"})");
  CHECK(a.found);
  CHECK(a.headline == "Ferry crews vote to strike");
  CHECK(a.author == "Ansel Park, Mira Olsen");
  CHECK(a.date_published == "2026-03-05T08:00:00Z");
}

TEST_CASE("json-ld: @graph, CDATA wrapping, escapes and non-article types") {
  JsonLdArticle a = read_json_ld(
      "<![CDATA[ {\"@context\":\"https:\\/\\/schema.org\",\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Site\"},"
      "{\"@type\":\"Article\",\"name\":\"Z\\u00fcrich \\u00e0 v\\u00e9lo\"}]} ]]>");
  CHECK(a.found);
  CHECK(a.name == "Zürich à vélo");
  CHECK_FALSE(read_json_ld(R"({"@context":"https://schema.org","@type":"Organization","name":"X"})").found);
  CHECK_FALSE(read_json_ld(R"({"@context":"https://example.org/other","@type":"Article","name":"X"})").found);
}

TEST_CASE("json-ld: malformed or deeply nested input is an empty result") {
  CHECK_FALSE(read_json_ld(R"({"@type":"Article","name":)").found);
  CHECK_FALSE(read_json_ld("").found);
  std::string deep(100000, '[');
  CHECK_FALSE(read_json_ld(deep).found);
}

TEST_CASE("both producers deliver script content to raw_text, not to text") {
  const std::string page = "<html><head><script type='application/ld+json'>{\"a\": \"<b>\"}</script></head>"
                           "<body><p>Body</p><script>var x = 1 < 2;</script></body></html>";
  for (auto parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    ScriptRecorder r;
    html::parse_html(page, parser, r);
    CHECK(r.raw == "{\"a\": \"<b>\"}var x = 1 < 2;");
    CHECK(r.text_seen.find("var x") == std::string::npos);
  }
}

TEST_CASE("metadata: json-ld leads, name or headline chosen by the page title") {
  const std::string page =
      "<html><head><title>Ferry crews vote to strike - Harbor Times</title>"
      "<meta property='og:title' content='Ferry strike | Harbor Times'>"
      "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@type\":\"Article\","
      "\"name\":\"Harbor Times\",\"headline\":\"Ferry crews vote to strike\","
      "\"author\":{\"name\":\"Ansel Park\"},\"datePublished\":\"2026-03-05\"}</script>"
      "</head><body><p>Text of the story.</p></body></html>";
  for (auto parser : {html::ParserKind::gumbo, html::ParserKind::fast}) {
    ArticleMeta m = meta_of(page, parser);
    CHECK(m.title == "Ferry crews vote to strike");
    CHECK(m.author == "Ansel Park");
    CHECK(m.date == "2026-03-05");
  }
}

TEST_CASE("text similarity counts b's tokens found in a") {
  CHECK(text_similarity("New Zealand", "New Zealand - Wikipedia") < 0.75);
  CHECK(text_similarity("Ferry crews vote to strike", "Ferry crews vote to strike") == doctest::Approx(1.0));
}
