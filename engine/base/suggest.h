// "Did you mean" suggestions for unknown names (Catala's suggestions.ml): the
// one helper of every stage (rules, parameters, case fields, test keys), so
// that a typo gets the same hint wherever it is made.
#pragma once

#include <string>
#include <vector>

namespace decree {

// The candidate closest to `name` by edit distance, if close enough to be a
// plausible typo; empty otherwise. The distance counts code points (a
// mistyped Chinese character is one edit, as a Latin letter is) and is case
// sensitive (`Unit` is one edit from `unit`). Close enough: at most a third of
// the name's length, and at least 2, so that a short name may have two typos
// (`uint` for `unit`). On a tie the first candidate wins.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace decree
