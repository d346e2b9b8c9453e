/* print.c - printable handover lists: what is printed, its fingerprint, the audit record and
 * the file written whole or not at all (the layouts are print-pdf.c and print-xlsx.c)
 *
 * The lists are read in a write transaction that also appends the audit record of the print
 * (so its number can go on every page); the file is rendered in a private directory next to
 * the one asked for (outfile.c: mode 0600, O_EXCL | O_NOFOLLOW), synced, and renamed once the
 * transaction has committed, replacing a file only when asked to. Whatever fails before, the
 * transaction is rolled back and the file and its directory removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "parley/alloc.h"
#include "parley/names.h"
#include "parley/strbuf.h"
#include "exchange-int.h"
#include "print-int.h"
#include "banned.h"

static const char *const format_names[PL_PRINT__MAX] = {
        [PL_PRINT_PDF] = "pdf",
        [PL_PRINT_XLSX] = "xlsx",
};

const char *pl_print_format_name(enum pl_print_format format)
{
	return (unsigned)format < PL_PRINT__MAX ? format_names[format] : NULL;
}

/* --- the words of a document --------------------------------------------------------- */

const char *print_tr(const struct print_doc *d, const char *msgid)
{
	return pl_tr(d->lang, msgid);
}

/* Q_() marks a message with a count for po/update.sh; lang must be in scope. */
#define Q_(one, many, n) pl_trn(lang, one, many, n)

const char *print_title(const struct print_doc *d, char *buf, size_t cap)
{
	if (!d->stage)
		return print_tr(d, N_("Agreed list for the border check"));
	snprintf(buf, cap, print_tr(d, N_("Handover record, stage %ld")), d->stage);
	return buf;
}

const char *print_side_title(const struct print_doc *d, int side)
{
	return side == 0 ? print_tr(d, N_("We receive (ours)"))
	                 : print_tr(d, N_("We hand over (theirs)"));
}

const char *print_side_totals(const struct print_doc *d, int side, char *buf, size_t cap)
{
	const struct print_side *s = &d->side[side];
	enum pl_ui_lang lang = d->lang;
	size_t k;
	k = (size_t)snprintf(buf, cap, Q_("%ld person", "%ld persons", (long long)s->n),
	                     (long)s->n);
	if (s->severe && k < cap)
		k += (size_t)snprintf(buf + k, cap - k,
		                      Q_(", %ld of them severely wounded or severely ill",
		                         ", %ld of them severely wounded or severely ill",
		                         s->severe),
		                      s->severe);
	if (s->remains && k < cap)
		snprintf(buf + k, cap - k,
		         Q_("; %lld body without a name", "; %lld bodies without a name",
		            s->remains),
		         s->remains);
	return buf;
}

const char *print_stage_text(const struct print_doc *d, char *buf, size_t cap)
{
	size_t k;
	if (!d->stage)
		k = (size_t)snprintf(buf, cap, "%s",
		                     print_tr(d, N_("the agreed lists, before the stage")));
	else
		k = (size_t)snprintf(buf, cap, print_tr(d, N_("stage %ld of %ld recorded")),
		                     d->stage, d->stages);
	if (d->stage_note && k < cap)
		snprintf(buf + k, cap - k, " (%s)", d->stage_note);
	return buf;
}

const char *print_printed_text(const struct print_doc *d, char *buf, size_t cap)
{
	snprintf(buf, cap, print_tr(d, N_("printed %s by %s, audit record %lld")), d->printed,
	         d->login, d->audit_seq);
	return buf;
}

const char *print_translit_note(const struct print_doc *d)
{
	return print_tr(d, N_("Names in Latin letters: KMU 2010 for Ukrainian spellings, ICAO 9303 "
	                      "for Russian ones."));
}

/* --- values as printed ---------------------------------------------------------------- */

/* "2024-06-25T14:05:09Z" as "25.06.2024 14:05 UTC" (uk) or "2024-06-25 14:05 UTC". */
static void time_words(enum pl_ui_lang lang, const char *v, char *buf, size_t cap)
{
	if (strlen(v) != 20 || v[10] != 'T')
		snprintf(buf, cap, "%s", v);
	else if (lang == PL_UI_UK)
		snprintf(buf, cap, "%.2s.%.2s.%.4s %.5s UTC", v + 8, v + 5, v, v + 11);
	else
		snprintf(buf, cap, "%.10s %.5s UTC", v, v + 11);
}

