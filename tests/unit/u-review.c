/* u-review.c - saved match runs, their review, merges of persons (review.h)
 *
 * Runs are built by hand as pl_match would make them: rows with decisions and candidates.
 * Every call is checked for what it writes and for writing nothing when refused, and
 * the three writing calls run again with their Nth allocation failing, for every N.
 *
 * Until parley match FILE --save exists, this program is also the end-to-end tests'
 * way to save a run: u-review --seed DB LOGIN LABEL SOURCE LIST_DATE < rows.tsv
 * reads rows "ROW DECISION FAMILY GIVEN PATRONYMIC BIRTH UNIT CANDIDATES" (tab-separated,
 * "-" for none; CANDIDATES "U-000001:0.97,U-000002:0.40") and prints the run's number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "parley/review.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

#define R(x) (1u << PL_ROLE_##x)

static char path[4096];
static int seeding; /* u-review --seed: no cmocka around */
static struct pl_db *db;
static struct pl_actor *adm, *reg, *lia, *head;

/* --- building rows by hand --- */

static const char *const explain_same = "same name";
static const char *const explain_script = "same name in another script";

static void candidate(struct pl_match_row *r, const char *ref, double score)
{
	struct pl_match_candidate *c = &r->cand[r->ncand++];
	struct pl_record p;
	struct pl_error err = {0};
	memset(c, 0, sizeof(*c));
	if (pl_person_get(db, reg, ref, &p, &err)) {
		if (seeding) {
			fprintf(stderr, "u-review: candidate %s: %s\n", ref, err.msg);
			exit(3);
		}
		fail_msg("candidate %s: %s", ref, err.msg);
	}
	c->person_id = p.id;
	pl_record_release(&p);
	snprintf(c->ref, sizeof(c->ref), "%s", ref);
	c->score = score;
	for (int f = 0; f < PL_MF__MAX; f++) {
		c->level[f] = PL_MATCH_LEVEL_MISSING;
		c->weight[f] = 0;
		c->explain[f] = NULL;
	}
	c->level[PL_MF_FAMILY] = 3;
	c->weight[PL_MF_FAMILY] = 5.25;
	c->explain[PL_MF_FAMILY] = explain_script;
	c->level[PL_MF_GIVEN] = 3;
	c->weight[PL_MF_GIVEN] = 3.5;
	c->explain[PL_MF_GIVEN] = explain_same;
}

static void row(struct pl_match_row *r, long n, enum pl_match_decision d, const char *family,
                const char *given, const char *birth)
{
	memset(r, 0, sizeof(*r));
	r->row = n;
	r->line = n + 1;
	r->family = (char *)family;
	r->given = (char *)given;
	r->birth_date = (char *)birth;
	r->decision = d;
}

/* The four rows of the list the tests review. */
static void list_rows(struct pl_match_row rows[4])
{
	row(&rows[0], 1, PL_MATCH_MATCH, "Ковалёв", "Сергей", "02.03.1985");
	candidate(&rows[0], "U-000001", 0.98);
	row(&rows[1], 2, PL_MATCH_POSSIBLE, "Мельник", "Ольга", NULL);
	candidate(&rows[1], "U-000002", 0.61);
	candidate(&rows[1], "U-000003", 0.42);
	row(&rows[2], 3, PL_MATCH_NONE, "Неизвестный", NULL, NULL);
	row(&rows[3], 4, PL_MATCH_POSSIBLE, "Kovalev", "Serhii", "1985");
	candidate(&rows[3], "U-000001", 0.55);
}

static const struct pl_match_save_opts meta = {
        "список 31.05",
        "31.05.2024",
        "other_side",
        "list.csv",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        NULL};

/* --- counting what a call wrote --- */

struct tally {
	long long runs, pending, records, merges;
};

static int count_run(void *ctx, const struct pl_match_run *r)
{
	struct tally *t = ctx;
	t->runs++;
	t->pending += r->pending;
	return 0;
}

