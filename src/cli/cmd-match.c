/* cmd-match.c - parley match: link the rows of a list to the registry */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/alloc.h"
#include "parley/match.h"
#include "parley/review.h"
#include "parley/strbuf.h"
#include "cli.h"
#include "banned.h"

static json_t *candidate_json(const struct pl_match_candidate *c)
{
	json_t *o = json_pack("{s:s, s:f, s:b, s:i, s:i}", "ref", c->ref, "score", c->score,
	                      "names_swapped", c->names_swapped, "rank", c->rank, "agreeing",
	                      c->agreeing);
	json_t *fields = json_object();
	if (!o || !fields) {
		json_decref(o);
		json_decref(fields);
		return NULL;
	}
	for (int f = 0; f < PL_MF__MAX; f++) {
		json_t *fo =
		        c->level[f] == PL_MATCH_LEVEL_MISSING
		                ? json_pack("{s:s, s:f}", "compared", "not compared", "weight", 0.0)
		                : json_pack("{s:s, s:f}", "compared", c->explain[f], "weight",
		                            c->weight[f]);
		if (!fo || json_object_set_new(fields, pl_match_field_names[f], fo)) {
			json_decref(o);
			json_decref(fields);
			return NULL;
		}
	}
	if (json_object_set_new(o, "fields", fields) ||
	    (c->latest_evidence[0] &&
	     json_object_set_new(o, "latest_evidence", json_string(c->latest_evidence)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *row_json(const struct pl_match_row *r)
{
	json_t *o =
	        json_pack("{s:I, s:I, s:s}", "row", (json_int_t)r->row, "line", (json_int_t)r->line,
	                  "decision", pl_match_decision_names[r->decision]);
	json_t *cands = json_array();
	if (!o || !cands) {
		json_decref(o);
		json_decref(cands);
		return NULL;
	}
	for (int k = 0; k < r->ncand; k++) {
		json_t *c = candidate_json(&r->cand[k]);
		if (!c || json_array_append_new(cands, c)) {
			json_decref(o);
			json_decref(cands);
			return NULL;
		}
	}
	if (json_object_set_new(o, "candidates", cands)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A CSV cell: quoted when it must be, formulas neutralised as export does. */
static void csv_cell(const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL || (*s && strchr("=+-@", *s));
	if (quote) {
		putchar('"');
		if (strchr("=+-@", *s) && *s)
			putchar('\'');
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

static void print_csv(const struct pl_match_row *rows, size_t n)
{
	fputs("row,decision,ref,score,family_name,given_name,patronymic,birth_date,unit,"
	      "other_candidates\n",
	      stdout);
	for (size_t i = 0; i < n; i++) {
		const struct pl_match_row *r = &rows[i];
		char num[32], others[512];
		size_t len = 0;
		snprintf(num, sizeof(num), "%ld", r->row);
		csv_cell(num, 0);
		csv_cell(pl_match_decision_names[r->decision], 0);
		if (r->ncand) {
			snprintf(num, sizeof(num), "%.4f", r->cand[0].score);
			csv_cell(r->cand[0].ref, 0);
			csv_cell(num, 0);
			for (int f = 0; f < PL_MF__MAX; f++)
				csv_cell(r->cand[0].level[f] == PL_MATCH_LEVEL_MISSING
				                 ? ""
				                 : r->cand[0].explain[f],
				         0);
		} else {
			for (int f = 0; f < PL_MF__MAX + 2; f++)
				csv_cell("", 0);
		}
		others[0] = '\0';
		for (int k = 1; k < r->ncand; k++) {
			int m = snprintf(others + len, sizeof(others) - len, "%s%s:%.4f",
			                 k > 1 ? ";" : "", r->cand[k].ref, r->cand[k].score);
			if (m < 0 || (size_t)m >= sizeof(others) - len)
				break;
			len += (size_t)m;
		}
		csv_cell(others, 1);
	}
}

const char *decision_text(int decision)
{
	switch (decision) {
	case PL_MATCH_MATCH:
		return _("match");
	case PL_MATCH_POSSIBLE:
		return _("possible");
	default:
		return _("none");
	}
}

const char *match_field_text(int field)
{
	const struct pl_entity *e = pl_entity(PL_ENT_PERSON);
	int i = field >= 0 && field < PL_MF__MAX ? pl_field_index(e, pl_match_field_names[field])
	                                         : -1;
	return i >= 0 ? field_label(&e->fields[i]) : "?";
}

void comparison_text(const struct pl_match_candidate *c, struct strbuf *sb)
{
	for (int f = 0; f < PL_MF__MAX; f++) {
		if (c->level[f] == PL_MATCH_LEVEL_MISSING)
			continue;
		strbuf_addf(sb, "%s%s: %s", sb->len ? "; " : "", match_field_text(f),
		            _(c->explain[f]));
	}
}

void print_last_cell(const char *s, int used)
{
	/* the rest of the line; the whole of it when there is no width to fit */
	int room = cli_columns - used;
	if (!cli_columns || room < 2)
		fputs(s, stdout);
	else
		print_cell(s, room);
}

/* the columns before WHY, whose text takes the rest of the line (cut with "…" to fit) */
static const struct column match_columns[] = {
        {N_("ROW"), 6, COL_KEEPS},   {N_("DECISION"), 10, COL_KEEPS}, {N_("REF"), 10, COL_KEEPS},
        {N_("SCORE"), 6, COL_KEEPS}, {N_("LIST"), 44, COL_SHRINKS},   {N_("WHY"), 20, COL_KEEPS},
};

/* The comparison of a row's best candidate in the rest of the line (used: the columns
 * its cells took), and the line break. */
static void print_why(const struct pl_match_row *r, int used)
{
	struct strbuf sb = STRBUF_INIT;
	if (r->ncand) {
		const struct pl_match_candidate *c = &r->cand[0];
		comparison_text(c, &sb);
		int tied = 0;
		if (c->names_swapped)
			strbuf_addf(&sb, "; %s", _("names in each other's columns"));
		for (int k = 1; k < r->ncand && r->cand[k].rank == 1; k++) {
			strbuf_addf(&sb, "%s%s", tied ? ", " : _("; tied with "), r->cand[k].ref);
			tied++;
		}
		if (r->ncand > 1 + tied)
			strbuf_addf(&sb, _(" (+%d more)"), r->ncand - 1 - tied);
	}
	print_last_cell(sb.buf ? sb.buf : "", used);
	strbuf_release(&sb);
	putchar('\n');
}

static void print_table(const struct pl_match_row *rows, size_t n)
{
	/* the rows are all here: each column takes what its values need; WHY keeps room */
	int w[6], need[6] = {0, 0, 0, 0, 0, match_columns[5].width};
	for (int pass = 0; pass < 2; pass++) {
		if (pass) {
			table_fit(match_columns, 6, need, w);
			table_heading(match_columns, 6, w);
		}
		for (size_t i = 0; i < n; i++) {
			const struct pl_match_row *r = &rows[i];
			char num[32], score[32], name[400];
			const char *cell[5];
			snprintf(num, sizeof(num), "%ld", r->row);
			snprintf(score, sizeof(score), "%.2f", r->ncand ? r->cand[0].score : 0.0);
			snprintf(name, sizeof(name), "%s %s %s %s", r->family,
			         r->given ? r->given : "", r->patronymic ? r->patronymic : "",
			         r->birth_date ? r->birth_date : "");
			cell[0] = num;
			cell[1] = decision_text((int)r->decision);
			cell[2] = r->ncand ? r->cand[0].ref : "-";
			cell[3] = score;
			cell[4] = name;
			for (int k = 0; k < 5; k++) {
				if (!pass && term_width(cell[k]) + 1 > need[k])
					need[k] = term_width(cell[k]) + 1;
				else if (pass)
					print_cell(cell[k], w[k]);
			}
			if (pass)
				print_why(r, w[0] + w[1] + w[2] + w[3] + w[4]);
		}
	}
}

/* The whole of in, at most 512 MiB (a list is kept whole to hash and save it). */
static int slurp(struct ctx *c, FILE *in, const char *label, char **out, size_t *len)
{
	size_t cap = 1 << 20, n = 0, got;
	char *buf = pl_malloc(cap);
	if (!buf)
		return pl_error_set(&c->err, PL_EDATA, "out of memory");
	while ((got = fread(buf + n, 1, cap - n, in)) > 0) {
		n += got;
		if (n == cap) {
			char *b;
			if (cap >= (size_t)512 << 20) {
				pl_free(buf);
				return pl_error_set(&c->err, PL_EDATA, "%s: larger than 512 MiB",
				                    label);
			}
			if (!(b = pl_realloc(buf, cap * 2))) {
				pl_free(buf);
				return pl_error_set(&c->err, PL_EDATA, "out of memory");
			}
			buf = b;
			cap *= 2;
		}
	}
	if (ferror(in)) {
		pl_free(buf);
		return pl_error_set(&c->err, PL_EDATA, "%s: read error: %s", label,
		                    strerror(errno));
	}
	*out = buf;
	*len = n;
	return 0;
}

static int save_run(struct ctx *c, const char *path, const char *data, size_t len,
                    const struct pl_match_row *rows, size_t n)
{
	struct pl_match_save_opts so = {
	        opt_get(c, "save"), opt_get(c, "list-date"), opt_get(c, "source"), NULL, NULL,
	        opt_get(c, "note")};
	char hash[65];
	const char *slash = strrchr(path, '/');
	long long run = 0;
	int rc;
	pl_match_file_hash(data, len, hash);
	so.file_hash = hash;
	so.file_name = strcmp(path, "-") ? (slash ? slash + 1 : path) : NULL;
	if (!so.source)
		so.source = "other_side";
	if ((rc = pl_match_save(c->db, c->actor, &so, rows, n, &run, &c->err)))
		return rc;
	fprintf(stderr,
	        _("parley: saved as match run %lld: review it with parley match review %lld\n"),
	        run, run);
	return 0;
}

/* Where each field's chance agreement (u) came from: the registry, the prior of a
 * registry too small to say, or a blend (docs/matching.md, Small registries). */
static void print_u_sources(const struct pl_match_stats *st)
{
	static const char *const source_text[PL_MATCH_U__MAX] = {
	        [PL_MATCH_U_REGISTRY] = N_("registry"),
	        [PL_MATCH_U_BLEND] = N_("blend"),
	        [PL_MATCH_U_PRIOR] = N_("prior"),
	};
	struct strbuf sb = STRBUF_INIT;
	for (int f = 0; f < PL_MF__MAX; f++)
		strbuf_addf(&sb, "%s%s %s (%.1f%%)", f ? ", " : "", match_field_text(f),
		            _(source_text[st->u_source[f]]),
		            floor(1000 * st->u_registry_share[f]) / 10);
	fprintf(stderr, _("parley: chance agreement from (the registry's share): %s\n"),
	        sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

static int run_match(struct ctx *c)
{
	const char *path = c->a.pos[0], *out = opt_get(c, "output");
	struct pl_match_read_opts ro = {PL_FMT_CSV, NULL, 0};
	struct pl_match_opts mo = {opt_get(c, "side"), 0, 0};
	struct pl_match_stats st;
	struct pl_match_row *rows = NULL;
	char *data = NULL;
	size_t n = 0, len = 0;
	FILE *in;
	int rc;

	if (file_format(c, "match", path, &ro.format) ||
	    opt_probability(c, "match-at", &mo.match_at) ||
	    opt_probability(c, "possible-at", &mo.possible_at))
		return PL_EUSAGE;
	if (out && strcmp(out, "table") && strcmp(out, "csv") && strcmp(out, "json"))
		return usage_error(c, "--output: '%s' is not table, csv or json", out);
	if (c->json)
		out = "json";
	if (!opt_has(c, "save") &&
	    (opt_has(c, "source") || opt_has(c, "list-date") || opt_has(c, "note")))
		return usage_error(c, "match: --source, --list-date and --note describe a run "
		                      "saved with --save LABEL");
	/* saving is match.review's: refused (and recorded) before any work */
	if (opt_has(c, "save") && !pl_roles_may(pl_actor_roles(c->actor), PL_OP_MATCH_REVIEW))
		return pl_authorize(c->db, c->actor, PL_OP_MATCH_REVIEW, &c->err);
	ro.label = strcmp(path, "-") ? path : "<stdin>";
	in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in)
		return pl_error_set(&c->err, errno == ENOENT ? PL_ENOTFOUND : PL_EDATA, "%s: %s",
		                    path, strerror(errno));
	rc = slurp(c, in, ro.label, &data, &len);
	if (in != stdin)
		fclose(in);
	if (rc)
		return rc;
	if (!(in = fmemopen(data, len ? len : 1, "rb"))) {
		pl_free(data);
		return pl_error_set(&c->err, PL_EDATA, "out of memory");
	}
	if (!len)
		fgetc(in);
	rc = pl_match_read(in, &ro, print_diag, NULL, &rows, &n, &c->err);
	fclose(in);
	if (rc) {
		pl_free(data);
		return rc;
	}
	if ((rc = ensure_name_index(c)) ||
	    (rc = pl_match(c->db, c->actor, rows, n, &mo, &st, &c->err)))
		goto done;
	if (opt_has(c, "save") && n && (rc = save_run(c, path, data, len, rows, n)))
		goto done;
	if (out && !strcmp(out, "json")) {
		struct json_stream js;
		json_stream_begin(&js);
		for (size_t i = 0; i < n; i++) {
			json_t *j = row_json(&rows[i]);
			if (!j) {
				rc = pl_error_set(&c->err, PL_EDATA, "out of memory");
				goto done;
			}
			json_stream_item(&js, j);
		}
		json_stream_end(&js);
	} else if (out && !strcmp(out, "csv")) {
		print_csv(rows, n);
	} else {
		print_table(rows, n);
	}
	if (!c->quiet) /* the global --quiet: no bar, no summary */
		fprintf(stderr,
		        _("parley: %zu rows: %zu matched, %zu possible (to review), %zu not in the "
		          "registry; %zu pairs compared, EM %d iterations; %.2f s\n"),
		        n, st.decided[PL_MATCH_MATCH], st.decided[PL_MATCH_POSSIBLE],
		        st.decided[PL_MATCH_NONE], st.pairs, st.em_iterations,
		        st.seconds_index + st.seconds_match);
	if (!c->quiet)
		print_u_sources(&st);
done:
	pl_match_rows_free(rows, n);
	pl_free(data);
	return rc;
}

static const struct opt match_opts[] = {
        {.name = "format",
         .arg = "FORMAT",
         .help = "csv or jsonl (default: from the file's name)",
         .values = V_TOKENS("csv", "jsonl")},
        {.name = "output",
         .arg = "FORM",
         .help = "table (default), csv or json (also --json)",
         .values = V_TOKENS("table", "csv", "json")},
        {.name = "side",
         .arg = "SIDE",
         .help = "match only captives or only detainees",
         .values = V_FIELD("person.side")},
        {.name = "match-at", .arg = "P", .help = "a match from this probability on (default 0.5)"},
        {.name = "possible-at",
         .arg = "P",
         .help = "a possible match (to review) from P on (default 0.2)"},
        {.name = "save",
         .arg = "LABEL",
         .help = "save the run for review (parley match review) as LABEL"},
        {.name = "source",
         .arg = "SOURCE",
         .help = "who sent the list: other_side (default), icrc, mediator, relatives, "
                 "open_source, other",
         .values = V_LIST(pl_match_sources)},
        {.name = "list-date",
         .arg = "DATE",
         .help = "the list's own date (YYYY-MM-DD or DD.MM.YYYY)"},
        {.name = "note", .arg = "TEXT", .help = "a note on the saved run"},
        {.name = NULL},
};

const struct command cmd_match[] = {
        {.name = "match",
         .usage = "FILE|- [--format csv|jsonl] [--output table|csv|json] [--side SIDE] [--save "
                  "LABEL [--source SOURCE] [--list-date DATE] [--note TEXT]]",
         .summary = "link every row of a list (CSV or JSON Lines, any script) to the registry",
         .description =
                 "Links every row of a list to the registry. The list is CSV with a header or "
                 "JSON Lines, with the columns of an import file; `family_name` is needed, "
                 "`given_name`, `patronymic`, `birth_date` and `unit` are compared, other "
                 "columns are read past. Names may be in any script and system (Сергей Ковалёв, "
                 "SERGEI KOVALEV, Serhii Kovalov), dates `YYYY-MM-DD`, `DD.MM.YYYY`, `MM.YYYY` or "
                 "`YYYY`.\n\n"
                 "Each row gets a decision, `match`, `possible` (for a person to review) or "
                 "`none`, and its candidates (at most 5), each with the probability that it is "
                 "the row's person and, per field, what the comparison found (\"same name in the "
                 "other language\", \"day and month swapped\", \"one letter apart\") and its "
                 "weight in bits. Candidates share the surname (or one a letter away, or the "
                 "given name when the columns are swapped); the weights come from the list "
                 "itself (EM) and from how common each name is in the registry "
                 "(docs/matching.md). A row is a match from probability 0.5 (`--match-at`), "
                 "possible from 0.2 (`--possible-at`); a person is the match of one row at "
                 "most.\n\n"
                 "Prints a table (ROW DECISION REF SCORE LIST WHY), `--output csv` (row, "
                 "decision, ref, score, the five comparisons, other candidates) or JSON "
                 "(`--json`: `row`, `line`, `decision`, `candidates` with `ref`, `score`, "
                 "`rank`, `agreeing`, `names_swapped` and `fields`), and a summary on standard "
                 "error that says, for each field, whether how often its values agree by "
                 "chance was measured on the registry, taken from a fixed prior (a registry "
                 "too small to say) or a blend of both. Candidates of equal score share a "
                 "rank and are ordered by the fields agreeing, then by the latest evidence "
                 "(where the account may see evidence), then by reference; when the first two "
                 "tie, the row is never a `match`, and WHY names the tie (docs/matching.md, "
                 "Ties). A bad row is "
                 "named as FILE:LINE:COLUMN and nothing is matched.\n\n"
                 "Writes nothing, but with `--save LABEL`, which keeps the run for `parley match "
                 "review` with the list's source (`other_side` by default, `icrc`, `mediator`, "
                 "`relatives`, `open_source`, `other`), its own date, the file's name and "
                 "BLAKE2b hash. Needs person.list (registrar, liaison, negotiator, head); "
                 "`--save` needs match.review (registrar, head).",
         .examples = "parley match other-side.csv --side captive\n"
                     "parley match other-side.csv --save \"список 31.05\" --list-date 31.05.2024\n"
                     "parley match list.jsonl --output csv --quiet > decisions.csv",
         .flags = CMD_DB | CMD_ACTOR | CMD_PROGRESS,
         .min_pos = 1,
         .max_pos = 1,
         .opts = match_opts,
         .args = {V_FILE},
         .run = run_match},
        {.name = NULL},
};
