verify rules/jilin/work-injury-benefits --key tests/lang/cli/verify_unpublished.cmd
