doc rules/jilin/work-injury-contributions --out tests/lang/cli/failing
