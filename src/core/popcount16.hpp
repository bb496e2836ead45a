// Bits set in a 16-bit mask (the byte masks of SSE2 compares), without a
// POPCNT target: baseline x86-64 lacks the instruction, and
// __builtin_popcount then calls into libgcc.
#pragma once

namespace winnow {

inline unsigned popcount16(unsigned x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0F0Fu;
  return (x + (x >> 8)) & 0x1Fu;
}

}  // namespace winnow
