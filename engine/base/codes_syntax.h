// The codes of the messages of the parser and lexer (engine/syntax):
// msg::<code>, listed in base/messages_syntax.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE syntax
#define DECREE_STAGE_NUMBER 5
#define DECREE_STAGE_FILE "base/messages_syntax.def"
#include "base/codes_stage.inc"
