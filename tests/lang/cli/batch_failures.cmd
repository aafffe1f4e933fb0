batch tests/lang/cli/failing --partial --limit-errors 1 --threads 1
