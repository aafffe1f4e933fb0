diff rules/jilin/work-injury-benefits --base 1999-01-01 --candidate fixtures/historical/drafts/lump-sum-plus-one-month tests/lang/cli/three-cases.jsonl
