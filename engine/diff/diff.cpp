#include "diff/diff.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/codes_reports.h"
#include "check/program.h"

namespace decree::diff {
namespace {

using Clock = std::chrono::steady_clock;

const Decimal& power_of_ten(int k) {  // 10^k, k = 0..5
  static const Decimal kEdges[] = {Decimal::from_int(1),     Decimal::from_int(10),
                                   Decimal::from_int(100),   Decimal::from_int(1000),
                                   Decimal::from_int(10000), Decimal::from_int(100000)};
  return kEdges[k];
}

// The first phrase of a doc comment, if it is a short name ("一次性伤残补助金").
std::string doc_label(const std::string& doc) {
  std::string first = doc.substr(0, doc.find('\n'));
  size_t cut = first.size();
  for (const char* sep : {":", "：", ",", "，", "(", "（", "。", ". ", ";", "；"}) {
    size_t at = first.find(sep);
    if (at != std::string::npos) cut = std::min(cut, at);
  }
  std::string label = first.substr(0, cut);
  while (!label.empty() && (label.back() == ' ' || label.back() == '\t')) label.pop_back();
  while (!label.empty() && label.front() == ' ') label.erase(0, 1);
  size_t code_points = 0;
  for (char c : label)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  if (label.empty() || code_points > 24 || label.rfind("第", 0) == 0) return {};
  return label;
}

// Heap helpers: `better(a, b)` is a strict total order (a is kept before b);
// the heap's front is the worst element kept.
template <typename T, typename Better>
void keep_best(std::vector<T>& heap, size_t limit, T&& item, Better better) {
  if (limit == 0) return;
  if (heap.size() < limit) {
    heap.push_back(std::move(item));
    std::push_heap(heap.begin(), heap.end(), better);
    return;
  }
  if (!better(item, heap.front())) return;
  std::pop_heap(heap.begin(), heap.end(), better);
  heap.back() = std::move(item);
  std::push_heap(heap.begin(), heap.end(), better);
}

bool larger_change(const Change& a, const Change& b) {
  auto c = a.difference.abs() <=> b.difference.abs();
  if (c != 0) return c > 0;
  return a.where < b.where;
}

bool earlier_change(const Change& a, const Change& b) { return a.where < b.where; }
bool earlier_failure(const FailedCase& a, const FailedCase& b) { return a.where < b.where; }

// Would `abs_difference` at `where` enter the kept list?
bool would_keep_large(const std::vector<Change>& heap, size_t limit, const Decimal& abs_difference,
                      const CaseRef& where) {
  if (limit == 0) return false;
  if (heap.size() < limit) return true;
  auto c = abs_difference <=> heap.front().difference.abs();
  return c > 0 || (c == 0 && where < heap.front().where);
}

// Sorts a heap's elements best first.
template <typename T, typename Better>
void sort_kept(std::vector<T>& v, Better better) {
  std::sort(v.begin(), v.end(), better);
}

struct Plan {
  const Side* base;
  const Side* candidate;
  const std::vector<OutputInfo>* outputs;
  const DiffOptions* options;
  const std::vector<InputFile>* inputs;
  const std::vector<std::vector<std::string>>* headers;  // CSV headers by file
};

std::unique_ptr<Session> session_for(const Side& side, const std::optional<Date>& as_of) {
  if (side.timeline) return std::make_unique<Session>(*side.timeline, SessionOptions{"", as_of});
  return std::make_unique<Session>(*side.rules);
}

// The rule sets a side may evaluate under (for the CSV cells' types).
std::vector<const RuleSet*> rule_sets_of(const Side& side) {
  return side.timeline ? side.timeline->all() : std::vector<const RuleSet*>{side.rules};
}

// The value of a case's top-level field as text (a string without quotes, a
// number as written), or of its year; kNoGroupValue when absent.
std::string group_value(simdjson::ondemand::parser& parser, std::string& buffer,
                        std::string_view json, const GroupBy& by) {
  namespace od = simdjson::ondemand;
  buffer.assign(json);
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  std::string text;
  try {
    od::document doc = parser.iterate(buffer.data(), json.size(), buffer.size());
    for (auto f : doc.get_object()) {
      if (std::string_view(f.unescaped_key()) != by.field) continue;
      od::value v = f.value();
      switch (v.type().value()) {
        case od::json_type::string:
          text = std::string_view(v.get_string());
          break;
        case od::json_type::null:
          return kNoGroupValue;
        default: {
          std::string_view raw = v.raw_json_token();
          while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                                  raw.back() == '\t'))
            raw.remove_suffix(1);
          text = raw;
        }
      }
      break;
    }
  } catch (const simdjson::simdjson_error&) {
    return kNoGroupValue;
  }
  if (text.empty()) return kNoGroupValue;
  if (!by.year) return text;
  auto date = Date::parse(text);
  return date ? std::to_string(date->year()) : kNoGroupValue;
}

