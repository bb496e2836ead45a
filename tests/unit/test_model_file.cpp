// Model files: round trip, and a clear error (never a crash) for every
// truncation, every flipped byte and structurally bad files.
#include <doctest/doctest.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "model/site_model_impl.hpp"
#include "test_model_pages.hpp"

namespace {

using namespace winnow;
namespace fs = std::filesystem;

SiteModel small_model(std::uint64_t budget = 0) {
  SiteModel model;
  model.set_budget_bytes(budget);
  Cleaner cleaner;
  for (const test::TestPage& p : test::make_pages(2, 6)) cleaner.count(p.input(), model);
  // HTML pages add container signatures, so every check covers that list too.
  for (const test::TestPage& p : test::make_html_pages(2, 3, 11)) cleaner.count(p.input(), model);
  return model;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("winnow-model-test-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

void write_file(const fs::path& p, std::string_view bytes) {
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Rewrites the trailing checksum so that only the structural checks can object.
std::string with_checksum(std::string bytes) {
  std::uint64_t sum = XXH3_64bits(bytes.data(), bytes.size() - 8);
  std::memcpy(bytes.data() + bytes.size() - 8, &sum, 8);
  return bytes;
}

// Parses `bytes` as a model in memory, and again as a file read in chunks
// of 4 KiB (as load() reads one, in chunks of 1 MiB): both must give the
// same verdict, the same message and the same model.
bool parses(std::string_view bytes, std::string* message = nullptr) {
  SiteModel::Impl impl;
  std::string error;
  bool ok = parse_model(bytes, impl, error);
  if (!ok) REQUIRE_FALSE(error.empty());
  const int fd = ::memfd_create("model", MFD_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::pwrite(fd, bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size()));
  SiteModel::Impl from_file;
  std::string file_error;
  const bool file_ok = parse_model_file(fd, bytes.size(), from_file, file_error, 4096);
  ::close(fd);
  REQUIRE(file_ok == ok);
  REQUIRE(file_error == error);
  if (ok) REQUIRE(serialize_model(from_file) == serialize_model(impl));
  if (message) *message = error;
  return ok;
}

}  // namespace

TEST_CASE("a model survives save and load unchanged") {
  TempDir dir;
  for (std::uint64_t budget : {std::uint64_t{0}, small_model().memory_bytes() / 3}) {
    SiteModel model = small_model(budget);
    const std::string path = (dir.path / "m.model").string();
    std::string error;
    REQUIRE(model.save(path, &error));
    CHECK_FALSE(fs::exists(path + ".tmp"));
    SiteModel loaded;
    REQUIRE(loaded.load(path, &error));
    CHECK(serialize_model(loaded.impl()) == serialize_model(model.impl()));
    CHECK(loaded.budget_bytes() == budget);
    CHECK(loaded.memory_bytes() == model.memory_bytes());
    CHECK(loaded.sites().size() == 2);
    CHECK(loaded.top_blocks(loaded.sites()[0].site, 3).size() == (budget ? loaded.top_blocks(loaded.sites()[0].site, 3).size() : 3));
  }
}

TEST_CASE("large tables are written in key order, their keys spread or clustered") {
  // Lists of 8,192 entries and more are sorted by their top bits first;
  // parse_model() refuses a list out of order, so a round trip checks it.
  // Clustered keys (all sharing their top 16 bits) land in a single range.
  for (std::uint64_t spread : {std::uint64_t{0x9E3779B97F4A7C15}, std::uint64_t{1}}) {
    SiteModel::Impl impl;
    std::vector<std::uint64_t> fingerprints;
    for (std::uint64_t i = 1; i <= 20000; ++i) fingerprints.push_back(i * spread);
    impl.add_page("big.example", fingerprints, {});
    impl.add_page("big.example", std::span(fingerprints).first(5000), {});
    const std::string bytes = serialize_model(impl);
    REQUIRE(bytes.size() > 50 * 4096);  // read in many chunks, and its lists in many batches, by parses()
    REQUIRE(parses(bytes));
    SiteModel::Impl loaded;
    std::string error;
    REQUIRE_MESSAGE(parse_model(bytes, loaded, error), error);
    const SiteTable* table = loaded.find("big.example");
    REQUIRE(table != nullptr);
    CHECK(table->counts.size() == 20000);
    CHECK(table->counts.get(fingerprints[0]) == 2);
    CHECK(table->counts.get(fingerprints[19999]) == 1);
    CHECK(serialize_model(loaded) == bytes);
  }
}

TEST_CASE("every truncation of a model file is a clear error") {
  const std::string bytes = serialize_model(small_model().impl());
  REQUIRE(bytes.size() > 200);
  REQUIRE(parses(bytes));
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    REQUIRE_FALSE(parses(std::string_view(bytes).substr(0, n)));
  }
  std::string message;
  CHECK_FALSE(parses(std::string_view(bytes).substr(0, bytes.size() - 1), &message));
  CHECK(message.find("truncated") != std::string::npos);
  CHECK_FALSE(parses(bytes + "x", &message));
}

TEST_CASE("every flipped byte of a model file is a clear error") {
  const std::string bytes = serialize_model(small_model().impl());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xFF}) {
      std::string broken = bytes;
      broken[i] = static_cast<char>(broken[i] ^ mask);
      CAPTURE(i);
      REQUIRE_FALSE(parses(broken));
    }
  }
}

