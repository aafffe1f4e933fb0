// The codes of the messages of case files: JSON and YAML cases and their fields:
// msg::<code>, listed in base/messages_cases.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE cases
#define DECREE_STAGE_NUMBER 6
#define DECREE_STAGE_FILE "base/messages_cases.def"
#include "base/codes_stage.inc"
