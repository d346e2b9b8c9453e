/* print-xlsx.c - the handover lists as a workbook: one sheet a side, set up to print
 *
 * The same document as print-pdf.c, for an office that fills the list in on a computer or
 * sends it on: each sheet has the exchange's particulars, the numbered table (the names in
 * Latin letters in columns of their own, so they sort and filter), its header row frozen
 * and repeated on every printed page, the totals and the signature lines; A4 landscape, one
 * page wide, with the fingerprint and "page N of M" in the footer. Values are written as
 * strings, which a spreadsheet never takes for formulas.
 */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "parley/strbuf.h"
#include "print-int.h"
#include "banned.h"

enum xcol {
	X_NO,
	X_REF,
	X_FAMILY,
	X_GIVEN,
	X_PATRONYMIC,
	X_FAMILY_LATIN,
	X_GIVEN_LATIN,
	X_PATRONYMIC_LATIN,
	X_BORN,
	X_SEX,
	X_CITIZENSHIP,
	X_KIND,
	X_RANK,
	X_UNIT,
	X_SERVICE_NUMBER,
	X_HEALTH,
	X_CROSSED,
	X_REMARK,
	X__MAX
};

static const struct xcolumn {
	const char *label;
	int latin_of; /* a name in Latin letters: the column of the name, else -1 */
	int field;    /* enum print_field, or -1 */
	double width; /* characters */
} xcolumns[X__MAX] = {
        [X_NO] = {N_("No."), -1, -1, 5},
        [X_REF] = {N_("Reference"), -1, PF_REF, 10},
        [X_FAMILY] = {N_("Family name"), -1, PF_FAMILY, 16},
        [X_GIVEN] = {N_("Given name"), -1, PF_GIVEN, 13},
        [X_PATRONYMIC] = {N_("Patronymic"), -1, PF_PATRONYMIC, 16},
        [X_FAMILY_LATIN] = {NULL, X_FAMILY, PF_FAMILY_LATIN, 16},
        [X_GIVEN_LATIN] = {NULL, X_GIVEN, PF_GIVEN_LATIN, 13},
        [X_PATRONYMIC_LATIN] = {NULL, X_PATRONYMIC, PF_PATRONYMIC_LATIN, 16},
        [X_BORN] = {N_("Born"), -1, PF_BORN, 11},
        [X_SEX] = {N_("Sex"), -1, PF_SEX, 5},
        [X_CITIZENSHIP] = {N_("Citizenship"), -1, PF_CITIZENSHIP, 10},
        [X_KIND] = {N_("Military or civilian"), -1, PF_KIND, 11},
        [X_RANK] = {N_("Rank"), -1, PF_RANK, 12},
        [X_UNIT] = {N_("Unit"), -1, PF_UNIT, 18},
        [X_SERVICE_NUMBER] = {N_("Service number"), -1, PF_SERVICE_NUMBER, 12},
        [X_HEALTH] = {N_("Health"), -1, PF_HEALTH, 15},
        [X_CROSSED] = {N_("Crossed"), -1, -1, 8},
        [X_REMARK] = {N_("Remark"), -1, PF_REMARK, 22},
};

struct book {
	const struct print_doc *d;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *sub, *label, *value, *head, *cell, *cell_bold, *num, *box, *bold, *note,
	        *sign_line, *caption;
	lxw_error e; /* the first error */
};

static void ok(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->e == LXW_NO_ERROR)
		b->e = e;
}

static void put(struct book *b, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (s && *s)
		ok(b, worksheet_write_string(b->ws, r, c, s, f));
	else if (f)
		ok(b, worksheet_write_blank(b->ws, r, c, f));
}

/* s over columns c0..c1 of row r */
static void span(struct book *b, lxw_row_t r, lxw_col_t c0, lxw_col_t c1, const char *s,
                 lxw_format *f)
{
	ok(b, worksheet_merge_range(b->ws, r, c0, r, c1, s ? s : "", f));
}

