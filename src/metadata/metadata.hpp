// Page metadata for output: title, author, published date, language and
// site name, from <head> metadata first and the page text second.
#pragma once

#include <string>
#include <vector>

#include "segment/document.hpp"

namespace winnow {

struct ArticleMeta {
  std::string title;
  std::string author;
  std::string date;      // ISO 8601: YYYY-MM-DD, or a full timestamp when given
  std::string language;  // primary language subtag, lower case ("en", "de")
  std::string site_name;
};

ArticleMeta extract_metadata(const Document& doc);

// The article title from a <title> text: site names joined by separators
// ("Headline | Site", "Site - Headline") are cut off, `headings` (the
// page's h1s) confirm or replace it.
std::string clean_title(std::string_view title, const std::vector<std::string>& headings);

// Normalises a date string to ISO 8601, or returns empty if unreadable.
std::string normalize_date(std::string_view text);

}  // namespace winnow
