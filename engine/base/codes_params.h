// The codes of the messages of parameter files (engine/params):
// msg::<code>, listed in base/messages_params.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE params
#define DECREE_STAGE_NUMBER 4
#define DECREE_STAGE_FILE "base/messages_params.def"
#include "base/codes_stage.inc"
