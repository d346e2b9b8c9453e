# embed-data.cmake - turns data/names/*.tsv into names-data.h (byte arrays, NUL-terminated)
# Usage: cmake -DDATA_DIR=... -DOUT=... -P embed-data.cmake
#
# Each file becomes "static const char names_data_<name>[]" (given.tsv: names_data_given_tsv,
# surname-rules.tsv: names_data_surname_rules_tsv). Bytes, not string literals, so that no
# character of the data (quotes, backslashes, "??" trigraphs) can change its meaning.
# NAMES_DATA_VERSION is the start of a SHA-256 over all the files: it changes with the data.
file(GLOB files "${DATA_DIR}/*.tsv")
list(SORT files)
set(body "/* generated from the .tsv files of data/names by cmake/embed-data.cmake: do not edit */\n")
set(all "")
set(arrays "")
string(REPEAT "[0-9a-f]" 32 hex32)
foreach(f ${files})
  get_filename_component(name "${f}" NAME)
  string(MAKE_C_IDENTIFIER "${name}" ident)
  file(READ "${f}" hex HEX)
  string(APPEND all "${name}:${hex};")
  # 16 bytes (32 hex digits) a line
  string(REGEX REPLACE "(${hex32})" "\\1\n" hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REPLACE "\n" "\n\t" bytes "${bytes}")
  string(APPEND arrays "/* ${name} */\n")
  string(APPEND arrays "static const char names_data_${ident}[] __attribute__((unused)) = {\n\t${bytes}0x00\n};\n")
endforeach()
string(SHA256 digest "${all}")
string(SUBSTRING "${digest}" 0 16 version)
string(APPEND body "#define NAMES_DATA_VERSION \"${version}\"\n")
string(APPEND body "${arrays}")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
