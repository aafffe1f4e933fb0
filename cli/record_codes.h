// For the CLI's golden tests (tests/cli/cli_golden.py): with
// DECREE_RECORD_CODES=FILE in the environment, the catalogue codes of every
// message the command printed are written to FILE at exit, one per line, so
// that tests/base/golden_coverage_test.cpp can tell which codes the goldens
// show. Without it, nothing is recorded.
#pragma once

namespace decree::cli {

void record_codes_from_environment();

}  // namespace decree::cli
