// The language of everything the command prints to people: `--lang zh|en`,
// else the environment (LC_ALL, LC_MESSAGES, LANG), else English. JSON field
// names and error codes do not change with it.
#pragma once

#include "base/diagnostics.h"

namespace decree::cli {

Lang output_lang();
void set_output_lang(Lang lang);

// Diagnostics on stderr, compiler-style (or one line each), in output_lang().
void print_diagnostics(const Diagnostics& diags, bool brief = false);

}  // namespace decree::cli
