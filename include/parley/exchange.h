/* exchange.h - the exchanges desk: agreements and their formulas, lists, stages, the
 * reconciliation of what was agreed with what happened, policy checks, the reception of
 * returnees and the telling of their families
 *
 * An exchange goes draft -> proposed -> agreed -> executing -> executed -> reconciled ->
 * closed, or ends failed or cancelled with its reason (docs/values.md has the table). Its
 * terms are a formula (formula.h). Each side has a request list and an agreed list:
 * receive (ours, captives) and give (theirs, detainees); adding a person checks the
 * formula and the person's status and says why when it refuses, and a person on an
 * agreed list is listed. What happens is recorded stage by stage and refuses no one: the
 * other side delivers whom it delivers. Our people become returned when reception
 * records their arrival on home soil, and only then does anything of the exchange reach
 * a family or the liaison (the embargo, docs/permissions.md).
 *
 * Every call takes the acting account (account.h); every write is audited.
 */
#ifndef PARLEY_EXCHANGE_H
#define PARLEY_EXCHANGE_H
#include <stddef.h>

#include "parley/account.h"
#include "parley/record.h"
#include "parley/registry.h"

struct pl_db;

/* Exchange references: E-0001. */
#define PL_EXCHANGE_REF_MAX 16

/* --- the exchange and its lifecycle --------------------------------------------------- */

/* A new exchange, a draft, from the fields of the exchange entity; its reference in
 * ref_out. */
int pl_exchange_new(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                    size_t n, char ref_out[PL_EXCHANGE_REF_MAX], struct pl_error *err);
/* The exchange ref (pl_record_release it); extras: "mediators" (how many), "stages". */
int pl_exchange_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                    struct pl_record *out, struct pl_error *err);
/* Every exchange, newest first; status NULL: every status. */
int pl_exchange_list(struct pl_db *db, const struct pl_actor *actor, const char *status,
                     pl_record_cb cb, void *ctx, struct pl_error *err);
/* Changes fields of an exchange (not its status or formula). */
int pl_exchange_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                     const struct pl_kv *kv, size_t n, struct pl_error *err);
/*
 * Moves ref to status (docs/values.md's table); failed and cancelled need a reason.
 * Agreeing needs a formula, whose lists the agreed lists must then satisfy before the
 * exchange is executed; a policy rule at level block refuses it (pl_exchange_check says
 * which). date (may be NULL): when it took effect (agreed_date for agreed).
 */
int pl_exchange_set_status(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                           const char *status, const char *reason, const char *date,
                           struct pl_error *err);
/* 1 when an exchange may move from -> to; the ones it may, comma-separated, in out. */
int pl_exchange_transition_ok(const char *from, const char *to);
void pl_exchange_status_next(const char *from, char *out, size_t cap);

/* Sets the terms: formula (formula.h) parsed, kept in its canonical form. Refused once
 * the exchange is agreed (terms change by a new exchange, or back to proposed). */
int pl_exchange_set_formula(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                            const char *formula, struct pl_error *err);

/* Mediators: fields of the mediator entity. */
int pl_exchange_add_mediator(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                             const struct pl_kv *kv, size_t n, long long *id_out,
                             struct pl_error *err);
int pl_exchange_mediators(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                          pl_record_cb cb, void *ctx, struct pl_error *err);

/* --- lists ------------------------------------------------------------------------------ */

/*
 * Puts person_ref on the list (request or agreed) of side (receive: a captive of ours;
 * give: a detainee) of exchange ref. Refused, with the reason in words, when: the person
 * is of the other side; is not in a state to be exchanged (receive: captivity confirmed,
 * or probable for a request; give: held); is on an open list of another exchange; does
 * not match the side's terms (its total's selector, or a name); or the list is full (the
 * total's count). The agreed list also needs the exchange agreed, and makes the person
 * listed (audited, with an event). A policy rule at level block refuses too.
 */
int pl_exchange_list_add(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                         const char *list, const char *side, const char *person_ref,
                         const char *note, struct pl_error *err);
/* Takes person_ref off the list, with a reason; off an agreed list, a listed person is
 * confirmed (or held) again. */
int pl_exchange_list_remove(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                            const char *list, const char *side, const char *person_ref,
                            const char *reason, struct pl_error *err);
