// Runs the built `decree` binary (DECREE_CLI) as a child process, with stdin
// from a string, and captures stdout, stderr and the exit code.
#pragma once

#include <string>
#include <vector>

namespace decree::cli::testing {

struct CliResult {
  int exit_code = -1;  // 128 + signal if the program was killed by a signal
  std::string out;
  std::string err;
};

// `args` without the program name: {"check", "some/path"}. The child runs
// with LANG=C.UTF-8 (and no LC_ALL, LC_MESSAGES) plus `env` ("LANG=zh_CN.UTF-8").
CliResult run_cli(const std::vector<std::string>& args, const std::string& stdin_text = "",
                  const std::vector<std::string>& env = {});

// DECREE_SOURCE_DIR + "/" + relative.
std::string source_path(const std::string& relative);
// A fresh path in the test's temporary directory (the file does not exist).
std::string temp_path(const std::string& name);
void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);
// Splits on '\n'; a final newline does not make an empty last line.
std::vector<std::string> split_lines(const std::string& text);

}  // namespace decree::cli::testing
