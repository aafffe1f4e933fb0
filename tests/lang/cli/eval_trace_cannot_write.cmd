eval tests/lang/cli/failing --case tests/lang/cli/one_case.yaml --trace-json /nonexistent-dir/trace.json
