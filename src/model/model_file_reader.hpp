// Reading a model file's bytes for the parser (model_file.cpp), whole from
// memory or in chunks from a file.
//
// A model file is read in chunks rather than whole: whole, a model of
// 112 MB was 112 MB of fresh memory for the kernel to zero, held beside
// the tables it was being parsed into (peak RSS: tables plus the file).
// Both readers give the parser the same bounds-checked calls; each get
// fails once the data runs out.
#pragma once

#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "io/string_room.hpp"

namespace winnow {

// get() and bytes() for a reader that has take(n): the next n bytes, or
// nullptr if fewer are left.
template <typename Reader>
class ReadsByTake {
 public:
  template <typename T>
  bool get(T& value) {
    const char* at = self().take(sizeof(T));
    if (at == nullptr) return false;
    std::memcpy(&value, at, sizeof(T));
    return true;
  }
  bool bytes(std::size_t n, std::string& out) {
    const char* at = self().take(n);
    if (at == nullptr) return false;
    out.assign(at, n);
    return true;
  }

 private:
  Reader& self() { return static_cast<Reader&>(*this); }
};

// The bytes of a model held in memory.
class MemoryModelReader : public ReadsByTake<MemoryModelReader> {
 public:
  explicit MemoryModelReader(std::string_view data) : data_(data) {}
  // The next n bytes, or nullptr if fewer are left.
  const char* take(std::size_t n) {
    if (data_.size() - pos_ < n) return nullptr;
    const char* at = data_.data() + pos_;
    pos_ += n;
    return at;
  }
  // The most one take() can give.
  std::size_t max_take() const { return data_.size(); }
  std::uint64_t remaining() const { return data_.size() - pos_; }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// The bytes [0, end) of an open file, read `chunk` bytes at a time into
// one buffer, and hashed (XXH3-64) as they arrive: the file's checksum is
// known once they all have, drain() reading whatever the parser left.
// take(n) needs n <= max_take(); the buffer holds the bytes not yet taken
// and is refilled from the front.
class FileModelReader : public ReadsByTake<FileModelReader> {
 public:
  FileModelReader(int fd, std::uint64_t end, std::size_t chunk)
      : fd_(fd), end_(end), chunk_(chunk), state_(XXH3_createState()) {
    if (!state_) throw std::bad_alloc();
    XXH3_64bits_reset(state_.get());
    io::resize_for_overwrite(buffer_, 2 * chunk_);
  }
  const char* take(std::size_t n) {
    if (n > chunk_ || remaining() < n) return nullptr;
    if (filled_ - pos_ < n && !refill(n)) return nullptr;
    const char* at = buffer_.data() + pos_;
    pos_ += n;
    return at;
  }
  std::size_t max_take() const { return chunk_; }
  std::uint64_t remaining() const { return end_ - (read_ - (filled_ - pos_)); }

  // Reads and hashes the bytes up to `end` the parser did not take. False
  // if the file could not be read to there.
  bool drain() {
    while (read_ < end_) {
      pos_ = filled_ = 0;
      if (!refill(1)) return false;
    }
    return true;
  }
  // XXH3-64 of the bytes read so far: of [0, end) once drain() succeeded.
  std::uint64_t hash() const { return XXH3_64bits_digest(state_.get()); }
  // Why a read failed ("" if the file ended early).
  const std::string& read_error() const { return read_error_; }

 private:
  // Moves the bytes not yet taken to the front and reads until at least
  // `need` are there (or `end` is reached).
  bool refill(std::size_t need) {
    std::memmove(buffer_.data(), buffer_.data() + pos_, filled_ - pos_);
    filled_ -= pos_;
    pos_ = 0;
    while (filled_ < need) {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size() - filled_, end_ - read_));
      if (want == 0) return false;
      const ssize_t got = ::read(fd_, buffer_.data() + filled_, want);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        if (got < 0) read_error_ = std::strerror(errno);
        end_ = read_;  // nothing more will come: the parser sees the data run out
        return false;
      }
      XXH3_64bits_update(state_.get(), buffer_.data() + filled_, static_cast<std::size_t>(got));
      filled_ += static_cast<std::size_t>(got);
      read_ += static_cast<std::uint64_t>(got);
    }
    return true;
  }

  struct FreeState {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
  };
  int fd_;
  std::uint64_t end_;
  std::size_t chunk_;
  std::unique_ptr<XXH3_state_t, FreeState> state_;
  std::string buffer_;
  std::size_t pos_ = 0, filled_ = 0;  // buffer_[pos_, filled_) is read, not yet taken
  std::uint64_t read_ = 0;            // bytes read from the file
  std::string read_error_;
};

}  // namespace winnow
