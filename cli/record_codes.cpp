#include "cli/record_codes.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>

#include "base/messages.h"

namespace decree::cli {
namespace {

std::set<Code>& rendered() {
  static std::set<Code> codes;
  return codes;
}
// Batch workers render messages from several threads.
std::mutex& rendered_mutex() {
  static std::mutex m;
  return m;
}

std::string& record_path() {
  static std::string path;
  return path;
}

void write_recorded_codes() {
  std::FILE* out = std::fopen(record_path().c_str(), "w");
  if (!out) return;  // a test hook: the golden test then finds no codes and says so
  std::lock_guard<std::mutex> lock(rendered_mutex());
  for (Code c : rendered()) std::fprintf(out, "%s\n", std::string(code_name(c)).c_str());
  std::fclose(out);
}

}  // namespace

void record_codes_from_environment() {
  const char* path = std::getenv("DECREE_RECORD_CODES");
  if (!path || !*path) return;
  // Both statics exist before the handler is registered, so they are
  // destroyed after it runs.
  record_path() = path;
  rendered();
  rendered_mutex();
  set_message_observer([](Code c) {
    std::lock_guard<std::mutex> lock(rendered_mutex());
    rendered().insert(c);
  });
  std::atexit(write_recorded_codes);
}

}  // namespace decree::cli
