// The codes of the messages of rule tests and fixtures (engine/testing):
// msg::<code>, listed in base/messages_testing.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE testing
#define DECREE_STAGE_NUMBER 8
#define DECREE_STAGE_FILE "base/messages_testing.def"
#include "base/codes_stage.inc"
