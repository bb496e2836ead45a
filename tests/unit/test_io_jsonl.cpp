#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "io/format_sniffer.hpp"
#include "io/record_reader.hpp"
#include "io/stream_reader.hpp"
#include "test_io_helpers.hpp"

using namespace winnow::io;

namespace {

// Five lines that are not records, one per way a line can fail: JSON cut
// short, no content field, a content field of the wrong type, not an
// object, and content after the object.
const std::string kBadLines = R"({"html": "<p>unterminated)"
                              "\n"
                              R"({"title":"no content field"})"
                              "\n"
                              R"({"html": 5})"
                              "\n"
                              "[1,2]\n"
                              R"({"text":"last"} trailing)"
                              "\n";

}  // namespace
using namespace winnow::io::testing;

TEST_CASE("jsonl: records, ids, urls and passthrough of other fields") {
  std::string in =
      R"({"id":"a1","url":"http://e.org/1","html":"<p>One</p>","lang":"en","score":1.50,"tags":["x", "y"],"meta":{"k":null}})"
      "\n"
      R"({"id": 42, "text": "Two\nlines", "ok": true})"
      "\n\n"
      R"({"html":"<p>Three \u00e9</p>"})"
      "\n";
  auto d = read_bytes(in, "pages.jsonl");
  REQUIRE(d.errors.empty());
  REQUIRE(d.records.size() == 3);
  CHECK(d.records[0].id == "a1");
  CHECK(d.records[0].url == "http://e.org/1");
  CHECK(d.records[0].body == "<p>One</p>");
  CHECK(d.records[0].kind == ContentKind::html);
  CHECK(d.records[0].passthrough_json == R"("lang":"en","score":1.50,"tags":["x", "y"],"meta":{"k":null})");
  CHECK(d.records[1].id == "42");
  CHECK(d.records[1].kind == ContentKind::text);
  CHECK(d.records[1].body == "Two\nlines");
  CHECK(d.records[1].passthrough_json == R"("ok":true)");
  CHECK(d.records[2].id == "pages.jsonl#4");  // line number counts blank lines
  CHECK(d.records[2].body == "<p>Three \xC3\xA9</p>");
  CHECK(d.records[2].passthrough_json.empty());
  CHECK(d.stats.records == 3);
}

TEST_CASE("jsonl: a malformed line is reported with its number and reading goes on") {
  std::string in = R"({"html":"<p>ok</p>"})"
                   "\n" +
                   kBadLines + R"({"text":"fine"})";
  auto d = read_bytes(in, "bad.jsonl");
  REQUIRE(d.records.size() == 2);
  CHECK(d.records[0].body == "<p>ok</p>");
  CHECK(d.records[1].body == "fine");
  REQUIRE(d.errors.size() == 5);
  CHECK(d.errors[0].id == "bad.jsonl#2");
  CHECK(d.errors[0].message.find("line 2") != std::string::npos);
  CHECK(d.errors[1].message.find("no \"html\" or \"text\" field") != std::string::npos);
  CHECK(d.errors[2].message.find("not a string") != std::string::npos);
  CHECK(d.errors[3].message.find("not a JSON object") != std::string::npos);
  CHECK(d.errors[4].id == "bad.jsonl#6");
  CHECK(d.stats.records + d.stats.failed == 7);
}

TEST_CASE("jsonl: custom field names and a huge line") {
  ReaderOptions o;
  o.json_html_field = "content";
  o.json_id_field = "doc";
  std::string huge(3 << 20, 'a');
  std::string in = R"({"doc":"d1","content":"<p>)" + huge + R"(</p>","html":"kept"})" "\n";
  auto d = read_bytes(gzip(in), "big.jsonl.gz", o);
  REQUIRE(d.records.size() == 1);
  CHECK(d.records[0].id == "d1");
  CHECK(d.records[0].body.size() == huge.size() + 7);
  CHECK(d.records[0].passthrough_json == R"("html":"kept")");

  o.max_record_bytes = 1 << 20;
  auto e = read_bytes(in + R"({"content":"small"})" "\n", "big.jsonl", o);
  REQUIRE(e.errors.size() == 1);
  CHECK(e.errors[0].message.find("max_record_bytes") != std::string::npos);
  REQUIRE(e.records.size() == 1);
  CHECK(e.records[0].body == "small");
}

TEST_CASE("format sniffing") {
  CHECK(sniff_format("WARC/1.0\r\n", true) == InputFormat::warc);
  CHECK(sniff_format("\r\nWARC/1.1\r\n", true) == InputFormat::warc);
  CHECK(sniff_format("WARC/0.17\r\n", true) == InputFormat::warc);
  CHECK(sniff_format(" {\"html\":\"x\"}\n{", true) == InputFormat::json_lines);
  CHECK(sniff_format("{not json}\n", true) == InputFormat::single_document);
  CHECK(sniff_format("[1]\n", true) == InputFormat::single_document);
  CHECK(sniff_format("<html>", true) == InputFormat::single_document);
  CHECK(sniff_format("", true) == InputFormat::single_document);
  CHECK(sniff_content_kind("\xEF\xBB\xBF  <!DOCTYPE HTML><html>") == ContentKind::html);
  CHECK(sniff_content_kind("<HTML><BODY>x") == ContentKind::html);
  CHECK(sniff_content_kind("\n\n<div class=a>hi</div>") == ContentKind::html);
  CHECK(sniff_content_kind("<p>Hello</p>") == ContentKind::html);
  CHECK(sniff_content_kind("<!-- saved page -->\n<x>") == ContentKind::html);
  CHECK(sniff_content_kind("Just words.\nMore words a < b.") == ContentKind::text);
  CHECK(sniff_content_kind("") == ContentKind::text);
  CHECK(sniff_content_kind("<?xml version=\"1.0\"?><rss>") == ContentKind::text);
  CHECK(sniff_content_kind("<?xml version=\"1.0\"?><html xmlns=\"x\">") == ContentKind::html);
}

