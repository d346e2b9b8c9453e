/* xstats-pdf.c - the statistics of exchanges as a PDF report: charts drawn with cairo,
 * text set by pango in DejaVu Sans (so Cyrillic is right), on A4 pages (xstats.h)
 *
 * Each section is a chart and the table it is drawn from. A cell hidden from a
 * counts-only role is hidden in the chart too: its bar is not drawn, and "<5" or "—"
 * stands in the table. The file is written under a temporary name beside the target and
 * renamed when complete.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "parley/alloc.h"
#include "parley/xstats.h"
#include "banned.h"

#define PAGE_W 595.28 /* A4, points */
#define PAGE_H 841.89
#define MARGIN 42.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define FONT "DejaVu Sans"

struct rgb {
	double r, g, b;
};
static const struct rgb C_RETURNED = {0.18, 0.43, 0.71}, C_HELD = {0.78, 0.33, 0.24},
                        C_AGREED = {0.62, 0.62, 0.62}, C_EXCHANGES = {0.95, 0.61, 0.07},
                        C_THEIRS = {0.45, 0.62, 0.32}, C_GRID = {0.85, 0.85, 0.85},
                        C_TEXT = {0.1, 0.1, 0.1}, C_MUTED = {0.45, 0.45, 0.45};

struct doc {
	const struct pl_xstats *x;
	enum pl_ui_lang lang;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *pango;
	double y; /* where the next thing goes */
	int pages;
	char footer[256];
};

static const char *tr(const struct doc *d, const char *s) __attribute__((format_arg(2)));
static const char *tr(const struct doc *d, const char *s)
{
	return pl_tr(d->lang, s);
}

static void color(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Sets text at (x, y) (its top), width w (0: as wide as it is), aligned 0 left, 1 centre,
 * 2 right; returns its height. */
static double text(struct doc *d, double x, double y, double w, const char *s, double size,
                   int bold, int align, struct rgb c)
{
	PangoLayout *l = pango_layout_new(d->pango);
	PangoFontDescription *fd = pango_font_description_new();
	int pw, ph;
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	if (w > 0) {
		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_alignment(l, align == 1   ? PANGO_ALIGN_CENTER
		                              : align == 2 ? PANGO_ALIGN_RIGHT
		                                           : PANGO_ALIGN_LEFT);
	}
	pango_layout_set_text(l, s ? s : "", -1);
	pango_layout_get_size(l, &pw, &ph);
	color(d->cr, c);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)ph / PANGO_SCALE;
}

/* The width of s set at size, in points. */
static double text_w(struct doc *d, const char *s, double size, int bold)
{
	PangoLayout *l = pango_layout_new(d->pango);
	PangoFontDescription *fd = pango_font_description_new();
	int pw, ph;
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, s ? s : "", -1);
	pango_layout_get_size(l, &pw, &ph);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)pw / PANGO_SCALE;
}

/* The height of s set at size in width w. */
static double text_h(struct doc *d, const char *s, double size, int bold, double w)
{
	PangoLayout *l = pango_layout_new(d->pango);
	PangoFontDescription *fd = pango_font_description_new();
	int pw, ph;
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s ? s : "", -1);
	pango_layout_get_size(l, &pw, &ph);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)ph / PANGO_SCALE;
}

static void page_footer(struct doc *d)
{
	char n[32];
	snprintf(n, sizeof(n), "%d", d->pages);
	text(d, MARGIN, PAGE_H - MARGIN + 14, CONTENT_W * 0.8, d->footer, 7, 0, 0, C_MUTED);
	text(d, MARGIN, PAGE_H - MARGIN + 14, CONTENT_W, n, 7, 0, 2, C_MUTED);
}

static void new_page(struct doc *d)
{
	if (d->pages) {
		page_footer(d);
		cairo_show_page(d->cr);
	}
	d->pages++;
	d->y = MARGIN;
	pango_cairo_update_context(d->cr, d->pango);
}

/* Room for h more points on this page, else a new one. */
static void need(struct doc *d, double h)
{
	if (d->y + h > PAGE_H - MARGIN)
		new_page(d);
}

