#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "io/record_reader.hpp"
#include "test_io_helpers.hpp"

using namespace winnow::io;
using namespace winnow::io::testing;

namespace {

const std::string kPage1 = "<html><body><p>First page about gardens.</p></body></html>";
const std::string kPage2 = "<html><body><p>Second page about rivers.</p></body></html>";

std::string sample_warc_records(std::vector<std::string>& out) {
  out.clear();
  out.push_back(warc_record("warcinfo", "urn:uuid:info", "", "application/warc-fields", "software: test\r\n"));
  out.push_back(warc_record("request", "urn:uuid:req1", "http://example.org/a", "application/http; msgtype=request",
                            "GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"));
  out.push_back(response_record("urn:uuid:resp1", "<http://example.org/a>",
                                "Content-Type: text/html; charset=ISO-8859-1\r\n", kPage1));
  out.push_back(warc_record("metadata", "urn:uuid:meta1", "http://example.org/a", "application/warc-fields",
                            "via: http://example.org/\r\n"));
  out.push_back(response_record("urn:uuid:img", "http://example.org/logo.png", "Content-Type: image/png\r\n",
                                std::string("\x89PNG\r\n\x1a\n\0\0", 10)));
  out.push_back(warc_record("revisit", "urn:uuid:rev", "http://example.org/a", "application/http; msgtype=response",
                            "HTTP/1.1 304 Not Modified\r\n\r\n"));
  out.push_back(response_record("", "http://example.org/b", "Content-Type: text/html\r\n", kPage2));
  std::string all;
  for (auto& r : out) all += r;
  return all;
}

}  // namespace

TEST_CASE("warc: response records come out, the rest is skipped and counted") {
  std::vector<std::string> recs;
  auto d = read_bytes(sample_warc_records(recs), "crawl.warc");
  REQUIRE(d.errors.empty());
  REQUIRE(d.records.size() == 2);
  CHECK(d.records[0].id == "urn:uuid:resp1");
  CHECK(d.records[0].url == "http://example.org/a");
  CHECK(d.records[0].body == kPage1);
  CHECK(d.records[0].charset == "ISO-8859-1");
  CHECK(d.records[0].kind == ContentKind::html);
  CHECK(d.records[1].id == "crawl.warc#7");  // no WARC-Record-ID: name and ordinal
  CHECK(d.records[1].body == kPage2);
  CHECK(d.records[1].charset.empty());
  CHECK(d.stats.records == 2);
  CHECK(d.stats.skipped == 5);
  CHECK(d.stats.failed == 0);
}

TEST_CASE("warc: gzip with one member per record, and whole-file gzip and zstd") {
  std::vector<std::string> recs;
  std::string plain = sample_warc_records(recs);
  std::string members;
  for (auto& r : recs) members += gzip(r);
  for (const std::string& bytes : {members, gzip(plain), zstd(plain)}) {
    auto d = read_bytes(bytes, "crawl.warc.gz");
    CHECK(d.errors.empty());
    REQUIRE(d.records.size() == 2);
    CHECK(d.records[1].body == kPage2);
    CHECK(d.stats.records + d.stats.skipped + d.stats.failed == recs.size());
  }
}

TEST_CASE("warc: chunked transfer encoding and gzip/deflate/br/zstd content encodings are undone") {
  auto hex = [](std::size_t n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%zx", n);
    return std::string(buf);
  };
  std::string part1 = "<html><body><p>Chunked ", part2 = "content arrives.</p>";
  std::string chunked = hex(part1.size()) + "\r\n" + part1 + "\r\n" + hex(part2.size()) + ";ext=1\r\n" + part2 +
                        "\r\n0\r\n\r\n";
  std::string compressed = gzip(kPage1);
  std::string all =
      response_record("urn:uuid:c1", "http://example.org/c", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked) +
      response_record("urn:uuid:c2", "http://example.org/g", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", compressed) +
      response_record("urn:uuid:c3", "http://example.org/d", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", zlib_deflate(kPage2, true)) +
      response_record("urn:uuid:c4", "http://example.org/br", "Content-Type: text/html\r\nContent-Encoding: br\r\n", brotli(kPage1)) +
      response_record("urn:uuid:c5", "http://example.org/z", "Content-Type: text/html\r\nContent-Encoding: zstd\r\n", zstd(kPage2)) +
      response_record("urn:uuid:c6", "http://example.org/x", "Content-Type: text/html\r\nContent-Encoding: compress\r\n", "\x1f\x9d\x90");
  auto d = read_bytes(all);
  REQUIRE(d.records.size() == 5);
  CHECK(d.records[0].body == "<html><body><p>Chunked content arrives.</p>");
  CHECK(d.records[1].body == kPage1);
  CHECK(d.records[2].body == kPage2);
  CHECK(d.records[3].body == kPage1);
  CHECK(d.records[4].body == kPage2);
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].id == "urn:uuid:c6");
  CHECK(d.errors[0].message.find("unsupported Content-Encoding") != std::string::npos);
  CHECK(d.stats.failed == 1);
}

