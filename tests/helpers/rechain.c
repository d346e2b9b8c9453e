/* rechain.c - the adversary of the audit trail: changes the trail with SQL behind
 * parley's back, then recomputes every record's hash with the chain's public construction
 * (src/lib/access/audit.c), so that the trail is consistent again and `audit verify` passes.
 * Only a signed checkpoint, whose key was never in the file, tells (t0420-checkpoints.sh).
 *
 *   rechain FILE SQL
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#define HASH_LEN 32

static void put_u64(crypto_generichash_state *h, unsigned long long v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(h, b, 8);
}

static void put_str(crypto_generichash_state *h, const unsigned char *s)
{
	size_t n;
	if (!s) {
		put_u64(h, ~0ULL);
		return;
	}
	n = strlen((const char *)s);
	put_u64(h, n);
	crypto_generichash_update(h, s, n);
}

int main(int argc, char **argv)
{
	unsigned char prev[HASH_LEN] = {0}, hash[HASH_LEN];
	sqlite3 *db = NULL;
	sqlite3_stmt *sel, *upd;
	long n = 0;
	if (argc != 3) {
		fprintf(stderr, "usage: rechain FILE SQL\n");
		return 2;
	}
	if (sodium_init() < 0 || sqlite3_open(argv[1], &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, argv[2], NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT seq, ts, account, os_user, action, tbl, oid, ref, fields, "
	                       "row_hash FROM audit ORDER BY seq",
	                       -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "UPDATE audit SET hash = ? WHERE seq = ?", -1, &upd, NULL) !=
	            SQLITE_OK) {
		fprintf(stderr, "rechain: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	while (sqlite3_step(sel) == SQLITE_ROW) {
		crypto_generichash_state h;
		unsigned char has = sqlite3_column_type(sel, 9) != SQLITE_NULL;
		const unsigned char *tbl = sqlite3_column_text(sel, 5);
		crypto_generichash_init(&h, (const unsigned char *)"parley-audit-v1", 15, HASH_LEN);
		crypto_generichash_update(&h, prev, HASH_LEN);
		put_u64(&h, (unsigned long long)sqlite3_column_int64(sel, 0));
		for (int c = 1; c <= 5; c++)
			put_str(&h, sqlite3_column_text(sel, c));
		put_u64(&h, tbl ? (unsigned long long)sqlite3_column_int64(sel, 6) : 0);
		put_str(&h, sqlite3_column_text(sel, 7));
		put_str(&h, sqlite3_column_text(sel, 8));
		crypto_generichash_update(&h, &has, 1);
		if (has)
			crypto_generichash_update(&h, sqlite3_column_blob(sel, 9), HASH_LEN);
		crypto_generichash_final(&h, hash, HASH_LEN);
		sqlite3_bind_blob(upd, 1, hash, HASH_LEN, SQLITE_STATIC);
		sqlite3_bind_int64(upd, 2, sqlite3_column_int64(sel, 0));
		if (sqlite3_step(upd) != SQLITE_DONE) {
			fprintf(stderr, "rechain: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_reset(upd);
		memcpy(prev, hash, HASH_LEN);
		n++;
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "rechain: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_close(db);
	printf("rechained %ld records\n", n);
	return 0;
}
