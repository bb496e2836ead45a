// A stream that is one document (an HTML page or a text file).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "io/byte_source.hpp"
#include "io/record_reader.hpp"
#include "io/stream_reader.hpp"

namespace winnow::io {

// Yields exactly one record or one error: the whole stream as the body
// (kind unknown: the pipeline tells HTML from text by content), or an error
// if the stream is damaged or longer than options.max_record_bytes (the rest
// is then read and dropped without being held).
std::unique_ptr<RecordReader> make_document_reader(std::unique_ptr<StreamBuffer> in, StreamInfo info,
                                                   const ReaderOptions& options);

// The error for a document of `size` bytes over the limit of `limit`; a
// file read by a pool's worker (finish_read) is reported in the same words.
std::string document_too_large(std::uint64_t size, std::uint64_t limit);

}  // namespace winnow::io
