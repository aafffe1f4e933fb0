// The codes of the messages of diff and the text reports (engine/diff, cli):
// msg::<code>, listed in base/messages_reports.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE reports
#define DECREE_STAGE_NUMBER 9
#define DECREE_STAGE_FILE "base/messages_reports.def"
#include "base/codes_stage.inc"
