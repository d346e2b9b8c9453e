/* pdf.c - what the library's PDFs share (pdf-int.h) */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "pdf-int.h"
#include "banned.h"

cairo_status_t pdf_write_fd(void *closure, const unsigned char *data, unsigned int length)
{
	int fd = *(const int *)closure;
	while (length) {
		ssize_t w = write(fd, data, length);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return CAIRO_STATUS_WRITE_ERROR;
		data += w;
		length -= (unsigned)w;
	}
	return CAIRO_STATUS_SUCCESS;
}

int pdf_fonts_load(PangoContext *pc, const char *const *specs, int n, PangoFontDescription **fonts,
                   const char *what, struct pl_error *err)
{
	for (int f = 0; f < n; f++) {
		PangoFont *font;
		PangoFontDescription *got;
		const char *family;
		int ok;
		if (!(fonts[f] = pango_font_description_from_string(specs[f])))
			return pl_error_set(err, PL_EDATA, "%s: out of memory", what);
		/* a missing font would be replaced by whatever fontconfig finds, with or without
		 * Cyrillic: say so instead */
		if (!(font = pango_context_load_font(pc, fonts[f])))
			return pl_error_set(err, PL_EDATA,
			                    "%s: no font to print with: install fonts-dejavu-core",
			                    what);
		got = pango_font_describe(font);
		family = got ? pango_font_description_get_family(got) : NULL;
		ok = family && !strcmp(family, PDF_FONT);
		if (got)
			pango_font_description_free(got);
		g_object_unref(font);
		if (!ok)
			return pl_error_set(
			        err, PL_EDATA,
			        "%s: the font %s is not installed (Debian: fonts-dejavu-core)",
			        what, PDF_FONT);
	}
	return 0;
}
