versions tests/lang/testing/rules
