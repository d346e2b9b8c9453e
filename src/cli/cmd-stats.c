/* cmd-stats.c - parley stats: the office at a glance */
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

struct stats_ctx {
	struct ctx *c;
	json_t *root;
	/* text: the rows of the group being gathered, printed with their total at its end */
	const char *group; /* NULL, or group_buf */
	char group_buf[64];
	struct {
		const char *key;
		long long count;
		int suppressed;
	} rows[32];
	int nrows;
	long long total; /* of the group being gathered; -1 suppressed */
	int groups;
	const char *heading; /* printed before the first group: the file and the time */
};

static const struct {
	const char *group, *title;
	const char *const *tokens; /* the values the keys are */
	int total;                 /* the rows add up to a whole */
} groups[] = {
        {"side", N_("persons"), pl_sides, 1},
        {"captive.status", N_("our people held by the other side, by status"), pl_captive_statuses,
         1},
        {"captive.kind", N_("captives, military and civilian"), pl_kinds, 1},
        {"captive.health", N_("captives by health"), pl_health, 1},
        {"captive.sex", N_("captives by sex"), pl_sexes, 1},
        {"detainee.status", N_("the exchange fund (detainees), by status"), pl_detainee_statuses,
         1},
        {"detainee.kind", N_("detainees, military and civilian"), pl_kinds, 1},
        {"detainee.consent", N_("detainees' consent to be exchanged"), pl_yes_no_unknown, 1},
        {"work", N_("the office's work"), NULL, 0},
};

static const char *work_label(const char *key)
{
	static const char *const labels[][2] = {
	        {"relatives", N_("relatives")},
	        {"inquiries", N_("inquiries")},
	        {"evidence", N_("evidence")},
	        {"events", N_("events")},
	        {"status_changes", N_("status changes")},
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i][0], key))
			return _(labels[i][1]);
	return key;
}

static int group_index(const char *group)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (!strcmp(groups[i].group, group))
			return (int)i;
	return -1;
}

/* count -1: a cell of fewer than PL_STATS_MIN_CELL persons; -2: withheld, as it would
 * give such a cell away */
static void print_row(const char *label, long long count)
{
	char n[32], small[16];
	snprintf(small, sizeof(small), "<%d", PL_STATS_MIN_CELL);
	printf("  ");
	print_cell(label, 34);
	print_cell_right(count == -1   ? small
	                 : count == -2 ? "—"
	                               : num_text(count, n, sizeof(n)),
	                 11);
	putchar('\n');
}

/* Prints the gathered group: its title, each row in words, and its total. */
static void flush_group(struct stats_ctx *s)
{
	int g;
	if (!s->group)
		return;
	g = group_index(s->group);
	if (!s->groups)
		printf("%s\n", s->heading);
	printf("%s%s\n", s->groups++ ? "\n" : "", g >= 0 ? _(groups[g].title) : s->group);
	for (int i = 0; i < s->nrows; i++) {
		const char *key = s->rows[i].key, *label;
		if (!key)
			label = _("not recorded");
		else if (g >= 0 && groups[g].tokens)
			label = _(pl_token_label(groups[g].tokens, key));
		else
			label = work_label(key);
		print_row(label, s->rows[i].suppressed ? -s->rows[i].suppressed : s->rows[i].count);
	}
	if (g >= 0 && groups[g].total)
		print_row(_("total"), s->total);
	for (int i = 0; i < s->nrows; i++)
		pl_free((void *)s->rows[i].key);
	s->nrows = 0;
	s->group = NULL;
}

static int stats_one(void *ctx, const struct pl_stats_row *r)
{
	struct stats_ctx *s = ctx;
	if (s->root) {
		json_t *g = json_object_get(s->root, r->group);
		if (!g) {
			g = json_object();
			json_object_set_new(s->root, r->group, g);
		}
		if (r->suppressed) {
			char small[16];
			snprintf(small, sizeof(small), "<%d", PL_STATS_MIN_CELL);
			json_object_set_new(g, r->key ? r->key : "",
			                    json_string(r->suppressed == 1 ? small : "withheld"));
		} else {
			json_object_set_new(g, r->key ? r->key : "", json_integer(r->count));
		}
		return 0;
	}
	if (s->group && strcmp(s->group, r->group))
		flush_group(s);
	if (!s->nrows)
		s->total = r->total;
	if (s->nrows == (int)(sizeof(s->rows) / sizeof(s->rows[0])))
		return pl_error_set(&s->c->err, PL_EDATA, "stats: too many rows in %s", r->group);
	snprintf(s->group_buf, sizeof(s->group_buf), "%s", r->group);
	s->group = s->group_buf;
	s->rows[s->nrows].key = r->key ? pl_strdup(r->key) : NULL;
	s->rows[s->nrows].count = r->count;
	s->rows[s->nrows].suppressed = r->suppressed;
	s->nrows++;
	return 0;
}

static int run_stats(struct ctx *c)
{
	struct stats_ctx s = {.c = c, .root = c->json ? json_object() : NULL};
	char as_of[32], when[32], heading[1200];
	time_t now = time(NULL);
	int rc;
	/* the moment the counts are read, in the heading and in JSON */
	strftime(as_of, sizeof(as_of), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	strftime(when, sizeof(when),
	         cli_lang == PL_UI_UK ? "%d.%m.%Y %H:%M UTC" : "%Y-%m-%d %H:%M UTC", gmtime(&now));
	snprintf(heading, sizeof(heading), _("%s, as of %s\n"), c->db_path, when);
	s.heading = heading;
	rc = pl_stats(c->db, c->actor, stats_one, &s, &c->err);
	if (!rc && s.root) {
		json_object_set_new(s.root, "as_of", json_string(as_of));
		rc = print_json(s.root, 1);
	} else if (!rc) {
		flush_group(&s);
	}
	for (int i = 0; i < s.nrows; i++)
		pl_free((void *)s.rows[i].key);
	json_decref(s.root);
	return rc;
}

const struct command cmd_stats[] = {
        {.name = "stats",
         .usage = "",
         .summary = "the office at a glance: counts by side, status, kind, health",
         .description = "Prints the data file's name and the counts of persons by side; of "
                        "captives by status, kind, health category and sex; of detainees by "
                        "status, kind and consent to be exchanged; and of relatives, "
                        "inquiries, evidence, events and status changes. `--json` gives an "
                        "object of the same counts. Merged duplicates are left out. Registrars, "
                        "negotiators, analysts and heads.",
         .examples = "parley stats\n"
                     "parley --as demo-analyst stats --json",
         .flags = CMD_DB | CMD_ACTOR,
         .run = run_stats},
        {.name = NULL},
};
