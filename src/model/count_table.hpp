// A flat open-addressing map from a 64-bit fingerprint to a page count: the
// per-site table of the site model. Key 0 marks an empty slot (fingerprints
// are never 0; the model file reader rejects a 0 key).
#pragma once

#include <cstdint>
#include <vector>

namespace winnow {

class CountTable {
 public:
  struct Slot {
    std::uint64_t key;
    std::uint32_t count;
  };

  // The page count of `key`, 0 if absent.
  std::uint32_t get(std::uint64_t key) const {
    if (size_ == 0) return 0;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.key == key) return s.count;
      if (s.key == 0) return 0;
    }
  }

  // Adds `n` to the count of `key` (saturating); returns the new count.
  std::uint32_t add(std::uint64_t key, std::uint32_t n) {
    if ((size_ + 1) * 10 > slots_.size() * 7) rehash(slots_.empty() ? 64 : slots_.size() * 2);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.key == key) {
        s.count = s.count > UINT32_MAX - n ? UINT32_MAX : s.count + n;
        return s.count;
      }
      if (s.key == 0) {
        s.key = key;
        s.count = n;
        ++size_;
        return n;
      }
    }
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }
  // Every slot, empty ones (key 0) included; iteration order is arbitrary.
  const std::vector<Slot>& slots() const { return slots_; }

  // Keeps only the entries for which keep(slot) is true, and shrinks the
  // table to fit what is left so that dropping entries frees memory.
  template <typename Keep>
  void retain(Keep keep) {
    std::vector<Slot> old;
    old.swap(slots_);
    size_ = 0;
    std::size_t kept = 0;
    for (const Slot& s : old) kept += s.key != 0 && keep(s);
    std::vector<Slot> fresh(capacity_for(kept), Slot{0, 0});
    slots_.swap(fresh);
    for (const Slot& s : old) {
      if (s.key != 0 && keep(s)) add(s.key, s.count);
    }
  }

  void clear() {
    std::vector<Slot>().swap(slots_);
    size_ = 0;
  }

 private:
  static std::size_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }
  static std::size_t capacity_for(std::size_t n) {
    std::size_t cap = 16;
    while ((n + 1) * 10 > cap * 7) cap *= 2;
    return cap;
  }
  void rehash(std::size_t capacity) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(capacity, Slot{0, 0});
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != 0) add(s.key, s.count);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace winnow
