/* review.c - saved match runs, their review row by row, and merges of duplicate persons
 *
 * A run (pl_match_save) keeps a list matched against the registry: the list's label, date,
 * source and file, and each row with the matcher's decision and candidates (as compact
 * JSON). pl_match_review accepts or rejects rows; an accepted row may add the list as
 * evidence to its person. pl_person_merge joins a duplicate to the person kept. Every
 * call is one audited transaction: it writes all it was asked, or nothing. The SQL is
 * in store-match.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/review.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "internal.h"
#include "banned.h"

#define BIT(i) (1ULL << (i))

/* The most rows one run takes: a list of a million names is already far beyond any. */
#define MAX_ROWS 1000000L
/* Merges followed from a person to the one finally kept. */
#define MAX_CHAIN 64

const char *const pl_match_sources[] = {"other_side",  "icrc",  "mediator", "relatives",
                                        "open_source", "other", NULL};

/* What an accepted row of a list of each source adds as evidence, in pl_match_sources order */
static const struct {
	const char *kind, *reliability, *credibility, *phrase;
} source_info[] = {
        {"other_side_list", "C", "3", "other side's list"},
        {"icrc_notification", "B", "2", "ICRC list"},
        {"document", "C", "3", "mediator's list"},
        {"relative_report", "D", "3", "relatives' list"},
        {"open_source", "E", "3", "open-source list"},
        {"document", "F", "6", "list"},
};

const char *const pl_review_state_names[PL_REVIEW__MAX] = {"pending", "accepted", "rejected"};

/* The matcher's decisions as stored, in enum pl_match_decision order. */
static const char *const decision_names[] = {"none", "possible", "match", NULL};

/* The values a run and its rows are checked against (lengths in bytes). */
/* PL_V_NAME: one line, no control characters; what a list gives is shown on one line */
static const struct pl_field f_label = {"label", PL_V_NAME, 0, NULL, 100, NULL, NULL};
static const struct pl_field f_list_date = {"list_date", PL_V_DATE, 0, NULL, 0, NULL, NULL};
static const struct pl_field f_source = {"source", PL_V_ENUM, 0, pl_match_sources, 0, NULL, NULL};
static const struct pl_field f_file_name = {"file_name", PL_V_NAME, 0, NULL, 255, NULL, NULL};
static const struct pl_field f_note = {"note", PL_V_TEXT, 0, NULL, 2000, NULL, NULL};
static const struct pl_field f_reason = {"reason", PL_V_TEXT, 0, NULL, 1000, NULL, NULL};
static const struct pl_field f_explain = {"explain", PL_V_NAME, 0, NULL, 200, NULL, NULL};
static const struct pl_field f_row[] = {
        {"family_name", PL_V_NAME, 0, NULL, 200, NULL, NULL},
        {"given_name", PL_V_NAME, 0, NULL, 200, NULL, NULL},
        {"patronymic", PL_V_NAME, 0, NULL, 200, NULL, NULL},
        {"birth_date", PL_V_NAME, 0, NULL, 50, NULL, NULL}, /* as the list wrote it */
        {"unit", PL_V_NAME, 0, NULL, 200, NULL, NULL},
};

static int source_index(const char *source)
{
	for (int i = 0; pl_match_sources[i]; i++)
		if (!strcmp(pl_match_sources[i], source))
			return i;
	return (int)(sizeof(source_info) / sizeof(source_info[0])) - 1; /* "other" */
}

void pl_match_file_hash(const void *data, size_t len, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* "U-000123" or "R-000045": a letter, a dash, digits; fits PL_REF_MAX. */
static int ref_valid(const char *ref)
{
	size_t n = ref ? strnlen(ref, PL_REF_MAX) : 0;
	if (n < 3 || n >= PL_REF_MAX || (ref[0] != 'U' && ref[0] != 'R') || ref[1] != '-')
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!isdigit((unsigned char)ref[i]))
			return 0;
	return 1;
}

static int ref_usage(const char *ref, struct pl_error *err)
{
	char shown[24];
	size_t k = 0;
	/* the bad value as typed, cut short and without control characters */
	for (const char *p = ref ? ref : ""; *p && k < sizeof(shown) - 1; p++)
		shown[k++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
	shown[k] = '\0';
	return pl_error_set(err, PL_EUSAGE, "'%s' is not a person reference (U-000123 or R-000045)",
	                    shown);
}

/* --- saving a run --- */

static int hash_normalize(const char *in, char out[65], struct pl_error *err)
{
	size_t n = strlen(in);
	if (n != 64)
		goto bad;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)in[i]))
			goto bad;
		out[i] = (char)tolower((unsigned char)in[i]);
	}
	out[64] = '\0';
	return 0;
bad:
	return pl_error_set(err, PL_EDATA,
	                    "file_hash: expected the BLAKE2b-256 of the file as 64 hex digits");
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The row numbers must be 1 or more and distinct. */
static int rows_numbers_check(const struct pl_match_row *rows, size_t n, struct pl_error *err)
{
	long *v = pl_malloc(n * sizeof(*v));
	int rc = 0;
	if (!v)
		return pl_error_set(err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (rows[i].row < 1) {
			rc = pl_error_set(err, PL_EUSAGE, "row %ld: row numbers start at 1",
			                  rows[i].row);
			goto out;
		}
		v[i] = rows[i].row;
	}
	qsort(v, n, sizeof(*v), cmp_long);
	for (size_t i = 1; i < n; i++)
		if (v[i] == v[i - 1]) {
			rc = pl_error_set(err, PL_EUSAGE, "row %ld is given twice", v[i]);
			goto out;
		}
out:
	pl_free(v);
	return rc;
}

/* Sets key of o to v; v is consumed (jansson frees it when it cannot be set). */
static int put(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v);
}

