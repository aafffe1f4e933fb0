#include "serve/line_diff.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace decree::serve {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

namespace {

using Kind = LineEdit::Kind;

// Myers over the middle part: lines as small integers, so that each
// comparison is one int compare whatever the lines' length. Appends to
// `out` the script of a[0..n) → b[0..m), indices shifted by `offset`.
void myers(const std::vector<int>& a, const std::vector<int>& b, size_t offset, size_t max_edits,
           std::vector<LineEdit>& out) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long most = std::min<long>(n + m, static_cast<long>(max_edits));
  // trace[d][k + d]: the furthest x on diagonal k after d edits.
  std::vector<std::vector<long>> trace;
  std::vector<long> v(2 * static_cast<size_t>(most) + 3, 0);
  const long mid = most + 1;  // v[mid + k]
  long found = -1;
  for (long d = 0; d <= most && found < 0; ++d) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[mid + k - 1] < v[mid + k + 1])) ? v[mid + k + 1]
                                                                        : v[mid + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[mid + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.emplace_back(v.begin() + (mid - d), v.begin() + (mid + d + 1));
  }
  if (found < 0) {
    // Too different to be worth the search: all of one, then all of the other.
    for (long i = 0; i < n; ++i) out.push_back({Kind::removed, offset + i, offset});
    for (long j = 0; j < m; ++j) out.push_back({Kind::added, offset + n, offset + j});
    return;
  }
  std::vector<LineEdit> back;
  long x = n, y = m;
  for (long d = found; d > 0; --d) {
    const std::vector<long>& prev = trace[d - 1];  // indices k + (d - 1)
    auto at = [&](long k) { return prev[k + d - 1]; };
    const long k = x - y;
    const long prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    const long px = at(prev_k), py = px - prev_k;
    while (x > px && y > py) {
      --x, --y;
      back.push_back({Kind::same, offset + x, offset + y});
    }
    if (x == px) {
      --y;
      back.push_back({Kind::added, offset + x, offset + y});
    } else {
      --x;
      back.push_back({Kind::removed, offset + x, offset + y});
    }
  }
  while (x > 0 && y > 0) {
    --x, --y;
    back.push_back({Kind::same, offset + x, offset + y});
  }
  out.insert(out.end(), back.rbegin(), back.rend());
}

}  // namespace

std::vector<LineEdit> diff_lines(const std::vector<std::string_view>& a,
                                 const std::vector<std::string_view>& b, size_t max_edits) {
  std::vector<LineEdit> out;
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  for (size_t i = 0; i < prefix; ++i) out.push_back({Kind::same, i, i});
  std::unordered_map<std::string_view, int> ids;
  auto intern = [&](size_t from, size_t to, const std::vector<std::string_view>& lines) {
    std::vector<int> out_ids;
    out_ids.reserve(to - from);
    for (size_t i = from; i < to; ++i)
      out_ids.push_back(ids.emplace(lines[i], static_cast<int>(ids.size())).first->second);
    return out_ids;
  };
  const std::vector<int> ma = intern(prefix, a.size() - suffix, a);
  const std::vector<int> mb = intern(prefix, b.size() - suffix, b);
  myers(ma, mb, prefix, max_edits, out);
  // Indices of the middle are shifted by the prefix on both sides alike;
  // the suffix starts where each side's middle ends.
  for (size_t i = 0; i < suffix; ++i)
    out.push_back({Kind::same, a.size() - suffix + i, b.size() - suffix + i});
  return out;
}

std::vector<DiffRow> side_by_side(const std::vector<LineEdit>& edits, int context) {
  std::vector<DiffRow> rows;
  for (size_t i = 0; i < edits.size();) {
    if (edits[i].kind == Kind::same) {
      rows.push_back({DiffRow::Kind::same, edits[i].old_index + 1, edits[i].new_index + 1});
      ++i;
      continue;
    }
    std::vector<size_t> removed, added;
    for (; i < edits.size() && edits[i].kind != Kind::same; ++i)
      (edits[i].kind == Kind::removed ? removed : added)
          .push_back((edits[i].kind == Kind::removed ? edits[i].old_index : edits[i].new_index) +
                     1);
    const size_t both = std::min(removed.size(), added.size());
    for (size_t k = 0; k < both; ++k)
      rows.push_back({DiffRow::Kind::changed, removed[k], added[k]});
    for (size_t k = both; k < removed.size(); ++k)
      rows.push_back({DiffRow::Kind::removed, removed[k], 0});
    for (size_t k = both; k < added.size(); ++k)
      rows.push_back({DiffRow::Kind::added, 0, added[k]});
  }
  if (context < 0) return rows;
  // How far each row is from the nearest edited row (in rows).
  const size_t far = rows.size() + 1;
  std::vector<size_t> distance(rows.size(), far);
  size_t last = far;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].kind != DiffRow::Kind::same) last = i;
    if (last != far) distance[i] = i - last;
  }
  last = far;
  for (size_t i = rows.size(); i-- > 0;) {
    if (rows[i].kind != DiffRow::Kind::same) last = i;
    if (last != far) distance[i] = std::min(distance[i], last - i);
  }
  std::vector<DiffRow> folded;
  const size_t keep = static_cast<size_t>(context);
  for (size_t i = 0; i < rows.size();) {
    size_t j = i;
    while (j < rows.size() && distance[j] > keep) ++j;
    // A fold of one line would take as much room as the line.
    if (j - i >= 2) {
      folded.push_back({DiffRow::Kind::skipped, rows[i].old_no, rows[i].new_no, j - i});
      i = j;
    } else {
      folded.push_back(rows[i]);
      ++i;
    }
  }
  return folded;
}

}  // namespace decree::serve
