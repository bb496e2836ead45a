/* winnow C API: for FFI from Python, Go, Rust and anything that speaks C.
 *
 * Conventions:
 *  - Handles are opaque. Every *_free function accepts NULL.
 *  - Strings in are (pointer, length) pairs and need not be NUL-terminated;
 *    strings out are winnow_str views owned by the handle that returned them,
 *    valid until the next call on that handle (or its free).
 *  - Functions that can fail return a winnow_status; on failure the handle's
 *    last-error string says why. No C++ exception crosses this API.
 *  - A model is read-only while cleaners use it and may then be shared by
 *    threads; a cleaner is used by one thread at a time.
 */
#ifndef WINNOW_H
#define WINNOW_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct winnow_model winnow_model;
typedef struct winnow_cleaner winnow_cleaner;

typedef enum winnow_status {
  WINNOW_OK = 0,
  WINNOW_INVALID_ARGUMENT = 1, /* a NULL handle or an out-of-range option */
  WINNOW_IO_ERROR = 2,         /* a model file could not be read or written */
  WINNOW_CORRUPT_MODEL = 3,    /* a model file failed its checks */
  WINNOW_OUT_OF_MEMORY = 4,
  WINNOW_INTERNAL_ERROR = 5
} winnow_status;

typedef struct winnow_str {
  const char* ptr;
  size_t len;
} winnow_str;

typedef enum winnow_format {
  WINNOW_FORMAT_TEXT = 0,
  WINNOW_FORMAT_JSONL = 1,
  WINNOW_FORMAT_MARKDOWN = 2,
  WINNOW_FORMAT_HTML = 3
} winnow_format;

/* Cleaner options; winnow_options_init fills the defaults:
 *   format            WINNOW_FORMAT_TEXT
 *   explain           0      (1: jsonl lists every block with label and reason)
 *   use_site_counts   1      (0: per-page evidence only)
 *   min_repeat_pages  3      chrome if repeated on at least this many pages ...
 *   min_repeat_share  0.25   ... and this share of its site's pages
 *   min_site_pages    4      fewer pages: no cross-page evidence
 *   use_gumbo         0      (1: parse with Gumbo instead of the fast tokenizer)
 */
typedef struct winnow_options {
  winnow_format format;
  int explain;
  int use_site_counts;
  unsigned min_repeat_pages;
  double min_repeat_share;
  unsigned min_site_pages;
  int use_gumbo;
} winnow_options;

/* One page. body is the raw bytes in any charset; the others may be empty. */
typedef struct winnow_page {
  winnow_str id;
  winnow_str body;
  winnow_str url;            /* transport URL (WARC, crawler) */
  winnow_str charset;        /* transport charset (HTTP Content-Type) */
  winnow_str fallback_site;  /* site key when the page has no URL */
} winnow_page;

/* The outcome of cleaning a page; views owned by the cleaner. */
typedef struct winnow_result {
  winnow_str url, site, title, author, date, language, site_name;
  winnow_str text;    /* article as plain text */
  winnow_str output;  /* the page in the cleaner's format */
  size_t blocks;      /* blocks on the page */
  size_t kept_blocks; /* of which content */
} winnow_result;

const char* winnow_version(void);
void winnow_options_init(winnow_options* options);

/* Models. new returns NULL only when out of memory. */
winnow_model* winnow_model_new(void);
void winnow_model_free(winnow_model* model);
winnow_status winnow_model_load(winnow_model* model, const char* path, size_t path_len);
/* WINNOW_INVALID_ARGUMENT for a model that keeps no block texts. */
winnow_status winnow_model_save(winnow_model* model, const char* path, size_t path_len);
/* keep 0: the model stores no block texts (winnow.hpp, keep_block_texts):
 * for a model loaded or built only to clean with (a large learned model
 * loads in two thirds of the memory and half the time).
 * Call on an empty model, before loading or counting; such a model cannot
 * be saved or merged. WINNOW_INVALID_ARGUMENT if it holds pages already. */
winnow_status winnow_model_keep_block_texts(winnow_model* model, int keep);
/* Adds from's counts into into (shards of a map-reduce). */
winnow_status winnow_model_merge(winnow_model* into, const winnow_model* from);
unsigned winnow_model_pages(const winnow_model* model, const char* site, size_t site_len);
winnow_str winnow_model_last_error(const winnow_model* model);

/* Cleaners. options may be NULL for the defaults; new returns NULL on an
 * invalid option or when out of memory. */
winnow_cleaner* winnow_cleaner_new(const winnow_options* options);
void winnow_cleaner_free(winnow_cleaner* cleaner);
/* Pass 1: counts the page into model under its site. */
winnow_status winnow_cleaner_count(winnow_cleaner* cleaner, const winnow_page* page, winnow_model* model);
/* Pass 2: cleans the page; model may be NULL. */
winnow_status winnow_cleaner_clean(winnow_cleaner* cleaner, const winnow_page* page,
                                   const winnow_model* model, winnow_result* result);
winnow_str winnow_cleaner_last_error(const winnow_cleaner* cleaner);

#ifdef __cplusplus
}
#endif

#endif /* WINNOW_H */
