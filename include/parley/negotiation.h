/* negotiation.h - the negotiation desk: negotiations and their sessions, preparation
 * (objectives, walk-away point, alternatives, positions with their history, opening
 * lines), the statement ledger (contradictions flagged, untruths of ours kept until
 * resolved, promises kept or broken), the other side's negotiators and their MICE
 * profiles, pressure incidents on families, and the briefing for a session.
 *
 * Who may do what is docs/permissions.md: negotiators and the head work the desk;
 * psychologists see counterparts, profiles, sessions' times and participants and their
 * welfare notes, and nothing of positions, walk-away points or the ledger; liaisons
 * record pressure incidents and read the ones they recorded; analysts get counts.
 * Every write is audited, and so is every read of a profile or a welfare note.
 * docs/negotiations.md tells the desk's rules.
 */
#ifndef PARLEY_NEGOTIATION_H
#define PARLEY_NEGOTIATION_H
#include <stddef.h>

#include "parley/account.h"
#include "parley/i18n.h"
#include "parley/record.h"
#include "parley/registry.h"

struct pl_db;

/* References: N-0001 (negotiation), S-0001 (session), C-0001 (counterpart). */
#define PL_NEG_REF_MAX 16
/* A session longer than this is flagged, unless the negotiation's session_hours says. */
#define PL_SESSION_HOURS_DEFAULT 10

/* --- negotiations (negotiation.c) --------------------------------------------------------- */

/* A new negotiation, preparing, from fields of the negotiation entity. */
int pl_negotiation_new(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                       size_t n, char ref_out[PL_NEG_REF_MAX], struct pl_error *err);
/* The negotiation ref; extras "sessions" (how many) and "exchanges" (their references,
 * joined by ", "). */
int pl_negotiation_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                       struct pl_record *out, struct pl_error *err);
/* Every negotiation, newest first; status NULL: every status. Extras as _get. */
int pl_negotiation_list(struct pl_db *db, const struct pl_actor *actor, const char *status,
                        pl_record_cb cb, void *ctx, struct pl_error *err);
/* Changes fields (not its status). */
int pl_negotiation_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const struct pl_kv *kv, size_t n, struct pl_error *err);
/* Moves ref to status (docs/values.md's table); suspended and closed need a reason. */
int pl_negotiation_set_status(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                              const char *status, const char *reason, struct pl_error *err);
int pl_negotiation_transition_ok(const char *from, const char *to);
/* The statuses from may go to, ", "-separated, or "none: FROM is final". */
void pl_negotiation_status_next(const char *from, char *out, size_t cap);
/* Links exchange_ref (E-0001) to negotiation ref: the exchange it led to. */
int pl_negotiation_link(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const char *exchange_ref, const char *note, struct pl_error *err);

/* --- sessions (negotiation.c) -------------------------------------------------------------- */

/*
 * A new session (round) of negotiation ref, numbered after the last, from fields of the
 * session entity (started needed; counterparts must name counterparts that exist).
 */
int pl_session_add(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                   const struct pl_kv *kv, size_t n, char ref_out[PL_NEG_REF_MAX],
                   struct pl_error *err);
/*
 * The session ref, with extras "negotiation" (its reference), "minutes" (its length, when
 * ended), "long" ("yes" when longer than the negotiation's session_hours) and "limit_hours".
 * A psychologist (who may not see the negotiation) gets its times, place and participants:
 * the summary, outcome and preparation are left out and marked restricted.
 */
int pl_session_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                   struct pl_record *out, struct pl_error *err);
/* The sessions of negotiation_ref (NULL: every negotiation), in order; as _get. */
int pl_session_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    pl_record_cb cb, void *ctx, struct pl_error *err);
int pl_session_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                    const struct pl_kv *kv, size_t n, struct pl_error *err);
/* Minutes from started to ended (YYYY-MM-DDTHH:MM), or -1 when either is missing or ended
 * is before started. */
long pl_session_minutes(const char *started, const char *ended);

/* Welfare notes: written by a psychologist, read by psychologists and the head (audited). */
int pl_welfare_add(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                   const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err);
/* The notes of session_ref (NULL: every session), oldest first; extra "session". */
int pl_welfare_list(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                    pl_record_cb cb, void *ctx, struct pl_error *err);

/* --- preparation: positions and opening lines (preparation.c) --------------------------------- */

/*
 * Sets a position of negotiation_ref (session_ref NULL: for the whole negotiation) from
 * fields of the position entity: item_kind and item name it; a person item must be a
 * person in the registry, a category a token [a-z_]; conditional needs its condition. A
 * position on the same item (and session) is replaced: the old one is kept in its history.
 * *id_out: the new version; *replaced_out (may be NULL): the version it replaced, or 0.
 */
int pl_position_set(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    const char *session_ref, const struct pl_kv *kv, size_t n, long long *id_out,
                    long long *replaced_out, struct pl_error *err);
