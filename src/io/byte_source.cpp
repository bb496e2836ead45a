#include "io/byte_source.hpp"

#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "io/string_room.hpp"
#include "io/zstd_source.hpp"

namespace winnow::io {

bool ByteSource::recover() {
  if (state_ == State::broken) state_ = State::end;
  return false;
}

namespace {

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owns) : fd_(fd), owns_(owns) {}
  ~FdSource() override {
    if (owns_ && fd_ >= 0) ::close(fd_);
  }
  std::size_t read(char* dst, std::size_t n) override {
    if (state_ != State::ok || n == 0) return 0;
    for (;;) {
      ssize_t got = ::read(fd_, dst, n);
      if (got > 0) return static_cast<std::size_t>(got);
      if (got == 0) {
        state_ = State::end;
        return 0;
      }
      if (errno == EINTR) continue;
      set_broken(std::string("read error: ") + std::strerror(errno));
      return 0;
    }
  }

  bool may_wait() const override {
    // Asked once, by a gzip source: most descriptors are never asked, and
    // an fstat for each opened page would be a system call in vain.
    if (may_wait_ < 0) {
      struct stat st;
      may_wait_ = ::fstat(fd_, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode));
    }
    return may_wait_ == 1;
  }

 private:
  int fd_;
  bool owns_;
  mutable int may_wait_ = -1;  // -1: not asked yet
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (state_ != State::ok) return 0;
    std::size_t take = std::min(n, bytes_.size() - pos_);
    if (take == 0) {
      state_ = State::end;
      return 0;
    }
    std::memcpy(dst, bytes_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

// Replays bytes already taken from `inner` while sniffing, then continues
// with `inner` itself.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (pos_ < prefix_.size()) {
      std::size_t take = std::min(n, prefix_.size() - pos_);
      std::memcpy(dst, prefix_.data() + pos_, take);
      pos_ += take;
      return take;
    }
    std::size_t got = inner_->read(dst, n);
    state_ = inner_->state();
    error_ = inner_->error();
    return got;
  }
  bool may_wait() const override { return inner_->may_wait(); }

 private:
  std::string prefix_;
  std::size_t pos_ = 0;
  std::unique_ptr<ByteSource> inner_;
};

constexpr std::size_t kInChunk = 256 * 1024;

bool looks_like_gzip_header(const unsigned char* p) {
  // ID1 ID2, CM = deflate, reserved FLG bits clear: cheap enough to filter
  // random 1f 8b pairs while resynchronising.
  return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 && (p[3] & 0xe0) == 0;
}

class GzipSource final : public ByteSource {
 public:
  // A source that may wait (a pipe) is inflated as it arrives, by zlib:
  // reading a member whole would hold back a record that has arrived until
  // the next one does.
  explicit GzipSource(std::unique_ptr<ByteSource> in)
      : in_(std::move(in)), whole_decoder_(in_->may_wait() ? nullptr : libdeflate_alloc_decompressor()) {
    std::memset(&zs_, 0, sizeof zs_);
    if (inflateInit2(&zs_, 15 + 16) != Z_OK) set_broken("cannot initialise zlib");
    else initialised_ = true;
  }
  ~GzipSource() override {
    if (initialised_) inflateEnd(&zs_);
    libdeflate_free_decompressor(whole_decoder_);  // accepts null
  }