static void tally(struct tally *t)
{
	struct pl_error err = {0};
	struct pl_audit_report rep;
	memset(t, 0, sizeof(*t));
	assert_int_equal(pl_match_runs(db, reg, 0, count_run, t, &err), 0);
	assert_int_equal(pl_audit_verify(db, NULL, 1, &rep, &err), 0);
	t->records = rep.records;
}

static void assert_tally_same(const struct tally *a, const struct tally *b, long long records)
{
	assert_int_equal(a->runs, b->runs);
	assert_int_equal(a->pending, b->pending);
	assert_int_equal(a->records + records, b->records);
}

/* --- fixtures --- */

static void add_person(const char *side, const char *family, const char *given, const char *expect)
{
	struct pl_kv kv[] = {{"side", side},
	                     {"kind", "military"},
	                     {"family_name", family},
	                     {"given_name", given}};
	char ref[PL_REF_MAX];
	struct pl_error err = {0};
	assert_int_equal(pl_person_add(db, reg, kv, 4, ref, &err), 0);
	assert_string_equal(ref, expect);
}

static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	char pw[PL_PASSWORD_LEN + 1];
	(void)state;
	snprintf(path, sizeof(path), "%s/u-review-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	if (tmp)
		mkdir(tmp, 0700);
	pl_db_remove(path);
	if (pl_db_open(path, PL_OPEN_CREATE, &db, &err) || pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", R(REGISTRAR), me(), pw, &err) ||
	    pl_account_add(db, adm, "lia", R(LIAISON), me(), pw, &err) ||
	    pl_account_add(db, adm, "head", R(HEAD), me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "lia", NULL, PL_AUTH_OS_USER, &lia, &err) ||
	    pl_authenticate(db, "head", NULL, PL_AUTH_OS_USER, &head, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	add_person("captive", "Ковальов", "Сергій", "U-000001");
	add_person("captive", "Мельник", "Ольга", "U-000002");
	add_person("captive", "Мельник", "Олена", "U-000003");
	add_person("detainee", "Иванов", "Пётр", "R-000001");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pl_db_close(db);
	db = NULL;
	pl_db_remove(path);
	return 0;
}

/* --- saving and listing --- */

struct seen_rows {
	long rows[8];
	int n;
	char first_explain[64];
	char first_family[64];
};

static int seen_row(void *ctx, const struct pl_review_row *r)
{
	struct seen_rows *s = ctx;
	if (s->n < 8)
		s->rows[s->n++] = r->row;
	if (s->n == 1 && r->ncand) {
		snprintf(s->first_explain, sizeof(s->first_explain), "%s",
		         r->cand[0].m.explain[PL_MF_FAMILY] ? r->cand[0].m.explain[PL_MF_FAMILY]
		                                            : "");
		snprintf(s->first_family, sizeof(s->first_family), "%s",
		         r->cand[0].family ? r->cand[0].family : "");
	}
	return 0;
}

struct one_run {
	struct pl_match_run r;
	char label[64], date[16], hash[65];
};

static int keep_run(void *ctx, const struct pl_match_run *r)
{
	struct one_run *o = ctx;
	o->r = *r;
	snprintf(o->label, sizeof(o->label), "%s", r->label);
	snprintf(o->date, sizeof(o->date), "%s", r->list_date ? r->list_date : "");
	snprintf(o->hash, sizeof(o->hash), "%s", r->file_hash ? r->file_hash : "");
	return 0;
}

static void test_save_and_list(void **state)
{
	struct pl_match_row rows[4];
	struct pl_error err = {0};
	struct one_run o;
	struct seen_rows s = {0};
	struct pl_review_filter f = {"pending", "possible", 0};
	long long id = 0;
	(void)state;

	list_rows(rows);
	assert_int_equal(pl_match_save(db, reg, &meta, rows, 4, &id, &err), 0);
	assert_int_equal(id, 1);
	assert_int_equal(pl_match_runs(db, head, 1, keep_run, &o, &err), 0);
	assert_string_equal(o.label, "список 31.05");
	assert_string_equal(o.date, "2024-05-31"); /* the list's date, in ISO */
	assert_int_equal(o.r.rows, 4);
	assert_int_equal(o.r.matches, 1);
	assert_int_equal(o.r.possible, 2);
	assert_int_equal(o.r.none, 1);
	assert_int_equal(o.r.pending, 4);
	assert_string_equal(o.hash, meta.file_hash);

	/* the review's default: the pending possible rows, with candidates as the registry has them
	 */
	assert_int_equal(pl_match_review_rows(db, reg, 1, &f, seen_row, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.rows[0], 2);
	assert_int_equal(s.rows[1], 4);
	assert_string_equal(s.first_explain, explain_script);
	assert_string_equal(s.first_family, "Мельник");
	memset(&s, 0, sizeof(s));
	assert_int_equal(pl_match_review_rows(db, reg, 1, NULL, seen_row, &s, &err), 0);
	assert_int_equal(s.n, 4);

	assert_int_equal(pl_match_runs(db, reg, 99, keep_run, &o, &err), PL_ENOTFOUND);
	assert_int_equal(pl_match_review_rows(db, reg, 99, NULL, seen_row, &s, &err), PL_ENOTFOUND);
	f.state = "maybe";
	assert_int_equal(pl_match_review_rows(db, reg, 1, &f, seen_row, &s, &err), PL_EUSAGE);
	/* a liaison may match a list, not review one */
	assert_int_equal(pl_match_runs(db, lia, 0, keep_run, &o, &err), PL_EPERM);
}

/* Each bad input is refused with its code and writes nothing (a refusal: one record). */
static void test_save_refused(void **state)
{
	struct pl_match_row rows[4], bad[4];
	struct pl_match_save_opts m;
	struct pl_error err = {0};
	struct tally before, after;
	long long id;
	(void)state;

	list_rows(rows);
	tally(&before);

#define REFUSED(code, actor, mt, r, n)                                                             \
	do {                                                                                       \
		memset(&err, 0, sizeof(err));                                                      \
		assert_int_equal(pl_match_save(db, actor, mt, r, n, &id, &err), code);             \
		assert_true(err.msg[0] != '\0');                                                   \
		tally(&after);                                                                     \
		assert_tally_same(&before, &after, (code) == PL_EPERM);                            \
		before = after;                                                                    \
	} while (0)

	REFUSED(PL_EPERM, lia, &meta, rows, 4);
	REFUSED(PL_EUSAGE, reg, &meta, rows, 0);
	REFUSED(PL_EUSAGE, reg, &meta, NULL, 4);
	m = meta;
	m.label = NULL;
	REFUSED(PL_EUSAGE, reg, &m, rows, 4);
	m = meta;
	m.source = "kgb";
	REFUSED(PL_EDATA, reg, &m, rows, 4);
	m = meta;
	m.list_date = "31.02.2024";
	REFUSED(PL_EDATA, reg, &m, rows, 4);
	m = meta;
	m.file_hash = "abc";
	REFUSED(PL_EDATA, reg, &m, rows, 4);
	m = meta;
	m.file_name = "../../etc/passwd";
	REFUSED(PL_EDATA, reg, &m, rows, 4);
	m = meta;
	m.label = "a label that goes on and on and on and on and on and on and on and on and on "
	          "and on beyond a hundred bytes";
	REFUSED(PL_EDATA, reg, &m, rows, 4);

	memcpy(bad, rows, sizeof(bad));
	bad[3].row = 2; /* twice */
	REFUSED(PL_EUSAGE, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[0].row = 0;
	REFUSED(PL_EUSAGE, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[0].ncand = 0; /* a match without its person */
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].cand[1].person_id = 999;
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	snprintf(bad[1].cand[1].ref, PL_REF_MAX, "U-000002"); /* person 3 is U-000003 */
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	memset(bad[1].cand[1].ref, 'U', PL_REF_MAX); /* not terminated */
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].cand[1] = bad[1].cand[0]; /* the same person twice */
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].cand[0].score = 1.5;
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].cand[0].score = NAN;
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].cand[0].weight[PL_MF_UNIT] = INFINITY;
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].cand[0].level[PL_MF_UNIT] = -7;
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].cand[0].explain[PL_MF_UNIT] = "a\033[2Jb";
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[1].ncand = 6;
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[2].decision = (enum pl_match_decision)7;
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[2].family = "Иван\033]0;owned\007ов"; /* a terminal escape from the other side */
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[2].family = "\xff\xfe";
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[2].family = "Иван\nов";
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	memcpy(bad, rows, sizeof(bad));
	bad[2].unit = "в/ч\t12345"; /* what a list gives is one line */
	REFUSED(PL_EDATA, reg, &meta, bad, 4);
	m = meta;
	m.label = "список\n31.05";
	REFUSED(PL_EDATA, reg, &m, rows, 4);
