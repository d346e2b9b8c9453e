/* cmd-stats.c - parley stats: the office at a glance */
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

struct stats_ctx {
	struct ctx *c;
	json_t *root;
	const char *group;
};

static const char *title(const char *group)
{
	static const struct {
		const char *g, *t;
	} titles[] = {
	        {"side", "persons"},
	        {"captive.status", "our people held by the other side, by status"},
	        {"captive.kind", "captives, military and civilian"},
	        {"captive.health", "captives by health"},
	        {"captive.sex", "captives by sex"},
	        {"detainee.status", "the exchange fund (detainees), by status"},
	        {"detainee.kind", "detainees, military and civilian"},
	        {"detainee.consent", "detainees' consent to be exchanged"},
	        {"work", "the office's work"},
	};
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (!strcmp(titles[i].g, group))
			return titles[i].t;
	return group;
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
		json_object_set_new(g, r->key ? r->key : "", json_integer(r->count));
		return 0;
	}
	if (!s->group || strcmp(s->group, r->group)) {
		printf("%s%s\n", s->group ? "\n" : "", title(r->group));
		s->group = r->group;
	}
	printf("  %-22s %8lld\n", r->key ? r->key : "-", r->count);
	return 0;
}

static int run_stats(struct ctx *c)
{
	struct stats_ctx s = {c, c->json ? json_object() : NULL, NULL};
	int rc;
	if (!c->json)
		printf("parley: %s\n\n", c->db_path);
	rc = pl_stats(c->db, &c->actor, stats_one, &s, &c->err);
	if (!rc && s.root)
		rc = print_json(s.root, 1);
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
