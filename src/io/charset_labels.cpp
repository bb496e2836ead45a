#include "io/charset_labels.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace winnow::io {

namespace {

struct Entry {
  CharsetInfo info;
  std::initializer_list<std::string_view> labels;
};

// The decoders follow WHATWG where glibc offers a superset: Shift_JIS is
// decoded as CP932, EUC-KR as CP949 and GBK as GB18030, since that is what
// pages labelled so actually contain.
const Entry kEntries[] = {
    {{"UTF-8", "UTF-8", false},
     {"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"}},
    {{"WINDOWS-1252", "CP1252", true},
     {"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
      "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
      "us-ascii", "windows-1252", "x-cp1252"}},
    {{"ISO-8859-2", "ISO-8859-2", true},
     {"csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
      "iso_8859-2:1987", "l2", "latin2"}},
    {{"ISO-8859-3", "ISO-8859-3", true},
     {"csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
      "iso_8859-3:1988", "l3", "latin3"}},
    {{"ISO-8859-4", "ISO-8859-4", true},
     {"csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
      "iso_8859-4:1988", "l4", "latin4"}},
    {{"ISO-8859-5", "ISO-8859-5", true},
     {"csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
      "iso_8859-5", "iso_8859-5:1988"}},
    {{"ISO-8859-6", "ISO-8859-6", true},
     {"arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
      "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
      "iso_8859-6", "iso_8859-6:1987"}},
    {{"ISO-8859-7", "ISO-8859-7", true},
     {"csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126",
      "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"}},
    {{"ISO-8859-8", "ISO-8859-8", true},
     {"csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
      "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual", "iso-8859-8-i",
      "csiso88598i", "logical"}},
    {{"ISO-8859-10", "ISO-8859-10", true},
     {"csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"}},
    {{"ISO-8859-13", "ISO-8859-13", true}, {"iso-8859-13", "iso8859-13", "iso885913"}},
    {{"ISO-8859-14", "ISO-8859-14", true}, {"iso-8859-14", "iso8859-14", "iso885914"}},
    {{"ISO-8859-15", "ISO-8859-15", true},
     {"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9", "latin9"}},
    {{"ISO-8859-16", "ISO-8859-16", true}, {"iso-8859-16"}},
    {{"KOI8-R", "KOI8-R", true}, {"cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"}},
    {{"KOI8-U", "KOI8-U", true}, {"koi8-ru", "koi8-u"}},
    {{"MACINTOSH", "MACINTOSH", true}, {"csmacintosh", "mac", "macintosh", "x-mac-roman"}},
    {{"WINDOWS-874", "CP874", true},
     {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"}},
    {{"WINDOWS-1250", "CP1250", true}, {"cp1250", "windows-1250", "x-cp1250"}},
    {{"WINDOWS-1251", "CP1251", true}, {"cp1251", "windows-1251", "x-cp1251"}},
    {{"WINDOWS-1253", "CP1253", true}, {"cp1253", "windows-1253", "x-cp1253"}},
    {{"WINDOWS-1254", "CP1254", true},
     {"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
      "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"}},
    {{"WINDOWS-1255", "CP1255", true}, {"cp1255", "windows-1255", "x-cp1255"}},
    {{"WINDOWS-1256", "CP1256", true}, {"cp1256", "windows-1256", "x-cp1256"}},
    {{"WINDOWS-1257", "CP1257", true}, {"cp1257", "windows-1257", "x-cp1257"}},
    {{"WINDOWS-1258", "CP1258", true}, {"cp1258", "windows-1258", "x-cp1258"}},
    {{"IBM866", "IBM866", true}, {"866", "cp866", "csibm866", "ibm866"}},
    {{"X-MAC-CYRILLIC", "MAC-CYRILLIC", true}, {"x-mac-cyrillic", "x-mac-ukrainian", "mac-cyrillic"}},
    {{"GBK", "GB18030", false},
     {"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
      "iso-ir-58", "x-gbk", "euc-cn"}},
    {{"GB18030", "GB18030", false}, {"gb18030"}},
    {{"BIG5", "BIG5-HKSCS", false}, {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"}},
    {{"EUC-JP", "EUC-JP", false}, {"cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"}},
    {{"ISO-2022-JP", "ISO-2022-JP", false}, {"csiso2022jp", "iso-2022-jp"}},
    {{"SHIFT_JIS", "CP932", false},
     {"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis",
      "cp932"}},
    {{"EUC-KR", "CP949", false},
     {"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
      "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cp949", "uhc"}},
    {{"UTF-16BE", "UTF-16BE", false}, {"unicodefffe", "utf-16be"}},
    {{"UTF-16LE", "UTF-16LE", false},
     {"csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"}},
};

const std::unordered_map<std::string, const CharsetInfo*>& table() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string, const CharsetInfo*>();
    for (const Entry& e : kEntries)
      for (std::string_view label : e.labels) m->emplace(std::string(label), &e.info);
    return m;
  }();
  return *map;
}

}  // namespace

const CharsetInfo* lookup_charset(std::string_view label) {
  auto trim = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '"' || c == '\''; };
  while (!label.empty() && trim(label.front())) label.remove_prefix(1);
  while (!label.empty() && trim(label.back())) label.remove_suffix(1);
  std::string key(label);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  auto it = table().find(key);
  return it == table().end() ? nullptr : it->second;
}

}  // namespace winnow::io
