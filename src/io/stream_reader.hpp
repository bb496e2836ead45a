// Internal: builds the reader for one byte stream once its compression and
// format are known. InputSet and open_stream() both come through here.
#pragma once

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

}  // namespace winnow::io
