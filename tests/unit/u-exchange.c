/* u-exchange.c - the exchanges desk through the library, where the CLI does not reach: every
 * call refused to a role that may not make it (the analyst, the registrar for the
 * liaison's calls), and the refusal writes nothing but its audited denial; calls that are
 * themselves wrong (no terms, no status, nothing to change, nobody crossed, months out of
 * range, a kind or source parley sets) refused as usage errors writing nothing; an
 * exchange that fails while it is carried out recorded by the registrar who records it; a
 * print asked wrongly refused, no file made; a callback that stops a reconciliation, a check
 * or the policy's list stops it, at whichever finding, and its code is returned */
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

static char path[4096];
static struct pl_db *db;
static struct pl_actor *reg, *neg, *head, *ana, *lia;

#define KV(k, v) ((struct pl_kv){(k), (v)})

static int open_office(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	struct pl_actor *adm = NULL;
	char pw[PL_PASSWORD_LEN + 1], me[64];
	(void)state;
	pl_os_user(me, sizeof(me));
	if (tmp)
		mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/u-exchange-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	pl_db_remove(path);
	if (pl_db_open(path, PL_OPEN_CREATE, &db, &err) || pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me, pw, &err) ||
	    pl_account_add(db, adm, "neg", 1u << PL_ROLE_NEGOTIATOR, me, pw, &err) ||
	    pl_account_add(db, adm, "head", 1u << PL_ROLE_HEAD, me, pw, &err) ||
	    pl_account_add(db, adm, "ana", 1u << PL_ROLE_ANALYST, me, pw, &err) ||
	    pl_account_add(db, adm, "lia", 1u << PL_ROLE_LIAISON, me, pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "neg", NULL, PL_AUTH_OS_USER, &neg, &err) ||
	    pl_authenticate(db, "head", NULL, PL_AUTH_OS_USER, &head, &err) ||
	    pl_authenticate(db, "ana", NULL, PL_AUTH_OS_USER, &ana, &err) ||
	    pl_authenticate(db, "lia", NULL, PL_AUTH_OS_USER, &lia, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		pl_actor_free(adm);
		return -1;
	}
	pl_actor_free(adm);
	return 0;
}

static int close_office(void **state)
{
	(void)state;
	pl_actor_free(reg);
	pl_actor_free(neg);
	pl_actor_free(head);
	pl_actor_free(ana);
	pl_actor_free(lia);
	pl_db_close(db);
	pl_db_remove(path);
	return 0;
}

