/* briefing-pdf.c - the briefing as a PDF: A4 portrait, cairo and pango, DejaVu Sans, one to
 * three pages
 *
 * The lines of pl_briefing_lines are laid out twice with the same code: the first pass
 * counts the pages, the second draws them, so "page N of M" is known on page 1. When they
 * take more than three pages, each section keeps fewer entries (its first ones: the
 * overdue promises, the first priorities) and says how many more the text holds, until
 * they fit. Every page carries the session at the top and, at the bottom, who printed it
 * and when, the audit record of the print, and "page N of M".
 */
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "pdf-int.h"

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "parley/version.h"
#include "negotiation-int.h"
#include "banned.h"

#define PAGE_W 595.28 /* A4 portrait, in points */
#define PAGE_H 841.89
#define MARGIN 42.0
#define BODY_BOTTOM (PAGE_H - MARGIN - 22.0)
#define MAX_PAGES 3
#define FONT PDF_FONT

enum font { F_BODY, F_DETAIL, F_HEAD, F_TITLE, F_SMALL, F_SMALLB, F__MAX };
static const char *const font_specs[F__MAX] = {
        [F_BODY] = FONT " 9",        [F_DETAIL] = FONT " 8",  [F_HEAD] = FONT " Bold 10.5",
        [F_TITLE] = FONT " Bold 14", [F_SMALL] = FONT " 6.8", [F_SMALLB] = FONT " Bold 6.8",
};

struct bline {
	enum pl_brief_line kind;
	enum pl_briefing_section section;
	char *text;
};

struct doc {
	struct bline *v;
	size_t n, cap;
	enum pl_ui_lang lang;
	char session[PL_NEG_REF_MAX];
	char printed[64], login[64];
	long long audit_seq;
};

static int keep_line(void *ctx, enum pl_brief_line kind, enum pl_briefing_section section,
                     const char *text)
{
	struct doc *d = ctx;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct bline *v = pl_realloc(d->v, cap * sizeof(*v));
		if (!v)
			return PL_EDATA;
		d->v = v;
		d->cap = cap;
	}
	if (!(d->v[d->n].text = pl_strdup(text)))
		return PL_EDATA;
	d->v[d->n].kind = kind;
	d->v[d->n].section = section;
	d->n++;
	return 0;
}

static void doc_release(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		pl_free(d->v[i].text);
	pl_free(d->v);
}

struct pdf {
	const struct doc *d;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fm;
	PangoContext *pc;
	PangoLayout *lay;
	PangoFontDescription *font[F__MAX];
	int drawing, page, pages;
	long cap; /* the entries a section keeps; 0: every one */
	double y;
};

static double text(struct pdf *p, enum font f, const char *s, double x, double y, double width,
                   PangoAlignment align)
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
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->lay);
	}
	return (double)h / PANGO_SCALE;
}

static void rule(struct pdf *p, double y)
{
	if (!p->drawing)
		return;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, MARGIN, y);
	cairo_line_to(p->cr, PAGE_W - MARGIN, y);
	cairo_stroke(p->cr);
}

static void page_begin(struct pdf *p)
{
	char head[128];
	const char *mark = pl_tr(p->d->lang, N_("FOR OFFICIAL USE: NEGOTIATION BRIEFING"));
	p->page++;
	snprintf(head, sizeof(head), "%s", p->d->session);
	text(p, F_SMALL, head, MARGIN, MARGIN - 14, 200, PANGO_ALIGN_LEFT);
	text(p, F_SMALLB, mark, PAGE_W - MARGIN - 300, MARGIN - 14, 300, PANGO_ALIGN_RIGHT);
	rule(p, MARGIN - 3);
	p->y = MARGIN + 4;
}

