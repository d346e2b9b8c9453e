/* print.h - printable handover lists of an exchange: PDF and XLSX, for the border check
 *
 * Per side (we receive, we hand over), a numbered table of the persons with what the
 * border check needs: reference, names in their own script and in Latin letters (KMU 2010
 * for Ukrainian spellings, ICAO 9303 for Russian ones), date of birth, sex, citizenship,
 * military or civilian, rank, unit and service number, the health category (who needs a
 * stretcher), an empty box to tick when the person crosses and room for a remark; the
 * exchange, its venue, date and mediators above it, the totals below it, and lines for the
 * signatures of both sides' officers and the mediator. Restricted values (medical notes)
 * are never printed, whoever prints.
 *
 * A printed list is a copy of sensitive data leaving the system: every print is recorded in
 * the audit trail (action exchange.print, with the stage, the format, the counts and the
 * list's fingerprint), and every page carries the account that printed it, the time, the
 * audit record's number and the fingerprint, so a sheet found later says where it came from
 * and two copies can be told alike or not.
 */
#ifndef PARLEY_PRINT_H
#define PARLEY_PRINT_H

#include "parley/account.h"
#include "parley/i18n.h"

struct pl_db;

enum pl_print_format {
	PL_PRINT_PDF,  /* A4 landscape, DejaVu Sans (fonts-dejavu-core), the table's header on
	                  every page, "page N of M" */
	PL_PRINT_XLSX, /* one sheet a side, set up to print the same way */
	PL_PRINT__MAX
};

/* "pdf", "xlsx"; NULL when out of range. */
const char *pl_print_format_name(enum pl_print_format format);

struct pl_print_opts {
	const char *ref; /* the exchange: E-0001 */
	/*
	 * 0: the agreed lists as they stand, the list the border check works from before a
	 * stage (whoever crossed at an earlier stage is marked so in the remark);
	 * N > 0: who crossed at stage N, as recorded (those added to the registry at the
	 * handover are marked so).
	 */
	long stage;
	enum pl_print_format format;
	/* The file to write, mode 0600. It is written in a directory of its own (mode 0700)
	 * next to path, never through a link, and renamed when complete: a failed print leaves
	 * nothing behind. */
	const char *path;
	int replace;          /* 0: refuse (PL_EUSAGE) when path exists; 1: replace a file there (a
	                         link or a directory is never followed nor replaced) */
	enum pl_ui_lang lang; /* the language of the headings; names are printed as recorded */
};

/* What was printed. */
#define PL_PRINT_FINGERPRINT_MAX 24
struct pl_print_result {
	long receive, give;  /* persons on each side */
	int pages;           /* PDF: pages written; XLSX: 0 */
	long long audit_seq; /* the audit record of the print */
	/* BLAKE2b of what the lists say, as printed on every page: "3F9A 21C0 7B1D 0E44" */
	char fingerprint[PL_PRINT_FINGERPRINT_MAX];
};

/*
 * Prints the lists of exchange o->ref at stage o->stage (0: the agreed lists) to o->path as
 * o->format, in o->lang. The actor needs exchange.show (registrars, negotiators, heads).
 * Refused, with nothing written: PL_EUSAGE for a bad call (no path, a negative stage, an
 * unknown format, path a directory or a link, or a file when !o->replace), PL_EPERM (recorded as
 * denied:exchange.show), PL_ENOTFOUND for no such exchange or stage or no such directory, PL_EDATA
 * when there is nobody to print (agreed lists still empty), the file cannot be made, or the DejaVu
 * Sans font is not installed. On success res (may be NULL) says what was printed. The audit record
 * is written in the transaction that reads the lists, so the file, the trail and the lists agree;
 * it is committed before the file takes its name, so no print leaves without its record (should
 * that rename fail, the record stands for an attempt).
 */
int pl_exchange_print(struct pl_db *db, const struct pl_actor *actor, const struct pl_print_opts *o,
                      struct pl_print_result *res, struct pl_error *err);

#endif
