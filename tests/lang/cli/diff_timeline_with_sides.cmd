diff rules/jilin/work-injury-benefits --timeline --base 2021-07-01 tests/lang/cli/three-cases.jsonl
