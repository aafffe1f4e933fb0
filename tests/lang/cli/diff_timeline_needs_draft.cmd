diff rules/jilin/work-injury-benefits --timeline tests/lang/cli/three-cases.jsonl
