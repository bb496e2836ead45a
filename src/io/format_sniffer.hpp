// Tells what an input holds from its first (decompressed) bytes, and tells
// HTML from plain text for single documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/record_reader.hpp"

namespace winnow::io {

enum class InputFormat : std::uint8_t { single_document, warc, json_lines };

// `head` is the start of the decompressed stream (the first 64 KB or more).
// `complete` says whether `head` is the whole stream.
//   warc:        starts, after blank lines, with "WARC/1.0" or "WARC/1.1"
//                (also "WARC/1.x" newer minor versions);
//   json_lines:  the first non-space byte is '{' and the first line parses as
//                a JSON object; a first line longer than `head` (a 100 MB
//                html field) counts as JSON Lines when it starts with '{'
//                and contains a '"' key quote right after;
//   otherwise:   a single document.
InputFormat sniff_format(std::string_view head, bool complete);

// Whether sniff_format(head, false) is already what any longer head would
// give: the first bytes rule WARC in or out and the first non-space byte
// is not '{', or a first line that starts with '{' is whole. A stream is
// sniffed as soon as this holds, so that a pipe's first record is cleaned
// before 64 KB have arrived.
bool format_is_settled(std::string_view head);

// html when the first ~1 KB after a byte-order mark and whitespace holds a
// tag that only HTML has at its start (<!doctype html, <html, <head, <body,
// <meta, <title, <div, <p>, <script, <link, <!-- ...), compared
// case-insensitively; text otherwise. Never returns unknown.
ContentKind sniff_content_kind(std::string_view bytes);

// Binary data taken for a page (an image, a program, compressed bytes): its
// text, decoded, holds control characters, which pages of text and HTML do
// not (1,645 pages of the shared corpora have at most one in their first
// 64 KB). Counted over the first kBinarySampleBytes: at least
// kBinaryMinControls of U+0000-U+001F other than tab, line feed, form feed
// and carriage return, and at least 1% of the sample. Random bytes give
// about 11%.
inline constexpr std::size_t kBinarySampleBytes = 8192;
inline constexpr std::size_t kBinaryMinControls = 8;
struct BinaryVerdict {
  bool binary = false;
  std::size_t controls = 0;  // control characters in the sample
  std::size_t sampled = 0;   // bytes looked at
};
BinaryVerdict judge_binary(std::string_view text);

}  // namespace winnow::io
