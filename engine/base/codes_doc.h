// The codes of the messages of decree doc (engine/doc): msg::<code>, listed
// in base/messages_doc.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE doc
#define DECREE_STAGE_NUMBER 13
#define DECREE_STAGE_FILE "base/messages_doc.def"
#include "base/codes_stage.inc"