static lxw_format *format(struct book *b, int bold, double size, int wrap, int border)
{
	lxw_format *f = workbook_add_format(b->wb);
	if (!f) {
		ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	format_set_font_name(f, "DejaVu Sans");
	format_set_font_size(f, size);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (bold)
		format_set_bold(f);
	if (wrap)
		format_set_text_wrap(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void formats(struct book *b)
{
	b->title = format(b, 1, 14, 0, 0);
	b->sub = format(b, 1, 11, 0, 0);
	b->label = format(b, 1, 9, 0, 0);
	b->value = format(b, 0, 9, 1, 0);
	b->head = format(b, 1, 8, 1, 1);
	b->cell = format(b, 0, 9, 1, 1);
	b->cell_bold = format(b, 1, 9, 1, 1);
	b->num = format(b, 0, 9, 0, 1);
	b->box = format(b, 0, 9, 0, 1);
	b->bold = format(b, 1, 9, 0, 0);
	b->note = format(b, 0, 8, 0, 0);
	b->sign_line = format(b, 0, 9, 0, 0);
	b->caption = format(b, 0, 7, 0, 0);
	if (b->e != LXW_NO_ERROR)
		return;
	format_set_bg_color(b->head, 0xDDDDDD);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_align(b->num, LXW_ALIGN_RIGHT);
	format_set_border(b->box, LXW_BORDER_MEDIUM);
	format_set_bottom(b->sign_line, LXW_BORDER_THIN);
	format_set_font_color(b->caption, 0x404040);
	format_set_font_color(b->note, 0x404040);
}

/* Adds s to sb with every & doubled: a header or footer of Excel reads & as a code. */
static void add_amp(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			strbuf_addch(sb, '&');
		strbuf_addch(sb, *s);
	}
}

/* The printed page's header and footer; parts left out when they would pass Excel's 255. */
static void page_setup(struct book *b, int side, lxw_row_t header_row)
{
	const struct print_doc *d = b->d;
	struct strbuf h = STRBUF_INIT, f = STRBUF_INIT;
	char printed[256], fp[64], page[64], stage[256];

	worksheet_set_landscape(b->ws);
	worksheet_set_paper(b->ws, 9); /* A4 */
	worksheet_set_margins(b->ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_fit_to_pages(b->ws, 1, 0);
	worksheet_center_horizontally(b->ws);
	ok(b, worksheet_repeat_rows(b->ws, header_row, header_row));
	worksheet_freeze_panes(b->ws, header_row + 1, 0);

	for (int full = 1; full >= 0; full--) {
		strbuf_reset(&h);
		strbuf_adds(&h, "&L&8");
		add_amp(&h, d->xref);
		if (full && d->title) {
			strbuf_adds(&h, " «");
			add_amp(&h, d->title);
			strbuf_adds(&h, "»");
		}
		strbuf_adds(&h, " · ");
		add_amp(&h, print_stage_text(d, stage, sizeof(stage)));
		strbuf_adds(&h, " · ");
		add_amp(&h, print_side_title(d, side));
		strbuf_adds(&h, "&R&8&B");
		add_amp(&h, print_tr(d, N_("FOR OFFICIAL USE: PERSONAL DATA")));
		if (!h.failed && h.len <= LXW_HEADER_FOOTER_MAX)
			break;
	}
	snprintf(fp, sizeof(fp), print_tr(d, N_("list fingerprint %s")), d->fingerprint);
	snprintf(page, sizeof(page), print_tr(d, N_("page %s of %s")), "&P", "&N");
	print_printed_text(d, printed, sizeof(printed));
	for (int full = 1; full >= 0; full--) {
		strbuf_reset(&f);
		strbuf_adds(&f, "&L&7");
		if (full)
			add_amp(&f, printed);
		strbuf_adds(&f, "&C&7&B");
		add_amp(&f, fp);
		/* "&P" and "&N" are the codes of the page numbers: not doubled */
		strbuf_adds(&f, "&R&7&B");
		strbuf_adds(&f, page);
		if (!f.failed && f.len <= LXW_HEADER_FOOTER_MAX)
			break;
	}
	if (!h.failed && h.len <= LXW_HEADER_FOOTER_MAX)
		ok(b, worksheet_set_header(b->ws, h.buf));
	if (!f.failed && f.len <= LXW_HEADER_FOOTER_MAX)
		ok(b, worksheet_set_footer(b->ws, f.buf));
	if (h.failed || f.failed)
		ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	strbuf_release(&h);
	strbuf_release(&f);
}

static void sheet(struct book *b, int side)
{
	const struct print_doc *d = b->d;
	const struct print_side *s = &d->side[side];
	char title[256], buf[400], exch[512], stage[256], recv[200], give[200], totals[500],
	        printed[256], name[64];
	lxw_row_t r = 0, header_row;
	const char *labels[8], *values[8];

	/* a sheet's name: at most 31 characters, none of []:*?/\ */
	snprintf(name, sizeof(name), "%d %s", side + 1,
	         side == 0 ? print_tr(d, N_("receive")) : print_tr(d, N_("hand over")));
	b->ws = workbook_add_worksheet(b->wb, name);
	if (!b->ws) {
		ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (int c = 0; c < X__MAX; c++)
		ok(b, worksheet_set_column(b->ws, (lxw_col_t)c, (lxw_col_t)c, xcolumns[c].width,
		                           NULL));

	span(b, r++, 0, X__MAX - 1, print_title(d, title, sizeof(title)), b->title);
	snprintf(buf, sizeof(buf), "%s: %s", print_side_title(d, side),
	         print_side_totals(d, side, recv, sizeof(recv)));
	span(b, r++, 0, X__MAX - 1, buf, b->sub);
	r++;
	snprintf(exch, sizeof(exch), "%s «%s»", d->xref, d->title ? d->title : "");
	snprintf(totals, sizeof(totals), "%s: %s; %s: %s", print_side_title(d, 0),
	         print_side_totals(d, 0, recv, sizeof(recv)), print_side_title(d, 1),
	         print_side_totals(d, 1, give, sizeof(give)));
	labels[0] = print_tr(d, N_("Exchange"));
	values[0] = exch;
	labels[1] = print_tr(d, N_("Venue"));
	values[1] = d->venue;
	labels[2] =
	        d->stage ? print_tr(d, N_("Date of the stage")) : print_tr(d, N_("Planned for"));
	values[2] = d->date;
	labels[3] = print_tr(d, N_("Stage"));
	values[3] = print_stage_text(d, stage, sizeof(stage));
	labels[4] = print_tr(d, N_("Place of the stage"));
	values[4] = d->stage ? d->place : NULL;
	labels[5] = print_tr(d, N_("Mediators"));
	values[5] = d->mediators;
	labels[6] = print_tr(d, N_("Totals"));
	values[6] = totals;
	labels[7] = print_tr(d, N_("Printed"));
	values[7] = print_printed_text(d, printed, sizeof(printed));
	for (int i = 0; i < 8; i++) {
		if (!values[i] || !*values[i])
			continue;
		span(b, r, 0, 2, labels[i], b->label);
		span(b, r, 3, X__MAX - 1, values[i], b->value);
		r++;
	}
	span(b, r, 0, 2, print_tr(d, N_("Fingerprint")), b->label);
	span(b, r++, 3, X__MAX - 1, d->fingerprint, b->value);
	r++;

	header_row = r;
	for (int c = 0; c < X__MAX; c++) {
		const char *label = xcolumns[c].label;
		if (xcolumns[c].latin_of >= 0) {
			snprintf(buf, sizeof(buf), print_tr(d, N_("%s in Latin letters")),
			         print_tr(d, xcolumns[xcolumns[c].latin_of].label));
			label = buf;
		} else {
			label = print_tr(d, label);
		}
		put(b, r, (lxw_col_t)c, label, b->head);
	}
	ok(b, worksheet_set_row(b->ws, r, 30, NULL));
	r++;
	for (size_t i = 0; i < s->n; i++, r++) {
		const struct print_row *row = &s->rows[i];
		ok(b, worksheet_write_number(b->ws, r, X_NO, (double)(i + 1), b->num));
		for (int c = X_REF; c < X__MAX; c++) {
			int fld = xcolumns[c].field;
			lxw_format *f = c == X_CROSSED                 ? b->box
			                : c == X_HEALTH && row->severe ? b->cell_bold
			                                               : b->cell;
			put(b, r, (lxw_col_t)c, fld >= 0 ? row->v[fld] : NULL, f);
		}
	}
	if (!s->n)
		span(b, r++, 0, X__MAX - 1, print_tr(d, N_("Nobody on this list.")), b->value);
	r++;
	snprintf(buf, sizeof(buf), "%s: %s", print_tr(d, N_("Total")),
	         print_side_totals(d, side, recv, sizeof(recv)));
	span(b, r++, 0, X__MAX - 1, buf, b->bold);
	snprintf(buf, sizeof(buf), print_tr(d, N_("Crossed, as ticked above: ________ of %zu.")),
	         s->n);
	span(b, r++, 0, X__MAX - 1, buf, b->value);
	span(b, r++, 0, X__MAX - 1, print_translit_note(d), b->note);
	r++;
	{
		static const char *const who[3] = {N_("For our side"), N_("For the other side"),
		                                   N_("For the mediator")};
		static const char *const lines[3] = {N_("name and position"), N_("signature"),
		                                     N_("date")};
		static const lxw_col_t at[3][2] = {{1, 5}, {7, 11}, {13, 17}};
		for (int k = 0; k < 3; k++)
			span(b, r, at[k][0], at[k][1], print_tr(d, who[k]), b->bold);
		r++;
		for (int l = 0; l < 3; l++) {
			ok(b, worksheet_set_row(b->ws, r, 26, NULL));
			for (int k = 0; k < 3; k++) {
				span(b, r, at[k][0], at[k][1], NULL, b->sign_line);
				span(b, r + 1, at[k][0], at[k][1], print_tr(d, lines[l]),
				     b->caption);
			}
			r += 2;
		}
	}
	page_setup(b, side, header_row);
}

int print_xlsx(const struct print_doc *d, const char *name, const char *path, struct pl_error *err)
{
	struct book b;
	lxw_workbook_options o = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_doc_properties props;
	char title[400], stitle[256];
	lxw_error e;

	memset(&b, 0, sizeof(b));
	b.d = d;
	b.wb = workbook_new_opt(name, &o);
	if (!b.wb)
		return pl_error_set(err, PL_EDATA, "print: %s: cannot start the workbook", path);
	memset(&props, 0, sizeof(props));
	snprintf(title, sizeof(title), "%s: %s", d->xref, print_title(d, stitle, sizeof(stitle)));
	props.title = title;
	ok(&b, workbook_set_properties(b.wb, &props));
	formats(&b);
	for (int s = 0; s < 2 && b.e == LXW_NO_ERROR; s++)
		sheet(&b, s);
	e = workbook_close(b.wb);
	if (b.e != LXW_NO_ERROR)
		e = b.e;
	if (e != LXW_NO_ERROR)
		return pl_error_set(err, PL_EDATA, "print: %s: %s", path, lxw_strerror(e));
	return 0;
}
