// The codes of the messages of YAML files: parameters, rule tests, cases (base/yaml_lint.cpp):
// msg::<code>, listed in base/messages_yaml.def.
#pragma once

#include "base/messages.h"

#define DECREE_STAGE yaml
#define DECREE_STAGE_NUMBER 1
#define DECREE_STAGE_FILE "base/messages_yaml.def"
#include "base/codes_stage.inc"
