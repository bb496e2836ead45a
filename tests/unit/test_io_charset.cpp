#include <doctest/doctest.h>

#include <string>

#include "io/charset.hpp"

using winnow::io::decode_to_utf8;
using winnow::io::repair_utf8;

TEST_CASE("charset: UTF-8 BOM is removed and wins over a declaration") {
  auto d = decode_to_utf8("\xEF\xBB\xBFh\xC3\xA9llo", "iso-8859-1", true);
  CHECK(d.text() == "h\xC3\xA9llo");
  CHECK(d.charset == "UTF-8");
  CHECK(d.how == "bom");
}

TEST_CASE("charset: UTF-16 with BOM, both byte orders") {
  std::string le("\xFF\xFE" "c\0a\0f\0\xE9\0", 10);
  auto d = decode_to_utf8(le, "", true);
  CHECK(d.text() == "caf\xC3\xA9");
  CHECK(d.charset == "UTF-16LE");
  std::string be("\xFE\xFF\0c\0a\0f\0\xE9", 10);
  auto e = decode_to_utf8(be, "", false);
  CHECK(e.text() == "caf\xC3\xA9");
  CHECK(e.charset == "UTF-16BE");
  CHECK(e.how == "bom");
}

TEST_CASE("charset: HTTP declaration is used and labels are normalised") {
  auto d = decode_to_utf8("caf\xE9 \x93quoted\x94", "latin1", true);
  CHECK(d.text() == "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");  // windows-1252 quotes
  CHECK(d.charset == "WINDOWS-1252");
  CHECK(d.how == "http");
  CHECK(winnow::io::canonical_charset("ISO-8859-1") == "WINDOWS-1252");
  CHECK(winnow::io::canonical_charset("us-ascii") == "WINDOWS-1252");
  CHECK(winnow::io::canonical_charset("x-sjis") == "SHIFT_JIS");
  CHECK(winnow::io::canonical_charset("Shift-JIS") == "SHIFT_JIS");
  CHECK(winnow::io::canonical_charset("gb2312") == "GBK");
  CHECK(winnow::io::canonical_charset("utf8") == "UTF-8");
  CHECK(winnow::io::canonical_charset(" \"EUC-KR\" ") == "EUC-KR");
  CHECK(winnow::io::canonical_charset("koi8-r") == "KOI8-R");
  CHECK(winnow::io::canonical_charset("windows-1251") == "WINDOWS-1251");
  CHECK(winnow::io::canonical_charset("big5") == "BIG5");
  CHECK(winnow::io::canonical_charset("euc-jp") == "EUC-JP");
  CHECK(winnow::io::canonical_charset("no-such-charset").empty());
}

TEST_CASE("charset: meta charset, quoted or not, any case") {
  std::string page = "<html><head><META CHARSET=windows-1251><title>\xCF\xF0\xE8\xE2\xE5\xF2</title>";
  auto d = decode_to_utf8(page, "", true);
  CHECK(d.charset == "WINDOWS-1251");
  CHECK(d.how == "meta");
  CHECK(d.text().find("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82") != std::string::npos);  // Привет

  std::string quoted = "<meta charset='koi8-r'><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>";
  auto k = decode_to_utf8(quoted, "", true);
  CHECK(k.charset == "KOI8-R");
  CHECK(k.text().find("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82") != std::string::npos);
}

TEST_CASE("charset: http-equiv Content-Type meta") {
  std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"
      "</head><body>\x93\xFA\x96\x7B\x8C\xEA</body></html>";  // 日本語
  auto d = decode_to_utf8(page, "", true);
  CHECK(d.charset == "SHIFT_JIS");
  CHECK(d.how == "meta");
  CHECK(d.text().find("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E") != std::string::npos);
}

TEST_CASE("charset: meta is ignored when not HTML, and beyond 4 KB") {
  std::string page = "<meta charset=koi8-r> plain ascii";
  CHECK(decode_to_utf8(page, "", false).how == "utf-8 valid");
  std::string late = std::string(5000, ' ') + "<meta charset=koi8-r>";
  CHECK(decode_to_utf8(late, "", true).how == "utf-8 valid");
}

TEST_CASE("charset: valid UTF-8 without declaration is kept as is") {
  std::string s = "na\xC3\xAFve \xE2\x82\xAC 10";
  auto d = decode_to_utf8(s, "", true);
  CHECK(d.text() == s);
  CHECK(d.charset == "UTF-8");
  CHECK(d.how == "utf-8 valid");
}

TEST_CASE("charset: undeclared windows-1252 bytes fall back or are detected") {
  auto d = decode_to_utf8("caf\xE9", "", true);
  CHECK(d.text() == "caf\xC3\xA9");
  CHECK((d.how == "fallback" || d.how == "detected"));
  // Whatever was chosen, the result is valid UTF-8.
  std::string out;
  CHECK(repair_utf8(d.text(), out));
}

