// WARC (0.17, 1.0, 1.1) and WET archives.
#pragma once

#include <memory>

#include "io/byte_source.hpp"
#include "io/record_reader.hpp"
#include "io/stream_reader.hpp"

namespace winnow::io {

// Record handling by WARC-Type:
//   response            HTTP status line and headers parsed; chunked and
//                       gzip/deflate codings undone; text/html and
//                       application/xhtml+xml -> html, text/plain -> text,
//                       no Content-Type -> unknown; other media types and
//                       non-HTTP responses (dns:) are skipped
//   resource, conversion  the block is the body; kind from the WARC
//                       Content-Type (WET conversions are text/plain)
//   request, metadata, revisit, warcinfo, continuation, others  skipped
// Ids: WARC-Record-ID without <>, else "<name>#<n>" (n counts records from
// 1). Damage (bad Content-Length, truncated gzip member, oversize record,
// undecodable body) yields a RecordError naming the record; the reader then
// resynchronises at the next line starting with "WARC/" and goes on.
// Every record header seen is counted once in records, skipped or failed.
std::unique_ptr<RecordReader> make_warc_reader(std::unique_ptr<StreamBuffer> in, StreamInfo info,
                                               const ReaderOptions& options);

// Decodes the HTTP body a reader with ReaderOptions::defer_http_decode left
// in `record` (Record::http), on the calling thread: the page the reader
// would have given, or false with the error it would have given.
bool decode_pending_http(Record& record, std::uint64_t max_record_bytes, RecordError& error);

}  // namespace winnow::io
