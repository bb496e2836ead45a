#include "core/site_key.hpp"

namespace winnow {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool starts_with_scheme(std::string_view s) {
  auto has = [&](std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (lower(s[i]) != prefix[i]) return false;
    }
    return true;
  };
  return has("http://") || has("https://");
}

}  // namespace

bool is_absolute_url(std::string_view url) {
  return starts_with_scheme(url) || url.starts_with("//");
}

std::string normalize_site(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) out.push_back(lower(c));
  if (out.starts_with("www.") && out.size() > 4) out.erase(0, 4);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

bool looks_like_host(std::string_view name) {
  std::size_t labels = 0, label_len = 0;
  bool last_alpha = true;
  for (char c : name) {
    if (c == '.') {
      if (label_len == 0) return false;
      ++labels;
      label_len = 0;
      last_alpha = true;
      continue;
    }
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool ok = alpha || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
    last_alpha = last_alpha && alpha;
    ++label_len;
  }
  return labels >= 1 && label_len >= 2 && last_alpha;
}

std::string host_of(std::string_view url) {
  // Prefer an embedded absolute URL in the path: archives wrap the original.
  for (std::size_t pos = url.find("/http", 8); pos != std::string_view::npos; pos = url.find("/http", pos + 1)) {
    std::string_view inner = url.substr(pos + 1);
    if (starts_with_scheme(inner)) {
      std::string host = host_of(inner);
      if (!host.empty()) return host;
    }
  }
  std::size_t start;
  if (starts_with_scheme(url)) {
    start = url.find("//") + 2;
  } else if (url.starts_with("//")) {
    start = 2;
  } else {
    return {};
  }
  std::size_t end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.starts_with('[')) {
    if (std::size_t colon = authority.find(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
  }
  for (char c : authority) {
    if (c == ' ' || c == '\t' || c == '"' || c == '<' || c == '>') return {};
  }
  return normalize_site(authority);
}

}  // namespace winnow