/* 1 when code point cp is a bidi control: it would reorder what a reader sees. */
static int bidi_control(unsigned cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * A copy of v for paper, or NULL for nothing: controls (a newline in a unit) become a space,
 * bidi controls are shown as \u202E (as the CLI shows them, term.c), spaces at the ends
 * trimmed. v is valid UTF-8 (every value is, at the boundary).
 */
static char *paper(const char *v, int *oom)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)v;
	if (!v)
		return NULL;
	while (*p) {
		unsigned cp = *p;
		size_t len = 1;
		if (cp >= 0xF0 && p[1] && p[2] && p[3]) {
			cp = ((cp & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) |
			     (p[3] & 63u);
			len = 4;
		} else if (cp >= 0xE0 && p[1] && p[2]) {
			cp = ((cp & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u);
			len = 3;
		} else if (cp >= 0xC0 && p[1]) {
			cp = ((cp & 31u) << 6) | (p[1] & 63u);
			len = 2;
		}
		if (cp < 0x20 || cp == 0x7F)
			strbuf_addch(&sb, ' ');
		else if (bidi_control(cp))
			strbuf_addf(&sb, "\\u%04X", cp);
		else
			strbuf_add(&sb, p, len);
		p += len;
	}
	if (sb.failed) {
		strbuf_release(&sb);
		*oom = 1;
		return NULL;
	}
	{
		char *s = strbuf_detach(&sb), *start = s, *end;
		if (!s)
			return NULL;
		while (*start == ' ')
			start++;
		end = start + strlen(start);
		while (end > start && end[-1] == ' ')
			*--end = '\0';
		if (!*start) {
			pl_free(s);
			return NULL;
		}
		memmove(s, start, (size_t)(end - start) + 1);
		return s;
	}
}

/* The language whose standard writes p's names in Latin letters: their letters say it
 * (і ї є ґ Ukrainian, ы э ё ъ Russian); when they do not (Иван Петров), a citizen of Russia
 * or Belarus, or a person of theirs who is no citizen of Ukraine, is taken to be written in
 * Russian, and the rest in Ukrainian. */
static int name_lang(const struct pl_record *p, const char *side)
{
	char all[700];
	const char *cz = pl_record_get(p, "citizenship");
	int lang;
	snprintf(all, sizeof(all), "%s %s %s",
	         pl_record_get(p, "family_name") ? pl_record_get(p, "family_name") : "",
	         pl_record_get(p, "given_name") ? pl_record_get(p, "given_name") : "",
	         pl_record_get(p, "patronymic") ? pl_record_get(p, "patronymic") : "");
	lang = pl_name_guess_lang(all);
	if (lang != PL_LANG_UNKNOWN)
		return lang;
	if (cz && (strstr(cz, "RU") || strstr(cz, "BY")))
		return PL_LANG_RU;
	if (!strcmp(side, "give") && !(cz && strstr(cz, "UA")))
		return PL_LANG_RU;
	return PL_LANG_UK;
}

/* name in Latin letters by the standard of lang, or NULL when it is in Latin already. */
static int latin(const char *name, int lang, char **out, struct pl_error *err)
{
	char *t = NULL;
	int rc;
	*out = NULL;
	if (!name || pl_name_script(name) == PL_SCRIPT_LATIN ||
	    pl_name_script(name) == PL_SCRIPT_OTHER)
		return 0;
	if ((rc = pl_translit_lang(name, lang, pl_translit_default_system(lang), &t, err)))
		return rc;
	if (!strcmp(t, name)) {
		pl_free(t);
		return 0;
	}
	*out = t;
	return 0;
}

static void row_release(struct print_row *r)
{
	for (int i = 0; i < PF__MAX; i++)
		pl_free(r->v[i]);
}

static void doc_release(struct print_doc *d)
{
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < d->side[s].n; i++)
			row_release(&d->side[s].rows[i]);
		pl_free(d->side[s].rows);
	}
	pl_free(d->xref);
	pl_free(d->title);
	pl_free(d->venue);
	pl_free(d->date);
	pl_free(d->mediators);
	pl_free(d->place);
	pl_free(d->stage_note);
}

static int oom(struct pl_error *err)
{
	return pl_error_set(err, PL_EDATA, "out of memory");
}

