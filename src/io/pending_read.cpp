// The second half of a deferred read: the part of a small file the input
// set left for a pool's worker thread to read (ReaderOptions::
// defer_file_reads), a JSON Lines line to parse (defer_json_parse), or a
// WARC response's HTTP body to decode (defer_http_decode).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "io/document_reader.hpp"
#include "io/jsonl_reader.hpp"
#include "io/record_reader.hpp"
#include "io/string_room.hpp"
#include "io/warc_reader.hpp"

namespace winnow::io {

PendingRead& PendingRead::operator=(PendingRead&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    size_ = other.size_;
    other.fd_ = -1;
  }
  return *this;
}

PendingRead::~PendingRead() { close(); }

void PendingRead::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

namespace {

// Ends a pending read that failed: the body emptied, the file closed.
bool fail_read(Record& record, std::string message, RecordError& error) {
  record.body.clear();
  record.rest.close();
  error.id = record.id;
  error.message = std::move(message);
  return false;
}

}  // namespace

bool finish_read(Record& record, std::uint64_t max_record_bytes, RecordError& error) {
  if (record.json.context) return parse_pending_json(record, error);
  if (record.http.pending) return decode_pending_http(record, max_record_bytes, error);
  if (!record.rest.pending()) return true;
  std::string& body = record.body;
  std::uint64_t size = record.rest.size();
  if (size == PendingRead::kUnknownSize) {
    struct stat st{};
    if (::fstat(record.rest.fd(), &st) != 0)
      return fail_read(record, std::string("cannot access: ") + std::strerror(errno), error);
    size = static_cast<std::uint64_t>(st.st_size);
    if (size > max_record_bytes) return fail_read(record, document_too_large(size, max_record_bytes), error);
  }
  std::size_t have = body.size();
  // Room for the size seen at open and one byte more, which tells a file
  // that grew since. A grown file is read to its end: it is still one page.
  std::size_t room = static_cast<std::size_t>(std::max<std::uint64_t>(size, have)) + 1;
  for (;;) {
    if (have == room) room += room / 2;
    resize_for_overwrite(body, room);
    const ssize_t got = ::read(record.rest.fd(), body.data() + have, room - have);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return fail_read(record, std::string("read error: ") + std::strerror(errno), error);
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
    if (have > max_record_bytes)
      return fail_read(record,
                       "document grew past the limit of " + std::to_string(max_record_bytes) +
                           " bytes (max_record_bytes) while being read; skipped",
                       error);
    // A regular file at its size gives a short read only at its end.
    if (have == size) break;
  }
  body.resize(have);
  record.rest.close();
  return true;
}

}  // namespace winnow::io