/* Checks one candidate and appends it to arr as JSON. */
static int candidate_json(struct pl_db *db, long row, int k, const struct pl_match_candidate *c,
                          json_t *arr, struct pl_error *err)
{
	json_t *o, *level, *weight, *explain;
	char ref[PL_REF_MAX], side[16];
	int exists = 0, rc;

	if (c->person_id < 1)
		return pl_error_set(err, PL_EDATA, "row %ld: candidate %d: no person", row, k + 1);
	if ((rc = store_person_brief(db->st, c->person_id, ref, side, &exists, err)))
		return rc;
	if (!exists)
		return pl_error_set(err, PL_EDATA, "row %ld: candidate %d: no person %lld", row,
		                    k + 1, c->person_id);
	if (strncmp(c->ref, ref, PL_REF_MAX))
		return pl_error_set(err, PL_EDATA,
		                    "row %ld: candidate %d: person %lld is %s, not %s", row, k + 1,
		                    c->person_id, ref, ref_valid(c->ref) ? c->ref : "that");
	if (!isfinite(c->score) || c->score < 0 || c->score > 1)
		return pl_error_set(err, PL_EDATA,
		                    "row %ld: candidate %s: the score is not in 0..1", row, ref);
	for (int f = 0; f < PL_MF__MAX; f++)
		if (c->level[f] < PL_MATCH_LEVEL_MISSING || c->level[f] > 15 ||
		    !isfinite(c->weight[f]) || fabs(c->weight[f]) > 1000)
			return pl_error_set(
			        err, PL_EDATA,
			        "row %ld: candidate %s: %s: level or weight out of range", row, ref,
			        f_row[f].name);
	/* o owns each part as soon as it is made: one decref frees what was built */
	if (!(o = json_object()))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (put(o, "id", json_integer(c->person_id)) || put(o, "ref", json_string(ref)) ||
	    put(o, "score", json_real(c->score)) || put(o, "level", level = json_array()) ||
	    put(o, "weight", weight = json_array()) || put(o, "explain", explain = json_array()))
		goto nomem;
	for (int f = 0; f < PL_MF__MAX; f++) {
		char *e = NULL;
		if ((rc = pl_field_normalize(&f_explain, c->explain[f], &e, err))) {
			json_decref(o);
			pl_error_prefix(err, "row %ld: candidate %s: %s", row, ref, f_row[f].name);
			return rc;
		}
		rc = json_array_append_new(explain, e ? json_string(e) : json_null());
		pl_free(e);
		if (rc || json_array_append_new(level, json_integer(c->level[f])) ||
		    json_array_append_new(weight, json_real(c->weight[f])))
			goto nomem;
	}
	if (json_array_append_new(arr, o))
		return pl_error_set(err, PL_EDATA, "out of memory");
	return 0;
nomem:
	json_decref(o);
	return pl_error_set(err, PL_EDATA, "out of memory");
}

/* The candidates of a row as compact JSON (pl_free), every one checked. */
static int candidates_json(struct pl_db *db, const struct pl_match_row *r, char **out,
                           struct pl_error *err)
{
	json_t *arr = json_array();
	char *s;
	int rc = 0;
	if (!arr)
		return pl_error_set(err, PL_EDATA, "out of memory");
	for (int k = 0; k < r->ncand && !rc; k++) {
		for (int j = 0; j < k && !rc; j++)
			if (r->cand[j].person_id == r->cand[k].person_id)
				rc = pl_error_set(err, PL_EDATA,
				                  "row %ld: person %.*s is a candidate "
				                  "twice",
				                  r->row, PL_REF_MAX - 1, r->cand[k].ref);
		if (!rc)
			rc = candidate_json(db, r->row, k, &r->cand[k], arr, err);
	}
	if (rc) {
		json_decref(arr);
		return rc;
	}
	s = json_dumps(arr, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(arr);
	if (!s)
		return pl_error_set(err, PL_EDATA, "out of memory");
	*out = pl_strdup(s);
	free(s);
	return *out ? 0 : pl_error_set(err, PL_EDATA, "out of memory");
}

static int save_row(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                    const struct pl_match_row *r, struct pl_error *err)
{
	const char *in[5] = {r->family, r->given, r->patronymic, r->birth_date, r->unit};
	char *v[5] = {0}, *cands = NULL;
	struct store_match_row w = {0};
	long long id;
	int rc = 0;

	if (r->decision < PL_MATCH_NONE || r->decision > PL_MATCH_MATCH)
		return pl_error_set(err, PL_EDATA, "row %ld: no such decision", r->row);
	if (r->ncand < 0 || r->ncand > PL_MATCH_MAX_CANDIDATES)
		return pl_error_set(err, PL_EDATA, "row %ld: %d candidates (0 to %d)", r->row,
		                    r->ncand, PL_MATCH_MAX_CANDIDATES);
	if (r->decision != PL_MATCH_NONE && r->ncand == 0)
		return pl_error_set(err, PL_EDATA, "row %ld: decided %s without a candidate",
		                    r->row, decision_names[r->decision]);
	if (r->line < 0)
		return pl_error_set(err, PL_EDATA, "row %ld: line %ld", r->row, r->line);
	for (int i = 0; i < 5 && !rc; i++)
		if ((rc = pl_field_normalize(&f_row[i], in[i], &v[i], err)))
			pl_error_prefix(err, "row %ld", r->row);
	if (!rc)
		rc = candidates_json(db, r, &cands, err);
	if (!rc) {
		w.run_id = run_id;
		w.row = r->row;
		w.line = r->line;
		w.family = v[0];
		w.given = v[1];
		w.patronymic = v[2];
		w.birth_date = v[3];
		w.unit = v[4];
		w.decision = decision_names[r->decision];
		w.candidates = cands;
		rc = store_match_row_insert(db, &w, &id, err);
	}
	if (!rc)
		rc = audit_write(db, actor, "match.save", "match_rows", id, NULL, NULL, err);
	for (int i = 0; i < 5; i++)
		pl_free(v[i]);
	pl_free(cands);
	return rc;
}

int pl_match_save(struct pl_db *db, const struct pl_actor *actor,
                  const struct pl_match_save_opts *meta, const struct pl_match_row *rows, size_t n,
                  long long *run_id, struct pl_error *err)
{
	struct store_match_run run = {0};
	char *label = NULL, *list_date = NULL, *source = NULL, *file_name = NULL, *note = NULL;
	char hash[65];
	long long id;
	int rc;

	if ((rc = pl_authorize(db, actor, PL_OP_MATCH_REVIEW, err)))
		return rc;
	if (!actor->account_id)
		return pl_error_set(err, PL_EUSAGE, "match runs are saved by an account");
	if (!meta || !meta->label || !*meta->label)
		return pl_error_set(err, PL_EUSAGE, "a match run needs a label");
	if (!meta->source || !*meta->source) {
		char list[160];
		pl_tokens_join(pl_match_sources, list, sizeof(list));
		return pl_error_set(err, PL_EUSAGE, "a match run needs its source (%s)",
		                    list);
	}
	if (!rows || n == 0)
		return pl_error_set(err, PL_EUSAGE, "a match run needs at least one row");
	if (n > (size_t)MAX_ROWS)
		return pl_error_set(err, PL_EUSAGE, "a match run takes at most %ld rows", MAX_ROWS);
	if ((rc = pl_field_normalize(&f_label, meta->label, &label, err)) ||
	    (rc = pl_field_normalize(&f_source, meta->source, &source, err)) ||
	    (rc = pl_field_normalize(&f_list_date, meta->list_date, &list_date, err)) ||
	    (rc = pl_field_normalize(&f_file_name, meta->file_name, &file_name, err)) ||
	    (rc = pl_field_normalize(&f_note, meta->note, &note, err)))
		goto out;
	if (!label || !source) {
		rc = pl_error_set(err, PL_EUSAGE, "a match run needs a label and a source");
		goto out;
	}
	if (file_name && strchr(file_name, '/')) {
		rc = pl_error_set(err, PL_EDATA,
		                  "file_name: the name of the file, without a "
		                  "directory");
		goto out;
	}
	if (meta->file_hash && (rc = hash_normalize(meta->file_hash, hash, err)))
		goto out;
	if ((rc = rows_numbers_check(rows, n, err)))
		goto out;

	run.label = label;
	run.list_date = list_date;
	run.source = source;
	run.file_name = file_name;
	run.file_hash = meta->file_hash ? hash : NULL;
	run.note = note;
	run.author_id = actor->account_id;
	run.rows = (long long)n;
	for (size_t i = 0; i < n; i++) {
		run.matches += rows[i].decision == PL_MATCH_MATCH;
		run.possible += rows[i].decision == PL_MATCH_POSSIBLE;
		run.none += rows[i].decision == PL_MATCH_NONE;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = store_match_run_insert(db, &run, &id, err)) ||
	    (rc = audit_write(db, actor, "match.save", "match_runs", id, NULL, NULL, err)))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if ((rc = save_row(db, actor, id, &rows[i], err)))
			goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	*run_id = id;
	goto out;
fail:
	store_rollback(db);
out:
	pl_free(label);
	pl_free(list_date);
	pl_free(source);
	pl_free(file_name);
	pl_free(note);
	return rc;
}