/* Adds person p (redacted already) to side s with remark (may be NULL). */
static int row_add(struct print_doc *d, int s, const struct pl_record *p, const char *remark,
                   struct pl_error *err)
{
	struct print_side *side = &d->side[s];
	struct print_row r;
	const struct pl_entity *e = p->ent;
	const char *sex = pl_record_get(p, "sex"), *health = pl_record_get(p, "health");
	const char *kind = pl_record_get(p, "kind"), *cz = pl_record_get(p, "citizenship");
	char buf[64];
	int bad = 0, rc, lang;

	memset(&r, 0, sizeof(r));
	if (side->n == side->cap) {
		size_t cap = side->cap ? side->cap * 2 : 16;
		struct print_row *v = pl_realloc(side->rows, cap * sizeof(*v));
		if (!v)
			return oom(err);
		side->rows = v;
		side->cap = cap;
	}
	/* medical_notes, the one restricted value of a person, is never read here */
	r.v[PF_REF] = paper(pl_record_get(p, "ref"), &bad);
	r.v[PF_FAMILY] = paper(pl_record_get(p, "family_name"), &bad);
	r.v[PF_GIVEN] = paper(pl_record_get(p, "given_name"), &bad);
	r.v[PF_PATRONYMIC] = paper(pl_record_get(p, "patronymic"), &bad);
	lang = name_lang(p, side->token);
	if ((rc = latin(r.v[PF_FAMILY], lang, &r.v[PF_FAMILY_LATIN], err)) ||
	    (rc = latin(r.v[PF_GIVEN], lang, &r.v[PF_GIVEN_LATIN], err)) ||
	    (rc = latin(r.v[PF_PATRONYMIC], lang, &r.v[PF_PATRONYMIC_LATIN], err)))
		goto fail;
	if (pl_record_get(p, "birth_date")) {
		lang_date(d->lang, pl_record_get(p, "birth_date"), buf, sizeof(buf));
		r.v[PF_BORN] = paper(buf, &bad);
	}
	if (sex && !strcmp(sex, "m"))
		r.v[PF_SEX] = paper(print_tr(d, N_("M")), &bad);
	else if (sex && !strcmp(sex, "f"))
		r.v[PF_SEX] = paper(print_tr(d, N_("F")), &bad);
	if (cz) {
		struct strbuf sb = STRBUF_INIT;
		for (const char *c = cz; *c; c++)
			if (*c == ';')
				strbuf_adds(&sb, ", ");
			else
				strbuf_addch(&sb, *c);
		r.v[PF_CITIZENSHIP] = paper(strbuf_str(&sb), &bad);
		bad |= sb.failed;
		strbuf_release(&sb);
	}
	if (kind)
		r.v[PF_KIND] = paper(
		        print_tr(d, pl_value_label(&e->fields[pl_field_index(e, "kind")], kind)),
		        &bad);
	r.v[PF_RANK] = paper(pl_record_get(p, "rank"), &bad);
	r.v[PF_UNIT] = paper(pl_record_get(p, "unit"), &bad);
	r.v[PF_SERVICE_NUMBER] = paper(pl_record_get(p, "service_number"), &bad);
	if (health)
		r.v[PF_HEALTH] =
		        paper(print_tr(d, pl_value_label(&e->fields[pl_field_index(e, "health")],
		                                         health)),
		              &bad);
	r.severe =
	        health && (!strcmp(health, "severely_wounded") || !strcmp(health, "severely_ill"));
	r.v[PF_REMARK] = paper(remark, &bad);
	if (bad) {
		rc = oom(err);
		goto fail;
	}
	side->rows[side->n++] = r;
	side->severe += r.severe;
	return 0;
fail:
	row_release(&r);
	return rc;
}

/* --- gathering the lists -------------------------------------------------------------- */

struct gather {
	struct pl_db *db;
	const struct pl_actor *actor;
	struct print_doc *d;
	struct pl_error *err;
	/* stage 0: who crossed at which stage, by person id */
	long long *crossed_id;
	long *crossed_stage;
	size_t ncrossed, capcrossed;
	/* the stage asked for */
	struct pl_record stage;
	int found;
	struct strbuf mediators;
};

static int side_index(const char *side)
{
	return side && !strcmp(side, "give") ? 1 : 0;
}

static int person_add(struct gather *g, long long person_id, const char *side, const char *remark)
{
	struct pl_record p;
	int rc = store_get(g->db->st, pl_entity(PL_ENT_PERSON), person_id, &p, g->err);
	if (rc)
		return rc;
	if (!(rc = person_redact_full(g->db, g->actor, &p, 0, NULL, g->err)))
		rc = row_add(g->d, side_index(side), &p, remark, g->err);
	pl_record_release(&p);
	return rc;
}

