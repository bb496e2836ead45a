// URLs and site keys: the host a page is counted under.
#pragma once

#include <string>
#include <string_view>

namespace winnow {

// The host of an absolute URL, lower-cased, without port, userinfo or a
// leading "www."; empty if `url` has no host. A URL that wraps another one
// (an archive's "https://archive.example/web/2015/http://site/page") yields
// the inner URL's host, so archived pages count under their own site.
std::string host_of(std::string_view url);

// True for "http(s)://host..." and "//host..." URLs.
bool is_absolute_url(std::string_view url);

// Normalises a site name given by the user or a directory name the same way
// hosts are (lower case, no "www."), so both spellings of a site meet.
std::string normalize_site(std::string_view name);

// True when a (normalised) name reads as a host name: dot-separated labels
// of letters, digits and hyphens, ending in an alphabetic label
// ("news.example.co.uk"). Mirrors and crawl dumps store a site's pages in a
// directory named after its host; such a directory is that site.
bool looks_like_host(std::string_view name);

}  // namespace winnow
