#include "io/warc_reader.hpp"

#include <charconv>

#include "io/http_payload.hpp"

namespace winnow::io {

namespace {

constexpr std::size_t kMaxHeaderLine = 64 * 1024;
constexpr std::size_t kMaxHeaderBlock = 1024 * 1024;
// Blank lines after a record's block are looked past without consuming
// them up to this many bytes; a longer run is consumed as it is read.
constexpr std::size_t kLongBlankRun = 64 * 1024;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::string_view strip_angles(std::string_view s) {
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') return s.substr(1, s.size() - 2);
  return s;
}

// "WARC/" then a digit: versions 0.17, 0.18, 1.0 and 1.1 all occur in the wild.
bool is_version_line(std::string_view s) {
  return s.size() >= 6 && s.substr(0, 5) == "WARC/" && s[5] >= '0' && s[5] <= '9';
}

struct WarcHead {
  std::string type, id, uri, content_type;
  std::uint64_t length = 0;
  bool has_length = false;
};

enum class Payload { keep, skip };

class WarcReader final : public RecordReader {
 public:
  WarcReader(std::unique_ptr<StreamBuffer> in, StreamInfo info, const ReaderOptions& options)
      : in_(std::move(in)), info_(std::move(info)), opt_(options) {}

  const ReadStats& stats() const override { return stats_; }

  Status next(Record& record, RecordError& error) override {
    while (!done_) {
      Status s = read_one(record, error);
      if (s != kEnd) return s;  // kEnd from read_one means "skipped, go on"
    }
    return kEnd;
  }

 private:
  std::string fallback_id() const { return info_.name + "#" + std::to_string(ordinal_); }
  std::string where() const {
    return " (" + info_.name + " record " + std::to_string(ordinal_) + ", offset " +
           std::to_string(record_offset_) + ")";
  }

  Status fail(RecordError& error, const std::string& id, std::string message) {
    error.id = id;
    error.message = std::move(message) + where();
    ++stats_.failed;
    return kError;
  }

  bool source_broken() { return in_->view().empty() && in_->source_state() == ByteSource::State::broken; }

  // Skips CR/LF between records. Returns false at the end of the stream.
  bool skip_blank() {
    for (;;) {
      if (in_->fill(1) == 0) return false;
      std::string_view v = in_->view();
      std::size_t i = 0;
      while (i < v.size() && (v[i] == '\r' || v[i] == '\n')) ++i;
      in_->consume(i);
      if (i < v.size()) return true;
    }
  }

  // Moves to the next line that starts with "WARC/<digit>", recovering the
  // source first if it is damaged.
  void resync() {
    for (;;) {
      if (source_broken() && !in_->recover_source()) {
        done_ = true;
        return;
      }
      if (in_->fill(64 * 1024) == 0) {
        if (source_broken()) continue;
        done_ = true;
        return;
      }
      std::string_view v = in_->view();
      if (v.size() >= 6 && is_version_line(v.substr(0, 6))) return;
      for (std::size_t k = v.find("\nWARC/"); k != std::string_view::npos && k + 7 <= v.size();
           k = v.find("\nWARC/", k + 1)) {
        if (is_version_line(v.substr(k + 1, 6))) {
          in_->consume(k + 1);
          return;
        }
      }
      // Keep a tail that may hold the start of a marker cut by the refill.
      if (v.size() > 6) {
        in_->consume(v.size() - 6);
      } else if (in_->fill(v.size() + 1) <= v.size()) {
        in_->consume(v.size());
      }
    }
  }

  enum class Trailer { ok, bad_length, broken };

  // Skips the record trailer (CRLF CRLF, tolerated loosely) and checks that
  // the next record or the end of input follows. Consumes nothing when the
  // length is wrong, so that bad_length() can rewind exactly (unless the
  // blank run is over kLongBlankRun: that much is consumed as it is seen).
  //
  // The blank run is followed however the bytes arrive: deciding on what
  // one read happened to leave visible took a run that went on past it for
  // the end of the input, and a reader that got the stream a few bytes at a
  // time read a damaged archive otherwise than one that got it whole.
  Trailer check_trailer() {
    std::size_t i = 0;
    for (;;) {
      const std::size_t want = i + 32;
      const std::size_t have = in_->fill(want);
      const std::string_view v = in_->view();
      while (i < v.size() && (v[i] == '\r' || v[i] == '\n')) ++i;
      if (i < have || have < want) break;  // a byte that is not blank, or the end (or damage)
      if (i > kLongBlankRun) {
        in_->consume(i);
        i = 0;
      }
    }
    std::string_view v = in_->view();
    const bool damaged = in_->source_state() == ByteSource::State::broken;
    if (i == v.size()) {
      // Nothing but blanks to the end of the input, or to its damage: then
      // this record's gzip member was cut (its trailer is missing).
      in_->consume(i);
      return damaged ? Trailer::broken : Trailer::ok;
    }
    if (damaged && v.size() - i < 32) {
      // Damage after a few bytes of the next record belongs to that record.
      in_->consume(i);
      return Trailer::ok;
    }
    in_->fill(i + 6);
    v = in_->view();
    if (is_version_line(v.substr(i, 6))) {
      in_->consume(i);
      return Trailer::ok;
    }
    return Trailer::bad_length;
  }