TEST_CASE("warc: truncated, corrupt and oversized br/zstd bodies are errors naming the record") {
  std::string page(200000, 'w');
  std::string br = brotli(kPage1), zs = zstd(kPage2);
  std::string all =
      response_record("urn:uuid:t1", "http://example.org/1", "Content-Type: text/html\r\nContent-Encoding: br\r\n", br.substr(0, br.size() / 2)) +
      response_record("urn:uuid:t2", "http://example.org/2", "Content-Type: text/html\r\nContent-Encoding: zstd\r\n", zs.substr(0, zs.size() - 3)) +
      response_record("urn:uuid:t3", "http://example.org/3", "Content-Type: text/html\r\nContent-Encoding: br\r\n", "not brotli at all") +
      response_record("urn:uuid:t4", "http://example.org/4", "Content-Type: text/html\r\nContent-Encoding: zstd\r\n", "not zstd either") +
      response_record("urn:uuid:t5", "http://example.org/5", "Content-Type: text/html\r\nContent-Encoding: br\r\n", brotli(page)) +
      response_record("urn:uuid:t6", "http://example.org/6", "Content-Type: text/html\r\nContent-Encoding: zstd\r\n", zstd(page)) +
      response_record("urn:uuid:t7", "http://example.org/7", "Content-Type: text/html\r\n", kPage1);
  ReaderOptions o;
  o.max_record_bytes = 100000;  // the archive's records fit; the decoded 200 KB pages do not
  auto d = read_bytes(all, "x.warc", o);
  REQUIRE(d.records.size() == 1);
  CHECK(d.records[0].body == kPage1);
  REQUIRE(d.errors.size() == 6);
  CHECK(d.errors[0].id == "urn:uuid:t1");
  CHECK(d.errors[0].message.find("truncated") != std::string::npos);
  CHECK(d.errors[1].message.find("truncated") != std::string::npos);
  CHECK(d.errors[2].message.find("corrupt") != std::string::npos);
  CHECK(d.errors[3].message.find("corrupt") != std::string::npos);
  CHECK(d.errors[4].message.find("record size limit") != std::string::npos);
  CHECK(d.errors[5].message.find("record size limit") != std::string::npos);
  CHECK(d.stats.failed == 6);
}

TEST_CASE("warc: wrong Content-Length is an error naming the record, then the reader resynchronises") {
  std::string good1 = response_record("urn:uuid:g1", "http://example.org/1", "Content-Type: text/html\r\n", kPage1);
  std::string block = http_response("Content-Type: text/html\r\n", kPage2);
  std::string too_short = warc_record("response", "urn:uuid:short", "http://example.org/s",
                                      "application/http; msgtype=response", block, static_cast<long long>(block.size()) - 20);
  std::string too_long = warc_record("response", "urn:uuid:long", "http://example.org/l",
                                     "application/http; msgtype=response", block, static_cast<long long>(block.size()) + 40);
  std::string good2 = response_record("urn:uuid:g2", "http://example.org/2", "Content-Type: text/html\r\n", kPage2);
  std::string good3 = response_record("urn:uuid:g3", "http://example.org/3", "Content-Type: text/plain\r\n", "plain words");
  auto d = read_bytes(good1 + too_short + good2 + too_long + good3, "x.warc");
  REQUIRE(d.errors.size() == 2);
  CHECK(d.errors[0].id == "urn:uuid:short");
  CHECK(d.errors[0].message.find("Content-Length") != std::string::npos);
  CHECK(d.errors[0].message.find("x.warc") != std::string::npos);
  CHECK(d.errors[1].id == "urn:uuid:long");
  REQUIRE(d.records.size() == 3);
  CHECK(d.records[0].id == "urn:uuid:g1");
  CHECK(d.records[1].id == "urn:uuid:g2");
  CHECK(d.records[2].id == "urn:uuid:g3");  // rewound from inside the over-long block
  CHECK(d.records[2].kind == ContentKind::text);
  CHECK(d.stats.records + d.stats.skipped + d.stats.failed == 5);
}

