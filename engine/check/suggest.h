// "Did you mean" suggestions for unknown names (Catala's suggestions.ml).
#pragma once

#include <string>
#include <vector>

namespace decree {

// The candidate closest to `name` by edit distance, if close enough to be a
// plausible typo; empty otherwise.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace decree
