#include "io/http_payload.hpp"

#include <brotli/decode.h>
#include <libdeflate.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>

#include "io/string_room.hpp"

namespace winnow::io {

namespace {

constexpr const char* kTooLarge = "decoded body exceeds the record size limit";

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string lowercase(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = lower(c);
  return r;
}

// Inflates a gzip body of one member in one call, as servers send pages,
// into `out`; false for anything else, which zlib then inflates (and
// reports) as before. libdeflate inflates a whole buffer about 2.6 times
// as fast as zlib's streaming inflate (see GzipSource in byte_source.cpp);
// the member's trailer gives the output size, checked against the limit
// first. The trailer is not trusted with memory: a size deflate cannot
// reach from the bytes given (1,032 to 1 at most) or over 16 MiB goes to
// zlib, which grows its output as the data does. A member with a header
// CRC (FHCRC), which libdeflate does not check, goes to zlib too.
bool inflate_gzip_member(std::string_view in, std::uint64_t max_bytes, std::string& out) {
  constexpr unsigned char kHeaderCrc = 0x02;  // FLG.FHCRC
  constexpr std::size_t kMaxWhole = 16u << 20;
  if (in.size() < 18 || (static_cast<unsigned char>(in[3]) & kHeaderCrc) != 0) return false;
  const auto* trailer = reinterpret_cast<const unsigned char*>(in.data() + in.size() - 4);
  const std::size_t size = std::size_t{trailer[0]} | std::size_t{trailer[1]} << 8 | std::size_t{trailer[2]} << 16 |
                           std::size_t{trailer[3]} << 24;  // ISIZE: the output's size mod 2^32
  if (size > max_bytes || size > kMaxWhole || size / 1032 > in.size()) return false;
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, Free> decompressor(libdeflate_alloc_decompressor());
  if (!decompressor) return false;
  resize_for_overwrite(out, size);
  std::size_t used_in = 0, used_out = 0;
  const libdeflate_result rc =
      libdeflate_gzip_decompress_ex(decompressor.get(), in.data(), in.size(), out.data(), size, &used_in, &used_out);
  if (rc == LIBDEFLATE_SUCCESS && used_in == in.size() && used_out == size) return true;
  out.clear();
  return false;
}

// Inflates `in` with the given zlib window setting into `out`.
bool inflate_all(std::string_view in, int window_bits, std::uint64_t max_bytes, std::string& out,
                 std::string& error) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, window_bits) != Z_OK) {
    error = "cannot initialise zlib";
    return false;
  }
  out.clear();
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char chunk[64 * 1024];
  int rc = Z_OK;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - zs.avail_out);
    if (out.size() > max_bytes) {
      error = kTooLarge;
      inflateEnd(&zs);
      return false;
    }
    if (rc == Z_STREAM_END) {
      // Several gzip members are one body (rare, but legal).
      if (zs.avail_in > 0 && window_bits > 15 + 8 && zs.next_in[0] == 0x1f) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (rc != Z_OK) {
      if (rc == Z_BUF_ERROR && zs.avail_in == 0)
        error = "truncated compressed body";
      else
        error = std::string("corrupt compressed body: ") + (zs.msg ? zs.msg : "inflate failed");
      inflateEnd(&zs);
      return false;
    }
    if (zs.avail_in == 0 && zs.avail_out != 0) {
      error = "truncated compressed body";
      inflateEnd(&zs);
      return false;
    }
  }
  inflateEnd(&zs);
  return true;
}

}  // namespace

void parse_content_type(std::string_view value, std::string& media_type, std::string& charset) {
  media_type.clear();
  charset.clear();
  std::size_t semi = value.find(';');
  media_type = lowercase(trim(value.substr(0, semi)));
  while (semi != std::string_view::npos) {
    std::size_t next = value.find(';', semi + 1);
    std::string_view param = trim(value.substr(semi + 1, next == value.npos ? value.npos : next - semi - 1));
    std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && iequals(trim(param.substr(0, eq)), "charset")) {
      std::string_view v = trim(param.substr(eq + 1));
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
      charset = std::string(trim(v));
    }
    semi = next;
  }
}

bool parse_http_head(std::string_view block, HttpResponse& head, std::string& error) {
  head = HttpResponse{};
  // Headers end at the first empty line; servers in the wild use bare LF.
  std::size_t end = block.find("\r\n\r\n");
  std::size_t body = end == std::string_view::npos ? end : end + 4;
  std::size_t lf = block.find("\n\n");
  if (lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
    end = lf;
    body = lf + 2;
  }
  if (end == std::string_view::npos) {
    error = "HTTP headers are not terminated by an empty line";
    return false;
  }
  head.body_offset = body;
  std::string_view headers = block.substr(0, end);
  std::size_t line_end = headers.find('\n');
  std::string_view status_line = trim(headers.substr(0, line_end));
  if (status_line.substr(0, 5) == "HTTP/") {
    std::size_t sp = status_line.find(' ');
    if (sp != std::string_view::npos) {
      int code = 0;
      std::size_t i = sp + 1;
      while (i < status_line.size() && status_line[i] >= '0' && status_line[i] <= '9' && code < 1000)
        code = code * 10 + (status_line[i++] - '0');
      head.status = code;
    }
  }
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 1;
    line_end = headers.find('\n', start);
    std::string_view line = trim(headers.substr(start, line_end == headers.npos ? headers.npos : line_end - start));
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "content-type")) {
      parse_content_type(value, head.media_type, head.charset);
    } else if (iequals(name, "content-encoding")) {
      std::string enc = lowercase(value);
      head.content_encoding = (enc == "identity" || enc == "none") ? std::string() : enc;
    } else if (iequals(name, "transfer-encoding")) {
      head.chunked = lowercase(value).find("chunked") != std::string::npos;
    }
  }
  return true;
}

