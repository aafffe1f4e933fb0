verify rules/jilin/work-injury-benefits --key tests/lang/cli/publisher.pub
