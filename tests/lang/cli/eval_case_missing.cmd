eval tests/lang/cases/cases.decree --case tests/lang/cases/no-such-case.json
