# The installed library is usable as documented (docs/library.md): a C++
# program built with CMake's find_package(winnow) and a C program built with
# pkg-config's flags, both against an install in a fresh prefix, count the
# fixture site and clean one of its pages; the installed CLI runs.
source "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$WINNOW")
SITE="$PROJECT/fixtures/sites/harbortimes"
PREFIX="$WORK/prefix"

cmake --install "$BUILD" --prefix "$PREFIX" > "$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; fail "cmake --install"; }
"$PREFIX/bin/winnow" --version > /dev/null || fail "the installed CLI runs"
pass "installed into a fresh prefix"

mkdir -p "$WORK/cpp"
cat > "$WORK/cpp/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(winnow_consumer LANGUAGES CXX)
find_package(winnow 1 REQUIRED CONFIG)
add_executable(consumer consumer.cpp)
target_link_libraries(consumer PRIVATE winnow::winnow)
CM
cat > "$WORK/cpp/consumer.cpp" <<'CPP'
// Counts every page named on the command line into a model, then cleans
// the first one and prints its article text.
#include <winnow/winnow.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::vector<std::string> bodies;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    bodies.push_back(bytes.str());
  }
  winnow::Cleaner cleaner{winnow::Options{}};
  winnow::SiteModel model;
  auto page = [&](int i) {
    winnow::PageInput p;
    p.id = argv[i + 1];
    p.body = bodies[static_cast<std::size_t>(i)];
    p.fallback_site = "harbortimes.example";
    return p;
  };
  for (int i = 0; i + 1 < argc; ++i) cleaner.count(page(i), model);
  std::cout << cleaner.clean(page(0), &model).text << "\n";
}
CPP
cmake -S "$WORK/cpp" -B "$WORK/cpp/build" -DCMAKE_PREFIX_PATH="$PREFIX" > "$WORK/cpp.log" 2>&1 &&
  cmake --build "$WORK/cpp/build" >> "$WORK/cpp.log" 2>&1 || { tail -30 "$WORK/cpp.log" >&2; fail "a C++ program builds with find_package(winnow)"; }
pages=("$SITE/ferry-strike.html" $(ls "$SITE"/*.html | grep -v ferry-strike))
"$WORK/cpp/build/consumer" "${pages[@]}" > "$WORK/cpp.out" || fail "the C++ program runs"
grep -q "Crews on the island ferry voted" "$WORK/cpp.out" || fail "the C++ program keeps the article"
grep -q "Install the Harbor Times app" "$WORK/cpp.out" && fail "the C++ program drops the site's repeated appeal"
pass "a C++ program built with find_package(winnow) cleans a page"

cat > "$WORK/consumer.c" <<'C'
/* Counts every page named on the command line, cleans the first one and
 * prints its article text, through the C API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winnow/winnow.h>

static winnow_str file(const char* path) {
  winnow_str out = {NULL, 0};
  FILE* f = fopen(path, "rb");
  if (!f) return out;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* data = malloc((size_t)n);
  out.len = fread(data, 1, (size_t)n, f);
  out.ptr = data;
  fclose(f);
  return out;
}

int main(int argc, char** argv) {
  winnow_model* model = winnow_model_new();
  winnow_cleaner* cleaner = winnow_cleaner_new(NULL);
  winnow_page first;
  for (int i = 1; i < argc; ++i) {
    winnow_page page = {{argv[i], strlen(argv[i])}, file(argv[i]), {NULL, 0}, {NULL, 0},
                        {"harbortimes.example", strlen("harbortimes.example")}};
    if (winnow_cleaner_count(cleaner, &page, model) != WINNOW_OK) return 2;
    if (i == 1) first = page;
  }
  winnow_result r;
  if (winnow_cleaner_clean(cleaner, &first, model, &r) != WINNOW_OK) return 3;
  fwrite(r.text.ptr, 1, r.text.len, stdout);
  winnow_cleaner_free(cleaner);
  winnow_model_free(model);
  return 0;
}
C
export PKG_CONFIG_PATH="$(dirname "$(find "$PREFIX" -name winnow.pc | head -1)")"
cc -std=c11 "$WORK/consumer.c" -o "$WORK/c_consumer" $(pkg-config --cflags --libs --static winnow) 2> "$WORK/c.log" ||
  { cat "$WORK/c.log" >&2; fail "a C program builds with pkg-config winnow"; }
# pkg-config gives no run path: a shared libwinnow in a prefix of its own
# is found through the loader's path.
LD_LIBRARY_PATH="$PKG_CONFIG_PATH/..${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$WORK/c_consumer" "${pages[@]}" > "$WORK/c.out" ||
  fail "the C program runs"
grep -q "Crews on the island ferry voted" "$WORK/c.out" || fail "the C program keeps the article"
grep -q "Install the Harbor Times app" "$WORK/c.out" && fail "the C program drops the site's repeated appeal"
pass "a C program built with pkg-config winnow cleans a page"
echo "$checks checks passed"