/* --- listing runs and rows --- */

struct runs_ctx {
	pl_match_run_cb cb;
	void *ctx;
	int seen;
};

static int run_one(void *ctx, const struct store_match_run *r)
{
	struct runs_ctx *c = ctx;
	struct pl_match_run out = {
	        .id = r->id,
	        .label = r->label,
	        .list_date = r->list_date,
	        .source = r->source,
	        .file_name = r->file_name,
	        .file_hash = r->file_hash,
	        .note = r->note,
	        .author = r->author,
	        .created = r->created,
	        .rows = r->rows,
	        .matches = r->matches,
	        .possible = r->possible,
	        .none = r->none,
	        .pending = r->pending,
	        .accepted = r->accepted,
	        .rejected = r->rejected,
	};
	c->seen++;
	return c->cb ? c->cb(c->ctx, &out) : 0;
}

int pl_match_runs(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                  pl_match_run_cb cb, void *ctx, struct pl_error *err)
{
	struct runs_ctx c = {cb, ctx, 0};
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_MATCH_REVIEW, err)))
		return rc;
	if (run_id < 0)
		return pl_error_set(err, PL_EUSAGE, "run numbers start at 1");
	if ((rc = store_match_runs(db->st, run_id, run_one, &c, err)))
		return rc;
	if (run_id && !c.seen)
		return pl_error_set(err, PL_ENOTFOUND, "no match run %lld", run_id);
	return 0;
}

static enum pl_match_decision decision_of(const char *s)
{
	for (int i = 0; decision_names[i]; i++)
		if (!strcmp(decision_names[i], s))
			return (enum pl_match_decision)i;
	return PL_MATCH_NONE;
}

static enum pl_review_state state_of(const char *s)
{
	for (int i = 0; i < PL_REVIEW__MAX; i++)
		if (!strcmp(pl_review_state_names[i], s))
			return (enum pl_review_state)i;
	return PL_REVIEW_PENDING;
}

/* Fills c from one element of a row's stored candidates; -1 when it is damaged. */
static int candidate_from_json(json_t *o, struct pl_match_candidate *c)
{
	json_t *id = json_object_get(o, "id"), *ref = json_object_get(o, "ref");
	json_t *score = json_object_get(o, "score"), *level = json_object_get(o, "level");
	json_t *weight = json_object_get(o, "weight"), *explain = json_object_get(o, "explain");
	memset(c, 0, sizeof(*c));
	if (!json_is_integer(id) || !json_is_string(ref) || !json_is_number(score) ||
	    !json_is_array(level) || !json_is_array(weight) || !json_is_array(explain) ||
	    json_array_size(level) != PL_MF__MAX || json_array_size(weight) != PL_MF__MAX ||
	    json_array_size(explain) != PL_MF__MAX || strlen(json_string_value(ref)) >= PL_REF_MAX)
		return -1;
	c->person_id = json_integer_value(id);
	snprintf(c->ref, sizeof(c->ref), "%s", json_string_value(ref));
	c->score = json_number_value(score);
	for (int f = 0; f < PL_MF__MAX; f++) {
		json_t *l = json_array_get(level, (size_t)f),
		       *w = json_array_get(weight, (size_t)f);
		json_t *e = json_array_get(explain, (size_t)f);
		if (!json_is_integer(l) || !json_is_number(w) ||
		    !(json_is_string(e) || json_is_null(e)))
			return -1;
		c->level[f] = (signed char)json_integer_value(l);
		c->weight[f] = json_number_value(w);
		c->explain[f] = json_is_string(e) ? json_string_value(e) : NULL;
	}
	return 0;
}

