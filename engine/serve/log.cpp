#include "serve/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace decree::serve::log {

void init() {
  auto logger = spdlog::stderr_logger_mt("decree");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
}

void info(std::string_view event, const std::string& fields) {
  spdlog::info("event={} {}", event, fields);
}

void warn(std::string_view event, const std::string& fields) {
  spdlog::warn("event={} {}", event, fields);
}

std::string value(std::string_view v) {
  const bool plain = !v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/';
  });
  if (plain) return std::string(v);
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace decree::serve::log
