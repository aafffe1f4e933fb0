// A deep copy of a parsed module, with the same expression ids and spans.
// The rule set loader keeps one parse of each file and hands each load its
// own copy (a timeline loads the same files once per stack of payment-date
// versions, and later stages may edit their modules).
#pragma once

#include "syntax/ast.h"

namespace decree::ast {

ExprPtr clone(const ExprPtr& e);
Module clone(const Module& m);

}  // namespace decree::ast