TEST_CASE("warc: a truncated gzip member is an error for that record; the next members still read") {
  std::string r1 = response_record("urn:uuid:t1", "http://example.org/1", "Content-Type: text/html\r\n", kPage1);
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "<p>Paragraph " + std::to_string(i * 7919 % 10007) + " of a long page.</p>\n";
  std::string r2 = response_record("urn:uuid:t2", "http://example.org/2", "Content-Type: text/html\r\n", big);
  std::string r3 = response_record("urn:uuid:t3", "http://example.org/3", "Content-Type: text/html\r\n", kPage2);
  std::string m2 = gzip(r2);
  std::string bytes = gzip(r1) + m2.substr(0, m2.size() / 2) + gzip(r3);
  auto d = read_bytes(bytes, "cut.warc.gz");
  REQUIRE(d.errors.size() >= 1);
  CHECK(d.errors[0].id == "urn:uuid:t2");
  CHECK(d.errors[0].message.find("gzip") != std::string::npos);
  REQUIRE(d.records.size() == 2);
  CHECK(d.records[0].id == "urn:uuid:t1");
  CHECK(d.records[1].id == "urn:uuid:t3");
  CHECK(d.records[1].body == kPage2);

  // Truncated at the very end of the file.
  auto e = read_bytes(gzip(r1) + m2.substr(0, m2.size() - 10), "end.warc.gz");
  REQUIRE(e.records.size() == 1);
  REQUIRE(e.errors.size() == 1);
  CHECK(e.errors[0].id == "urn:uuid:t2");
  CHECK(e.stats.records + e.stats.failed == 2);
}

TEST_CASE("warc: a record over max_record_bytes is skipped as an error, streaming") {
  std::string big(200000, 'x');
  std::string all = response_record("urn:uuid:big", "http://example.org/big", "Content-Type: text/html\r\n", big) +
                    response_record("urn:uuid:small", "http://example.org/s", "Content-Type: text/html\r\n", kPage1);
  ReaderOptions o;
  o.max_record_bytes = 100000;
  auto d = read_bytes(gzip(all), "big.warc.gz", o);
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].id == "urn:uuid:big");
  CHECK(d.errors[0].message.find("max_record_bytes") != std::string::npos);
  REQUIRE(d.records.size() == 1);
  CHECK(d.records[0].id == "urn:uuid:small");
}

TEST_CASE("warc: WET conversion records and resource records") {
  std::string all = warc_record("conversion", "urn:uuid:wet1", "http://example.org/a", "text/plain",
                                "Plain extracted text.\nSecond line.") +
                    warc_record("resource", "urn:uuid:res1", "file:///page.html", "text/html; charset=utf-8", kPage1) +
                    warc_record("resource", "urn:uuid:res2", "file:///doc.pdf", "application/pdf", "%PDF-1.4");
  auto d = read_bytes(all, "x.wet");
  REQUIRE(d.records.size() == 2);
  CHECK(d.records[0].kind == ContentKind::text);
  CHECK(d.records[0].body == "Plain extracted text.\nSecond line.");
  CHECK(d.records[1].kind == ContentKind::html);
  CHECK(d.records[1].charset == "utf-8");
  CHECK(d.stats.skipped == 1);
}

TEST_CASE("warc: optional skipping of non-2xx responses") {
  std::string all = response_record("urn:uuid:ok", "http://e.org/", "Content-Type: text/html\r\n", kPage1) +
                    response_record("urn:uuid:nf", "http://e.org/x", "Content-Type: text/html\r\n", kPage2, 404);
  CHECK(read_bytes(all).records.size() == 2);
  ReaderOptions o;
  o.warc_only_2xx = true;
  auto d = read_bytes(all, "m", o);
  CHECK(d.records.size() == 1);
  CHECK(d.stats.skipped == 1);
}

TEST_CASE("warc: garbage before the first record is reported, then records are read") {
  std::string all = "WARC/1.0\r\nbroken header without end";
  all += "\r\n\r\ngarbage\r\n";
  all += response_record("urn:uuid:after", "http://e.org/", "Content-Type: text/html\r\n", kPage1);
  auto d = read_bytes(all, "g.warc");
  CHECK(d.errors.size() == 1);
  REQUIRE(d.records.size() == 1);
  CHECK(d.records[0].id == "urn:uuid:after");
}