#undef REFUSED
}

/* --- review --- */

struct evidence_seen {
	int n;
	char kind[32], source[200], grade[4], date[16], note[400];
};

static int evidence_one(void *ctx, const struct pl_record *r)
{
	struct evidence_seen *e = ctx;
	e->n++;
	snprintf(e->kind, sizeof(e->kind), "%s", pl_record_get(r, "kind"));
	snprintf(e->source, sizeof(e->source), "%s", pl_record_get(r, "source"));
	snprintf(e->grade, sizeof(e->grade), "%s%s", pl_record_get(r, "reliability"),
	         pl_record_get(r, "credibility"));
	snprintf(e->date, sizeof(e->date), "%s",
	         pl_record_get(r, "date") ? pl_record_get(r, "date") : "");
	snprintf(e->note, sizeof(e->note), "%s",
	         pl_record_get(r, "note") ? pl_record_get(r, "note") : "");
	return 0;
}

struct state_seen {
	char state[4][16];
	char person[4][PL_REF_MAX];
	long long evidence[4];
};

static int state_one(void *ctx, const struct pl_review_row *r)
{
	struct state_seen *s = ctx;
	if (r->row >= 1 && r->row <= 4) {
		snprintf(s->state[r->row - 1], 16, "%s", pl_review_state_names[r->state]);
		snprintf(s->person[r->row - 1], PL_REF_MAX, "%s",
		         r->person_ref ? r->person_ref : "");
		s->evidence[r->row - 1] = r->evidence_id;
	}
	return 0;
}