/* A cell as the report prints it. */
static const char *cell_str(const struct doc *d, const struct pl_xcol *col,
                            const struct pl_xcell *c, char *buf, size_t cap)
{
	switch (c->state) {
	case PL_XCELL_SMALL:
		snprintf(buf, cap, "<%d", PL_STATS_MIN_CELL);
		return buf;
	case PL_XCELL_WITHHELD:
		return "—";
	case PL_XCELL_NONE:
		return "";
	case PL_XCELL_SHOWN:
		break;
	}
	switch (col->kind) {
	case PL_XCOL_TEXT:
		return c->label ? c->label : c->token ? c->token : "";
	case PL_XCOL_SHARE:
		snprintf(buf, cap, "%.1f%%", 100 * c->value);
		break;
	case PL_XCOL_COUNT:
	case PL_XCOL_NUMBER: {
		int dec = col->kind == PL_XCOL_COUNT ? 0 : col->decimals;
		if (dec == 0) {
			/* thousands apart: 3 135 (a narrow no-break space) or 3,135 */
			char digits[32];
			long long v = llround(c->value);
			size_t len, o = 0;
			const char *sep = d->lang == PL_UI_UK ? "\u202f" : ",";
			snprintf(digits, sizeof(digits), "%lld", v < 0 ? -v : v);
			len = strlen(digits);
			if (v < 0)
				buf[o++] = '-';
			for (size_t i = 0; i < len && o + 5 < cap; i++) {
				if (i && (len - i) % 3 == 0) {
					memcpy(buf + o, sep, strlen(sep));
					o += strlen(sep);
				}
				buf[o++] = digits[i];
			}
			buf[o] = '\0';
			return buf;
		}
		snprintf(buf, cap, "%.*f", dec, c->value);
		break;
	}
	}
	if (d->lang == PL_UI_UK)
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
	return buf;
}

static double heading(struct doc *d, const char *s)
{
	need(d, 90);
	d->y += 6;
	d->y += text(d, MARGIN, d->y, CONTENT_W, s, 12, 1, 0, C_TEXT) + 4;
	return d->y;
}

static void note(struct doc *d, const char *s)
{
	if (!s)
		return;
	need(d, 20);
	d->y += text(d, MARGIN, d->y, CONTENT_W, s, 7, 0, 0, C_MUTED) + 4;
}

/* The width of the widest word of s set at size: less, and a word would be cut. */
static double widest_word(struct doc *d, const char *s, double size, int bold)
{
	char word[128];
	double widest = 0;
	while (s && *s) {
		size_t n = strcspn(s, " ");
		if (n && n < sizeof(word)) {
			double ww;
			memcpy(word, s, n);
			word[n] = '\0';
			ww = text_w(d, word, size, bold);
			widest = ww > widest ? ww : widest;
		}
		s += n;
		s += *s == ' ';
	}
	return widest;
}

/* Each column as wide as its widest cell (at most 150 points) with pad either side, its
 * title wrapping within 45 points (or its widest word); returns the width of them all. */
static double column_widths(struct doc *d, const struct pl_xtable *t, const int *cols, size_t ncols,
                            double size, double pad, double *w)
{
	double total = 0;
	char buf[64];
	for (size_t k = 0; k < ncols; k++) {
		const struct pl_xcol *col = &t->cols[cols[k]];
		double tw = text_w(d, col->title, size, 1);
		w[k] = 0;
		for (size_t r = 0; r < t->nrows; r++) {
			double cw =
			        text_w(d,
			               cell_str(d, col, pl_xtable_cell(t, r, (size_t)cols[k]), buf,
			                        sizeof(buf)),
			               size, t->total_row && r + 1 == t->nrows); /* a total: bold */
			if (cw > w[k])
				w[k] = cw > 150 ? 150 : cw;
		}
		if (tw > w[k]) {
			double cap = widest_word(d, col->title, size, 1);
			cap = cap > 45 ? cap : 45;
			w[k] = tw < cap ? tw : w[k] > cap ? w[k] : cap;
		}
		w[k] += 2 * pad;
		total += w[k];
	}
	return total;
}

/*
 * A table: the columns cols[0..ncols) of t (indices), set at size; repeats its header on
 * a new page.
 */