/* The persons on a list (side NULL: both), as the actor may see them, in the order they
 * were added; each record has the extras "list" and "side". */
int pl_exchange_list_members(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                             const char *list, const char *side, pl_record_cb cb, void *ctx,
                             struct pl_error *err);

/* --- stages: what happened -------------------------------------------------------------- */

/* A person received at a stage who is not in the registry: added on the spot (a captive
 * of ours, marked so), from these fields of the person entity. */
struct pl_new_person {
	const struct pl_kv *kv;
	size_t n;
};

struct pl_stage_in {
	const char *date, *place, *mediator, *note;
	const char *const *received; /* references of ours who crossed to us */
	size_t nreceived;
	const char *const *given; /* references of theirs we handed over */
	size_t ngiven;
	const struct pl_new_person *added; /* ours not yet in the registry */
	size_t nadded;
	const char *remains_received, *remains_given; /* counts of unnamed bodies, or NULL */
};

/*
 * Records a stage of exchange ref (agreed or executing: it becomes executing). Refuses
 * no one on the lists of what happened: whoever crossed is recorded, whatever their
 * status or lists. Theirs become exchanged; ours get a release event (the handover) and
 * stay as they were until reception records their arrival (the embargo). *number_out:
 * the stage's number. Every reference given must name a person of the right side.
 */
int pl_exchange_stage(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      const struct pl_stage_in *in, long *number_out, struct pl_error *err);
/* The stages of ref, each with extras "received" and "given" (how many). */
int pl_exchange_stages(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                       pl_record_cb cb, void *ctx, struct pl_error *err);
/* Who crossed at the stages of ref, stage by stage: records of the person entity with the
 * extras "stage", "side", "on_the_spot". */
int pl_exchange_handovers(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                          pl_record_cb cb, void *ctx, struct pl_error *err);

/* --- reconciliation and checks ----------------------------------------------------------- */

enum pl_finding_kind {
	PL_FIND_CAME_NOT_AGREED, /* crossed, was on no agreed list */
	PL_FIND_AGREED_NOT_CAME, /* agreed, did not cross */
	PL_FIND_TERM,            /* a term of the formula, held or broken, by how much */
	PL_FIND_TERM_PERSON,     /* a person who crossed against a term (not matching it) */
	PL_FIND_COUNT,           /* our count against the announced ones */
	PL_FIND_POLICY,          /* a policy rule, with its reason */
	PL_FIND_STAGE_PENDING,   /* ours handed over, arrival not yet recorded */
	PL_FIND__MAX
};

/* One line of a reconciliation or a check, with what it is about. Strings live during
 * the callback. */
struct pl_finding {
	enum pl_finding_kind kind;
	const char *side;  /* receive or give, or NULL */
	const char *ref;   /* the person, or NULL */
	const char *rule;  /* PL_FIND_POLICY: the rule; PL_FIND_TERM: the term as written */
	const char *level; /* PL_FIND_POLICY: block or warn */
	long have, need;   /* PL_FIND_TERM, PL_FIND_COUNT */
	int holds;         /* PL_FIND_TERM: the term holds */
	const char *text;  /* the finding in words */
};
typedef int (*pl_finding_cb)(void *ctx, const struct pl_finding *f);

/*
 * Sets what was agreed against what happened, person by person and term by term: who
 * came not agreed, who was agreed and did not come, which terms were broken and by how
 * much (health as reception's triage found it, the registry's earlier value beside it),
 * our count against both sides' announced counts. record: also moves an executed
 * exchange to reconciled (audited).
 */
int pl_exchange_reconcile(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                          int record, pl_finding_cb cb, void *ctx, struct pl_error *err);

/*
 * Checks the formula's terms on the lists (agreed, else requested) and every policy rule
 * not off; calls cb for each finding. *blocking: how many findings at level block.
 */
int pl_exchange_check(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      pl_finding_cb cb, void *ctx, int *blocking, struct pl_error *err);

/* The policy rules, their level (block, warn, off), default and reason. */
struct pl_policy_rule {
	const char *name, *level, *default_level, *reason;
};
typedef int (*pl_policy_cb)(void *ctx, const struct pl_policy_rule *r);
int pl_policy_list(struct pl_db *db, const struct pl_actor *actor, pl_policy_cb cb, void *ctx,
                   struct pl_error *err);
