#include <doctest/doctest.h>

#include "segment/class_hints.hpp"
#include "segment/document.hpp"

using namespace winnow;

TEST_CASE("a chrome word qualifies a content word inside one compound name") {
  CHECK((hints_from_names("related_post wp_rp") & kHintQualifiedChrome) != 0);
  CHECK((hints_from_names("post-comments") & kHintQualifiedChrome) != 0);
  CHECK((hints_from_names("entry-content") & kHintQualifiedChrome) == 0);
  // Separate names on one element: a content wrapper that also carries a
  // widget class is not qualified by it.
  CHECK((hints_from_names("post widget-area") & kHintQualifiedChrome) == 0);
}

TEST_CASE("weak chrome words never outrank a content word") {
  CHECK((hints_from_names("teaser-text") & kHintQualifiedChrome) == 0);
  CHECK((hints_from_names("more-text") & kHintQualifiedChrome) == 0);
  CHECK((hints_from_names("teaser-text") & kHintContent) != 0);
}

TEST_CASE("author boxes are named chrome, bylines are not") {
  CHECK((hints_from_names("author-box") & kHintAuthorBox) != 0);
  CHECK((hints_from_names("about_the_author") & kHintAuthorBox) != 0);
  CHECK((hints_from_names("authorBio") & kHintAuthorBox) != 0);
  CHECK((hints_from_names("byline author") & kHintAuthorBox) == 0);
  CHECK((hints_from_names("byline author") & kHintMeta) != 0);
}

TEST_CASE("affiliate disclosures and disclaimers are promotion") {
  CHECK((hints_from_names("affiliate-text") & kHintPromo) != 0);
  CHECK((hints_from_names("editorial-disclosure") & kHintPromo) != 0);
  CHECK((hints_from_names("aawp-disclaimer") & kHintPromo) != 0);
}

TEST_CASE("page-builder widget wrappers are layout, sidebar widgets are not") {
  CHECK((hints_from_names("elementor-widget-container") & kHintSidebar) == 0);
  CHECK((hints_from_names("elementor-widget-wrap") & kHintSidebar) == 0);
  CHECK((hints_from_names("widget widget_text") & kHintSidebar) != 0);
  CHECK((hints_from_names("dnd-widget-wrapper") & kHintSidebar) != 0);
  CHECK((hints_from_names("sidebar-widget-container") & kHintSidebar) != 0);
}

TEST_CASE("'more' names related content only as a list of stories") {
  CHECK((hints_from_names("more-stories") & kHintRelated) != 0);
  CHECK((hints_from_names("more_from_the_site") & kHintRelated) != 0);
  CHECK((hints_from_names("read-more-content") & kHintRelated) == 0);
  CHECK((hints_from_names("more") & kHintRelated) == 0);
}

TEST_CASE("class hints: the memoised hash equals mix_name for every seed") {
  // The memo keeps one seed per value: a second seed must not reuse it.
  for (std::string_view value : {"post-4781 entry-content", "nav", "a1b22c333", "x"}) {
    for (std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{0xcbf29ce484222325ull}, std::uint64_t{1}}) {
      std::uint64_t hash = seed;
      const std::uint32_t bits = hints_and_mix(value, hash);
      CHECK(hash == mix_name(seed, value));
      CHECK(bits == hints_from_names(value));
    }
  }
  CHECK(mix_name(7, "post-4781") == mix_name(7, "post-5"));
  CHECK(mix_name(7, "post-4781") != mix_name(7, "post-"));
  std::uint64_t empty = 7;
  CHECK(hints_and_mix("", empty) == 0);
  CHECK(empty == mix_name(7, ""));
}

TEST_CASE("caption and credit names mark text about an image, and no chrome family") {
  CHECK((hints_from_names("wp-caption-text") & kHintCaption) != 0);
  CHECK((hints_from_names("figcaption") & kHintCaption) != 0);
  CHECK((hints_from_names("photo-credit") & kHintCaption) != 0);
  CHECK((hints_from_names("wp-caption-text") & kChromeNameHints) == 0);
  CHECK((hints_from_names("entry-content") & kHintCaption) == 0);
}
