// The words of the generated site (decree doc), in English and 中文: one
// small table, so that every label of every page comes in both languages.
// User text (doc comments, basis, references) is never translated: pages show
// it as written.
#pragma once

#include <string>

#include "base/messages.h"

namespace decree::doc {

enum class L {
  site_title,  // "Rules documentation"
  language_name,
  other_language,
  rule_set,
  chosen_by,
  basis,
  versions,
  version,
  effective,
  until,
  open_ended,
  extends,
  rules_hash,
  own_hash,
  payment_versions,
  payment_versions_note,
  payment_version,
  applies_on,
  value_before,
  value_from_here,
  new_entry,
  payments_from,
  changes,
  parameters,
  parameters_note,
  back_to_index,
  outputs,
  lets,
  tables,
  inputs,
  formula,
  period,
  paid_by,
  uses,
  used_rules,
  used_tables,
  used_params,
  used_inputs,
  defined_at,
  overridden_here,
  inherited_from,
  changed_against,
  first_version,
  rules_overridden,
  rules_added,
  param_entries_changed,
  nothing_changed,
  keys,
  value,
  source,
  reliability,
  set_by,
  history,
  hit_policy,
  otherwise,
  description,
  unit,
  index,
  chart,
  chart_note,
  below_official,
  unsourced,
  type,
  optional,
  default_value,
  no_period,
  once,
  per_month,
  count_  // not a label
};

// The label in a language.
const std::string& label(L what, Lang lang);
// "zh-CN" or "en": the page's lang attribute.
const char* html_lang(Lang lang);
// "zh" or "en": the directory of a language's pages.
const char* lang_dir(Lang lang);

}  // namespace decree::doc
