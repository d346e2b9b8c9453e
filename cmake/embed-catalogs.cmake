# embed-catalogs.cmake - turns the compiled catalogues (uk.mo, ...) into catalogs.h
# Usage: cmake -DMO_FILES="a.mo;b.mo" -DOUT=... -P embed-catalogs.cmake
#
# Each file becomes "static const unsigned char catalog_<lang>[]" (bytes, NUL-terminated;
# its size is sizeof - 1), read by src/lib/core/i18n.c.
set(body "/* generated from the catalogues of po/ (msgfmt) by cmake/embed-catalogs.cmake: do not edit */\n")
string(REPEAT "[0-9a-f]" 32 hex32)
foreach(f ${MO_FILES})
  get_filename_component(lang "${f}" NAME_WE)
  string(MAKE_C_IDENTIFIER "${lang}" ident)
  file(READ "${f}" hex HEX)
  string(REGEX REPLACE "(${hex32})" "\\1\n" hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REPLACE "\n" "\n\t" bytes "${bytes}")
  string(APPEND body "static const unsigned char catalog_${ident}[] = {\n\t${bytes}0x00\n};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
