/* internal.h - what the library's modules share: the handle and the storage layer */
#ifndef PARLEY_INTERNAL_H
#define PARLEY_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "parley/account.h"
#include "parley/error.h"
#include "parley/progress.h"
#include "parley/record.h"
#include "parley/registry.h"
#include "parley/search.h"

#define PL_HASH_LEN 32

/*
 * The storage layer: every SQL statement of parley lives in store-*.c behind
 * these functions, so that another backend (PostgreSQL) implements them and
 * nothing above changes. Functions return 0 or a pl_code and fill err.
 */
struct store;
struct strbuf;

/* The acting account (account.h): made by pl_authenticate() and actor_new() alone. */
struct pl_actor {
	long long account_id; /* 0: the system, no account */
	char login[64];
	unsigned roles;
	char os_user[64]; /* the operating-system user behind the call */
};
/* An actor for account id (the demo's authors, restore's admin); NULL out of memory. */
struct pl_actor *actor_new(long long id, const char *login, unsigned roles);

struct pl_db {
	struct store *st;
	/* The audit chain's newest record, valid inside a write transaction. */
	long long audit_seq;
	unsigned char audit_hash[PL_HASH_LEN];
	char tx_time[21]; /* the time of the current transaction */
	int in_tx;
	/* The name index in memory (name-index.c), built on first use; freed when a write
	 * changes the index. */
	struct nameix *nameix;
	/* pl_set_progress's callback, NULL when none */
	pl_progress_fn *progress;
	void *progress_ctx;
};

/*
 * Reports done of total (0: unknown) rows of phase to db's progress callback: at done 0,
 * at total, and every 1024th row between (the call is cheap when there is no callback).
 * 0, or PL_EINTR with err set ("interrupted") when the callback asks to stop.
 */
int progress_report(struct pl_db *db, const char *phase, uint64_t done, uint64_t total,
                    struct pl_error *err);

/* store.c: the file, its schema and transactions */
/* Once, before any file is opened and before threads: the schema the migrations make. */
int store_global_init(struct pl_error *err);
/* The schema version store_open found and brought up to date (0: a new file, or none). */
int store_migrated_from(struct store *st);
/* PL_EINTEGRITY, naming the object, when the file's schema is not exactly parley's. */
int store_schema_check(struct store *st, struct pl_error *err);
int store_open(const char *path, unsigned flags, struct store **out, struct pl_error *err);
void store_close(struct store *st);
int store_schema_version(struct store *st);
int store_begin(struct pl_db *db, struct pl_error *err); /* write transaction */
int store_commit(struct pl_db *db, struct pl_error *err);
void store_rollback(struct pl_db *db);
int store_integrity_check(struct store *st, struct pl_error *err);
/* Copies the file as committed (read by a connection of its own: st may hold the write
 * lock) to dest a few MiB at a time; tick (may be NULL) gets the pages copied and the
 * pages in all after each step, and stops the copy with its non-zero code. */
int store_backup_to(struct store *st, const char *dest,
                    int (*tick)(void *ctx, uint64_t done, uint64_t total), void *ctx,
                    struct pl_error *err);
/* Makes st's file a rollback-journal file again (one file to carry), outside a transaction. */
int store_rollback_journal(struct store *st, struct pl_error *err);
long long store_count(struct store *st, const char *table);

/* accounts */
struct store_account {
	long long id;
	char login[64];
	unsigned roles;
	char os_user[64];
	char created[21];
	int disabled;
	char pw_hash[160];
	long long failed_logins; /* failed passwords in a row */
	char locked_until[21];   /* "" or the time from which a password is tried again */
};
int store_account_insert(struct pl_db *db, const struct store_account *a, long long *id,
                         struct pl_error *err);
/* PL_ENOTFOUND when there is no such account. */
int store_account_get(struct store *st, const char *login, struct store_account *out,
                      struct pl_error *err);
int store_account_update(struct pl_db *db, const struct store_account *a, struct pl_error *err);
int store_account_each(struct store *st, int (*cb)(void *, const struct store_account *), void *ctx,
                       struct pl_error *err);