/* Sets a rule's level (the head; audited). */
int pl_policy_set(struct pl_db *db, const struct pl_actor *actor, const char *rule,
                  const char *level, struct pl_error *err);

/* Incidents: a third state that took ours without notice (the Hungary case), others. */
int pl_incident_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                    size_t n, long long *id_out, struct pl_error *err);
int pl_incident_list(struct pl_db *db, const struct pl_actor *actor, pl_record_cb cb, void *ctx,
                     struct pl_error *err);

/* --- reception of returnees ------------------------------------------------------------- */

/*
 * Records the arrival on home soil of person_ref (a captive of ours), from fields of the
 * reception entity ("arrived" needed), in one transaction with: the status returned (or,
 * with third_state, third_country, the state named), a repatriation event, and evidence
 * (a document, source "reception"). The person's handover, when one was recorded, is
 * linked. From now on the family may be told.
 */
int pl_reception_arrive(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                        const struct pl_kv *kv, size_t n, const char *third_state,
                        struct pl_error *err);
/* Fills in the checklist of a reception (meal, triage, identity, family told, debrief,
 * rehabilitation, wishes). */
int pl_reception_update(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                        const struct pl_kv *kv, size_t n, struct pl_error *err);
int pl_reception_get(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     struct pl_record *out, struct pl_error *err);
/* Every reception, newest arrival first; with extras "person_ref" and "pending" (the
 * checklist's items still open, comma-separated). */
int pl_reception_list(struct pl_db *db, const struct pl_actor *actor, pl_record_cb cb, void *ctx,
                      struct pl_error *err);
/*
 * A statement of returnee_ref's debrief about another captive ("saw U-000777 in Olenivka
 * in March") becomes evidence on about_ref in one step: kind returnee_testimony, source
 * "debrief of U-...", kv the evidence's fields (grade, date, note: the statement).
 */
int pl_reception_debrief(struct pl_db *db, const struct pl_actor *actor, const char *returnee_ref,
                         const char *about_ref, const struct pl_kv *kv, size_t n,
                         long long *evidence_id, struct pl_error *err);

/* --- families ------------------------------------------------------------------------------ */

/* One family to tell, in the liaison's queue. */
struct pl_notify_item {
	const char *reason;     /* return: arrived home; no_news: a scheduled call */
	const char *person_ref; /* the captive */
	long long relative_id;  /* 0: no relative recorded (a returnee with none) */
	const char *relative;   /* the relative's name */
	const char *relation;
	const char *contacts; /* the liaison's to see (its read is audited) */
	int safety;           /* contact could endanger them: only through... */
	const char *channel;  /* ...this channel */
	const char *since;    /* arrival (return) or the last contact (no_news) */
	const char *wishes;   /* the returnee's wishes: whom to tell, whom not */
	int not_to_tell;      /* the returnee asked that this relative not be told */
};
typedef int (*pl_notify_cb)(void *ctx, const struct pl_notify_item *it);

/*
 * The liaison's queue: the families of returnees whose arrival is recorded and who were
 * not yet told, with the returnee's wishes; and the families with no news for more than
 * no_news_months months (0: six), due a scheduled call. Nothing of an exchange is in it
 * before the arrival.
 */
int pl_notify_queue(struct pl_db *db, const struct pl_actor *actor, long no_news_months,
                    pl_notify_cb cb, void *ctx, struct pl_error *err);
/*
 * Records that a family was told (fields of the notification entity). A relative whose
 * contact could endanger them (safety yes) is told only through their channel: "via"
 * must name it, and a call or a visit is refused. A return is told only after the
 * arrival is recorded, and not to a relative the returnee asked not to be told.
 */
int pl_notify_record(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err);
int pl_notify_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                   pl_record_cb cb, void *ctx, struct pl_error *err);

/* The hotline's answer for person_ref, as the actor may see it: one of the five ("no
 * data", "data, captivity unknown", "probably captive", "captivity confirmed", "released
 * in an exchange"), or "told in person" for the rest (died, handed to a third country).
 * English; out at least 64 bytes. */
int pl_hotline_answer(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                      char *out, size_t cap, struct pl_error *err);

#endif
