params rules/jilin/work-injury-benefits pooling_avg_annual_wage