/* The stored candidates of a row (json_decref *arr after use); PL_EINTEGRITY if damaged. */
static int candidates_load(const struct store_match_row *r, json_t **arr, struct pl_error *err)
{
	json_error_t je;
	*arr = json_loads(r->candidates, JSON_REJECT_DUPLICATES, &je);
	if (!*arr || !json_is_array(*arr) || json_array_size(*arr) > PL_MATCH_MAX_CANDIDATES) {
		json_decref(*arr);
		*arr = NULL;
		return pl_error_set(err, PL_EINTEGRITY,
		                    "match run %lld row %lld: the stored candidates are damaged",
		                    r->run_id, r->row);
	}
	return 0;
}

struct rows_ctx {
	struct pl_db *db;
	pl_review_row_cb cb;
	void *ctx;
	struct pl_error *err;
};

/* The person c names, as the registry has it now, into out (values owned by *rec). */
static int candidate_person(struct pl_db *db, struct pl_review_candidate *out,
                            struct pl_record *rec, char into_ref[PL_REF_MAX], struct pl_error *err)
{
	long long into = 0;
	int rc = store_get(db->st, pl_entity(PL_ENT_PERSON), out->m.person_id, rec, err);
	if (rc == PL_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	out->family = pl_record_get(rec, "family_name");
	out->given = pl_record_get(rec, "given_name");
	out->patronymic = pl_record_get(rec, "patronymic");
	out->birth_date = pl_record_get(rec, "birth_date");
	out->unit = pl_record_get(rec, "unit");
	if ((rc = store_person_merged_into(db->st, out->m.person_id, &into, into_ref, err)))
		return rc;
	out->merged_into = into ? into_ref : NULL;
	return 0;
}

static int row_one(void *ctx, const struct store_match_row *r)
{
	struct rows_ctx *c = ctx;
	struct pl_review_row out;
	struct pl_record recs[PL_MATCH_MAX_CANDIDATES];
	char into[PL_MATCH_MAX_CANDIDATES][PL_REF_MAX];
	json_t *arr = NULL;
	int rc, k;

	memset(&out, 0, sizeof(out));
	memset(recs, 0, sizeof(recs));
	if ((rc = candidates_load(r, &arr, c->err)))
		return rc;
	out.run_id = r->run_id;
	out.row = (long)r->row;
	out.line = (long)r->line;
	out.family = r->family;
	out.given = r->given;
	out.patronymic = r->patronymic;
	out.birth_date = r->birth_date;
	out.unit = r->unit;
	out.decision = decision_of(r->decision);
	out.state = state_of(r->review);
	out.person_ref = r->person_ref;
	out.evidence_id = r->evidence_id;
	out.reviewer = r->reviewer;
	out.reviewed = r->reviewed;
	out.note = r->note;
	for (k = 0; k < (int)json_array_size(arr); k++) {
		if (candidate_from_json(json_array_get(arr, (size_t)k), &out.cand[k].m)) {
			rc = pl_error_set(
			        c->err, PL_EINTEGRITY,
			        "match run %lld row %lld: the stored candidates are damaged",
			        r->run_id, r->row);
			break;
		}
		if ((rc = candidate_person(c->db, &out.cand[k], &recs[k], into[k], c->err)))
			break;
	}
	out.ncand = k;
	if (!rc)
		rc = c->cb(c->ctx, &out);
	for (int i = 0; i < PL_MATCH_MAX_CANDIDATES; i++)
		if (recs[i].v)
			pl_record_release(&recs[i]);
	json_decref(arr);
	return rc;
}

int pl_match_review_rows(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                         const struct pl_review_filter *filter, pl_review_row_cb cb, void *ctx,
                         struct pl_error *err)
{
	static const struct pl_review_filter all;
	const struct pl_review_filter *f = filter ? filter : &all;
	struct rows_ctx c = {db, cb, ctx, err};
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_MATCH_REVIEW, err)))
		return rc;
	if (f->state &&
	    !pl_token_in(f->state, (const char *const[]){"pending", "accepted", "rejected", NULL}))
		return pl_error_set(err, PL_EUSAGE,
		                    "'%s' is not a review state (pending, accepted, rejected)",
		                    f->state);
	if (f->decision && !pl_token_in(f->decision, decision_names))
		return pl_error_set(err, PL_EUSAGE,
		                    "'%s' is not a decision of the matcher (none, possible, match)",
		                    f->decision);
	if (f->row < 0)
		return pl_error_set(err, PL_EUSAGE, "row numbers start at 1");
	if (run_id < 1)
		return pl_error_set(err, PL_EUSAGE, "run numbers start at 1");
	{
		struct runs_ctx r = {NULL, NULL, 0};
		if ((rc = store_match_runs(db->st, run_id, run_one, &r, err)))
			return rc;
		if (!r.seen)
			return pl_error_set(err, PL_ENOTFOUND, "no match run %lld", run_id);
	}
	return store_match_rows(db->st, run_id, f->state, f->decision, f->row, row_one, &c, err);
}

/* --- decisions --- */

/* A run as a decision needs it. */
struct run_info {
	int found;
	char label[128];
	char list_date[16];
	int source; /* index into pl_match_sources and source_info */
};

static int run_info_one(void *ctx, const struct store_match_run *r)
{
	struct run_info *ri = ctx;
	ri->found = 1;
	snprintf(ri->label, sizeof(ri->label), "%s", r->label);
	snprintf(ri->list_date, sizeof(ri->list_date), "%s", r->list_date ? r->list_date : "");
	ri->source = source_index(r->source);
	return 0;
}

