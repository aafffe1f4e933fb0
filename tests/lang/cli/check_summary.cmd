check tests/lang/check/bad/ambiguous_enum.decree tests/lang/syntax/bad/header_literals.decree
