diff rules/jilin/work-injury-benefits --base 2021-07-01 --candidate tests/lang/cli/broken-draft tests/lang/cli/three-cases.jsonl
