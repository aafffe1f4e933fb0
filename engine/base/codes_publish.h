// The codes of publishing's messages (engine/publish, `decree verify`):
// msg::<code>, listed in base/messages_publish.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE publish
#define DECREE_STAGE_NUMBER 12
#define DECREE_STAGE_FILE "base/messages_publish.def"
#include "base/codes_stage.inc"
