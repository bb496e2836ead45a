// The reference every throughput figure is quoted against: a bare Gumbo
// parse of the same pages (read file, parse, walk the text nodes, free),
// in one process, one core. Prints bytes and seconds.
#include <gumbo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

static std::size_t walk_text(const GumboNode* root) {
  std::size_t chars = 0;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
      chars += std::char_traits<char>::length(node->v.text.text);
    } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      const GumboVector& children = node->v.element.children;
      for (unsigned i = 0; i < children.length; ++i) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
  }
  return chars;
}

int main(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (fs::is_directory(argv[i])) {
      for (const auto& e : fs::recursive_directory_iterator(argv[i])) {
        if (e.is_regular_file()) files.push_back(e.path().string());
      }
    } else {
      files.push_back(argv[i]);
    }
  }
  std::sort(files.begin(), files.end());
  auto start = std::chrono::steady_clock::now();
  std::size_t bytes = 0, chars = 0;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes += data.size();
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, data.data(), data.size());
    chars += walk_text(output->root);
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("gumbo_baseline files=%zu bytes=%zu text_chars=%zu seconds=%.3f MBps=%.1f\n", files.size(), bytes,
              chars, seconds, bytes / 1e6 / seconds);
  return 0;
}
