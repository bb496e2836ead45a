#include "pipeline/items.hpp"

namespace winnow::pipeline {

PageInput page_of(const io::Record& r) {
  PageInput page;
  page.id = r.id;
  page.body = r.body;
  page.url = r.url;
  page.charset = r.charset;
  page.kind = r.kind == io::ContentKind::html ? InputKind::html
              : r.kind == io::ContentKind::text ? InputKind::text
                                                : InputKind::detect;
  page.fallback_site = r.fallback_site;
  page.extra_json = r.passthrough_json;
  return page;
}

void finish_read(Item& item, std::uint64_t max_record_bytes) {
  io::RecordError error;
  if (io::finish_read(item.record, max_record_bytes, error)) return;
  item.record = io::Record{};
  item.record.id = error.id;
  item.read_error = std::move(error);
}

bool ItemSource::next(Item& item) {
  io::RecordError error;
  item.read_error.reset();
  switch (reader_->next(item.record, error)) {
    case io::RecordReader::kRecord: return true;
    case io::RecordReader::kError:
      item.record = io::Record{};
      item.record.id = error.id;
      item.read_error = std::move(error);
      return true;
    case io::RecordReader::kEnd: return false;
  }
  return false;
}

void CleanedCopy::keep(const CleanResult& r) {
  id.assign(r.id); url.assign(r.url); site.assign(r.site); title.assign(r.title);
  author.assign(r.author); date.assign(r.date); language.assign(r.language);
  site_name.assign(r.site_name); text.assign(r.text); output.assign(r.output);
  notes.assign(r.notes.begin(), r.notes.end());
  result = CleanResult{id, url, site, title, author, date, language, site_name, text, output, {}, notes};
}

}  // namespace winnow::pipeline
