// The codes of the messages of decision tables (engine/check/tables.cpp, table_analysis.cpp):
// msg::<code>, listed in base/messages_tables.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE tables
#define DECREE_STAGE_NUMBER 2
#define DECREE_STAGE_FILE "base/messages_tables.def"
#include "base/codes_stage.inc"