TEST_CASE("container signatures survive save and load, and files of versions 2 and 3 ask to learn again") {
  SiteModel model;
  Cleaner cleaner;
  for (const test::TestPage& p : test::make_html_pages(2, 12)) cleaner.count(p.input(), model);
  const std::string bytes = serialize_model(model.impl());
  SiteModel::Impl loaded;
  std::string error;
  REQUIRE(parse_model(bytes, loaded, error));
  std::size_t containers = 0;
  for (const auto& [name, table] : loaded.sites) {
    containers += table.containers.size();
    const SiteTable* original = model.impl().find(name);
    REQUIRE(original != nullptr);
    original->containers.for_each(
        [&](const CountTable::Slot& s) { CHECK(table.containers.get(s.key) == s.count); });
  }
  CHECK(containers > 0);
  CHECK(serialize_model(loaded) == bytes);
  std::string v2 = bytes;
  v2[8] = 2;
  std::string message;
  CHECK_FALSE(parses(with_checksum(v2), &message));
  CHECK(message.find("version 2") != std::string::npos);
  CHECK(message.find("learn the model again") != std::string::npos);
  // Version 3 has this layout but the fingerprints of the old token and
  // shingle hashes: its counts would match nothing.
  std::string v3 = bytes;
  v3[8] = 3;
  CHECK_FALSE(parses(with_checksum(v3), &message));
  CHECK(message.find("version 3") != std::string::npos);
  CHECK(message.find("learn the model again") != std::string::npos);
}

TEST_CASE("structurally bad files with a valid checksum are refused") {
  const std::string bytes = serialize_model(small_model().impl());
  std::string message;
  // Version field.
  std::string v1 = bytes;
  v1[8] = 1;
  CHECK_FALSE(parses(with_checksum(v1), &message));
  CHECK(message.find("version 1") != std::string::npos);
  // Every single-byte change past the magic, checksum repaired, in a model
  // with and without a binding budget: refused or accepted, but never a
  // crash, and an accepted file writes back byte for byte.
  for (const std::uint64_t budget : {std::uint64_t{0}, small_model().memory_bytes() / 3}) {
    const std::string original = serialize_model(small_model(budget).impl());
    for (std::size_t i = 12; i + 8 < original.size(); ++i) {
      std::string changed = original;
      changed[i] = static_cast<char>(changed[i] ^ 0x5A);
      changed = with_checksum(changed);
      SiteModel::Impl impl;
      std::string error;
      CAPTURE(i);
      if (parse_model(changed, impl, error)) {
        CHECK(serialize_model(impl) == changed);
      } else {
        CHECK_FALSE(error.empty());
      }
    }
  }
  // A budget too small for a site that keeps nothing (a page without text):
  // the budget rule would raise the site's level without dropping an entry,
  // and the model would no longer be the file. Refused, not raised quietly.
  {
    SiteModel::Impl empty_site;
    empty_site.add_page("blank.example", {}, {});
    std::string shrunk = serialize_model(empty_site);
    REQUIRE(parses(shrunk));
    const std::uint64_t one_byte = 1;
    std::memcpy(shrunk.data() + 8 + 16, &one_byte, 8);  // budget_bytes
    CHECK_FALSE(parses(with_checksum(shrunk), &message));
    CHECK(message.find("budget") != std::string::npos);
  }
  // A huge entry count must not be trusted for allocation.
  std::string huge = bytes;
  const std::size_t first_site = 8 + 16 + 8 + 8;
  std::uint32_t name_size;
  std::memcpy(&name_size, huge.data() + first_site, 4);
  const std::size_t entries_at = first_site + 4 + name_size + 4 + 4 + 8;
  const std::uint64_t lots = 1ull << 60;
  std::memcpy(huge.data() + entries_at, &lots, 8);
  CHECK_FALSE(parses(with_checksum(huge), &message));
  CHECK(message.find("malformed") != std::string::npos);
}