static int stage_one(void *ctx, const struct pl_record *s)
{
	struct gather *g = ctx;
	g->d->stages++;
	if (xget_id(s, "number") != g->d->stage)
		return 0;
	g->found = 1;
	for (size_t i = 0; i < s->ent->nfields; i++) {
		int rc = s->v[i] ? xset(&g->stage, s->ent->fields[i].name, s->v[i], g->err) : 0;
		if (rc)
			return rc;
	}
	return 0;
}

static int mediator_one(void *ctx, const struct pl_record *m)
{
	struct gather *g = ctx;
	const struct pl_entity *e = m->ent;
	const char *role = pl_record_get(m, "role");
	strbuf_addf(&g->mediators, "%s%s", g->mediators.len ? "; " : "", pl_record_get(m, "name"));
	if (role)
		strbuf_addf(&g->mediators, " (%s)",
		            print_tr(g->d,
		                     pl_value_label(&e->fields[pl_field_index(e, "role")], role)));
	return g->mediators.failed ? oom(g->err) : 0;
}

/* Who crossed at g->d->stage, in the order recorded; at stage 0, who crossed when. */
static int handover_one(void *ctx, const struct pl_record *h)
{
	struct gather *g = ctx;
	long stage = (long)xget_id(h, "stage");
	if (!g->d->stage) {
		if (g->ncrossed == g->capcrossed) {
			size_t cap = g->capcrossed ? g->capcrossed * 2 : 32;
			long long *ids = pl_realloc(g->crossed_id, cap * sizeof(*ids));
			long *st;
			if (!ids)
				return oom(g->err);
			g->crossed_id = ids;
			if (!(st = pl_realloc(g->crossed_stage, cap * sizeof(*st))))
				return oom(g->err);
			g->crossed_stage = st;
			g->capcrossed = cap;
		}
		g->crossed_id[g->ncrossed] = xget_id(h, "person_id");
		g->crossed_stage[g->ncrossed++] = stage;
		return 0;
	}
	if (stage != g->d->stage)
		return 0;
	{
		const char *spot = pl_record_get(h, "on_the_spot");
		return person_add(
		        g, xget_id(h, "person_id"), pl_record_get(h, "side"),
		        spot && !strcmp(spot, "yes")
		                ? print_tr(g->d, N_("added to the registry at the handover"))
		                : NULL);
	}
}

static int agreed_one(void *ctx, const struct pl_record *e)
{
	struct gather *g = ctx;
	long long id = xget_id(e, "person_id");
	char remark[128] = "";
	for (size_t i = 0; i < g->ncrossed; i++)
		if (g->crossed_id[i] == id) {
			snprintf(remark, sizeof(remark), print_tr(g->d, N_("crossed at stage %ld")),
			         g->crossed_stage[i]);
			break;
		}
	return person_add(g, id, pl_record_get(e, "side"), remark[0] ? remark : NULL);
}

/* The document of exchange x at d->stage, from the open transaction. */
static int gather(struct pl_db *db, const struct pl_actor *actor, const struct pl_record *x,
                  struct print_doc *d, struct pl_error *err)
{
	struct gather g;
	char buf[128];
	int rc, bad = 0;