static void table(struct doc *d, const struct pl_xtable *t, const int *cols, size_t ncols,
                  double size)
{
	double w[32], total, rowh, scale, pad = 4;
	char buf[64];
	if (ncols > 32)
		ncols = 32;
	total = column_widths(d, t, cols, ncols, size, pad, w);
	/* too wide for the page: smaller type, not squeezed columns, measured again at that
	 * size (small type is not narrower in proportion) */
	for (int pass = 0; pass < 4 && total > CONTENT_W; pass++) {
		double f = 0.99 * CONTENT_W / total;
		size *= f;
		pad *= f;
		total = column_widths(d, t, cols, ncols, size, pad, w);
	}
	/* what is left over, if anything: the columns a little narrower */
	scale = total > CONTENT_W ? CONTENT_W / total : 1;
	rowh = size + 4;
	for (int header = 1, r = -1; r < (int)t->nrows; r++, header = 0) {
		double x = MARGIN, h = rowh;
		/* a row that does not fit: a new page, the header again, then this row */
		if (!header && d->y + rowh > PAGE_H - MARGIN)
			header = 1, new_page(d);
		if (header) {
			double hh = 0;
			for (size_t k = 0; k < ncols; k++) {
				double th = text_h(d, t->cols[cols[k]].title, size, 1,
				                   w[k] * scale - 2 * pad + 2);
				hh = th > hh ? th : hh;
			}
			need(d, hh + 2 * rowh);
			for (size_t k = 0; k < ncols; k++) {
				const struct pl_xcol *col = &t->cols[cols[k]];
				text(d, x + pad, d->y, w[k] * scale - 2 * pad + 2, col->title, size,
				     1, col->kind == PL_XCOL_TEXT ? 0 : 2, C_TEXT);
				x += w[k] * scale;
			}
			d->y += hh + 2;
			color(d->cr, C_TEXT);
			cairo_set_line_width(d->cr, 0.6);
			cairo_move_to(d->cr, MARGIN, d->y);
			cairo_line_to(d->cr, MARGIN + total * scale, d->y);
			cairo_stroke(d->cr);
			d->y += 2;
			if (r < 0)
				continue;
			x = MARGIN;
		}
		if (t->total_row && r == (int)t->nrows - 1) {
			color(d->cr, C_GRID);
			cairo_set_line_width(d->cr, 0.5);
			cairo_move_to(d->cr, MARGIN, d->y);
			cairo_line_to(d->cr, MARGIN + total * scale, d->y);
			cairo_stroke(d->cr);
		}
		for (size_t k = 0; k < ncols; k++) {
			const struct pl_xcol *col = &t->cols[cols[k]];
			const struct pl_xcell *c = pl_xtable_cell(t, (size_t)r, (size_t)cols[k]);
			double th = text(d, x + pad, d->y + 1, w[k] * scale - 2 * pad + 2,
			                 cell_str(d, col, c, buf, sizeof(buf)), size,
			                 t->total_row && r == (int)t->nrows - 1,
			                 col->kind == PL_XCOL_TEXT ? 0 : 2,
			                 c->state == PL_XCELL_SHOWN ? C_TEXT : C_MUTED);
			if (th + 2 > h)
				h = th + 2;
			x += w[k] * scale;
		}
		d->y += h;
	}
	d->y += 6;
}

/* Every column of t. */
static void table_all(struct doc *d, const struct pl_xtable *t, double size)
{
	int cols[32];
	for (size_t k = 0; k < t->ncols && k < 32; k++)
		cols[k] = (int)k;
	table(d, t, cols, t->ncols < 32 ? t->ncols : 32, size);
}

/* "1 200" style tick values: a step of 1, 2 or 5 times a power of ten */
static double nice_step(double max, int ticks)
{
	double raw = max / ticks, p = pow(10, floor(log10(raw > 0 ? raw : 1))), m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void legend(struct doc *d, double x, double y, const struct rgb *c, const char *const *s,
                   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		color(d->cr, c[i]);
		cairo_rectangle(d->cr, x, y + 2, 8, 8);
		cairo_fill(d->cr);
		text(d, x + 11, y, 0, s[i], 7.5, 0, 0, C_TEXT);
		x += 22 + text_w(d, s[i], 7.5, 0);
	}
}

/*
 * Vertical bars: for each row r of t (the total row left out), a group of the columns
 * cols[0..ns) side by side, colored c; labels from column lcol, every `every`-th shown.
 */
