// Documents that are not pages are recognised from their text; pages, and
// texts that only look a little like those documents, are not.
#include <doctest/doctest.h>

#include <string>

#include "io/non_page.hpp"

using winnow::io::recognise_non_page;

TEST_CASE("signatures at the start: PDF, PostScript, RTF") {
  CHECK(recognise_non_page("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n") == "a PDF document");
  CHECK(recognise_non_page("\n  %PDF-1.4\n") == "a PDF document");
  CHECK(recognise_non_page("%!PS-Adobe-3.0\n%%Pages: 1\n") == "a PostScript document");
  CHECK(recognise_non_page("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello}") == "an RTF document");
  // Named in a sentence, they are text.
  CHECK(recognise_non_page("The file starts with %PDF-1.7, as every PDF does.").empty());
}

TEST_CASE("robots.txt rules, with comments, blank lines and extensions") {
  const std::string rules =
      "# Crawlers welcome, slowly.\n"
      "\n"
      "User-agent: *\r\n"
      "Disallow: /drafts/\r\n"
      "Allow: /drafts/public/\n"
      "Crawl-delay: 5\n"
      "\n"
      "USER-AGENT : ExampleBot\n"
      "Disallow:\n"
      "Sitemap: https://news.example/sitemap.xml\n";
  CHECK(recognise_non_page(rules) == "robots.txt rules");
  CHECK(recognise_non_page("User-agent: *\nDisallow: /") == "robots.txt rules");
  // One field of another name in ten is a typo the file may carry.
  std::string typo = "User-agent: *\n";
  for (int i = 0; i < 9; ++i) typo += "Disallow: /private" + std::to_string(i) + "/\n";
  CHECK(recognise_non_page(typo + "Dissallow: /tmp/\n") == "robots.txt rules");
  CHECK(recognise_non_page(typo + "Dissallow: /tmp/\nDisalow: /old/\n").empty());
  // No user-agent line: a card of fields, not rules.
  CHECK(recognise_non_page("Disallow: /\nSitemap: https://news.example/sitemap.xml\n").empty());
  CHECK(recognise_non_page("Name: Ada Smith\nPhone: 555 0100\nEmail: ada@news.example\n").empty());
  // A page that quotes rules among its prose.
  CHECK(recognise_non_page("How to keep crawlers out of a folder:\n\nUser-agent: *\nDisallow: /drafts/\n\n"
                           "Save this as robots.txt at the root of the site.\n")
            .empty());
  CHECK(recognise_non_page("User-agent: *\nDisallow: /\nThanks for reading our rules!\n").empty());
}