// One worker: two Sessions, the scratch state, and its own aggregates.
class Comparer {
 public:
  explicit Comparer(const Plan& plan)
      : plan_(plan),
        base_(session_for(*plan.base, plan.options->as_of)),
        candidate_(session_for(*plan.candidate, plan.options->as_of)) {
    eval_.as_of = plan.options->as_of;
    stats.outputs.resize(plan.outputs->size());
    base_values_.resize(plan.outputs->size());
    candidate_values_.resize(plan.outputs->size());
  }

  void process(const RecordBatch& batch) {
    for (const auto& r : batch.records) process_one(batch, r);
  }

  DiffStats stats;

 private:
  void process_one(const RecordBatch& batch, const RecordBatch::Record& r) {
    ++stats.cases;
    CaseRef where{{}, batch.file, r.line};
    std::string_view text = batch.text(r);
    std::string_view json;
    message_.clear();
    bool converted = true;
    if (r.malformed) {
      message_.assign(text);
      converted = false;
    } else {
      switch ((*plan_.inputs)[batch.file].format) {
        case CaseFormat::jsonl:
          json = text;
          break;
        case CaseFormat::yaml:
          converted = yaml_case_to_json(text, scratch_, message_);
          json = scratch_;
          break;
        case CaseFormat::csv:
          if (!csv_ || csv_file_ != batch.file) {
            std::vector<const RuleSet*> sets = rule_sets_of(*plan_.base);
            for (const RuleSet* rs : rule_sets_of(*plan_.candidate)) sets.push_back(rs);
            csv_ = std::make_unique<CsvConverter>((*plan_.headers)[batch.file], sets);
            csv_file_ = batch.file;
          }
          converted = csv_->to_json(text, scratch_, message_);
          json = scratch_;
          if (!converted) where.case_id = csv_->case_id();  // this row's, if it has one
          break;
      }
    }
    if (!converted) {
      CaseError err;
      err.message = message_;
      ++stats.both_failed;
      if (plan_.options->group_by) {
        GroupStats& g = group("");  // no fields to read: the group of no value
        ++g.cases;
        ++g.failed;
      }
      FailedCase f{where, true, true, err, err};
      count_message(FailureKind::both, err, where);
      keep_best(stats.failed_both, plan_.options->max_failed_both, std::move(f), earlier_failure);
      return;
    }

    GroupStats* g = plan_.options->group_by ? &group(json) : nullptr;
    if (g) ++g->cases;
    clear(base_error_);
    clear(candidate_error_);
    bool base_decoded = base_->decode_json(json, base_error_);
    bool base_ok = base_decoded && base_->evaluate(base_error_, eval_);
    bool candidate_decoded = candidate_->decode_json(json, candidate_error_);
    bool candidate_ok = candidate_decoded && candidate_->evaluate(candidate_error_, eval_);

    if (!base_ok || !candidate_ok) {
      if (g) ++g->failed;
      if (base_decoded)
        where.case_id.assign(base_->case_id());
      else if (candidate_decoded)
        where.case_id.assign(candidate_->case_id());
      else
        where.case_id = find_case_id(json);
      FailureKind kind = base_ok ? FailureKind::candidate_only
                                 : (candidate_ok ? FailureKind::base_only : FailureKind::both);
      FailedCase f{where, !base_ok, !candidate_ok, {}, {}};
      if (!base_ok) f.base_error = base_error_;
      if (!candidate_ok) f.candidate_error = candidate_error_;
      count_message(kind, kind == FailureKind::candidate_only ? candidate_error_ : base_error_,
                    where);
      if (kind == FailureKind::both) {
        ++stats.both_failed;
        keep_best(stats.failed_both, plan_.options->max_failed_both, std::move(f), earlier_failure);
      } else {
        (kind == FailureKind::base_only ? stats.base_failed_only : stats.candidate_failed_only)++;
        keep_best(stats.failed, plan_.options->max_failed, std::move(f), earlier_failure);
      }
      return;
    }

    ++stats.both_ok;
    if (g) ++g->both_ok;
    bool any = false;
    bool id_known = false;
    const auto& outputs = *plan_.outputs;
    // On a timeline each case may run under another version: find the
    // outputs by name in the one it ran under.
    const std::vector<int>* base_at =
        plan_.base->timeline ? &indexes(base_->rules(), true) : nullptr;
    const std::vector<int>* candidate_at =
        plan_.candidate->timeline ? &indexes(candidate_->rules(), false) : nullptr;
    for (size_t o = 0; o < outputs.size(); ++o) {
      const OutputInfo& info = outputs[o];
      OutputStats& st = stats.outputs[o];
      std::string& tb = base_values_[o];
      std::string& tc = candidate_values_[o];
      tb.clear();
      tc.clear();
      const int bi = base_at ? (*base_at)[o] : info.base_index;
      const int ci = candidate_at ? (*candidate_at)[o] : info.candidate_index;
      if (bi >= 0) tb = base_->output_text(static_cast<size_t>(bi));
      if (ci >= 0) tc = candidate_->output_text(static_cast<size_t>(ci));
      std::optional<Decimal> db, dc;
      if (info.numeric) {
        if (bi >= 0) db = Decimal::parse(tb);
        if (ci >= 0) dc = Decimal::parse(tc);
        if (db) st.base_total = st.base_total + *db;
        if (dc) st.candidate_total = st.candidate_total + *dc;
        if (g && db) g->base_total[o] = g->base_total[o] + *db;
        if (g && dc) g->candidate_total[o] = g->candidate_total[o] + *dc;
      }
      if (bi < 0 || ci < 0) continue;
      ++st.compared;
      bool changed;
      if (db && dc)
        changed = *db != *dc;
      else
        changed = tb != tc;
      if (!changed) continue;
      any = true;
      ++st.changed;
      if (!id_known) {
        where.case_id.assign(base_->case_id());
        id_known = true;
      }
      if (db && dc) {
        Decimal d = *dc - *db;
        if (d.sign() > 0) {
          ++st.increased;
          st.increase_total = st.increase_total + d;
        } else {
          ++st.decreased;
          st.decrease_total = st.decrease_total + d;
        }
        ++st.histogram[static_cast<size_t>(bucket_of(d))];
        if (would_keep_large(st.largest, plan_.options->top, d.abs(), where))
          keep_best(st.largest, plan_.options->top, Change{where, tb, tc, d}, larger_change);
      } else {
        if (plan_.options->top > 0 &&
            (st.largest.size() < plan_.options->top || where < st.largest.front().where))
          keep_best(st.largest, plan_.options->top, Change{where, tb, tc, Decimal()},
                    earlier_change);
      }
    }
    if (any) ++stats.changed;
    if (any && g) ++g->changed;
  }

