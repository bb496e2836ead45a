#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

#include "io/record_reader.hpp"
#include "io/stream_reader.hpp"

namespace winnow::io {

namespace {

namespace fs = std::filesystem;

struct Input {
  std::string path;   // as given or walked; "-" for stdin
  std::string error;  // set when the path could not be listed or examined
};

std::string parent_name(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  if (ec) abs = fs::path(path);
  return abs.lexically_normal().parent_path().filename().string();
}

std::string join(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

// Walks `root` depth-first, following symbolic links to directories but
// entering each directory (by device and inode) once, so link loops end.
// Hidden entries are skipped. The result is sorted by path bytes, so the
// order never depends on the file system's directory order.
void walk(const std::string& root, std::vector<Input>& out) {
  std::vector<Input> found;
  std::set<std::pair<dev_t, ino_t>> seen;
  std::vector<std::string> stack{root};
  struct stat st;
  if (::stat(root.c_str(), &st) == 0) seen.insert({st.st_dev, st.st_ino});
  while (!stack.empty()) {
    std::string dir = std::move(stack.back());
    stack.pop_back();
    std::error_code ec;
    fs::directory_iterator it(fs::path(dir), ec);
    if (ec) {
      found.push_back({dir, "cannot list directory: " + ec.message()});
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::string path = join(dir, name);
      if (::stat(path.c_str(), &st) != 0) {
        found.push_back({path, std::string("cannot access: ") + std::strerror(errno)});
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (seen.insert({st.st_dev, st.st_ino}).second) stack.push_back(path);
      } else if (S_ISREG(st.st_mode)) {
        found.push_back({path, {}});
      }
      // Sockets, devices and FIFOs inside trees are not pages.
    }
    if (ec) found.push_back({dir, "cannot list directory: " + ec.message()});
  }
  std::sort(found.begin(), found.end(), [](const Input& a, const Input& b) { return a.path < b.path; });
  for (Input& f : found) out.push_back(std::move(f));
}

class InputSetReader final : public RecordReader {
 public:
  InputSetReader(std::vector<Input> inputs, ReaderOptions options)
      : inputs_(std::move(inputs)), options_(std::move(options)) {}

  const ReadStats& stats() const override { return total_; }

  Status next(Record& record, RecordError& error) override {
    for (;;) {
      if (current_) {
        Status s = current_->next(record, error);
        if (s == kRecord) record.source = inputs_[next_ - 1].path;
        const ReadStats& c = current_->stats();
        total_.records = base_.records + c.records;
        total_.skipped = base_.skipped + c.skipped;
        total_.failed = base_.failed + c.failed;
        if (s != kEnd) return s;
        base_ = total_;
        current_.reset();
      }
      if (next_ >= inputs_.size()) return kEnd;
      const Input& in = inputs_[next_++];
      if (!in.error.empty()) return fail(error, in.path, in.error);
      if (in.path == "-") {
        current_ = make_stream_reader(make_fd_source(0, false), StreamInfo{"-", "-", {}}, options_);
        continue;
      }
      int fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return fail(error, in.path, std::string("cannot open: ") + std::strerror(errno));
      struct stat st;
      if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return fail(error, in.path, "is a directory");
      }
      current_ = make_stream_reader(make_fd_source(fd, true),
                                    StreamInfo{in.path, in.path, parent_name(in.path)}, options_);
    }
  }

 private:
  Status fail(RecordError& error, const std::string& id, std::string message) {
    error.id = id;
    error.message = std::move(message);
    ++base_.failed;
    total_ = base_;
    return kError;
  }

  std::vector<Input> inputs_;
  ReaderOptions options_;
  std::size_t next_ = 0;
  std::unique_ptr<RecordReader> current_;
  ReadStats base_, total_;
};

}  // namespace

InputSet::InputSet(std::vector<std::string> paths, ReaderOptions options)
    : paths_(std::move(paths)), options_(std::move(options)) {}

bool InputSet::rereadable() const {
  return !paths_.empty() && std::find(paths_.begin(), paths_.end(), "-") == paths_.end();
}

std::unique_ptr<RecordReader> InputSet::open() const {
  std::vector<Input> inputs;
  if (paths_.empty()) inputs.push_back({"-", {}});
  for (const std::string& p : paths_) {
    if (p == "-") {
      inputs.push_back({p, {}});
      continue;
    }
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) {
      inputs.push_back({p, std::string("cannot access: ") + std::strerror(errno)});
    } else if (S_ISDIR(st.st_mode)) {
      walk(p, inputs);
    } else {
      inputs.push_back({p, {}});
    }
  }
  return std::make_unique<InputSetReader>(std::move(inputs), options_);
}

}  // namespace winnow::io