/* The failed passwords in a row of account a->id and its lock (table account_logins: the
 * state of authentication, not audited: the attempts themselves are, in the trail). */
int store_account_logins_get(struct store *st, struct store_account *a, struct pl_error *err);
/* In the open transaction: failed passwords in a row and the lock ("" none). */
int store_account_logins_set(struct pl_db *db, long long account_id, long long failed,
                             const char *locked_until, struct pl_error *err);
/* After a success: no failure counted (its own statement). */
int store_account_logins_clear(struct pl_db *db, long long account_id, struct pl_error *err);

/* rows of entities: r->v holds the values of r->ent's fields */
int store_insert(struct pl_db *db, const struct pl_record *r, long long *id, struct pl_error *err);
/* Writes the fields whose bits are set in mask (bit i: field i). */
int store_update(struct pl_db *db, const struct pl_record *r, uint64_t mask, struct pl_error *err);
int store_get(struct store *st, const struct pl_entity *ent, long long id, struct pl_record *out,
              struct pl_error *err);
int store_person_by_ref(struct store *st, const char *ref, struct pl_record *out,
                        struct pl_error *err);
/* The id of the person with source and external_id, 0 when none. */
int store_person_by_external(struct store *st, const char *source, const char *external_id,
                             long long *id, struct pl_error *err);
/* What a listing filters on: the stored values, or the hotline's (a captive listed for an
 * exchange is confirmed to whom may not see the listing). */
enum { STORE_VIEW_HOTLINE = 1 << 0 };
int store_person_list(struct store *st, const struct pl_person_filter *f, unsigned view,
                      pl_record_cb cb, void *ctx, struct pl_error *err);
/* Rows of a child entity of one person (person_id 0: all), oldest first, "author" added. */
int store_children(struct store *st, const struct pl_entity *ent, long long person_id,
                   pl_record_cb cb, void *ctx, struct pl_error *err);
/* The latest date of the evidence on each person ids[i] in out[i] (YYYY[-MM[-DD]], ""
 * when none is dated; store-ties.c). 0 or PL_EDATA. */
int store_latest_evidence(struct store *st, const long long *ids, size_t n, char (*out)[11],
                          struct pl_error *err);
/* The next free number for references of side. */
int store_next_ref_number(struct pl_db *db, const char *side, long long *n, struct pl_error *err);
int store_set_next_ref_number(struct pl_db *db, const char *side, long long n,
                              struct pl_error *err);
/* The id of the first row of a child entity of person_id, 0 when there is none. */
int store_first_child(struct store *st, const struct pl_entity *ent, long long person_id,
                      long long *id, struct pl_error *err);
/*
 * A person's first status as a row of the status entity (id 0), from the persons row
 * where it lives until the first change; "author" and "person_ref" added.
 */
int store_initial_status(struct store *st, long long person_id, pl_record_cb cb, void *ctx,
                         struct pl_error *err);
/* Stores a file by its hash (kept once); *id is its row. *added: 1 when new. */
int store_file_put(struct pl_db *db, const char *hash, const char *name, const void *data,
                   size_t len, long long *id, int *added, struct pl_error *err);

/* the audit trail */
struct store_audit {
	long long seq;
	const char *ts, *account, *os_user, *action, *tbl, *ref, *fields;
	long long oid;
	const unsigned char *row_hash; /* NULL or PL_HASH_LEN bytes */
	const unsigned char *prev;     /* not stored: the hash of the record before */
	const unsigned char *hash;
};
int store_audit_last(struct store *st, long long *seq, unsigned char hash[PL_HASH_LEN],
                     struct pl_error *err);
/* The hash of audit record seq; *exists 0 when the trail has no such record. */
int store_audit_hash_at(struct store *st, long long seq, unsigned char hash[PL_HASH_LEN],
                        int *exists, struct pl_error *err);
/* A signed checkpoint of the trail (table audit_checkpoints, audited): hex strings. */
struct store_checkpoint {
	long long id, seq, author_id;
	const char *hash, *signed_at, *pubkey, *signature;
};
int store_checkpoint_insert(struct pl_db *db, const struct store_checkpoint *c, long long *id,
                            struct pl_error *err);
