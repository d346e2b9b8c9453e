/* cli.h - what every command of the parley CLI shares
 *
 * Adding a command, the checklist:
 *  1. src/cli/cmd-<name>.c defining `const struct command cmd_<name>[]` (or one entry);
 *  2. its entry in the table in src/cli/parley.c;
 *  3. an operation in include/parley/account.h and its row in the permission table
 *     (src/lib/account.c) and in docs/permissions.md, when it acts as an account;
 *  4. a test in tests/t/, including its bad input (tests/t/README.md says how);
 *  5. its section in docs/man/parley.1 and a line in the README.
 */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H
#include <stdio.h>

#include "parley/parley.h"

/*
 * The language of text output, chosen once in main() from LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG (po/README.md). _() translates a message, Q_() one with a count;
 * N_() (record.h) marks a string for the catalogue without translating it. JSON,
 * CSV and JSON Lines keep the tokens; text shows words.
 */
extern enum pl_ui_lang cli_lang;
#define _(s) pl_tr(cli_lang, s)
#define Q_(one, many, n) pl_trn(cli_lang, one, many, n)

enum cmd_flag {
	CMD_DB = 1 << 0,     /* opens the data file */
	CMD_ACTOR = 1 << 1,  /* acts as an account (--as) */
	CMD_CREATE = 1 << 2, /* creates the data file */
	CMD_FIELDS = 1 << 3, /* takes --FIELD VALUE and FIELD=VALUE for its entity */
	CMD_NOMIGRATE = 1 << 4,
};

struct opt {
	const char *name; /* without the dashes: "side" */
	const char *arg;  /* NULL: a flag; else the name of its value in help: "SIDE" */
	int repeat;       /* may be given more than once */
	const char *help;
	int required;
};

struct args {
	int npos;
	const char *pos[64];
	int nopt;
	struct {
		const char *name, *val;
	} opt[128];
	/* --FIELD VALUE and FIELD=VALUE of CMD_FIELDS commands */
	size_t nkv;
	struct pl_kv kv[128];
};

struct ctx;

struct command {
	const char *name;  /* "person add" */
	const char *usage; /* "REF [options]" */
	const char *summary;
	unsigned flags;
	int entity; /* CMD_FIELDS: enum pl_entity_id */
	int min_pos, max_pos;
	const struct opt *opts; /* terminated by { NULL } */
	int (*run)(struct ctx *c);
};

struct ctx {
	const struct command *cmd;
	struct args a;
	struct pl_db *db;
	struct pl_actor actor;
	const char *db_path;
	const char *as;
	int json;
	char os_user[64];
	int is_root;
	struct pl_error err;
};

/* Adds a field value to c->a.kv (PL_EUSAGE when there are too many). */
int args_add_kv(struct ctx *c, const char *key, const char *val);

/* The value of option name, or NULL; for repeatable options, the i-th. */
const char *opt_get(const struct ctx *c, const char *name);
const char *opt_get_nth(const struct ctx *c, const char *name, int i);
int opt_has(const struct ctx *c, const char *name);
/* Parses a probability option, 0 < P <= 1, into *out when given; PL_EUSAGE naming it. */
int opt_probability(struct ctx *c, const char *name, double *out);
/* Parses a non-negative integer option; PL_EUSAGE naming it. */
int opt_long(struct ctx *c, const char *name, long def, long *out);

/* Output: a record as "field: value" lines, or as a JSON object. */
void print_record(const struct pl_record *r, const char *indent);
/* A JSON object of r; owned by the caller (json_decref). */
struct json_t;
struct json_t *record_json(const struct pl_record *r);
/* Prints a JSON value on one line (compact) or indented. */
int print_json(struct json_t *j, int pretty);

/* Streaming JSON arrays: "[" first, "," between, "]" at the end. */
struct json_stream {
	long n;
};
void json_stream_begin(struct json_stream *s);
void json_stream_item(struct json_stream *s, struct json_t *j); /* consumes j */
void json_stream_end(struct json_stream *s);

/* Pads s to width columns of the terminal (UTF-8 aware), cutting if longer. */
void print_cell(const char *s, int width);
/* The same, right-aligned (numbers). */
void print_cell_right(const char *s, int width);

/* A field's name for a person to read, in the office's language ("прізвище"). */
const char *field_label(const struct pl_field *f);
/*
 * What a person reads for the value v of field f: the words of a token, a date as the
 * language writes it (17.05.2022 in Ukrainian), other values as they are. The result
 * is static, v, or buf.
 */
const char *value_text(const struct pl_field *f, const char *v, char *buf, size_t cap);
/* A date (YYYY, YYYY-MM, YYYY-MM-DD) as the language writes it; other text as it is. */
const char *date_text(const char *v, char *buf, size_t cap);
/* n with the language's thousands separator (3 135, 3,135), in buf. */
const char *num_text(long long n, char *buf, size_t cap);

/* FILE:LINE:COLUMN: reason, on stderr (a pl_diag_cb); a report with no line as it is. */
void print_diag(void *ctx, const char *file, long line, const char *column, const char *reason);
/* The format of --format, or of the file's name; cmd names the command in messages. */
int file_format(struct ctx *c, const char *cmd, const char *path, enum pl_format *out);

/* A file made before the name index, or after an import or demo: the first search,
 * match or dedup of an account that may search builds the index (a note on stderr). */
int ensure_name_index(struct ctx *c);

/* What each field's comparison found, "family_name: same name; ..." (cmd-match.c). */
struct pl_match_candidate;
void print_comparison(const struct pl_match_candidate *c);

/* The words of a match decision (enum pl_match_decision) and of a field compared. */
const char *decision_text(int decision);
const char *match_field_text(int field);

/* Reports an error the way every command does: "parley: message". */
int fail(struct ctx *c, int code);
int usage_error(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The options of a person filter, for the opts table of person list and export. */
#define PERSON_FILTER_OPTS                                                                         \
	{"side", "SIDE", 0, "captive or detainee", 0},                                             \
	        {"status", "STATUS", 0, "current status", 0},                                      \
	        {"kind", "KIND", 0, "military or civilian", 0},                                    \
	        {"health", "CATEGORY", 0, "health category", 0},                                   \
	        {"sex", "SEX", 0, "m, f or unknown", 0},                                           \
	        {"unit", "WORDS", 0, "words of the unit", 0},                                      \
	        {"text", "WORDS", 0, "words of the names, reference or service number", 0},        \
	        {"tag", "TAG", 0, "role tag: medic, chaplain, musician, journalist, ...", 0},      \
	        {"citizenship", "CC", 0, "ISO 3166 alpha-2 code, e.g. UA", 0},                     \
	        {"limit", "N", 0, "at most N persons", 0},                                         \
	{                                                                                          \
		"offset", "N", 0, "skip the first N", 0                                            \
	}

/* Fills a person filter from --side, --status, ... --limit, --offset (person list, export). */
int person_filter_from_opts(struct ctx *c, struct pl_person_filter *f);

/* Reads a passphrase: $PARLEY_PASSPHRASE, --passphrase-file, or the terminal. */
int read_passphrase(struct ctx *c, const char *prompt, int confirm, char *out, size_t cap);

extern const struct command cmd_init[], cmd_person[], cmd_relative[], cmd_inquiry[], cmd_account[],
        cmd_import[], cmd_export[], cmd_audit[], cmd_stats[], cmd_demo[], cmd_backup[],
        cmd_restore[], cmd_translit[], cmd_search[], cmd_match[], cmd_dedup[];

#endif
