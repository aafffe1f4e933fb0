diff rules/jilin/work-injury-benefits --base 2021-07-01 --candidate fixtures/historical/drafts/lump-sum-plus-one-month --group-by 'x y' tests/lang/cli/three-cases.jsonl
