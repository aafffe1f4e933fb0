versions rules/jilin/work-injury-benefits