namespace {

// Decodes a Brotli body (Content-Encoding: br, what browsers ask servers
// for first) into `out`, a chunk at a time so that `max_bytes` bounds it.
bool unbrotli_all(std::string_view in, std::uint64_t max_bytes, std::string& out,
                  std::string& error) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (state == nullptr) {
    error = "cannot initialise the Brotli decoder";
    return false;
  }
  out.clear();
  auto next_in = reinterpret_cast<const std::uint8_t*>(in.data());
  std::size_t avail_in = in.size();
  char chunk[64 * 1024];
  bool ok = false;
  for (;;) {
    auto next_out = reinterpret_cast<std::uint8_t*>(chunk);
    std::size_t avail_out = sizeof chunk;
    BrotliDecoderResult rc =
        BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(chunk, sizeof chunk - avail_out);
    if (out.size() > max_bytes) {
      error = kTooLarge;
      break;
    }
    if (rc == BROTLI_DECODER_RESULT_SUCCESS) {
      ok = true;
      break;
    }
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
      error = "truncated compressed body";
      break;
    }
    if (rc == BROTLI_DECODER_RESULT_ERROR) {
      error = std::string("corrupt compressed body: ") +
              BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state));
      break;
    }
  }
  BrotliDecoderDestroyInstance(state);
  return ok;
}

// Decodes a zstd body (Content-Encoding: zstd), frame after frame.
bool unzstd_all(std::string_view in, std::uint64_t max_bytes, std::string& out, std::string& error) {
  ZSTD_DStream* stream = ZSTD_createDStream();
  if (stream == nullptr) {
    error = "cannot initialise the zstd decoder";
    return false;
  }
  out.clear();
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  char chunk[64 * 1024];
  bool ok = false;
  std::size_t rc = 0;
  for (;;) {
    ZSTD_outBuffer output{chunk, sizeof chunk, 0};
    rc = ZSTD_decompressStream(stream, &output, &input);
    if (ZSTD_isError(rc)) {
      error = std::string("corrupt compressed body: ") + ZSTD_getErrorName(rc);
      break;
    }
    out.append(chunk, output.pos);
    if (out.size() > max_bytes) {
      error = kTooLarge;
      break;
    }
    // rc == 0: a frame ended and the decoder has flushed all of it.
    if (input.pos == input.size && output.pos < output.size) {
      ok = rc == 0;
      if (!ok) error = "truncated compressed body";
      break;
    }
  }
  ZSTD_freeDStream(stream);
  return ok;
}

}  // namespace

bool dechunk(std::string_view body, std::string& out) {
  out.clear();
  std::size_t pos = 0;
  for (;;) {
    std::size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) return false;
    std::uint64_t size = 0;
    std::size_t i = pos, digits = 0;
    for (; i < eol; ++i, ++digits) {
      char c = body[i];
      int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (v < 0) break;  // chunk extensions (";name=value") and CR follow
      if (size > (std::uint64_t{1} << 40)) return false;
      size = size * 16 + static_cast<std::uint64_t>(v);
    }
    if (digits == 0) return false;
    pos = eol + 1;
    if (size == 0) return true;  // trailers, if any, carry nothing we need
    if (size > body.size() - pos) {
      out.append(body.substr(pos));
      return false;
    }
    out.append(body.substr(pos, size));
    pos += size;
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    else if (body.substr(pos, 1) == "\n") pos += 1;
    if (pos >= body.size()) return true;  // last-chunk missing: accept what came
  }
}

bool decode_content(std::string_view body, std::string_view encoding, std::uint64_t max_bytes,
                    std::string& out, std::string& error) {
  if (encoding.empty() || encoding == "identity") {
    out.assign(body);
    return true;
  }
  if (encoding == "gzip" || encoding == "x-gzip") {
    // Some archivers store the decoded payload but keep the original header:
    // without the gzip magic the body is taken as it is.
    if (body.size() < 2 || static_cast<unsigned char>(body[0]) != 0x1f ||
        static_cast<unsigned char>(body[1]) != 0x8b) {
      out.assign(body);
      return true;
    }
    if (inflate_gzip_member(body, max_bytes, out)) return true;
    return inflate_all(body, 15 + 16, max_bytes, out, error);
  }
  if (encoding == "deflate") {
    // "deflate" means zlib-wrapped data by the RFC, but many servers send a
    // raw deflate stream: try the former, fall back to the latter.
    std::string ignored;
    if (inflate_all(body, 15, max_bytes, out, ignored)) return true;
    return inflate_all(body, -15, max_bytes, out, error);
  }
  if (encoding == "br") return unbrotli_all(body, max_bytes, out, error);
  if (encoding == "zstd") return unzstd_all(body, max_bytes, out, error);
  error = "unsupported Content-Encoding \"" + std::string(encoding) + "\"";
  return false;
}

}  // namespace winnow::io
