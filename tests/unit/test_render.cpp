#include <doctest/doctest.h>

#include <string>

#include "winnow/winnow.hpp"

using namespace winnow;

namespace {
const std::string kPara =
    "A paragraph of the article, long enough to read as prose, with several clauses, and a full stop.";
std::string render(const std::string& body, OutputFormat format) {
  Options options;
  options.format = format;
  // These cases test rendering, not classification: the hand rules keep
  // every block of these small articles, while the learned model may drop
  // a one-letter table cell (it removes "c" below) as it would on a page.
  options.block_model = false;
  Cleaner cleaner(options);
  PageInput page;
  page.id = "t.html";
  std::string html = "<html><head><title>T</title></head><body><article>" + body + "</article></body></html>";
  page.body = html;
  page.kind = InputKind::html;
  return std::string(cleaner.clean(page, nullptr).output);
}
}  // namespace

TEST_CASE("markdown: headings, tight lists with numbering and nesting") {
  std::string md = render("<h2>Part</h2><p>" + kPara + "</p><ul><li>one</li><li>two<ol><li>a</li><li>b</li></ol></li></ul>"
                          "<p>" + kPara + "</p><ol><li>x</li><li>y</li></ol><p>" + kPara + "</p>",
                          OutputFormat::markdown);
  CHECK(md.find("## Part\n") != std::string::npos);
  CHECK(md.find("- one\n- two\n   1. a\n   1. b\n") != std::string::npos);
  CHECK(md.find("1. x\n2. y\n") != std::string::npos);
}

TEST_CASE("markdown: tables get one delimiter row and escaped pipes") {
  std::string md = render("<p>" + kPara + "</p><table><tr><th>h1</th><th>h2</th></tr><tr><td>a|b</td><td>c</td></tr>"
                          "</table><p>" + kPara + "</p>",
                          OutputFormat::markdown);
  CHECK(md.find("| h1 | h2 |\n|---|---|\n| a\\|b | c |\n") != std::string::npos);
}

TEST_CASE("markdown: code fences outgrow backticks inside, quotes and escapes") {
  std::string md = render("<p>" + kPara + "</p><pre>x ``` y</pre><blockquote>Quoted.</blockquote><p>- " + kPara + "</p>",
                          OutputFormat::markdown);
  CHECK(md.find("````\nx ``` y\n````") != std::string::npos);
  CHECK(md.find("> Quoted.") != std::string::npos);
  CHECK(md.find("\\- A paragraph") != std::string::npos);
}

TEST_CASE("html: escaped text, lists and tables") {
  std::string html = render("<p>" + kPara + " &lt;b&gt;</p><ul><li>one</li></ul><table><tr><td>c</td></tr></table><p>" +
                            kPara + "</p>",
                            OutputFormat::html);
  CHECK(html.find("&lt;b&gt;") != std::string::npos);
  CHECK(html.find("<ul>\n<li>one</li>\n</ul>") != std::string::npos);
  CHECK(html.find("<table>\n<tr><td>c</td></tr>\n</table>") != std::string::npos);
}

TEST_CASE("markdown and html: a cell removed from a kept row leaves an empty cell, columns stay") {
  // The linked names are chrome by their link density; the rows keep them
  // as empty cells, so that every year stays in the second column.
  std::string table = "<table>";
  for (const char* year : {"1999", "2004", "2011"}) {
    table += std::string("<tr><td><a href='/film'>A film</a></td><td>") + year +
             "</td><td>What happens in it, told in a sentence.</td></tr>";
  }
  table += "<tr><td>Only one cell</td></tr></table>";
  const std::string body = "<p>" + kPara + "</p>" + table + "<p>" + kPara + "</p>";
  const std::string md = render(body, OutputFormat::markdown);
  CHECK(md.find("|  | 1999 | What happens in it, told in a sentence. |\n|---|---|---|\n"
                "|  | 2004 | What happens in it, told in a sentence. |\n") != std::string::npos);
  CHECK(md.find("| Only one cell |  |  |\n") != std::string::npos);
  CHECK(md.find("A film") == std::string::npos);
  const std::string html = render(body, OutputFormat::html);
  CHECK(html.find("<tr><td></td><td>2011</td><td>What happens in it, told in a sentence.</td></tr>\n"
                  "<tr><td>Only one cell</td></tr>\n</table>") != std::string::npos);
}

TEST_CASE("html: nested lists sit inside their parent item") {
  std::string html = render("<p>" + kPara + "</p><ul><li>one</li><li>two<ol><li>a</li><li>b</li></ol></li></ul><p>" +
                            kPara + "</p>",
                            OutputFormat::html);
  CHECK(html.find("<ul>\n<li>one</li>\n<li>two<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n</li>\n</ul>") != std::string::npos);
}
