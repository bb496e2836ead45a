// The HTTP message inside a WARC response record: status line, headers and
// the body with transfer and content codings undone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace winnow::io {

struct HttpResponse {
  int status = 0;                 // 0 when the status line is missing or unreadable
  std::string media_type;         // Content-Type without parameters, lower case; may be empty
  std::string charset;            // the charset parameter of Content-Type, as written; may be empty
  std::string content_encoding;   // lower case, e.g. "gzip"; empty for none/identity
  bool chunked = false;           // Transfer-Encoding: chunked
  std::size_t body_offset = 0;    // where the body starts in the block
};

// Parses the status line and headers at the start of `block`. Returns false
// (with `error` set) if no complete header block is found.
bool parse_http_head(std::string_view block, HttpResponse& head, std::string& error);

// Undoes chunked transfer coding. Returns false if the chunk framing is
// broken; `out` then holds the chunks decoded so far.
bool dechunk(std::string_view body, std::string& out);

// Undoes a Content-Encoding: gzip / x-gzip, deflate (zlib or raw), br,
// zstd or identity. Returns false with `error` set for other codings
// (compress, a list of several) and for corrupt or truncated data. Output beyond `max_bytes` is an error too,
// so a decompression bomb cannot exhaust memory.
bool decode_content(std::string_view body, std::string_view encoding, std::uint64_t max_bytes,
                    std::string& out, std::string& error);

// Parses a Content-Type value into media type (lower case) and charset.
void parse_content_type(std::string_view value, std::string& media_type, std::string& charset);

}  // namespace winnow::io
