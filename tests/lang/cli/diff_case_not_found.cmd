diff rules/jilin/work-injury-benefits --base 2021-07-01 --candidate fixtures/historical/drafts/lump-sum-plus-one-month --case JL-no-such-case tests/lang/cli/three-cases.jsonl
