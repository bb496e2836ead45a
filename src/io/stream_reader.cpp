#include "io/stream_reader.hpp"

#include "io/document_reader.hpp"
#include "io/format_sniffer.hpp"
#include "io/jsonl_reader.hpp"
#include "io/warc_reader.hpp"

namespace winnow::io {

namespace {
// Enough to see a WARC version line or a typical first JSON line whole.
constexpr std::size_t kSniffBytes = 64 * 1024;
}  // namespace

std::unique_ptr<RecordReader> make_stream_reader(std::unique_ptr<ByteSource> raw, StreamInfo info,
                                                 const ReaderOptions& options) {
  Compression compression = Compression::none;
  auto in = std::make_unique<StreamBuffer>(open_decompressed(std::move(raw), &compression));
  if (compression != Compression::none) info.size = 0;  // the file's size is not the stream's
  // Read by reads, not by a 64 KB fill: a pipe whose writer sends one
  // record and waits is sniffed (and its record cleaned) as soon as the
  // bytes settle the format. A file's first read settles it at once.
  bool complete = false;
  while (in->view().size() < kSniffBytes && !format_is_settled(in->view())) {
    if (in->fill_more() == 0) {
      complete = true;
      break;
    }
  }
  switch (sniff_format(in->view(), complete)) {
    case InputFormat::warc: return make_warc_reader(std::move(in), std::move(info), options);
    case InputFormat::json_lines: return make_jsonl_reader(std::move(in), std::move(info), options);
    case InputFormat::single_document: break;
  }
  return make_document_reader(std::move(in), std::move(info), options);
}

bool is_plain_document(std::string_view whole, const ReaderOptions& options) {
  if (whole.size() > options.max_record_bytes) return false;
  if (compression_of(whole) != Compression::none) return false;
  // The same view of the head the stream path sniffs.
  bool complete = whole.size() < kSniffBytes;
  return sniff_format(whole.substr(0, kSniffBytes), complete) == InputFormat::single_document;
}

bool head_is_plain_document(std::string_view head, std::uint64_t size, const ReaderOptions& options) {
  if (size > options.max_record_bytes || compression_of(head) != Compression::none) return false;
  // A head that settles the format gives what the whole file would.
  return format_is_settled(head) && sniff_format(head, false) == InputFormat::single_document;
}

std::unique_ptr<RecordReader> open_stream(int fd, std::string name, ReaderOptions options) {
  StreamInfo info{name, name, {}};
  return make_stream_reader(make_fd_source(fd, false), std::move(info), options);
}

std::unique_ptr<RecordReader> open_memory(std::string bytes, std::string name, ReaderOptions options) {
  StreamInfo info{name, name, {}};
  return make_stream_reader(make_memory_source(std::move(bytes)), std::move(info), options);
}

}  // namespace winnow::io
