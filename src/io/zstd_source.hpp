// The zstd decompressor under open_decompressed(): frames one after the
// other, read as one stream, with the dictionaries of the WARC zstd format.
//
// A .warc.zst as web archivists write it compresses each record as a frame
// of its own with one dictionary, shipped at the start of the file in a
// skippable frame of magic 0x184D2A5D (the dictionary itself raw or
// zstd-compressed). Without it not one record can be read. Such a frame is
// loaded wherever it sits at a frame boundary, so archives concatenated
// with `cat`, each with its dictionary, read as one. Any other skippable
// frame is passed over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "io/byte_source.hpp"

namespace winnow::io {

// The magic of the skippable frame that carries a WARC zstd dictionary.
inline constexpr std::uint32_t kZstdDictionaryFrameMagic = 0x184D2A5D;
// A dictionary frame, or the dictionary it inflates to, larger than this
// is damage: trained dictionaries are of 100 KB or so.
inline constexpr std::size_t kMaxZstdDictionaryBytes = 32u << 20;

// `in` yields the compressed bytes. Damage (a corrupt or truncated frame, a
// frame that needs a dictionary not given, an unusable dictionary) makes
// the source broken with a message, and ends it: recover() returns false.
std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> in);

}  // namespace winnow::io
