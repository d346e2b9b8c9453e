/* cmd-reception.c - parley reception (returnees on home soil, their debrief) and parley
 * notify (the families to tell) */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

struct rows {
	struct ctx *c;
	struct json_stream js;
	long n;
};

static int row_one(void *ctx, const struct pl_record *r)
{
	struct rows *l = ctx;
	l->n++;
	if (l->c->json) {
		json_t *o = record_json(r);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		return 0;
	}
	printf("#%lld  %s\n", r->id, pl_record_get(r, "person_ref"));
	print_record(r, "    ");
	return 0;
}

static int done(struct ctx *c, const char *ref, const char *what)
{
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s}", "ref", ref, "recorded", what);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s: %s\n", ref, _(what));
	return 0;
}

/* --- reception --- */

static int run_arrive(struct ctx *c)
{
	int rc = pl_reception_arrive(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv,
	                             opt_get(c, "third-state"), &c->err);
	if (rc)
		return rc;
	return done(c, c->a.pos[0],
	            opt_get(c, "third-state") ? N_("handed to a third state: third_country")
	                                      : N_("arrived on home soil: returned; the family "
	                                           "may now be told"));
}

static int run_update(struct ctx *c)
{
	int rc = pl_reception_update(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &c->err);
	return rc ? rc : done(c, c->a.pos[0], N_("reception updated"));
}

static int run_rshow(struct ctx *c)
{
	struct pl_record r;
	int rc = pl_reception_get(c->db, c->actor, c->a.pos[0], &r, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *o = record_json(&r);
		rc = o ? print_json(o, 1) : pl_error_set(&c->err, PL_EDATA, "out of memory");
		json_decref(o);
	} else {
		print_record(&r, "");
	}
	pl_record_release(&r);
	return rc;
}

static int run_rlist(struct ctx *c)
{
	struct rows l = {c, {0}, 0};
	int rc;
	if (c->json)
		json_stream_begin(&l.js);
	if ((rc = pl_reception_list(c->db, c->actor, row_one, &l, &c->err)))
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	else
		printf(Q_("(%ld returnee)\n", "(%ld returnees)\n", l.n), l.n);
	return 0;
}

static int run_debrief(struct ctx *c)
{
	long long id;
	int rc = pl_reception_debrief(c->db, c->actor, c->a.pos[0], c->a.pos[1], c->a.kv, c->a.nkv,
	                              &id, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s, s:I}", "ref", c->a.pos[1], "from", c->a.pos[0],
		                      "evidence", (json_int_t)id);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(_("evidence #%lld recorded for %s\n"), id, c->a.pos[1]);
	return 0;
}

/* --- notify --- */

struct queue {
	struct ctx *c;
	struct json_stream js;
	long n;
};

static int queue_one(void *ctx, const struct pl_notify_item *it)
{
	struct queue *q = ctx;
	q->n++;
	if (q->c->json) {
		json_t *o =
		        json_pack("{s:s, s:s, s:I, s:s?, s:s?, s:s?, s:b, s:s?, s:s?, s:s?, s:b}",
		                  "reason", it->reason, "ref", it->person_ref, "relative_id",
		                  (json_int_t)it->relative_id, "relative", it->relative, "relation",
		                  it->relation, "contacts", it->contacts, "safety", it->safety,
		                  "channel", it->channel, "since", it->since, "wishes", it->wishes,
		                  "not_to_tell", it->not_to_tell);
		if (!o)
			return pl_error_set(&q->c->err, PL_EDATA, "out of memory");
		json_stream_item(&q->js, o);
		return 0;
	}
	printf("%s  %s  %s\n", it->person_ref,
	       !strcmp(it->reason, "return") ? _("returned home: tell the family")
	       : !strcmp(it->reason, "third_country")
	               ? _("handed to a third state: tell the family")
	               : _("no news for long: a scheduled call"),
	       it->since ? it->since : "");
	if (it->relative_id)
		printf("    #%lld %s (%s)%s\n", it->relative_id, it->relative,
		       it->relation ? it->relation : "",
		       it->not_to_tell ? _(" (NOT TO BE TOLD)") : "");
	else if (!strcmp(it->reason, "return") || !strcmp(it->reason, "third_country"))
		printf("    %s\n", _("no relative recorded: find whom to tell"));
	if (it->safety)
		printf(_("    contact may endanger them: ONLY through %s, never by phone or "
		         "visit\n"),
		       it->channel ? it->channel : "?");
	else if (it->contacts)
		printf("    %s\n", it->contacts);
	if (it->wishes)
		printf(_("    the returnee's wishes: %s\n"), it->wishes);
	return 0;
}

