/* u-redaction.c - every restricted value, on every path it could leave by, for every role
 *
 * The restricted values of docs/permissions.md: a person's medical notes, a relative's
 * contacts, a captive's exchange listing. Each path of the library that hands out
 * persons or their history (show, list, search, export to CSV and JSON Lines, status
 * history, history of changes, relatives, statistics, the audit log) is walked as
 * every role that may take it, and what each sees is checked against the doc's table
 * written out below, not against pl_roles_may_see(): a test that asked the code what
 * to expect would pass whatever the code did. The same paths through the CLI, with
 * its text, JSON, CSV and XLSX, are t0310-redaction.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "parley/search.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

#define R(x) (1u << PL_ROLE_##x)

/* every role, in enum pl_role's order: its account */
static const char *const logins[PL_ROLE__MAX] = {"reg", "lia",  "neg", "psy",
                                                 "ana", "head", "adm", "aud"};
static struct pl_actor *actor[PL_ROLE__MAX];

/* docs/permissions.md, "Restricted values", written out */
static int sees_medical(int role, const char *status)
{
	return role == PL_ROLE_REGISTRAR ||
	       (role == PL_ROLE_LIAISON && !strcmp(status, "returned"));
}
static int sees_contacts(int role)
{
	return role == PL_ROLE_LIAISON;
}
static int sees_listing(int role)
{
	return role == PL_ROLE_REGISTRAR || role == PL_ROLE_NEGOTIATOR || role == PL_ROLE_HEAD;
}
/* a detainee: the persons we hold, traded in exchanges */
static int sees_detainees(int role)
{
	return role == PL_ROLE_REGISTRAR || role == PL_ROLE_NEGOTIATOR || role == PL_ROLE_HEAD;
}
static int is_detainee(size_t k);

/* the persons: ref, status as stored, medical notes as stored (NULL: none) */
static const struct {
	const char *ref, *family, *status, *medical;
} persons[] = {
        {"U-000001", "Медик", "confirmed", "MED-SECRET-NEW"},
        {"U-000002", "Повернений", "returned", "MED-SECRET-RETURNED"},
        {"U-000003", "Обмінний", "listed", "MED-SECRET-LISTED"},
        {"R-000001", "Утримуваний", "listed", "MED-SECRET-DETAINEE"},
};
#define NPERSONS (sizeof(persons) / sizeof(persons[0]))

static char path[4096];
static struct pl_db *db;

static void must(int rc, const struct pl_error *err)
{
	if (rc)
		fail_msg("rc %d: %s", rc, err->msg);
}

static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	char pw[PL_PASSWORD_LEN + 1];
	struct pl_actor *adm = NULL;
	(void)state;
	if (pl_global_init(&err))
		return -1;
	if (tmp)
		mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/u-redaction-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	unlink(path);
	if (pl_db_open(path, PL_OPEN_CREATE, &db, &err) || pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err))
		goto fail;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		if (r != PL_ROLE_ADMIN &&
		    pl_account_add(db, adm, logins[r], 1u << r, me(), pw, &err))
			goto fail;
		if (pl_authenticate(db, logins[r], NULL, PL_AUTH_OS_USER, &actor[r], &err))
			goto fail;
	}
	{
		struct pl_actor *reg = actor[PL_ROLE_REGISTRAR];
		struct pl_kv p1[] = {{"side", "captive"},
		                     {"kind", "military"},
		                     {"family_name", "Медик"},
		                     {"status", "confirmed"},
		                     {"medical_notes", "MED-SECRET-OLD"},
		                     {"source", "icrc"},
		                     {"external_id", "E-1"}};
		struct pl_kv p2[] = {{"side", "captive"},
		                     {"kind", "military"},
		                     {"family_name", "Повернений"},
		                     {"status", "returned"},
		                     {"medical_notes", "MED-SECRET-RETURNED"}};
		struct pl_kv p3[] = {{"side", "captive"},
		                     {"kind", "civilian"},
		                     {"family_name", "Обмінний"},
		                     {"status", "confirmed"},
		                     {"medical_notes", "MED-SECRET-LISTED"}};
		struct pl_kv d1[] = {{"side", "detainee"},
		                     {"kind", "military"},
		                     {"family_name", "Утримуваний"},
		                     {"medical_notes", "MED-SECRET-DETAINEE"}};
		struct pl_kv listed[] = {{"status", "listed"}, {"date", "2024-03-01"}};
		struct pl_kv med[] = {{"medical_notes", "MED-SECRET-NEW"}};
		struct pl_kv rel[] = {{"name", "Марія"},
		                      {"relation", "wife"},
		                      {"contacts", "CONTACT-SECRET +380"}};
		if (pl_person_add(db, reg, p1, 7, NULL, &err) ||
		    pl_person_add(db, reg, p2, 5, NULL, &err) ||
		    pl_person_add(db, reg, p3, 5, NULL, &err) ||
		    pl_person_add(db, reg, d1, 4, NULL, &err) ||
		    pl_person_set_status(db, reg, "U-000003", listed, 2, NULL, &err) ||
		    pl_person_set_status(db, reg, "R-000001", listed, 2, NULL, &err) ||
		    pl_person_edit(db, reg, "U-000001", med, 1, "новий діагноз", &err) ||
		    pl_relative_add(db, actor[PL_ROLE_LIAISON], "U-000001", rel, 3, NULL, &err) ||
		    pl_search_reindex(db, reg, NULL, &err))
			goto fail;
	}
	pl_actor_free(adm);
	return 0;
