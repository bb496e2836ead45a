// A flat open-addressing map from a 64-bit fingerprint to a page count: the
// per-site table of the site model. Key 0 marks an empty slot (fingerprints
// are never 0; the model file reader rejects a 0 key).
//
// The slots lie in buckets of one cache line: five keys, then their five
// counts (40 + 20 bytes, 4 spare). A key's home is a bucket; it sits in the
// first free slot of that bucket or, if it is full, of the next ones. So a
// look-up reads one line almost always, and the table can be kept fuller
// than a table of single slots without longer probes. Against 16-byte slots
// (12 bytes padded) at most 70% full, a site of plain text with 399,000
// fingerprints takes 8 MiB instead of 16 MiB: 16 sites of text touched
// 128 MiB less fresh memory, which the kernel zeroes on first touch.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <utility>

#include "core/huge_blocks.hpp"

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
    for (std::size_t b = home(key);; b = (b + 1) & mask_) {
      const Bucket& k = buckets_[b];
      for (std::size_t j = 0; j < kWays; ++j) {
        if (k.keys[j] == key) return k.counts[j];
        if (k.keys[j] == 0) return 0;
      }
    }
  }

  // Adds `n` to the count of `key` (saturating); returns the new count.
  std::uint32_t add(std::uint64_t key, std::uint32_t n) {
    if (too_full(size_ + 1, buckets_.size())) rehash(buckets_.empty() ? kMinBuckets : buckets_.size() * 2);
    return add_fitting(key, n);
  }

  // get() of every key of `keys` into `out` (as many entries). The buckets
  // of the keys a few places ahead are fetched while the current one is
  // probed: a table of a large site is far bigger than the caches, and one
  // miss at a time was most of the cost of looking up a block's shingles.
  // The first keys' buckets are fetched before any is probed.
  void get_each(std::span<const std::uint64_t> keys, std::uint32_t* out) const {
    if (size_ == 0) {
      std::fill(out, out + keys.size(), 0u);
      return;
    }
    for (std::size_t i = 0; i < std::min(kAhead, keys.size()); ++i) __builtin_prefetch(&buckets_[home(keys[i])]);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i + kAhead < keys.size()) __builtin_prefetch(&buckets_[home(keys[i + kAhead])]);
      out[i] = get(keys[i]);
    }
  }

  // add(key, 1) for every key of `keys` for which keep(key) is true, with
  // the buckets of later keys fetched ahead as in get_each(). The table
  // grows before the batch rather than during it: the counts are the same,
  // only where the entries sit differs, which nothing observes.
  template <typename Keep>
  void add_each(std::span<const std::uint64_t> keys, Keep keep) {
    if (too_full(size_ + keys.size() + 1, buckets_.size())) rehash(buckets_for(size_ + keys.size()));
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i + kAhead < keys.size()) __builtin_prefetch(&buckets_[home(keys[i + kAhead])], 1);
      if (keep(keys[i])) add_fitting(keys[i], 1);
    }
  }

  // Makes room for `entries` entries in all, so that adding up to that
  // many grows the table no more.
  void reserve(std::size_t entries) {
    if (entries > size_ && too_full(entries + 1, buckets_.size())) rehash(buckets_for(entries));
  }

  // add(slot.key, slot.count) for slot_at(0) .. slot_at(n - 1), with the
  // buckets of later slots fetched ahead as in add_each(). The table grows
  // once, before the batch: one filled from a list of known length (a
  // model file's) is allocated at its final size instead of doubling
  // through every smaller one, each a fresh stretch of memory to zero.
  template <typename SlotAt>
  void add_each_slot(std::size_t n, SlotAt slot_at) {
    if (n == 0) return;
    reserve(size_ + n);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) __builtin_prefetch(&buckets_[home(slot_at(i + kAhead).key)], 1);
      const Slot s = slot_at(i);
      add_fitting(s.key, s.count);
    }
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return buckets_.size() * sizeof(Bucket); }

  // Calls f(slot) for every entry, in an arbitrary order.
  template <typename F>
  void for_each(F f) const {
    for (const Bucket& k : buckets_) {
      for (std::size_t j = 0; j < kWays && k.keys[j] != 0; ++j) f(Slot{k.keys[j], k.counts[j]});
    }
  }

  // Keeps only the entries for which keep(slot) is true, and shrinks the
  // table to fit what is left so that dropping entries frees memory.
  template <typename Keep>
  void retain(Keep keep) {
    std::size_t kept = 0;
    for_each([&](const Slot& s) { kept += keep(s); });
    Buckets old(buckets_for(kept));
    old.swap(buckets_);
    mask_ = buckets_.size() - 1;
    size_ = 0;
    for (const Bucket& k : old) {
      for (std::size_t j = 0; j < kWays && k.keys[j] != 0; ++j) {
        if (keep(Slot{k.keys[j], k.counts[j]})) add_fitting(k.keys[j], k.counts[j]);
      }
    }
  }

  void clear() {
    Buckets().swap(buckets_);
    mask_ = 0;
    size_ = 0;
  }

 private:
  static constexpr std::size_t kWays = 5;
  struct alignas(64) Bucket {
    std::uint64_t keys[kWays] = {};  // filled from the front; 0 = free
    std::uint32_t counts[kWays] = {};
  };
  static_assert(sizeof(Bucket) == 64);

  // A zeroed array of buckets (a power of two of them): a large one in huge
  // pages from huge_blocks (a fresh one is zero without a memset), a small
  // one from the heap.
  class Buckets {
   public:
    Buckets() = default;
    explicit Buckets(std::size_t n) : size_(n) {
      if (n == 0) return;
      if (bytes() >= huge_blocks::kMinBytes) {
        data_ = static_cast<Bucket*>(huge_blocks::take(bytes()));
      } else {
        data_ = static_cast<Bucket*>(::operator new(bytes(), std::align_val_t{alignof(Bucket)}));
        std::memset(static_cast<void*>(data_), 0, bytes());
      }
    }
    Buckets(const Buckets& other) : Buckets(other.size_) {
      if (size_ != 0) std::memcpy(static_cast<void*>(data_), other.data_, bytes());
    }
    Buckets(Buckets&& other) noexcept { swap(other); }
    Buckets& operator=(Buckets other) noexcept {
      swap(other);
      return *this;
    }
    ~Buckets() {
      if (data_ == nullptr) return;
      if (bytes() >= huge_blocks::kMinBytes) huge_blocks::give_back(data_, bytes());
      else ::operator delete(data_, std::align_val_t{alignof(Bucket)});
    }
    void swap(Buckets& other) noexcept {
      std::swap(data_, other.data_);
      std::swap(size_, other.size_);
    }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Bucket& operator[](std::size_t i) { return data_[i]; }
    const Bucket& operator[](std::size_t i) const { return data_[i]; }
    const Bucket* begin() const { return data_; }
    const Bucket* end() const { return data_ + size_; }

   private:
    std::size_t bytes() const { return size_ * sizeof(Bucket); }
    Bucket* data_ = nullptr;
    std::size_t size_ = 0;
  };
  static constexpr std::size_t kMinBuckets = 16;
  // How many keys ahead a batch fetches: enough misses in flight to cover
  // a memory access, few enough that the fetched lines are still cached.
  // 16 rather than 8 took a tenth off the samples of a page's look-ups on
  // plain text, whose tables are larger than the caches.
  static constexpr std::size_t kAhead = 16;

  static std::size_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }
  std::size_t home(std::uint64_t key) const { return mix(key) & mask_; }
  // At most 85% of the slots in use.
  static bool too_full(std::size_t entries, std::size_t buckets) { return entries * 20 > buckets * kWays * 17; }
  static std::size_t buckets_for(std::size_t entries) {
    std::size_t buckets = kMinBuckets;
    while (too_full(entries + 1, buckets)) buckets *= 2;
    return buckets;
  }

  // add() into a table known to have room.
  std::uint32_t add_fitting(std::uint64_t key, std::uint32_t n) {
    for (std::size_t b = home(key);; b = (b + 1) & mask_) {
      Bucket& k = buckets_[b];
      for (std::size_t j = 0; j < kWays; ++j) {
        if (k.keys[j] == key) {
          k.counts[j] = k.counts[j] > UINT32_MAX - n ? UINT32_MAX : k.counts[j] + n;
          return k.counts[j];
        }
        if (k.keys[j] == 0) {
          k.keys[j] = key;
          k.counts[j] = n;
          ++size_;
          return n;
        }
      }
    }
  }

  void rehash(std::size_t buckets) {
    Buckets old(buckets);
    old.swap(buckets_);
    mask_ = buckets_.size() - 1;
    size_ = 0;
    for (const Bucket& k : old) {
      for (std::size_t j = 0; j < kWays && k.keys[j] != 0; ++j) add_fitting(k.keys[j], k.counts[j]);
    }
  }

  Buckets buckets_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace winnow
