// Fuzzes the model file reader (src/model/model_file.cpp). Every input is
// parsed twice, from memory (parse_model) and as a file read in small
// chunks (parse_model_file, as load() reads one): both must give the same
// verdict and message, and a model either parse accepts must write back
// the bytes it was read from. By the first byte:
//   0: the rest is the file as it is;
//   1: the rest follows a valid magic and version and is followed by its
//      own checksum, so that the structural checks are what the input meets;
//   2 and up: the rest, read as pages of 8-byte fingerprints (a length byte
//      and then up to that many fingerprints, the site by the length's low
//      bits), is counted into a model under a budget the first byte picks;
//      the model's file is checked as it is, and again with the bytes the
//      last eight input bytes choose changed and its checksum made valid.
// Bit 7 of the first byte makes both parses keep no block texts.
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "model/site_model_impl.hpp"

using namespace winnow;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

std::string with_checksum(std::string bytes) {
  if (bytes.size() < 8) return bytes;
  const std::uint64_t sum = XXH3_64bits(bytes.data(), bytes.size() - 8);
  std::memcpy(bytes.data() + bytes.size() - 8, &sum, 8);
  return bytes;
}

// Both parses of `bytes`, which must agree.
void check(const std::string& bytes, bool keep_samples, std::size_t chunk) {
  SiteModel::Impl in_memory, from_file;
  in_memory.keep_samples = from_file.keep_samples = keep_samples;
  std::string memory_error, file_error;
  const bool memory_ok = parse_model(bytes, in_memory, memory_error);
  const int fd = ::memfd_create("model", MFD_CLOEXEC);
  if (fd < 0) return;  // no memfd here: nothing to compare
  if (::pwrite(fd, bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) fail("memfd write");
  const bool file_ok = parse_model_file(fd, bytes.size(), from_file, file_error, chunk);
  ::close(fd);
  if (memory_ok != file_ok) fail("the two parses disagree on the verdict");
  if (memory_error != file_error) fail("the two parses give different messages");
  if (!memory_ok && memory_error.empty()) fail("a refused file without a message");
  if (!memory_ok) return;
  if (serialize_model(from_file) != serialize_model(in_memory)) fail("the two parses give different models");
  if (keep_samples && serialize_model(in_memory) != bytes) fail("an accepted file does not write back as read");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0] & 0x7F;
  const bool keep_samples = (data[0] & 0x80) == 0;
  const std::size_t chunk = 4096 << (data[0] & 3);
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode == 0) {
    check(rest, keep_samples, chunk);
    return 0;
  }
  if (mode == 1) {
    const std::uint32_t version = 4;
    std::string bytes = "WNWMODEL";
    bytes.append(reinterpret_cast<const char*>(&version), 4);
    bytes += rest;
    bytes.append(8, '\0');
    check(with_checksum(bytes), keep_samples, chunk);
    return 0;
  }
  SiteModel::Impl model;
  model.set_budget(mode < 8 ? 0 : std::uint64_t{mode} * 64);
  std::vector<std::uint64_t> fingerprints;
  const char* sites[] = {"a.example", "b.example", "c.example", "d.example"};
  const std::string sample_text = "a repeated line of text";
  for (std::size_t i = 0; i + 8 < rest.size();) {
    const auto length = static_cast<std::uint8_t>(rest[i]);
    fingerprints.clear();
    std::size_t at = i + 1;
    for (unsigned k = 0; k < (length >> 2) && at + 8 <= rest.size(); ++k, at += 8) {
      std::uint64_t fp;
      std::memcpy(&fp, rest.data() + at, 8);
      if (fp != 0) fingerprints.push_back(fp);
    }
    std::sort(fingerprints.begin(), fingerprints.end());
    fingerprints.erase(std::unique(fingerprints.begin(), fingerprints.end()), fingerprints.end());
    std::vector<BlockSample> blocks;
    if (!fingerprints.empty()) blocks.push_back({fingerprints.front(), sample_text});
    model.add_page(sites[length & 3], fingerprints, blocks);
    i = at;
  }
  std::string bytes = serialize_model(model);
  check(bytes, keep_samples, chunk);
  if (rest.size() >= 8) {
    for (std::size_t k = 0; k < 4; ++k) {
      std::uint16_t where;
      std::memcpy(&where, rest.data() + rest.size() - 8 + 2 * k, 2);
      const std::size_t at = where % bytes.size();
      bytes[at] = static_cast<char>(bytes[at] ^ (1u << (k + where % 5)));
    }
    check(with_checksum(bytes), keep_samples, chunk);
  }
  return 0;
}
