// The service's log: one line per event on stderr, through spdlog, as
// key=value pairs after the UTC time and level, so that a log collector
// can read it:
//   2026-12-04T02:31:07.412Z level=info event=reload generation=2 served=1 refused=0
// Never a token, a secret or a case's content: callers by name, cases by
// decision id.
#pragma once

#include <string>
#include <string_view>

namespace decree::serve::log {

// The pattern and the stderr sink; called once by `decree serve`. Until then
// (in tests) lines go to spdlog's default logger.
void init();

void info(std::string_view event, const std::string& fields);
void warn(std::string_view event, const std::string& fields);

// A value for a field: bare if it is a plain word, else quoted with `"`
// and `\` escaped (a path, a message).
std::string value(std::string_view v);

}  // namespace decree::serve::log