/* A row as a decision needs it. */
struct row_info {
	int found;
	long long id;
	long row, line;
	char review[16], reviewer[64], reviewed[24];
	char best_ref[PL_REF_MAX]; /* the best candidate; "" when none */
	char *as_listed; /* "Ковалёв Сергей Иванович, 02.03.1985, ..." (pl_free) */
	struct pl_error *err;
};

static int row_info_one(void *ctx, const struct store_match_row *r)
{
	struct row_info *ri = ctx;
	struct strbuf sb = STRBUF_INIT;
	const char *parts[] = {r->family, r->given, r->patronymic};
	json_t *arr;
	int rc;
	ri->found = 1;
	ri->id = r->id;
	ri->row = (long)r->row;
	ri->line = (long)r->line;
	snprintf(ri->review, sizeof(ri->review), "%s", r->review);
	snprintf(ri->reviewer, sizeof(ri->reviewer), "%s", r->reviewer ? r->reviewer : "?");
	snprintf(ri->reviewed, sizeof(ri->reviewed), "%s", r->reviewed ? r->reviewed : "?");
	if ((rc = candidates_load(r, &arr, ri->err)))
		return rc;
	ri->best_ref[0] = '\0';
	if (json_array_size(arr)) {
		struct pl_match_candidate c;
		if (candidate_from_json(json_array_get(arr, 0), &c)) {
			json_decref(arr);
			return pl_error_set(
			        ri->err, PL_EINTEGRITY,
			        "match run %lld row %lld: the stored candidates are damaged",
			        r->run_id, r->row);
		}
		snprintf(ri->best_ref, sizeof(ri->best_ref), "%s", c.ref);
	}
	json_decref(arr);
	for (int i = 0; i < 3; i++)
		if (parts[i])
			strbuf_addf(&sb, "%s%s", sb.len ? " " : "", parts[i]);
	if (r->birth_date)
		strbuf_addf(&sb, ", born %s", r->birth_date);
	if (r->unit)
		strbuf_addf(&sb, ", unit %s", r->unit);
	if (sb.failed) {
		strbuf_release(&sb);
		return pl_error_set(ri->err, PL_EDATA, "out of memory");
	}
	pl_free(ri->as_listed);
	ri->as_listed = strbuf_detach(&sb);
	return 0;
}

static int row_load(struct pl_db *db, long long run_id, long row, struct row_info *ri,
                    struct pl_error *err)
{
	int rc;
	ri->found = 0;
	ri->err = err;
	if ((rc = store_match_rows(db->st, run_id, NULL, NULL, row, row_info_one, ri, err)))
		return rc;
	if (!ri->found)
		return pl_error_set(err, PL_ENOTFOUND, "match run %lld has no row %ld", run_id,
		                    row);
	return 0;
}

/* The evidence an accepted row adds: the list, its date, the row, as the list gave it. */
static int accept_evidence(struct pl_db *db, const struct pl_actor *actor,
                           const struct run_info *run, const struct row_info *ri, const char *ref,
                           const char *rel, const char *cred, const char *note, long long *eid,
                           struct pl_error *err)
{
	char source[256];
	struct strbuf text = STRBUF_INIT;
	struct pl_kv kv[6];
	size_t n = 0;
	int rc;

	if (run->list_date[0])
		snprintf(source, sizeof(source), "%s \"%s\" of %s, row %ld",
		         source_info[run->source].phrase, run->label, run->list_date, ri->row);
	else
		snprintf(source, sizeof(source), "%s \"%s\", row %ld",
		         source_info[run->source].phrase, run->label, ri->row);
	strbuf_addf(&text, "row %ld", ri->row);
	if (ri->line > 0)
		strbuf_addf(&text, " (line %ld)", ri->line);
	strbuf_addf(&text, " as listed: %s", ri->as_listed ? ri->as_listed : "");
	if (note)
		strbuf_addf(&text, "\n%s", note);
	if (text.failed) {
		strbuf_release(&text);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	kv[n++] = (struct pl_kv){"kind", source_info[run->source].kind};
	kv[n++] = (struct pl_kv){"source", source};
	if (run->list_date[0])
		kv[n++] = (struct pl_kv){"date", run->list_date};
	kv[n++] = (struct pl_kv){"reliability", rel ? rel : source_info[run->source].reliability};
	kv[n++] = (struct pl_kv){"credibility", cred ? cred : source_info[run->source].credibility};
	kv[n++] = (struct pl_kv){"note", text.buf};
	rc = person_evidence_insert(db, actor, ref, kv, n, "match.evidence", eid, err);
	strbuf_release(&text);
	return rc;
}

struct decide_opts {
	const struct pl_review_opts *o;
	const char *note; /* normalized */
	const char *rel, *cred;
};

static int decide(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                  const struct run_info *run, struct row_info *ri, int accept, const char *ref,
                  const struct decide_opts *dopt, struct pl_review_result *res,
                  struct pl_error *err)
{
	struct store_match_row w = {0};
	struct pl_record p = {0};
	long long eid = 0;
	int rc;

