// The public C++ API end to end on small in-memory sites.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pipeline/ordered_pool.hpp"
#include "winnow/winnow.hpp"

using namespace winnow;

namespace {
std::string page(int n) {
  static const char* stories[] = {
      "The river rose two metres overnight and the lower road flooded before dawn.",
      "A new bakery opened on the square and sold out of rye loaves by nine.",
      "The council agreed to plant forty lime trees along the avenue this winter.",
      "Volunteers counted three hundred swifts nesting under the old mill roof.",
      "The village hall will host a repair cafe for broken lamps and bicycles."};
  return "<html><head><title>Story " + std::to_string(n) +
         "</title><link rel=canonical href='https://gazette.example/s" + std::to_string(n) +
         "'></head><body><article><h1>Story " + std::to_string(n) + "</h1><p>" + stories[n % 5] +
         " It is the " + std::to_string(n) +
         "th report this year, and residents say the change is welcome news.</p>"
         "<p>Keep local news alive: become a member of the Gazette today and read without limits.</p>"
         "</article></body></html>";
}
}  // namespace

TEST_CASE("count then clean removes the repeated appeal and keeps each story") {
  SiteModel model;
  Cleaner cleaner;
  for (int i = 0; i < 5; ++i) {
    std::string html = page(i);
    CHECK(cleaner.count(PageInput{.id = "p", .body = html}, model) == "gazette.example");
  }
  CHECK(model.pages("gazette.example") == 5);
  std::string html = page(2);
  const CleanResult& r = cleaner.clean(PageInput{.id = "p2", .body = html}, &model);
  CHECK(r.text.find("forty lime trees") != std::string_view::npos);
  CHECK(r.text.find("become a member") == std::string_view::npos);
  CHECK(r.site == "gazette.example");
  CHECK(r.url == "https://gazette.example/s2");
  bool found_reason = false;
  for (const BlockResult& b : r.blocks) {
    if (b.label == Label::chrome && b.reason.starts_with("repeated on 5 of 5 pages")) found_reason = true;
  }
  CHECK(found_reason);
}

TEST_CASE("without a model the page is judged on its own evidence") {
  Cleaner cleaner;
  std::string html = page(1);
  const CleanResult& r = cleaner.clean(PageInput{.id = "p1", .body = html}, nullptr);
  CHECK(r.text.find("sold out of rye loaves") != std::string_view::npos);
}

TEST_CASE("reusing a cleaner changes nothing") {
  SiteModel model;
  Cleaner a, b;
  for (int i = 0; i < 5; ++i) {
    std::string html = page(i);
    a.count(PageInput{.id = "p", .body = html}, model);
  }
  std::string first = page(3), other = page(4);
  std::string fresh(b.clean(PageInput{.id = "x", .body = first}, &model).output);
  a.clean(PageInput{.id = "y", .body = other}, &model);
  std::string reused(a.clean(PageInput{.id = "x", .body = first}, &model).output);
  CHECK(fresh == reused);
}

TEST_CASE("oversized pages are cut with a note, never refused") {
  Options options;
  options.max_page_bytes = 200;
  Cleaner cleaner(options);
  std::string html = page(0);
  const CleanResult& r = cleaner.clean(PageInput{.id = "big", .body = html}, nullptr);
  REQUIRE(r.notes.size() >= 1);
  CHECK(r.notes[0].find("200") != std::string::npos);
}

TEST_CASE("the ordered pool delivers results in input order on any thread count") {
  for (unsigned threads : {1u, 2u, 4u}) {
    int next = 0;
    std::vector<int> delivered;
    OrderedPool<int, int>::run(
        threads, [&](int& item) { return next < 500 ? (item = next++, true) : false; },
        [](unsigned, int& item, int& result) { result = item * 2; },
        [&](unsigned, int& item, int& result) {
          CHECK(result == item * 2);
          delivered.push_back(item);
          return true;
        });
    REQUIRE(delivered.size() == 500);
    for (int i = 0; i < 500; ++i) CHECK(delivered[i] == i);
  }
}

