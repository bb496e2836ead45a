#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <string>
#include <vector>

#include "io/record_reader.hpp"
#include "io/string_room.hpp"
#include "test_io_helpers.hpp"
#include "test_temp_tree.hpp"

using namespace winnow::io;
using namespace winnow::io::testing;
namespace fs = std::filesystem;

namespace {

// A test tree; one test locks a file, which is opened again before removal.
struct TempDir : winnow::test::TempTree {
  TempDir() : TempTree("winnow-io") {}
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path / "tree" / "locked.html", fs::perms::owner_all, ec);
  }
};

}  // namespace

TEST_CASE("inputs: directories are walked in byte order, hidden entries skipped, links do not loop") {
  TempDir t;
  t.write("tree/b.html", "<p>b</p>");
  t.write("tree/a.html", "<p>a</p>");
  t.write("tree/sub/c.txt", "text c");
  t.write("tree/sub.txt", "text sub");
  t.write("tree/B.html", "<p>B</p>");
  t.write("tree/.hidden.html", "<p>hidden</p>");
  t.write("tree/.git/config", "x");
  fs::create_directory_symlink(t.path / "tree", t.path / "tree" / "sub" / "loop");
  std::string root = (t.path / "tree").string();
  InputSet inputs({root}, {});
  CHECK(inputs.rereadable());
  for (int pass = 0; pass < 2; ++pass) {  // open() can be called again
    auto d = drain(*inputs.open());
    REQUIRE(d.errors.empty());
    std::vector<std::string> ids;
    for (auto& r : d.records) ids.push_back(r.id.substr(root.size()));
    CHECK(ids == std::vector<std::string>{"/B.html", "/a.html", "/b.html", "/sub.txt", "/sub/c.txt"});
    CHECK(d.records[4].fallback_site == "sub");
    CHECK(d.records[0].fallback_site == "tree");
    CHECK(d.records[0].body == "<p>B</p>");
    CHECK(d.records[0].kind == ContentKind::unknown);
    CHECK(d.stats.records == 5);
  }
}

TEST_CASE("inputs: paths as given, missing and unreadable files are errors naming the path") {
  TempDir t;
  t.write("tree/ok.html", "<p>ok</p>");
  t.write("tree/locked.html", "<p>secret</p>");
  t.write("tree/pages.jsonl", "{\"html\":\"<p>j1</p>\"}\n{\"text\":\"j2\"}\n");
  fs::permissions(t.path / "tree" / "locked.html", fs::perms::none);
  bool can_lock = ::access((t.path / "tree" / "locked.html").c_str(), R_OK) != 0;  // root reads anyway
  std::string ok = (t.path / "tree" / "ok.html").string();
  std::string missing = (t.path / "tree" / "missing.html").string();
  std::string locked = (t.path / "tree" / "locked.html").string();
  std::string jsonl = (t.path / "tree" / "pages.jsonl").string();
  InputSet inputs({missing, ok, locked, jsonl}, {});
  auto d = drain(*inputs.open());
  REQUIRE(d.errors.size() >= 1);
  CHECK(d.errors[0].id == missing);
  CHECK(d.errors[0].message.find("cannot") != std::string::npos);
  if (can_lock) {
    REQUIRE(d.errors.size() == 2);
    CHECK(d.errors[1].id == locked);
  }
  REQUIRE(d.records.size() >= 3);
  CHECK(d.records[0].id == ok);
  CHECK(d.records[0].fallback_site == "tree");
  CHECK(d.records[d.records.size() - 2].id == jsonl + "#1");
  CHECK(d.records.back().id == jsonl + "#2");
  CHECK(d.records.back().fallback_site.empty());
  CHECK(d.stats.records + d.stats.failed == (can_lock ? 5u : 5u));
}

TEST_CASE("inputs: stdin is not rereadable; compressed single documents are decompressed") {
  CHECK_FALSE(InputSet({}, {}).rereadable());
  CHECK_FALSE(InputSet({"a.html", "-"}, {}).rereadable());
  CHECK(InputSet({"a.html"}, {}).paths().size() == 1);

  TempDir t;
  t.write("d/page.html.gz", gzip("<html><p>zipped</p></html>"));
  t.write("d/page.zst", zstd("<html><p>zstd</p></html>"));
  t.write("d/page.bin", gzip("<p>named by content, not by suffix</p>"));
  auto d = drain(*InputSet({(t.path / "d").string()}, {}).open());
  REQUIRE(d.records.size() == 3);
  CHECK(d.records[0].body == "<p>named by content, not by suffix</p>");
  CHECK(d.records[1].body == "<html><p>zipped</p></html>");
  CHECK(d.records[2].body == "<html><p>zstd</p></html>");
}