TEST_CASE("charset: GBK declared over HTTP, gb2312 label") {
  std::string gbk = "\xD6\xD0\xCE\xC4";  // 中文
  auto d = decode_to_utf8(gbk, "gb2312", false);
  CHECK(d.charset == "GBK");
  CHECK(d.text() == "\xE4\xB8\xAD\xE6\x96\x87");
}

TEST_CASE("charset: undeclared Shift_JIS text is detected") {
  // A longer run gives the detector something to work with.
  std::string sjis;
  for (int i = 0; i < 20; ++i)
    sjis += "\x82\xB1\x82\xEA\x82\xCD\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x95\xB6\x8F\xCD\x82\xC5\x82\xB7\x81\x42";
  auto d = decode_to_utf8(sjis, "", false);
  CHECK(d.how == "detected");
  CHECK(d.charset == "SHIFT_JIS");
  CHECK(d.text().find("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E") != std::string::npos);
}

TEST_CASE("charset: declared UTF-8 with a stray invalid byte is repaired, not re-decoded") {
  std::string s;
  for (int i = 0; i < 10; ++i) s += "\xC3\xA9t\xC3\xA9 ";
  s += "\xFF end";
  auto d = decode_to_utf8(s, "utf-8", true);
  CHECK(d.charset == "UTF-8");
  CHECK(d.text().find("\xEF\xBF\xBD end") != std::string::npos);
  CHECK(d.text().substr(0, 6) == "\xC3\xA9t\xC3\xA9 ");
}

TEST_CASE("charset: declared latin1 on a page that is valid UTF-8 keeps UTF-8") {
  std::string s = "<meta charset=iso-8859-1><p>Stra\xC3\x9F" "e</p>";
  auto d = decode_to_utf8(s, "", true);
  CHECK(d.charset == "UTF-8");
  CHECK(d.text() == s);
}

TEST_CASE("charset: invalid bytes become U+FFFD and never break the output") {
  std::string out;
  CHECK_FALSE(repair_utf8("a\x80" "b", out));
  CHECK(out == "a\xEF\xBF\xBD" "b");
  CHECK_FALSE(repair_utf8("\xE2\x82", out));  // truncated sequence: one U+FFFD
  CHECK(out == "\xEF\xBF\xBD");
  CHECK_FALSE(repair_utf8("\xED\xA0\x80", out));  // surrogate: each byte replaced
  CHECK(out == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK_FALSE(repair_utf8("\xC0\xAF", out));  // overlong
  CHECK(out == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(repair_utf8("plain ascii that is long enough to use the fast path", out));
  CHECK(out == "plain ascii that is long enough to use the fast path");
  // An invalid byte inside a multi-byte charset declared by the transport.
  auto d = decode_to_utf8("\x82\xA0\xFF\x82\xA0", "shift_jis", false);
  CHECK(d.text().find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(repair_utf8(d.text(), out));
}

TEST_CASE("charset: empty input") {
  auto d = decode_to_utf8("", "", true);
  CHECK(d.text().empty());
  CHECK(d.charset == "UTF-8");
  auto e = decode_to_utf8("", "windows-1251", true);
  CHECK(e.text().empty());
}

TEST_CASE("charset: unknown declared label is ignored") {
  auto d = decode_to_utf8("ok", "x-made-up", true);
  CHECK(d.text() == "ok");
  CHECK(d.how == "utf-8 valid");
}

TEST_CASE("charset: valid UTF-8 is read in place, converted text is owned") {
  const std::string page = "<p>d\xC3\xA9j\xC3\xA0 vu</p>";
  auto d = decode_to_utf8(page, "utf-8", true);
  CHECK(d.text().data() == page.data());  // no copy
  CHECK(d.text().size() == page.size());
  const std::string legacy = "<p>d\xE9j\xE0 vu</p>";
  auto e = decode_to_utf8(legacy, "windows-1252", true);
  CHECK(e.text() == page);
  CHECK(e.text().data() != legacy.data());
}

TEST_CASE("charset: a stray byte is found wherever it falls in the 64- and 32-byte steps") {
  // ASCII runs are skipped whole, 64 bytes a step, then 32, 8 and 1: an
  // invalid byte at any offset into a run must still be seen and repaired.
  // The prefix makes the page read as UTF-8; the run starts after it.
  std::string prefix;
  for (int i = 0; i < 10; ++i) prefix += "\xC3\xA9t\xC3\xA9 ";
  for (std::size_t at = 0; at < 160; ++at) {
    std::string s = prefix + std::string(160, 'a');
    s[prefix.size() + at] = '\xFF';
    auto d = decode_to_utf8(s, "utf-8", true);
    CHECK(d.charset == "UTF-8");
    REQUIRE(d.text().size() == s.size() + 2);
    CHECK(d.text().substr(prefix.size() + at, 3) == "\xEF\xBF\xBD");
    CHECK(d.text().find_first_not_of('a', prefix.size()) == prefix.size() + at);
    // A valid two-byte letter at the same place is left as it is.
    std::string v = prefix + std::string(160, 'a');
    v.replace(prefix.size() + at, 1, "\xC3\xA9");
    CHECK(decode_to_utf8(v, "utf-8", true).text().data() == v.data());
  }
}