	memset(&g, 0, sizeof(g));
	g.db = db;
	g.actor = actor;
	g.d = d;
	g.err = err;
	if (pl_record_init(&g.stage, pl_entity(PL_ENT_STAGE)))
		return oom(err);
	d->side[0].token = "receive";
	d->side[1].token = "give";
	if ((rc = store_exchange_children(db->st, pl_entity(PL_ENT_STAGE), x->id, stage_one, &g,
	                                  err)))
		goto out;
	if (d->stage && !g.found) {
		rc = d->stages ? pl_error_set(err, PL_ENOTFOUND,
		                              "%s has no stage %ld (stages 1 to %ld)",
		                              pl_record_get(x, "ref"), d->stage, d->stages)
		               : pl_error_set(err, PL_ENOTFOUND,
		                              "%s has no stage %ld: none is recorded",
		                              pl_record_get(x, "ref"), d->stage);
		goto out;
	}
	if ((rc = store_exchange_children(db->st, pl_entity(PL_ENT_MEDIATOR), x->id, mediator_one,
	                                  &g, err)))
		goto out;
	if (d->stage) {
		const char *m = pl_record_get(&g.stage, "mediator");
		/* the stage's carrier, when the exchange's mediators do not name it */
		if (m && !xfold_find(strbuf_str(&g.mediators), m, 0))
			strbuf_addf(&g.mediators, "%s%s", g.mediators.len ? "; " : "", m);
	}
	if ((rc = store_handovers(db->st, x->id, 0, handover_one, &g, err)))
		goto out;
	if (!d->stage &&
	    (rc = store_list_entries(db->st, x->id, "agreed", NULL, 0, 1, agreed_one, &g, err)))
		goto out;
	if (!d->side[0].n && !d->side[1].n && !pl_record_get(&g.stage, "remains_received") &&
	    !pl_record_get(&g.stage, "remains_given")) {
		rc = d->stage ? pl_error_set(err, PL_EDATA,
		                             "%s: nobody crossed at stage %ld: nothing to print",
		                             pl_record_get(x, "ref"), d->stage)
		              : pl_error_set(
		                        err, PL_EDATA,
		                        "%s has nobody on its agreed lists: nothing to print (the "
		                        "agreed lists are made once the exchange is agreed)",
		                        pl_record_get(x, "ref"));
		goto out;
	}
	if (pl_record_get(&g.stage, "remains_received"))
		d->side[0].remains = strtoll(pl_record_get(&g.stage, "remains_received"), NULL, 10);
	if (pl_record_get(&g.stage, "remains_given"))
		d->side[1].remains = strtoll(pl_record_get(&g.stage, "remains_given"), NULL, 10);

	/* the exchange's words: paper() copies them safe to print */
	d->xref = paper(pl_record_get(x, "ref"), &bad);
	d->title = paper(pl_record_get(x, "title"), &bad);
	d->venue = paper(pl_record_get(x, "venue"), &bad);
	d->mediators = paper(strbuf_str(&g.mediators), &bad);
	if (d->stage) {
		lang_date(d->lang, pl_record_get(&g.stage, "date"), buf, sizeof(buf));
		d->date = paper(buf, &bad);
		d->place = paper(pl_record_get(&g.stage, "place"), &bad);
	} else {
		const char *agreed = pl_record_get(x, "agreed_date");
		lang_date(d->lang, pl_record_get(x, "planned_date"), buf, sizeof(buf));
		d->date = paper(buf, &bad);
		if (agreed) {
			char day[32], note[128];
			lang_date(d->lang, agreed, day, sizeof(day));
			snprintf(note, sizeof(note), print_tr(d, N_("agreed on %s")), day);
			d->stage_note = paper(note, &bad);
		}
	}
	if (bad || g.mediators.failed)
		rc = oom(err);
out:
	strbuf_release(&g.mediators);
	pl_record_release(&g.stage);
	pl_free(g.crossed_id);
	pl_free(g.crossed_stage);
	return rc;
}

/* --- the fingerprint ------------------------------------------------------------------- */

static void hash_str(crypto_generichash_state *h, const char *s)
{
	/* each value ends with a byte no value has, so "ab"+"c" is not "a"+"bc" */
	if (s)
		crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
	crypto_generichash_update(h, (const unsigned char *)"\x1f", 1);
}

/* What the lists say, not when or by whom they were printed: two prints of the same lists
 * have the same fingerprint, in either format and language. */
static void fingerprint(struct print_doc *d)
{
	crypto_generichash_state h;
	unsigned char out[8];
	char num[32];
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	hash_str(&h, "parley handover list 1");
	hash_str(&h, d->xref);
	snprintf(num, sizeof(num), "%ld", d->stage);
	hash_str(&h, num);
	for (int s = 0; s < 2; s++) {
		hash_str(&h, d->side[s].token);
		snprintf(num, sizeof(num), "%zu;%lld", d->side[s].n, d->side[s].remains);
		hash_str(&h, num);
		for (size_t i = 0; i < d->side[s].n; i++) {
			const struct print_row *r = &d->side[s].rows[i];
			/* the values that name the person; words (sex, kind, health) by their
			 * language would differ between a Ukrainian and an English print */
			static const enum print_field named[] = {
			        PF_REF,         PF_FAMILY, PF_GIVEN, PF_PATRONYMIC,
			        PF_CITIZENSHIP, PF_RANK,   PF_UNIT,  PF_SERVICE_NUMBER};
			for (size_t k = 0; k < sizeof(named) / sizeof(named[0]); k++)
				hash_str(&h, r->v[named[k]]);
			hash_str(&h, r->severe ? "severe" : "-");
		}
	}
	crypto_generichash_final(&h, out, sizeof(out));
	snprintf(d->fingerprint, sizeof(d->fingerprint), "%02X%02X %02X%02X %02X%02X %02X%02X",
	         out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7]);
}

