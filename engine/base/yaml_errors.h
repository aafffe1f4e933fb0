// yaml-cpp's error texts as catalogue messages, so that a YAML syntax error
// reads in 中文 too (the English stays yaml-cpp's own text).
#pragma once

#include <string>

#include "base/messages.h"

namespace decree {

// The {detail} of yaml_syntax / case_invalid_yaml for yaml-cpp's message
// `what` (YAML::Exception::msg): a catalogued message where yaml-cpp's text is
// known, else the text as written.
MessageArg yaml_error_detail(const std::string& what);

}  // namespace decree
