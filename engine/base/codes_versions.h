// The codes of the messages of rule sets, versions, drafts and what-if values (engine/api):
// msg::<code>, listed in base/messages_versions.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE versions
#define DECREE_STAGE_NUMBER 10
#define DECREE_STAGE_FILE "base/messages_versions.def"
#include "base/codes_stage.inc"
