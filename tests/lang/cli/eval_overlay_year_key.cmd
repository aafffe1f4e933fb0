eval tests/lang/loading/what_if/rules --case tests/lang/cli/what_if_case.yaml --params tests/lang/cli/overlay_year_key.yaml
