// Tag names resolve through a packed-name hash table; these pin what it
// must keep doing: case-insensitive ASCII, exact lengths, unknown names.
#include <doctest/doctest.h>

#include <string>

#include "html/tags.hpp"

using namespace winnow::html;

TEST_CASE("tag names: every known name resolves to its tag, in any ASCII case") {
  for (int i = 1; i < static_cast<int>(Tag::count_); ++i) {
    const Tag tag = static_cast<Tag>(i);
    const std::string name(tag_name(tag));
    CHECK(tag_from_name(name) == tag);
    std::string upper = name;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    CHECK(tag_from_name(upper) == tag);
  }
  CHECK(tag_from_name("BlockQuote") == Tag::blockquote);
}

TEST_CASE("tag names: unknown, empty, over-long and look-alike names are unknown") {
  CHECK(tag_from_name("") == Tag::unknown);
  CHECK(tag_from_name("foo") == Tag::unknown);
  CHECK(tag_from_name("blockquotes") == Tag::unknown);  // 11 bytes: past every name
  CHECK(tag_from_name("div2") == Tag::unknown);
  CHECK(tag_from_name("di") == Tag::unknown);
  // A NUL inside a name must not make it equal to its prefix.
  CHECK(tag_from_name(std::string("a\0", 2)) == Tag::unknown);
  CHECK(tag_from_name(std::string("p\0\0", 3)) == Tag::unknown);
  // Only ASCII letters fold: a non-ASCII byte is never a letter of a tag name.
  CHECK(tag_from_name("d\xC4\xB1v") == Tag::unknown);
}
