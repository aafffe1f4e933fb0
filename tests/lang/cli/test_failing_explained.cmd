test tests/lang/testing/bad/output_differs.yaml tests/lang/testing/bad/fullwidth_colon.yaml --coverage --format junit --output {tmp}/junit.xml