	if (strcmp(ri->review, "pending"))
		return pl_error_set(
		        err, PL_EDATA,
		        "row %ld of match run %lld was %s already (by %s, %s): a row is "
		        "decided once",
		        ri->row, run_id, ri->review, ri->reviewer, ri->reviewed);
	w.id = ri->id;
	w.reviewer_id = actor->account_id;
	w.note = dopt->note;
	if (!accept) {
		w.review = "rejected";
		if ((rc = store_match_row_review(db, &w, err)))
			return rc;
		res->rejected++;
		return audit_write(db, actor, "match.reject", "match_rows", ri->id, NULL,
		                   "review,reviewer_id,reviewed,note", err);
	}
	if (!ref) {
		if (!ri->best_ref[0])
			return pl_error_cond(err, PL_EDATA, PL_COND_NAME_PERSON,
			                     "row %ld has no candidate: name the person to accept",
			                     ri->row);
		ref = ri->best_ref;
	}
	if ((rc = store_person_by_ref(db->st, ref, &p, err))) {
		pl_error_prefix(err, "row %ld", ri->row);
		return rc;
	}
	if ((rc = person_merged_refuse(db, p.id, ref, err))) {
		pl_error_prefix(err, "row %ld", ri->row);
		goto out;
	}
	if (dopt->o->evidence && (rc = accept_evidence(db, actor, run, ri, ref, dopt->rel,
	                                               dopt->cred, dopt->note, &eid, err)))
		goto out;
	w.review = "accepted";
	w.person_id = p.id;
	w.evidence_id = eid;
	if ((rc = store_match_row_review(db, &w, err)) ||
	    (rc = audit_write(db, actor, "match.accept", "match_rows", ri->id, ref,
	                      "review,person_id,evidence_id,reviewer_id,reviewed,note", err)))
		goto out;
	res->accepted++;
	res->evidence += eid != 0;
out:
	pl_record_release(&p);
	return rc;
}

struct pending_ctx {
	long *rows;
	size_t n, cap;
	struct pl_error *err;
};

static int pending_one(void *ctx, const struct store_match_row *r)
{
	struct pending_ctx *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		long *v = pl_realloc(c->rows, cap * sizeof(*v));
		if (!v)
			return pl_error_set(c->err, PL_EDATA, "out of memory");
		c->rows = v;
		c->cap = cap;
	}
	c->rows[c->n++] = (long)r->row;
	return 0;
}

/* Checks the decisions before anything is written. */
static int decisions_check(const struct pl_review_decision *d, size_t n, struct pl_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (d[i].row < 1)
			return pl_error_set(err, PL_EUSAGE, "row %ld: row numbers start at 1",
			                    d[i].row);
		if (d[i].ref && (!d[i].accept || !ref_valid(d[i].ref)))
			return d[i].accept ? ref_usage(d[i].ref, err)
			                   : pl_error_set(err, PL_EUSAGE,
			                                  "row %ld: a rejection names no person",
			                                  d[i].row);
		for (size_t j = 0; j < i; j++)
			if (d[j].row == d[i].row)
				return pl_error_set(err, PL_EUSAGE, "row %ld is decided twice",
				                    d[i].row);
	}
	return 0;
}

static int named(const struct pl_review_decision *d, size_t n, long row)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].row == row)
			return 1;
	return 0;
}

int pl_match_review(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                    const struct pl_review_decision *d, size_t n, const struct pl_review_opts *opts,
                    struct pl_review_result *res, struct pl_error *err)
{
	static const struct pl_review_opts no_opts;
	const struct pl_entity *ev = pl_entity(PL_ENT_EVIDENCE);
	struct pl_review_result r = {0};
	struct run_info run = {0};
	struct row_info ri = {0};
	struct pending_ctx pend = {NULL, 0, 0, err};
	struct decide_opts dopt = {opts ? opts : &no_opts, NULL, NULL, NULL};
	char *note = NULL, *rel = NULL, *cred = NULL;
	int rc;

	if ((rc = pl_authorize(db, actor, PL_OP_MATCH_REVIEW, err)))
		return rc;
	if (dopt.o->evidence && (rc = pl_authorize(db, actor, PL_OP_PERSON_EVIDENCE, err)))
		return rc;
	if (!actor->account_id)
		return pl_error_set(err, PL_EUSAGE, "rows are decided by an account");
	if (run_id < 1)
		return pl_error_set(err, PL_EUSAGE, "run numbers start at 1");
	if ((n && !d) || (!n && !dopt.o->accept_matches))
		return pl_error_set(err, PL_EUSAGE,
		                    "nothing to decide: accept a row (with the person, where it "
		                    "has no candidate), reject a row, or accept every match");
	if ((rc = decisions_check(d, n, err)))
		return rc;
	if (!dopt.o->evidence && (dopt.o->reliability || dopt.o->credibility))
		return pl_error_set(err, PL_EUSAGE,
		                    "reliability and credibility grade evidence: name the "
		                    "evidence they grade");
	if ((rc = pl_field_normalize(&f_note, dopt.o->note, &note, err)) ||
	    (rc = pl_field_normalize(&ev->fields[pl_field_index(ev, "reliability")],
	                             dopt.o->reliability, &rel, err)) ||
	    (rc = pl_field_normalize(&ev->fields[pl_field_index(ev, "credibility")],
	                             dopt.o->credibility, &cred, err)))
		goto out;
	dopt.note = note;
	dopt.rel = rel;
	dopt.cred = cred;

	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = store_match_runs(db->st, run_id, run_info_one, &run, err)))
		goto fail;
	if (!run.found) {
		rc = pl_error_set(err, PL_ENOTFOUND, "no match run %lld", run_id);
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = row_load(db, run_id, d[i].row, &ri, err)) ||
		    (rc = decide(db, actor, run_id, &run, &ri, d[i].accept, d[i].ref, &dopt, &r,
		                 err)))
			goto fail;
	if (dopt.o->accept_matches) {
		/* gathered first: the rows are written while they are decided */
		if ((rc = store_match_rows(db->st, run_id, "pending", "match", 0, pending_one,
		                           &pend, err)))
			goto fail;
		for (size_t i = 0; i < pend.n; i++) {
			if (named(d, n, pend.rows[i]))
				continue;
			if ((rc = row_load(db, run_id, pend.rows[i], &ri, err)) ||
			    (rc = decide(db, actor, run_id, &run, &ri, 1, NULL, &dopt, &r, err)))
				goto fail;
		}
	}
	if ((rc = store_commit(db, err)))
		goto out;
	if (res)
		*res = r;
	goto out;
fail:
	store_rollback(db);
out:
	pl_free(pend.rows);
	pl_free(ri.as_listed);
	pl_free(note);
	pl_free(rel);
	pl_free(cred);
	return rc;
}

/* --- merges --- */