/* Every checkpoint, by the record it signs. */
int store_checkpoints(struct store *st, int (*cb)(void *, const struct store_checkpoint *),
                      void *ctx, struct pl_error *err);
int store_audit_insert(struct pl_db *db, const struct store_audit *a, struct pl_error *err);
int store_audit_each(struct store *st, long long since,
                     int (*cb)(void *, const struct store_audit *), void *ctx,
                     struct pl_error *err);
/* The hash of table's row id as stored; *exists 0 when there is none. */
int store_row_hash(struct store *st, const char *table, long long id,
                   unsigned char out[PL_HASH_LEN], int *exists, struct pl_error *err);
/* The tables whose rows the audit trail covers, NULL-terminated. */
extern const char *const store_audited_tables[];
/* For each object of table: the row hash of its newest audited write. */
int store_audit_objects(struct store *st, const char *table,
                        int (*cb)(void *, long long oid, const unsigned char *row_hash,
                                  long long seq),
                        void *ctx, struct pl_error *err);
/* The row hash of the newest audit record of table's row oid; *exists 0 when none. */
int store_audit_row_last(struct store *st, const char *table, long long oid,
                         unsigned char out[PL_HASH_LEN], int *exists, struct pl_error *err);
/* The first row of table that no audit record covers, 0 when none. */
int store_unaudited_row(struct store *st, const char *table, long long *id, struct pl_error *err);

/*
 * The name index (search.c, name-index.c): derived data, one row per person with the
 * keys of its names, written in the transaction of the person's write and not audited
 * (name_index is no audited table; the audited persons row is its source).
 */
struct store_name_entry {
	long long id;
	const char *ref, *side, *birth_date, *unit;
	const char *keys; /* "PKEY\n..." as name-index.c encodes them */
};
/* Writes (or replaces) the index row of a person. */
int store_name_index_put(struct pl_db *db, const struct store_name_entry *e, struct pl_error *err);
/* Deletes the index row of a person (merged away). */
int store_name_index_delete(struct pl_db *db, long long person_id, struct pl_error *err);
/* Deletes every index row (before a rebuild). */
int store_name_index_clear(struct pl_db *db, struct pl_error *err);
/* Calls cb for every index row, in person id order. */
int store_name_index_each(struct store *st, int (*cb)(void *, const struct store_name_entry *),
                          void *ctx, struct pl_error *err);
/*
 * The generation of the index (sql/0010-name-index-generation.sql): a number drawn again
 * in the transaction of every write of table name_index. *known is 0 when the file has
 * none (meta's row was deleted): then no index built from the table can be kept.
 */
int store_name_index_generation(struct store *st, uint64_t *gen, int *known, struct pl_error *err);
/* store_name_index_each and the generation of what it read, in one read of the file (a
 * transaction of its own when none is open). */
int store_name_index_read(struct store *st, uint64_t *gen, int *known,
                          int (*cb)(void *, const struct store_name_entry *), void *ctx,
                          struct pl_error *err);
/* The path of the data file, "" when it is in memory. */
const char *store_path(struct store *st);
/* The names of a person, as the index is built from them. */
struct store_name_row {
	long long id;
	const char *ref, *side, *family, *given, *patronymic, *other, *birth_date, *unit;
};
/* Every person's names, in id order (a rebuild of the index). */
int store_name_rows(struct store *st, int (*cb)(void *, const struct store_name_row *), void *ctx,
                    struct pl_error *err);
/* The version of the index rules and data it was built by ("0": stale), in out. */
int store_name_index_version(struct store *st, char *out, size_t size, struct pl_error *err);
int store_set_name_index_version(struct pl_db *db, const char *v, struct pl_error *err);
/* (Re)writes the index of person_id from p in the open transaction; fresh: a new person. */
int search_index_person(struct pl_db *db, long long person_id, const struct pl_record *p, int fresh,
                        struct pl_error *err);
/* Takes a person out of the index (merged into another) in the open transaction. */
int search_unindex_person(struct pl_db *db, long long person_id, struct pl_error *err);

