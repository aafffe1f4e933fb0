eval tests/lang/cli/failing --case tests/lang/cli/one_case.yaml --param oops
