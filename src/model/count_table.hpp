// A flat open-addressing map from a 64-bit fingerprint to a page count: the
// per-site table of the site model. Key 0 marks an empty slot (fingerprints
// are never 0).
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

  std::uint32_t get(std::uint64_t key) const {
    if (size_ == 0) return 0;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.key == key) return s.count;
      if (s.key == 0) return 0;
    }
  }

  // Adds `n` to the count of `key`; returns the new count.
  std::uint32_t add(std::uint64_t key, std::uint32_t n) {
    if ((size_ + 1) * 10 > slots_.size() * 7) grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.key == key) return s.count += n;
      if (s.key == 0) {
        s.key = key;
        s.count = n;
        ++size_;
        return n;
      }
    }
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.size() * sizeof(Slot); }
  const std::vector<Slot>& slots() const { return slots_; }

  // Keeps only the entries for which keep(slot) is true.
  template <typename Keep>
  void retain(Keep keep) {
    std::vector<Slot> old;
    old.swap(slots_);
    size_ = 0;
    slots_.assign(old.size() < 16 ? 16 : old.size(), Slot{0, 0});
    for (const Slot& s : old) {
      if (s.key != 0 && keep(s)) add(s.key, s.count);
    }
  }

  void clear() {
    slots_.clear();
    size_ = 0;
  }

 private:
  static std::size_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{0, 0});
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != 0) add(s.key, s.count);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace winnow
