// Internal: builds the reader for one byte stream once its compression and
// format are known. InputSet and open_stream() both come through here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "io/byte_source.hpp"
#include "io/record_reader.hpp"

namespace winnow::io {

struct StreamInfo {
  std::string name;           // prefixes ids of records inside archives ("-" for stdin)
  std::string document_id;    // id of the record when the stream is a single document
  std::string fallback_site;  // Record::fallback_site for a single document
  std::uint64_t size = 0;     // the stream's bytes, when known (a file) and not compressed; else 0
};

// Takes ownership of `raw`. Never returns nullptr: a stream whose first bytes
// cannot be read gives a reader that yields one RecordError.
std::unique_ptr<RecordReader> make_stream_reader(std::unique_ptr<ByteSource> raw, StreamInfo info,
                                                 const ReaderOptions& options);

// Whether `whole`, a complete stream already in memory, is one uncompressed
// document within the record limit: what make_stream_reader would turn into
// a single record equal to `whole`. Such a file is taken as the record
// without passing its bytes through a stream.
bool is_plain_document(std::string_view whole, const ReaderOptions& options);

// Whether a file of `size` bytes that starts with `head` is surely such a
// document, decided from the head alone. False also when the head cannot
// tell: the caller then reads the file whole and asks is_plain_document().
bool head_is_plain_document(std::string_view head, std::uint64_t size, const ReaderOptions& options);

}  // namespace winnow::io