TEST_CASE("format sniffing settles on the first bytes that decide it") {
  CHECK(format_is_settled("<html>"));
  CHECK(format_is_settled("Plain text"));
  CHECK(format_is_settled("WARC/1.0"));
  CHECK(format_is_settled("{\"id\":1}\n"));
  CHECK_FALSE(format_is_settled(""));
  CHECK_FALSE(format_is_settled("WAR"));       // may yet be a version line
  CHECK_FALSE(format_is_settled("\r\n  "));    // only blanks
  CHECK_FALSE(format_is_settled("\xEF\xBB"));  // half a byte-order mark
  CHECK_FALSE(format_is_settled("{\"html\":\"<p>"));  // a first line not yet whole
}

namespace {

// A pipe whose writer sends its pieces one at a time and then waits: a
// read past the last piece means the reader asked for more than it needed.
class WaitingPipe final : public ByteSource {
 public:
  explicit WaitingPipe(std::vector<std::string> pieces) : pieces_(std::move(pieces)) {}
  std::size_t read(char* dst, std::size_t n) override {
    REQUIRE_MESSAGE(next_ < pieces_.size(), "read past the bytes that had arrived");
    std::string& piece = pieces_[next_];
    const std::size_t take = std::min(n, piece.size());
    std::memcpy(dst, piece.data(), take);
    piece.erase(0, take);
    if (piece.empty()) ++next_;
    return take;
  }

 private:
  std::vector<std::string> pieces_;
  std::size_t next_ = 0;
};

}  // namespace

TEST_CASE("jsonl on a pipe: each record is read without waiting for more bytes") {
  const std::string one = "{\"id\":\"a\",\"html\":\"<p>first</p>\"}\n";
  const std::string two = "{\"id\":\"b\",\"html\":\"<p>second</p>\"}\n";
  // The second record arrives in two pieces; nothing comes after it.
  auto reader = make_stream_reader(
      std::make_unique<WaitingPipe>(std::vector<std::string>{one, two.substr(0, 10), two.substr(10)}),
      StreamInfo{"-", "-", {}}, {});
  Record record;
  RecordError error;
  REQUIRE(reader->next(record, error) == RecordReader::kRecord);
  CHECK(record.id == "a");
  REQUIRE(reader->next(record, error) == RecordReader::kRecord);
  CHECK(record.id == "b");
  CHECK(record.body == "<p>second</p>");
}

TEST_CASE("jsonl: a line left to a worker parses to the record or error the reader gives") {
  // With defer_json_parse the reader hands out each line as it is, and
  // finish_read() parses it, here on other threads: every line must come
  // out as the same record, or the same error, as when the reader parses.
  std::string in = R"({"id":"a1","url":"http://e.org/1","html":"<p>One</p>","lang":"en","meta":{"k":[1,2]}})"
                   "\n"
                   R"({"id": 42, "text": "Two\nlines", "ok": true})"
                   "\n\n" +
                   kBadLines +
                   R"({"html":"<p>x</p>","z":tru})"
                   "\n" +
                   std::string(R"({"html":")") + std::string(5000, 'b') + "\"}\n" +
                   R"({"html":"<p>Three \u00e9</p>","k\u0065y":"v"})";
  ReaderOptions direct;
  direct.max_record_bytes = 4000;  // the long line is the reader's error either way
  ReaderOptions deferring = direct;
  deferring.defer_json_parse = true;
  std::vector<bool> direct_pending, deferred_pending;
  ReadStats direct_stats, deferred_stats;
  const std::vector<Outcome> parsed = read_outcomes(in, "mixed.jsonl", direct, false, direct_pending, direct_stats);
  const std::vector<Outcome> deferred =
      read_outcomes(in, "mixed.jsonl", deferring, true, deferred_pending, deferred_stats);
  // Every line handed out as a record is left to the worker, and only those.
  CHECK(std::count(direct_pending.begin(), direct_pending.end(), true) == 0);
  CHECK(std::count(deferred_pending.begin(), deferred_pending.end(), true) == deferred_stats.records);
  REQUIRE(parsed.size() == 10);
  CHECK(deferred == parsed);
  CHECK(parsed[0].passthrough == R"("lang":"en","meta":{"k":[1,2]})");
  CHECK(parsed[1].id == "42");
  CHECK(parsed[2].id == "mixed.jsonl#4");  // line numbers count the blank line
  CHECK(parsed[2].message.find("line 4 of mixed.jsonl") != std::string::npos);
  CHECK(parsed[7].message.find("line 9 of") != std::string::npos);
  CHECK(parsed[8].message.find("longer than the limit") != std::string::npos);
  CHECK(parsed[9].body == "<p>Three \xC3\xA9</p>");
  CHECK(parsed[9].passthrough == R"("k\u0065y":"v")");
  int records = 0;
  for (const Outcome& x : parsed) records += x.ok;
  CHECK(records == 3);
}