fail:
	fprintf(stderr, "setup: %s\n", err.msg);
	return -1;
}

static int teardown(void **state)
{
	char side[4200];
	(void)state;
	pl_db_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}

static int is_restricted(const struct pl_record *p, const char *field)
{
	int i = pl_field_index(p->ent, field);
	return i >= 0 && ((p->restricted >> i) & 1);
}

/* What role sees of a person: full for person show, otherwise a listing. */
static void check_person(int role, const struct pl_record *p, int full, const char *path_name)
{
	const char *ref = pl_record_get(p, "ref");
	const char *side = pl_record_get(p, "side");
	const char *status = pl_record_get(p, "status");
	const char *med = pl_record_get(p, "medical_notes");
	size_t k;
	for (k = 0; k < NPERSONS && strcmp(persons[k].ref, ref); k++)
		;
	if (k == NPERSONS)
		fail_msg("%s as %s: an unknown person %s", path_name, logins[role], ref);
	/* medical notes: shown to who may see them on person show, in no listing */
	if (full && sees_medical(role, persons[k].status)) {
		if (!med || strcmp(med, persons[k].medical))
			fail_msg("%s as %s: %s: the medical notes are missing", path_name,
			         logins[role], ref);
	} else {
		if (med)
			fail_msg("%s as %s: %s: medical notes shown: %s", path_name, logins[role],
			         ref, med);
		if (!is_restricted(p, "medical_notes"))
			fail_msg("%s as %s: %s: medical notes not marked restricted", path_name,
			         logins[role], ref);
	}
	/* the exchange listing of a captive: the hotline's answer and the mark on every one */
	if (!strcmp(side, "captive") && !sees_listing(role)) {
		const char *want =
		        !strcmp(persons[k].status, "listed") ? "confirmed" : persons[k].status;
		if (strcmp(status, want))
			fail_msg("%s as %s: %s: status %s, the hotline says %s", path_name,
			         logins[role], ref, status, want);
		if (!is_restricted(p, "status"))
			fail_msg("%s as %s: %s: exchange_listing not marked restricted", path_name,
			         logins[role], ref);
		if (!strcmp(persons[k].status, "listed") && pl_record_get(p, "status_date"))
			fail_msg("%s as %s: %s: the date of the listing is shown", path_name,
			         logins[role], ref);
	} else {
		if (strcmp(status, persons[k].status))
			fail_msg("%s as %s: %s: status %s, stored %s", path_name, logins[role], ref,
			         status, persons[k].status);
		if (is_restricted(p, "status"))
			fail_msg("%s as %s: %s: exchange_listing marked restricted", path_name,
			         logins[role], ref);
	}
}

static void test_show(void **state)
{
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		if (!pl_roles_may(1u << r, PL_OP_PERSON_SHOW))
			continue;
		for (size_t k = 0; k < NPERSONS; k++) {
			struct pl_record p;
			struct pl_error err = {0};
			if (is_detainee(k) && !sees_detainees(r)) {
				/* refused by the reference's shape, before anything is read */
				assert_int_equal(pl_person_get(db, actor[r], persons[k].ref, &p, &err),
				                 PL_EPERM);
				assert_int_equal(pl_person_get(db, actor[r], "R-999999", &p, &err),
				                 PL_EPERM);
				continue;
			}
			must(pl_person_get(db, actor[r], persons[k].ref, &p, &err), &err);
			check_person(r, &p, 1, "person show");
			pl_record_release(&p);
		}
	}
}

struct seen {
	int role;
	const char *path;
	int n;
};

static int list_one(void *ctx, const struct pl_record *p)
{
	struct seen *s = ctx;
	check_person(s->role, p, 0, s->path);
	s->n++;
	return 0;
}

