// Where pages come from: files, directory trees and stdin, holding single
// documents (HTML or plain text), WARC/WET archives or JSON Lines, plain,
// gzip or zstd. A reader turns one input into a sequence of records, in
// input order, and reports bad records without stopping.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::io {

// What the bytes of a record are. `unknown` means: tell by content.
enum class ContentKind : std::uint8_t { unknown, html, text };

// An open file whose bytes past the record's body are still to be read
// (ReaderOptions::defer_file_reads): finish_read() reads them. Owns the
// descriptor, which is why a Record moves but does not copy.
class PendingRead {
 public:
  // The size of a file handed out without an fstat() (a regular file the
  // directory walk found): finish_read() takes it.
  static constexpr std::uint64_t kUnknownSize = UINT64_MAX;

  PendingRead() = default;
  PendingRead(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  PendingRead(PendingRead&& other) noexcept : fd_(other.fd_), size_(other.size_) { other.fd_ = -1; }
  PendingRead& operator=(PendingRead&& other) noexcept;
  ~PendingRead();
  bool pending() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }  // the file's size when it was opened, or kUnknownSize
  void close();

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// What a JSON Lines reader shares with the records whose line it left to be
// parsed (ReaderOptions::defer_json_parse): the input's name, for ids and
// messages, and the field names to read.
struct JsonLineContext {
  std::string name;
  std::string html_field, text_field, url_field, id_field;
};

// A JSON Lines record whose line is still to be parsed: `body` holds the
// line, and finish_read() parses it into the record.
struct PendingJson {
  std::shared_ptr<const JsonLineContext> context;  // null: nothing pending
  std::uint64_t line = 0;                          // its line number, from 1
};

// A WARC response whose HTTP body is still to be decoded: `body` holds the
// whole HTTP message, and finish_read() undoes the transfer and content
// codings into the page (ReaderOptions::defer_http_decode).
struct PendingHttp {
  bool pending = false;
  std::size_t body_offset = 0;   // where the HTTP body starts in `body`
  bool chunked = false;          // Transfer-Encoding: chunked
  std::string content_encoding;  // lower case; empty for none
  std::string where;             // " (<input> record N, offset M)", for messages
};

struct Record {
  std::string id;        // input path as given/walked; "<path>#<n>" or the
                         // record's own id inside archives and JSON Lines
  std::string url;       // WARC-Target-URI or the JSON "url" field; may be empty
  std::string body;      // the payload bytes, decompressed (HTTP headers removed)
  std::string charset;   // charset declared by the transport (HTTP header), or empty
  ContentKind kind = ContentKind::unknown;
  std::string source;    // the input file the record came from ("-" for stdin);
                         // records of one source are consecutive
  std::string fallback_site;  // the site key when no URL is known: the parent
                              // directory's name for files, empty otherwise
  // JSON Lines input only: every field winnow does not consume, as a
  // comma-separated list of `"name":value` members (valid JSON when wrapped
  // in braces), so output records can carry them through. Empty otherwise.
  std::string passthrough_json;
  // Set only with ReaderOptions::defer_file_reads: `body` holds the file's
  // first bytes, and finish_read() must read the rest before anything
  // looks at the body.
  PendingRead rest;
  // Set only with ReaderOptions::defer_json_parse: `body` holds a JSON
  // Lines record's line, and finish_read() must parse it first.
  PendingJson json;
  // Set only with ReaderOptions::defer_http_decode: `body` holds a WARC
  // response's HTTP message, and finish_read() must decode its body first.
  PendingHttp http;
};

// A record that could not be read. The run goes on; the CLI prints
// "winnow: <id>: <message>" and counts it as failed.
struct RecordError {
  std::string id;
  std::string message;
};

// Reads the rest of a record's file into its body, if any is pending, up
// to the reader's record limit, parses its pending JSON Lines line, or
// decodes its pending HTTP body.
// False, with `error` set and the body emptied, when the file cannot be
// read or has grown past the limit, or the line is not a record (the
// message is the one the reader would have given).
bool finish_read(Record& record, std::uint64_t max_record_bytes, RecordError& error);

// Counts of everything a reader saw, so that in = out + skipped + failed.
struct ReadStats {
  std::uint64_t records = 0;   // records yielded
  std::uint64_t skipped = 0;   // deliberately passed over (WARC request/metadata/revisit, ...)
  std::uint64_t failed = 0;    // errors yielded
};

struct ReaderOptions {
  std::string json_html_field = "html";   // JSON Lines field holding HTML
  std::string json_text_field = "text";   // JSON Lines field holding plain text
  std::string json_url_field = "url";
  std::string json_id_field = "id";
  std::uint64_t max_record_bytes = 256ull << 20;  // larger records are errors, skipped
  bool warc_only_2xx = false;  // skip (and count) WARC responses whose HTTP status is not 2xx
  // A file that is surely one page is handed out with only its first
  // bytes read and the file left open (Record::rest), so that the threads
  // of a pool read pages side by side while records are still handed out
  // one at a time, in input order. A file the directory walk (or the
  // command line's stat()) found regular is not even fstat()ed: its size
  // is left to finish_read(), which reports one over max_record_bytes in
  // the words of a direct read.
  bool defer_file_reads = false;
  // A JSON Lines record is handed out as its line (Record::json), to be
  // parsed by finish_read() on a pool's worker: parsing under the pool's
  // lock was half the time of a stream of pages on stdin at -j 2. Such
  // records count in ReadStats::records; a line that fails to parse then
  // becomes the worker's error, not a count of ReadStats::failed.
  bool defer_json_parse = false;
  // A WARC response is handed out as its HTTP message (Record::http), its
  // headers read (so that the record is skipped or kept as before) but its
  // body's chunked transfer coding and Content-Encoding (gzip, br, ...) not
  // undone: finish_read() does that on a pool's worker. A body that fails
  // to decode then becomes the worker's error, in the same words.
  bool defer_http_decode = false;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Fills `record` and returns kRecord, or fills `error` and returns kError
  // (the reader stays usable), or returns kEnd. Never throws.
  enum Status { kRecord, kError, kEnd };
  virtual Status next(Record& record, RecordError& error) = 0;
  virtual const ReadStats& stats() const = 0;
};

// One input list: paths (files or directories, walked recursively in sorted
// order so the sequence never depends on the file system) and "-" for stdin.
// An empty list means stdin. open() may be called again to read the inputs a
// second time (the two-pass clean) unless they include stdin.
class InputSet {
 public:
  InputSet(std::vector<std::string> paths, ReaderOptions options);
  std::unique_ptr<RecordReader> open() const;
  bool rereadable() const;  // false when stdin is among the inputs
  const std::vector<std::string>& paths() const { return paths_; }

 private:
  std::vector<std::string> paths_;
  ReaderOptions options_;
};

// Readers over one byte stream already in memory or on a file descriptor;
// the format (WARC, JSON Lines, single document) and the compression (gzip,
// zstd, none) are recognised from the content. `name` prefixes record ids.
//
// open_stream does not take ownership of `fd`: the caller keeps it open for
// the reader's lifetime and closes it afterwards. Reading is incremental
// (bounded buffers), so a stream of any length can be read. Never returns
// nullptr; damage shows up as RecordErrors from next().
std::unique_ptr<RecordReader> open_stream(int fd, std::string name, ReaderOptions options);

// The same over bytes in memory, which the reader takes over.
std::unique_ptr<RecordReader> open_memory(std::string bytes, std::string name, ReaderOptions options);

}  // namespace winnow::io
