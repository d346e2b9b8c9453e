/* print-int.h - the printed lists as a document: what print.c gathers and print-pdf.c and
 * print-xlsx.c lay out */
#ifndef PARLEY_PRINT_INT_H
#define PARLEY_PRINT_INT_H
#include <stddef.h>

#include "parley/error.h"
#include "parley/i18n.h"
#include "parley/print.h"

/* The values of one person as printed: every string owned by the row, NULL when empty. */
enum print_field {
	PF_REF,
	PF_FAMILY,
	PF_GIVEN,
	PF_PATRONYMIC,
	PF_FAMILY_LATIN, /* NULL when the name is written in Latin letters already */
	PF_GIVEN_LATIN,
	PF_PATRONYMIC_LATIN,
	PF_BORN,        /* as the language writes a date */
	PF_SEX,         /* M, F (Ч, Ж) */
	PF_CITIZENSHIP, /* UA, PL */
	PF_KIND,        /* military, civilian: words */
	PF_RANK,
	PF_UNIT,
	PF_SERVICE_NUMBER,
	PF_HEALTH, /* words */
	PF_REMARK, /* crossed at stage 1; added at the handover */
	PF__MAX
};

struct print_row {
	char *v[PF__MAX];
	int severe; /* severely wounded or severely ill: a stretcher, maybe */
};

struct print_side {
	const char *token; /* receive, give */
	struct print_row *rows;
	size_t n, cap;
	long severe;
	long long remains; /* bodies without a name, at a stage (0: none) */
};

struct print_doc {
	enum pl_ui_lang lang;
	long stage; /* 0: the agreed lists */
	/* the exchange: owned copies */
	char *xref, *title, *venue, *date, *mediators, *place;
	char *stage_note;          /* "recorded 25.06.2024 by reg" and the like, or NULL */
	long stages;               /* how many stages are recorded */
	struct print_side side[2]; /* [0] receive, [1] give */
	char fingerprint[PL_PRINT_FINGERPRINT_MAX];
	char printed[48]; /* "25.06.2024 14:05 UTC" */
	char login[64];
	long long audit_seq;
};

/* msgid translated into the document's language. */
const char *print_tr(const struct print_doc *d, const char *msgid) __attribute__((format_arg(2)));

/* The words a document uses in both formats (translated). */
const char *print_title(const struct print_doc *d, char *buf, size_t cap);
const char *print_side_title(const struct print_doc *d, int side);
/* "12 persons, 3 of them severely wounded or severely ill; 2 bodies without a name" */
const char *print_side_totals(const struct print_doc *d, int side, char *buf, size_t cap);
/* "stage 1 of 2, recorded ...", or "agreed lists, before the stage" */
const char *print_stage_text(const struct print_doc *d, char *buf, size_t cap);
/* "printed 25.06.2024 14:05 UTC by reg, audit record 1234" */
const char *print_printed_text(const struct print_doc *d, char *buf, size_t cap);
/* "Latin letters: KMU 2010 for Ukrainian spellings, ICAO 9303 for Russian ones" */
const char *print_translit_note(const struct print_doc *d);

/* The layouts. print_pdf writes the document to fd (made already, empty, owned by the caller,
 * left open); print_xlsx writes it to the file called name (made already, empty; libxlsxwriter
 * opens files by name). path, the file asked for, names the file in messages. */
int print_pdf(const struct print_doc *d, int fd, const char *path, int *pages,
              struct pl_error *err);
int print_xlsx(const struct print_doc *d, const char *name, const char *path, struct pl_error *err);

#endif
