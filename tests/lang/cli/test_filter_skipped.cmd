test tests/lang/testing/good/daily.yaml --filter 日津贴 --coverage
