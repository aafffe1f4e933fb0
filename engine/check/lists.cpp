// Lists: list literals, and aggregates over a list (sum, count, min, max, all,
// any with `x in xs [where c]: body`), each typed by its builtin's entry
// (syntax/builtins.h).
#include <algorithm>

#include "check/internal/checker.h"
#include "syntax/builtins.h"

namespace decree::check_detail {

using K = Type::Kind;

Inferred Checker::infer_comprehension(const ast::Expr& e, const ast::Comprehension& comp) {
  const BuiltinInfo* b = find_builtin(comp.op);
  if (b == nullptr || !(b->forms & kOver))
    return error_at(e.span, "`" + comp.op + "` is not an aggregate");
  Inferred list = infer(*comp.list);
  Type elem = list.type.is_error() ? Type{} : list.type.element();
  if (!list.type.is_error() && !list.type.list) {
    diags_.error(comp.list->span, "`" + comp.op + "` needs a list, not " + type_name(list.type));
    elem = Type{};
  }
  uint32_t slot = out_.loop_var_count++;
  out_.resolutions[e.id] = {Resolution::Kind::builtin, static_cast<uint32_t>(b->id), slot};
  scope_.push_back({comp.var, elem, slot});
  if (comp.filter) {
    Inferred f = infer(*comp.filter);
    if (!f.type.is_error() && f.type != Type::of(K::boolean))
      diags_.error(comp.filter->span, "a `where` filter must be bool, not " + type_name(f.type));
  }
  Inferred body;
  if (comp.body) body = infer(*comp.body);
  scope_.pop_back();
  if (b->id == Builtin::count) return {Type::of(K::integer), 0, false};
  if (body.type.is_error()) return {};
  if (b->id == Builtin::all || b->id == Builtin::any) {
    if (body.type != Type::of(K::boolean))
      return error_at(comp.body->span,
                      "`" + comp.op + "` needs a bool condition, not " + type_name(body.type));
    return {Type::of(K::boolean), 0, false};
  }
  if (!body.type.is_numeric() &&
      !(b->id != Builtin::sum && body.type.kind == K::date && !body.type.list))
    return error_at(comp.body->span,
                    "`" + comp.op + "` needs numbers, not " + type_name(body.type));
  return {body.type, body.scale, false};
}

Inferred Checker::infer_list(const ast::Expr& e, const ast::ListLiteral& list) {
  if (list.items.empty())
    return error_at(e.span, "an empty list `[]` is only allowed as an input's default");
  Inferred result = infer(*list.items[0]);
  for (size_t i = 1; i < list.items.size(); ++i) {
    Inferred v = infer(*list.items[i]);
    Type t = common_type(result, v);
    if (t.is_error() && !v.type.is_error() && !result.type.is_error())
      return error_at(list.items[i]->span, "list items must have one type: " + type_name(v.type) +
                                               " after " + type_name(result.type));
    result = {t, std::max(result.scale, v.scale), result.literal && v.literal};
  }
  if (result.type.is_error()) return {};
  return {Type::list_of(result.type), result.scale, false};
}

}  // namespace decree::check_detail