int person_merged_refuse(struct pl_db *db, long long person_id, const char *ref,
                         struct pl_error *err)
{
	char into_ref[PL_REF_MAX], next_ref[PL_REF_MAX];
	long long into, next;
	int rc;
	if ((rc = store_person_merged_into(db->st, person_id, &into, into_ref, err)) || !into)
		return rc;
	/* name the person finally kept, when that one was merged in turn */
	for (int i = 0; i < MAX_CHAIN; i++) {
		if ((rc = store_person_merged_into(db->st, into, &next, next_ref, err)))
			return rc;
		if (!next)
			break;
		into = next;
		memcpy(into_ref, next_ref, sizeof(into_ref));
	}
	return pl_error_set(err, PL_EDATA,
	                    "%s was merged into %s and takes no more writes: record it under %s",
	                    ref ? ref : "the person", into_ref, into_ref);
}

struct extras_ctx {
	struct pl_record *p;
	struct strbuf from;
	int failed;
};

static int merged_into_one(void *ctx, const struct store_merge *m)
{
	struct extras_ctx *x = ctx;
	if (pl_record_add_extra(x->p, "merged_into", m->person_ref) ||
	    pl_record_add_extra(x->p, "merged", m->recorded) ||
	    pl_record_add_extra(x->p, "merge_reason", m->reason) ||
	    pl_record_add_extra(x->p, "merged_by", m->author))
		x->failed = 1;
	return 0;
}

static int merged_from_one(void *ctx, const struct store_merge *m)
{
	struct extras_ctx *x = ctx;
	strbuf_addf(&x->from, "%s%s", x->from.len ? ", " : "", m->merged_ref);
	return 0;
}

int person_merge_extras(struct pl_db *db, struct pl_record *p, struct pl_error *err)
{
	struct extras_ctx x = {p, STRBUF_INIT, 0};
	int rc;
	if ((rc = store_person_merges(db->st, p->id, 0, merged_into_one, &x, err)) ||
	    (rc = store_person_merges(db->st, p->id, 1, merged_from_one, &x, err)))
		goto out;
	if (x.from.len && pl_record_add_extra(p, "merged_from", x.from.buf))
		x.failed = 1;
	if (x.failed || x.from.failed)
		rc = pl_error_set(err, PL_EDATA, "out of memory");
out:
	strbuf_release(&x.from);
	return rc;
}

/* Case-folded NFC of s (pl_free), for comparing spellings; NULL when out of memory. */
static char *fold(const char *s)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, -1, &r,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                          UTF8PROC_CASEFOLD);
	char *out;
	if (n < 0)
		return NULL;
	out = pl_strndup((const char *)r, (size_t)n);
	free(r);
	return out;
}

/* The spellings a merge keeps: a list of folded strings to look new ones up in. */
struct spellings {
	char **v;
	size_t n, cap;
};

static void spellings_release(struct spellings *s)
{
	for (size_t i = 0; i < s->n; i++)
		pl_free(s->v[i]);
	pl_free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Adds s[0..len) unless it is known already: 1 added, 0 known, -1 out of memory. */
static int spellings_add(struct spellings *sp, const char *s, size_t len)
{
	char *t, *f;
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return 0;
	if (!(t = pl_strndup(s, len)))
		return -1;
	f = fold(t);
	pl_free(t);
	if (!f)
		return -1;
	for (size_t i = 0; i < sp->n; i++)
		if (!strcmp(sp->v[i], f)) {
			pl_free(f);
			return 0;
		}
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? 2 * sp->cap : 8;
		char **v = pl_realloc(sp->v, cap * sizeof(*v));
		if (!v) {
			pl_free(f);
			return -1;
		}
		sp->v = v;
		sp->cap = cap;
	}
	sp->v[sp->n++] = f;
	return 1;
}

/* "family given patronymic" of p into sb. */
static void full_name(const struct pl_record *p, struct strbuf *sb)
{
	static const char *const parts[] = {"family_name", "given_name", "patronymic"};
	strbuf_reset(sb);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *v = pl_record_get(p, parts[i]);
		if (v)
			strbuf_addf(sb, "%s%s", sb->len ? " " : "", v);
	}
}

