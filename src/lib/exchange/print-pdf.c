/* print-pdf.c - the handover lists as a PDF: A4 landscape, cairo and pango, DejaVu Sans
 *
 * Each side starts on a page of its own with the exchange's particulars, then its numbered
 * table (the header row again on every page), the totals and the signature lines; the
 * signatures never stand on a page without the list's last row. Every page carries the
 * exchange and the side at the top, and at the bottom who printed it and when, the audit
 * record, the list's fingerprint and "page N of M".
 *
 * The document is laid out twice with the same code: the first pass measures and counts the
 * pages, the second draws them, so "of M" is known on page 1 and both passes break pages at
 * the same rows.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "pdf-int.h"

#include "parley/version.h"
#include "print-int.h"
#include "banned.h"

#define PAGE_W 841.89 /* A4 landscape, in points */
#define PAGE_H 595.28
#define MARGIN 28.0
#define BODY_BOTTOM (PAGE_H - MARGIN - 20.0) /* the footer below */
#define PAD_X 3.0
#define PAD_Y 2.6
#define MIN_ROW 21.0 /* room for a tick by hand */
#define FONT PDF_FONT

enum col {
	C_NO,
	C_REF,
	C_FAMILY,
	C_GIVEN,
	C_PATRONYMIC,
	C_BORN,
	C_SEX,
	C_CITIZENSHIP,
	C_KIND,
	C_SERVICE,
	C_HEALTH,
	C_CROSSED,
	C_REMARK,
	C__MAX
};

static const struct column {
	const char *label;
	double width; /* points; the remark takes what is left */
	PangoAlignment align;
} columns[C__MAX] = {
        [C_NO] = {N_("No."), 22, PANGO_ALIGN_RIGHT},
        [C_REF] = {N_("Reference"), 52, PANGO_ALIGN_LEFT},
        [C_FAMILY] = {N_("Family name"), 88, PANGO_ALIGN_LEFT},
        [C_GIVEN] = {N_("Given name"), 68, PANGO_ALIGN_LEFT},
        [C_PATRONYMIC] = {N_("Patronymic"), 80, PANGO_ALIGN_LEFT},
        [C_BORN] = {N_("Born"), 56, PANGO_ALIGN_LEFT},
        [C_SEX] = {N_("Sex"), 30, PANGO_ALIGN_CENTER},
        [C_CITIZENSHIP] = {N_("Citizenship"), 48, PANGO_ALIGN_LEFT},
        [C_KIND] = {N_("Military or civilian"), 52, PANGO_ALIGN_LEFT},
        [C_SERVICE] = {N_("Rank, unit, service number"), 92, PANGO_ALIGN_LEFT},
        [C_HEALTH] = {N_("Health"), 86, PANGO_ALIGN_LEFT},
        [C_CROSSED] = {N_("Crossed"), 40, PANGO_ALIGN_CENTER},
        [C_REMARK] = {N_("Remark"), 0, PANGO_ALIGN_LEFT},
};

enum font {
	F_BODY,   /* names and values */
	F_LATIN,  /* names in Latin letters, under the names */
	F_BOLD,   /* a severe health category */
	F_HEAD,   /* the table's header */
	F_SMALL,  /* running header and footer, captions */
	F_SMALLB, /* its bold */
	F_LABEL,  /* the particulars' labels */
	F_TITLE,
	F_SUB,
	F__MAX
};

static const char *const font_specs[F__MAX] = {
        [F_BODY] = FONT " 8",        [F_LATIN] = FONT " 6.8",     [F_BOLD] = FONT " Bold 8",
        [F_HEAD] = FONT " Bold 6.6", [F_SMALL] = FONT " 6.8",     [F_SMALLB] = FONT " Bold 6.8",
        [F_LABEL] = FONT " Bold 8",  [F_TITLE] = FONT " Bold 15", [F_SUB] = FONT " Bold 11",
};

struct pdf {
	const struct print_doc *d;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fm;
	PangoContext *pc;
	PangoLayout *lay;
	PangoFontDescription *font[F__MAX];
	double x[C__MAX + 1]; /* left edge of each column; x[C__MAX] the right edge */
	int drawing;          /* the second pass */
	int page, pages;
	int side;
	double y;
};

