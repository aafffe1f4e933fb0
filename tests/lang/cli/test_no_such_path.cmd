test tests/lang/cli/no-such-tests.yaml