TEST_CASE("inputs: single documents through a file descriptor, an empty one, an oversize one") {
  TempDir t;
  t.write("x.txt", "some plain text");
  int fd = ::open((t.path / "x.txt").c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  auto reader = open_stream(fd, "-", {});
  auto d = drain(*reader);
  ::close(fd);
  REQUIRE(d.records.size() == 1);
  CHECK(d.records[0].id == "-");
  CHECK(d.records[0].body == "some plain text");

  auto e = read_bytes("", "empty");
  REQUIRE(e.records.size() == 1);
  CHECK(e.records[0].body.empty());

  ReaderOptions o;
  o.max_record_bytes = 10;
  auto f = read_bytes(std::string(100, 'z'), "big.txt", o);
  CHECK(f.records.empty());
  REQUIRE(f.errors.size() == 1);
  CHECK(f.errors[0].id == "big.txt");
  CHECK(f.errors[0].message.find("max_record_bytes") != std::string::npos);

  auto g = read_bytes(gzip("<p>abc</p>").substr(0, 12), "cut.html.gz");
  CHECK(g.records.empty());
  REQUIRE(g.errors.size() == 1);
  CHECK(g.errors[0].message.find("gzip") != std::string::npos);
}

TEST_CASE("inputs: small files read whole and large files streamed give the same records") {
  TempDir t;
  // Either side of the size up to which a file is read with one read():
  // 1 MiB. A linked file and a file whose type the walk takes from its
  // directory entry must read alike.
  const std::string under((1 << 20) - 1, 'u');
  const std::string at(1 << 20, 'a');
  const std::string over((1 << 20) + 7, 'o');
  t.write("d/1.txt", under);
  t.write("d/2.txt", at);
  t.write("d/3.txt", over);
  t.write("d/4.txt", "");
  t.write("d/5.warc", response_record("urn:a", "http://a.example/x", "Content-Type: text/html\r\n", "<p>one</p>") +
                          response_record("urn:b", "http://a.example/y", "Content-Type: text/html\r\n", "<p>two</p>"));
  fs::create_symlink(t.path / "d" / "1.txt", t.path / "d" / "6.txt");
  auto d = drain(*InputSet({(t.path / "d").string()}, {}).open());
  REQUIRE(d.records.size() == 7);
  CHECK(d.records[0].body == under);
  CHECK(d.records[1].body == at);
  CHECK(d.records[2].body == over);
  CHECK(d.records[3].body.empty());
  CHECK(d.records[4].url == "http://a.example/x");
  CHECK(d.records[4].body == "<p>one</p>");
  CHECK(d.records[5].url == "http://a.example/y");
  CHECK(d.records[6].body == under);
  for (const Record& r : d.records) {
    if (r.url.empty()) CHECK(r.fallback_site == "d");
  }
  // The same files named one by one, from another directory first: the
  // site name follows each file's own directory.
  t.write("e/7.txt", "seven");
  auto e = drain(*InputSet({(t.path / "e" / "7.txt").string(), (t.path / "d" / "4.txt").string(),
                            (t.path / "e" / "7.txt").string()}, {}).open());
  REQUIRE(e.records.size() == 3);
  CHECK(e.records[0].fallback_site == "e");
  CHECK(e.records[1].fallback_site == "d");
  CHECK(e.records[2].fallback_site == "e");
  CHECK(e.records[2].body == "seven");
}

TEST_CASE("inputs: a small page file is taken as its record; limits and formats still apply") {
  TempDir t;
  t.write("s/a.html", "<p>page a</p>");
  t.write("s/b.jsonl", "{\"url\":\"http://b.example/\",\"html\":\"<p>b</p>\"}\n");
  t.write("s/c.html", std::string(60, 'c'));
  t.write("s/d.html.gz", gzip("<p>d</p>"));
  ReaderOptions o;
  o.max_record_bytes = 50;
  auto reader = InputSet({(t.path / "s").string()}, o).open();
  auto d = drain(*reader);
  REQUIRE(d.records.size() == 3);
  CHECK(d.records[0].body == "<p>page a</p>");
  CHECK(d.records[0].id == (t.path / "s" / "a.html").string());
  CHECK(d.records[0].source == d.records[0].id);
  CHECK(d.records[0].fallback_site == "s");
  CHECK(d.records[1].url == "http://b.example/");
  CHECK(d.records[1].body == "<p>b</p>");
  CHECK(d.records[2].body == "<p>d</p>");
  // Over the record limit: an error naming the file, as when streamed.
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].id == (t.path / "s" / "c.html").string());
  CHECK(d.errors[0].message.find("max_record_bytes") != std::string::npos);
  CHECK(d.stats.records == 3);
  CHECK(d.stats.failed == 1);
}

