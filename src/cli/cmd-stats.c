/* cmd-stats.c - parley stats: the office at a glance; parley stats exchanges: the statistics
 * and patterns of exchanges (xstats.h) */
#include <math.h>
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

/* --- parley stats exchanges --------------------------------------------------------------- */

/* The columns a string takes on a terminal: Cyrillic and Latin letters one each. */
static int text_width(const char *s)
{
	int w = 0;
	for (; s && *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* A cell as a person reads it, in buf. */
static const char *cell_text(const struct pl_xcol *col, const struct pl_xcell *cell, char *buf,
                             size_t cap)
{
	switch (cell->state) {
	case PL_XCELL_SMALL:
		snprintf(buf, cap, "<%d", PL_STATS_MIN_CELL);
		return buf;
	case PL_XCELL_WITHHELD:
		return "—";
	case PL_XCELL_NONE:
		return "";
	case PL_XCELL_SHOWN:
		break;
	}
	switch (col->kind) {
	case PL_XCOL_TEXT:
		return cell->label ? cell->label : cell->token ? cell->token : "";
	case PL_XCOL_COUNT:
		return num_text((long long)cell->value, buf, cap);
	case PL_XCOL_SHARE:
		snprintf(buf, cap, "%.1f%%", 100 * cell->value);
		break;
	case PL_XCOL_NUMBER:
		if (col->decimals == 0) {
			num_text(llround(cell->value), buf, cap);
			return buf;
		}
		snprintf(buf, cap, "%.*f", col->decimals, cell->value);
		break;
	}
	if (cli_lang == PL_UI_UK) /* a decimal comma */
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
	return buf;
}

/* A cell as a program reads it (CSV): tokens, plain numbers, "<5", "withheld". */
static const char *cell_data(const struct pl_xcol *col, const struct pl_xcell *cell, char *buf,
                             size_t cap)
{
	switch (cell->state) {
	case PL_XCELL_SMALL:
		snprintf(buf, cap, "<%d", PL_STATS_MIN_CELL);
		return buf;
	case PL_XCELL_WITHHELD:
		return "withheld";
	case PL_XCELL_NONE:
		return "";
	case PL_XCELL_SHOWN:
		break;
	}
	if (col->kind == PL_XCOL_TEXT)
		return cell->token ? cell->token : "";
	if (col->kind == PL_XCOL_COUNT || (col->kind == PL_XCOL_NUMBER && col->decimals == 0))
		snprintf(buf, cap, "%lld", llround(cell->value));
	else
		snprintf(buf, cap, "%.*f", col->kind == PL_XCOL_SHARE ? 4 : col->decimals + 2,
		         cell->value);
	return buf;
}

static json_t *cell_json(const struct pl_xcol *col, const struct pl_xcell *cell)
{
	char buf[64];
	switch (cell->state) {
	case PL_XCELL_SMALL:
		snprintf(buf, sizeof(buf), "<%d", PL_STATS_MIN_CELL);
		return json_string(buf);
	case PL_XCELL_WITHHELD:
		return json_string("withheld");
	case PL_XCELL_NONE:
		return json_null();
	case PL_XCELL_SHOWN:
		break;
	}
	if (col->kind == PL_XCOL_TEXT)
		return cell->token ? json_string(cell->token) : json_null();
	if (col->kind == PL_XCOL_COUNT || (col->kind == PL_XCOL_NUMBER && col->decimals == 0))
		return json_integer(llround(cell->value));
	return json_real(cell->value);
}

static void print_table(const struct pl_xtable *t)
{
	int w[32];
	struct column cols[32];
	char buf[64];
	size_t nc = t->ncols < 32 ? t->ncols : 32;
	printf("\n%s\n", t->title);
	/* a title is never cut; a text cell is, past 48 columns, but in the last column */
	for (size_t c = 0; c < nc; c++) {
		w[c] = text_width(t->cols[c].title);
		for (size_t r = 0; r < t->nrows; r++) {
			int cw = text_width(
			        cell_text(&t->cols[c], pl_xtable_cell(t, r, c), buf, sizeof(buf)));
			if (cw > w[c])
				w[c] = cw < 48 || c + 1 == nc ? cw : 48 > w[c] ? 48 : w[c];
		}
		w[c] += 2;
	}
	/* then the table fits the terminal: its text gives up width first, numbers never */
	for (size_t c = 0; c < nc; c++) {
		cols[c].heading = t->cols[c].title;
		cols[c].width = w[c];
		cols[c].flags = t->cols[c].kind == PL_XCOL_TEXT ? COL_SHRINKS : COL_KEEPS;
	}
	table_fit_in(cols, (int)nc, NULL, w, cli_columns > 2 ? cli_columns - 2 : cli_columns);
	printf("  ");
	for (size_t c = 0; c < nc; c++) {
		if (t->cols[c].kind == PL_XCOL_TEXT)
			print_cell(t->cols[c].title, w[c]);
		else
			print_cell_right(t->cols[c].title, w[c] - 1), putchar(' ');
	}
	putchar('\n');
	if (!t->nrows)
		printf("  %s\n", _("(none)"));
	for (size_t r = 0; r < t->nrows; r++) {
		printf("  ");
		for (size_t c = 0; c < nc; c++) {
			const char *s =
			        cell_text(&t->cols[c], pl_xtable_cell(t, r, c), buf, sizeof(buf));
			if (t->cols[c].kind == PL_XCOL_TEXT)
				print_cell(s, w[c]);
			else
				print_cell_right(s, w[c] - 1), putchar(' ');
		}
		putchar('\n');
	}
	if (t->note)
		printf("  (%s)\n", t->note);
}

/* One CSV field, quoted when it needs to be, and a cell that a spreadsheet would run as
 * a formula neutralised (as export does). */
static void csv_field(const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (*s == '=' || *s == '+' || *s == '@' ||
	    (*s == '-' && s[1] && !(s[1] >= '0' && s[1] <= '9')))
		putchar('\''), quote = 1;
	if (quote) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else {
		fputs(s, stdout);
	}
	putchar(last ? '\n' : ',');
}

static const char *const xtable_names[] = {"summary", "by_month",  "exchanges",        "mediators",
                                           "asked",   "captivity", "captivity_median", "lift",
                                           "model",   NULL};

static const char *model_state_token(enum pl_xmodel_state s)
{
	static const char *const names[PL_XMODEL__MAX] = {
	        [PL_XMODEL_FIT] = "fit",
	        [PL_XMODEL_TOO_FEW] = "too_few",
	        [PL_XMODEL_SEPARATION] = "separation",
	        [PL_XMODEL_SINGULAR] = "singular",
	        [PL_XMODEL_NO_CONVERGENCE] = "no_convergence",
	};
	return s < PL_XMODEL__MAX ? names[s] : "?";
}

static int run_stats_exchanges(struct ctx *c)
{
	struct pl_xstats x;
	struct pl_xstats_opts o = {.as_of = opt_get(c, "as-of"), .lang = cli_lang};
	const char *only = opt_get(c, "table");
	int csv = opt_has(c, "csv"), rc;
	char buf[64];

	if (only && !pl_token_in(only, xtable_names)) {
		char list[256];
		pl_tokens_join(xtable_names, list, sizeof(list));
		return usage_error(c, "stats exchanges: --table: '%s' is none of %s", only, list);
	}
	if (csv && c->json)
		return usage_error(c, "stats exchanges: --csv or --json, not both");
	if ((rc = pl_xstats_compute(c->db, c->actor, &o, &x, &c->err)))
		return rc;
	if (c->json) {
		json_t *root = json_object(), *tables = json_object(), *model = json_object();
		json_object_set_new(root, "as_of", json_string(x.as_of));
		json_object_set_new(root, "counts_only", json_boolean(x.counts_only));
		json_object_set_new(root, "exchanges_told_only", json_boolean(x.told_only));
		for (size_t t = 0; t < x.ntables; t++) {
			const struct pl_xtable *tb = &x.tables[t];
			json_t *rows;
			if (only && strcmp(only, tb->name))
				continue;
			rows = json_array();
			for (size_t r = 0; r < tb->nrows; r++) {
				json_t *row = json_object();
				for (size_t col = 0; col < tb->ncols; col++)
					json_object_set_new(row, tb->cols[col].name,
					                    cell_json(&tb->cols[col],
					                              pl_xtable_cell(tb, r, col)));
				json_array_append_new(rows, row);
			}
			json_object_set_new(tables, tb->name, rows);
		}
		json_object_set_new(root, "tables", tables);
		json_object_set_new(model, "state", json_string(model_state_token(x.model_state)));
		json_object_set_new(model, "message", json_string(x.model_message));
		json_object_set_new(model, "persons", json_integer(x.model_n));
		json_object_set_new(model, "returned", json_integer(x.model_events));
		json_object_set_new(model, "iterations", json_integer(x.model_iterations));
		if (x.model_state == PL_XMODEL_FIT) {
			json_object_set_new(model, "deviance", json_real(x.model_deviance));
			json_object_set_new(model, "null_deviance",
			                    json_real(x.model_null_deviance));
		}
		json_object_set_new(root, "model", model);
		rc = print_json(root, 1);
		json_decref(root);
	} else if (csv && only) {
		const struct pl_xtable *tb = pl_xstats_table(&x, only);
		for (size_t col = 0; tb && col < tb->ncols; col++)
			csv_field(tb->cols[col].name, col + 1 == tb->ncols);
		for (size_t r = 0; tb && r < tb->nrows; r++)
			for (size_t col = 0; col < tb->ncols; col++)
				csv_field(cell_data(&tb->cols[col], pl_xtable_cell(tb, r, col), buf,
				                    sizeof(buf)),
				          col + 1 == tb->ncols);
	} else if (csv) {
		/* every table in one: a line a cell */
		printf("table,row,column,value\n");
		for (size_t t = 0; t < x.ntables; t++) {
			const struct pl_xtable *tb = &x.tables[t];
			for (size_t r = 0; r < tb->nrows; r++)
				for (size_t col = 0; col < tb->ncols; col++) {
					char row[32];
					snprintf(row, sizeof(row), "%zu", r + 1);
					csv_field(tb->name, 0);
					csv_field(row, 0);
					csv_field(tb->cols[col].name, 0);
					csv_field(cell_data(&tb->cols[col],
					                    pl_xtable_cell(tb, r, col), buf,
					                    sizeof(buf)),
					          1);
				}
		}
	} else {
		printf(_("%s, as of %s\n"), c->db_path, x.as_of);
		if (x.counts_only)
			printf("%s\n",
			       _("counts only: no cell of fewer than 5 persons (<5), nor one a "
			         "total would give away (shown as a dash)"));
		if (x.told_only)
			printf("%s\n", _("exchanges counted once carried out and all of ours they "
			                 "delivered are home"));
		for (size_t t = 0; t < x.ntables; t++) {
			if (only && strcmp(only, x.tables[t].name))
				continue;
			print_table(&x.tables[t]);
			if (!strcmp(x.tables[t].name, "model"))
				printf("  %s\n", x.model_message);
		}
	}
	pl_xstats_release(&x);
	return rc;
}

static const struct opt stats_exchanges_opts[] = {
        {.name = "table",
         .arg = "NAME",
         .help = "one table: summary, by_month, exchanges, mediators, asked, captivity, "
                 "captivity_median, lift or model",
         .values = V_LIST(xtable_names)},
        {.name = "csv",
         .help = "CSV: with --table, that table; without, every cell of every table as a "
                 "line (table, row, column, value)"},
        {.name = "as-of",
         .arg = "DATE",
         .help = "the day times in captivity are counted to (YYYY-MM-DD; default today)"},
        {.name = NULL},
};

const struct command cmd_stats_exchanges[] = {
        {.name = "stats exchanges",
         .usage = "[--table NAME] [--csv] [--as-of DATE]",
         .summary = "statistics and patterns of exchanges: returned over time, by mediator, "
                    "agreed against delivered, who is returned (a logistic model)",
         .description =
                 "Prints the statistics of exchanges (docs/exchanges.md, Statistics): `summary` "
                 "(exchanges that took place, persons returned, still held); `by_month` "
                 "(exchanges, ours received at their stages, persons returned); `exchanges` "
                 "(each exchange: ours agreed and received, how many of them agreed, who came "
                 "unagreed, who was agreed and did not come, the formula's terms held and "
                 "broken and by how many short, theirs agreed and handed over); `mediators`; "
                 "`asked` (by category: ours on the lists and ours handed back, theirs on the "
                 "lists and theirs handed over); `captivity` and `captivity_median` (time in "
                 "captivity of the returned and of those still held); `lift` (by attribute: "
                 "persons, returned, still held, the share returned and its lift); and "
                 "`model`, a logistic model of being returned with odds ratios and their 95% "
                 "intervals.\n\n"
                 "`--table NAME` prints one table; `--csv` prints CSV (one table with "
                 "`--table`, else every cell as a line of table, row, column, value); "
                 "`--json` an object of the tables by name, each an array of rows, and the "
                 "model's state. `--as-of DATE` sets the day times in captivity are counted "
                 "to. A role that sees counts only (an analyst) sees no cell of fewer than 5 "
                 "persons (`<5`) nor one a total would give away (`—`, `withheld` in CSV and "
                 "JSON), and exchanges only once carried out and all of ours they delivered "
                 "are home. Registrars, negotiators, analysts and heads; `parley report` "
                 "draws the same.",
         .examples = "parley stats exchanges\n"
                     "parley stats exchanges --table model\n"
                     "parley stats exchanges --table by_month --csv  # for a spreadsheet\n"
                     "parley --as demo-analyst stats exchanges --json",
         .flags = CMD_DB | CMD_ACTOR,
         .max_pos = 0,
         .opts = stats_exchanges_opts,
         .run = run_stats_exchanges},
        {.name = NULL},
};
