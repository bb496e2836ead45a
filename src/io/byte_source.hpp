// Byte streams under the record readers: a file descriptor or memory,
// optionally behind a gzip or zstd decompressor chosen from magic bytes, and
// a buffered reader that pulls from them in bounded chunks so that a
// multi-gigabyte stdin is never held whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace winnow::io {

// A pull-based byte stream. Not thread-safe; one reader at a time.
class ByteSource {
 public:
  enum class State : std::uint8_t {
    ok,      // more bytes may follow
    end,     // clean end of stream
    broken,  // damaged input (I/O error, corrupt or truncated compressed data);
             // error() says why; recover() may skip past the damage
  };
  virtual ~ByteSource() = default;

  // Copies up to `n` bytes into `dst` and returns how many. Returns 0 only
  // when state() is end or broken. Never throws.
  virtual std::size_t read(char* dst, std::size_t n) = 0;

  // After state() became broken: skip the damage and continue with the next
  // intact unit (the next gzip member). Returns true if reading may go on
  // (state ok); otherwise the state becomes end. The default cannot recover.
  virtual bool recover();

  // True when a read may wait for a writer (a pipe, a terminal, a socket):
  // a reader must then not ask for more bytes than it needs to go on, or a
  // record that has arrived whole would wait for the next. Files and
  // memory never wait.
  virtual bool may_wait() const { return false; }

  State state() const { return state_; }
  const std::string& error() const { return error_; }

 protected:
  void set_broken(std::string message) {
    state_ = State::broken;
    error_ = std::move(message);
  }
  State state_ = State::ok;
  std::string error_;
};

// Reads a file descriptor. With `owns_fd` the descriptor is closed on
// destruction; otherwise the caller keeps it open for the source's lifetime.
std::unique_ptr<ByteSource> make_fd_source(int fd, bool owns_fd);

// Serves bytes held in memory (owned by the source).
std::unique_ptr<ByteSource> make_memory_source(std::string bytes);

enum class Compression : std::uint8_t { none, gzip, zstd };

// The compression a stream's first bytes announce: gzip (1f 8b) or zstd
// (a frame, 28 b5 2f fd, or a skippable frame, 5? 2a 4d 18).
Compression compression_of(std::string_view head);

// Looks at the first bytes of `raw` and, for gzip or zstd (compression_of),
// returns a source producing the decompressed bytes; otherwise the bytes
// unchanged. The file name plays no part. `detected`, if given, receives
// which compression was found.
//
// gzip: every member is decompressed in turn (Common Crawl writes one member
// per record). A corrupt or truncated member makes the source broken;
// recover() then scans for the next member header. zstd: frames follow one
// another, with the dictionaries of the WARC zstd format (zstd_source.hpp);
// damage ends the stream (recover() returns false).
std::unique_ptr<ByteSource> open_decompressed(std::unique_ptr<ByteSource> raw,
                                              Compression* detected = nullptr);

// Buffered, bounded reading on top of a ByteSource. The buffer holds only
// what callers ask to see (a line, a header block, the next chunk), so
// memory stays proportional to the largest record, not to the stream.
class StreamBuffer {
 public:
  explicit StreamBuffer(std::unique_ptr<ByteSource> source);

  // Tries to make at least `n` bytes visible; returns how many are visible
  // (fewer only at end or damage of the source).
  std::size_t fill(std::size_t n);
  // Reads from the source once (one read of at most a chunk) and returns how
  // many bytes that added: 0 at the end or damage of the source. On a pipe
  // it returns what has arrived, where fill() would wait for `n` bytes.
  // `room`: the buffer is about to hold that many bytes; reserved at once.
  std::size_t fill_more(std::size_t room = 0);
  // The visible bytes; valid until the next non-const call.
  std::string_view view() const { return std::string_view(buf_).substr(pos_); }
  void consume(std::size_t n);
  // Puts bytes back in front of the visible ones (used to rewind into a
  // record that turned out to be too long).
  void unread(std::string_view bytes);

  // Reads one line including its '\n' (or up to the end of the stream) into
  // `line`. Returns false at end of stream with nothing read. A line longer
  // than `max` is not stored: `line` is left empty, `too_long` set, and the
  // line is consumed in a streaming way.
  bool read_line(std::string& line, std::size_t max, bool& too_long);
  // Appends up to `n` bytes to `out`; returns how many were appended.
  std::size_t read_into(std::string& out, std::size_t n);
  // Discards up to `n` bytes without buffering them all; returns how many.
  std::uint64_t skip(std::uint64_t n);

  // True when nothing is visible and the source has nothing more.
  bool at_end();
  // State of the underlying source; meaningful once view() is empty.
  ByteSource::State source_state() const { return source_->state(); }
  const std::string& source_error() const { return source_->error(); }
  bool recover_source() { return source_->recover(); }
  // Bytes consumed since the start (decompressed offset), for messages.
  std::uint64_t offset() const { return consumed_; }

 private:
  std::unique_ptr<ByteSource> source_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t consumed_ = 0;
};

}  // namespace winnow::io