TEST_CASE("inputs: one record reused for every page holds exactly each page's bytes") {
  // The reader reads into the room the record's last body left, and does
  // not zero it first: a shorter page after a longer one must not carry
  // the longer one's tail, and a longer one must be read whole.
  TempDir t;
  const std::string long_page = "<p>" + std::string(5000, 'x') + "</p>";
  t.write("r/1.html", long_page);
  t.write("r/2.html", "<p>short</p>");
  t.write("r/3.html", long_page + long_page);
  t.write("r/4.html", "");
  auto reader = InputSet({(t.path / "r").string()}, ReaderOptions{}).open();
  Record record;
  RecordError error;
  std::vector<std::string> bodies;
  while (reader->next(record, error) == RecordReader::kRecord) bodies.push_back(record.body);
  REQUIRE(bodies.size() == 4);
  CHECK(bodies[0] == long_page);
  CHECK(bodies[1] == "<p>short</p>");
  CHECK(bodies[2] == long_page + long_page);
  CHECK(bodies[3].empty());
}

namespace {

struct DeferredRead {
  bool pending;      // handed out with the rest of its file unread
  std::string head;  // the body as handed out
  std::string body;  // the body once the rest is read
};

// Reads every record under `dir` with deferred reads into one reused
// record, as a pool's slot is reused, finishing each as a worker does.
std::vector<DeferredRead> read_deferred(const std::filesystem::path& dir) {
  ReaderOptions deferred;
  deferred.defer_file_reads = true;
  auto reader = InputSet({dir.string()}, deferred).open();
  Record record;
  RecordError error;
  std::vector<DeferredRead> reads;
  while (reader->next(record, error) == RecordReader::kRecord) {
    DeferredRead& r = reads.emplace_back(DeferredRead{record.rest.pending(), record.body, {}});
    REQUIRE(finish_read(record, deferred.max_record_bytes, error));
    CHECK_FALSE(record.rest.pending());
    r.body = record.body;
  }
  return reads;
}

// The first record under `dir`, handed out with the rest of its file unread.
Record first_pending(const std::filesystem::path& dir, const ReaderOptions& options) {
  auto reader = InputSet({dir.string()}, options).open();
  Record record;
  RecordError error;
  REQUIRE(reader->next(record, error) == RecordReader::kRecord);
  REQUIRE(record.rest.pending());
  return record;
}

}  // namespace

TEST_CASE("inputs: deferred reads hand out a page's head, archives whole, and the rest reads as before") {
  TempDir t;
  const std::string page = "<!doctype html><p>" + std::string(9000, 'p') + "</p>";
  const std::string jsonl_page = "{\"url\":\"http://j.example/\",\"html\":\"<p>" + std::string(5000, 'j') + "</p>\"}\n";
  const std::string warc = response_record("urn:a", "http://a.example/x", "Content-Type: text/html\r\n",
                                           "<p>" + std::string(5000, 'w') + "</p>");
  t.write("f/1.html", page);
  t.write("f/2.jsonl", jsonl_page);
  t.write("f/3.warc", warc);
  t.write("f/4.html", "<p>small</p>");
  t.write("f/5.html.gz", gzip(page));
  t.write("f/6.html", std::string(5000, ' ') + "<p>blank head</p>");
  const std::vector<DeferredRead> reads = read_deferred(t.path / "f");
  std::vector<std::string> bodies;
  std::vector<bool> were_pending;
  for (const DeferredRead& r : reads) {
    bodies.push_back(r.body);
    were_pending.push_back(r.pending);
  }
  // Only the page too large to fit the head, whose head says it is a page,
  // is left for a worker: a JSON Lines file, an archive, a compressed file
  // and a head of nothing but spaces are read whole, in order.
  CHECK(were_pending == std::vector<bool>{true, false, false, false, false, false});
  REQUIRE(bodies.size() == 6);
  CHECK(page.starts_with(reads[0].head));  // only the head before the worker's read
  CHECK(reads[0].head.size() < page.size());
  CHECK(bodies[0] == page);
  CHECK(bodies[1] == "<p>" + std::string(5000, 'j') + "</p>");
  CHECK(bodies[2] == "<p>" + std::string(5000, 'w') + "</p>");
  CHECK(bodies[3] == "<p>small</p>");
  CHECK(bodies[4] == page);
  CHECK(bodies[5] == std::string(5000, ' ') + "<p>blank head</p>");
}

TEST_CASE("inputs: a deferred page read into the room of a smaller page is the file's bytes") {
  // The record is reused from file to file, as a pool's slot reuses it:
  // its body keeps the last page's room, here between 2 and 4 KiB, which
  // the head of the next page grows.
  TempDir t;
  const std::string small = "<p>" + std::string(3000, 's') + "</p>";
  std::string large = "<!doctype html><title>t</title>";
  for (int i = 0; large.size() < 20000; ++i) large += "<p>paragraph " + std::to_string(i) + "</p>\n";
  t.write("r/1.html", small);
  t.write("r/2.html", large);
  t.write("r/3.html", small);
  t.write("r/4.html", large);
  std::vector<std::string> bodies;
  for (const DeferredRead& r : read_deferred(t.path / "r")) bodies.push_back(r.body);
  CHECK(bodies == std::vector<std::string>{small, large, small, large});
}

