// A parameter's numeric values as an inline SVG line chart, drawn by hand
// (no library): x is the first key (a date, a year, an integer, or an enum
// name in its order), one line per value of the other keys (`grade 1` …),
// each point with a <title> giving its keys, exact value, reliability and
// source. A value from a source below official is a hollow point; an
// unsourced entry a red mark on the axis. Values stay the engine's decimal
// text in every label; only the coordinates are computed in double.
#pragma once

#include <string>

#include "api/param_history.h"

namespace decree::doc {

// The chart's <svg> element, or "" when the parameter has fewer than two
// numeric values (nothing to draw).
std::string svg_chart(const ParamHistory& h);

}  // namespace decree::doc