/* Statistics: counts grouped as pl_stats_row. */
int store_stats(struct store *st, pl_stats_cb cb, void *ctx, struct pl_error *err);

/*
 * registry.c: small cells hidden from a role that sees counts only, the one rule of every
 * table of statistics (pl_stats, pl_xstats). A cell is a count of persons; a line is a set
 * of cells one of which (cell[total]; n when none) is the sum of the others: a row of a
 * table and its total, a column and the table's total row. Every cell under
 * PL_STATS_MIN_CELL is hidden (suppressed 1), but a grand total of none; then, while a line
 * has exactly one hidden cell (its total less the others would give it away), its
 * smallest shown cell other than its total is withheld too (suppressed 2).
 */
struct stats_cell {
	long long count;
	int suppressed; /* out: 0 shown, 1 fewer than PL_STATS_MIN_CELL, 2 withheld */
	int grand;      /* a grand total: none (0) is shown */
};
struct stats_line {
	const size_t *cell; /* indices into the cells */
	size_t n;
	size_t total; /* the index in cell[] of the line's total; n when it has none */
};
void stats_suppress(struct stats_cell *c, size_t n, const struct stats_line *lines, size_t nlines);

/*
 * store-xstats.c: what the statistics of exchanges (pl_xstats) are computed from. Strings
 * are valid during the callback.
 */
struct store_xperson {
	long long id;
	const char *side, *kind, *sex, *health, *birth_date, *capture_date, *tags;
	const char *status, *status_date;
};
/* Every person not merged away, by id. */
int store_xstats_persons(struct store *st, int (*cb)(void *, const struct store_xperson *),
                         void *ctx, struct pl_error *err);
struct store_xexchange {
	long long id;
	const char *ref, *title, *status, *agreed_date, *planned_date;
	const char *first_stage; /* the date of its first stage, or NULL */
	long long stages;
	long long pending; /* ours handed over whose arrival is not recorded */
};
/* Every exchange, by id. */
int store_xstats_exchanges(struct store *st, int (*cb)(void *, const struct store_xexchange *),
                           void *ctx, struct pl_error *err);
/* The mediators of every exchange: (exchange id, name), by exchange. */
int store_xstats_mediators(struct store *st,
                           int (*cb)(void *, long long exchange_id, const char *name), void *ctx,
                           struct pl_error *err);
/*
 * Who was on a list and who crossed: what is "request", "agreed" (entries on the list
 * when the exchange's first stage was recorded, or now when it has none: the entries
 * taken off when it was carried out are counted) or "crossed" (a handover, date its
 * stage's); side "receive" or "give".
 */
struct store_xlink {
	long long exchange_id, person_id;
	const char *what, *side, *date;
};
int store_xstats_links(struct store *st, int (*cb)(void *, const struct store_xlink *), void *ctx,
                       struct pl_error *err);

/* audit.c: appends one record for a row written (or an access) in the open transaction */
int audit_write(struct pl_db *db, const struct pl_actor *actor, const char *action,
                const char *table, long long oid, const char *ref, const char *fields,
                struct pl_error *err);
/*
 * Records an access that wrote nothing (a refusal, a read of a restricted value):
 * in the open transaction, or in one of its own when none is open.
 */
int audit_note(struct pl_db *db, const struct pl_actor *actor, const char *action,
               const char *table, long long oid, const char *ref, const char *fields,
               struct pl_error *err);
/*
 * The hash of record a, a->prev being the hash of the record before: what append
 * writes and verify checks (the construction is in audit.c; tests forge with it).
 */
void audit_record_hash(const struct store_audit *a, unsigned char out[PL_HASH_LEN]);

/* names-equiv.c: builds names data from the texts of given.tsv, diminutives.tsv and
 * surname-rules.tsv and checks it as pl_equiv_init checks data/names (for tests) */
int equiv_check_data(const char *given_tsv, const char *dims_tsv, const char *rules_tsv,
                     struct pl_error *err);

/* account.c */
/*
 * Refuses what actor asked: undoes the open transaction, records "denied:OP" (with ref
 * and the reason's words in fields) in a transaction of its own, and sets err to code
 * and the message. Every refusal of the library goes through here: one record each.
 */
