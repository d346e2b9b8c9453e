/* io.h - import of persons from CSV and JSON Lines; export to CSV, JSON Lines, XLSX */
#ifndef PARLEY_IO_H
#define PARLEY_IO_H
#include <stdio.h>

#include "parley/account.h"
#include "parley/registry.h"

struct pl_db;

enum pl_format { PL_FMT_CSV, PL_FMT_JSONL, PL_FMT_XLSX };

/* The format named by a file name's extension (.csv, .jsonl, .ndjson, .xlsx), or -1. */
int pl_format_from_name(const char *path);

/* One problem in an input file: FILE:LINE:COLUMN: reason. line is the physical line. */
typedef void (*pl_diag_cb)(void *ctx, const char *file, long line, const char *column,
                           const char *reason);

struct pl_import_opts {
	enum pl_format format; /* PL_FMT_CSV or PL_FMT_JSONL */
	const char *label;     /* the file's name in messages */
	const char *source;    /* default for the source column */
	int dry_run;           /* validate only */
	long max_errors;       /* stop reporting after this many (0: 100) */
};

struct pl_import_result {
	long rows, added, updated, errors;
};

/*
 * Imports persons, all or nothing, in one transaction. Every bad row is
 * reported through diag; then nothing is written and PL_EDATA is returned.
 * A row with the source and external_id of a person already in the file
 * updates that person instead of adding another.
 */
int pl_import(struct pl_db *db, const struct pl_actor *actor, FILE *in,
              const struct pl_import_opts *opts, pl_diag_cb diag, void *diag_ctx,
              struct pl_import_result *res, struct pl_error *err);

/*
 * Exports the persons that match filter to path ("-" is stdout, not for
 * XLSX), audited with the filter and the count. Spreadsheet formulas are
 * neutralised in CSV and XLSX.
 */
int pl_export(struct pl_db *db, const struct pl_actor *actor, const struct pl_person_filter *f,
              enum pl_format format, const char *path, FILE *out, long *count,
              struct pl_error *err);

#endif
