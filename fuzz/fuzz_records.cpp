// Fuzzes the record readers over a byte stream (src/io): format sniffing,
// WARC and HTTP framing (chunked and content encodings), JSON Lines, single
// documents, gzip, and the stream buffer under them. By the first byte:
//   bit 0: the rest is cut into pieces made gzip members (as in
//          fuzz_gzip_source), else taken as it is;
//   bit 1: a small record limit (max_record_bytes), so that limits are hit;
//   bit 2: WARC responses that are not 2xx are skipped.
// Every stream is read three times: from memory, a few bytes a read, and
// from memory with JSON Lines parsing and HTTP decoding left to
// finish_read(), as pools do at -j 2. Checks: reading ends; every record
// and error has an id, every error a message; no record is over the limit;
// the reader's counts are what it yielded; and all reads yield the same
// records and errors (how the bytes arrive, and which thread finishes a
// record, must not matter).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/record_reader.hpp"
#include "io/stream_reader.hpp"
#include "io_fuzz_support.hpp"

using namespace winnow::io;
using winnow::io::fuzzing::fail;
using winnow::io::testing::ChoppySource;

namespace {

struct Outcome {
  std::vector<std::string> items;  // "R id|url|kind|body" or "E id|message", in order
  ReadStats stats;
};

// With `finish`, every record is finished as a pool's worker would
// (finish_read: deferred JSON parses and HTTP decodes); a record that fails
// there is an error item, not one of the reader's counted errors.
Outcome read_all(std::unique_ptr<ByteSource> source, const ReaderOptions& options, std::size_t input_size,
                 bool finish = false) {
  auto reader = make_stream_reader(std::move(source), StreamInfo{"in", "in", "site"}, options);
  Outcome out;
  std::uint64_t records = 0, errors = 0;
  for (std::size_t steps = 0;; ++steps) {
    // Every step yields a record or an error or consumes input: the
    // number of steps is bounded by the input's size.
    if (steps > 2 * input_size + 16) fail("reading does not end");
    Record record;
    RecordError error;
    const RecordReader::Status status = reader->next(record, error);
    if (status == RecordReader::kEnd) break;
    if (status == RecordReader::kRecord && finish && !finish_read(record, options.max_record_bytes, error)) {
      if (error.id.empty() || error.message.empty()) fail("a finished record's error without an id or a message");
      ++records;
      out.items.push_back("E " + error.id + "|" + error.message);
      continue;
    }
    if (status == RecordReader::kRecord) {
      if (record.id.empty()) fail("a record without an id");
      if (record.body.size() > options.max_record_bytes) fail("a record over the limit");
      ++records;
      out.items.push_back("R " + record.id + "|" + record.url + "|" + std::to_string(static_cast<int>(record.kind)) +
                          "|" + record.body);
    } else {
      if (error.id.empty() || error.message.empty()) fail("an error without an id or a message");
      ++errors;
      out.items.push_back("E " + error.id + "|" + error.message);
    }
  }
  out.stats = reader->stats();
  if (out.stats.records != records) fail("counted records differ from those yielded");
  if (out.stats.failed != errors) fail("counted errors differ from those yielded");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string bytes = mode & 1 ? winnow::io::fuzzing::gzip_pieces(rest).packed : rest;
  ReaderOptions options;
  if (mode & 2) options.max_record_bytes = 64;
  options.warc_only_2xx = (mode & 4) != 0;
  const Outcome whole = read_all(make_memory_source(bytes), options, bytes.size());
  const Outcome choppy = read_all(std::make_unique<ChoppySource>(bytes, mode, 7), options, bytes.size());
  if (whole.items != choppy.items) fail("records depend on how the bytes arrive");
  ReaderOptions deferring = options;
  deferring.defer_json_parse = true;
  deferring.defer_http_decode = true;
  const Outcome deferred = read_all(make_memory_source(bytes), deferring, bytes.size(), true);
  if (deferred.items != whole.items) fail("records depend on whether a worker parses and decodes them");
  if (whole.stats.skipped != choppy.stats.skipped) fail("skipped records depend on how the bytes arrive");
  return 0;
}