static void bars(struct doc *d, const struct pl_xtable *t, int lcol, const int *cols,
                 const struct rgb *c, const char *const *names, size_t ns, double h)
{
	size_t nrows = t->nrows - (t->total_row ? 1 : 0), every;
	double max = 0, step, x0 = MARGIN + 34, w = CONTENT_W - 34, gw, bw, base;
	char buf[64];
	if (!nrows)
		return;
	need(d, h + 40);
	legend(d, x0, d->y, c, names, ns);
	d->y += 14;
	for (size_t r = 0; r < nrows; r++)
		for (size_t s = 0; s < ns; s++) {
			const struct pl_xcell *cell = pl_xtable_cell(t, r, (size_t)cols[s]);
			if (cell->state == PL_XCELL_SHOWN && cell->value > max)
				max = cell->value;
		}
	if (max < 4)
		max = 4; /* whole persons: no ticks between them */
	step = nice_step(max, 4);
	max = ceil(max / step) * step;
	base = d->y + h;
	cairo_set_line_width(d->cr, 0.4);
	for (double v = 0; v <= max + step / 2; v += step) {
		double y = base - v / max * h;
		color(d->cr, C_GRID);
		cairo_move_to(d->cr, x0, y);
		cairo_line_to(d->cr, x0 + w, y);
		cairo_stroke(d->cr);
		struct pl_xcol num = {.kind = PL_XCOL_NUMBER, .decimals = 0};
		struct pl_xcell cv = {.value = v, .state = PL_XCELL_SHOWN};
		text(d, MARGIN, y - 4, 30, cell_str(d, &num, &cv, buf, sizeof(buf)), 6.5, 0, 2,
		     C_MUTED);
	}
	gw = w / (double)nrows;
	bw = gw * 0.8 / (double)ns;
	every = (size_t)ceil(22.0 / gw);
	if (every < 1)
		every = 1;
	for (size_t r = 0; r < nrows; r++) {
		double gx = x0 + gw * (double)r + gw * 0.1;
		for (size_t s = 0; s < ns; s++) {
			const struct pl_xcell *cell = pl_xtable_cell(t, r, (size_t)cols[s]);
			if (cell->state == PL_XCELL_SHOWN) {
				double bh = cell->value / max * h;
				color(d->cr, c[s]);
				cairo_rectangle(d->cr, gx + bw * (double)s, base - bh, bw, bh);
				cairo_fill(d->cr);
			} else if (cell->state != PL_XCELL_NONE) {
				/* hidden from this role: a grey mark on the axis */
				color(d->cr, C_AGREED);
				cairo_rectangle(d->cr, gx + bw * (double)s, base - 1.5, bw, 1.5);
				cairo_fill(d->cr);
			}
		}
		if (gw >= 45) {
			/* room enough: the label under its group, across */
			const struct pl_xcell *lc = pl_xtable_cell(t, r, (size_t)lcol);
			text(d, x0 + gw * (double)r + 2, base + 3, gw - 4,
			     lc->label   ? lc->label
			     : lc->token ? lc->token
			                 : "",
			     6.5, 0, 1, C_TEXT);
		} else if (r % every == 0) {
			const struct pl_xcell *lc = pl_xtable_cell(t, r, (size_t)lcol);
			const char *s = lc->label ? lc->label : lc->token ? lc->token : "";
			cairo_save(d->cr);
			cairo_move_to(d->cr, gx + gw * 0.4 - 3, base + 3);
			cairo_rotate(d->cr, M_PI / 2);
			{
				PangoLayout *l = pango_layout_new(d->pango);
				PangoFontDescription *fd =
				        pango_font_description_from_string(FONT " 6");
				pango_font_description_set_absolute_size(fd, 6 * PANGO_SCALE);
				pango_layout_set_font_description(l, fd);
				pango_layout_set_text(l, s, -1);
				color(d->cr, C_TEXT);
				pango_cairo_update_layout(d->cr, l);
				pango_cairo_show_layout(d->cr, l);
				pango_font_description_free(fd);
				g_object_unref(l);
			}
			cairo_restore(d->cr);
		}
	}
	color(d->cr, C_TEXT);
	cairo_set_line_width(d->cr, 0.6);
	cairo_move_to(d->cr, x0, base);
	cairo_line_to(d->cr, x0 + w, base);
	cairo_stroke(d->cr);
	d->y = base + 46;
}

