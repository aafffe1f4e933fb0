// What a stage made of the rules at a path, as text made for reading and for
// golden tests (`decree check --dump-after=STAGE`, Soufflé's and cel-cpp's
// habit). Each stage's printer lives in the stage's folder:
//   parse  every .decree file under the path, its AST as S-expressions
//          (syntax/print.h), after a line `;; FILE`
//   check  every version's checked program (check/print.h)
//   plan   every version's planned program (plan/print.h)
// For check and plan each version follows a line `;; PATH (version "NAME")`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace decree {

enum class DumpStage { parse, check, plan };

// "parse", "check" or "plan"; nullopt for any other name.
std::optional<DumpStage> dump_stage(std::string_view name);

// The path is what `decree check` takes: a .decree file, a version directory
// or a directory of versions. Errors (an unreadable file, a syntax or type
// error) go to `diags`; the text holds whatever could still be printed (for
// parse, the files that parsed).
std::string dump_after(const std::string& path, DumpStage stage, Diagnostics& diags);

}  // namespace decree