TEST_CASE("inputs: a deferred file that grows is read to its end, past the limit it is an error") {
  TempDir t;
  const std::string page = "<p>" + std::string(6000, 'g') + "</p>";
  t.write("g/1.html", page);
  ReaderOptions deferred;
  deferred.defer_file_reads = true;
  deferred.max_record_bytes = 10000;
  for (const std::size_t extra : {std::size_t{1000}, std::size_t{20000}}) {
    t.write("g/1.html", page);
    Record record = first_pending(t.path / "g", deferred);
    RecordError error;
    std::ofstream(t.path / "g" / "1.html", std::ios::binary | std::ios::app) << std::string(extra, 'x');
    if (extra < 10000) {
      REQUIRE(finish_read(record, deferred.max_record_bytes, error));
      CHECK(record.body == page + std::string(extra, 'x'));
    } else {
      CHECK_FALSE(finish_read(record, deferred.max_record_bytes, error));
      CHECK(error.id == (t.path / "g" / "1.html").string());
      CHECK(error.message.find("max_record_bytes") != std::string::npos);
      CHECK(record.body.empty());
    }
    CHECK_FALSE(record.rest.pending());
  }
}

TEST_CASE("inputs: a deferred page of any size reads as a direct read gives it, past the limit too") {
  // A file the walk found regular is handed out after its head alone, its
  // size unknown until the worker asks: a page over 1 MiB (which a direct
  // read streams) and one over the limit (an error) must come out as a
  // direct read gives them, in the same words.
  TempDir t;
  const std::string big = "<!doctype html><p>" + std::string(1500000, 'b') + "</p>";
  const std::string over = "<p>" + std::string(40000, 'o') + "</p>";
  t.write("s/1.html", big);
  t.write("s/2.html", over);
  t.write("s/3.html", "<p>" + std::string(4093, 'x'));  // exactly the head's 4 KiB
  ReaderOptions direct;
  direct.max_record_bytes = 2000000;
  for (const std::uint64_t limit : {std::uint64_t{2000000}, std::uint64_t{30000}}) {
    direct.max_record_bytes = limit;
    ReaderOptions deferred = direct;
    deferred.defer_file_reads = true;
    auto direct_reader = InputSet({(t.path / "s").string()}, direct).open();
    auto deferred_reader = InputSet({(t.path / "s").string()}, deferred).open();
    for (int file = 0; file < 3; ++file) {
      CAPTURE(limit);
      CAPTURE(file);
      Record a, b;
      RecordError ea, eb;
      const auto sa = direct_reader->next(a, ea);
      const auto sb = deferred_reader->next(b, eb);
      REQUIRE(sb == RecordReader::kRecord);
      CHECK(b.rest.pending());
      const bool finished = finish_read(b, deferred.max_record_bytes, eb);
      CHECK(finished == (sa == RecordReader::kRecord));
      if (finished) {
        CHECK(b.body == a.body);
        CHECK(b.id == a.id);
        CHECK(b.fallback_site == a.fallback_site);
      } else {
        CHECK(eb.id == ea.id);
        CHECK(eb.message == ea.message);
        CHECK(b.body.empty());
      }
    }
  }
}

TEST_CASE("inputs: a deferred file cut short after its head is read to its new end") {
  TempDir t;
  const std::string page = "<p>" + std::string(9000, 'c') + "</p>";
  t.write("c/1.html", page);
  ReaderOptions deferred;
  deferred.defer_file_reads = true;
  Record record = first_pending(t.path / "c", deferred);
  RecordError error;
  std::filesystem::resize_file(t.path / "c" / "1.html", 5000);
  REQUIRE(finish_read(record, deferred.max_record_bytes, error));
  CHECK(record.body == page.substr(0, 5000));
  CHECK_FALSE(record.rest.pending());
}

TEST_CASE("resize_for_overwrite keeps the bytes before the old size and sets the new size") {
  std::string s = "abc";
  resize_for_overwrite(s, 1000);
  CHECK(s.size() == 1000);
  CHECK(s.compare(0, 3, "abc") == 0);
  CHECK(s.c_str()[1000] == '\0');
  std::fill(s.begin() + 3, s.end(), 'z');
  resize_for_overwrite(s, 5);
  CHECK(s == "abczz");
  // Grown by less than its capacity doubles: the size is what was asked,
  // not the capacity the library chose.
  std::string t(3000, 'x');
  resize_for_overwrite(t, 4096);
  CHECK(t.size() == 4096);
  CHECK(t.compare(0, 3000, std::string(3000, 'x')) == 0);
}
