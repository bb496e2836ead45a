// A directory of its own under the system's temporary directory, removed
// with everything in it when the test ends; files are written by path
// relative to it, their directories made as needed.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace winnow::test {

struct TempTree {
  std::filesystem::path path;
  explicit TempTree(const std::string& prefix = "winnow-test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  void write(const std::string& rel, const std::string& bytes) const {
    std::filesystem::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << bytes;
  }
};

}  // namespace winnow::test
