/* u-audit-format.c - the audit hash's construction, pinned: trails written before verify after
 *
 * A record's hash is BLAKE2b-256 keyed with "parley-audit-v1" over
 *     prev (32 bytes) || u64(seq) || str(ts) || str(account) || str(os_user) ||
 *     str(action) || str(tbl) || u64(tbl ? oid : 0) || str(ref) || str(fields) ||
 *     has_row_hash (1 byte) || row_hash (32 bytes, when it has one)
 * where u64 is 8 bytes little-endian and str(s) is u64(length) || bytes, or u64(~0)
 * for no value. This test writes that construction out independently of audit.c and
 * holds the library to it, and to two known answers, so that a change of the
 * construction (a field left out, a byte order) is seen before a data file's trail
 * stops verifying. The behaviour the chain gives is tested in u-audit.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "parley/parley.h"
#include "internal.h"

/* the hashes of the two records below, as parley 0.1 wrote them */
#define WRITE_HASH "c9d6b34fb15670ef2f7ebb53ffb9460bdb9e2108d6bbc73b7c68392c65d7d05f"
#define NOTE_HASH "6341895a6ec67c88dff3f3f06954de62ae6a249cb7bda08419b30c184aea264b"

static void u64(crypto_generichash_state *h, unsigned long long v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(h, b, 8);
}

static void str(crypto_generichash_state *h, const char *s)
{
	if (!s) {
		u64(h, ~0ULL);
		return;
	}
	u64(h, strlen(s));
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

/* The construction as the comment above says it. */
static void documented(const struct store_audit *a, unsigned char out[PL_HASH_LEN])
{
	crypto_generichash_state h;
	unsigned char has = a->row_hash != NULL;
	crypto_generichash_init(&h, (const unsigned char *)"parley-audit-v1", 15, PL_HASH_LEN);
	crypto_generichash_update(&h, a->prev, PL_HASH_LEN);
	u64(&h, (unsigned long long)a->seq);
	str(&h, a->ts);
	str(&h, a->account);
	str(&h, a->os_user);
	str(&h, a->action);
	str(&h, a->tbl);
	u64(&h, a->tbl ? (unsigned long long)a->oid : 0);
	str(&h, a->ref);
	str(&h, a->fields);
	crypto_generichash_update(&h, &has, 1);
	if (has)
		crypto_generichash_update(&h, a->row_hash, PL_HASH_LEN);
	crypto_generichash_final(&h, out, PL_HASH_LEN);
}

static void hex(const unsigned char *b, char out[2 * PL_HASH_LEN + 1])
{
	sodium_bin2hex(out, 2 * PL_HASH_LEN + 1, b, PL_HASH_LEN);
}

static unsigned char prev[PL_HASH_LEN], row[PL_HASH_LEN];

/* a write: every value set */
static const struct store_audit write_rec = {
        .seq = 7,
        .ts = "2024-05-31T12:00:00Z",
        .account = "reg",
        .os_user = "olena",
        .action = "person.status",
        .tbl = "persons",
        .oid = 42,
        .ref = "U-000042",
        .fields = "status,status_date",
        .row_hash = row,
        .prev = prev,
};

/* a refusal: no table, ref, fields or row */
static const struct store_audit note_rec = {
        .seq = 8,
        .ts = "2024-05-31T12:00:01Z",
        .account = "lia",
        .os_user = "root",
        .action = "denied:relative.list",
        .oid = 99, /* not hashed without a table */
        .prev = prev,
};

static void test_library_is_the_documented_construction(void **state)
{
	unsigned char a[PL_HASH_LEN], b[PL_HASH_LEN];
	(void)state;
	audit_record_hash(&write_rec, a);
	documented(&write_rec, b);
	assert_memory_equal(a, b, PL_HASH_LEN);
	audit_record_hash(&note_rec, a);
	documented(&note_rec, b);
	assert_memory_equal(a, b, PL_HASH_LEN);
}

/* Known answers: these hashes are in trails already written; they never change. */
static void test_known_answers(void **state)
{
	unsigned char h[PL_HASH_LEN];
	char x[2 * PL_HASH_LEN + 1];
	(void)state;
	audit_record_hash(&write_rec, h);
	hex(h, x);
	assert_string_equal(x, WRITE_HASH);
	audit_record_hash(&note_rec, h);
	hex(h, x);
	assert_string_equal(x, NOTE_HASH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_library_is_the_documented_construction),
	        cmocka_unit_test(test_known_answers),
	};
	if (sodium_init() < 0)
		return 1;
	for (int i = 0; i < PL_HASH_LEN; i++) {
		prev[i] = (unsigned char)i;
		row[i] = (unsigned char)(0xA0 + i);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
