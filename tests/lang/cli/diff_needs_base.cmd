diff rules/jilin/work-injury-benefits tests/lang/cli/three-cases.jsonl