static void test_review(void **state)
{
	struct pl_match_row rows[4];
	struct pl_error err = {0};
	struct pl_review_opts o = {0};
	struct pl_review_result res;
	struct evidence_seen ev = {0};
	struct state_seen st;
	struct tally before, after;
	long long run;
	(void)state;

	list_rows(rows);
	assert_int_equal(pl_match_save(db, reg, &meta, rows, 4, &run, &err), 0);

	/* bad decisions: refused, nothing written */
	tally(&before);
	{
		struct pl_review_decision twice[] = {{2, 1, NULL}, {2, 0, NULL}};
		struct pl_review_decision no_row[] = {{2, 1, NULL}, {99, 0, NULL}};
		struct pl_review_decision no_person[] = {{2, 1, "U-999999"}};
		struct pl_review_decision bad_ref[] = {{2, 1, "Robert'); DROP TABLE persons;--"}};
		struct pl_review_decision no_cand[] = {{3, 1, NULL}};
		struct pl_review_decision ok[] = {{2, 1, NULL}};
		struct pl_review_opts grade = {0, 1, "Z", "9", NULL};
		struct pl_review_opts no_ev = {0, 0, "A", NULL, NULL};
		assert_int_equal(pl_match_review(db, reg, run, NULL, 0, &o, &res, &err), PL_EUSAGE);
		assert_int_equal(pl_match_review(db, reg, run, twice, 2, &o, &res, &err),
		                 PL_EUSAGE);
		assert_int_equal(pl_match_review(db, reg, run, no_row, 2, &o, &res, &err),
		                 PL_ENOTFOUND);
		assert_non_null(strstr(err.msg, "no row 99"));
		assert_int_equal(pl_match_review(db, reg, run, no_person, 1, &o, &res, &err),
		                 PL_ENOTFOUND);
		assert_int_equal(pl_match_review(db, reg, run, bad_ref, 1, &o, &res, &err),
		                 PL_EUSAGE);
		assert_int_equal(pl_match_review(db, reg, run, no_cand, 1, &o, &res, &err),
		                 PL_EDATA);
		assert_non_null(strstr(err.msg, "row 3 has no candidate: name the person to accept"));
		assert_int_equal(pl_match_review(db, reg, run, ok, 1, &grade, &res, &err),
		                 PL_EDATA);
		assert_int_equal(pl_match_review(db, reg, run, ok, 1, &no_ev, &res, &err),
		                 PL_EUSAGE);
		assert_int_equal(pl_match_review(db, reg, 77, ok, 1, &o, &res, &err), PL_ENOTFOUND);
		tally(&after);
		assert_tally_same(&before, &after, 0);
		assert_int_equal(pl_match_review(db, lia, run, ok, 1, &o, &res, &err), PL_EPERM);
		tally(&after);
		assert_tally_same(&before, &after, 1);
	}

	/* row 2: its second candidate, with evidence; row 3 rejected; the match of row 1 */
	{
		struct pl_review_decision d[] = {{2, 1, "U-000003"}, {3, 0, NULL}};
		o.accept_matches = 1;
		o.evidence = 1;
		o.note = "перевірено за фото";
		assert_int_equal(pl_match_review(db, reg, run, d, 2, &o, &res, &err), 0);
		assert_int_equal(res.accepted, 2);
		assert_int_equal(res.rejected, 1);
		assert_int_equal(res.evidence, 2);
	}
	memset(&st, 0, sizeof(st));
	assert_int_equal(pl_match_review_rows(db, reg, run, NULL, state_one, &st, &err), 0);
	assert_string_equal(st.state[0], "accepted");
	assert_string_equal(st.person[0], "U-000001");
	assert_true(st.evidence[0] > 0);
	assert_string_equal(st.state[1], "accepted");
	assert_string_equal(st.person[1], "U-000003");
	assert_string_equal(st.state[2], "rejected");
	assert_string_equal(st.state[3], "pending");

	/* the evidence: the other side's list, its date, the row, the default grade C3 */
	assert_int_equal(
	        pl_person_history(db, reg, "U-000001", PL_ENT_EVIDENCE, evidence_one, &ev, &err),
	        0);
	assert_int_equal(ev.n, 1);
	assert_string_equal(ev.kind, "other_side_list");
	assert_string_equal(ev.source, "other side's list \"список 31.05\" of 2024-05-31, row 1");
	assert_string_equal(ev.grade, "C3");
	assert_string_equal(ev.date, "2024-05-31");
	assert_non_null(strstr(ev.note, "as listed: Ковалёв Сергей, born 02.03.1985"));
	assert_non_null(strstr(ev.note, "перевірено за фото"));

	/* a row is decided once */
	tally(&before);
	{
		struct pl_review_decision again[] = {{2, 0, NULL}};
		assert_int_equal(pl_match_review(db, reg, run, again, 1, &o, &res, &err), PL_EDATA);
		assert_non_null(strstr(err.msg, "accepted already"));
	}
	/* all or nothing: row 4 would do, row 3 is decided */
	{
		struct pl_review_decision d[] = {{4, 1, NULL}, {3, 1, "U-000002"}};
		assert_int_equal(pl_match_review(db, reg, run, d, 2, &o, &res, &err), PL_EDATA);
	}
	tally(&after);
	assert_tally_same(&before, &after, 0);
	assert_int_equal(after.pending, before.pending);

	/* a grade given by the head */
	{
		struct pl_review_decision d[] = {{4, 1, "U-000001"}};
		struct pl_review_opts g = {0, 1, "b", "2", NULL};
		assert_int_equal(pl_match_review(db, head, run, d, 1, &g, &res, &err), 0);
		memset(&ev, 0, sizeof(ev));
		assert_int_equal(pl_person_history(db, reg, "U-000001", PL_ENT_EVIDENCE,
		                                   evidence_one, &ev, &err),
		                 0);
		assert_int_equal(ev.n, 2);
		assert_string_equal(ev.grade, "B2");
	}
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
}