/*
 * Horizontal bars: one a row of t in [r0, r1), label from columns acol (may be -1) and
 * vcol, length col vcol_bar (0..max, shares when max is 1), ref: a line at this value
 * (< 0: none).
 */
static void hbars(struct doc *d, const struct pl_xtable *t, int acol, int lcol, int col,
                  struct rgb c, double ref, const char *ref_label)
{
	size_t nrows = t->nrows - (t->total_row ? 1 : 0);
	double max = 0, x0 = MARGIN + 170, w = CONTENT_W - 170 - 40, rh = 11;
	char buf[64], label[256];
	const char *prev = NULL;
	for (size_t r = 0; r < nrows; r++) {
		const struct pl_xcell *cell = pl_xtable_cell(t, r, (size_t)col);
		if (cell->state == PL_XCELL_SHOWN && cell->value > max)
			max = cell->value;
	}
	if (ref > max)
		max = ref;
	if (max <= 0)
		max = 1;
	for (size_t r = 0; r < nrows; r++) {
		const struct pl_xcell *cell = pl_xtable_cell(t, r, (size_t)col);
		const struct pl_xcell *lc = pl_xtable_cell(t, r, (size_t)lcol);
		const char *a = acol >= 0 ? pl_xtable_cell(t, r, (size_t)acol)->label : NULL;
		need(d, rh + 2);
		if (a && (!prev || strcmp(prev, a))) {
			d->y += 2;
			text(d, MARGIN, d->y, 165, a, 7, 1, 0, C_TEXT);
			d->y += rh;
			need(d, rh + 2);
		}
		prev = a;
		snprintf(label, sizeof(label), "%s",
		         lc->label   ? lc->label
		         : lc->token ? lc->token
		                     : "");
		text(d, MARGIN + 8, d->y, 160, label, 7, 0, 0, C_TEXT);
		if (cell->state == PL_XCELL_SHOWN) {
			color(d->cr, c);
			cairo_rectangle(d->cr, x0, d->y + 1.5, cell->value / max * w, rh - 3);
			cairo_fill(d->cr);
		}
		text(d, x0 + (cell->state == PL_XCELL_SHOWN ? cell->value / max * w : 0) + 3, d->y,
		     0, cell_str(d, &t->cols[col], cell, buf, sizeof(buf)), 6.5, 0, 0, C_MUTED);
		if (ref >= 0) {
			color(d->cr, C_HELD);
			cairo_set_line_width(d->cr, 0.8);
			cairo_move_to(d->cr, x0 + ref / max * w, d->y);
			cairo_line_to(d->cr, x0 + ref / max * w, d->y + rh);
			cairo_stroke(d->cr);
		}
		d->y += rh;
	}
	if (ref >= 0 && ref_label) {
		text(d, x0, d->y + 1, w, ref_label, 6.5, 0, 0, C_HELD);
		d->y += 10;
	}
	d->y += 8;
}

/* The model: each odds ratio a dot on a log scale, its 95% interval a line, 1 marked. */
static void forest(struct doc *d, const struct pl_xtable *t)
{
	double lo = 1, hi = 1, x0 = MARGIN + 170, w = CONTENT_W - 170 - 10, rh = 11;
	int c_or = pl_xtable_col(t, "odds_ratio"), c_lo = pl_xtable_col(t, "ci_low"),
	    c_hi = pl_xtable_col(t, "ci_high");
	const char *prev = NULL;
	char buf[64];
	if (!t->nrows || c_or < 0)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct pl_xcell *a = pl_xtable_cell(t, r, (size_t)c_lo),
		                      *b = pl_xtable_cell(t, r, (size_t)c_hi);
		if (a->state == PL_XCELL_SHOWN && a->value > 0 && a->value < lo)
			lo = a->value;
		if (b->state == PL_XCELL_SHOWN && b->value > hi)
			hi = b->value;
	}
	lo = pow(10, floor(log10(lo < 0.01 ? 0.01 : lo)));
	hi = pow(10, ceil(log10(hi > 100 ? 100 : hi)));
	if (hi <= lo * 1.01)
		hi = lo * 10;