  // Failures are counted by their English text; the first case's error is
  // kept to print the message in any language.
  void count_message(FailureKind kind, const CaseError& err, const CaseRef& where) {
    auto key = std::make_pair(static_cast<int>(kind), error_text(err));
    auto it = stats.messages.find(key);
    if (it == stats.messages.end()) {
      if (stats.messages.size() >= plan_.options->max_messages) {
        ++stats.other_messages[static_cast<size_t>(kind)];
        return;
      }
      it = stats.messages.emplace(key, MessageCount{kind, key.second, 0, where, err}).first;
    }
    ++it->second.count;
    if (where < it->second.first) it->second.first = where, it->second.error = err;
  }

  // Everything, the code and its placeholders too: a message must not keep
  // the code of the previous case's error.
  static void clear(CaseError& err) { err = CaseError(); }

  // Where each plan output is among a rule set's outputs (-1: not there),
  // for sides whose rule set changes from case to case (timelines).
  const std::vector<int>& indexes(const RuleSet& rs, bool base) {
    auto& cache = base ? base_indexes_ : candidate_indexes_;
    auto it = cache.find(&rs);
    if (it != cache.end()) return it->second;
    std::vector<int> idx;
    const auto& names = rs.output_names();
    for (const OutputInfo& o : *plan_.outputs) {
      auto at = std::find(names.begin(), names.end(), o.name);
      idx.push_back(at == names.end() ? -1 : static_cast<int>(at - names.begin()));
    }
    return cache.emplace(&rs, std::move(idx)).first->second;
  }