/* --- merges --- */

struct hist_count {
	int n;
	char refs[256];
};

static int hist_one(void *ctx, const struct pl_record *r)
{
	struct hist_count *h = ctx;
	(void)r;
	h->n++;
	return 0;
}

static int history_count(const char *ref, enum pl_entity_id what)
{
	struct hist_count h = {0};
	struct pl_error err = {0};
	assert_int_equal(pl_person_history(db, reg, ref, what, hist_one, &h, &err), 0);
	return h.n;
}

static int list_count(const char *text)
{
	struct pl_person_filter f = {0};
	struct hist_count h = {0};
	struct pl_error err = {0};
	f.text = text;
	assert_int_equal(pl_person_list(db, reg, &f, hist_one, &h, &err), 0);
	return h.n;
}

static void test_merge(void **state)
{
	struct pl_error err = {0};
	struct pl_record p;
	struct tally before, after;
	struct pl_kv ev[] = {
	        {"kind", "video"}, {"source", "tg"}, {"reliability", "B"}, {"credibility", "2"}};
	struct pl_kv stat[] = {{"status", "probable"}};
	struct pl_kv evt[] = {{"kind", "transfer"}, {"place", "Таганрог"}};
	struct pl_kv edit[] = {{"other_names", "Melnyk Olena"}};
	long long id;
	struct pl_match_row rows[4];
	long long run;
	(void)state;

	add_person("captive", "Мельник", "Елена", "U-000004");
	assert_int_equal(pl_person_edit(db, reg, "U-000004", edit, 1, "латиницею", &err), 0);
	assert_int_equal(
	        pl_person_add_evidence(db, reg, "U-000004", ev, 4, NULL, 0, NULL, &id, &err), 0);
	assert_int_equal(pl_person_set_status(db, reg, "U-000004", stat, 1, &id, &err), 0);
	assert_int_equal(pl_person_add_event(db, reg, "U-000004", evt, 2, &id, &err), 0);
	/* a run whose accepted row links the duplicate follows it too */
	list_rows(rows);
	row(&rows[1], 2, PL_MATCH_POSSIBLE, "Мельник", "Елена", NULL);
	candidate(&rows[1], "U-000004", 0.9);
	assert_int_equal(pl_match_save(db, reg, &meta, rows, 4, &run, &err), 0);
	{
		struct pl_review_decision d[] = {{2, 1, NULL}};
		struct pl_review_opts o = {0};
		assert_int_equal(pl_match_review(db, reg, run, d, 1, &o, NULL, &err), 0);
	}

	/* refused: nothing written */
	tally(&before);
	assert_int_equal(pl_person_merge(db, lia, "U-000003", "U-000004", "дубль", &err), PL_EPERM);
	tally(&after);
	assert_tally_same(&before, &after, 1);
	before = after;
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "U-000003", "дубль", &err),
	                 PL_EUSAGE);
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "R-000001", "дубль", &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "one side"));
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "U-000099", "дубль", &err),
	                 PL_ENOTFOUND);
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "U-000004", NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "U-000004", "  ", &err), PL_EUSAGE);
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "U-000004", "a\033b", &err),
	                 PL_EDATA);
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "x'; --", "дубль", &err), PL_EUSAGE);
	tally(&after);
	assert_tally_same(&before, &after, 0);

	/* the merge: U-000004's history under U-000003, its names too */
	assert_int_equal(pl_person_merge(db, reg, "U-000003", "U-000004", "те саме фото", &err), 0);
	/* its own (from the review of row 2 of the first run) and U-000004's */
	assert_int_equal(history_count("U-000003", PL_ENT_EVIDENCE), 2);
	assert_int_equal(history_count("U-000003", PL_ENT_EVENT), 1);
	/* its own first status, U-000004's first and its change */
	assert_int_equal(history_count("U-000003", PL_ENT_STATUS), 3);
	assert_int_equal(history_count("U-000004", PL_ENT_STATUS), 0);
	assert_int_equal(pl_person_get(db, reg, "U-000003", &p, &err), 0);
	assert_string_equal(pl_record_get(&p, "other_names"), "Мельник Елена; Melnyk Olena");
	assert_string_equal(pl_record_get(&p, "merged_from"), "U-000004");
	assert_string_equal(pl_record_get(&p, "status"), "missing"); /* not changed */
	pl_record_release(&p);
	assert_int_equal(pl_person_get(db, reg, "U-000004", &p, &err), 0);
	assert_string_equal(pl_record_get(&p, "merged_into"), "U-000003");
	assert_string_equal(pl_record_get(&p, "merge_reason"), "те саме фото");
	pl_record_release(&p);
	/* listings leave the duplicate out, find the kept person by its names */
	assert_int_equal(list_count("Елена"), 1);
	assert_int_equal(list_count("Melnyk"), 1);
	{
		struct state_seen st;
		memset(&st, 0, sizeof(st));
		assert_int_equal(pl_match_review_rows(db, reg, run, NULL, state_one, &st, &err), 0);
		assert_string_equal(st.person[1], "U-000003");
	}

	/* writes to the duplicate are refused, naming the person kept */
	assert_int_equal(pl_person_add_event(db, reg, "U-000004", evt, 2, &id, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "merged into U-000003"));
	assert_int_equal(pl_person_edit(db, reg, "U-000004", edit, 1, "x", &err), PL_EDATA);
	assert_int_equal(pl_person_set_status(db, reg, "U-000004", stat, 1, &id, &err), PL_EDATA);
	assert_int_equal(
	        pl_person_add_evidence(db, reg, "U-000004", ev, 4, NULL, 0, NULL, &id, &err),
	        PL_EDATA);
	/* merged once; not into a merged person; accepted rows not linked to it */
	assert_int_equal(pl_person_merge(db, reg, "U-000002", "U-000004", "x", &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "already"));
	assert_int_equal(pl_person_merge(db, reg, "U-000004", "U-000002", "x", &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "U-000003"));
	{
		struct pl_review_decision d[] = {{4, 1, "U-000004"}};
		struct pl_review_opts o = {0};
		assert_int_equal(pl_match_review(db, reg, run, d, 1, &o, NULL, &err), PL_EDATA);
		assert_non_null(strstr(err.msg, "merged into U-000003"));
	}
	/* a chain: U-000003 into U-000002 sends writes of U-000004 to U-000002 */
	assert_int_equal(pl_person_merge(db, head, "U-000002", "U-000003", "одна особа", &err), 0);
	assert_int_equal(history_count("U-000002", PL_ENT_EVIDENCE), 2);
	assert_int_equal(pl_person_add_event(db, reg, "U-000004", evt, 2, &id, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "record it under U-000002"));
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
}

