#include "doc/labels.h"

#include <array>

namespace decree::doc {
namespace {

struct Pair {
  L what;
  const char* en;
  const char* zh;
};

constexpr Pair kLabels[] = {
    {L::site_title, "Rules documentation", "规则文档"},
    {L::language_name, "English", "中文"},
    {L::other_language, "中文", "English"},
    {L::rule_set, "Rule set", "规则集"},
    {L::chosen_by, "A case's version is chosen by", "案例适用的版本按此字段选定"},
    {L::basis, "Basis", "依据"},
    {L::versions, "Versions", "版本"},
    {L::version, "Version", "版本"},
    {L::effective, "Effective", "生效日期"},
    {L::until, "Until", "有效至"},
    {L::open_ended, "(open)", "（未定）"},
    {L::extends, "Extends", "在此版本基础上修改"},
    {L::rules_hash, "Rules hash", "规则哈希"},
    {L::own_hash, "Hash of its own files", "本版本文件的哈希"},
    {L::payment_versions, "Payment-date versions", "按支付日适用的版本"},
    {L::payment_versions_note,
     "Each applies to every payment from its date, on top of whichever version the case's own "
     "date selects; they change parameters only.",
     "每个版本适用于其日期起的每笔支付，叠加在案例按自身日期选定的版本之上；只修改参数。"},
    {L::payment_version, "payment-date version", "按支付日适用的版本"},
    {L::applies_on, "Applies on top of", "叠加于以下版本"},
    {L::value_before, "Before", "此前"},
    {L::value_from_here, "From this version", "本版本起"},
    {L::new_entry, "(new entry)", "（新增条目）"},
    {L::payments_from, "Payments from", "适用于此日起的支付"},
    {L::changes, "Changes", "修改"},
    {L::parameters, "Parameters", "参数"},
    {L::parameters_note,
     "Every parameter with its values over time: each value with its source, its reliability and "
     "the version that set it.",
     "每个参数历年的取值：每个值的来源、来源可靠性和设定它的版本。"},
    {L::back_to_index, "Index", "目录"},
    {L::outputs, "Outputs", "输出项"},
    {L::lets, "Intermediate rules", "中间规则"},
    {L::tables, "Tables", "决策表"},
    {L::inputs, "Inputs", "输入项"},
    {L::formula, "Formula", "公式"},
    {L::period, "Period", "支付周期"},
    {L::paid_by, "Paid by", "支付方"},
    {L::uses, "Uses", "引用"},
    {L::used_rules, "rules", "规则"},
    {L::used_tables, "tables", "决策表"},
    {L::used_params, "parameters", "参数"},
    {L::used_inputs, "inputs", "输入项"},
    {L::defined_at, "Defined at", "定义位置"},
    {L::overridden_here, "overridden in this version", "本版本改写"},
    {L::inherited_from, "from version", "来自版本"},
    {L::changed_against, "Changes against version", "相对于此版本的修改"},
    {L::first_version, "The first version: it extends none.", "第一个版本：不在其他版本基础上修改。"},
    {L::rules_overridden, "Overridden", "改写"},
    {L::rules_added, "Added", "新增"},
    {L::param_entries_changed, "Parameter entries", "参数条目"},
    {L::nothing_changed, "(none)", "（无）"},
    {L::keys, "Keys", "键"},
    {L::value, "Value", "取值"},
    {L::source, "Source", "来源"},
    {L::reliability, "Reliability", "来源可靠性"},
    {L::set_by, "Set by", "设定版本"},
    {L::history, "History", "变更记录"},
    {L::hit_policy, "Hit policy", "命中策略"},
    {L::otherwise, "otherwise", "otherwise（其余情形）"},
    {L::description, "Description", "说明"},
    {L::unit, "Unit", "单位"},
    {L::index, "Index", "索引"},
    {L::chart, "Chart", "图表"},
    {L::chart_note,
     "Numeric values over the first key; one line per value of the other keys. A hollow point is "
     "a value from a source below official.",
     "数值按第一个键排列；其余键的每个取值一条线。空心点表示来源低于官方来源的数值。"},
    {L::below_official, "below official", "低于官方来源"},
    {L::unsourced, "unsourced", "无来源"},
    {L::type, "Type", "类型"},
    {L::optional, "optional", "可缺省"},
    {L::default_value, "default", "缺省值"},
    {L::no_period, "(not declared)", "（未声明）"},
    {L::once, "once", "一次性"},
    {L::per_month, "per month", "按月"},
};

struct Table {
  std::array<std::string, static_cast<size_t>(L::count_)> en, zh;
  Table() {
    for (const Pair& p : kLabels) {
      en[static_cast<size_t>(p.what)] = p.en;
      zh[static_cast<size_t>(p.what)] = p.zh;
    }
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

const std::string& label(L what, Lang lang) {
  const Table& t = table();
  return (lang == Lang::zh ? t.zh : t.en)[static_cast<size_t>(what)];
}

const char* html_lang(Lang lang) { return lang == Lang::zh ? "zh-CN" : "en"; }
const char* lang_dir(Lang lang) { return lang == Lang::zh ? "zh" : "en"; }

}  // namespace decree::doc