int refuse(struct pl_db *db, const struct pl_actor *actor, const char *op, const char *ref,
           const char *reason, int code, struct pl_error *err, const char *fmt, ...)
        __attribute__((format(printf, 8, 9)));
int account_make(struct pl_db *db, const struct pl_actor *actor, const char *login, unsigned roles,
                 const char *os_user, char pw_out[PL_PASSWORD_LEN + 1], struct pl_error *err);

/* registry.c: validation of raw inputs into a record; bit i of *set says field i was given */
int record_from_kv(struct pl_record *r, const struct pl_kv *kv, size_t n, uint64_t *set,
                   struct pl_error *err);
/*
 * Inserts r (all its fields, system ones included) in the open transaction and
 * audits it as action on ref; r->id and *id (may be NULL) get the new row.
 */
int record_insert_audited(struct pl_db *db, const struct pl_actor *actor, struct pl_record *r,
                          const char *action, const char *ref, long long *id, struct pl_error *err);
/* person add inside an open transaction (used by import and demo) */
int person_insert(struct pl_db *db, const struct pl_actor *actor, struct pl_record *p,
                  const char *action, char ref_out[PL_REF_MAX], struct pl_error *err);
int person_check(const struct pl_record *p, struct pl_error *err);
/*
 * Leaves out of p what actor may not see, as redact_person does, and gives an actor that
 * sees the hotline's answer (not the exchange listing) the date of that answer: for a
 * listed captive, when its captivity was confirmed, read from the history in db. full: one
 * person shown (restricted values the actor may see are kept; *read gets their names).
 */
int person_redact_full(struct pl_db *db, const struct pl_actor *actor, struct pl_record *p,
                       int full, struct strbuf *read, struct pl_error *err);
/* Refuses (refuse(), as op) an actor that may not see detainees a reference of one (R-),
 * by its shape, before anything is read. */
int person_side_gate(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                     const char *op, struct pl_error *err);
/* Refuses (refuse()) a write by actor of a restricted value of upd (fields in set). */
int restricted_write_check(struct pl_db *db, const struct pl_actor *actor,
                           const struct pl_record *upd, uint64_t set, const char *action,
                           const char *ref, struct pl_error *err);
/*
 * Before a person's first change of status: writes the first status, kept in the
 * persons row until now, as the first row of the history (audited as action).
 * *first_id (may be NULL) gets the id of the history's first row.
 */
int status_history_start(struct pl_db *db, const struct pl_actor *actor, long long person_id,
                         const char *action, long long *first_id, struct pl_error *err);
int person_update(struct pl_db *db, const struct pl_actor *actor, struct pl_record *cur,
                  const struct pl_record *upd, uint64_t set, const char *reason, const char *action,
                  struct pl_error *err);

/*
 * --- saved match runs, their review, merges of persons ---------------------------------
 * review.c (include/parley/review.h); the SQL in store-match.c (tables match_runs,
 * match_rows, person_merges of sql/0004-match.sql, all audited). Strings of the structs
 * handed to callbacks are valid during the callback only.
 */
struct store_match_run {
	long long id;
	const char *label, *list_date, *source, *file_name, *file_hash, *note;
	const char *author, *created; /* read only: the author's login; the transaction's time */
	long long author_id;
	long long rows, matches, possible, none;
	long long pending, accepted, rejected; /* read only */
};
int store_match_run_insert(struct pl_db *db, const struct store_match_run *r, long long *id,
                           struct pl_error *err);
/* Every run, newest first (run_id 0), or the one run run_id. */
int store_match_runs(struct store *st, long long run_id,
                     int (*cb)(void *, const struct store_match_run *), void *ctx,
                     struct pl_error *err);
struct store_match_row {
	long long id, run_id, row, line;
	const char *family, *given, *patronymic, *birth_date, *unit;
	const char *decision, *candidates, *review; /* candidates: JSON */
	long long person_id, evidence_id, reviewer_id;
	const char *person_ref, *reviewer, *reviewed; /* read only */
	const char *note;
};
/* A new row (pending) of run r->run_id. */
int store_match_row_insert(struct pl_db *db, const struct store_match_row *r, long long *id,
                           struct pl_error *err);
