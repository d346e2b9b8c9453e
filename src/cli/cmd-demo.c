/* cmd-demo.c - parley demo: a reproducible demo office in an empty file */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

struct demo_out {
	struct ctx *c;
	json_t *accounts;
	int shown;
};

static int account_one(void *ctx, const char *login, const char *role, const char *password)
{
	struct demo_out *o = ctx;
	if (o->accounts) {
		json_array_append_new(o->accounts, json_pack("{s:s, s:s, s:s}", "login", login,
		                                             "role", role, "password", password));
		return 0;
	}
	if (!o->shown++) {
		char me[64];
		pl_os_user(me, sizeof(me));
		printf(_("demo accounts: they act from the operating-system user %s without a "
		         "password; parley keeps no copy of the passwords below\n"),
		       me);
		print_cell(_("login"), 20);
		print_cell(_("role"), 14);
		printf("%s\n", _("password"));
	}
	print_cell(login, 20);
	print_cell(role, 14);
	printf("%s\n", password);
	return 0;
}

static int run_demo(struct ctx *c)
{
	struct demo_out o = {c, c->json ? json_array() : NULL, 0};
	struct pl_demo_counts n;
	long seed;
	int rc;
	if ((rc = opt_long(c, "seed", 1, &seed)))
		return rc;
	memset(&n, 0, sizeof(n));
	rc = pl_demo(c->db, c->actor, (unsigned long)seed, account_one, &o, &n, &c->err);
	if (!rc && c->json) {
		json_t *j = json_pack(
		        "{s:I, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
		        "s:I}}",
		        "seed", (json_int_t)seed, "accounts", o.accounts, "counts", "captives",
		        (json_int_t)n.captives, "civilians", (json_int_t)n.civilians, "detainees",
		        (json_int_t)n.detainees, "returned", (json_int_t)n.returned, "exchanges",
		        (json_int_t)n.exchanges, "relatives", (json_int_t)n.relatives, "inquiries",
		        (json_int_t)n.inquiries, "evidence", (json_int_t)n.evidence, "events",
		        (json_int_t)n.events, "negotiations", (json_int_t)n.negotiations,
		        "sessions", (json_int_t)n.sessions);
		o.accounts = NULL; /* the object holds it now */
		rc = print_json(j, 1);
		json_decref(j);
	} else if (!rc) {
		const struct {
			const char *what;
			long n;
		} rows[] = {
		        {N_("captives"), n.captives},
		        {N_("of them civilians"), n.civilians},
		        {N_("of them returned"), n.returned},
		        {N_("detainees"), n.detainees},
		        {N_("exchanges carried out"), n.exchanges},
		        {N_("relatives"), n.relatives},
		        {N_("inquiries"), n.inquiries},
		        {N_("evidence"), n.evidence},
		        {N_("events"), n.events},
		        {N_("negotiations"), n.negotiations},
		        {N_("negotiation sessions"), n.sessions},
		};
		printf("\n");
		printf(_("demo office (seed %ld):\n"), seed);
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			char num[32];
			printf("  ");
			print_cell(_(rows[i].what), 22);
			print_cell_right(num_text(rows[i].n, num, sizeof(num)), 9);
			putchar('\n');
		}
	}
	json_decref(o.accounts);
	return rc;
}

static const struct opt demo_opts[] = {
        {.name = "seed",
         .arg = "N",
         .help = "the office drawn from seed N (default 1): the same N, the same office"},
        {.name = NULL},
};

const struct command cmd_demo[] = {
        {.name = "demo",
         .usage = "[--seed N]",
         .summary = "fill an empty file with a reproducible demo office (admin): about 8,400 "
                    "captives, 3,135 of them returned in 51 exchanges, 11 handed to Hungary, "
                    "an exchange fund of 3,000 detainees, their families' inquiries; one "
                    "demo-ROLE account per role, passwords printed once",
         .description =
                 "Fills a data file that holds no case data yet (only accounts) with a demo "
                 "office drawn from seed N: captives and detainees with their statuses and "
                 "their whole histories, events, evidence, relatives and their inquiries; the 51 "
                 "exchanges that brought the returned home (their mediators, terms, lists, "
                 "stages, deviations from what was agreed, the reception of every returnee and "
                 "the families told), one more agreed and not yet carried out, and the "
                 "incident of the 11 handed to Hungary; the negotiation desk behind the "
                 "exchanges (five channels with their sessions, preparation, statement "
                 "ledger, the other side's negotiators and their profiles, and pressure "
                 "incidents on families); in one transaction, every row audited "
                 "(action `demo`). The same seed gives the same office. "
                 "Adds one account per role, `demo-registrar`, `demo-head` and so on, and prints "
                 "their passwords once, then the counts of what it made. Admins only.",
         .examples = "parley --db demo.db init --admin chief\n"
                     "parley --db demo.db --as chief demo --seed 1",
         .flags = CMD_DB | CMD_ACTOR | CMD_PROGRESS,
         .opts = demo_opts,
         .run = run_demo},
        {.name = NULL},
};
