// JSON Lines: one JSON object per line.
#pragma once

#include <memory>
#include <string_view>

#include "io/byte_source.hpp"
#include "io/record_reader.hpp"
#include "io/stream_reader.hpp"

namespace winnow::io {

// Each non-blank line must be a JSON object with a string field named
// options.json_html_field (kind html) or, failing that,
// options.json_text_field (kind text). options.json_url_field (string) goes
// to Record::url; options.json_id_field (string or number, as written) to
// Record::id, else "<name>#<line number>". Every other member is copied
// byte for byte into Record::passthrough_json. A line that is not valid
// JSON, not an object, lacks both content fields or exceeds
// options.max_record_bytes yields a RecordError naming the line; reading
// goes on with the next line. Blank lines are ignored and not counted.
// True if `line` is exactly one well-formed JSON object (used to recognise
// JSON Lines by content). simdjson stays confined to jsonl_reader.cpp.
bool is_json_object_line(std::string_view line);

// Parses the line a reader with ReaderOptions::defer_json_parse left in
// `record` (Record::json) into the record, on the calling thread. False,
// with `error` naming the line, if it is not a record.
bool parse_pending_json(Record& record, RecordError& error);

std::unique_ptr<RecordReader> make_jsonl_reader(std::unique_ptr<StreamBuffer> in, StreamInfo info,
                                                const ReaderOptions& options);

}  // namespace winnow::io