/* Withdraws position id (it stays in the history, replaced by nothing). */
int pl_position_drop(struct pl_db *db, const struct pl_actor *actor, long long id,
                     struct pl_error *err);
/*
 * The positions in force of negotiation_ref: session_ref NULL, the negotiation's; else
 * the session's and the negotiation's it does not replace. By priority, then item. Extras
 * "session" (its reference or empty), "versions" (how many the history holds).
 */
int pl_position_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                     const char *session_ref, pl_record_cb cb, void *ctx, struct pl_error *err);
/* Every version of the position id, oldest first (the one in force last, unless dropped). */
int pl_position_history(struct pl_db *db, const struct pl_actor *actor, long long id,
                        pl_record_cb cb, void *ctx, struct pl_error *err);

/* An opening line of negotiation_ref (session_ref NULL: the negotiation's), at place at
 * (1 first; 0: last); *id_out its number. */
int pl_opening_add(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                   const char *session_ref, const char *text, long at, long long *id_out,
                   struct pl_error *err);
int pl_opening_move(struct pl_db *db, const struct pl_actor *actor, long long id, long to,
                    struct pl_error *err);
int pl_opening_drop(struct pl_db *db, const struct pl_actor *actor, long long id,
                    struct pl_error *err);
/* The lines in order: the session's own, else the negotiation's (session_ref NULL). */
int pl_opening_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    const char *session_ref, pl_record_cb cb, void *ctx, struct pl_error *err);

/* --- the statement ledger (ledger.c) -----------------------------------------------------------
 */

/* A fact a claim may state (docs/values.md): its name, its values (NULL: free text). */
struct pl_fact {
	const char *name;
	const char *const *values;
	const char *doc;
};
/* The fact called name, or NULL; the i-th fact, or NULL past the last. */
const struct pl_fact *pl_fact_by_name(const char *name);
const struct pl_fact *pl_fact_at(size_t i);

/* An earlier statement a new one contradicts: the same subject and fact, another value. */
struct pl_contradiction {
	long long id; /* the earlier statement */
	const char *session, *said, *side, *speaker, *value, *text;
};
typedef int (*pl_contradiction_cb)(void *ctx, const struct pl_contradiction *c);

/*
 * Records a statement of session_ref from fields of the statement entity; counterpart_ref
 * (may be NULL) names the counterpart who spoke (side theirs). A structured fact needs
 * subject, fact and value together, the value one of the fact's. truthful is for claims
 * of ours; truthful no needs the truth beside it. A promise is open until kept or broken.
 * Every earlier statement on the same subject and fact with another value, by either side,
 * is passed to cb (may be NULL) and the statement records the latest as contradicted.
 */
int pl_statement_add(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                     const char *counterpart_ref, const struct pl_kv *kv, size_t n,
                     long long *id_out, pl_contradiction_cb cb, void *ctx, struct pl_error *err);
int pl_statement_get(struct pl_db *db, const struct pl_actor *actor, long long id,
                     struct pl_record *out, struct pl_error *err);

struct pl_statement_filter {
	const char *negotiation; /* N-0001, or NULL */
	const char *session;     /* S-0001, or NULL */
	const char *side, *kind; /* tokens, or NULL */
	const char *subject;     /* or NULL */
	int untruths;            /* only untrue claims of ours not resolved */
	int contradictions;      /* only statements that contradict an earlier one */
};
/* Statements in the order said; extras "session", "counterpart" (reference), "overdue"
 * (an open promise past its due date: "yes"). */
int pl_statement_list(struct pl_db *db, const struct pl_actor *actor,
                      const struct pl_statement_filter *f, pl_record_cb cb, void *ctx,
                      struct pl_error *err);
/* Marks an untrue claim of ours resolved, with why (who and when are recorded). */
int pl_statement_resolve(struct pl_db *db, const struct pl_actor *actor, long long id,
                         const char *reason, struct pl_error *err);
/* A promise becomes kept or broken (state), on date (NULL: today), with a note. */
int pl_promise_close(struct pl_db *db, const struct pl_actor *actor, long long id,
                     const char *state, const char *date, const char *note, struct pl_error *err);
/* Promises of negotiation_ref (NULL: all): state open, kept, broken, "overdue" (open past
 * due on today's date), or NULL for all; by due date. */
int pl_promise_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    const char *state, pl_record_cb cb, void *ctx, struct pl_error *err);

/* --- counterparts, profiles and pressure incidents (counterpart.c, pressure.c)
 * --------------------- */

int pl_counterpart_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                       size_t n, char ref_out[PL_NEG_REF_MAX], struct pl_error *err);
int pl_counterpart_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const struct pl_kv *kv, size_t n, struct pl_error *err);
/* The counterpart ref; extras "statements", "promises_kept", "promises_broken" (theirs),
 * "profiled" (the date of the latest profile, or empty). */
int pl_counterpart_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                       struct pl_record *out, struct pl_error *err);
/* Every counterpart (query NULL), or those whose name or alias the query finds across
 * scripts, by the registry's name rules (search.h), best first; extra "score". */
