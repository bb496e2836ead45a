// A flat open-addressing map from a 64-bit fingerprint to a page count: the
// per-site table of the site model. Key 0 marks an empty slot (fingerprints
// are never 0; the model file reader rejects a 0 key).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
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

  // get() of every key of `keys` into `out` (as many entries). The slots of
  // the keys a few places ahead are fetched while the current one is probed:
  // a table of a large site is far bigger than the caches, and one miss at a
  // time was most of the cost of looking up a block's shingles.
  void get_each(std::span<const std::uint64_t> keys, std::uint32_t* out) const {
    if (size_ == 0) {
      std::fill(out, out + keys.size(), 0u);
      return;
    }
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i + kAhead < keys.size()) __builtin_prefetch(&slots_[mix(keys[i + kAhead]) & mask]);
      out[i] = get(keys[i]);
    }
  }

  // add(key, 1) for every key of `keys` for which keep(key) is true, with
  // the slots of later keys fetched ahead as in get_each(). The table grows
  // before the batch rather than during it: the counts are the same, only
  // where the entries sit differs, which nothing observes.
  template <typename Keep>
  void add_each(std::span<const std::uint64_t> keys, Keep keep) {
    if ((size_ + keys.size() + 1) * 10 > slots_.size() * 7) {
      std::size_t capacity = slots_.empty() ? 64 : slots_.size();
      while ((size_ + keys.size() + 1) * 10 > capacity * 7) capacity *= 2;
      rehash(capacity);
    }
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i + kAhead < keys.size()) __builtin_prefetch(&slots_[mix(keys[i + kAhead]) & mask], 1);
      if (keep(keys[i])) add(keys[i], 1);
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
  // How many keys ahead a batch fetches: enough misses in flight to cover
  // a memory access, few enough that the fetched lines are still cached.
  static constexpr std::size_t kAhead = 8;
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