static void test_list(void **state)
{
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		struct pl_person_filter f = {0};
		struct seen s = {r, "person list", 0};
		struct pl_error err = {0};
		if (!pl_roles_may(1u << r, PL_OP_PERSON_LIST))
			continue;
		must(pl_person_list(db, actor[r], &f, list_one, &s, &err), &err);
		assert_int_equal(s.n, sees_detainees(r) ? NPERSONS : NPERSONS - 1);
		/* who may not see detainees may not ask for them */
		f.side = "detainee";
		s.n = 0;
		if (sees_detainees(r)) {
			must(pl_person_list(db, actor[r], &f, list_one, &s, &err), &err);
			assert_int_equal(s.n, 1);
		} else {
			assert_int_equal(pl_person_list(db, actor[r], &f, list_one, &s, &err),
			                 PL_EPERM);
			assert_int_equal(s.n, 0);
		}
		f.side = NULL;
		/* who may not see listings may not find them by filtering either */
		f.status = "listed";
		s.n = 0;
		if (sees_listing(r)) {
			must(pl_person_list(db, actor[r], &f, list_one, &s, &err), &err);
			assert_int_equal(s.n, 2);
		} else {
			assert_int_equal(pl_person_list(db, actor[r], &f, list_one, &s, &err),
			                 PL_EPERM);
			assert_int_equal(s.n, 0);
		}
	}
}

static int search_one(void *ctx, const struct pl_search_hit *h)
{
	struct seen *s = ctx;
	check_person(s->role, h->person, 0, "search");
	s->n++;
	return 0;
}

static void test_search(void **state)
{
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		if (!pl_roles_may(1u << r, PL_OP_PERSON_LIST))
			continue;
		for (size_t k = 0; k < NPERSONS; k++) {
			struct seen s = {r, "search", 0};
			struct pl_error err = {0};
			must(pl_search(db, actor[r], persons[k].family, NULL, search_one, &s, &err),
			     &err);
			/* a detainee is not found by who may not see detainees */
			if (is_detainee(k) && !sees_detainees(r))
				assert_int_equal(s.n, 0);
			else
				assert_true(s.n >= 1);
		}
	}
}

static int is_detainee(size_t k)
{
	return !strncmp(persons[k].ref, "R-", 2);
}

static char *slurp(const char *file)
{
	FILE *f = fopen(file, "rb");
	char *buf;
	long n;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* Export leaves medical notes out for everyone, as every listing does. */
static void test_export(void **state)
{
	const enum pl_format formats[] = {PL_FMT_CSV, PL_FMT_JSONL};
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		if (!pl_roles_may(1u << r, PL_OP_EXPORT))
			continue;
		for (size_t i = 0; i < 2; i++) {
			struct pl_person_filter f = {0};
			struct pl_error err = {0};
			char out[4200], *text;
			long count = 0;
			snprintf(out, sizeof(out), "%s-export-%s-%zu", path, logins[r], i);
			unlink(out);
			must(pl_export(db, actor[r], &f, formats[i], out, NULL, &count, &err),
			     &err);
			assert_int_equal(count, NPERSONS);
			text = slurp(out);
			if (strstr(text, "MED-SECRET"))
				fail_msg("export as %s: medical notes in the file:\n%s", logins[r],
				         text);
			/* the listing: as the role sees it (the head and the registrar do) */
			if (!strstr(text, "listed"))
				fail_msg("export as %s: no listed captive", logins[r]);
			free(text);
			unlink(out);
		}
	}
}

static int history_one(void *ctx, const struct pl_record *w)
{
	struct seen *s = ctx;
	const char *st = pl_record_get(w, "status");
	if (w->ent->id == PL_ENT_STATUS && st && !strcmp(st, "listed"))
		s->n++;
	if (w->ent->id == PL_ENT_CHANGE) {
		const char *field = pl_record_get(w, "field");
		if (field && !strcmp(field, "medical_notes")) {
			const char *o = pl_record_get(w, "old_value"),
			           *n = pl_record_get(w, "new_value");
			if (sees_medical(s->role, "confirmed")) {
				if (!o || !n)
					fail_msg("history as %s: the medical notes' change is "
					         "missing",
					         logins[s->role]);
			} else if (o || n) {
				fail_msg("history as %s: medical notes shown: %s -> %s",
				         logins[s->role], o ? o : "", n ? n : "");
			}
			s->n++;
		}
	}
	return 0;
}

static void test_history(void **state)
{
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		struct seen s = {r, "history", 0};
		struct pl_error err = {0};
		if (!pl_roles_may(1u << r, PL_OP_PERSON_SHOW))
			continue;
		/* a captive's listed entry: left out for who may not see listings */
		must(pl_person_history(db, actor[r], "U-000003", PL_ENT_STATUS, history_one, &s,
		                       &err),
		     &err);
		assert_int_equal(s.n, sees_listing(r) ? 1 : 0);
		s.n = 0;
		/* the change of medical notes: no part of the history of who may not see them */
		must(pl_person_history(db, actor[r], "U-000001", PL_ENT_CHANGE, history_one, &s,
		                       &err),
		     &err);
		assert_int_equal(s.n, sees_medical(r, "confirmed") ? 1 : 0);
	}
}