  Status after_block(RecordError& error, const std::string& id, std::uint64_t length, std::string_view block,
                     bool& ok) {
    ok = false;
    switch (check_trailer()) {
      case Trailer::ok:
        ok = true;
        return kRecord;
      case Trailer::broken: {
        std::string message = in_->source_error();
        resync();
        return fail(error, id, message);
      }
      case Trailer::bad_length:
        break;
    }
    return bad_length(error, id, length, block);
  }

  Status read_one(Record& record, RecordError& error) {
    if (!skip_blank()) {
      if (source_broken()) {
        ++ordinal_;
        record_offset_ = in_->offset();
        std::string message = in_->source_error();
        resync();
        return fail(error, fallback_id(), message);
      }
      done_ = true;
      return kEnd;
    }
    ++ordinal_;
    record_offset_ = in_->offset();

    // Header block.
    std::string line;
    bool too_long = false;
    in_->read_line(line, kMaxHeaderLine, too_long);
    if (too_long || !is_version_line(trim(line))) {
      resync();
      return fail(error, fallback_id(), "not a WARC record: expected a \"WARC/1.x\" line");
    }
    WarcHead head;
    std::size_t header_bytes = 0;
    for (;;) {
      if (!in_->read_line(line, kMaxHeaderLine, too_long) || too_long ||
          (header_bytes += line.size()) > kMaxHeaderBlock) {
        std::string id = head.id.empty() ? fallback_id() : head.id;
        if (source_broken()) {
          std::string message = in_->source_error();
          resync();
          return fail(error, id, message);
        }
        if (in_->at_end()) {
          done_ = true;
          return fail(error, id, "truncated WARC record header (input ends inside it)");
        }
        resync();
        return fail(error, id, "WARC record header too long");
      }
      std::string_view l = trim(line);
      if (l.empty()) break;
      std::size_t colon = l.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view name = trim(l.substr(0, colon));
      std::string_view value = trim(l.substr(colon + 1));
      if (iequals(name, "WARC-Type")) head.type = std::string(value);
      else if (iequals(name, "WARC-Record-ID")) head.id = std::string(strip_angles(value));
      else if (iequals(name, "WARC-Target-URI")) head.uri = std::string(strip_angles(value));
      else if (iequals(name, "Content-Type")) head.content_type = std::string(value);
      else if (iequals(name, "Content-Length")) {
        auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), head.length);
        head.has_length = ec == std::errc() && p == value.data() + value.size();
      }
    }
    const std::string id = head.id.empty() ? fallback_id() : head.id;
    if (!head.has_length) {
      resync();
      return fail(error, id, "WARC record without a valid Content-Length");
    }

    std::string type;
    for (char c : head.type) type.push_back(lower(c));
    bool wanted = type == "response" || type == "resource" || type == "conversion";

    if (!wanted || head.length > opt_.max_record_bytes) {
      // Stream past the block: a multi-gigabyte record is never held.
      std::uint64_t got = in_->skip(head.length);
      if (got < head.length) return short_block(error, id, head.length, got);
      bool ok;
      Status s = after_block(error, id, head.length, {}, ok);
      if (!ok) return s;
      if (!wanted) {
        ++stats_.skipped;
        return kEnd;
      }
      return fail(error, id, "WARC record of " + std::to_string(head.length) +
                                 " bytes exceeds the limit of " + std::to_string(opt_.max_record_bytes) +
                                 " bytes (max_record_bytes); skipped");
    }

    std::string block;
    block.reserve(static_cast<std::size_t>(head.length));
    std::uint64_t got = in_->read_into(block, static_cast<std::size_t>(head.length));
    if (got < head.length) return short_block(error, id, head.length, got);
    bool ok;
    Status s = after_block(error, id, head.length, block, ok);
    if (!ok) return s;

    record = Record{};
    record.id = id;
    record.url = head.uri;
    std::string media, charset;
    parse_content_type(head.content_type, media, charset);

