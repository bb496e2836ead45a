// Per-page evidence on single pages (no site counts): which blocks the
// hand rules drop, and the reason they give (the block model, which may
// overrule them, is off here: these tests pin the rules).
#include <doctest/doctest.h>

#include <string>

#include "winnow/winnow.hpp"

using namespace winnow;

namespace {
const std::string kPara =
    "A paragraph of the article, long enough to read as prose, with a clause or two and a full stop. ";

std::string reason_of(const CleanResult& r, std::string_view text) {
  for (const BlockResult& b : r.blocks) {
    if (b.text == text) return (b.label == Label::chrome ? "chrome: " : "content: ") + std::string(b.reason);
  }
  return "missing";
}

Options rules_only() {
  Options o;
  o.block_model = false;
  return o;
}

std::string article(const std::string& inner) {
  return "<html><body><article><h1>Title</h1><p>" + kPara + kPara + "</p>" + inner + "<p>" + kPara + kPara +
         "</p></article></body></html>";
}
}  // namespace

TEST_CASE("a standalone date is a dateline, a numbered step is not") {
  Cleaner cleaner(rules_only());
  std::string html = article("<p>23.10.2018</p><p>11 Jan 2019</p><p>Step 1</p><p>2. Norway</p>");
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  CHECK(reason_of(r, "23.10.2018") == "chrome: dateline");
  CHECK(reason_of(r, "11 Jan 2019") == "chrome: dateline");
  CHECK(reason_of(r, "Step 1") == "content: content");
  CHECK(reason_of(r, "2. Norway") == "content: content");
}

TEST_CASE("a date with its time is a dateline; a short sentence with a number is not") {
  Cleaner cleaner(rules_only());
  std::string html = article("<p>3. März 2021, 07:45 Uhr</p><p>9 May 2016 | 4:10pm</p>"
                             "<p>The bridge opened in 2019 to traffic.</p>");
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  CHECK(reason_of(r, "3. März 2021, 07:45 Uhr") == "chrome: dateline");
  CHECK(reason_of(r, "9 May 2016 | 4:10pm") == "chrome: dateline");
  CHECK(reason_of(r, "The bridge opened in 2019 to traffic.") == "content: content");
}

TEST_CASE("dates in a table stay: they are the table's data") {
  Cleaner cleaner(rules_only());
  std::string html = article("<table><tr><td>23.10.2018</td><td>Opening of the new bridge</td></tr></table>");
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  CHECK(reason_of(r, "23.10.2018") == "content: content");
}

TEST_CASE("an author box under the article is chrome") {
  Cleaner cleaner(rules_only());
  std::string html = article("<div class='author-box'><p>Jane Doe writes about rivers and bridges for the paper.</p></div>");
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  CHECK(reason_of(r, "Jane Doe writes about rivers and bridges for the paper.") == "chrome: author box");
}

TEST_CASE("a standfirst between the headline and the container is content") {
  Cleaner cleaner(rules_only());
  const std::string lead =
      "The city will plant a thousand trees this winter, the council decided after a long debate on Tuesday.";
  std::string menu = "<ul>";
  for (int i = 0; i < 20; ++i) menu += "<li><a href='/s" + std::to_string(i) + "'>Section " + std::to_string(i) + "</a></li>";
  std::string html = "<html><body>" + menu + "</ul><header><h1>Trees for the city</h1><p>" + lead + "</p></header><div class='body'><p>" +
                     kPara + kPara + kPara + "</p><p>" + kPara + kPara + kPara + "</p><p>" + kPara + kPara +
                     "</p></div></body></html>";
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  CHECK(reason_of(r, "Trees for the city") == "content: headline before main content");
  CHECK(reason_of(r, lead) == "content: standfirst before main content");
}

TEST_CASE("a linked subheading over a short excerpt is a teaser; over a section it is a heading") {
  Cleaner cleaner(rules_only());
  std::string html = article(
      "<h3><a href='/other-story'>Another story</a></h3><p>A short excerpt.</p>"
      "<h3><a href='#setup'>Setting up</a></h3><p>Short.</p>"
      "<h3><a href='/product'>The product</a></h3><p>" + kPara + kPara + kPara + kPara + "</p>");
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  CHECK(reason_of(r, "Another story").starts_with("chrome: teaser heading"));
  CHECK(reason_of(r, "Setting up") == "content: content");
  CHECK(reason_of(r, "The product") == "content: content");
}

TEST_CASE("a teaser card's excerpt goes with its heading") {
  Cleaner cleaner(rules_only());
  std::string html = article("<div class='card'><h3><a href='/other-story'>Another story</a></h3>"
                             "<p>A short excerpt of it.</p></div>");
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  CHECK(reason_of(r, "A short excerpt of it.") == "chrome: teaser card");
}

TEST_CASE("an ad-named element holding an article's paragraphs is no ad; a short one is") {
  Cleaner cleaner(rules_only());
  const std::string para = "Paragraph of the story that runs long enough to be prose, with a clause, another "
                           "clause and then a full stop at its end, as articles do, before the next one begins. ";
  std::string body;
  for (int i = 0; i < 3; ++i) body += "<p>" + para + std::to_string(i) + "</p>";
  const std::string html = "<html><body><div class=top><h1>Headline</h1><p>" + para + "</p></div>"
                           "<div class=body-ad>" + body + "</div>"
                           "<div class=body-ad><p>Buy the new phone today, only this week.</p></div></body></html>";
  const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
  for (int i = 0; i < 3; ++i) CHECK(reason_of(r, para + std::to_string(i)) == "content: content");
  CHECK(reason_of(r, "Buy the new phone today, only this week.").starts_with("chrome: "));
}
