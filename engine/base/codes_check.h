// The codes of the messages of the checker (engine/check):
// msg::<code>, listed in base/messages_check.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE check
#define DECREE_STAGE_NUMBER 3
#define DECREE_STAGE_FILE "base/messages_check.def"
#include "base/codes_stage.inc"
