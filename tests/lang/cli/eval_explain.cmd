eval rules/jilin/work-injury-benefits --case fixtures/jilin/cases/grade5-2022.json --as-of 2024-12-31 --explain