/* The rows of a run in list order; review, decision NULL: any; row 0: every row. */
int store_match_rows(struct store *st, long long run_id, const char *review, const char *decision,
                     long long row, int (*cb)(void *, const struct store_match_row *), void *ctx,
                     struct pl_error *err);
/* Writes the review of row r->id: review, person_id, evidence_id, reviewer_id, note, and
 * the transaction's time. */
int store_match_row_review(struct pl_db *db, const struct store_match_row *r, struct pl_error *err);
/* The reference and side of person id; *exists 0 when there is none. */
int store_person_brief(struct store *st, long long id, char ref[PL_REF_MAX], char side[16],
                       int *exists, struct pl_error *err);
/* The person person_id was merged into (*into 0: not merged) and its reference. */
int store_person_merged_into(struct store *st, long long person_id, long long *into,
                             char into_ref[PL_REF_MAX], struct pl_error *err);
struct store_merge {
	long long id, person_id, merged_id; /* person_id: the person kept */
	const char *person_ref, *merged_ref, *reason, *moved, *author, *recorded;
};
/* The merges into person_id (into_it), or the merge of person_id into another. */
int store_person_merges(struct store *st, long long person_id, int into_it,
                        int (*cb)(void *, const struct store_merge *), void *ctx,
                        struct pl_error *err);
/* The i-th table whose rows follow a person into a merge ("statuses", ...), NULL after. */
const char *store_merge_table(size_t i);
/* Moves the rows of that table from person from to person to; *ids (pl_free) gets the
 * ids moved, in order, *n their number. */
int store_merge_move(struct pl_db *db, size_t table, long long from, long long to, long long **ids,
                     size_t *n, struct pl_error *err);
/* Records a merge (person_id, merged_id, reason, moved of m) by author_id, now. */
int store_merge_insert(struct pl_db *db, const struct store_merge *m, long long author_id,
                       long long *id, struct pl_error *err);
/*
 * registry.c, for the exchanges desk: in the open transaction, moves person p (loaded in
 * it; updated in place) to status to, if the transition table allows it, with a history
 * row (date, source, note, evidence_id 0: none) audited as action; and records an event.
 */
int person_status_move(struct pl_db *db, const struct pl_actor *actor, struct pl_record *p,
                       const char *to, const char *date, const char *source, const char *note,
                       long long evidence_id, const char *action, struct pl_error *err);
int person_event_insert(struct pl_db *db, const struct pl_actor *actor, const struct pl_record *p,
                        const char *kind, const char *date, const char *place, const char *source,
                        const char *note, const char *action, long long *id_out,
                        struct pl_error *err);
/* registry.c: evidence for the person ref (kv as for pl_person_add_evidence, no file) in
 * the open transaction, audited as action; *id_out (may be NULL) gets its id. */
int person_evidence_insert(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                           const struct pl_kv *kv, size_t n, const char *action, long long *id_out,
                           struct pl_error *err);
/* review.c: PL_EDATA, naming the person kept, when person_id was merged into another. */
int person_merged_refuse(struct pl_db *db, long long person_id, const char *ref,
                         struct pl_error *err);
/* review.c: adds to p, for person show, where it was merged ("merged_into", "merged",
 * "merge_reason", "merged_by") or who was merged into it ("merged_from"). */
int person_merge_extras(struct pl_db *db, struct pl_record *p, struct pl_error *err);
/* --- end of match runs, review and merges ---------------------------------------------- */

/*
 * --- the exchanges desk: store-exchange.c (sql/0007-exchanges.sql) ---------------------
 * Rows are entities written with store_insert/store_update; these read them with what
 * they name joined in (extras: author, person_ref, exchange_ref, stage, ...).
 */
/* The exchange ref, extras "mediators" and "stages" (how many); PL_ENOTFOUND. */
int store_exchange_by_ref(struct store *st, const char *ref, struct pl_record *out,
                          struct pl_error *err);
/* Every exchange (of status, NULL: any), newest first. */
int store_exchanges(struct store *st, const char *status, pl_record_cb cb, void *ctx,
                    struct pl_error *err);
