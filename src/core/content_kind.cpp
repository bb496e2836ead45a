#include "core/content_kind.hpp"

#include <array>
#include <string>

namespace winnow {

bool looks_like_html(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 2048);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  std::string lower;
  lower.reserve(head.size());
  for (char c : head) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  static constexpr std::array<std::string_view, 16> kMarkers = {
      "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<p>", "<p ",
      "<br", "<table", "<script", "<link", "<!--", "<article", "<?xml"};
  for (std::string_view marker : kMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace winnow