TEST_CASE("the ordered pool stops early when delivery says so") {
  int next = 0, count = 0;
  OrderedPool<int, int>::run(
      2, [&](int& item) { return next < 1000 ? (item = next++, true) : false; },
      [](unsigned, int&, int&) {}, [&](unsigned, int&, int&) { return ++count < 10; });
  CHECK(count == 10);
}

TEST_CASE("a repeated notice that outweighs a short story does not take the container") {
  auto notice_page = [](int n) {
    static const char* stories[] = {
        "A small plane landed on the beach after its engine failed; nobody was hurt, the coastguard said.",
        "The bakery on the square will close for a week while its old oven is replaced by a new one.",
        "Swifts returned to the mill roof three days earlier than last year, volunteers counted on Sunday.",
        "The council will plant forty lime trees along the avenue before the first frost this winter.",
        "A repair cafe for lamps and bicycles opens in the village hall on the first Saturday of May."};
    std::string notice;
    for (int i = 0; i < 4; ++i)
      notice += "This page is best viewed in an up-to-date web browser with style sheets enabled. ";
    return "<html><head><link rel=canonical href='https://coast.example/s" + std::to_string(n) +
           "'></head><body><div class='box'><p>" + notice + "</p></div><div class='story'><h1>Story " +
           std::to_string(n) + "</h1><p>" + stories[n] + "</p></div></body></html>";
  };
  SiteModel model;
  Cleaner cleaner;
  for (int i = 0; i < 5; ++i) {
    std::string html = notice_page(i);
    cleaner.count(PageInput{.id = "p", .body = html}, model);
  }
  std::string html = notice_page(3);
  const CleanResult& r = cleaner.clean(PageInput{.id = "p3", .body = html}, &model);
  CHECK(r.text.find("forty lime trees") != std::string_view::npos);
  CHECK(r.text.find("best viewed") == std::string_view::npos);
}

TEST_CASE("a block inside an element the site mostly repeats is chrome too") {
  auto page = [](int n) {
    static const char* stories[] = {
        "The river rose two metres overnight and the lower road flooded before dawn on Monday.",
        "A new bakery opened on the square and sold out of rye loaves by nine in the morning.",
        "The council agreed to plant forty lime trees along the avenue this winter, it said.",
        "Volunteers counted three hundred swifts nesting under the old mill roof this spring.",
        "The village hall will host a repair cafe for broken lamps and bicycles in May."};
    static const char* tips[] = {"walk by the weir", "visit the market", "bring an umbrella",
                                 "try the rye bread", "watch the swifts"};
    return "<html><head><link rel=canonical href='https://vale.example/s" + std::to_string(n) +
           "'></head><body><article><h1>Story " + std::to_string(n) + "</h1><p>" + stories[n] + " " +
           stories[n] + "</p><p>" + stories[n] + "</p>"
           "<div class='box-a'><p>Our reporters cover every meeting of the council and the courts so that "
           "readers know what is decided in their name.</p><p>Tip of the day: " + tips[n] +
           "</p></div></article></body></html>";
  };
  SiteModel model;
  Cleaner cleaner;
  for (int i = 0; i < 5; ++i) {
    std::string html = page(i);
    cleaner.count(PageInput{.id = "p", .body = html}, model);
  }
  Options options;
  options.explain = true;
  Cleaner explaining(options);
  std::string html = page(2);
  const CleanResult& r = explaining.clean(PageInput{.id = "p2", .body = html}, &model);
  bool found = false;
  for (const BlockResult& b : r.blocks) {
    if (b.text == "Tip of the day: bring an umbrella") {
      found = true;
      CHECK(b.label == Label::chrome);
      CHECK(b.reason == "inside a container the site repeats");
    }
  }
  CHECK(found);
}