/* --- failing allocations --- */

/* Runs op with its Nth allocation failing, N = 0, 1, ... until it succeeds; each failure
 * must write nothing and leave the file sound. */
static void each_failure(int (*op)(struct pl_error *err), const char *what)
{
	for (long n = 0; n < 20000; n++) {
		struct pl_error err = {0};
		struct tally before, after;
		int rc;
		tally(&before);
		pl_alloc_fail_after(n);
		rc = op(&err);
		pl_alloc_fail_after(-1);
		if (!rc)
			return;
		if (!err.msg[0])
			fail_msg("%s: allocation %ld failed without a message", what, n);
		tally(&after);
		if (after.runs != before.runs || after.pending != before.pending ||
		    after.records != before.records)
			fail_msg("%s: allocation %ld failed and left writes behind", what, n);
	}
	fail_msg("%s never succeeded", what);
}

static struct pl_match_row fail_rows[4]; /* built before allocations fail */

static int op_save(struct pl_error *err)
{
	long long id;
	return pl_match_save(db, reg, &meta, fail_rows, 4, &id, err);
}

static int op_review(struct pl_error *err)
{
	struct pl_review_opts o = {1, 1, NULL, NULL, "n"};
	struct pl_review_decision d[] = {{2, 1, NULL}, {3, 0, NULL}};
	return pl_match_review(db, reg, 1, d, 2, &o, NULL, err);
}

