versions rules/jilin/work-injury-benefits --draft fixtures/historical/drafts/lump-sum-plus-one-month
