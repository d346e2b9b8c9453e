/* pdf-int.h - what the library's PDFs share (the handover lists, the statistics report, the
 * briefing): cairo writing to a file made for it, and the fonts checked before use */
#ifndef PARLEY_PDF_INT_H
#define PARLEY_PDF_INT_H
#include <cairo.h>
#include <pango/pangocairo.h>

#include "parley/error.h"

/* The family every PDF is set in: Cyrillic and Latin, from fonts-dejavu-core. */
#define PDF_FONT "DejaVu Sans"

/* cairo's write function: closure points at the file descriptor (never reopened by name). */
cairo_status_t pdf_write_fd(void *closure, const unsigned char *data, unsigned int length);

/* The n fonts of specs ("DejaVu Sans Bold 8") into fonts[], each checked to be PDF_FONT
 * itself, not what fontconfig would put in its place; what names the document in
 * messages ("print", "briefing"). */
int pdf_fonts_load(PangoContext *pc, const char *const *specs, int n, PangoFontDescription **fonts,
                   const char *what, struct pl_error *err);

#endif
