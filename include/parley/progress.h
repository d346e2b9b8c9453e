/* progress.h - how far a long operation has come, for whoever shows it */
#ifndef PARLEY_PROGRESS_H
#define PARLEY_PROGRESS_H
#include <stdint.h>

struct pl_db;

/*
 * Long operations on a handle report through one callback: importing, exporting,
 * building the name index, matching a list, looking for duplicates, backing up and
 * checking the copy, restoring, verifying the audit trail deeply, making demo data.
 * phase says in words what is being done ("importing"); done counts the rows (records,
 * pages) so far, of total when it is known (0: unknown). It is called at the start of a
 * phase, every so many rows and at its end; the library never draws.
 *
 * The callback returns 0 to go on. Anything else stops the operation: it fails with
 * PL_EINTR ("interrupted"), its transaction rolled back and its temporary files removed,
 * leaving the data file exactly as it was and no destination file.
 */
typedef int pl_progress_fn(void *ctx, const char *phase, uint64_t done, uint64_t total);

/* Sets the callback of db's long operations (NULL: none); ctx is passed to it as it is. */
void pl_set_progress(struct pl_db *db, pl_progress_fn *fn, void *ctx);

#endif
