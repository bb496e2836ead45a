// Documents that are not pages. A crawl archive keeps every text answer a
// crawler got: robots.txt rules (text/plain, one per host), feeds and
// sitemaps served as text; a mirrored site holds PDF files, style sheets
// and XML data beside its pages. Taken for pages, their rules, URLs and markup came out
// as article text (a real 2008 crawl archive: 33 of its 177 kept records).
// Each kind is recognised from the document's own text, by signs no page
// shows; anything else may be a page.
#pragma once

#include <string>
#include <string_view>

namespace winnow::io {

// What `text` (decoded to UTF-8) is when it is certainly not a page, in
// words fit for a note ("robots.txt rules", "a PDF document", "XML data
// (root element <rss>)", "JSON data"); empty when it may be a page.
//
//   PDF, PostScript, RTF: their signature at the start.
//   robots.txt rules:     every line a comment, blank, or a robots.txt
//                         field ("user-agent:", "disallow:", ...), at most
//                         one in ten of the field lines of another name,
//                         and at least one user-agent line.
//   XML data:             a root element HTML does not define (or <svg>,
//                         <math>: an image, a formula), after the prolog
//                         (<?xml ?>, comments, a doctype), in a document
//                         that opens with an XML declaration or ends with
//                         the root's end tag. XHTML (root <html>) is a page.
//   JSON data:            the whole text is one JSON value, an object or
//                         an array.
//   a style sheet:        its first 16 KB are comments, at-rules and at
//                         least three rules, each of selectors and a block
//                         of "name: value" declarations, and nothing else.
// Scripts are not recognised: no sign of theirs is as sure.
std::string recognise_non_page(std::string_view text);

}  // namespace winnow::io
