// Strings that live until the next reset(), in chunks that never move, so
// views into them stay valid however many are added. reset() keeps the
// chunks: a worker that labels page after page allocates nothing once its
// chunks are as large as its pages need.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

namespace winnow {

class TextArena {
 public:
  void reset() {
    chunk_ = 0;
    used_ = 0;
  }

  // Room for n bytes, valid until reset().
  char* allocate(std::size_t n) {
    for (; chunk_ < chunks_.size(); ++chunk_, used_ = 0) {
      if (used_ + n <= chunks_[chunk_].size) {
        char* p = chunks_[chunk_].data.get() + used_;
        used_ += n;
        return p;
      }
    }
    const std::size_t size = std::max(n, kChunkBytes);
    chunks_.push_back(Chunk{std::make_unique_for_overwrite<char[]>(size), size});
    used_ = n;
    return chunks_.back().data.get();
  }

  // The parts laid end to end, as one view valid until reset().
  std::string_view join(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (std::string_view p : parts) n += p.size();
    char* out = allocate(n);
    char* at = out;
    for (std::string_view p : parts) {
      if (!p.empty()) std::memcpy(at, p.data(), p.size());
      at += p.size();
    }
    return {out, n};
  }

 private:
  static constexpr std::size_t kChunkBytes = 16u << 10;
  struct Chunk {
    std::unique_ptr<char[]> data;
    std::size_t size;
  };
  std::vector<Chunk> chunks_;
  std::size_t chunk_ = 0;  // the chunk being filled
  std::size_t used_ = 0;   // bytes of it handed out
};

}  // namespace winnow