TEST_CASE("load reports missing, empty, foreign and directory paths") {
  TempDir dir;
  SiteModel model = small_model();
  std::string error;
  CHECK_FALSE(model.load((dir.path / "missing.model").string(), &error));
  CHECK(error.find("cannot open") != std::string::npos);
  CHECK(model.sites().empty());  // a failed load leaves the model empty

  write_file(dir.path / "empty.model", "");
  CHECK_FALSE(model.load((dir.path / "empty.model").string(), &error));
  CHECK(error.find("empty") != std::string::npos);

  write_file(dir.path / "page.html", "<html><body>not a model</body></html>");
  CHECK_FALSE(model.load((dir.path / "page.html").string(), &error));
  CHECK(error.find("bad magic") != std::string::npos);

  CHECK_FALSE(model.load(dir.path.string(), &error));
  CHECK(error.find("directory") != std::string::npos);
}

TEST_CASE("load reads a model that is not a regular file, such as a pipe") {
  // A file's size gives the room to read a regular file into; a pipe has
  // none, and its reader must grow the room as bytes come. The model is
  // larger than the first room (64 KiB) so that it grows more than once.
  TempDir dir;
  SiteModel model;
  Cleaner cleaner;
  for (const test::TestPage& p : test::make_pages(3, 120)) cleaner.count(p.input(), model);
  const std::string bytes = serialize_model(model.impl());
  REQUIRE(bytes.size() > 2 * 65536);
  const fs::path fifo = dir.path / "model.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // A reader that stopped early must fail this test, not kill it: the
  // writer's write then fails instead of raising SIGPIPE.
  auto* const previous = std::signal(SIGPIPE, SIG_IGN);
  std::thread writer([&] { write_file(fifo, bytes); });
  SiteModel loaded;
  std::string error;
  const bool ok = loaded.load(fifo.string(), &error);
  writer.join();
  std::signal(SIGPIPE, previous);
  REQUIRE_MESSAGE(ok, error);
  CHECK(serialize_model(loaded.impl()) == bytes);
}

TEST_CASE("a model loaded to clean with keeps no block texts, and cleans the same") {
  TempDir dir;
  const SiteModel model = small_model();
  const std::string path = (dir.path / "m.model").string();
  std::string error;
  REQUIRE(model.save(path, &error));
  SiteModel counts_only;
  REQUIRE(counts_only.keep_block_texts(false));
  REQUIRE_MESSAGE(counts_only.load(path, &error), error);
  CHECK_FALSE(counts_only.keeps_block_texts());  // the load keeps the choice
  CHECK(counts_only.top_blocks(model.sites().front().site, 10).empty());
  CHECK_FALSE(model.top_blocks(model.sites().front().site, 10).empty());
  // Its file would lack the texts: saving and merging are refused.
  CHECK_FALSE(counts_only.save((dir.path / "lean.model").string(), &error));
  CHECK(error.find("keeps no block texts") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path / "lean.model"));
  SiteModel into;
  CHECK_FALSE(into.merge(counts_only, &error));
  CHECK(error.find("keeps no block texts") != std::string::npos);
  CHECK(into.sites().empty());
  // The choice is made on an empty model; clear() keeps it.
  CHECK_FALSE(counts_only.keep_block_texts(true));
  CHECK(counts_only.keep_block_texts(false));
  counts_only.clear();
  CHECK_FALSE(counts_only.keeps_block_texts());
  CHECK(counts_only.keep_block_texts(true));
  CHECK(counts_only.keeps_block_texts());
  counts_only.keep_block_texts(false);
  REQUIRE_MESSAGE(counts_only.load(path, &error), error);
  REQUIRE(counts_only.sites().size() == model.sites().size());
  for (const auto& [name, table] : model.impl().sites) {
    const SiteTable* loaded = counts_only.impl().find(name);
    REQUIRE(loaded != nullptr);
    CHECK(loaded->pages == table.pages);
    CHECK(loaded->samples.empty());
    CHECK_FALSE(table.samples.empty());
    CHECK(loaded->counts.size() == table.counts.size());
    table.counts.for_each([&](const CountTable::Slot& s) { REQUIRE(loaded->counts.get(s.key) == s.count); });
    CHECK(loaded->containers.size() == table.containers.size());
  }
  Cleaner a, b;
  for (const test::TestPage& p : test::make_pages(2, 6)) {
    const std::string full(a.clean(p.input(), &model).output);
    CHECK(b.clean(p.input(), &counts_only).output == full);
  }
  // A damaged file is refused all the same.
  std::string bytes = serialize_model(model.impl());
  bytes[bytes.size() / 2] ^= 0x20;
  write_file(dir.path / "bad.model", bytes);
  CHECK_FALSE(counts_only.load((dir.path / "bad.model").string(), &error));
  CHECK(error.find("checksum") != std::string::npos);
}

TEST_CASE("save reports an unwritable path") {
  std::string error;
  CHECK_FALSE(small_model().save("/nonexistent-dir/x.model", &error));
  CHECK_FALSE(error.empty());
}