TEST_CASE("warc: the archive.org 2008 crawl reads whole and the counts add up") {
  std::string path = std::string(WINNOW_SHARED_DIR) + "/corpus/warc/archive-org-2008.warc.gz";
  std::ifstream probe(path);
  if (!probe) {
    MESSAGE("skipped: " << path << " not found");
    return;
  }
  InputSet inputs({path}, ReaderOptions{});
  auto reader = inputs.open();
  auto d = drain(*reader);
  for (auto& e : d.errors) MESSAGE(e.id << ": " << e.message);
  CHECK(d.errors.empty());
  std::size_t html = 0, text = 0;
  for (auto& r : d.records) {
    if (r.kind == ContentKind::html) ++html;
    if (r.kind == ContentKind::text) ++text;
    CHECK(!r.url.empty());
    CHECK(r.id.rfind("urn:uuid:", 0) == 0);
  }
  CHECK(d.stats.records + d.stats.skipped + d.stats.failed == 822);  // WARC records in the file
  CHECK(html == 140);
  CHECK(text == 37);
  CHECK(d.stats.records == 177);
}

#include "io/stream_reader.hpp"


TEST_CASE("readers: results do not depend on how the input is chunked") {
  std::vector<std::string> recs;
  std::string plain = sample_warc_records(recs);
  std::string members;
  for (auto& r : recs) members += gzip(r);
  std::string jsonl = "{\"id\":1,\"html\":\"<p>a</p>\",\"x\":[1,2]}\n{\"text\":\"b\"}\nnot json\n";
  for (const std::string& bytes : {plain, members, zstd(plain), jsonl}) {
    auto whole = read_bytes(bytes, "in");
    for (unsigned seed = 1; seed <= 5; ++seed) {
      auto reader = make_stream_reader(std::make_unique<ChoppySource>(bytes, seed), StreamInfo{"in", "in", {}}, {});
      auto d = drain(*reader);
      REQUIRE(d.records.size() == whole.records.size());
      for (std::size_t i = 0; i < d.records.size(); ++i) {
        CHECK(d.records[i].id == whole.records[i].id);
        CHECK(d.records[i].body == whole.records[i].body);
        CHECK(d.records[i].passthrough_json == whole.records[i].passthrough_json);
      }
      CHECK(d.errors.size() == whole.errors.size());
      CHECK(d.stats.skipped == whole.stats.skipped);
    }
  }
}

// A block followed by a long run of blank lines, then text that is not a
// record: the reader looks past the whole run before it judges, so the
// damage reads the same whether the bytes come whole or a few at a time
// (read in pieces of up to 97 bytes, the run once looked like the end of
// the input when a read stopped inside it).
TEST_CASE("readers: a length that ends in a run of blank lines reads the same in pieces") {
  const std::string page = "<p>a page</p>";
  const std::string http = http_response("Content-Type: text/html\r\n", page);
  // The first record's block is followed by 300 blank bytes and a line of
  // text where its trailer and the next record should be.
  std::string bytes = warc_record("response", "urn:uuid:a", "http://a.example/", "application/http", http);
  bytes.resize(bytes.size() - 4);
  bytes += std::string(300, '\r') + "not a record\r\n";
  bytes += warc_record("response", "urn:uuid:b", "http://a.example/b", "application/http", http);
  const auto whole = read_bytes(bytes, "in");
  REQUIRE(whole.errors.size() == 1);
  CHECK(whole.errors[0].message.find("does not end at a record boundary") != std::string::npos);
  REQUIRE(whole.records.size() == 1);
  CHECK(whole.records[0].id == "urn:uuid:b");
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    auto reader = make_stream_reader(std::make_unique<ChoppySource>(bytes, seed), StreamInfo{"in", "in", {}}, {});
    const auto d = drain(*reader);
    REQUIRE(d.records.size() == whole.records.size());
    CHECK(d.records[0].id == whole.records[0].id);
    REQUIRE(d.errors.size() == whole.errors.size());
    CHECK(d.errors[0].message == whole.errors[0].message);
    CHECK(d.stats.skipped == whole.stats.skipped);
  }
}

