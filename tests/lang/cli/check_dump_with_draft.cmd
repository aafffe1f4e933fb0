check --dump-after check --draft fixtures/historical/drafts/lump-sum-plus-one-month rules/jilin/work-injury-benefits
