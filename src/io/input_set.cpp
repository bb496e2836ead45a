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
#include "io/string_room.hpp"

namespace winnow::io {

namespace {

namespace fs = std::filesystem;

struct Input {
  std::string path;      // as given or walked; "-" for stdin
  std::string error;     // set when the path could not be listed or examined
  bool regular = false;  // a regular file when listed or examined
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
      // The directory entry's own type (d_type) names most files: a
      // stat() for each of them was a fifth of all system calls on a tree
      // of small pages. Links, directories (their inode is needed) and
      // file systems that leave the type unknown still take the stat().
      std::error_code type_error;
      if (!it->is_symlink(type_error) && !type_error && it->is_regular_file(type_error) && !type_error) {
        found.push_back({path, {}, true});
        continue;
      }
      if (::stat(path.c_str(), &st) != 0) {
        found.push_back({path, std::string("cannot access: ") + std::strerror(errno)});
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (seen.insert({st.st_dev, st.st_ino}).second) stack.push_back(path);
      } else if (S_ISREG(st.st_mode)) {
        found.push_back({path, {}, true});
      }
      // Sockets, devices and FIFOs inside trees are not pages.
    }
    if (ec) found.push_back({dir, "cannot list directory: " + ec.message()});
  }
  std::sort(found.begin(), found.end(), [](const Input& a, const Input& b) { return a.path < b.path; });
  for (Input& f : found) out.push_back(std::move(f));
}

// Regular files up to this size are read whole with one read() and parsed
// from memory. The streaming path took three reads per file (the magic
// bytes, the body, the end of file), which on a tree of small pages cost
// more than parsing them. Larger files stream, so memory stays bounded.
constexpr off_t kWholeFileBytes = 1 << 20;

// Reads the small regular file `fd` (described by `st`) whole into `out`.
// False, with the file offset back at 0, when the file is not such a file,
// grew while being read or gave a read error: the caller streams it then,
// and the streaming reader reports any error as before.
bool read_small_file(int fd, const struct stat& st, std::string& out) {
  if (!S_ISREG(st.st_mode) || st.st_size >= kWholeFileBytes) return false;
  const auto size = static_cast<std::size_t>(st.st_size);
  // One byte of room past the size tells a file that grew since fstat().
  // The room is not zeroed first: read() writes it, and `out` is cut to
  // what it wrote.
  resize_for_overwrite(out, size + 1);
  std::size_t have = 0;
  for (;;) {
    const ssize_t got = ::read(fd, out.data() + have, out.size() - have);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 || have + static_cast<std::size_t>(got) == out.size()) {
      ::lseek(fd, 0, SEEK_SET);
      out.clear();
      return false;
    }
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
    // A regular file at its size gives a short read only at its end: no
    // read() is spent on seeing 0 bytes.
    if (have == size) break;
  }
  out.resize(have);
  return true;
}

// What a deferred read takes before handing a file out: enough to tell a
// page from an archive, a fraction of a typical page.
constexpr std::size_t kHeadBytes = 4096;

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
      if (options_.defer_file_reads && in.regular && hand_out_unexamined(fd, in.path, record)) return kRecord;
      struct stat st{};  // all zero (no type, no size) if fstat fails
      if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return fail(error, in.path, "is a directory");
      }
      StreamInfo info{in.path, in.path, parent_of(in.path)};
      if (S_ISREG(st.st_mode)) info.size = static_cast<std::uint64_t>(st.st_size);
      // The page is read into the room the caller's record already has
      // (a reused record keeps its last body's buffer).
      std::string whole = std::move(record.body);
      if (read_small_file(fd, st, whole)) {
        ::close(fd);
        // A page, as most inputs are: the bytes read are the record.
        if (is_plain_document(whole, options_)) return page(record, in.path, std::move(whole));
        current_ = make_stream_reader(make_memory_source(std::move(whole)), std::move(info), options_);
        continue;
      }
      current_ = make_stream_reader(make_fd_source(fd, true), std::move(info), options_);
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

  // A file the walk (or the command line's stat()) found regular, handed
  // out without an fstat(): with -j 2 and more this runs under the pool's
  // produce lock, where each system call holds up every other thread (a
  // file's open, fstat and first read were a quarter of a -j 2 run over a
  // tree of small text files). Its first kHeadBytes tell a page from an
  // archive; a page is handed out with the rest of the file, and its size,
  // left to finish_read() on a worker. True when `record` is that page;
  // false (the offset back at 0) for the general path: an archive,
  // compressed bytes, or a read that failed.
  bool hand_out_unexamined(int fd, const std::string& path, Record& record) {
    std::string head = std::move(record.body);
    resize_for_overwrite(head, kHeadBytes);
    ssize_t got;
    do {
      got = ::read(fd, head.data(), kHeadBytes);
    } while (got < 0 && errno == EINTR);
    bool one_page = false;
    if (got == static_cast<ssize_t>(kHeadBytes)) {
      // The size is checked against the limit by finish_read().
      one_page = head_is_plain_document(head, 0, options_);
    } else if (got >= 0) {
      head.resize(static_cast<std::size_t>(got));  // a regular file's short read: the whole of it
      one_page = is_plain_document(head, options_);
    }
    if (!one_page) {
      record.body = std::move(head);
      record.body.clear();  // its room serves the general path
      ::lseek(fd, 0, SEEK_SET);
      return false;
    }
    page(record, path, std::move(head));
    if (got == static_cast<ssize_t>(kHeadBytes)) {
      record.rest = PendingRead(fd, PendingRead::kUnknownSize);
    } else {
      ::close(fd);
    }
    return true;
  }

  // Makes `record` the page at `path` whose bytes (or first bytes) are `body`.
  Status page(Record& record, const std::string& path, std::string body) {
    record = Record{};
    record.id = path;
    record.source = path;
    record.fallback_site = parent_of(path);
    record.body = std::move(body);
    ++base_.records;
    total_ = base_;
    return kRecord;
  }

  // Files of one directory follow each other: its name is worked out once.
  const std::string& parent_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::string_view dir = slash == std::string::npos ? std::string_view() : std::string_view(path).substr(0, slash + 1);
    if (!have_parent_ || dir != parent_dir_ || dir.empty()) {
      parent_dir_.assign(dir);
      parent_name_ = parent_name(path);
      have_parent_ = true;
    }
    return parent_name_;
  }

  std::vector<Input> inputs_;
  ReaderOptions options_;
  bool have_parent_ = false;
  std::string parent_dir_, parent_name_;
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
      inputs.push_back({p, {}, S_ISREG(st.st_mode)});
    }
  }
  return std::make_unique<InputSetReader>(std::move(inputs), options_);
}

}  // namespace winnow::io