/* Rows of a child entity of an exchange (mediator, stage, incident), in order; 0: all. */
int store_exchange_children(struct store *st, const struct pl_entity *ent, long long exchange_id,
                            pl_record_cb cb, void *ctx, struct pl_error *err);
/* Entries of lists; 0 and NULL match any; active: not taken off. Extras person_ref,
 * person_side, person_status, exchange_ref, exchange_status. */
int store_list_entries(struct store *st, long long exchange_id, const char *list, const char *side,
                       long long person_id, int active, pl_record_cb cb, void *ctx,
                       struct pl_error *err);
/* Who crossed (of exchange_id, of person_id; 0: any), by stage; extras stage,
 * stage_date, person_ref, person_status, exchange_ref. */
int store_handovers(struct store *st, long long exchange_id, long long person_id, pl_record_cb cb,
                    void *ctx, struct pl_error *err);
int store_stage_next(struct store *st, long long exchange_id, long long *n, struct pl_error *err);
/* The reception of person_id; PL_ENOTFOUND when none was recorded. */
int store_reception_by_person(struct store *st, long long person_id, struct pl_record *out,
                              struct pl_error *err);
int store_receptions(struct store *st, pl_record_cb cb, void *ctx, struct pl_error *err);
/* Tellings of families (of person_id; 0: all), by date; extras person_ref, relative. */
int store_notifications(struct store *st, long long person_id, pl_record_cb cb, void *ctx,
                        struct pl_error *err);
/* *yes: relative_id (0: no relative) of person_id was told for reason since (NULL: ever). */
int store_notified(struct store *st, long long person_id, long long relative_id, const char *reason,
                   const char *since, int *yes, struct pl_error *err);
/* The day of the last contact with a relative (recorded, an inquiry, a telling). */
int store_last_contact(struct store *st, long long relative_id, char *out, size_t cap,
                       struct pl_error *err);
/* The level the head set for rule ("" and *id 0: the default stands). */
int store_policy_level(struct store *st, const char *rule, char *level, size_t cap, long long *id,
                       struct pl_error *err);
/* Sets rule's level (row id, 0: a new row); *id_out its row, for the audit record. */
int store_policy_put(struct pl_db *db, long long id, const char *rule, const char *level,
                     long long author_id, long long *id_out, struct pl_error *err);
/* Persons of side (not merged away) whose status is in statuses (",a,b,"), by id. */
int store_persons_where(struct store *st, const char *side, const char *statuses, pl_record_cb cb,
                        void *ctx, struct pl_error *err);
/* --- end of the exchanges desk's storage ------------------------------------------------ */

/*
 * outfile.c: a file of personal data (a print, an export) written whole or not at all:
 * outfile_open makes o->fd (write it) and o->name (give it to a library that opens files by
 * name) inside a directory of its own next to path, mode 0700, the file mode 0600, made with
 * O_EXCL | O_NOFOLLOW; outfile_install syncs it and gives it the name path, replacing a file
 * there only when replace is set (a link at path is replaced, never followed); outfile_abort
 * removes it all. PL_ENOTFOUND when path's directory does not exist, PL_EUSAGE when path
 * exists and replace is not set, PL_EDATA otherwise; after an error of open or install
 * nothing is left. o->path is path, not copied: it must outlive o.
 */
struct outfile {
	const char *path;
	char *dir, *name;
	int dfd, fd;
	dev_t dev;
	ino_t ino;
};
void outfile_init(struct outfile *o);
int outfile_open(struct outfile *o, const char *path, struct pl_error *err);
/* 0 when what a library wrote by o->name went into the file outfile_open made. */
int outfile_check(const struct outfile *o, struct pl_error *err);
int outfile_install(struct outfile *o, int replace, struct pl_error *err);
void outfile_abort(struct outfile *o);
/* Before anything is gathered: path names no directory or special file, and no file at all
 * unless replace (PL_EUSAGE naming it). */
int outfile_path_check(const char *path, int replace, struct pl_error *err);

