diff rules/jilin/work-injury-benefits --base 2021-07-01 --candidate fixtures/historical/drafts/lump-sum-plus-one-month tests/lang/cli/directory.jsonl
