#include <doctest/doctest.h>

#include "core/site_key.hpp"

using namespace winnow;

TEST_CASE("host_of normalises hosts") {
  CHECK(host_of("https://www.Example.COM:8080/a/b?c#d") == "example.com");
  CHECK(host_of("http://user@news.example.org") == "news.example.org");
  CHECK(host_of("//cdn.example.net/x") == "cdn.example.net");
  CHECK(host_of("/relative/path") == "");
  CHECK(host_of("") == "");
  CHECK(host_of("mailto:someone@example.com") == "");
}

TEST_CASE("an archived URL counts under the original site") {
  CHECK(host_of("http://archive.example/web/20050101000000/http://www.paper.example/story.html") ==
        "paper.example");
}

TEST_CASE("site names and directory names meet host spelling") {
  CHECK(normalize_site("WWW.Paper.Example") == "paper.example");
  CHECK(normalize_site("valleypost") == "valleypost");
}


TEST_CASE("directory names that read as hosts") {
  CHECK(looks_like_host("news.example.co.uk"));
  CHECK(looks_like_host("example.com"));
  CHECK_FALSE(looks_like_host("html"));
  CHECK_FALSE(looks_like_host("my pages.com"));
  CHECK_FALSE(looks_like_host("2015.10"));
  CHECK_FALSE(looks_like_host("example."));
  CHECK_FALSE(looks_like_host(".example"));
}