  std::size_t read(char* dst, std::size_t n) override {
    while (state_ == State::ok && n > 0) {
      if (whole_pos_ < whole_end_) {
        const std::size_t take = std::min(n, whole_end_ - whole_pos_);
        std::memcpy(dst, whole_.get() + whole_pos_, take);
        whole_pos_ += take;
        return take;
      }
      if (!in_member_) {
        // Between members: the next bytes must be a gzip header, or the
        // zero padding some writers append, or nothing at all.
        if (avail() < 4 && !refill(4)) {
          // A read error found while reading ahead (inflate_whole_member)
          // is reported once the members before it are delivered.
          if (in_->state() == State::broken) {
            set_broken(in_->error());
            return 0;
          }
          if (avail() == 0) {
            state_ = State::end;
            return 0;
          }
        }
        if (avail() >= 4 && looks_like_gzip_header(cur())) {
          member_start_ = pos_;
          in_member_ = true;
          inflateReset(&zs_);
          if (inflate_whole_member()) continue;
        } else if (all_zero_to_end()) {
          state_ = State::end;
          return 0;
        } else {
          member_start_ = kNone;
          set_broken("data that is not gzip after a gzip member");
          return 0;
        }
      }
      if (avail() == 0) {
        refill(1);
        if (state_ != State::ok) return 0;
      }
      zs_.next_in = cur();
      zs_.avail_in = static_cast<uInt>(avail());
      std::size_t room = std::min<std::size_t>(n, 1u << 30);
      zs_.next_out = reinterpret_cast<Bytef*>(dst);
      zs_.avail_out = static_cast<uInt>(room);
      int rc = inflate(&zs_, Z_NO_FLUSH);
      std::size_t produced = room - zs_.avail_out;
      pos_ = static_cast<std::size_t>(zs_.next_in - reinterpret_cast<Bytef*>(buf_.get()));
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        // After a member too large to inflate whole, the next one is
        // likely large too: it goes to zlib at once, until a small one.
        whole_skip_ = zs_.total_out > kWholeOutMax;
      } else if (rc == Z_BUF_ERROR || (rc == Z_OK && produced == 0)) {
        // No progress: inflate needs input that is not there.
        if (produced == 0 && avail() == 0 && in_->state() != State::ok) {
          set_broken(in_->state() == State::broken
                         ? in_->error()
                         : "truncated gzip member (input ends inside it)");
          return 0;
        }
      } else if (rc != Z_OK) {
        set_broken(std::string("corrupt gzip member: ") + (zs_.msg ? zs_.msg : "inflate failed"));
        return produced;  // bytes before the damage are still delivered
      }
      if (produced > 0) return produced;
    }
    return 0;
  }

  bool may_wait() const override { return in_->may_wait(); }

  bool recover() override {
    if (state_ != State::broken || in_->state() == State::broken) {
      state_ = State::end;
      return false;
    }
    // Look for the next member header, starting just after the damaged
    // member's own header when its bytes are still buffered: a truncated
    // member is followed directly by the next one, which inflate has
    // already chewed into.
    std::size_t from = member_start_ != kNone ? member_start_ + 1 : pos_;
    for (;;) {
      for (std::size_t i = from; i + 4 <= end_; ++i) {
        if (looks_like_gzip_header(reinterpret_cast<unsigned char*>(buf_.get()) + i)) {
          pos_ = i;
          in_member_ = false;
          member_start_ = kNone;
          state_ = State::ok;
          error_.clear();
          return true;
        }
      }
      pos_ = end_ >= 3 ? std::max(from, end_ - 3) : from;
      member_start_ = kNone;
      if (!refill(kInChunk)) {
        state_ = State::end;
        return false;
      }
      from = pos_;
    }
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t avail() const { return end_ - pos_; }
  Bytef* cur() { return reinterpret_cast<Bytef*>(buf_.get()) + pos_; }

  bool all_zero_to_end() {
    for (;;) {
      for (std::size_t i = pos_; i < end_; ++i)
        if (buf_[i] != 0) return false;
      pos_ = end_;
      if (!refill(1)) return in_->state() == State::end;
    }
  }

  // Inflates the member that starts at pos_ in one call, into whole_, and
  // returns true; false leaves pos_ at the member's start for zlib.
  //
  // libdeflate inflates a whole buffer about 2.6 times as fast as zlib's
  // streaming inflate (a crawl archive of news pages, one member per
  // record: 87 MB out in 83 ms against 216 ms), and for a .warc.gz that was
  // as much time as cleaning the pages. It needs the member whole, and its
  // size is not known before the end: the compressed bytes are read ahead
  // (kWholeReadAhead), and a member that does not fit what is buffered, or
  // whose output outgrows whole_, is tried again with twice the room, up to
  // kWholeInMax and kWholeOutMax. Past them, and for damaged or truncated
  // data, zlib inflates the member from its start as it always did, and
  // reports the damage in its words. Both check the data's CRC and length;
  // libdeflate skips the optional CRC of the header (FHCRC) unchecked, so
  // the rare member that has one goes to zlib, as it would from a pipe.
  bool inflate_whole_member() {
    constexpr unsigned char kHeaderCrc = 0x02;  // FLG.FHCRC
    if (whole_decoder_ == nullptr || whole_skip_ || (cur()[3] & kHeaderCrc) != 0) return false;
    if (avail() < kWholeLowWater) refill(kWholeReadAhead, /*report_errors=*/false);
    std::size_t room = std::max(whole_room_, kWholeOutStart);
    for (;;) {
      if (room > whole_room_) {
        whole_ = std::make_unique_for_overwrite<char[]>(room);
        whole_room_ = room;
      }
      std::size_t used_in = 0, used_out = 0;
      const libdeflate_result rc = libdeflate_gzip_decompress_ex(whole_decoder_, cur(), avail(), whole_.get(),
                                                                 whole_room_, &used_in, &used_out);
      if (rc == LIBDEFLATE_SUCCESS) {
        pos_ += used_in;
        whole_pos_ = 0;
        whole_end_ = used_out;
        in_member_ = false;
        member_start_ = kNone;
        return true;
      }
      if (rc == LIBDEFLATE_INSUFFICIENT_SPACE && whole_room_ < kWholeOutMax) {
        room = whole_room_ * 2;
        continue;
      }
      const std::size_t had = avail();
      if (rc == LIBDEFLATE_BAD_DATA && had < kWholeInMax && refill(2 * had, /*report_errors=*/false)) continue;
      // Too large for one call (or damaged: then zlib says how).
      whole_skip_ = rc == LIBDEFLATE_INSUFFICIENT_SPACE || had >= kWholeInMax;
      return false;
    }
  }

  // Pulls more compressed bytes so that at least `want` are available after
  // pos_. Keeps the current member's start buffered while it is small, so
  // recover() can rescan it. Returns false if no new byte arrived. A read
  // error makes the source broken, unless `report_errors` is false: reading
  // ahead for inflate_whole_member() leaves it to the streaming path to
  // find the error once it has delivered the members before it.
  bool refill(std::size_t want, bool report_errors = true) {
    if (in_->state() != State::ok) return false;
    std::size_t keep = pos_;
    if (member_start_ != kNone && end_ - member_start_ <= kInChunk) keep = member_start_;
    else member_start_ = kNone;
    if (keep > 0) {
      std::memmove(buf_.get(), buf_.get() + keep, end_ - keep);
      end_ -= keep;
      pos_ -= keep;
      if (member_start_ != kNone) member_start_ -= keep;
    }
    // Room for all that is wanted at once (grown a chunk at a time, a
    // read-ahead of megabytes copied the buffer at every step), never
    // zeroed: a small .gz file touches only the pages its bytes fill.
    reserve(std::max(pos_ + want, 2 * kInChunk));
    bool any = false;
    while (end_ - pos_ < want) {
      if (room_ - end_ < 4096) reserve(room_ + kInChunk);
      std::size_t got = in_->read(buf_.get() + end_, room_ - end_);
      if (got == 0) {
        if (in_->state() == State::broken && report_errors) set_broken(in_->error());
        break;
      }
      end_ += got;
      any = true;
    }
    return any;
  }

  // Grows the compressed buffer to `room` bytes, keeping its contents.
  void reserve(std::size_t room) {
    if (room <= room_) return;
    auto grown = std::make_unique_for_overwrite<char[]>(room);
    if (end_ > 0) std::memcpy(grown.get(), buf_.get(), end_);
    buf_ = std::move(grown);
    room_ = room;
  }

  // Whole-member inflation (inflate_whole_member): read ahead to
  // kWholeReadAhead when fewer than kWholeLowWater compressed bytes are
  // buffered (a record of a crawl archive is tens of kilobytes compressed),
  // and grow the buffers up to the maxima.
  static constexpr std::size_t kWholeLowWater = 256 * 1024;
  static constexpr std::size_t kWholeReadAhead = 1024 * 1024;
  static constexpr std::size_t kWholeInMax = 4u << 20;
  static constexpr std::size_t kWholeOutStart = 1024 * 1024;
  static constexpr std::size_t kWholeOutMax = 4u << 20;

  std::unique_ptr<ByteSource> in_;
  libdeflate_decompressor* whole_decoder_;  // null for a source that may wait, or if not allocated: zlib alone
  std::unique_ptr<char[]> whole_;           // the last member inflated whole
  std::size_t whole_room_ = 0, whole_pos_ = 0, whole_end_ = 0;
  bool whole_skip_ = false;
  z_stream zs_;
  bool initialised_ = false;
  std::unique_ptr<char[]> buf_;  // compressed bytes: [pos_, end_) not yet inflated
  std::size_t room_ = 0, pos_ = 0, end_ = 0;
  std::size_t member_start_ = kNone;
  bool in_member_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> make_fd_source(int fd, bool owns_fd) {
  return std::make_unique<FdSource>(fd, owns_fd);
}

std::unique_ptr<ByteSource> make_memory_source(std::string bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

Compression compression_of(std::string_view head) {
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 2 && u(0) == 0x1f && u(1) == 0x8b) return Compression::gzip;
  if (head.size() >= 4 && u(0) == 0x28 && u(1) == 0xb5 && u(2) == 0x2f && u(3) == 0xfd)
    return Compression::zstd;
  // A skippable frame (magic 0x184D2A50 to 0x184D2A5F): a .warc.zst starts
  // with one that holds its dictionary.
  if (head.size() >= 4 && (u(0) & 0xf0) == 0x50 && u(1) == 0x2a && u(2) == 0x4d && u(3) == 0x18)
    return Compression::zstd;
  return Compression::none;
}

std::unique_ptr<ByteSource> open_decompressed(std::unique_ptr<ByteSource> raw,
                                              Compression* detected) {
  std::string head(4, '\0');
  std::size_t have = 0;
  while (have < 4) {
    std::size_t got = raw->read(head.data() + have, 4 - have);
    if (got == 0) break;
    have += got;
  }
  head.resize(have);
  Compression kind = compression_of(head);
  if (detected) *detected = kind;
  auto replay = std::make_unique<PrefixedSource>(std::move(head), std::move(raw));
  switch (kind) {
    case Compression::gzip: return std::make_unique<GzipSource>(std::move(replay));
    case Compression::zstd: return make_zstd_source(std::move(replay));
    case Compression::none: break;
  }
  return replay;
}

// ---------------------------------------------------------------------------

namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
}

