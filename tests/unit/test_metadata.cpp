#include <doctest/doctest.h>

#include "metadata/metadata.hpp"
#include "segment/html_segmenter.hpp"

using namespace winnow;

namespace {
ArticleMeta meta_of(std::string_view html) {
  Document doc;
  HtmlSegmenter segmenter;
  segmenter.segment(html, html::ParserKind::gumbo, 100000, doc);
  return extract_metadata(doc);
}
}  // namespace

TEST_CASE("title: a site name after a separator is cut") {
  CHECK(clean_title("Obama admits gun laws are his biggest frustration - BBC News", {}) ==
        "Obama admits gun laws are his biggest frustration");
  CHECK(clean_title("Wie der Winter die Alpen verändert | Bergzeitung", {}) ==
        "Wie der Winter die Alpen verändert");
}

TEST_CASE("title: a short remainder keeps the whole title unless the separator is a breadcrumb") {
  // "Site Reliability Engineering" alone would lose the publisher's framing.
  CHECK(clean_title("Google - Site Reliability Engineering", {}) == "Google - Site Reliability Engineering");
  CHECK(clean_title("Installing the tool on a laptop » Docs", {}) == "Installing the tool on a laptop");
}

TEST_CASE("title: the last separator of any kind cuts; with a short head, the first one") {
  // Mixed separators: the cut is at the last one, whichever kind it is.
  CHECK(clean_title("Rivers in the north run high this spring \xC2\xB7 Weather \xE2\x80\x94 Daily Post", {}) ==
        "Rivers in the north run high this spring \xC2\xB7 Weather");
  // Under three words before the last one: what follows the first one.
  CHECK(clean_title("Daily Post - Rivers in the north run high this spring", {}) ==
        "Rivers in the north run high this spring");
  // A mark without the spaces around it, or at the very end, is no separator.
  CHECK(clean_title("Rivers run high in the north-east this spring -", {}) ==
        "Rivers run high in the north-east this spring -");
}

TEST_CASE("title: a colon title stays whole when a heading repeats it") {
  CHECK(clean_title("Superbugs: What They Are and How You Get Them",
                    {"Superbugs: What They Are and How You Get Them"}) ==
        "Superbugs: What They Are and How You Get Them");
  CHECK(clean_title("Superbugs: What They Are and How You Get Them", {}) == "What They Are and How You Get Them");
}

TEST_CASE("title: declared meta titles win over <title>, in Dublin Core, Open Graph, Twitter order") {
  CHECK(meta_of("<html><head><title>Site | Page</title><meta property='og:title' content='The OG title'>"
                "<meta name='twitter:title' content='Tw'></head><body><p>x</p></body></html>")
            .title == "The OG title");
  CHECK(meta_of("<html><head><title>T</title><meta property='og:title' content='OG'>"
                "<meta name='DC.title' content='Dublin  Core'></head><body></body></html>")
            .title == "Dublin Core");
  // A property attribute may list several keys.
  CHECK(meta_of("<html><head><title>T</title><meta property='x:title dc:title' content='Preferred'>"
                "</head><body></body></html>")
            .title == "Preferred");
  CHECK(meta_of("<html><head><title>Только заголовок</title></head><body></body></html>").title ==
        "Только заголовок");
}

TEST_CASE("dates normalise to ISO 8601") {
  CHECK(normalize_date("2015-01-18T19:35:48Z") == "2015-01-18T19:35:48Z");
  CHECK(normalize_date("2015/01/18") == "2015-01-18");
  CHECK(normalize_date("20150118") == "2015-01-18");
  CHECK(normalize_date("March 4, 2015") == "2015-03-04");
  CHECK(normalize_date("4 Mar 2015") == "2015-03-04");
  CHECK(normalize_date("not a date") == "");
}

TEST_CASE("language keeps the primary subtag, lower case") {
  CHECK(meta_of("<html lang='de-AT'><body><p>x</p></body></html>").language == "de");
  CHECK(meta_of("<html lang='ZH_cn'><body><p>x</p></body></html>").language == "zh");
}
