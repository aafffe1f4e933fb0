diff rules/jilin/work-injury-benefits --timeline --draft fixtures/historical/drafts/lump-sum-plus-one-month tests/lang/cli/three-cases.jsonl --threads 1
