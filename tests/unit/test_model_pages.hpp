// Synthetic sites for the model tests: plain-text pages made of invented
// words, each site with a few lines of chrome on every page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "winnow/winnow.hpp"

namespace winnow::test {

struct TestPage {
  std::string id;
  std::string site;
  std::string body;
  bool html = false;
  PageInput input() const {
    PageInput p;
    p.id = id;
    p.body = body;
    p.kind = html ? InputKind::html : InputKind::text;
    p.fallback_site = site;
    return p;
  }
};

// `pages` pages over `sites` sites; deterministic for given arguments.
inline std::vector<TestPage> make_pages(int sites, int pages, std::uint64_t seed = 7) {
  static const char* syllables[] = {"ka", "lo", "mi", "ven", "tor", "sa", "ri", "pel", "du", "nax",
                                    "ob", "fe", "qui", "zan", "ru", "el", "po", "tim", "gra", "sho"};
  std::uint64_t state = seed;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  auto word = [&] {
    std::string w;
    for (std::uint32_t n = 2 + next() % 3; n > 0; --n) w += syllables[next() % 20];
    return w;
  };
  auto sentence = [&](int words) {
    std::string s;
    for (int i = 0; i < words; ++i) s += (i ? " " : "") + word();
    return s + ".";
  };
  std::vector<std::vector<std::string>> chrome(sites);
  for (auto& lines : chrome) {
    for (int i = 0; i < 4; ++i) lines.push_back(sentence(4 + i * 5));
  }
  std::vector<TestPage> out;
  for (int p = 0; p < pages; ++p) {
    int s = static_cast<int>(next() % sites);
    TestPage page;
    page.site = "site" + std::to_string(s) + ".example";
    page.id = page.site + "/page" + std::to_string(p);
    page.body = chrome[s][0] + "\n\n";
    for (int para = 0; para < 3 + static_cast<int>(next() % 4); ++para) page.body += sentence(12 + next() % 20) + "\n\n";
    if (next() % 4 != 0) page.body += chrome[s][1] + "\n\n";  // on most pages, not all
    page.body += chrome[s][2] + " " + sentence(6) + "\n\n";   // glued to page text
    page.body += chrome[s][3] + "\n";
    out.push_back(std::move(page));
  }
  return out;
}

// The same pages as HTML, each paragraph a <p> in one of three named
// containers (templates change), after a menu: counting them records
// container signatures besides fingerprints.
inline std::vector<TestPage> make_html_pages(int sites, int pages, std::uint64_t seed = 7) {
  static const char* containers[] = {"story-body", "post-text", "column-0"};
  std::vector<TestPage> out = make_pages(sites, pages, seed);
  for (std::size_t i = 0; i < out.size(); ++i) {
    TestPage& page = out[i];
    std::string html = "<html><body><ul class=\"menu\"><li><a href=\"/\">Home</a></li><li><a href=\"/a\">About</a></li></ul>";
    html += "<div class=\"" + std::string(containers[(i * 7) % 3]) + "\">";
    std::size_t from = 0;
    while (from < page.body.size()) {
      std::size_t end = page.body.find("\n\n", from);
      if (end == std::string::npos) end = page.body.size();
      if (end > from) html += "<p>" + page.body.substr(from, end - from) + "</p>";
      from = end + 2;
    }
    page.body = html + "</div></body></html>";
    page.html = true;
  }
  return out;
}

}  // namespace winnow::test