static void page_end(struct pdf *p)
{
	char foot[256], page[64], n[16], m[16];
	double y = PAGE_H - MARGIN + 4;
	rule(p, y - 4);
	snprintf(foot, sizeof(foot), pl_tr(p->d->lang, N_("printed %s by %s, audit record %lld")),
	         p->d->printed, p->d->login, p->d->audit_seq);
	snprintf(n, sizeof(n), "%d", p->page);
	snprintf(m, sizeof(m), "%d", p->pages);
	snprintf(page, sizeof(page), pl_tr(p->d->lang, N_("page %s of %s")), n, m);
	text(p, F_SMALL, foot, MARGIN, y, 360, PANGO_ALIGN_LEFT);
	text(p, F_SMALLB, page, PAGE_W - MARGIN - 120, y, 120, PANGO_ALIGN_RIGHT);
	if (p->drawing)
		cairo_show_page(p->cr);
}

/* One line at p->y, on a new page when it does not fit. */
static void put(struct pdf *p, enum font f, const char *s, double indent, double before,
                double after, int bullet)
{
	double width = PAGE_W - 2 * MARGIN - indent, h;
	int drawing = p->drawing;
	p->drawing = 0;
	h = text(p, f, s, MARGIN + indent, p->y, width, PANGO_ALIGN_LEFT);
	p->drawing = drawing;
	if (p->y + before + h > BODY_BOTTOM) {
		page_end(p);
		page_begin(p);
		before = 0;
	}
	p->y += before;
	text(p, f, s, MARGIN + indent, p->y, width, PANGO_ALIGN_LEFT);
	if (bullet)
		text(p, f, "•", MARGIN + 2, p->y, 0, PANGO_ALIGN_LEFT);
	p->y += h + after;
}

static void layout(struct pdf *p)
{
	const struct doc *d = p->d;
	long kept = 0, more = 0;
	p->page = 0;
	page_begin(p);
	for (size_t i = 0; i < d->n; i++) {
		const struct bline *l = &d->v[i];
		if (l->kind == PL_BL_ITEM) {
			kept++;
			if (p->cap && kept > p->cap) {
				more++;
				/* its details go with it */
				while (i + 1 < d->n && d->v[i + 1].kind == PL_BL_DETAIL)
					i++;
				goto next;
			}
		}
		switch (l->kind) {
		case PL_BL_TITLE:
			put(p, F_TITLE, l->text, 0, 0, 3, 0);
			break;
		case PL_BL_SUB:
			put(p, F_BODY, l->text, 0, 1, 1, 0);
			break;
		case PL_BL_HEADING:
			put(p, F_HEAD, l->text, 0, 9, 3, 0);
			break;
		case PL_BL_ITEM:
			/* opening lines carry their number: no bullet */
			put(p, F_BODY, l->text, 10, 2, 0.5, l->section != PL_BRIEF_OPENING);
			break;
		case PL_BL_DETAIL:
			put(p, F_DETAIL, l->text, 22, 0, 0.5, 0);
			break;
		case PL_BL_EMPTY:
			put(p, F_DETAIL, l->text, 10, 2, 0, 0);
			break;
		}
	next:
		/* at the end of a section, what was left out */
		if (i + 1 >= d->n || d->v[i + 1].kind == PL_BL_HEADING) {
			if (more) {
				char s[160];
				snprintf(s, sizeof(s),
				         pl_trn(d->lang, "… and %ld more (parley briefing %s)",
				                "… and %ld more (parley briefing %s)", more),
				         more, d->session);
				put(p, F_DETAIL, s, 10, 2, 0, 0);
			}
			kept = more = 0;
		}
	}
	page_end(p);
}

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

/* The longest list of the document: the most a cap may keep. */
static long longest(const struct doc *d)
{
	long most = 0, k = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].kind == PL_BL_HEADING)
			k = 0;
		if (d->v[i].kind == PL_BL_ITEM && ++k > most)
			most = k;
	}
	return most;
}

