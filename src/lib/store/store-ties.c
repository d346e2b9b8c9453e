/* store-ties.c - what orders a tie of search and match: the latest evidence of persons */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"
#include "store-sqlite.h"
#include "banned.h"

int store_latest_evidence(struct store *st, const long long *ids, size_t n, char (*out)[11],
                          struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0;
	if (!n)
		return 0;
	/* one statement for all: a tie of a common name holds hundreds */
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT max(date) FROM evidence WHERE person_id = ? AND date IS NOT "
	                       "NULL",
	                       -1, &s, NULL))
		return sq_error(st, err, "evidence");
	for (size_t i = 0; i < n && !rc; i++) {
		const unsigned char *d;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i]);
		if (sqlite3_step(s) != SQLITE_ROW) {
			rc = sq_error(st, err, "evidence");
			break;
		}
		d = sqlite3_column_text(s, 0);
		/* dates are YYYY[-MM[-DD]] (record.c): anything longer is no date */
		snprintf(out[i], sizeof(out[i]), "%s",
		         d && strlen((const char *)d) < sizeof(out[i]) ? (const char *)d : "");
	}
	sqlite3_finalize(s);
	return rc;
}
