# cmake -DINPUT=openapi.json -DOUTPUT=openapi_document.cpp -P embed_openapi.cmake
#
# Writes a C++ source that defines decree::serve::openapi_document()
# (serve/openapi.h) returning INPUT's bytes, in one raw string literal. The
# bytes go through unchanged (UTF-8 stays UTF-8; backslashes and newlines are
# not interpreted in a raw string). Fails if the content holds the literal's
# closing delimiter, or a NUL byte.
if(NOT INPUT OR NOT OUTPUT)
  message(FATAL_ERROR "usage: cmake -DINPUT=FILE -DOUTPUT=FILE -P embed_openapi.cmake")
endif()
file(READ "${INPUT}" content)
file(SIZE "${INPUT}" bytes)
string(LENGTH "${content}" read)
if(NOT read EQUAL bytes)
  message(FATAL_ERROR "${INPUT}: read ${read} of ${bytes} bytes (a NUL byte?)")
endif()
set(delimiter "decree_openapi")
string(FIND "${content}" ")${delimiter}\"" collision)
if(NOT collision EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains )${delimiter}\", the raw string's end: "
                      "change the delimiter in ${CMAKE_CURRENT_LIST_FILE}")
endif()
# Written beside OUTPUT and renamed: an interrupted build leaves no half file.
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by embed_openapi.cmake: do not edit.\n"
  "#include \"serve/openapi.h\"\n"
  "\n"
  "namespace decree::serve {\n"
  "\n"
  "std::string_view openapi_document() {\n"
  "  static constexpr std::string_view document = R\"${delimiter}(${content})${delimiter}\";\n"
  "  return document;\n"
  "}\n"
  "\n"
  "}  // namespace decree::serve\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
