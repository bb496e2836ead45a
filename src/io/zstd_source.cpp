#include "io/zstd_source.hpp"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::io {
namespace {

std::uint32_t le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return std::uint32_t{u[0]} | std::uint32_t{u[1]} << 8 | std::uint32_t{u[2]} << 16 | std::uint32_t{u[3]} << 24;
}

// The dictionary a dictionary frame's content stands for: the content
// itself, or what it inflates to when it is zstd data. False with a
// message when it does not inflate, or inflates past the limit.
bool dictionary_of(std::string_view content, std::string& dict, std::string& error) {
  if (compression_of(content) != Compression::zstd) {
    dict.assign(content);
    return true;
  }
  ZSTD_DStream* ds = ZSTD_createDStream();
  if (ds == nullptr) {
    error = "cannot initialise zstd";
    return false;
  }
  ZSTD_inBuffer in{content.data(), content.size(), 0};
  std::size_t rc = 1;
  dict.clear();
  while (!ZSTD_isError(rc) && rc != 0 && dict.size() <= kMaxZstdDictionaryBytes) {
    const std::size_t have = dict.size();
    dict.resize(have + 64 * 1024);
    ZSTD_outBuffer out{dict.data() + have, dict.size() - have, 0};
    rc = ZSTD_decompressStream(ds, &out, &in);
    dict.resize(have + out.pos);
    if (!ZSTD_isError(rc) && rc != 0 && out.pos == 0 && in.pos == in.size) break;  // truncated
  }
  ZSTD_freeDStream(ds);
  if (ZSTD_isError(rc)) error = std::string("corrupt zstd dictionary: ") + ZSTD_getErrorName(rc);
  else if (dict.size() > kMaxZstdDictionaryBytes) error = "zstd dictionary larger than 32 MiB";
  else if (rc != 0) error = "truncated zstd dictionary";
  return error.empty();
}

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> src) : src_(std::move(src)), ds_(ZSTD_createDStream()) {
    inbuf_.resize(ZSTD_DStreamInSize());
    zin_ = ZSTD_inBuffer{inbuf_.data(), 0, 0};
    if (!ds_) set_broken("cannot initialise zstd");
    else ZSTD_initDStream(ds_);
  }
  ~ZstdSource() override {
    if (ds_) ZSTD_freeDStream(ds_);
  }
  bool may_wait() const override { return src_->may_wait(); }

  std::size_t read(char* dst, std::size_t n) override {
    while (state_ == State::ok && n > 0) {
      if (at_frame_start_) {
        // Frames of dictionaries in a row: each replaces the one before.
        bool taken = false;
        do {
          if (!take_dictionary_frame(taken)) return 0;
        } while (taken);
        at_frame_start_ = false;
      }
      if (zin_.pos == zin_.size) {
        std::size_t got = src_->read(inbuf_.data(), inbuf_.size());
        if (got == 0) {
          if (src_->state() == State::broken) set_broken(src_->error());
          else if (pending_) set_broken("truncated zstd frame (input ends inside it)");
          else state_ = State::end;
          return 0;
        }
        zin_ = ZSTD_inBuffer{inbuf_.data(), got, 0};
      }
      ZSTD_outBuffer out{dst, n, 0};
      std::size_t rc = ZSTD_decompressStream(ds_, &out, &zin_);
      if (ZSTD_isError(rc)) {
        set_broken(std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
        return out.pos;
      }
      // rc == 0 exactly when a frame has just been completed and flushed.
      pending_ = rc != 0;
      at_frame_start_ = !pending_;
      if (out.pos > 0) return out.pos;
    }
    return 0;
  }

 private:
  // At a frame boundary: if the next frame carries a dictionary, loads it
  // for the frames after it, passes over the frame and sets `taken`. False
  // (and the source broken) when the frame or its dictionary is damaged.
  bool take_dictionary_frame(bool& taken) {
    taken = false;
    constexpr std::size_t kHeader = 8;  // magic, content size
    if (available(kHeader) < kHeader) return true;  // the end, or a short frame zstd reports
    const char* at = inbuf_.data() + zin_.pos;
    if (le32(at) != kZstdDictionaryFrameMagic) return true;
    const std::size_t size = le32(at + 4);
    if (size > kMaxZstdDictionaryBytes) {
      set_broken("zstd dictionary frame larger than 32 MiB");
      return false;
    }
    zin_.pos += kHeader;
    std::string content;
    const std::size_t buffered = std::min(size, zin_.size - zin_.pos);
    content.assign(inbuf_.data() + zin_.pos, buffered);
    zin_.pos += buffered;
    // Read into the input buffer and appended: the size is the frame's
    // word, and a file cut short (or lying) should cost what it holds.
    while (content.size() < size) {
      const std::size_t got = src_->read(inbuf_.data(), std::min(inbuf_.size(), size - content.size()));
      content.append(inbuf_.data(), got);
      if (got == 0) {
        set_broken(src_->state() == State::broken ? src_->error()
                                                  : "truncated zstd dictionary frame (input ends inside it)");
        return false;
      }
    }
    std::string dict, error;
    if (!dictionary_of(content, dict, error)) {
      set_broken(std::move(error));
      return false;
    }
    const std::size_t rc = ZSTD_DCtx_loadDictionary(ds_, dict.data(), dict.size());
    if (ZSTD_isError(rc)) {
      set_broken(std::string("unusable zstd dictionary: ") + ZSTD_getErrorName(rc));
      return false;
    }
    taken = true;
    return true;
  }

  // Makes at least `n` compressed bytes visible at zin_.pos, fewer only at
  // the input's end or damage; returns how many are.
  std::size_t available(std::size_t n) {
    std::size_t have = zin_.size - zin_.pos;
    if (have >= n) return have;
    std::memmove(inbuf_.data(), inbuf_.data() + zin_.pos, have);
    zin_ = ZSTD_inBuffer{inbuf_.data(), have, 0};
    while (zin_.size < n) {
      const std::size_t got = src_->read(inbuf_.data() + zin_.size, inbuf_.size() - zin_.size);
      if (got == 0) break;
      zin_.size += got;
    }
    return zin_.size;
  }

  std::unique_ptr<ByteSource> src_;
  ZSTD_DStream* ds_;
  std::vector<char> inbuf_;
  ZSTD_inBuffer zin_;
  bool pending_ = false;        // inside a frame
  bool at_frame_start_ = true;  // the next bytes start a frame
};

}  // namespace

std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> in) {
  return std::make_unique<ZstdSource>(std::move(in));
}

}  // namespace winnow::io