TEST_CASE("binary data is cleaned to nothing, with a note; pages with a few stray control bytes are not") {
  Cleaner cleaner;
  // Bytes of every value, as an image or a program has them.
  std::string junk;
  for (int i = 0; i < 4000; ++i) junk.push_back(static_cast<char>((i * 7919) % 256));
  const CleanResult& r = cleaner.clean(PageInput{.id = "img", .body = junk}, nullptr);
  CHECK(r.text.empty());
  CHECK(r.blocks.empty());
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("binary data, not a page") != std::string::npos);
  CHECK(r.notes[0].find("of its text; nothing kept") != std::string::npos);
  // The same bytes behind an HTML start are still binary.
  const std::string behind_html = "<html><body><p>" + junk;
  CHECK(cleaner.clean(PageInput{.id = "img2", .body = behind_html}, nullptr).text.empty());

  // Seven stray NULs in a page: under the minimum, the page is cleaned.
  std::string stray = page(1);
  for (int i = 0; i < 7; ++i) stray.insert(stray.size() / 2 + static_cast<std::size_t>(i) * 3, 1, '\0');
  const CleanResult& s = cleaner.clean(PageInput{.id = "stray", .body = stray}, nullptr);
  CHECK(s.text.find("report this year") != std::string_view::npos);
  for (const std::string& note : s.notes) CHECK(note.find("binary") == std::string::npos);

  // UTF-16 with its byte-order mark: NULs in every other byte, decoded first.
  const std::string ascii = page(3);
  std::string utf16 = "\xFF\xFE";
  for (char c : ascii) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const CleanResult& u = cleaner.clean(PageInput{.id = "utf16", .body = utf16}, nullptr);
  CHECK(u.text.find("three hundred swifts") != std::string_view::npos);
  for (const std::string& note : u.notes) CHECK(note.find("binary") == std::string::npos);
}

TEST_CASE("robots.txt rules, feeds and PDF files are cleaned to nothing, with a note, and counted for nothing") {
  const std::string robots = "# Crawl gently\nUser-agent: *\nDisallow: /drafts/\nCrawl-delay: 5\n";
  const std::string feed =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour news</title>"
      "<item><title>Ferry strike ends</title><link>https://news.example/ferry</link></item></channel></rss>";
  const std::string pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nBT (The ferry strike ends) Tj ET\n";
  Cleaner cleaner;
  SiteModel model;
  struct Case {
    const std::string* body;
    InputKind kind;
    std::string_view note;
  };
  // Kinds as a crawl archive declares them: robots.txt as text/plain, a
  // feed sent as text/html.
  for (const Case& c : {Case{&robots, InputKind::text, "robots.txt rules, not a page; nothing kept"},
                        Case{&feed, InputKind::html, "XML data (root element <rss>), not a page; nothing kept"},
                        Case{&feed, InputKind::detect, "XML data (root element <rss>), not a page; nothing kept"},
                        Case{&pdf, InputKind::detect, "a PDF document, not a page; nothing kept"}}) {
    const CleanResult& r = cleaner.clean(PageInput{.id = "doc", .body = *c.body, .kind = c.kind}, nullptr);
    CHECK(r.text.empty());
    CHECK(r.blocks.empty());
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0] == c.note);
    for (int i = 0; i < 3; ++i) {
      cleaner.count(PageInput{.id = "doc", .body = *c.body, .kind = c.kind, .fallback_site = "docs.example"}, model);
    }
  }
  CHECK(model.pages("docs.example") == 12);
  REQUIRE(model.sites().size() == 1);
  CHECK(model.sites()[0].entries == 0);
  // A page that quotes the rules it explains is a page.
  const CleanResult& page = cleaner.clean(
      PageInput{.id = "howto", .body = "Keep crawlers out:\n\n" + robots + "\nSave it at the root of the site.\n"},
      nullptr);
  CHECK(page.text.find("Save it at the root") != std::string_view::npos);
}

TEST_CASE("binary data adds no blocks to a site's counts") {
  SiteModel model;
  Cleaner cleaner;
  std::string junk;
  for (int i = 0; i < 4000; ++i) junk.push_back(static_cast<char>((i * 104729) % 256));
  for (int i = 0; i < 3; ++i) cleaner.count(PageInput{.id = "j", .body = junk, .fallback_site = "junk.example"}, model);
  CHECK(model.pages("junk.example") == 3);
  REQUIRE(model.sites().size() == 1);
  CHECK(model.sites()[0].entries == 0);
}