#define XPOS(v)                                                                                    \
	(x0 + (log10((v) < lo   ? lo                                                               \
	             : (v) > hi ? hi                                                               \
	                        : (v)) -                                                           \
	       log10(lo)) /                                                                        \
	              (log10(hi) - log10(lo)) * w)
	need(d, 40);
	/* the axis: powers of ten and 1 */
	for (double v = lo; v <= hi * 1.001; v *= 10) {
		struct pl_xcol num = {.kind = PL_XCOL_NUMBER,
		                      .decimals = v < 1 ? (v < 0.1 ? 2 : 1) : 0};
		struct pl_xcell cv = {.value = v, .state = PL_XCELL_SHOWN};
		text(d, XPOS(v) - 15, d->y, 30, cell_str(d, &num, &cv, buf, sizeof(buf)), 6.5, 0, 1,
		     C_MUTED);
	}
	d->y += 10;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct pl_xcell *a = pl_xtable_cell(t, r, 0), *v = pl_xtable_cell(t, r, 1);
		const struct pl_xcell *o = pl_xtable_cell(t, r, (size_t)c_or);
		const struct pl_xcell *l = pl_xtable_cell(t, r, (size_t)c_lo);
		const struct pl_xcell *h = pl_xtable_cell(t, r, (size_t)c_hi);
		need(d, 2 * rh);
		if (!prev || strcmp(prev, a->label ? a->label : "")) {
			d->y += 2;
			text(d, MARGIN, d->y, 165, a->label, 7, 1, 0, C_TEXT);
			d->y += rh;
		}
		prev = a->label ? a->label : "";
		text(d, MARGIN + 8, d->y, 160, v->label, 7, 0, 0, C_TEXT);
		color(d->cr, C_GRID);
		cairo_set_line_width(d->cr, 0.4);
		cairo_move_to(d->cr, x0, d->y + rh / 2);
		cairo_line_to(d->cr, x0 + w, d->y + rh / 2);
		cairo_stroke(d->cr);
		if (l->state == PL_XCELL_SHOWN && h->state == PL_XCELL_SHOWN) {
			int across = l->value <= 1 && h->value >= 1;
			color(d->cr, across ? C_AGREED : C_RETURNED);
			cairo_set_line_width(d->cr, 1.4);
			cairo_move_to(d->cr, XPOS(l->value), d->y + rh / 2);
			cairo_line_to(d->cr, XPOS(h->value), d->y + rh / 2);
			cairo_stroke(d->cr);
		}
		if (o->state == PL_XCELL_SHOWN) {
			color(d->cr, C_TEXT);
			cairo_arc(d->cr, XPOS(o->value), d->y + rh / 2, 2.4, 0, 2 * M_PI);
			cairo_fill(d->cr);
		}
		d->y += rh;
	}
	color(d->cr, C_HELD);
	cairo_set_line_width(d->cr, 0.8);
	cairo_move_to(d->cr, XPOS(1.0), d->y - rh * (double)t->nrows - 4);
	cairo_line_to(d->cr, XPOS(1.0), d->y);
	cairo_stroke(d->cr);
#undef XPOS
	d->y += 8;
}

static void summary(struct doc *d, const struct pl_xtable *t)
{
	double x = MARGIN, w;
	char buf[64];
	if (!t || !t->nrows)
		return;
	w = CONTENT_W / (double)t->ncols;
	need(d, 60);
	for (size_t k = 0; k < t->ncols; k++) {
		const struct pl_xcell *c = pl_xtable_cell(t, 0, k);
		text(d, x, d->y, w - 6, cell_str(d, &t->cols[k], c, buf, sizeof(buf)), 20, 1, 0,
		     k == 1   ? C_RETURNED
		     : k == 2 ? C_HELD
		              : C_TEXT);
		text(d, x, d->y + 26, w - 6, t->cols[k].title, 7.5, 0, 0, C_MUTED);
		x += w;
	}
	d->y += 60;
}

/* --- the file ------------------------------------------------------------------------------ */

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *f = closure;
	return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
	                                            : CAIRO_STATUS_WRITE_ERROR;
}

static int font_present(PangoFontMap *fm)
{
	PangoFontFamily **fams = NULL;
	int n = 0, found = 0;
	pango_font_map_list_families(fm, &fams, &n);
	for (int i = 0; i < n && !found; i++)
		found = !strcmp(pango_font_family_get_name(fams[i]), FONT);
	g_free(fams);
	return found;
}