static int run_queue(struct ctx *c)
{
	struct queue q = {c, {0}, 0};
	long months;
	int rc;
	if ((rc = opt_long(c, "months", 0, &months)))
		return rc;
	if (c->json)
		json_stream_begin(&q.js);
	if ((rc = pl_notify_queue(c->db, c->actor, months, queue_one, &q, &c->err)))
		return rc;
	if (c->json)
		json_stream_end(&q.js);
	else
		printf(Q_("(%ld family to tell)\n", "(%ld families to tell)\n", q.n), q.n);
	return 0;
}

static int run_record(struct ctx *c)
{
	long long id;
	int rc = pl_notify_record(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:I}", "ref", c->a.pos[0], "id", (json_int_t)id);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(_("notification #%lld recorded for %s\n"), id, c->a.pos[0]);
	return 0;
}

static int run_nlist(struct ctx *c)
{
	struct rows l = {c, {0}, 0};
	int rc;
	if (c->json)
		json_stream_begin(&l.js);
	if ((rc = pl_notify_list(c->db, c->actor, c->a.npos ? c->a.pos[0] : NULL, row_one, &l,
	                         &c->err)))
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	else
		printf(Q_("(%ld notification)\n", "(%ld notifications)\n", l.n), l.n);
	return 0;
}

static int run_answer(struct ctx *c)
{
	char answer[128];
	int rc = pl_hotline_answer(c->db, c->actor, c->a.pos[0], answer, sizeof(answer), &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s}", "ref", c->a.pos[0], "answer", answer);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s: %s\n", c->a.pos[0], _(answer));
	return 0;
}

#define DBA (CMD_DB | CMD_ACTOR)

static const struct opt arrive_opts[] = {
        {.name = "third-state",
         .arg = "STATE",
         .help = "handed to this third state, not home: third_country"},
        {.name = NULL},
};

static const struct opt queue_opts[] = {
        {.name = "months",
         .arg = "N",
         .help = "no news for more than N months is due a call (6 when left out)"},
        {.name = NULL},
};

