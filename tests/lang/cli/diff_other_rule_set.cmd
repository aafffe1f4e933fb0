diff rules/jilin/work-injury-benefits --base 2021-07-01 --candidate rules/jilin/work-injury-contributions/2021-07-01 tests/lang/cli/three-cases.jsonl