static void draw(struct doc *d, const char *title)
{
	const struct pl_xstats *x = d->x;
	const struct pl_xtable *t;
	char line[512];

	new_page(d);
	d->y += text(d, MARGIN, d->y, CONTENT_W,
	             tr(d, N_("Exchanges of prisoners: statistics and patterns")), 17, 1, 0,
	             C_TEXT) +
	        4;
	snprintf(line, sizeof(line), tr(d, N_("%s, as of %s")), title ? title : "", x->as_of);
	d->y += text(d, MARGIN, d->y, CONTENT_W, line, 8.5, 0, 0, C_MUTED) + 2;
	if (x->counts_only)
		d->y += text(d, MARGIN, d->y, CONTENT_W,
		             tr(d,
		                N_("counts only: no cell of fewer than 5 persons (<5), nor one a "
		                   "total would give away (shown as a dash)")),
		             8, 0, 0, C_MUTED) +
		        2;
	if (x->told_only)
		d->y += text(d, MARGIN, d->y, CONTENT_W,
		             tr(d, N_("exchanges counted once carried out and all of ours they "
		                      "delivered are home")),
		             8, 0, 0, C_MUTED) +
		        2;
	d->y += 10;
	summary(d, pl_xstats_table(x, "summary"));

	if ((t = pl_xstats_table(x, "by_month"))) {
		const int cols[] = {pl_xtable_col(t, "returned"), pl_xtable_col(t, "received")};
		const struct rgb cs[] = {C_RETURNED, C_AGREED};
		const char *names[] = {t->cols[cols[0]].title, t->cols[cols[1]].title};
		const int ex[] = {pl_xtable_col(t, "exchanges")};
		const struct rgb ce[] = {C_EXCHANGES};
		const char *en[] = {t->cols[ex[0]].title};
		heading(d, t->title);
		bars(d, t, 0, cols, cs, names, 2, 150);
		bars(d, t, 0, ex, ce, en, 1, 50);
		note(d, t->note);
		table_all(d, t, 7);
	}
	if ((t = pl_xstats_table(x, "exchanges"))) {
		const int cols[] = {pl_xtable_col(t, "agreed"), pl_xtable_col(t, "received"),
		                    pl_xtable_col(t, "received_agreed")};
		const struct rgb cs[] = {C_AGREED, C_RETURNED, C_THEIRS};
		const char *names[] = {t->cols[cols[0]].title, t->cols[cols[1]].title,
		                       t->cols[cols[2]].title};
		const int tcols[] = {0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 13};
		heading(d, t->title);
		if (t->nrows > 1)
			bars(d, t, 0, cols, cs, names, 3, 150);
		note(d, t->note);
		table(d, t, tcols, sizeof(tcols) / sizeof(tcols[0]), 6.5);
	}
	if ((t = pl_xstats_table(x, "mediators"))) {
		heading(d, t->title);
		hbars(d, t, -1, 0, pl_xtable_col(t, "received"), C_RETURNED, -1, NULL);
		note(d, t->note);
		table_all(d, t, 7);
	}
	if ((t = pl_xstats_table(x, "captivity"))) {
		const int cols[] = {pl_xtable_col(t, "returned"), pl_xtable_col(t, "held")};
		const struct rgb cs[] = {C_RETURNED, C_HELD};
		const char *names[] = {t->cols[cols[0]].title, t->cols[cols[1]].title};
		heading(d, t->title);
		bars(d, t, 0, cols, cs, names, 2, 110);
		note(d, t->note);
		table_all(d, t, 7);
		if ((t = pl_xstats_table(x, "captivity_median")))
			table_all(d, t, 7);
	}
	if ((t = pl_xstats_table(x, "asked"))) {
		heading(d, t->title);
		note(d, t->note);
		table_all(d, t, 6.5);
	}
	if ((t = pl_xstats_table(x, "lift"))) {
		const struct pl_xtable *s = pl_xstats_table(x, "summary");
		double overall = -1;
		char ref[128];
		if (t->nrows) {
			const struct pl_xcell *all = pl_xtable_cell(t, t->nrows - 1, 5);
			overall = all->state == PL_XCELL_SHOWN ? all->value : -1;
		}
		(void)s;
		snprintf(ref, sizeof(ref), "%s: %.1f%%", tr(d, N_("the share of all")),
		         100 * overall);
		heading(d, t->title);
		hbars(d, t, 0, 1, pl_xtable_col(t, "share"), C_RETURNED, overall,
		      overall >= 0 ? ref : NULL);
		note(d, t->note);
		table_all(d, t, 7);
	}
	if ((t = pl_xstats_table(x, "model"))) {
		heading(d, t->title);
		forest(d, t);
		need(d, 30);
		d->y += text(d, MARGIN, d->y, CONTENT_W, x->model_message, 8,
		             x->model_state != PL_XMODEL_FIT, 0, C_TEXT) +
		        4;
		note(d, t->note);
		if (t->nrows)
			table_all(d, t, 7);
	}
	page_footer(d);
}

