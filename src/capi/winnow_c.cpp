// The C API over the C++ one: handles wrap the C++ objects, exceptions
// become status codes with a last-error string.
#include "winnow/winnow.h"

#include <new>
#include <string>

#include "winnow/winnow.hpp"

struct winnow_model {
  winnow::SiteModel model;
  std::string error;
};

struct winnow_cleaner {
  explicit winnow_cleaner(winnow::Options o) : cleaner(std::move(o)) {}
  winnow::Cleaner cleaner;
  std::string error;
};

namespace {

std::string_view view(winnow_str s) { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }
winnow_str str(std::string_view s) { return winnow_str{s.data(), s.size()}; }

winnow::PageInput page_input(const winnow_page& p) {
  winnow::PageInput in;
  in.id = view(p.id);
  in.body = view(p.body);
  in.url = view(p.url);
  in.charset = view(p.charset);
  in.fallback_site = view(p.fallback_site);
  return in;
}

template <typename Handle, typename Fn>
winnow_status guarded(Handle* handle, Fn&& fn) {
  try {
    handle->error.clear();
    return fn();
  } catch (const std::bad_alloc&) {
    handle->error = "out of memory";
    return WINNOW_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    handle->error = e.what();
    return WINNOW_INTERNAL_ERROR;
  } catch (...) {
    handle->error = "unknown error";
    return WINNOW_INTERNAL_ERROR;
  }
}

}  // namespace

extern "C" {

const char* winnow_version(void) { return "1.0.0"; }

void winnow_options_init(winnow_options* o) {
  if (!o) return;
  winnow::Options d;
  o->format = WINNOW_FORMAT_TEXT;
  o->explain = d.explain;
  o->use_site_counts = d.use_site_counts;
  o->min_repeat_pages = d.min_repeat_pages;
  o->min_repeat_share = d.min_repeat_share;
  o->min_site_pages = d.min_site_pages;
  o->use_gumbo = 0;
}

winnow_model* winnow_model_new(void) { return new (std::nothrow) winnow_model(); }
void winnow_model_free(winnow_model* model) { delete model; }

winnow_status winnow_model_load(winnow_model* model, const char* path, size_t path_len) {
  if (!model || !path) return WINNOW_INVALID_ARGUMENT;
  return guarded(model, [&] {
    std::string p(path, path_len);
    if (!model->model.load(p, &model->error)) {
      return model->error.find("cannot open") != std::string::npos ? WINNOW_IO_ERROR : WINNOW_CORRUPT_MODEL;
    }
    return WINNOW_OK;
  });
}

winnow_status winnow_model_save(winnow_model* model, const char* path, size_t path_len) {
  if (!model || !path) return WINNOW_INVALID_ARGUMENT;
  return guarded(model, [&] {
    if (model->model.save(std::string(path, path_len), &model->error)) return WINNOW_OK;
    return model->model.keeps_block_texts() ? WINNOW_IO_ERROR : WINNOW_INVALID_ARGUMENT;
  });
}

winnow_status winnow_model_keep_block_texts(winnow_model* model, int keep) {
  if (!model) return WINNOW_INVALID_ARGUMENT;
  return guarded(model, [&] {
    if (model->model.keep_block_texts(keep != 0)) return WINNOW_OK;
    model->error = "the model holds pages already: block texts are kept or dropped from the start";
    return WINNOW_INVALID_ARGUMENT;
  });
}

winnow_status winnow_model_merge(winnow_model* into, const winnow_model* from) {
  if (!into || !from) return WINNOW_INVALID_ARGUMENT;
  return guarded(into, [&] {
    return into->model.merge(from->model, &into->error) ? WINNOW_OK : WINNOW_INVALID_ARGUMENT;
  });
}

unsigned winnow_model_pages(const winnow_model* model, const char* site, size_t site_len) {
  if (!model || !site) return 0;
  return model->model.pages(std::string_view(site, site_len));
}

winnow_str winnow_model_last_error(const winnow_model* model) {
  return model ? str(model->error) : winnow_str{"", 0};
}

winnow_cleaner* winnow_cleaner_new(const winnow_options* o) {
  winnow::Options options;
  if (o) {
    if (o->format < WINNOW_FORMAT_TEXT || o->format > WINNOW_FORMAT_HTML) return nullptr;
    if (!(o->min_repeat_share >= 0.0 && o->min_repeat_share <= 1.0)) return nullptr;
    options.format = static_cast<winnow::OutputFormat>(o->format);
    options.explain = o->explain != 0;
    options.use_site_counts = o->use_site_counts != 0;
    options.min_repeat_pages = o->min_repeat_pages;
    options.min_repeat_share = o->min_repeat_share;
    options.min_site_pages = o->min_site_pages;
    options.parser = o->use_gumbo ? winnow::ParserKind::gumbo : winnow::ParserKind::fast;
  }
  try {
    return new winnow_cleaner(std::move(options));
  } catch (...) {
    return nullptr;
  }
}

void winnow_cleaner_free(winnow_cleaner* cleaner) { delete cleaner; }

winnow_status winnow_cleaner_count(winnow_cleaner* cleaner, const winnow_page* page, winnow_model* model) {
  if (!cleaner || !page || !model) return WINNOW_INVALID_ARGUMENT;
  return guarded(cleaner, [&] {
    cleaner->cleaner.count(page_input(*page), model->model);
    return WINNOW_OK;
  });
}

winnow_status winnow_cleaner_clean(winnow_cleaner* cleaner, const winnow_page* page, const winnow_model* model,
                                   winnow_result* result) {
  if (!cleaner || !page || !result) return WINNOW_INVALID_ARGUMENT;
  return guarded(cleaner, [&] {
    const winnow::CleanResult& r = cleaner->cleaner.clean(page_input(*page), model ? &model->model : nullptr);
    result->url = str(r.url);
    result->site = str(r.site);
    result->title = str(r.title);
    result->author = str(r.author);
    result->date = str(r.date);
    result->language = str(r.language);
    result->site_name = str(r.site_name);
    result->text = str(r.text);
    result->output = str(r.output);
    result->blocks = r.blocks.size();
    result->kept_blocks = 0;
    for (const winnow::BlockResult& b : r.blocks) result->kept_blocks += b.label == winnow::Label::content;
    return WINNOW_OK;
  });
}

winnow_str winnow_cleaner_last_error(const winnow_cleaner* cleaner) {
  return cleaner ? str(cleaner->error) : winnow_str{"", 0};
}

}  // extern "C"