/* --- the file ------------------------------------------------------------------------- */

/* Refuses a path that is not a file to write (a directory, a device, a link) and, unless
 * replace, one that exists. */
int pl_exchange_print(struct pl_db *db, const struct pl_actor *actor, const struct pl_print_opts *o,
                      struct pl_print_result *res, struct pl_error *err)
{
	struct print_doc d;
	struct pl_record x = {0};
	struct strbuf note = STRBUF_INIT;
	struct outfile out;
	int pages = 0, in_tx = 0, rc;

	memset(&d, 0, sizeof(d));
	outfile_init(&out);
	if (!o || !o->ref || !*o->ref)
		return pl_error_set(err, PL_EUSAGE, "print: name the exchange");
	if ((unsigned)o->format >= PL_PRINT__MAX)
		return pl_error_set(err, PL_EUSAGE, "print: the format is pdf or xlsx");
	if (!o->path || !*o->path)
		return pl_error_set(err, PL_EUSAGE, "print: name the file to write");
	if (!strcmp(o->path, "-"))
		return pl_error_set(err, PL_EUSAGE,
		                    "print: %s is not written to standard output: name a file",
		                    format_names[o->format]);
	if (o->stage < 0)
		return pl_error_set(err, PL_EUSAGE,
		                    "print: stage %ld: a stage is 1 or more (0: the agreed lists)",
		                    o->stage);
	if ((unsigned)o->lang >= PL_UI__MAX)
		return pl_error_set(err, PL_EUSAGE, "print: no such language");
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	if ((rc = outfile_path_check(o->path, o->replace, err)))
		return rc;

	d.lang = o->lang;
	d.stage = o->stage;
	if ((rc = store_begin(db, err)))
		return rc;
	in_tx = 1;
	if ((rc = store_exchange_by_ref(db->st, o->ref, &x, err)) ||
	    (rc = gather(db, actor, &x, &d, err)))
		goto fail;
	fingerprint(&d);
	time_words(d.lang, db->tx_time, d.printed, sizeof(d.printed));
	snprintf(d.login, sizeof(d.login), "%s", actor->login[0] ? actor->login : "-");

	if ((rc = outfile_open(&out, o->path, err)))
		goto fail;
	/* the record that the lists left the office; its number goes on every page */
	strbuf_addf(&note, "stage=%ld;format=%s;receive=%zu;give=%zu;fingerprint=%s;lang=%s",
	            d.stage, format_names[o->format], d.side[0].n, d.side[1].n, d.fingerprint,
	            pl_lang_code(d.lang));
	if (note.failed) {
		rc = oom(err);
		goto fail;
	}
	if ((rc = audit_note(db, actor, "exchange.print", "exchanges", x.id, d.xref, note.buf,
	                     err)))
		goto fail;
	d.audit_seq = db->audit_seq;
	/* cairo writes to the file made; libxlsxwriter opens it by name, checked after */
	if (o->format == PL_PRINT_PDF)
		rc = print_pdf(&d, out.fd, o->path, &pages, err);
	else if (!(rc = print_xlsx(&d, out.name, o->path, err)))
		rc = outfile_check(&out, err);
	if (rc)
		goto fail;
	in_tx = 0;
	if ((rc = store_commit(db, err)))
		goto fail;
	/* the trail holds the print now; should the file not appear, it holds an attempt */
	if ((rc = outfile_install(&out, o->replace, err)))
		goto fail;
	if (res) {
		memset(res, 0, sizeof(*res));
		res->receive = (long)d.side[0].n;
		res->give = (long)d.side[1].n;
		res->pages = pages;
		res->audit_seq = d.audit_seq;
		snprintf(res->fingerprint, sizeof(res->fingerprint), "%s", d.fingerprint);
	}
	rc = 0;
	goto out;
fail:
	if (in_tx)
		store_rollback(db);
	outfile_abort(&out);
out:
	if (x.v)
		pl_record_release(&x);
	strbuf_release(&note);
	doc_release(&d);
	return rc;
}