StreamBuffer::StreamBuffer(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

std::size_t StreamBuffer::fill(std::size_t n) {
  while (buf_.size() - pos_ < n) {
    if (fill_more(n) == 0) break;
  }
  return buf_.size() - pos_;
}

std::size_t StreamBuffer::fill_more(std::size_t room) {
  // Compact before growing so the buffer holds only unconsumed bytes.
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  // The source writes straight into the buffer's room, which is not
  // zeroed first (resize_for_overwrite): growing the string by resize()
  // zero-filled every new byte, a sixth of all instructions when cleaning
  // a directory of pages, and reading through a chunk of its own copied
  // every byte once more.
  const std::size_t have = buf_.size();
  if (buf_.capacity() < room) buf_.reserve(room);
  resize_for_overwrite(buf_, have + kReadChunk);
  const std::size_t got = source_->read(buf_.data() + have, kReadChunk);
  buf_.resize(have + got);
  return got;
}

void StreamBuffer::consume(std::size_t n) {
  n = std::min(n, buf_.size() - pos_);
  pos_ += n;
  consumed_ += n;
  if (pos_ == buf_.size()) {
    // After one huge line or record, give the memory back rather than keep
    // a 100 MB buffer for the rest of the stream.
    if (buf_.capacity() > (std::size_t{8} << 20)) std::string().swap(buf_);
    else buf_.clear();
    pos_ = 0;
  }
}

void StreamBuffer::unread(std::string_view bytes) {
  buf_.replace(0, pos_, bytes);
  pos_ = 0;
  consumed_ -= std::min<std::uint64_t>(consumed_, bytes.size());
}

bool StreamBuffer::read_line(std::string& line, std::size_t max, bool& too_long) {
  line.clear();
  too_long = false;
  std::size_t scanned = 0;
  for (;;) {
    std::string_view v = view();
    std::size_t nl = v.find('\n', scanned);
    if (nl != std::string_view::npos) {
      if (nl + 1 > max) {
        too_long = true;
        consume(nl + 1);
      } else {
        line.assign(v.substr(0, nl + 1));
        consume(nl + 1);
      }
      return true;
    }
    scanned = v.size();
    if (v.size() > max) {
      // Too long to keep: drop what we have and stream to the newline.
      too_long = true;
      consume(v.size());
      for (;;) {
        if (fill(1) == 0) return true;
        std::string_view w = view();
        std::size_t k = w.find('\n');
        if (k != std::string_view::npos) {
          consume(k + 1);
          return true;
        }
        consume(w.size());
      }
    }
    // One read, not a chunk's worth: a line that has arrived whole on a
    // pipe is returned while its writer waits to send the next.
    std::size_t before = v.size();
    if (fill_more() == 0) {
      if (before == 0) return false;
      line.assign(view());
      consume(before);
      return true;
    }
  }
}

std::size_t StreamBuffer::read_into(std::string& out, std::size_t n) {
  std::size_t done = 0;
  // What is buffered goes first; the rest is read straight into `out`.
  // Going through the buffer copied every byte of a page twice, a tenth of
  // all instructions spent on reading it, and through a chunk once.
  std::string_view v = view();
  if (out.empty() && out.capacity() <= v.size() && pos_ == 0 && !v.empty() && v.size() <= n) {
    // The whole buffer is wanted (a page no longer than the format sniff
    // read): handed over, not copied, unless `out` has room reserved.
    done = v.size();
    out.swap(buf_);
    buf_.clear();
    consumed_ += done;
  } else if (!v.empty()) {
    done = std::min(v.size(), n);
    out.append(v.substr(0, done));
    consume(done);
  }
  while (done < n) {
    const std::size_t have = out.size();
    std::size_t room = std::min(n - done, kReadChunk);
    // Within the room a caller reserved for a length it knows (a WARC
    // record's Content-Length, a file's size): a read past it would grow
    // `out` to twice that, and a 100 MB page would be held twice over.
    if (out.capacity() > have) room = std::min(room, out.capacity() - have);
    resize_for_overwrite(out, have + room);
    const std::size_t got = source_->read(out.data() + have, out.size() - have);
    out.resize(have + got);
    if (got == 0) break;
    consumed_ += got;
    done += got;
  }
  return done;
}

std::uint64_t StreamBuffer::skip(std::uint64_t n) {
  std::uint64_t done = 0;
  while (done < n) {
    if (view().empty() && fill(1) == 0) break;
    std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(view().size(), n - done));
    consume(take);
    done += take;
  }
  return done;
}

bool StreamBuffer::at_end() { return fill(1) == 0; }

}  // namespace winnow::io
