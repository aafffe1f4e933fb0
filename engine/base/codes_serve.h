// The codes of the service's own problem answers (engine/serve):
// msg::<code>, listed in base/messages_serve.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE serve
#define DECREE_STAGE_NUMBER 11
#define DECREE_STAGE_FILE "base/messages_serve.def"
#include "base/codes_stage.inc"