static int relative_one(void *ctx, const struct pl_record *w)
{
	struct seen *s = ctx;
	const char *c = pl_record_get(w, "contacts");
	if (sees_contacts(s->role) ? !c || !strstr(c, "CONTACT-SECRET") : c != NULL)
		fail_msg("relative list as %s: contacts %s", logins[s->role], c ? c : "(none)");
	if (!sees_contacts(s->role) && !is_restricted(w, "contacts"))
		fail_msg("relative list as %s: contacts not marked restricted", logins[s->role]);
	s->n++;
	return 0;
}

static void test_relatives(void **state)
{
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		struct seen s = {r, "relatives", 0};
		struct pl_error err = {0};
		if (!pl_roles_may(1u << r, PL_OP_RELATIVE_LIST))
			continue;
		must(pl_relative_list(db, actor[r], NULL, relative_one, &s, &err), &err);
		assert_int_equal(s.n, 1);
		s.n = 0;
		must(pl_relative_list(db, actor[r], "U-000001", relative_one, &s, &err), &err);
		assert_int_equal(s.n, 1);
	}
}

/* A role may not change what it may not see: the head and medical notes. */
static void test_no_change_unseen(void **state)
{
	struct pl_kv med[] = {{"medical_notes", "HEAD-WROTE"}};
	struct pl_error err = {0};
	struct pl_import_opts o = {PL_FMT_CSV, "head.csv", NULL, 0, 0};
	struct pl_import_result res;
	static char csv[] = "side,kind,family_name,source,external_id,medical_notes\n"
	                    "captive,military,Медик,icrc,E-1,HEAD-WROTE\n";
	struct pl_record p;
	FILE *in;
	(void)state;
	assert_int_equal(pl_person_edit(db, actor[PL_ROLE_HEAD], "U-000001", med, 1, "x", &err),
	                 PL_EPERM);
	in = fmemopen(csv, strlen(csv), "r");
	assert_non_null(in);
	assert_int_equal(pl_import(db, actor[PL_ROLE_HEAD], in, &o, NULL, NULL, &res, &err),
	                 PL_EPERM);
	fclose(in);
	must(pl_person_get(db, actor[PL_ROLE_REGISTRAR], "U-000001", &p, &err), &err);
	assert_string_equal(pl_record_get(&p, "medical_notes"), "MED-SECRET-NEW");
	pl_record_release(&p);
}

struct trail {
	int reads_medical, reads_contacts;
};

static int audit_one(void *ctx, const struct pl_audit_entry *e)
{
	struct trail *t = ctx;
	const char *v[] = {e->ts, e->account, e->os_user, e->action, e->tbl, e->ref, e->fields};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i] && (strstr(v[i], "SECRET") || strstr(v[i], "HEAD-WROTE")))
			fail_msg("audit log: record %lld holds a restricted value: %s", e->seq,
			         v[i]);
	if (!strcmp(e->action, "read") && e->fields) {
		t->reads_medical += strstr(e->fields, "medical_notes") != NULL;
		t->reads_contacts += strstr(e->fields, "contacts") != NULL;
	}
	return 0;
}

/* Runs last: the trail holds every read above, and not one value read. */
static void test_audit_log(void **state)
{
	struct trail t = {0, 0};
	struct pl_error err = {0};
	(void)state;
	must(pl_audit_log(db, actor[PL_ROLE_AUDITOR], NULL, audit_one, &t, &err), &err);
	/* shows of medical notes (registrar, liaison of a returnee), liaison's listings */
	assert_true(t.reads_medical >= 2);
	assert_true(t.reads_contacts >= 2);
	must(pl_audit_verify(db, NULL, 1, NULL, &err), &err);
}

static int stats_one(void *ctx, const struct pl_stats_row *row)
{
	(void)ctx;
	if (row->key && strstr(row->key, "SECRET"))
		fail_msg("stats: %s", row->key);
	return 0;
}

static void test_stats(void **state)
{
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		struct pl_error err = {0};
		if (pl_roles_may(1u << r, PL_OP_STATS))
			must(pl_stats(db, actor[r], stats_one, NULL, &err), &err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_show),
	        cmocka_unit_test(test_list),
	        cmocka_unit_test(test_search),
	        cmocka_unit_test(test_export),
	        cmocka_unit_test(test_history),
	        cmocka_unit_test(test_relatives),
	        cmocka_unit_test(test_no_change_unseen),
	        cmocka_unit_test(test_stats),
	        cmocka_unit_test(test_audit_log),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