  GroupStats& group(std::string_view json) {
    std::string value = group_value(parser_, group_buffer_, json, *plan_.options->group_by);
    auto it = stats.groups.find(value);
    if (it == stats.groups.end()) {
      if (stats.groups.size() >= plan_.options->max_groups) value = kOtherGroups;
      it = stats.groups.emplace(value, GroupStats{}).first;
      it->second.base_total.resize(plan_.outputs->size());
      it->second.candidate_total.resize(plan_.outputs->size());
    }
    return it->second;
  }

  const Plan& plan_;
  std::unique_ptr<Session> base_, candidate_;
  std::unordered_map<const RuleSet*, std::vector<int>> base_indexes_, candidate_indexes_;
  simdjson::ondemand::parser parser_;
  std::string group_buffer_;
  EvalOptions eval_;
  CaseError base_error_, candidate_error_;
  std::string scratch_, message_;
  std::unique_ptr<CsvConverter> csv_;
  uint32_t csv_file_ = 0;
  std::vector<std::string> base_values_, candidate_values_;
};

void merge_into(DiffStats& into, DiffStats&& from, const DiffOptions& options) {
  into.cases += from.cases;
  into.both_ok += from.both_ok;
  into.changed += from.changed;
  into.base_failed_only += from.base_failed_only;
  into.candidate_failed_only += from.candidate_failed_only;
  into.both_failed += from.both_failed;
  if (into.outputs.size() < from.outputs.size()) into.outputs.resize(from.outputs.size());
  for (size_t o = 0; o < from.outputs.size(); ++o) {
    OutputStats& a = into.outputs[o];
    OutputStats& b = from.outputs[o];
    a.compared += b.compared;
    a.changed += b.changed;
    a.increased += b.increased;
    a.decreased += b.decreased;
    a.base_total = a.base_total + b.base_total;
    a.candidate_total = a.candidate_total + b.candidate_total;
    a.increase_total = a.increase_total + b.increase_total;
    a.decrease_total = a.decrease_total + b.decrease_total;
    for (int i = 0; i < kBuckets; ++i) a.histogram[i] += b.histogram[i];
    for (auto& c : b.largest) a.largest.push_back(std::move(c));
  }
  for (auto& f : from.failed) into.failed.push_back(std::move(f));
  for (auto& f : from.failed_both) into.failed_both.push_back(std::move(f));
  for (auto& [key, m] : from.messages) {
    auto it = into.messages.find(key);
    if (it == into.messages.end()) {
      if (into.messages.size() >= options.max_messages) {
        into.other_messages[static_cast<size_t>(key.first)] += m.count;
        continue;
      }
      into.messages.emplace(key, std::move(m));
    } else {
      it->second.count += m.count;
      if (m.first < it->second.first) it->second.first = m.first, it->second.error = m.error;
    }
  }
  for (size_t k = 0; k < 3; ++k) into.other_messages[k] += from.other_messages[k];
  for (auto& [value, g] : from.groups) {
    auto it = into.groups.find(value);
    if (it == into.groups.end()) {
      // Each worker kept at most max_groups; together they may hold more.
      const std::string key = into.groups.size() >= options.max_groups ? kOtherGroups : value;
      it = into.groups.find(key);
      if (it == into.groups.end()) {
        into.groups.emplace(key, std::move(g));
        continue;
      }
    }
    GroupStats& a = it->second;
    a.cases += g.cases;
    a.both_ok += g.both_ok;
    a.changed += g.changed;
    a.failed += g.failed;
    for (size_t o = 0; o < a.base_total.size() && o < g.base_total.size(); ++o) {
      a.base_total[o] = a.base_total[o] + g.base_total[o];
      a.candidate_total[o] = a.candidate_total[o] + g.candidate_total[o];
    }
  }
}