/*
 * i18n.c: checks the .mo catalogue data[0..size) as pl_i18n_init checks those compiled
 * in (either byte order, every table and string inside the data and NUL-terminated, the
 * originals sorted); 0 and *n (may be NULL) its number of strings, or PL_EDATA naming
 * the fault. The data is only read.
 */
int i18n_catalog_check(const unsigned char *data, size_t size, long *n, struct pl_error *err);

/*
 * --- queries of entity rows (store-query.c) ---------------------------------------------
 * For the desks whose rows are entities of record.c: a statement with bound values,
 * each row handed out as a record of ent (columns not of the entity become extras).
 */
struct store_bind {
	char type; /* 'i' an integer, 's' text (NULL: null) */
	long long i;
	const char *s;
};
#define SB_I(v) ((struct store_bind){'i', (v), NULL})
#define SB_S(v) ((struct store_bind){'s', 0, (v)})
int store_query(struct store *st, const struct pl_entity *ent, const char *sql,
                const struct store_bind *b, size_t nb, pl_record_cb cb, void *ctx,
                struct pl_error *err);
/* The first row into out; PL_ENOTFOUND "no ENT WHAT" when there is none. */
int store_query_one(struct store *st, const struct pl_entity *ent, const char *sql,
                    const struct store_bind *b, size_t nb, struct pl_record *out, const char *what,
                    struct pl_error *err);
/* The integer in the first column of the first row (0 when there is none). */
int store_query_int(struct store *st, const char *sql, const struct store_bind *b, size_t nb,
                    long long *out, struct pl_error *err);

/*
 * --- the planner's persons weighed (store-plan.c, sql/0009-plans.sql) ------------------
 * Not audited row by row: the plan row carries their digest (members_hash).
 */
struct store_plan_member {
	long long person_id;
	const char *ref, *family, *given; /* read: of the person */
	const char *side;                 /* receive, give */
	double score;
	const char *detail, *unit, *reason;
	unsigned long long yes, unknown;
	int named, pinned, chosen;
};
int store_plan_member_insert(struct store *st, long long plan_id, const struct store_plan_member *m,
                             struct pl_error *err);
/* The members of plan_id by person id. */
int store_plan_members(struct store *st, long long plan_id,
                       int (*cb)(void *, const struct store_plan_member *), void *ctx,
                       struct pl_error *err);

/*
 * Inserts r, a row of an entity with a reference, as record_insert_audited does: its
 * reference is prefix and the next number of its table ("N-0004", into ref, cap bytes), its
 * author the actor, its "created" (or "recorded") the transaction's time.
 */
int record_insert_ref(struct pl_db *db, const struct pl_actor *actor, struct pl_record *r,
                      const char *prefix, const char *action, char *ref, size_t cap,
                      struct pl_error *err);

/*
 * Applies the fields of upd set in set to cur (loaded in the open transaction): a required
 * field is not emptied, "updated" (when the entity has it) takes the transaction's time,
 * and the change is written and audited as action on ref with the names of the fields
 * changed. *changed_out (may be NULL): 0 when nothing differed (nothing written).
 */
int record_update_audited(struct pl_db *db, const struct pl_actor *actor, struct pl_record *cur,
                          const struct pl_record *upd, uint64_t set, const char *action,
                          const char *ref, int *changed_out, struct pl_error *err);

/* i18n.c: a date (YYYY, YYYY-MM, YYYY-MM-DD) or a day and time (YYYY-MM-DDTHH:MM...) as the
 * language writes it: 17.05.1985, 05.1985, 17.05.2024 09:00 (uk); 2024-05-17 09:00 (en). */
enum pl_ui_lang;
void lang_date(enum pl_ui_lang lang, const char *v, char *buf, size_t cap);

/* transition.c: a table of the statuses a status may go to ("proposed,cancelled"; "" when it
 * is final), and its reading: 1 when from may go to to; the possible ones, ", "-separated,
 * or "none: FROM is final", in out. */
struct transition {
	const char *from, *to;
};
int transition_ok(const struct transition *t, size_t n, const char *from, const char *to);
void transition_next(const struct transition *t, size_t n, const char *from, char *out, size_t cap);

#endif
