/* record.h - entities, their fields and the validation of every value */
#ifndef PARLEY_RECORD_H
#define PARLEY_RECORD_H
#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"

/* Marks an English string for the catalogues (po/) without translating it. */
#ifndef N_
#define N_(s) s
#endif

/*
 * Every kind of row parley keeps (a person, a status change, an event, ...) is an
 * entity: a table of fields, each with a type that says which values are valid.
 * The same tables drive the CLI's options, the CSV columns, JSON output and
 * docs/values.md, so a value means the same everywhere.
 */
enum pl_vtype {
	PL_V_TEXT,      /* free text: valid UTF-8, no control characters but tab and newline */
	PL_V_NAME,      /* a personal name: one line of text */
	PL_V_DATE,      /* YYYY, YYYY-MM or YYYY-MM-DD, a real date, not after 2100 */
	PL_V_ENUM,      /* one of the field's tokens */
	PL_V_COUNTRIES, /* ISO 3166 alpha-2 codes joined by ';' (input case-insensitive) */
	PL_V_TAGS,      /* lower-case tokens [a-z_] joined by ';' */
	PL_V_ID,        /* a positive integer naming another row */
	PL_V_COUNT,     /* a number of persons or things: 0 to 10,000,000 */
	PL_V_DATETIME,  /* a day and a time of it: YYYY-MM-DD HH:MM (or with a T), stored with T */
};

enum pl_field_flag {
	PL_F_REQUIRED = 1 << 0,   /* must have a value when the row is made */
	PL_F_RESTRICTED = 1 << 1, /* need-to-know: left out for roles that may not see it */
	PL_F_SYSTEM = 1 << 2,     /* set by parley, never by the caller */
	PL_F_FIXED = 1 << 3,      /* set when the row is made, never edited */
	PL_F_CAPTIVE = 1 << 4,    /* only for captives */
	PL_F_DETAINEE = 1 << 5,   /* only for detainees */
	PL_F_NOEDIT = 1 << 6,     /* changed through its own operation (status), not by edit */
};

struct pl_field {
	const char *name;
	enum pl_vtype type;
	unsigned flags;
	const char *const *tokens; /* PL_V_ENUM: NULL-terminated */
	unsigned max_len;          /* bytes; 0: 4096 */
	const char *doc;
	const char *label; /* what a person reads: "family name"; English, translated by i18n.h */
};

enum pl_entity_id {
	PL_ENT_PERSON,
	PL_ENT_STATUS,
	PL_ENT_EVENT,
	PL_ENT_EVIDENCE,
	PL_ENT_RELATIVE,
	PL_ENT_INQUIRY,
	PL_ENT_CHANGE, /* an edit of a person's field, with the value it replaced */
	/* the exchanges desk (include/parley/exchange.h) */
	PL_ENT_EXCHANGE,
	PL_ENT_MEDIATOR,
	PL_ENT_LIST_ENTRY, /* a person on a request or agreed list of an exchange */
	PL_ENT_STAGE,
	PL_ENT_HANDOVER,  /* a person who crossed at a stage */
	PL_ENT_RECEPTION, /* the reception of a returnee on home soil */
	PL_ENT_NOTIFICATION,
	PL_ENT_INCIDENT,
	/* the negotiation desk (include/parley/negotiation.h) */
	PL_ENT_NEGOTIATION,
	PL_ENT_NEG_EXCHANGE, /* an exchange a negotiation led to */
	PL_ENT_SESSION,      /* a round across the table */
	PL_ENT_WELFARE,      /* the psychologist's note on a negotiator's welfare */
	PL_ENT_POSITION,     /* one version of a position: a change replaces it */
	PL_ENT_OPENING,      /* an opening line */
	PL_ENT_COUNTERPART,  /* a negotiator of the other side */
	PL_ENT_STATEMENT,    /* a statement across the table: the ledger */
	PL_ENT_PROFILE,      /* a dated MICE assessment of a counterpart */
	PL_ENT_PRESSURE,     /* a pressure incident on families */
	PL_ENT_PLAN,         /* the lists the planner chose for an exchange */
	PL_ENT_PLAN_WEIGHT,  /* one of the office's weights of the planner */
	PL_ENT__MAX
};