TEST_CASE("warc: a body left to a worker decodes to the page or error the reader gives") {
  // With defer_http_decode the reader hands out each kept response as its
  // HTTP message and finish_read() decodes the body, here on other threads:
  // every record must come out as the same page, or the same error, as when
  // the reader decodes, and skipped records are skipped either way.
  auto hex = [](std::size_t n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%zx", n);
    return std::string(buf);
  };
  const std::string part1 = "<html><body><p>Chunked ", part2 = "content arrives.</p>";
  const std::string chunked = hex(part1.size()) + "\r\n" + part1 + "\r\n" + hex(part2.size()) + "\r\n" + part2 +
                              "\r\n0\r\n\r\n";
  const std::string big(150000, 'q');
  const std::string gz = gzip(kPage1);
  const std::string html = "Content-Type: text/html\r\n";
  std::string all =
      response_record("urn:uuid:d1", "http://example.org/1", html, kPage1) +
      response_record("urn:uuid:d2", "http://example.org/2", html + "Transfer-Encoding: chunked\r\n", chunked) +
      response_record("urn:uuid:d3", "http://example.org/3", html + "Content-Encoding: gzip\r\n", gz) +
      response_record("urn:uuid:d4", "http://example.org/4", html + "Content-Encoding: gzip\r\n", gz + gzip(kPage2)) +
      response_record("urn:uuid:d5", "http://example.org/5", html + "Content-Encoding: gzip\r\n", kPage2) +
      response_record("urn:uuid:d6", "http://example.org/6", html + "Content-Encoding: gzip\r\n",
                      gz.substr(0, gz.size() - 6)) +
      response_record("urn:uuid:d7", "http://example.org/7", html + "Content-Encoding: gzip\r\n",
                      gz.substr(0, 12) + std::string(gz.size() - 12, 'x')) +
      response_record("urn:uuid:d8", "http://example.org/8", html + "Content-Encoding: gzip\r\n", gzip(big)) +
      response_record("urn:uuid:d9", "http://example.org/9",
                      html + "Transfer-Encoding: chunked\r\nContent-Encoding: deflate\r\n",
                      hex(zlib_deflate(kPage2, false).size()) + "\r\n" + zlib_deflate(kPage2, false) + "\r\n0\r\n\r\n") +
      response_record("urn:uuid:d10", "http://example.org/10", html + "Transfer-Encoding: chunked\r\n", "zz\r\nbroken") +
      response_record("urn:uuid:d11", "http://example.org/11", html + "Content-Encoding: br\r\n", brotli(kPage1)) +
      response_record("urn:uuid:d12", "http://example.org/12", html + "Content-Encoding: compress\r\n", "\x1f\x9d\x90") +
      response_record("urn:uuid:d13", "http://example.org/13.png", "Content-Type: image/png\r\n", "\x89PNG") +
      response_record("urn:uuid:d14", "http://example.org/14", html + "Content-Encoding: zstd\r\n", zstd(kPage2));
  ReaderOptions direct;
  direct.max_record_bytes = 100000;  // the archive's records fit; the 150 KB page does not
  ReaderOptions deferring = direct;
  deferring.defer_http_decode = true;
  std::vector<bool> direct_pending, deferred_pending;
  ReadStats parsed_stats, deferred_stats;
  const std::vector<Outcome> parsed = read_outcomes(all, "x.warc", direct, false, direct_pending, parsed_stats);
  const std::vector<Outcome> deferred = read_outcomes(all, "x.warc", deferring, true, deferred_pending, deferred_stats);
  // Every response handed out is left to the worker, and only with the option.
  CHECK(std::count(direct_pending.begin(), direct_pending.end(), true) == 0);
  CHECK(std::count(deferred_pending.begin(), deferred_pending.end(), true) == deferred_stats.records);
  REQUIRE(parsed.size() == 13);  // the image is skipped
  CHECK(deferred == parsed);
  CHECK(parsed[0].body == kPage1);
  CHECK(parsed[1].body == "<html><body><p>Chunked content arrives.</p>");
  CHECK(parsed[2].body == kPage1);
  CHECK(parsed[3].body == kPage1 + kPage2);  // two gzip members are one body
  CHECK(parsed[4].body == kPage2);           // no gzip magic: stored decoded
  CHECK(parsed[5].message.find("truncated") != std::string::npos);
  CHECK(parsed[6].message.find("corrupt") != std::string::npos);
  CHECK(parsed[7].message.find("record size limit") != std::string::npos);
  CHECK(parsed[8].body == kPage2);
  CHECK(parsed[9].message.find("broken chunked") != std::string::npos);
  CHECK(parsed[9].message.find("(x.warc record 10, offset") != std::string::npos);
  CHECK(parsed[10].body == kPage1);
  CHECK(parsed[11].message.find("unsupported Content-Encoding") != std::string::npos);
  CHECK(parsed[12].body == kPage2);
  CHECK(parsed_stats.skipped == 1);
  CHECK(deferred_stats.skipped == 1);
  CHECK(parsed_stats.records + parsed_stats.failed == deferred_stats.records);
}
