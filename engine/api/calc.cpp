// `decree calc`: a standalone expression is wrapped into a one-output rule set
// and goes through the same check, plan and eval stages as any rule.
#include "api/decree.h"
#include "check/check.h"
#include "eval/evaluator.h"
#include "eval/format.h"
#include "plan/plan.h"
#include "syntax/parse.h"

namespace decree {

std::optional<std::string> calc(std::string_view expression, Diagnostics& diags) {
  auto source = std::make_shared<const SourceFile>("<expr>", std::string(expression));
  Diagnostics local;
  ast::ExprPtr expr = parse_expression(source, local);
  if (!expr || local.has_errors()) {
    diags.append(local);
    return std::nullopt;
  }
  ast::Module module;
  module.ruleset = "calc";
  module.source = source;
  module.ruleset_span = expr->span;
  // Ids were handed out from 1, at most a few per character of the source:
  // a safe upper bound for the checker's side tables.
  module.next_id = static_cast<ast::ExprId>(expression.size() * 4 + 16);
  ast::RuleDecl rule;
  rule.kind = ast::RuleDecl::Kind::output;
  rule.name = "result";
  rule.span = expr->span;
  rule.body = std::move(expr);
  module.rules.push_back(std::move(rule));
  auto checked = check({&module}, {}, local);
  for (const auto& d : local.items())
    if (d.severity == Severity::error) diags.add(d);
  if (!checked) return std::nullopt;
  auto program = plan(*checked);
  EvalState state(*program);
  if (const EvalFailure* f = state.evaluate_outputs(std::nullopt, nullptr)) {
    Span at = f->span ? *f->span : Span{};
    if (f->code == Code::none)
      diags.error(at, f->message);
    else
      diags.error(at, Message{f->code, f->args});
    return std::nullopt;
  }
  const RuleInfo& r = checked->rules[checked->outputs[0]];
  const Value& v = state.rule_value(checked->outputs[0]);
  if (r.type.is_numeric()) return v.num.to_string();
  return value_text(v, r.type, *checked);
}

}  // namespace decree