/* Adds the ';'-separated spellings of list to sp, and those new to out ("; " between). */
static int spellings_merge(struct spellings *sp, const char *list, struct strbuf *out)
{
	const char *p = list;
	while (p && *p) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int added = spellings_add(sp, p, len);
		if (added < 0)
			return -1;
		if (added && out) {
			while (len && isspace((unsigned char)*p)) {
				p++;
				len--;
			}
			while (len && isspace((unsigned char)p[len - 1]))
				len--;
			if (out->len)
				strbuf_adds(out, "; ");
			strbuf_add(out, p, len);
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/*
 * The other_names of keep with the spellings of dup it lacks (pl_free), or NULL in *out
 * when nothing is new.
 */
static int merged_other_names(const struct pl_record *keep, const struct pl_record *dup, char **out,
                              struct pl_error *err)
{
	struct spellings sp = {0};
	struct strbuf name = STRBUF_INIT, all = STRBUF_INIT;
	const char *cur = pl_record_get(keep, "other_names");
	size_t before;
	int rc = 0;

	*out = NULL;
	full_name(keep, &name);
	if (name.failed || spellings_add(&sp, name.buf, name.len) < 0)
		goto nomem;
	if (cur)
		strbuf_adds(&all, cur);
	if (spellings_merge(&sp, cur, NULL) < 0)
		goto nomem;
	before = all.len;
	full_name(dup, &name);
	/* the duplicate's full name is one spelling: no ';' may split it */
	for (size_t i = 0; i < name.len; i++)
		if (name.buf[i] == ';')
			name.buf[i] = ',';
	if (name.failed || spellings_merge(&sp, name.buf, &all) < 0 ||
	    spellings_merge(&sp, pl_record_get(dup, "other_names"), &all) < 0)
		goto nomem;
	if (all.failed)
		goto nomem;
	if (all.len != before)
		*out = strbuf_detach(&all);
	goto out;
nomem:
	rc = pl_error_set(err, PL_EDATA, "out of memory");
out:
	spellings_release(&sp);
	strbuf_release(&name);
	strbuf_release(&all);
	return rc;
}

/* Moves every row of the duplicate that follows it into the merge; *moved: what moved. */
static int move_children(struct pl_db *db, const struct pl_actor *actor, long long keep_id,
                         const char *keep_ref, long long dup_id, char **moved, struct pl_error *err)
{
	json_t *o = json_object();
	const char *table;
	char *s;
	int rc = 0;
	if (!o)
		return pl_error_set(err, PL_EDATA, "out of memory");
	for (size_t t = 0; !rc && (table = store_merge_table(t)); t++) {
		long long *ids = NULL;
		size_t n = 0;
		json_t *arr;
		if ((rc = store_merge_move(db, t, dup_id, keep_id, &ids, &n, err)))
			break;
		arr = json_array();
		if (!arr || json_object_set_new(o, table, arr))
			rc = pl_error_set(err, PL_EDATA, "out of memory");
		for (size_t i = 0; !rc && i < n; i++) {
			rc = audit_write(db, actor, "person.merge", table, ids[i], keep_ref,
			                 "person_id", err);
			if (!rc && json_array_append_new(arr, json_integer(ids[i])))
				rc = pl_error_set(err, PL_EDATA, "out of memory");
		}
		pl_free(ids);
	}
	if (rc) {
		json_decref(o);
		return rc;
	}
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s || !(*moved = pl_strdup(s)))
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	free(s);
	return rc;
}

/* The checks of a merge once both persons are loaded. */
static int merge_check(struct pl_db *db, const struct pl_record *keep, const char *keep_ref,
                       const struct pl_record *dup, const char *dup_ref, struct pl_error *err)
{
	char into_ref[PL_REF_MAX];
	long long into;
	int rc;
	if (keep->id == dup->id)
		return pl_error_set(err, PL_EUSAGE, "a person cannot be merged into itself");
	if ((rc = store_person_merged_into(db->st, dup->id, &into, into_ref, err)))
		return rc;
	if (into)
		return pl_error_set(err, PL_EDATA, "%s was merged into %s already", dup_ref,
		                    into_ref);
	if ((rc = person_merged_refuse(db, keep->id, keep_ref, err))) {
		if (rc == PL_EDATA)
			pl_error_prefix(err, "cannot merge into %s", keep_ref);
		return rc;
	}
	if (strcmp(pl_record_get(keep, "side"), pl_record_get(dup, "side")))
		return pl_error_set(err, PL_EDATA,
		                    "%s is a %s and %s a %s: only persons of one side are merged",
		                    keep_ref, pl_record_get(keep, "side"), dup_ref,
		                    pl_record_get(dup, "side"));
	return 0;
}

int pl_person_merge(struct pl_db *db, const struct pl_actor *actor, const char *keep_ref,
                    const char *dup_ref, const char *reason, struct pl_error *err)
{
	struct pl_record keep = {0}, dup = {0}, upd = {0};
	struct strbuf why = STRBUF_INIT;
	struct store_merge m = {0};
	char *why_in = NULL, *names = NULL, *moved = NULL;
	long long mid;
	int rc;

	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_MERGE, err)))
		return rc;
	if (!actor->account_id)
		return pl_error_set(err, PL_EUSAGE, "persons are merged by an account");
	if (!ref_valid(keep_ref))
		return ref_usage(keep_ref, err);
	if (!ref_valid(dup_ref))
		return ref_usage(dup_ref, err);
	if (!strcmp(keep_ref, dup_ref))
		return pl_error_set(err, PL_EUSAGE, "a person cannot be merged into itself");
	if ((rc = pl_field_normalize(&f_reason, reason, &why_in, err)))
		return rc;
	if (!why_in)
		return pl_error_set(err, PL_EUSAGE, "a merge needs a reason");

	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = store_person_by_ref(db->st, keep_ref, &keep, err)) ||
	    (rc = store_person_by_ref(db->st, dup_ref, &dup, err)) ||
	    (rc = merge_check(db, &keep, keep_ref, &dup, dup_ref, err)))
		goto fail;
	/* both first statuses become rows, so that both histories stay whole */
	if ((rc = status_history_start(db, actor, keep.id, "person.merge", NULL, err)) ||
	    (rc = status_history_start(db, actor, dup.id, "person.merge", NULL, err)) ||
	    (rc = move_children(db, actor, keep.id, keep_ref, dup.id, &moved, err)) ||
	    (rc = merged_other_names(&keep, &dup, &names, err)))
		goto fail;
	strbuf_addf(&why, "merge of %s: %s", dup_ref, why_in);
	if (why.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	if (names) {
		/* through person_update: the change stays in the history, the index follows */
		const struct pl_kv kv = {"other_names", names};
		uint64_t set;
		if (pl_record_init(&upd, pl_entity(PL_ENT_PERSON))) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto fail;
		}
		if ((rc = record_from_kv(&upd, &kv, 1, &set, err))) {
			pl_error_prefix(err,
			                "the names of %s do not fit the other_names of %s "
			                "(shorten them first)",
			                dup_ref, keep_ref);
			goto fail;
		}
		if ((rc = person_update(db, actor, &keep, &upd, set, why.buf, "person.merge", err)))
			goto fail;
	}
	m.person_id = keep.id;
	m.merged_id = dup.id;
	m.reason = why_in;
	m.moved = moved;
	if ((rc = store_merge_insert(db, &m, actor->account_id, &mid, err)) ||
	    (rc = audit_write(db, actor, "person.merge", "person_merges", mid, dup_ref, NULL, err)))
		goto fail;
	/* the name index forgets the duplicate: search and matching find the person kept */
	if ((rc = search_unindex_person(db, dup.id, err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	goto out;
fail:
	store_rollback(db);
out:
	if (keep.v)
		pl_record_release(&keep);
	if (dup.v)
		pl_record_release(&dup);
	if (upd.v)
		pl_record_release(&upd);
	strbuf_release(&why);
	pl_free(why_in);
	pl_free(names);
	pl_free(moved);
	return rc;
}