/* --- text ------------------------------------------------------------------------------ */

/* Lays text out in width (0: no wrap) and returns its height; draws it at x, y in grey g
 * (0 black) on the second pass. */
static double text(struct pdf *p, enum font f, const char *s, double x, double y, double width,
                   PangoAlignment align, double g)
{
	int w, h;
	if (!s || !*s)
		return 0;
	pango_layout_set_font_description(p->lay, p->font[f]);
	pango_layout_set_width(p->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_alignment(p->lay, align);
	pango_layout_set_text(p->lay, s, -1);
	pango_layout_get_size(p->lay, &w, &h);
	if (p->drawing) {
		cairo_set_source_rgb(p->cr, g, g, g);
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->lay);
	}
	return (double)h / PANGO_SCALE;
}

static double text_width(struct pdf *p, enum font f, const char *s)
{
	int w, h;
	pango_layout_set_font_description(p->lay, p->font[f]);
	pango_layout_set_width(p->lay, -1);
	pango_layout_set_text(p->lay, s, -1);
	pango_layout_get_size(p->lay, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void line(struct pdf *p, double x0, double y0, double x1, double y1, double width, double g)
{
	if (!p->drawing)
		return;
	cairo_set_source_rgb(p->cr, g, g, g);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y0);
	cairo_line_to(p->cr, x1, y1);
	cairo_stroke(p->cr);
}

static void fill(struct pdf *p, double x, double y, double w, double h, double g)
{
	if (!p->drawing)
		return;
	cairo_set_source_rgb(p->cr, g, g, g);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
}

/* --- pages ----------------------------------------------------------------------------- */

static void page_begin(struct pdf *p)
{
	const struct print_doc *d = p->d;
	char left[512], stage[256];
	const char *mark = print_tr(d, N_("FOR OFFICIAL USE: PERSONAL DATA"));
	double mw;
	p->page++;
	snprintf(left, sizeof(left), "%s  «%s»  ·  %s  ·  %s", d->xref, d->title ? d->title : "",
	         print_stage_text(d, stage, sizeof(stage)), print_side_title(d, p->side));
	mw = text_width(p, F_SMALLB, mark);
	text(p, F_SMALL, left, MARGIN, MARGIN, PAGE_W - 2 * MARGIN - mw - 12, PANGO_ALIGN_LEFT, 0);
	text(p, F_SMALLB, mark, PAGE_W - MARGIN - mw, MARGIN, 0, PANGO_ALIGN_LEFT, 0);
	line(p, MARGIN, MARGIN + 11, PAGE_W - MARGIN, MARGIN + 11, 0.6, 0);
	p->y = MARGIN + 18;
}

static void page_end(struct pdf *p)
{
	const struct print_doc *d = p->d;
	char printed[256], fp[64], page[64], n[16], m[16];
	double y = PAGE_H - MARGIN - 9;
	line(p, MARGIN, y - 4, PAGE_W - MARGIN, y - 4, 0.6, 0);
	print_printed_text(d, printed, sizeof(printed));
	snprintf(fp, sizeof(fp), print_tr(d, N_("list fingerprint %s")), d->fingerprint);
	snprintf(n, sizeof(n), "%d", p->page);
	snprintf(m, sizeof(m), "%d", p->pages);
	snprintf(page, sizeof(page), print_tr(d, N_("page %s of %s")), n, m);
	text(p, F_SMALL, printed, MARGIN, y, 330, PANGO_ALIGN_LEFT, 0);
	text(p, F_SMALLB, fp, PAGE_W / 2 - 100, y, 200, PANGO_ALIGN_CENTER, 0);
	text(p, F_SMALLB, page, PAGE_W - MARGIN - 200, y, 200, PANGO_ALIGN_RIGHT, 0);
	if (p->drawing)
		cairo_show_page(p->cr);
}

/* --- the particulars, the table, the signatures ----------------------------------------- */

/* label: value pairs in a column from x, width w, from y; returns the y below them */
static double pairs(struct pdf *p, const char *const *kv, size_t n, double x, double w, double y)
{
	double lw = 0;
	for (size_t i = 0; i < n; i += 2) {
		double t = text_width(p, F_LABEL, kv[i]);
		if (kv[i + 1] && *kv[i + 1] && t > lw)
			lw = t;
	}
	lw += 8;
	for (size_t i = 0; i < n; i += 2) {
		double h1, h2;
		if (!kv[i + 1] || !*kv[i + 1])
			continue;
		h1 = text(p, F_LABEL, kv[i], x, y, lw, PANGO_ALIGN_LEFT, 0);
		h2 = text(p, F_BODY, kv[i + 1], x + lw, y, w - lw, PANGO_ALIGN_LEFT, 0);
		y += fmax(h1, h2) + 3;
	}
	return y;
}

static void particulars(struct pdf *p)
{
	const struct print_doc *d = p->d;
	char title[256], side[160], stage[256], exch[512], recv[160], give[160], totals[400];
	double y0, y1, y2, half = (PAGE_W - 2 * MARGIN) / 2;
	const char *left[6], *right[6];

	p->y += text(p, F_TITLE, print_title(d, title, sizeof(title)), MARGIN, p->y,
	             PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT, 0) +
	        2;
	snprintf(side, sizeof(side), "%s: %s", print_side_title(d, p->side),
	         print_side_totals(d, p->side, recv, sizeof(recv)));
	p->y += text(p, F_SUB, side, MARGIN, p->y, PAGE_W - 2 * MARGIN, PANGO_ALIGN_LEFT, 0) + 7;

	snprintf(exch, sizeof(exch), "%s  «%s»", d->xref, d->title ? d->title : "");
	print_side_totals(d, 0, recv, sizeof(recv));
	print_side_totals(d, 1, give, sizeof(give));
	snprintf(totals, sizeof(totals), "%s: %s\n%s: %s", print_side_title(d, 0), recv,
	         print_side_title(d, 1), give);
	left[0] = print_tr(d, N_("Exchange"));
	left[1] = exch;
	left[2] = print_tr(d, N_("Venue"));
	left[3] = d->venue;
	left[4] = print_tr(d, N_("Mediators"));
	left[5] = d->mediators;
	right[0] = d->stage ? print_tr(d, N_("Date of the stage")) : print_tr(d, N_("Planned for"));
	right[1] = d->date;
	right[2] = d->stage ? print_tr(d, N_("Place of the stage")) : print_tr(d, N_("Stage"));
	right[3] = d->stage ? d->place : print_stage_text(d, stage, sizeof(stage));
	right[4] = print_tr(d, N_("Totals"));
	right[5] = totals;
	y0 = p->y;
	y1 = pairs(p, left, 6, MARGIN, half - 16, y0);
	y2 = pairs(p, right, 6, MARGIN + half, half, y0);
	p->y = fmax(y1, y2) + 6;
}

static double header_height(struct pdf *p)
{
	int drawing = p->drawing;
	double h = 0;
	p->drawing = 0;
	for (int c = 0; c < C__MAX; c++)
		h = fmax(h, text(p, F_HEAD, print_tr(p->d, columns[c].label), 0, 0,
		                 p->x[c + 1] - p->x[c] - 2 * PAD_X, columns[c].align, 0));
	p->drawing = drawing;
	return h + 2 * PAD_Y;
}

static void table_header(struct pdf *p)
{
	double h = header_height(p); /* measured first, then drawn over its grey */
	fill(p, p->x[0], p->y, p->x[C__MAX] - p->x[0], h, 0.86);
	for (int c = 0; c < C__MAX; c++) {
		double w = p->x[c + 1] - p->x[c] - 2 * PAD_X;
		text(p, F_HEAD, print_tr(p->d, columns[c].label), p->x[c] + PAD_X, p->y + PAD_Y, w,
		     columns[c].align, 0);
	}
	for (int c = 0; c <= C__MAX; c++)
		line(p, p->x[c], p->y, p->x[c], p->y + h, 0.5, 0);
	line(p, p->x[0], p->y, p->x[C__MAX], p->y, 0.8, 0);
	line(p, p->x[0], p->y + h, p->x[C__MAX], p->y + h, 0.8, 0);
	p->y += h;
}

/* A name's cell: as recorded, and in Latin letters under it. */
static double name_cell(struct pdf *p, const char *name, const char *lat, double x, double y,
                        double w)
{
	double h = text(p, F_BODY, name, x, y, w, PANGO_ALIGN_LEFT, 0);
	if (lat)
		h += text(p, F_LATIN, lat, x, y + h, w, PANGO_ALIGN_LEFT, 0.25);
	return h;
}

/* Lays row i out at p->y (drawing it on the second pass); returns its height. */
static double row(struct pdf *p, const struct print_row *r, size_t i, int shade)
{
	char no[24], service[600];
	double y = p->y + PAD_Y, h = 0, cw[C__MAX];
	for (int c = 0; c < C__MAX; c++)
		cw[c] = p->x[c + 1] - p->x[c] - 2 * PAD_X;
	if (p->drawing) {
		/* the height first, for the shading and the grid */
		int drawing = p->drawing;
		double rh;
		p->drawing = 0;
		rh = row(p, r, i, 0);
		p->drawing = drawing;
		if (shade)
			fill(p, p->x[0], p->y, p->x[C__MAX] - p->x[0], rh, 0.94);
		for (int c = 0; c <= C__MAX; c++)
			line(p, p->x[c], p->y, p->x[c], p->y + rh, 0.4, 0.2);
		line(p, p->x[0], p->y + rh, p->x[C__MAX], p->y + rh, 0.4, 0.2);
		/* the box to tick */
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_set_line_width(p->cr, 0.8);
		cairo_rectangle(p->cr, (p->x[C_CROSSED] + p->x[C_CROSSED + 1]) / 2 - 4.5,
		                p->y + PAD_Y + 0.5, 9, 9);
		cairo_stroke(p->cr);
	}
	snprintf(no, sizeof(no), "%zu", i + 1);
	snprintf(service, sizeof(service), "%s%s%s", r->v[PF_RANK] ? r->v[PF_RANK] : "",
	         r->v[PF_RANK] && r->v[PF_UNIT] ? ", " : "", r->v[PF_UNIT] ? r->v[PF_UNIT] : "");
	h = fmax(h, text(p, F_BODY, no, p->x[C_NO] + PAD_X, y, cw[C_NO], PANGO_ALIGN_RIGHT, 0));
	h = fmax(h, text(p, F_BODY, r->v[PF_REF], p->x[C_REF] + PAD_X, y, cw[C_REF],
	                 PANGO_ALIGN_LEFT, 0));
	h = fmax(h, name_cell(p, r->v[PF_FAMILY], r->v[PF_FAMILY_LATIN], p->x[C_FAMILY] + PAD_X, y,
	                      cw[C_FAMILY]));
	h = fmax(h, name_cell(p, r->v[PF_GIVEN], r->v[PF_GIVEN_LATIN], p->x[C_GIVEN] + PAD_X, y,
	                      cw[C_GIVEN]));
	h = fmax(h, name_cell(p, r->v[PF_PATRONYMIC], r->v[PF_PATRONYMIC_LATIN],
	                      p->x[C_PATRONYMIC] + PAD_X, y, cw[C_PATRONYMIC]));
	h = fmax(h, text(p, F_BODY, r->v[PF_BORN], p->x[C_BORN] + PAD_X, y, cw[C_BORN],
	                 PANGO_ALIGN_LEFT, 0));
	h = fmax(h, text(p, F_BODY, r->v[PF_SEX], p->x[C_SEX] + PAD_X, y, cw[C_SEX],
	                 PANGO_ALIGN_CENTER, 0));
	h = fmax(h, text(p, F_BODY, r->v[PF_CITIZENSHIP], p->x[C_CITIZENSHIP] + PAD_X, y,
	                 cw[C_CITIZENSHIP], PANGO_ALIGN_LEFT, 0));
	h = fmax(h, text(p, F_BODY, r->v[PF_KIND], p->x[C_KIND] + PAD_X, y, cw[C_KIND],
	                 PANGO_ALIGN_LEFT, 0));
	{
		double sh = text(p, F_BODY, service, p->x[C_SERVICE] + PAD_X, y, cw[C_SERVICE],
		                 PANGO_ALIGN_LEFT, 0);
		if (r->v[PF_SERVICE_NUMBER]) {
			char num[128];
			snprintf(num, sizeof(num), print_tr(p->d, N_("service no. %s")),
			         r->v[PF_SERVICE_NUMBER]);
			sh += text(p, F_LATIN, num, p->x[C_SERVICE] + PAD_X, y + sh, cw[C_SERVICE],
			           PANGO_ALIGN_LEFT, 0);
		}
		h = fmax(h, sh);
	}
	h = fmax(h, text(p, r->severe ? F_BOLD : F_BODY, r->v[PF_HEALTH], p->x[C_HEALTH] + PAD_X, y,
	                 cw[C_HEALTH], PANGO_ALIGN_LEFT, 0));
	h = fmax(h, text(p, F_LATIN, r->v[PF_REMARK], p->x[C_REMARK] + PAD_X, y, cw[C_REMARK],
	                 PANGO_ALIGN_LEFT, 0));
	return fmax(h + 2 * PAD_Y, MIN_ROW);
}

/* The totals, the notes and the signature lines under a side's table; its height. */
static double tail(struct pdf *p, double y)
{
	const struct print_doc *d = p->d;
	const struct print_side *s = &d->side[p->side];
	char totals[300], buf[256], checked[256];
	static const char *const who[3] = {N_("For our side"), N_("For the other side"),
	                                   N_("For the mediator")};
	static const char *const lines[3] = {N_("name and position"), N_("signature"), N_("date")};
	double y0 = y, cw = (p->x[C__MAX] - p->x[0] - 2 * 24) / 3;

	y += 6;
	snprintf(totals, sizeof(totals), "%s: %s", print_tr(d, N_("Total")),
	         print_side_totals(d, p->side, buf, sizeof(buf)));
	y += text(p, F_LABEL, totals, p->x[0], y, p->x[C__MAX] - p->x[0], PANGO_ALIGN_LEFT, 0) + 3;
	snprintf(checked, sizeof(checked),
	         print_tr(d, N_("Crossed, as ticked above: ________ of %zu.")), s->n);
	y += text(p, F_BODY, checked, p->x[0], y, p->x[C__MAX] - p->x[0], PANGO_ALIGN_LEFT, 0) + 3;
	y += text(p, F_SMALL, print_translit_note(d), p->x[0], y, p->x[C__MAX] - p->x[0],
	          PANGO_ALIGN_LEFT, 0.25) +
	     12;
	for (int k = 0; k < 3; k++) {
		double x = p->x[0] + k * (cw + 24), yy = y;
		yy += text(p, F_LABEL, print_tr(d, who[k]), x, yy, cw, PANGO_ALIGN_LEFT, 0);
		for (int l = 0; l < 3; l++) {
			yy += 22;
			line(p, x, yy, x + cw, yy, 0.6, 0);
			yy += text(p, F_SMALL, print_tr(d, lines[l]), x, yy + 1.5, cw,
			           PANGO_ALIGN_LEFT, 0.25) +
			      1.5;
		}
		if (k == 2)
			y = yy;
	}
	return y - y0;
}

static void side(struct pdf *p, int s)
{
	const struct print_side *sd = &p->d->side[s];
	double tail_h;
	p->side = s;
	page_begin(p);
	particulars(p);
	table_header(p);
	{
		int drawing = p->drawing;
		p->drawing = 0;
		tail_h = tail(p, 0);
		p->drawing = drawing;
	}
	if (!sd->n) {
		p->y += 4;
		p->y += text(p, F_BODY, print_tr(p->d, N_("Nobody on this list.")), p->x[0] + PAD_X,
		             p->y, 0, PANGO_ALIGN_LEFT, 0) +
		        4;
	}
	for (size_t i = 0; i < sd->n; i++) {
		int drawing = p->drawing;
		double h, need;
		p->drawing = 0;
		h = row(p, &sd->rows[i], i, 0);
		p->drawing = drawing;
		/* the last row goes with the signatures: they never stand alone on a page */
		need = h + (i + 1 == sd->n ? tail_h : 0);
		if (p->y + need > BODY_BOTTOM && p->y > MARGIN + 60) {
			page_end(p);
			page_begin(p);
			table_header(p);
		}
		row(p, &sd->rows[i], i, (int)(i % 2));
		p->y += h;
	}
	if (p->y + tail_h > BODY_BOTTOM) {
		page_end(p);
		page_begin(p);
	}
	p->y += tail(p, p->y);
	page_end(p);
}

/* --- the document ----------------------------------------------------------------------- */

/*
 * Debian 12's fontconfig (2.14.1) loses a rule of its configuration as it reads it, 288 bytes
 * once a process: LeakSanitizer would fail every sanitized run that prints. Its reports are
 * silenced for leaks allocated inside libfontconfig alone.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PRINT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(PRINT_ASAN)
#define PRINT_ASAN 1
#endif
#ifdef PRINT_ASAN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
/* and without a table of the suppressions used on standard error at every exit */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

static void pdf_release(struct pdf *p)
{
	for (int f = 0; f < F__MAX; f++)
		if (p->font[f])
			pango_font_description_free(p->font[f]);
	if (p->lay)
		g_object_unref(p->lay);
	if (p->pc)
		g_object_unref(p->pc);
	if (p->fm)
		g_object_unref(p->fm);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
}

int print_pdf(const struct print_doc *d, int fd, const char *path, int *pages, struct pl_error *err)
{
	struct pdf p;
	cairo_font_options_t *fo;
	char title[400], stitle[256];
	double used = 0;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.d = d;
	p.surface = cairo_pdf_surface_create_for_stream(pdf_write_fd, &fd, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
		rc = pl_error_set(err, PL_EDATA, "print: %s: %s", path,
		                  cairo_status_to_string(cairo_surface_status(p.surface)));
		goto out;
	}
	snprintf(title, sizeof(title), "%s: %s", d->xref, print_title(d, stitle, sizeof(stitle)));
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR,
	                               "parley " PARLEY_VERSION);
	p.cr = cairo_create(p.surface);
	p.fm = pango_cairo_font_map_new();
	p.pc = p.fm ? pango_font_map_create_context(p.fm) : NULL;
	if (!p.pc) {
		rc = pl_error_set(err, PL_EDATA, "print: out of memory");
		goto out;
	}
	/* points are the PDF's units: 72 to the inch, and no hinting on paper */
	pango_cairo_update_context(p.cr, p.pc);
	pango_cairo_context_set_resolution(p.pc, 72.0);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	p.lay = pango_layout_new(p.pc);
	pango_layout_set_wrap(p.lay, PANGO_WRAP_WORD_CHAR);
	if ((rc = pdf_fonts_load(p.pc, font_specs, F__MAX, p.font, "print", err)))
		goto out;

	p.x[0] = MARGIN;
	for (int c = 0; c < C__MAX; c++)
		used += columns[c].width;
	for (int c = 0; c < C__MAX; c++)
		p.x[c + 1] =
		        p.x[c] + (c == C_REMARK ? PAGE_W - 2 * MARGIN - used : columns[c].width);

	for (int pass = 0; pass < 2; pass++) {
		p.drawing = pass;
		p.pages = p.page;
		p.page = 0;
		for (int s = 0; s < 2; s++)
			side(&p, s);
	}
	cairo_surface_finish(p.surface);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS ||
	    cairo_status(p.cr) != CAIRO_STATUS_SUCCESS) {
		cairo_status_t st = cairo_surface_status(p.surface);
		if (st == CAIRO_STATUS_SUCCESS)
			st = cairo_status(p.cr);
		rc = pl_error_set(err, PL_EDATA, "print: %s: %s", path, cairo_status_to_string(st));
		goto out;
	}
	*pages = p.page;
out:
	pdf_release(&p);
	return rc;
}
