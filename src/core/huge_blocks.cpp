#include "core/huge_blocks.hpp"

#include <sys/mman.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

namespace winnow::huge_blocks {
namespace {

struct Pool {
  std::mutex mutex;
  // Kept blocks by size: kept[k] holds blocks of 2^k bytes.
  std::array<std::vector<void*>, 64> kept;
  std::size_t in_use = 0;
  std::size_t kept_bytes = 0;
};

// Never destroyed: a table in a static object may give its block back
// after the end of main.
Pool& pool() {
  static Pool* const p = new Pool;
  return *p;
}

// Blocks are kept by size class, which only a power of two has; any other
// size is mapped and unmapped each time.
bool has_class(std::size_t bytes) { return std::has_single_bit(bytes); }
unsigned size_class(std::size_t bytes) { return static_cast<unsigned>(std::countr_zero(bytes)); }

// A fresh mapping of `bytes`, aligned to kMinBytes so that every 2 MiB of
// it can be one huge page. Fresh anonymous memory reads as zero.
void* map_aligned(std::size_t bytes) {
  const std::size_t span = bytes + kMinBytes;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kMinBytes - 1) & ~(kMinBytes - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const std::uintptr_t end = start + span;
  if (end > aligned + bytes) munmap(reinterpret_cast<void*>(aligned + bytes), end - (aligned + bytes));
  void* block = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
  madvise(block, bytes, MADV_HUGEPAGE);  // advice only: without it the block is still good
#endif
  return block;
}

}  // namespace

void* take(std::size_t bytes) {
  Pool& p = pool();
  void* block = nullptr;
  {
    std::lock_guard lock(p.mutex);
    std::vector<void*>* list = has_class(bytes) ? &p.kept[size_class(bytes)] : nullptr;
    if (list != nullptr && !list->empty()) {
      block = list->back();
      list->pop_back();
      p.kept_bytes -= bytes;
    }
    p.in_use += bytes;
  }
  if (block != nullptr) {
    std::memset(block, 0, bytes);
    return block;
  }
  try {
    return map_aligned(bytes);
  } catch (...) {
    std::lock_guard lock(p.mutex);
    p.in_use -= bytes;
    throw;
  }
}

void give_back(void* block, std::size_t bytes) noexcept {
  Pool& p = pool();
  {
    std::lock_guard lock(p.mutex);
    p.in_use -= bytes;
    if (p.in_use == 0) {
      // The last block in use: nothing will take the kept ones soon. Rare
      // enough to unmap them under the lock.
      for (unsigned k = 0; k < p.kept.size(); ++k) {
        for (void* kept : p.kept[k]) munmap(kept, std::size_t{1} << k);
        std::vector<void*>().swap(p.kept[k]);
      }
      p.kept_bytes = 0;
    } else if (has_class(bytes) && p.kept_bytes + bytes <= p.in_use) {
      try {
        p.kept[size_class(bytes)].push_back(block);
        p.kept_bytes += bytes;
        return;
      } catch (...) {
        // No room to note it: it is unmapped below.
      }
    }
  }
  munmap(block, bytes);
}

std::size_t bytes_in_use() noexcept {
  std::lock_guard lock(pool().mutex);
  return pool().in_use;
}

std::size_t bytes_kept() noexcept {
  std::lock_guard lock(pool().mutex);
  return pool().kept_bytes;
}

}  // namespace winnow::huge_blocks
