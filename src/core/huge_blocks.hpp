// Zeroed blocks of 2 MiB and more, mapped in 2 MiB pages, for the count
// tables of the site model, which double as a site's pages are counted.
//
// Why not the heap: a worker thread's heap is glibc's, 64 MiB at most, and
// the CLI marks only its first one for huge pages (src/cli/main.cpp). At
// -j 2 the tables of a run over 89.6 MB of plain text outgrew it, and the
// faults of the next heaps' 4 KiB pages were 20,000 a run, each a page
// zeroed by the kernel on a virtual machine. Mapped here, the same run took
// about 1,000.
//
// Why a reuse list: a table that doubles frees the old block, and the next
// site's table grows through the same sizes. Kept and zeroed again in user
// space, a block costs a memset of memory already mapped; given back to the
// kernel, it would cost a fault and a kernel zeroing per 2 MiB once more.
// The kept blocks never exceed the bytes in use, and all of them are given
// back when the last block in use is: a program that drops its models
// keeps nothing.
#pragma once

#include <cstddef>

namespace winnow::huge_blocks {

// The smallest block taken here; smaller ones come from the heap.
inline constexpr std::size_t kMinBytes = std::size_t{2} << 20;

// `bytes` (at least kMinBytes) of zeroed memory, aligned to kMinBytes.
// Only blocks of a power of two bytes are kept for reuse. Throws
// std::bad_alloc when the system has no room.
void* take(std::size_t bytes);

// Gives back a block of take(bytes).
void give_back(void* block, std::size_t bytes) noexcept;

// Bytes of blocks taken and not given back, and kept for reuse (tests).
std::size_t bytes_in_use() noexcept;
std::size_t bytes_kept() noexcept;

}  // namespace winnow::huge_blocks