int pl_counterpart_list(struct pl_db *db, const struct pl_actor *actor, const char *query,
                        pl_record_cb cb, void *ctx, struct pl_error *err);

/* A MICE assessment of counterpart_ref, from fields of the profile entity (psychologists). */
int pl_profile_add(struct pl_db *db, const struct pl_actor *actor, const char *counterpart_ref,
                   const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err);
/* The assessments of counterpart_ref, newest first (latest: the newest only); every call
 * that shows one is audited. Extra "counterpart". */
int pl_profile_list(struct pl_db *db, const struct pl_actor *actor, const char *counterpart_ref,
                    int latest, pl_record_cb cb, void *ctx, struct pl_error *err);

/* A pressure incident, from fields of the pressure entity; person_ref and negotiation_ref
 * (may be NULL) link it. */
int pl_pressure_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                    size_t n, const char *person_ref, const char *negotiation_ref,
                    long long *id_out, struct pl_error *err);
/* The incidents the actor may read (a liaison: the ones it recorded), newest first;
 * person_ref, negotiation_ref filter (may be NULL). Extras "person", "negotiation",
 * "relative" (the relative's name; never the contacts), "author". */
int pl_pressure_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     const char *negotiation_ref, pl_record_cb cb, void *ctx, struct pl_error *err);

/* --- the briefing for a session (briefing.c, briefing-pdf.c) ------------------------------------
 */

/*
 * What a negotiator takes into session_ref: the session and its negotiation (preparation),
 * the opening lines, the positions in force, every untruth of ours still standing (in any
 * negotiation: a lie told across the table must not be contradicted anywhere), every open
 * promise of either side in this negotiation (overdue first), the latest profile of each
 * expected counterpart (or the counterpart, when none is profiled: reading the profiles
 * is audited), and what changed since the previous round began. Never a welfare note.
 * Section by section, each row a record through cb.
 */
enum pl_briefing_section {
	PL_BRIEF_SESSION,     /* one record: the session (entity session) */
	PL_BRIEF_NEGOTIATION, /* one record: the negotiation */
	PL_BRIEF_OPENING,     /* opening lines */
	PL_BRIEF_POSITION,    /* positions in force */
	PL_BRIEF_UNTRUTH,     /* our untrue claims not resolved, oldest first */
	PL_BRIEF_PROMISE,     /* open promises, both sides, overdue first */
	PL_BRIEF_PROFILE,     /* a profile, or a counterpart not yet profiled */
	PL_BRIEF_CHANGE,      /* a change since the last round: extra "change" (below) */
	PL_BRIEF__MAX
};
/* The changes: position.new, position.changed, position.dropped, contradiction, untruth.new,
 * untruth.resolved, promise.new, promise.kept, promise.broken, profile.new. The records of
 * PL_BRIEF_CHANGE also carry "since": the previous round's reference. */
typedef int (*pl_briefing_cb)(void *ctx, enum pl_briefing_section s, const struct pl_record *r);
int pl_briefing(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                pl_briefing_cb cb, void *ctx, struct pl_error *err);

/* The briefing in words of lang, line by line: what the text and the PDF show. */
enum pl_brief_line {
	PL_BL_TITLE,   /* the first line */
	PL_BL_SUB,     /* under the title: the session's particulars */
	PL_BL_HEADING, /* a section's heading */
	PL_BL_ITEM,    /* an entry of the section */
	PL_BL_DETAIL,  /* a line under the entry before it */
	PL_BL_EMPTY,   /* a section with nothing in it: the words say so */
};
typedef int (*pl_brief_line_cb)(void *ctx, enum pl_brief_line kind,
                                enum pl_briefing_section section, const char *text);
int pl_briefing_lines(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                      enum pl_ui_lang lang, pl_brief_line_cb cb, void *ctx, struct pl_error *err);

/* The briefing as a PDF of one to three A4 pages (cairo and pango) at path, written whole
 * or not at all (a file there is replaced only with replace); lists too long for three pages
 * are cut, saying how many entries the text briefing has more. Each print is audited
 * (briefing.print, with the pages). *pages (may be NULL): how many. */
int pl_briefing_pdf(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                    const char *path, int replace, enum pl_ui_lang lang, int *pages,
                    struct pl_error *err);

/* --- counts for analysts (stats) -----------------------------------------------------------------
 */

struct pl_negotiation_counts {
	long negotiations, active, sessions, long_sessions, statements, contradictions;
	long untruths_standing, untruths_resolved;
	long promises_ours_open, promises_ours_kept, promises_ours_broken;
	long promises_theirs_open, promises_theirs_kept, promises_theirs_broken;
	long pressure_incidents;
};
int pl_negotiation_counts(struct pl_db *db, const struct pl_actor *actor,
                          struct pl_negotiation_counts *out, struct pl_error *err);

#endif
