// Helpers shared by the io tests: building WARC records and compressing
// them in memory, and draining a reader.
#pragma once

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "io/byte_source.hpp"
#include "io/record_reader.hpp"

namespace winnow::io::testing {

// Deflates `data` in the framing zlib's window_bits selects: 15 + 16 gzip,
// 15 zlib, -15 raw deflate.
inline std::string deflate_framed(const std::string& data, int window_bits, int level = 6) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

inline std::string gzip(const std::string& data, int level = 6) { return deflate_framed(data, 15 + 16, level); }

// Hands out bytes in small pseudo-random pieces (1 to `max_piece` a read),
// as pipes and sockets do; then ends, or with `fail_at_end` breaks with a
// read error.
class ChoppySource final : public ByteSource {
 public:
  ChoppySource(std::string bytes, unsigned seed, std::size_t max_piece = 97, bool fail_at_end = false)
      : inner_(make_memory_source(std::move(bytes))), state_seed_(seed), max_piece_(max_piece), fail_(fail_at_end) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (state_ != State::ok || n == 0) return 0;
    state_seed_ = state_seed_ * 1103515245u + 12345u;
    const std::size_t take = inner_->read(dst, std::min(n, std::size_t{1} + (state_seed_ >> 16) % max_piece_));
    if (take == 0) {
      if (fail_) set_broken("read error: the disk went away");
      else state_ = State::end;
    }
    return take;
  }

 private:
  std::unique_ptr<ByteSource> inner_;  // the bytes, handed out whole
  unsigned state_seed_;
  std::size_t max_piece_;
  bool fail_;
};

inline std::string zlib_deflate(const std::string& data, bool raw) { return deflate_framed(data, raw ? -15 : 15); }

inline std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

// `data` as one zstd frame compressed with `dict` (raw content, or a
// trained dictionary). One context per thread: making one per frame was
// most of the time of a fuzzing run.
inline std::string zstd_with_dictionary(const std::string& data, const std::string& dict, int level = 3) {
  thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress_usingDict(cctx.get(), out.data(), out.size(), data.data(), data.size(),
                                                dict.data(), dict.size(), level);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

// `v` as four little-endian bytes, as zstd's frame headers hold numbers.
inline std::string le32_bytes(std::uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

inline std::string brotli(const std::string& data) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                        reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                        reinterpret_cast<std::uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

// One WARC record with a correct Content-Length unless `length` is given.
inline std::string warc_record(const std::string& type, const std::string& id, const std::string& uri,
                               const std::string& content_type, const std::string& block,
                               long long length = -1) {
  std::string r = "WARC/1.0\r\nWARC-Type: " + type + "\r\n";
  if (!id.empty()) r += "WARC-Record-ID: <" + id + ">\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + uri + "\r\n";
  r += "WARC-Date: 2024-01-01T00:00:00Z\r\n";
  if (!content_type.empty()) r += "Content-Type: " + content_type + "\r\n";
  r += "Content-Length: " + std::to_string(length < 0 ? static_cast<long long>(block.size()) : length) +
       "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

inline std::string http_response(const std::string& headers, const std::string& body, int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + " OK\r\n" + headers + "\r\n" + body;
}

inline std::string response_record(const std::string& id, const std::string& uri, const std::string& headers,
                                   const std::string& body, int status = 200) {
  return warc_record("response", id, uri, "application/http; msgtype=response",
                     http_response(headers, body, status));
}

struct Drained {
  std::vector<Record> records;
  std::vector<RecordError> errors;
  ReadStats stats;
};

inline Drained drain(RecordReader& reader) {
  Drained d;
  Record r;
  RecordError e;
  for (;;) {
    auto s = reader.next(r, e);
    if (s == RecordReader::kEnd) break;
    if (s == RecordReader::kRecord) d.records.push_back(std::move(r));
    else d.errors.push_back(e);
  }
  d.stats = reader.stats();
  return d;
}

// What a reader made of one record: the record, or the error that replaced
// it (then only `id` and `message`).
struct Outcome {
  bool ok = false;
  std::string id, url, body, charset, passthrough, message;
  ContentKind kind = ContentKind::unknown;
  bool operator==(const Outcome&) const = default;
};

// Reads `bytes` to the end; with `on_worker`, each record is finished
// (finish_read) on a thread of its own, as a pool's worker finishes it.
// `pending` gets, per outcome, whether the record came out with work left
// for finish_read.
inline std::vector<Outcome> read_outcomes(const std::string& bytes, const std::string& name,
                                          const ReaderOptions& options, bool on_worker,
                                          std::vector<bool>& pending, ReadStats& stats) {
  auto reader = open_memory(bytes, name, options);
  std::vector<Outcome> out;
  pending.clear();
  for (;;) {
    Record r;
    RecordError e;
    const auto status = reader->next(r, e);
    if (status == RecordReader::kEnd) break;
    Outcome x;
    pending.push_back(status == RecordReader::kRecord && (r.json.context != nullptr || r.http.pending));
    if (status == RecordReader::kRecord) {
      x.ok = true;
      if (on_worker) {
        std::thread worker([&] { x.ok = finish_read(r, options.max_record_bytes, e); });
        worker.join();
        if (r.json.context != nullptr || r.http.pending) x = Outcome{false, "", "", "", "", "", "work left", {}};
      }
    }
    if (x.ok) x = Outcome{true, r.id, r.url, r.body, r.charset, r.passthrough_json, "", r.kind};
    else if (x.message.empty()) x = Outcome{false, e.id, "", "", "", "", e.message, {}};
    out.push_back(x);
  }
  stats = reader->stats();
  return out;
}

inline Drained read_bytes(std::string bytes, std::string name = "mem", ReaderOptions options = {}) {
  auto reader = open_memory(std::move(bytes), std::move(name), std::move(options));
  return drain(*reader);
}

}  // namespace winnow::io::testing