static int op_merge(struct pl_error *err)
{
	return pl_person_merge(db, reg, "U-000005", "U-000006", "дубль", err);
}

static void test_failing_allocations(void **state)
{
	struct pl_kv evt[] = {{"kind", "capture"}};
	struct pl_error err = {0};
	long long id;
	(void)state;
	list_rows(fail_rows);
	each_failure(op_save, "pl_match_save");
	each_failure(op_review, "pl_match_review");
	add_person("captive", "Шевченко", "Тарас", "U-000005");
	add_person("captive", "Шевченко", "Тарасик", "U-000006");
	assert_int_equal(pl_person_add_event(db, reg, "U-000006", evt, 1, &id, &err), 0);
	each_failure(op_merge, "pl_person_merge");
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
}

/* --- the end-to-end tests' way to save a run --- */

static char *field(char *s)
{
	return strcmp(s, "-") ? s : NULL;
}

static int seed(int argc, char **argv)
{
	struct pl_match_save_opts m = {0};
	struct pl_match_row *rows = NULL;
	struct pl_error err = {0};
	struct pl_actor *a = NULL;
	char line[4096];
	size_t n = 0;
	long long run;
	int rc;

	if (argc != 7) {
		fprintf(stderr,
		        "usage: u-review --seed DB LOGIN LABEL SOURCE LIST_DATE < rows.tsv\n");
		return 2;
	}
	if ((rc = pl_global_init(&err)) || (rc = pl_db_open(argv[2], 0, &db, &err)) ||
	    (rc = pl_authenticate(db, argv[3], NULL, PL_AUTH_OS_USER, &a, &err)))
		goto out;
	reg = a;
	while (fgets(line, sizeof(line), stdin)) {
		char *f[8], *p = line, *c, *save = NULL;
		int k = 0;
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		for (; k < 8 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k != 8) {
			fprintf(stderr, "u-review: a row needs 8 tab-separated fields\n");
			rc = 2;
			goto out;
		}
		rows = realloc(rows, (n + 1) * sizeof(*rows));
		if (!rows)
			return 1;
		row(&rows[n], strtol(f[0], NULL, 10),
		    !strcmp(f[1], "match")      ? PL_MATCH_MATCH
		    : !strcmp(f[1], "possible") ? PL_MATCH_POSSIBLE
		                                : PL_MATCH_NONE,
		    field(f[2]) ? strdup(f[2]) : NULL, field(f[3]) ? strdup(f[3]) : NULL,
		    field(f[5]) ? strdup(f[5]) : NULL);
		rows[n].patronymic = field(f[4]) ? strdup(f[4]) : NULL;
		rows[n].unit = field(f[6]) ? strdup(f[6]) : NULL;
		for (c = field(f[7]) ? strtok_r(f[7], ",", &save) : NULL; c;
		     c = strtok_r(NULL, ",", &save)) {
			char *colon = strchr(c, ':');
			if (!colon || rows[n].ncand >= PL_MATCH_MAX_CANDIDATES)
				break;
			*colon = '\0';
			candidate(&rows[n], c, strtod(colon + 1, NULL));
		}
		n++;
	}
	m.label = argv[4];
	m.source = argv[5];
	m.list_date = field(argv[6]);
	m.file_name = "seed.tsv";
	if (!(rc = pl_match_save(db, a, &m, rows, n, &run, &err)))
		printf("%lld\n", run);
out:
	if (rc)
		fprintf(stderr, "u-review: %s\n", err.msg);
	for (size_t i = 0; i < n; i++) {
		free(rows[i].family);
		free(rows[i].given);
		free(rows[i].patronymic);
		free(rows[i].birth_date);
		free(rows[i].unit);
	}
	free(rows);
	pl_db_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_save_and_list),
	        cmocka_unit_test(test_save_refused),
	        cmocka_unit_test(test_review),
	        cmocka_unit_test(test_merge),
	        cmocka_unit_test(test_failing_allocations),
	};
	struct pl_error err = {0};
	if (argc > 1 && !strcmp(argv[1], "--seed")) {
		seeding = 1;
		return seed(argc, argv);
	}
	if (pl_alloc_hook_libraries() || pl_global_init(&err))
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
