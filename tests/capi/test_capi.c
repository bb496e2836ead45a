/* The C API from C: count a fixture site, clean a page, check the outcome,
 * and check that errors are status codes with messages, never crashes. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "winnow/winnow.h"

static int failures = 0, checks = 0;
#define CHECK(cond)                                                   \
  do {                                                                \
    ++checks;                                                         \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* data = malloc((size_t)n + 1);
  *len = fread(data, 1, (size_t)n, f);
  fclose(f);
  return data;
}

static winnow_str s(const char* text) {
  winnow_str out = {text, strlen(text)};
  return out;
}

static int contains(winnow_str haystack, const char* needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= haystack.len; ++i) {
    if (memcmp(haystack.ptr + i, needle, n) == 0) return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_capi FIXTURES_DIR\n");
    return 2;
  }
  static const char* pages[] = {"council-budget", "ferry-strike", "school-garden",
                                "marina-vote", "storm-warning", "library-reopens"};
  char path[4096];
  char* bodies[6];
  size_t lengths[6];
  for (int i = 0; i < 6; ++i) {
    snprintf(path, sizeof path, "%s/sites/harbortimes/%s.html", argv[1], pages[i]);
    bodies[i] = read_file(path, &lengths[i]);
    CHECK(bodies[i] != NULL);
    if (!bodies[i]) return 1;
  }

  winnow_model* model = winnow_model_new();
  winnow_cleaner* cleaner = winnow_cleaner_new(NULL);
  CHECK(model && cleaner);
  for (int i = 0; i < 6; ++i) {
    winnow_page page = {s(pages[i]), {bodies[i], lengths[i]}, {0, 0}, {0, 0}, {0, 0}};
    CHECK(winnow_cleaner_count(cleaner, &page, model) == WINNOW_OK);
  }
  CHECK(winnow_model_pages(model, "harbortimes.example", 19) == 6);

  winnow_page page = {s("ferry-strike"), {bodies[1], lengths[1]}, {0, 0}, {0, 0}, {0, 0}};
  winnow_result result;
  CHECK(winnow_cleaner_clean(cleaner, &page, model, &result) == WINNOW_OK);
  CHECK(contains(result.text, "Crews on the island ferry"));
  CHECK(!contains(result.text, "Reader-funded reporting"));
  CHECK(!contains(result.text, "Install the Harbor Times app"));
  CHECK(result.kept_blocks > 0 && result.kept_blocks < result.blocks);
  CHECK(result.site.len == 19 && memcmp(result.site.ptr, "harbortimes.example", 19) == 0);

  /* A model loaded to clean with, without block texts, cleans the same;
   * it cannot be saved or merged, and a model with pages keeps its texts. */
  char model_path[] = "/tmp/winnow_capi_model_XXXXXX";
  int fd = mkstemp(model_path);
  CHECK(fd >= 0);
  if (fd >= 0) close(fd);
  CHECK(winnow_model_save(model, model_path, strlen(model_path)) == WINNOW_OK);
  winnow_model* lean = winnow_model_new();
  CHECK(winnow_model_keep_block_texts(lean, 0) == WINNOW_OK);
  CHECK(winnow_model_load(lean, model_path, strlen(model_path)) == WINNOW_OK);
  CHECK(winnow_model_pages(lean, "harbortimes.example", 19) == 6);
  char* full_text = malloc(result.text.len + 1);
  CHECK(full_text != NULL);
  if (full_text) memcpy(full_text, result.text.ptr, result.text.len);
  const size_t full_len = result.text.len;
  CHECK(winnow_cleaner_clean(cleaner, &page, lean, &result) == WINNOW_OK);
  CHECK(full_text && result.text.len == full_len && memcmp(result.text.ptr, full_text, full_len) == 0);
  free(full_text);
  CHECK(winnow_model_save(lean, model_path, strlen(model_path)) == WINNOW_INVALID_ARGUMENT);
  CHECK(contains(winnow_model_last_error(lean), "keeps no block texts"));
  CHECK(winnow_model_merge(model, lean) == WINNOW_INVALID_ARGUMENT);
  CHECK(winnow_model_keep_block_texts(model, 0) == WINNOW_INVALID_ARGUMENT);
  CHECK(winnow_model_keep_block_texts(NULL, 0) == WINNOW_INVALID_ARGUMENT);
  winnow_model_free(lean);
  remove(model_path);

  /* Errors are codes and messages. */
  CHECK(winnow_cleaner_clean(NULL, &page, model, &result) == WINNOW_INVALID_ARGUMENT);
  CHECK(winnow_model_load(model, "/nonexistent/model", 18) == WINNOW_IO_ERROR);
  CHECK(winnow_model_last_error(model).len > 0);
  winnow_options bad;
  winnow_options_init(&bad);
  bad.min_repeat_share = 2.0;
  CHECK(winnow_cleaner_new(&bad) == NULL);
  winnow_model_free(NULL);
  winnow_cleaner_free(NULL);

  winnow_cleaner_free(cleaner);
  winnow_model_free(model);
  for (int i = 0; i < 6; ++i) free(bodies[i]);
  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}