static int draw(const struct doc *d, int fd, const char *path, int *pages, struct pl_error *err)
{
	struct pdf p;
	cairo_font_options_t *fo;
	char title[128];
	int rc = 0;
	memset(&p, 0, sizeof(p));
	p.d = d;
	p.surface = cairo_pdf_surface_create_for_stream(pdf_write_fd, &fd, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
		rc = pl_error_set(err, PL_EDATA, "briefing: %s: %s", path,
		                  cairo_status_to_string(cairo_surface_status(p.surface)));
		goto out;
	}
	snprintf(title, sizeof(title), "%s %s", pl_tr(d->lang, N_("Briefing for")), d->session);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR,
	                               "parley " PARLEY_VERSION);
	p.cr = cairo_create(p.surface);
	p.fm = pango_cairo_font_map_new();
	p.pc = p.fm ? pango_font_map_create_context(p.fm) : NULL;
	if (!p.pc) {
		rc = pl_error_set(err, PL_EDATA, "briefing: out of memory");
		goto out;
	}
	pango_cairo_update_context(p.cr, p.pc);
	pango_cairo_context_set_resolution(p.pc, 72.0);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	p.lay = pango_layout_new(p.pc);
	pango_layout_set_wrap(p.lay, PANGO_WRAP_WORD_CHAR);
	if ((rc = pdf_fonts_load(p.pc, font_specs, F__MAX, p.font, "briefing", err)))
		goto out;
	/* measure; keep fewer entries a section until three pages hold them */
	p.drawing = 0;
	layout(&p);
	for (long cap = longest(d); p.page > MAX_PAGES && cap > 1;) {
		cap = cap > 12 ? cap * 2 / 3 : cap - 1;
		p.cap = cap;
		layout(&p);
	}
	p.pages = p.page;
	p.drawing = 1;
	layout(&p);
	cairo_surface_finish(p.surface);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS ||
	    cairo_status(p.cr) != CAIRO_STATUS_SUCCESS) {
		cairo_status_t st = cairo_surface_status(p.surface);
		if (st == CAIRO_STATUS_SUCCESS)
			st = cairo_status(p.cr);
		rc = pl_error_set(err, PL_EDATA, "briefing: %s: %s", path,
		                  cairo_status_to_string(st));
		goto out;
	}
	*pages = p.page;
out:
	pdf_release(&p);
	return rc;
}

int pl_briefing_pdf(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                    const char *path, int replace, enum pl_ui_lang lang, int *pages_out,
                    struct pl_error *err)
{
	struct doc d;
	struct outfile out;
	struct pl_record s;
	char note[64];
	int pages = 0, rc;
	memset(&d, 0, sizeof(d));
	outfile_init(&out);
	if (!path || !*path)
		return pl_error_set(err, PL_EUSAGE, "briefing: name the file to write");
	if (!strcmp(path, "-"))
		return pl_error_set(
		        err, PL_EUSAGE,
		        "briefing: a PDF is not written to standard output: name a file");
	if ((unsigned)lang >= PL_UI__MAX)
		return pl_error_set(err, PL_EUSAGE, "briefing: no such language");
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err)) ||
	    (rc = outfile_path_check(path, replace, err)))
		return rc;
	d.lang = lang;
	snprintf(d.session, sizeof(d.session), "%s", session_ref);
	snprintf(d.login, sizeof(d.login), "%s", actor->login[0] ? actor->login : "-");
	rc = pl_briefing_lines(db, actor, session_ref, lang, keep_line, &d, err);
	if (rc == PL_EDATA && !err->msg[0])
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	if (rc || (rc = session_load(db, session_ref, &s, err)))
		goto out;
	if ((rc = outfile_open(&out, path, err)) || (rc = store_begin(db, err))) {
		pl_record_release(&s);
		goto fail;
	}
	/* the record of the print goes on every page */
	lang_date(lang, db->tx_time, d.printed, sizeof(d.printed));
	snprintf(note, sizeof(note), "lang=%s", pl_lang_code(lang));
	rc = audit_note(db, actor, "briefing.print", "negotiation_sessions", s.id, session_ref,
	                note, err);
	pl_record_release(&s);
	d.audit_seq = db->audit_seq;
	if (rc || (rc = draw(&d, out.fd, path, &pages, err))) {
		store_rollback(db);
		goto fail;
	}
	if ((rc = store_commit(db, err)) || (rc = outfile_install(&out, replace, err)))
		goto fail;
	if (pages_out)
		*pages_out = pages;
	goto out;
fail:
	outfile_abort(&out);
out:
	doc_release(&d);
	return rc;
}