// After merging: keep the best of each list, best first.
void finish(DiffStats& s, const std::vector<OutputInfo>& outputs, const DiffOptions& options) {
  for (size_t o = 0; o < s.outputs.size(); ++o) {
    auto& v = s.outputs[o].largest;
    if (outputs[o].numeric && outputs[o].base_index >= 0 && outputs[o].candidate_index >= 0) {
      sort_kept(v, larger_change);
    } else {
      sort_kept(v, earlier_change);
    }
    if (v.size() > options.top) v.resize(options.top);
  }
  sort_kept(s.failed, earlier_failure);
  if (s.failed.size() > options.max_failed) s.failed.resize(options.max_failed);
  sort_kept(s.failed_both, earlier_failure);
  if (s.failed_both.size() > options.max_failed_both) s.failed_both.resize(options.max_failed_both);
}

}  // namespace

int bucket_class(int bucket) { return bucket < 7 ? 6 - bucket : bucket - 7; }
bool bucket_negative(int bucket) { return bucket < 7; }

std::pair<std::string, std::string> bucket_abs_edges(int bucket) {
  int c = bucket_class(bucket);
  std::string lo = c == 0 ? "0" : power_of_ten(c - 1).to_string();
  std::string hi = c == 6 ? "" : power_of_ten(c).to_string();
  return {lo, hi};
}

int bucket_of(const Decimal& difference) {
  Decimal a = difference.abs();
  int c = 6;
  for (int k = 0; k <= 5; ++k)
    if (a < power_of_ten(k)) {
      c = k;
      break;
    }
  return difference.sign() < 0 ? 6 - c : 7 + c;
}

std::vector<OutputInfo> plan_outputs(const RuleSet& base, const RuleSet& candidate,
                                     const std::optional<std::vector<std::string>>& monthly) {
  std::vector<OutputInfo> out;
  auto add = [&](const RuleSet& rs, bool is_base) {
    const CheckedProgram& c = rs.checked();
    for (size_t i = 0; i < c.outputs.size(); ++i) {
      const RuleInfo& rule = c.rules[c.outputs[i]];
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const OutputInfo& o) { return o.name == rule.name; });
      if (it == out.end()) {
        OutputInfo info;
        info.name = rule.name;
        info.type = c.type_name(rule.type);
        info.numeric = rule.type.is_numeric();
        info.money = info.numeric && rule.type.kind == Type::Kind::money;
        out.push_back(std::move(info));
        it = out.end() - 1;
      } else if (it->type != c.type_name(rule.type)) {
        // Compared as text when the two versions disagree on the type.
        it->type += " / " + c.type_name(rule.type);
        it->numeric = it->money = false;
      }
      const std::string& doc = rule.decl ? rule.decl->doc : std::string();
      const std::string& payer = rule.decl ? rule.decl->payer : std::string();
      if (it->label.empty()) it->label = doc_label(doc);
      ast::Period period = rule.period;
      if (period == ast::Period::none && monthly &&
          std::find(monthly->begin(), monthly->end(), rule.name) != monthly->end())
        period = ast::Period::per_month;
      if (is_base) {
        it->base_index = static_cast<int>(i);
        it->base_payer = payer;
        it->base_period = period;
      } else {
        it->candidate_index = static_cast<int>(i);
        it->candidate_payer = payer;
        it->candidate_period = period;
      }
    }
  };
  add(base, true);
  add(candidate, false);
  for (auto& o : out)
    o.monthly = (o.base_index < 0 || o.base_period == ast::Period::per_month) &&
                (o.candidate_index < 0 || o.candidate_period == ast::Period::per_month);
  return out;
}

std::string error_text(const CaseError& err, Lang lang) { return describe(err, lang); }

std::optional<GroupBy> parse_group_by(const std::string& text) {
  auto is_name = [](const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
  };
  if (text.rfind("year(", 0) == 0 && text.size() > 6 && text.back() == ')') {
    std::string field = text.substr(5, text.size() - 6);
    if (is_name(field)) return GroupBy{field, true};
    return std::nullopt;
  }
  if (is_name(text)) return GroupBy{text, false};
  return std::nullopt;
}