const struct command cmd_reception[] = {
        {.name = "reception arrive",
         .usage = "REF --arrived \"YYYY-MM-DD HH:MM\" [--FIELD VALUE...] [--third-state STATE]",
         .summary = "record a returnee's arrival on home soil",
         .description =
                 "Records that the captive REF arrived on home soil: in one transaction, the "
                 "reception's checklist, the status `returned` (or `third_country` with "
                 "`--third-state`, handed to that state), a repatriation event and the evidence "
                 "it rests on. The person may have come at a stage of an exchange, or been "
                 "`missing` or `probable` until now. From now on the family may be told: they "
                 "appear in the liaison's queue (`parley notify queue`). Registrars and heads.",
         .examples = "parley reception arrive U-000012 --arrived \"2024-06-25 14:30\" "
                     "--arrival-place Чернігівщина --meal yes --triage-health wounded",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_RECEPTION,
         .min_pos = 1,
         .max_pos = 1,
         .opts = arrive_opts,
         .run = run_arrive},
        {.name = "reception update",
         .usage = "REF --FIELD VALUE...",
         .summary = "fill in the reception checklist",
         .description = "Fills in the reception checklist of the returnee REF: the meal, "
                        "medical triage and its health category, identity confirmed and how, "
                        "the family told (when and by whom), the debrief done, the referral for "
                        "rehabilitation, whom the returnee wants told (`--inform`) and whom not "
                        "(`--not-inform`). The arrival itself is not changed. Registrars and "
                        "heads.",
         .examples = "parley reception update U-000012 --identity-confirmed yes --identity-how "
                     "\"відбитки пальців\" --not-inform \"Ковальов Петро\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_RECEPTION,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_update},
        {.name = "reception show",
         .usage = "REF",
         .summary = "the reception of a returnee",
         .description = "Shows the reception checklist of the returnee REF. Registrars and "
                        "heads.",
         .examples = "parley reception show U-000012",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_rshow},
        {.name = "reception list",
         .usage = "",
         .summary = "every reception, newest arrival first, with what is still open",
         .description = "Lists every reception, newest arrival first, each with the checklist's "
                        "items still open (`pending`). Registrars and heads.",
         .examples = "parley reception list",
         .flags = DBA,
         .run = run_rlist},
        {.name = "reception debrief",
         .usage = "REF ABOUT --reliability X --credibility N --note STATEMENT [--date DATE]",
         .summary = "a returnee's statement about another captive, as evidence",
         .description =
                 "Records a statement of the debrief of the returnee REF about the captive ABOUT "
                 "(\"saw U-000777 in Olenivka in March\") as evidence on ABOUT, in one step: "
                 "kind `returnee_testimony`, source the debrief of REF, graded as the Admiralty "
                 "code grades it (`--reliability A-F`, `--credibility 1-6`). Registrars and "
                 "heads.",
         .examples = "parley reception debrief U-000012 U-000777 --reliability B --credibility 2 "
                     "--date 2024-03 --note \"бачив в Оленівці в березні\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_EVIDENCE,
         .min_pos = 2,
         .max_pos = 2,
         .run = run_debrief},
        {.name = NULL},
};

const struct command cmd_notify[] = {
        {.name = "notify queue",
         .usage = "[--months N]",
         .summary = "the families to tell",
         .description =
                 "The liaison's queue: the families of returnees whose arrival on home soil is "
                 "recorded and who were not yet told, with the returnee's wishes about whom to "
                 "tell; and the families with no news for more than six months (`--months`), "
                 "due a scheduled call. A relative whom contact could endanger is shown with "
                 "the only channel to reach them through. Nothing of an exchange is here before "
                 "the arrival is recorded. Reading the contacts is audited. Liaisons only.",
         .examples = "parley --as taras notify queue",
         .flags = DBA,
         .opts = queue_opts,
         .run = run_queue},
        {.name = "notify record",
         .usage = "REF --reason REASON --channel CHANNEL --date \"YYYY-MM-DD HH:MM\" "
                  "[--relative-id N] [--via CHANNEL] [--FIELD VALUE...]",
         .summary = "record that a family was told",
         .description =
                 "Records that the family of REF was told: why (`return`, `third_country`, "
                 "`no_news`, `other`), how, when, by whom, which relative (`--relative-id`, the "
                 "number of `parley relative add`) and how they took it. A return is told only "
                 "once the arrival is recorded, and not to a relative the returnee asked not to "
                 "be told. A relative whom contact could endanger is told only through their "
                 "channel, named with `--via`; a call or a visit is refused. Liaisons only.",
         .examples = "parley --as taras notify record U-000012 --relative-id 1 --reason return "
                     "--channel phone --date \"2024-06-25 18:00\" --officer Петренко",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_NOTIFICATION,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_record},
        {.name = "notify list",
         .usage = "[REF]",
         .summary = "the tellings of families",
         .description = "Lists the recorded tellings of the family of REF, or of every family. "
                        "Liaisons only.",
         .examples = "parley --as taras notify list U-000012",
         .flags = DBA,
         .max_pos = 1,
         .run = run_nlist},
        {.name = "notify answer",
         .usage = "REF",
         .summary = "the hotline's answer about a person",
         .description = "The hotline's answer about the captive REF, one of the five of "
                        "docs/values.md (no data; data, captivity unknown; probably captive; "
                        "captivity confirmed; released in an exchange), or told in person for "
                        "the rest. A listing for an exchange is captivity confirmed, and a "
                        "return is told once the arrival is recorded. Liaisons, and who may "
                        "see persons.",
         .examples = "parley --as taras notify answer U-000012",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_answer},
        {.name = NULL},
};