struct pl_entity {
	enum pl_entity_id id;
	const char *name;  /* "person" */
	const char *table; /* "persons" */
	const struct pl_field *fields;
	size_t nfields;
};

const struct pl_entity *pl_entity(enum pl_entity_id id);
/* Index of the field called name, or -1. */
int pl_field_index(const struct pl_entity *ent, const char *name);

/*
 * Checks value for field f and writes its canonical form to *out (trimmed,
 * NFC, tokens lower-cased; NULL for an empty value). On failure returns
 * PL_EDATA with a message naming the field and what is wrong. *out is
 * allocated with pl_malloc and owned by the caller.
 */
int pl_field_normalize(const struct pl_field *f, const char *value, char **out,
                       struct pl_error *err);

/* Token lists shared by several entities (NULL-terminated). */
extern const char *const pl_sides[];
extern const char *const pl_kinds[];
extern const char *const pl_sexes[];
extern const char *const pl_health[];
extern const char *const pl_captive_statuses[];
extern const char *const pl_detainee_statuses[];
extern const char *const pl_event_kinds[];
extern const char *const pl_evidence_kinds[];
extern const char *const pl_yes_no[];
extern const char *const pl_yes_no_unknown[];
extern const char *const pl_exchange_statuses[];
extern const char *const pl_exchange_sides[]; /* receive, give */
extern const char *const pl_exchange_lists[]; /* request, agreed */
extern const char *const pl_policy_levels[];  /* block, warn, off */
extern const char *const pl_negotiation_statuses[];
extern const char *const pl_negotiation_formats[];
extern const char *const pl_position_items[];  /* person, category, topic */
extern const char *const pl_stances[];         /* ready, not_negotiable, conditional */
extern const char *const pl_statement_sides[]; /* ours, theirs */
extern const char *const pl_statement_kinds[];
extern const char *const pl_promise_states[];  /* open, kept, broken */
extern const char *const pl_statement_facts[]; /* the vocabulary of docs/values.md */
extern const char *const pl_mice_ratings[];
extern const char *const pl_confidences[];
extern const char *const pl_pressure_kinds[];
extern const char *const pl_plan_statuses[];

/*
 * The words of a token for a person to read, in English ("data_unknown": "data,
 * captivity unknown"); the token itself when the list has no words for it. The string
 * is static; pl_tr() (i18n.h) translates it. pl_value_label: the same for a value of
 * field f (the value itself unless f is an enumeration).
 */
const char *pl_token_label(const char *const *tokens, const char *token);
/* The words of every token of a list, in its order; NULL when the list has none. */
const char *const *pl_token_labels(const char *const *tokens);
const char *pl_value_label(const struct pl_field *f, const char *value);

/* 1 when s is one of the NULL-terminated tokens. */
int pl_token_in(const char *s, const char *const *tokens);
/* Joins tokens with ", " into out; for messages. */
void pl_tokens_join(const char *const *tokens, char *out, size_t cap);

/* 1 when code (upper case) is an ISO 3166-1 alpha-2 code. */
int pl_country_valid(const char *code);

/*
 * A row of an entity as the library hands it out: v[i] is the value of
 * ent->fields[i] (NULL when empty or left out); bit i of restricted says the
 * value was left out because the acting role may not see it.
 */
struct pl_record {
	const struct pl_entity *ent;
	long long id;
	char **v;
	uint64_t restricted;
	/* Values outside the field table that a view adds ("author", "person_ref"). */
	size_t nextra;
	const char **extra_names;
	char **extra;
};

int pl_record_init(struct pl_record *r, const struct pl_entity *ent);
/* Frees the values, keeps the record usable. */
void pl_record_release(struct pl_record *r);
const char *pl_record_get(const struct pl_record *r, const char *field);
/* Sets field (copying value) without validation; for building inputs. */
int pl_record_set(struct pl_record *r, const char *field, const char *value);
/* name: a string that outlives the record (a literal). */
int pl_record_add_extra(struct pl_record *r, const char *name, const char *value);
/* The name under which a left-out value is reported: the field's, or what it hides. */
const char *pl_record_restricted_name(const struct pl_record *r, size_t i);

/*
 * An input: field names and raw values as a person typed them. Validation
 * turns it into a record.
 */
struct pl_kv {
	const char *key;
	const char *val;
};

#endif
