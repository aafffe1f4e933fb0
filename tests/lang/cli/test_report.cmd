test fixtures/jilin/benefits/leave.yaml --coverage
