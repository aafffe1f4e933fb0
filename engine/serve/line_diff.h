// A line diff for the review page (serve/review_page.h): the edit script
// between two texts (Myers' O((N+M)D) algorithm over the lines between the
// common prefix and suffix), and its rows side by side, a removed run and
// the added run after it paired as changed lines.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace decree::serve {

// The lines of `text` without their "\n" (or "\r\n"); a last line without
// one counts, an empty text has none.
std::vector<std::string_view> split_lines(std::string_view text);

struct LineEdit {
  enum class Kind { same, removed, added };
  Kind kind;
  size_t old_index, new_index;  // 0-based; of the side the line is on (both for same)
};

// The shortest edit script from `a` to `b`, in order. Beyond `max_edits`
// differing lines (past the common prefix and suffix) it stops looking and
// gives the middle as all removed, then all added: still a correct script,
// bounded in time and memory (Myers keeps O(D²) of trace).
std::vector<LineEdit> diff_lines(const std::vector<std::string_view>& a,
                                 const std::vector<std::string_view>& b, size_t max_edits = 2000);

// One row of the side-by-side view. Numbers are 1-based; 0 where the side
// has no line.
struct DiffRow {
  enum class Kind { same, removed, added, changed, skipped };
  Kind kind;
  size_t old_no = 0, new_no = 0;
  size_t skipped = 0;  // Kind::skipped: how many unchanged lines the row stands for
};

// Rows of an edit script: within a run of edits between unchanged lines,
// the k-th removed line beside the k-th added one (changed), the rest
// alone. Unchanged lines farther than `context` from any edit fold into a
// skipped row (context < 0: none are folded).
std::vector<DiffRow> side_by_side(const std::vector<LineEdit>& edits, int context = 3);

}  // namespace decree::serve
