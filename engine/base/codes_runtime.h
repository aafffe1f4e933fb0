// The codes of the messages of evaluation: run-time errors and the labels of --explain:
// msg::<code>, listed in base/messages_runtime.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE runtime
#define DECREE_STAGE_NUMBER 7
#define DECREE_STAGE_FILE "base/messages_runtime.def"
#include "base/codes_stage.inc"
