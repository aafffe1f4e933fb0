// The assessment of a proposal (issue 12; 吉政发〔2020〕20号 三(八):
// 工伤保险政策制定或调整要同步进行基金管理风险评估): the rule set with the
// change applied is checked, the proposal's own rule tests and the rule
// set's reference tests are run against it, and its impact on the fund is
// measured over the reference corpus (decree diff --timeline: every
// historical case under the version its own dates select, before and after).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "publish/proposal.h"
#include "publish/workflow.h"

namespace decree::publish {

struct AssessmentInput {
  const ManagedRuleSet* rules = nullptr;  // the published side: rules->dir
  std::string candidate_dir;  // a copy of rules->dir with the change applied
  std::string shown_as;       // how reports name candidate_dir ("P000003")
  bool needs_tests = true;    // a new or corrected version needs worked cases of its own
  std::vector<std::string> test_files;   // the proposal's rule tests, written out
  std::vector<std::string> base_params;  // NAME[KEY]=VALUE, the baseline's what-ifs
  std::optional<Date> as_of;
  unsigned threads = 1;
};

// Every part is run (a failed check does not hide the tests' results).
Assessment assess(const AssessmentInput& input);

}  // namespace decree::publish
