#include "io/document_reader.hpp"

namespace winnow::io {

namespace {

class DocumentReader final : public RecordReader {
 public:
  DocumentReader(std::unique_ptr<StreamBuffer> in, StreamInfo info, const ReaderOptions& options)
      : in_(std::move(in)), info_(std::move(info)), max_(options.max_record_bytes) {}

  Status next(Record& record, RecordError& error) override {
    if (done_) return kEnd;
    done_ = true;
    record = Record{};
    record.id = info_.document_id;
    std::uint64_t limit = max_;
    // One byte past the limit tells "exactly at the limit" from "over it".
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(limit + 1, SIZE_MAX / 2));
    // A file of known size gets its room at once (and a byte to see its
    // end by): grown as it was read, a 100 MB page ended in a 128 MiB
    // string beside the 64 MiB one it was copied from (238 MiB at peak,
    // 104 MiB now; docs/performance.md, "A page of 100 MB").
    if (info_.size > 0 && info_.size <= limit) record.body.reserve(static_cast<std::size_t>(info_.size) + 1);
    in_->read_into(record.body, want);
    if (record.body.size() > limit) {
      std::uint64_t total = record.body.size() + in_->skip(UINT64_MAX);
      record.body = std::string();
      return fail(error, document_too_large(total, limit));
    }
    if (in_->source_state() == ByteSource::State::broken) {
      record.body = std::string();
      return fail(error, in_->source_error());
    }
    record.fallback_site = info_.fallback_site;
    ++stats_.records;
    return kRecord;
  }
  const ReadStats& stats() const override { return stats_; }

 private:
  Status fail(RecordError& error, std::string message) {
    error.id = info_.document_id;
    error.message = std::move(message);
    ++stats_.failed;
    return kError;
  }
  std::unique_ptr<StreamBuffer> in_;
  StreamInfo info_;
  std::uint64_t max_;
  bool done_ = false;
  ReadStats stats_;
};

}  // namespace

std::string document_too_large(std::uint64_t size, std::uint64_t limit) {
  return "document of " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(limit) +
         " bytes (max_record_bytes); skipped";
}

std::unique_ptr<RecordReader> make_document_reader(std::unique_ptr<StreamBuffer> in, StreamInfo info,
                                                   const ReaderOptions& options) {
  return std::make_unique<DocumentReader>(std::move(in), std::move(info), options);
}

}  // namespace winnow::io
