// YAML cases as JSON text, so that YAML and JSON cases share one decoder.
// Scalars keep their text: a plain scalar that reads as an exact number or as
// true/false stays one, null/~ is null, anything else (and any quoted
// scalar) is a string. Used by Session::decode_yaml, the YAML rule tests and
// `decree diff`'s YAML case files.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace decree {

// Appends `node` as JSON. Returns false (with `out` incomplete) when the
// node nests deeper than 64 levels, as a recursive alias (&a [*a]) does.
bool yaml_to_json(const YAML::Node& node, std::string& out);

}  // namespace decree