DiffResult run_diff(const Side& base, const Side& candidate, const std::vector<InputFile>& inputs,
                    const DiffOptions& options) {
  auto start = Clock::now();
  DiffResult result;
  result.ruleset = base.rules->name();
  result.base = base;
  result.candidate = candidate;
  result.inputs = inputs;
  result.as_of = options.as_of;
  result.group_by = options.group_by;
  result.outputs = plan_outputs(*base.rules, *candidate.rules, options.monthly);
  result.stats.outputs.resize(result.outputs.size());

  std::vector<std::vector<std::string>> headers(inputs.size());
  Plan plan{&base, &candidate, &result.outputs, &options, &inputs, &headers};

  const unsigned threads = std::max(1u, options.threads);
  const size_t pool_size = 3 * static_cast<size_t>(threads) + 1;
  std::vector<std::unique_ptr<RecordBatch>> pool;
  std::mutex mu;
  std::condition_variable free_cv, work_cv;
  std::vector<RecordBatch*> free_list;
  std::deque<RecordBatch*> work;
  bool done = false;
  std::exception_ptr failure;
  for (size_t i = 0; i < pool_size; ++i) {
    pool.push_back(std::make_unique<RecordBatch>());
    free_list.push_back(pool.back().get());
  }

  std::vector<std::unique_ptr<Comparer>> comparers(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        comparers[t] = std::make_unique<Comparer>(plan);
      } catch (...) {
        std::lock_guard lock(mu);
        if (!failure) failure = std::current_exception();
      }
      for (;;) {
        RecordBatch* b;
        {
          std::unique_lock lock(mu);
          work_cv.wait(lock, [&] { return !work.empty() || done; });
          if (work.empty()) return;
          b = work.front();
          work.pop_front();
        }
        bool stop;
        {
          std::lock_guard lock(mu);
          stop = failure != nullptr;
        }
        if (!stop && comparers[t]) {
          try {
            comparers[t]->process(*b);
          } catch (...) {
            std::lock_guard lock(mu);
            if (!failure) failure = std::current_exception();
          }
        }
        std::lock_guard lock(mu);
        free_list.push_back(b);
        free_cv.notify_one();
      }
    });
  }

  uint64_t read_so_far = 0;
  auto last_progress = start;
  try {
    for (uint32_t f = 0; f < inputs.size(); ++f) {
      const InputFile& input = inputs[f];
      std::FILE* in = input.path == "-" ? stdin : std::fopen(input.path.c_str(), "rb");
      if (!in) {
        result.read_errors.push_back(
            {msg::report_cannot_open, {{"path", input.path}, {"reason", std::strerror(errno)}}});
        continue;
      }
      CaseReader reader(in, input.format, options.max_record_bytes);
      for (;;) {
        RecordBatch* b;
        {
          std::unique_lock lock(mu);
          free_cv.wait(lock, [&] { return !free_list.empty(); });
          b = free_list.back();
          free_list.pop_back();
          if (failure) {
            free_list.push_back(b);
            break;
          }
        }
        b->clear();
        b->file = f;
        bool got = reader.read(*b, options.batch_records, options.batch_bytes);
        if (input.format == CaseFormat::csv && headers[f].empty() && !reader.csv_header().empty())
          headers[f] = reader.csv_header();  // before any batch of this file reaches a worker
        {
          std::lock_guard lock(mu);
          if (!got) {
            free_list.push_back(b);
            break;
          }
          read_so_far += b->records.size();
          work.push_back(b);
          work_cv.notify_one();
        }
        if (options.progress) {
          auto now = Clock::now();
          if (now - last_progress >= std::chrono::milliseconds(500)) {
            last_progress = now;
            options.progress(read_so_far);
          }
        }
      }
      if (reader.read_error())
        result.read_errors.push_back({msg::report_read_error, {{"path", input.path}}});
      if (in != stdin) std::fclose(in);
    }
  } catch (...) {
    std::lock_guard lock(mu);
    if (!failure) failure = std::current_exception();
  }
  {
    std::lock_guard lock(mu);
    done = true;
    work_cv.notify_all();
  }
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);

  for (auto& c : comparers)
    if (c) merge_into(result.stats, std::move(c->stats), options);
  finish(result.stats, result.outputs, options);
  result.elapsed_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
  return result;
}

std::vector<const MessageCount*> messages_in_report_order(const DiffStats& stats) {
  std::vector<const MessageCount*> ms;
  for (const auto& [key, m] : stats.messages) ms.push_back(&m);
  std::stable_sort(ms.begin(), ms.end(), [](const auto* a, const auto* b) {
    if (a->kind != b->kind) return a->kind < b->kind;
    if (a->count != b->count) return a->count > b->count;
    return a->first < b->first;
  });
  return ms;
}

}  // namespace decree::diff