TEST_CASE("XML data: a root element HTML does not define, declared or closed") {
  CHECK(recognise_non_page("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                           "<title>Harbour news</title><link>https://news.example/</link></channel></rss>\n") ==
        "XML data (root element <rss>)");
  CHECK(recognise_non_page("<?xml version=\"1.0\"?>\n<!-- generated nightly -->\n"
                           "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>"
                           "https://news.example/a</loc></url>") == "XML data (root element <urlset>)");
  // No declaration, but the root closes the document.
  CHECK(recognise_non_page("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Harbour</title></feed>\n") ==
        "XML data (root element <feed>)");
  // A doctype with an internal subset, which holds '>'.
  CHECK(recognise_non_page("<?xml version=\"1.0\"?><!DOCTYPE note [<!ELEMENT note (#PCDATA)>]><note>Hi</note>") ==
        "XML data (root element <note>)");
  // An image and a prefixed root.
  CHECK(recognise_non_page("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><text>Logo</text></svg>") ==
        "XML data (root element <svg>)");
  CHECK(recognise_non_page("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\"></rdf:RDF>") ==
        "XML data (root element <rdf:RDF>)");
}

TEST_CASE("XHTML and HTML pages are pages, whatever their prolog") {
  CHECK(recognise_non_page("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 "
                           "Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
                           "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Story</p></body></html>")
            .empty());
  CHECK(recognise_non_page("<!DOCTYPE html><html><body><p>Story</p></body></html>").empty());
  CHECK(recognise_non_page("<!-- saved page --><div class=\"story\"><p>Story</p></div>").empty());
  CHECK(recognise_non_page("<?xml version=\"1.0\"?><o:p>Office paragraph</o:p>").empty());
  // An unknown element first, in a text that neither declares XML nor
  // closes it: a chat log, not data.
  CHECK(recognise_non_page("<grin> well, that went better than the last ferry strike.\n").empty());
  CHECK(recognise_non_page("<my-app><p>Loading</p>").empty());
  // A prolog cut short says nothing.
  CHECK(recognise_non_page("<?xml version=\"1.0\"").empty());
  CHECK(recognise_non_page("<!-- never closed <rss></rss>").empty());
}

TEST_CASE("JSON data: one whole value") {
  CHECK(recognise_non_page("{\n  \"title\": \"Harbour\",\n  \"items\": [1, 2, 3]\n}\n") == "JSON data");
  CHECK(recognise_non_page("  [\"a\", \"b\"]  ") == "JSON data");
  CHECK(recognise_non_page("[Update, 9 May] The ferry runs again.").empty());
  CHECK(recognise_non_page("{\"a\": 1} and then some prose").empty());
  CHECK(recognise_non_page("\"just a quoted string\"").empty());
}

TEST_CASE("style sheets: rules of selectors and declarations, comments and at-rules") {
  const std::string sheet =
      "@charset \"utf-8\";\n"
      "/* Harbour Times: the story page */\n"
      "body { margin: 0; font-family: Georgia, serif }\n"
      "div#story > p.lead, h1:first-child {\n  font-size: 120%; /* a little larger; not much */\n  *zoom: 1;\n}\n"
      "@media (max-width: 600px) { body { margin: 0 1em; } }\n"
      "a:hover { color: #036; }\n";
  CHECK(recognise_non_page(sheet) == "a style sheet");
  // A sheet longer than the sample may end there inside a rule.
  std::string long_sheet;
  for (int i = 0; long_sheet.size() < 20000; ++i) long_sheet += ".c" + std::to_string(i) + " { padding: 1px; }\n";
  CHECK(recognise_non_page(long_sheet) == "a style sheet");
  // Two rules are not enough; nor is a sheet cut short of its third.
  CHECK(recognise_non_page("body { margin: 0 }\np { color: red }\n").empty());
  CHECK(recognise_non_page("body { margin: 0 }\np { color: red }\nh1 { color: ").empty());
}

TEST_CASE("texts with braces are not style sheets") {
  // Prose before the rules: its stops are no selector's.
  CHECK(recognise_non_page("To colour the headings, write this: h1 { color: red } h2 { color: red } "
                           "h3 { color: red }").empty());
  CHECK(recognise_non_page("Headings first. h1 { color: red } h2 { color: red } h3 { color: red }").empty());
  // Code that is not CSS: its blocks are not declarations.
  CHECK(recognise_non_page("function a() { return 1; }\nfunction b() { return 2; }\nfunction c() { return 3; }\n")
            .empty());
  CHECK(recognise_non_page("if (x) { y = 1; }\nwhile (y) { y--; }\nfor (;;) { break; }\n").empty());
  // Sets in a mathematics text, between prose.
  CHECK(recognise_non_page("Let A = {1, 2} and B = {2, 3}. Then A ∪ B = {1, 2, 3}.").empty());
}

TEST_CASE("plain text and empty text may be pages") {
  CHECK(recognise_non_page("").empty());
  CHECK(recognise_non_page("   \n\n").empty());
  CHECK(recognise_non_page("Harbour reopens\n\nThe harbour reopened on Monday after repairs.\n").empty());
  CHECK(recognise_non_page("Note: the ferry is late.\nUpdate: it has arrived.\n").empty());
}
