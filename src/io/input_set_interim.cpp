// Interim reader until the full input module lands: single documents from
// files, directory trees and stdin.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "io/record_reader.hpp"

namespace winnow::io {
namespace {

namespace fs = std::filesystem;

class DocumentReader final : public RecordReader {
 public:
  explicit DocumentReader(std::vector<std::string> paths) {
    for (const std::string& p : paths) {
      std::error_code ec;
      if (p != "-" && fs::is_directory(p, ec)) {
        std::vector<std::string> files;
        for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
          if (ec) break;
          if (it->path().filename().string().starts_with(".")) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
          }
          if (it->is_regular_file()) files.push_back(it->path().string());
        }
        std::sort(files.begin(), files.end());
        files_.insert(files_.end(), files.begin(), files.end());
      } else {
        files_.push_back(p);
      }
    }
  }
  Status next(Record& record, RecordError& error) override {
    if (pos_ >= files_.size()) return kEnd;
    const std::string& path = files_[pos_++];
    record = Record{};
    record.id = path;
    record.source = path;
    std::string data;
    if (path == "-") {
      char buffer[1 << 16];
      ssize_t n;
      while ((n = ::read(0, buffer, sizeof buffer)) > 0) data.append(buffer, static_cast<std::size_t>(n));
    } else {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        error = RecordError{path, "cannot read file"};
        ++stats_.failed;
        return kError;
      }
      data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      record.fallback_site = fs::path(path).parent_path().filename().string();
    }
    record.body = std::move(data);
    ++stats_.records;
    return kRecord;
  }
  const ReadStats& stats() const override { return stats_; }

 private:
  std::vector<std::string> files_;
  std::size_t pos_ = 0;
  ReadStats stats_;
};

}  // namespace

InputSet::InputSet(std::vector<std::string> paths, ReaderOptions options)
    : paths_(std::move(paths)), options_(std::move(options)) {
  if (paths_.empty()) paths_.push_back("-");
}

std::unique_ptr<RecordReader> InputSet::open() const { return std::make_unique<DocumentReader>(paths_); }

bool InputSet::rereadable() const { return std::find(paths_.begin(), paths_.end(), "-") == paths_.end(); }

std::unique_ptr<RecordReader> open_stream(int, std::string name, ReaderOptions) {
  return std::make_unique<DocumentReader>(std::vector<std::string>{name});
}

}  // namespace winnow::io