static int count_one(void *ctx, const struct pl_record *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

static long exchanges(void)
{
	struct pl_error err = {0};
	long n = 0;
	assert_int_equal(pl_exchange_list(db, neg, NULL, count_one, &n, &err), 0);
	return n;
}

static int finding_none(void *ctx, const struct pl_finding *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int notify_none(void *ctx, const struct pl_notify_item *it)
{
	(void)ctx;
	(void)it;
	return 0;
}

static int policy_none(void *ctx, const struct pl_policy_rule *r)
{
	(void)ctx;
	(void)r;
	return 0;
}

static void person(const char *side, const char *status, char ref[PL_REF_MAX])
{
	struct pl_error err = {0};
	struct pl_kv kv[] = {KV("side", side), KV("kind", "military"), KV("family_name", "Тест"),
	                     KV("status", status)};
	if (pl_person_add(db, reg, kv, status ? 4 : 3, ref, &err))
		fail_msg("person add: %s", err.msg);
}

#define DENIED(call)                                                                               \
	do {                                                                                       \
		struct pl_error e_ = {0};                                                          \
		assert_int_equal((call), PL_EPERM);                                                \
		if (!strstr(e_.msg, "may not"))                                                    \
			fail_msg("%s: %s", #call, e_.msg);                                         \
	} while (0)
#define ERR (&e_)

/* The analyst makes no call of the desk; the registrar none of the liaison's. */
static void each_call_refused_to_a_role_that_may_not(void **state)
{
	char ref[PL_EXCHANGE_REF_MAX], u[PL_REF_MAX];
	struct pl_error err = {0};
	struct pl_record r;
	struct pl_kv title = KV("title", "Ролі");
	struct pl_stage_in in = {0};
	long long id;
	long number, before;
	int blocking;
	(void)state;
	person("captive", "confirmed", u);
	assert_int_equal(pl_exchange_new(db, neg, &title, 1, ref, &err), 0);
	before = exchanges();
	DENIED(pl_exchange_new(db, ana, &title, 1, ref, ERR));
	DENIED(pl_exchange_get(db, ana, ref, &r, ERR));
	DENIED(pl_exchange_list(db, lia, NULL, count_one, NULL, ERR));
	DENIED(pl_exchange_edit(db, ana, ref, &title, 1, ERR));
	DENIED(pl_exchange_set_status(db, ana, ref, "proposed", NULL, NULL, ERR));
	DENIED(pl_exchange_set_status(db, lia, ref, "cancelled", "x", NULL, ERR));
	DENIED(pl_exchange_set_formula(db, reg, ref, "receive 1", ERR));
	DENIED(pl_exchange_add_mediator(db, ana, ref, &title, 1, &id, ERR));
	DENIED(pl_exchange_mediators(db, ana, ref, count_one, NULL, ERR));
	DENIED(pl_exchange_list_add(db, reg, ref, "request", "receive", u, NULL, ERR));
	DENIED(pl_exchange_list_remove(db, reg, ref, "request", "receive", u, "x", ERR));
	DENIED(pl_exchange_list_members(db, ana, ref, NULL, NULL, count_one, NULL, ERR));
	in.date = "2024-06-25";
	in.received = (const char *const[]){u};
	in.nreceived = 1;
	DENIED(pl_exchange_stage(db, neg, ref, &in, &number, ERR));
	DENIED(pl_exchange_stages(db, ana, ref, count_one, NULL, ERR));
	DENIED(pl_exchange_handovers(db, ana, ref, count_one, NULL, ERR));
	DENIED(pl_exchange_reconcile(db, ana, ref, 0, finding_none, NULL, ERR));
	DENIED(pl_exchange_check(db, ana, ref, finding_none, NULL, &blocking, ERR));
	DENIED(pl_policy_list(db, ana, policy_none, NULL, ERR));
	DENIED(pl_policy_set(db, neg, "convicted_given", "block", ERR));
	DENIED(pl_incident_add(db, ana, &title, 1, &id, ERR));
	DENIED(pl_incident_list(db, ana, count_one, NULL, ERR));
	DENIED(pl_reception_arrive(db, neg, u, &title, 1, NULL, ERR));
	DENIED(pl_reception_update(db, neg, u, &title, 1, ERR));
	DENIED(pl_reception_get(db, lia, u, &r, ERR));
	DENIED(pl_reception_list(db, lia, count_one, NULL, ERR));
	DENIED(pl_reception_debrief(db, neg, u, u, &title, 1, &id, ERR));
	DENIED(pl_notify_queue(db, reg, 0, notify_none, NULL, ERR));
	DENIED(pl_notify_record(db, reg, u, &title, 1, &id, ERR));
	DENIED(pl_notify_list(db, reg, NULL, count_one, NULL, ERR));
	assert_int_equal(exchanges(), before);
}

#define USAGE(call, words)                                                                         \
	do {                                                                                       \
		struct pl_error e_ = {0};                                                          \
		int rc_ = (call);                                                                  \
		if (rc_ == 0 || !strstr(e_.msg, (words)))                                          \
			fail_msg("%s: %d %s (wanted '%s')", #call, rc_, e_.msg, (words));          \
	} while (0)

/* Wrong calls, each refused with what is wrong, nothing written. */
static void wrong_calls_refused_with_what_is_wrong(void **state)
{
	char ref[PL_EXCHANGE_REF_MAX], u[PL_REF_MAX], r1[PL_REF_MAX], next[128];
	struct pl_error err = {0};
	struct pl_kv title = KV("title", "Помилки");
	struct pl_kv own_id = KV("exchange_id", "1");
	struct pl_kv kind = KV("kind", "document");
	struct pl_kv no_arrival = KV("meal", "yes");
	struct pl_stage_in in = {0};
	struct pl_kv inc[] = {KV("kind", "other"), KV("date", "2024-07-01"),
	                      KV("exchange_id", "1")};
	long long id;
	long number;
	char out[64];
	(void)state;
	person("captive", "confirmed", u);
	person("detainee", NULL, r1);
	assert_int_equal(pl_exchange_new(db, neg, &title, 1, ref, &err), 0);
	USAGE(pl_exchange_set_formula(db, neg, ref, "", ERR), "the terms are empty");
	USAGE(pl_exchange_set_formula(db, neg, ref, NULL, ERR), "the terms are empty");
	USAGE(pl_exchange_set_status(db, neg, ref, NULL, NULL, NULL, ERR),
	      "exchange status: '' is not one of draft, proposed");
	USAGE(pl_exchange_edit(db, neg, ref, &title, 0, ERR), "nothing to change");
	USAGE(pl_exchange_list_add(db, neg, ref, "maybe", "receive", u, NULL, ERR),
	      "list: 'maybe' is not one of request, agreed");
	USAGE(pl_exchange_list_members(db, neg, ref, "request", "both", count_one, NULL, ERR),
	      "side: 'both' is not one of receive, give");
	USAGE(pl_exchange_list_members(db, neg, "E-0099", NULL, NULL, count_one, NULL, ERR),
	      "no exchange E-0099");
	USAGE(pl_exchange_stages(db, neg, "E-0099", count_one, NULL, ERR), "no exchange E-0099");
	USAGE(pl_exchange_mediators(db, neg, "E-0099", count_one, NULL, ERR), "no exchange E-0099");
	USAGE(pl_exchange_list_remove(db, neg, ref, "request", "receive", u, NULL, ERR),
	      "taking a person off needs a reason");
	USAGE(pl_exchange_add_mediator(db, neg, ref, &kind, 0, &id, ERR),
	      "mediator: name: required");
	USAGE(pl_exchange_stage(db, reg, ref, &in, &number, ERR),
	      "stage: nobody crossed: name whom");
	in.received = (const char *const[]){u};
	in.nreceived = 1;
	USAGE(pl_exchange_stage(db, reg, ref, &in, &number, ERR), "stage: date: required");
	USAGE(pl_policy_set(db, head, NULL, "block", ERR), "policy: no rule '' (rules: ");
	USAGE(pl_policy_set(db, head, "no_consent", NULL, ERR), "level '' is not one of");
	USAGE(pl_incident_add(db, reg, inc, 3, &id, ERR),
	      "incident: name the exchange by its reference (exchange)");
	USAGE(pl_incident_add(db, reg, &own_id, 0, &id, ERR), "incident: kind: required");
	USAGE(pl_reception_arrive(db, reg, u, &no_arrival, 1, NULL, ERR),
	      "reception: arrived: required");
	USAGE(pl_reception_update(db, reg, u, &no_arrival, 0, ERR), "reception: nothing to change");
	USAGE(pl_reception_debrief(db, reg, u, u, &kind, 1, &id, ERR),
	      "debrief: kind is set by parley");
	USAGE(pl_notify_queue(db, lia, -1, notify_none, NULL, ERR),
	      "-1 months is not from 1 to 120");
	USAGE(pl_notify_queue(db, lia, 121, notify_none, NULL, ERR),
	      "121 months is not from 1 to 120");
	{
		struct pl_kv venue = KV("venue", "Женева");
		struct pl_kv told[] = {KV("reason", "return")};
		char ref2[PL_EXCHANGE_REF_MAX];
		USAGE(pl_exchange_new(db, neg, &venue, 1, ref2, ERR), "exchange: title: required");
		USAGE(pl_notify_record(db, lia, u, told, 1, &id, ERR), ": required");
		{
			struct pl_error e_ = {0};
			assert_int_equal(pl_notify_record(db, lia, r1, told, 1, &id, ERR),
			                 PL_EPERM);
			assert_int_equal(pl_notify_list(db, lia, r1, count_one, NULL, ERR),
			                 PL_EPERM);
		}
	}
	USAGE(pl_hotline_answer(db, reg, r1, out, sizeof(out), ERR),
	      "is a detainee: the hotline speaks of ours");
	/* nothing was written by any of them */
	{
		struct pl_record x;
		assert_int_equal(pl_exchange_get(db, neg, ref, &x, &err), 0);
		assert_null(pl_record_get(&x, "formula"));
		assert_string_equal(pl_record_get(&x, "status"), "draft");
		pl_record_release(&x);
	}
	/* a status no exchange is in goes nowhere */
	assert_int_equal(pl_exchange_transition_ok("sleeping", "draft"), 0);
	pl_exchange_status_next("sleeping", next, sizeof(next));
	assert_string_equal(next, "none: sleeping is final");
}

/* An exchange that fails while it is carried out: the registrar, who records the stages,
 * records that too; the head and the negotiator may; the analyst may not. */
static void a_failure_while_carried_out_is_recorded_by_the_registrar(void **state)
{
	char ref[PL_EXCHANGE_REF_MAX], u[PL_REF_MAX];
	struct pl_error err = {0};
	struct pl_kv title = KV("title", "Зірваний");
	struct pl_stage_in in = {0};
	struct pl_record x;
	long number;
	(void)state;
	person("captive", "confirmed", u);
	assert_int_equal(pl_exchange_new(db, neg, &title, 1, ref, &err), 0);
	assert_int_equal(pl_exchange_set_formula(db, neg, ref, "receive 1; give 1", &err), 0);
	assert_int_equal(pl_exchange_set_status(db, neg, ref, "proposed", NULL, NULL, &err), 0);
	assert_int_equal(pl_exchange_set_status(db, neg, ref, "agreed", NULL, "2024-06-01", &err),
	                 0);
	in.date = "2024-06-25";
	in.received = (const char *const[]){u};
	in.nreceived = 1;
	assert_int_equal(pl_exchange_stage(db, reg, ref, &in, &number, &err), 0);
	assert_int_equal(number, 1);
	assert_int_equal(pl_exchange_set_status(db, reg, ref, "failed", NULL, NULL, &err),
	                 PL_EDATA);
	assert_non_null(strstr(err.msg, "needs a reason"));
	assert_int_equal(pl_exchange_set_status(db, reg, ref, "failed", "обстріл", NULL, &err), 0);
	assert_int_equal(pl_exchange_get(db, neg, ref, &x, &err), 0);
	assert_string_equal(pl_record_get(&x, "status"), "failed");
	assert_string_equal(pl_record_get(&x, "status_reason"), "обстріл");
	pl_record_release(&x);
}

/* A print asked wrongly is refused with what is wrong, and no file is made. */
static void a_print_asked_wrongly_is_refused(void **state)
{
	char file[4200];
	struct pl_print_opts o = {0};
	FILE *f;
	(void)state;
	snprintf(file, sizeof(file), "%s.pdf", path);
	o.ref = "E-0001";
	o.format = PL_PRINT_PDF;
	o.path = file;
	o.lang = PL_UI_EN;
	USAGE(pl_exchange_print(db, reg, NULL, NULL, ERR), "print: name the exchange");
	o.ref = "";
	USAGE(pl_exchange_print(db, reg, &o, NULL, ERR), "print: name the exchange");
	o.ref = "E-0001";
	o.format = PL_PRINT__MAX;
	USAGE(pl_exchange_print(db, reg, &o, NULL, ERR), "print: the format is pdf or xlsx");
	o.format = PL_PRINT_XLSX;
	o.path = NULL;
	USAGE(pl_exchange_print(db, reg, &o, NULL, ERR), "print: name the file to write");
	o.path = "-";
	USAGE(pl_exchange_print(db, reg, &o, NULL, ERR),
	      "print: xlsx is not written to standard output: name a file");
	o.path = file;
	o.stage = -1;
	USAGE(pl_exchange_print(db, reg, &o, NULL, ERR), "print: stage -1: a stage is 1 or more");
	o.stage = 0;
	o.lang = PL_UI__MAX;
	USAGE(pl_exchange_print(db, reg, &o, NULL, ERR), "print: no such language");
	o.lang = PL_UI_EN;
	assert_int_equal(access(file, F_OK), -1);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	USAGE(pl_exchange_print(db, reg, &o, NULL, ERR), "already exists");
	unlink(file);
	assert_string_equal(pl_print_format_name(PL_PRINT_PDF), "pdf");
	assert_string_equal(pl_print_format_name(PL_PRINT_XLSX), "xlsx");
	assert_null(pl_print_format_name(PL_PRINT__MAX));
}

/* A callback that stops the walk (returns non-zero) stops it there, and its code is what the
 * call returns: after the n-th finding, for every n, until the walk goes through. */
struct stop_ctx {
	int calls, stop_at;
	int kinds[PL_FIND__MAX];
};

static int finding_stop(void *ctx, const struct pl_finding *f)
{
	struct stop_ctx *c = ctx;
	assert_non_null(f->text);
	c->kinds[f->kind]++;
	return ++c->calls == c->stop_at ? 77 : 0;
}

static int policy_stop(void *ctx, const struct pl_policy_rule *r)
{
	struct stop_ctx *c = ctx;
	assert_non_null(r->name);
	return ++c->calls == c->stop_at ? 77 : 0;
}

static int walk(const char *what, const char *ref)
{
	struct stop_ctx c;
	struct pl_error err = {0};
	int n, rc, blocking, total = -1;
	for (n = 1; n < 200; n++) {
		memset(&c, 0, sizeof(c));
		c.stop_at = n;
		if (!strcmp(what, "reconcile"))
			rc = pl_exchange_reconcile(db, neg, ref, 0, finding_stop, &c, &err);
		else if (!strcmp(what, "check"))
			rc = pl_exchange_check(db, neg, ref, finding_stop, &c, &blocking, &err);
		else
			rc = pl_policy_list(db, neg, policy_stop, &c, &err);
		if (rc == 0) {
			total = c.calls;
			break;
		}
		assert_int_equal(rc, 77);
		assert_int_equal(c.calls, n);
	}
	assert_int_equal(total, n - 1);
	return total;
}

static void a_callback_that_stops_stops_the_walk(void **state)
{
	char ref[PL_EXCHANGE_REF_MAX], c1[PL_REF_MAX], c2[PL_REF_MAX], c3[PL_REF_MAX],
	        d1[PL_REF_MAX];
	struct pl_error err = {0};
	struct pl_kv x[] = {KV("title", "Зупинка"), KV("announced_ours", "2"),
	                    KV("announced_theirs", "3")};
	struct pl_kv arrived = KV("arrived", "2024-06-25 14:30");
	struct pl_stage_in in = {0};
	struct stop_ctx c;
	long number;
	(void)state;
	{
		struct pl_kv w[] = {KV("side", "captive"), KV("kind", "military"),
		                    KV("family_name", "Важкий"), KV("status", "confirmed"),
		                    KV("health", "severely_wounded")};
		assert_int_equal(pl_person_add(db, reg, w, 5, c1, &err), 0);
		assert_int_equal(pl_person_add(db, reg, w, 5, c3, &err), 0);
		w[4].val = "healthy";
		assert_int_equal(pl_person_add(db, reg, w, 5, c2, &err), 0);
	}
	person("detainee", NULL, d1);
	assert_int_equal(pl_exchange_new(db, neg, x, 3, ref, &err), 0);
	assert_int_equal(
	        pl_exchange_set_formula(db, neg, ref,
	                                "receive 2 where health = severely_wounded; give 1", &err),
	        0);
	assert_int_equal(pl_exchange_set_status(db, neg, ref, "proposed", NULL, NULL, &err), 0);
	assert_int_equal(pl_exchange_set_status(db, neg, ref, "agreed", NULL, "2024-06-01", &err),
	                 0);
	assert_int_equal(pl_exchange_list_add(db, neg, ref, "agreed", "receive", c1, NULL, &err),
	                 0);
	assert_int_equal(pl_exchange_list_add(db, neg, ref, "agreed", "receive", c3, NULL, &err),
	                 0);
	assert_int_equal(pl_exchange_list_add(db, neg, ref, "agreed", "give", d1, NULL, &err), 0);
	assert_true(walk("check", ref) > 0);
	in.date = "2024-06-25";
	in.received = (const char *const[]){c1, c2};
	in.nreceived = 2;
	in.given = (const char *const[]){d1};
	in.ngiven = 1;
	assert_int_equal(pl_exchange_stage(db, reg, ref, &in, &number, &err), 0);
	assert_int_equal(pl_reception_arrive(db, reg, c1, &arrived, 1, NULL, &err), 0);
	/* every kind of finding is there to stop at */
	memset(&c, 0, sizeof(c));
	assert_int_equal(pl_exchange_reconcile(db, neg, ref, 0, finding_stop, &c, &err), 0);
	assert_int_equal(c.kinds[PL_FIND_CAME_NOT_AGREED], 1);
	assert_int_equal(c.kinds[PL_FIND_AGREED_NOT_CAME], 1);
	assert_int_equal(c.kinds[PL_FIND_STAGE_PENDING], 1);
	assert_int_equal(c.kinds[PL_FIND_TERM], 2);
	assert_int_equal(c.kinds[PL_FIND_TERM_PERSON], 1);
	assert_int_equal(c.kinds[PL_FIND_COUNT], 2);
	assert_int_equal(walk("reconcile", ref), c.calls);
	assert_int_equal(walk("policy", NULL), 6);
}

int main(void)
{
	struct pl_error err = {0};
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(each_call_refused_to_a_role_that_may_not),
	        cmocka_unit_test(wrong_calls_refused_with_what_is_wrong),
	        cmocka_unit_test(a_failure_while_carried_out_is_recorded_by_the_registrar),
	        cmocka_unit_test(a_print_asked_wrongly_is_refused),
	        cmocka_unit_test(a_callback_that_stops_stops_the_walk),
	};
	if (pl_global_init(&err)) {
		fprintf(stderr, "u-exchange: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests(tests, open_office, close_office);
}