    if (type == "response") {
      if (media != "application/http") {
        // dns: lookups and other non-HTTP exchanges carry no page.
        ++stats_.skipped;
        return kEnd;
      }
      HttpResponse http;
      std::string message;
      if (!parse_http_head(block, http, message)) return fail(error, id, message);
      if (opt_.warc_only_2xx && (http.status < 200 || http.status > 299)) {
        ++stats_.skipped;
        return kEnd;
      }
      ContentKind kind = kind_of(http.media_type);
      if (kind == ContentKind::unknown && !http.media_type.empty()) {
        ++stats_.skipped;
        return kEnd;
      }
      if (opt_.defer_http_decode) {
        record.kind = kind;
        record.charset = http.charset;
        record.http = PendingHttp{true, http.body_offset, http.chunked, std::move(http.content_encoding), where()};
        record.body = std::move(block);
        ++stats_.records;
        return kRecord;
      }
      std::string_view payload = std::string_view(block).substr(http.body_offset);
      std::string dechunked;
      if (http.chunked) {
        if (!dechunk(payload, dechunked)) return fail(error, id, "broken chunked transfer encoding");
        payload = dechunked;
      }
      if (!decode_content(payload, http.content_encoding, opt_.max_record_bytes, record.body, message))
        return fail(error, id, message);
      record.kind = kind;
      record.charset = http.charset;
    } else {
      ContentKind kind = kind_of(media);
      if (kind == ContentKind::unknown && !media.empty()) {
        ++stats_.skipped;
        return kEnd;
      }
      record.kind = kind;
      record.charset = charset;
      record.body = std::move(block);
    }
    ++stats_.records;
    return kRecord;
  }

  static ContentKind kind_of(const std::string& media) {
    if (media == "text/html" || media == "application/xhtml+xml") return ContentKind::html;
    if (media == "text/plain") return ContentKind::text;
    return ContentKind::unknown;
  }

  Status short_block(RecordError& error, const std::string& id, std::uint64_t length, std::uint64_t got) {
    if (source_broken()) {
      std::string message = in_->source_error();
      resync();
      return fail(error, id, message);
    }
    done_ = true;
    return fail(error, id, "truncated WARC record: Content-Length " + std::to_string(length) +
                               " but the input ends after " + std::to_string(got) + " bytes");
  }

  // The block did not end where Content-Length said. If it was too long the
  // next record may start inside the block: put that part back.
  Status bad_length(RecordError& error, const std::string& id, std::uint64_t length, std::string_view block) {
    for (std::size_t k = block.find("\nWARC/"); k != std::string_view::npos; k = block.find("\nWARC/", k + 1)) {
      if (is_version_line(block.substr(k + 1, 6))) {
        in_->unread(block.substr(k + 1));
        break;
      }
    }
    in_->fill(6);
    if (!is_version_line(in_->view().substr(0, 6))) resync();
    return fail(error, id, "Content-Length " + std::to_string(length) +
                               " does not end at a record boundary (no \"WARC/\" line follows)");
  }

  std::unique_ptr<StreamBuffer> in_;
  StreamInfo info_;
  ReaderOptions opt_;
  ReadStats stats_;
  std::uint64_t ordinal_ = 0;
  std::uint64_t record_offset_ = 0;
  bool done_ = false;
};

}  // namespace

bool decode_pending_http(Record& record, std::uint64_t max_record_bytes, RecordError& error) {
  const PendingHttp http = std::move(record.http);
  record.http = PendingHttp{};
  const bool identity = http.content_encoding.empty() || http.content_encoding == "identity";
  if (!http.chunked && identity) {
    record.body.erase(0, http.body_offset);  // the page is the rest of the message
    return true;
  }
  // Each thread decodes into room of its own, kept from page to page unless
  // it is far larger than most: a thread would keep it for the whole run.
  thread_local std::string dechunked, decoded;
  struct Trim {
    ~Trim() {
      constexpr std::size_t kKeptRoom = 256u << 10;
      if (dechunked.capacity() > kKeptRoom) std::string().swap(dechunked);
      if (decoded.capacity() > kKeptRoom) std::string().swap(decoded);
    }
  } trim;
  std::string message;
  std::string_view payload = std::string_view(record.body).substr(http.body_offset);
  bool ok = true;
  if (http.chunked) {
    dechunked.clear();
    ok = dechunk(payload, dechunked);
    if (!ok) message = "broken chunked transfer encoding";
    payload = dechunked;
  }
  if (ok) ok = decode_content(payload, http.content_encoding, max_record_bytes, decoded, message);
  if (ok) {
    record.body.swap(decoded);  // the message's room serves the next page
    return true;
  }
  record.body.clear();
  error.id = record.id;
  error.message = message + http.where;
  return false;
}

std::unique_ptr<RecordReader> make_warc_reader(std::unique_ptr<StreamBuffer> in, StreamInfo info,
                                               const ReaderOptions& options) {
  return std::make_unique<WarcReader>(std::move(in), std::move(info), options);
}

}  // namespace winnow::io