int pl_xstats_pdf(const struct pl_xstats *x, enum pl_ui_lang lang, const char *title,
                  const char *path, int *pages, struct pl_error *err)
{
	struct doc d;
	char *tmp = NULL;
	FILE *f = NULL;
	int fd = -1, rc = 0;
	size_t n;

	if (!x || !path || !*path)
		return pl_error_set(err, PL_EUSAGE, "report: no file to write");
	memset(&d, 0, sizeof(d));
	d.x = x;
	d.lang = lang;
	snprintf(d.footer, sizeof(d.footer), "parley — %s — %s",
	         tr(&d, N_("statistics of exchanges")), x->as_of);
	/* fontconfig's own leak of its configuration, under ASan: print-pdf.c silences it */
	d.fontmap = pango_cairo_font_map_new();
	if (!d.fontmap || !font_present(d.fontmap)) {
		rc = pl_error_set(
		        err, PL_EDATA,
		        "report: the font %s is not installed (Debian: fonts-dejavu-core)", FONT);
		goto out;
	}
	n = strlen(path) + 8;
	if (!(tmp = pl_malloc(n))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	snprintf(tmp, n, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = pl_error_set(err,
		                  errno == ENOENT || errno == ENOTDIR ? PL_ENOTFOUND : PL_EDATA,
		                  "report: %s: %s", path,
		                  errno == ENOENT ? "no such directory" : strerror(errno));
		pl_free(tmp);
		tmp = NULL;
		goto out;
	}
	if (!(f = fdopen(fd, "wb"))) {
		rc = pl_error_set(err, PL_EDATA, "report: %s: %s", tmp, strerror(errno));
		close(fd);
		goto out;
	}
	d.surface = cairo_pdf_surface_create_for_stream(write_cb, f, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(
	        d.surface, CAIRO_PDF_METADATA_TITLE,
	        tr(&d, N_("Exchanges of prisoners: statistics and patterns")));
	cairo_pdf_surface_set_metadata(d.surface, CAIRO_PDF_METADATA_CREATOR, "parley");
	d.cr = cairo_create(d.surface);
	d.pango = pango_font_map_create_context(d.fontmap);
	pango_cairo_update_context(d.cr, d.pango);
	draw(&d, title);
	cairo_destroy(d.cr);
	d.cr = NULL;
	cairo_surface_finish(d.surface);
	if (cairo_surface_status(d.surface) != CAIRO_STATUS_SUCCESS) {
		rc = pl_error_set(err, PL_EDATA, "report: %s: %s", path,
		                  cairo_status_to_string(cairo_surface_status(d.surface)));
		goto out;
	}
	if (fflush(f) || fsync(fileno(f))) {
		rc = pl_error_set(err, PL_EDATA, "report: %s: %s", path, strerror(errno));
		goto out;
	}
	if (fclose(f)) {
		f = NULL;
		rc = pl_error_set(err, PL_EDATA, "report: %s: %s", path, strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp, path)) {
		rc = pl_error_set(err, PL_EDATA, "report: %s: %s", path, strerror(errno));
		goto out;
	}
	pl_free(tmp);
	tmp = NULL;
	if (pages)
		*pages = d.pages;
out:
	if (d.cr)
		cairo_destroy(d.cr);
	if (d.surface)
		cairo_surface_destroy(d.surface);
	if (d.pango)
		g_object_unref(d.pango);
	if (d.fontmap)
		g_object_unref(d.fontmap);
	if (f)
		fclose(f);
	if (tmp) {
		unlink(tmp);
		pl_free(tmp);
	}
	return rc;
}
