/* cli.h - what every command of the parley CLI shares
 *
 * Adding a command, the checklist:
 *  1. src/cli/cmd-<name>.c defining `const struct command cmd_<name>[]` (or one entry)
 *     with designated initialisers: .name, .usage, .summary, its .description (the
 *     whole prose of its man page) and .examples (invocations that work), every option's
 *     .help and, for an option or argument with a value, .values (what completes it);
 *  2. its entry in the table in src/cli/parley.c (its man page, parley-<first word>(1),
 *     its --help, `parley help` and the bash completion then follow from the table);
 *  3. an operation in include/parley/account.h and its row in the permission table
 *     (src/lib/access/account.c) and in docs/permissions.md, when it acts as an account;
 *  4. a test in tests/t/, including its bad input (tests/t/README.md says how);
 *  5. a line in the README.
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
	CMD_PROGRESS = 1 << 5, /* long work: Ctrl-C stops it cleanly (progress.c) */
};

/*
 * What a value is (an option's or a positional argument's): the bash completion
 * offers it and the man page names it. Tokens come from the library's tables where
 * it has them (an entity field's tokens, the role names), so they cannot disagree.
 */
enum values_kind {
	VAL_ANY,     /* free text: nothing to offer */
	VAL_FILE,    /* a file name */
	VAL_TOKENS,  /* one of .tokens */
	VAL_FIELD,   /* one of the tokens of an entity field, .field = "person.status" */
	VAL_NAMES,   /* one of .name(0), .name(1), ... (NULL past the last) */
	VAL_STATUS,  /* a status of the side of the reference before it (U-: captive, R-: detainee)
	              */
	VAL_COMMAND, /* the words of a command (parley help) */
};

struct values {
	enum values_kind kind;
	const char *field;
	const char *const *tokens;  /* NULL-terminated */
	const char *(*name)(int i); /* the i-th name, NULL past the last */
};

#define V_FILE                                                                                     \
	{                                                                                          \
		.kind = VAL_FILE                                                                   \
	}
#define V_FIELD(f)                                                                                 \
	{                                                                                          \
		.kind = VAL_FIELD, .field = (f)                                                    \
	}
#define V_TOKENS(...)                                                                              \
	{                                                                                          \
		.kind = VAL_TOKENS, .tokens = (const char *const[])                                \
		{                                                                                  \
			__VA_ARGS__, NULL                                                          \
		}                                                                                  \
	}
#define V_LIST(array)                                                                              \
	{                                                                                          \
		.kind = VAL_TOKENS, .tokens = (array)                                              \
	}
#define V_NAMES(fn)                                                                                \
	{                                                                                          \
		.kind = VAL_NAMES, .name = (fn)                                                    \
	}
#define V_STATUS                                                                                   \
	{                                                                                          \
		.kind = VAL_STATUS                                                                 \
	}
#define V_COMMAND                                                                                  \
	{                                                                                          \
		.kind = VAL_COMMAND                                                                \
	}

struct opt {
	const char *name; /* without the dashes: "side" */
	const char *arg;  /* NULL: a flag; else the name of its value in help: "SIDE" */
	int repeat;       /* may be given more than once */
	const char *help;
	int required;
	struct values values; /* what its value is */
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

/*
 * A command, as data. .description and .examples are the text of its man page, of
 * `parley help` and of --help (src/cli/doc.c renders all three from them). Their markup:
 * paragraphs are separated by a blank line ("\n\n"), a single newline is a space, a
 * paragraph that starts with "- " is an item of a list, and `text in backquotes` is
 * literal (commands, options, values: bold in the man page). .examples holds one
 * invocation a line, "parley ...", with what it does after "  # ".
 */
struct command {
	const char *name;  /* "person add" */
	const char *usage; /* "REF [options]" */
	const char *summary;
	const char *description;
	const char *examples;
	unsigned flags;
	int entity; /* CMD_FIELDS: enum pl_entity_id */
	int min_pos, max_pos;
	const struct opt *opts; /* NULL, or terminated by {.name = NULL} */
	struct values args[2];  /* what the first and second positional arguments are */
	int (*run)(struct ctx *c);
};

struct ctx {
	const struct command *cmd;
	struct args a;
	struct pl_db *db;
	struct pl_actor *actor; /* pl_authenticate()'s, or the system's for CMD_ACTOR-less ones */
	const char *db_path;
	const char *as;
	const char *password_fd; /* --password-fd N */
	int json;
	int wide;          /* --wide: tables show every value whole */
	int quiet;         /* --quiet: no progress bar */
	const char *group; /* the first word of a command of two words, when only it was given */
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
/* The reference a command made or changed: alone on a line, or {"ref": REF} with --json. */
int print_ref(struct ctx *c, const char *ref);
/* Prints a JSON value on one line (compact) or indented. */
int print_json(struct json_t *j, int pretty);

/* Streaming JSON arrays: "[" first, "," between, "]" at the end. */
struct json_stream {
	long n;
};
void json_stream_begin(struct json_stream *s);
void json_stream_item(struct json_stream *s, struct json_t *j); /* consumes j */
void json_stream_end(struct json_stream *s);

/*
 * Text tables. cli_columns is the width they fit (term_columns(); 0: unlimited, with
 * --wide or when standard output is no terminal). print_cell pads s to width columns of
 * the terminal, one space after it at least: a longer value is cut by display width and
 * ends in "…", or is shown whole when cli_columns is 0. The spaces at the end of a line
 * are dropped by the output filter (term.c).
 */
extern int cli_columns;
void print_cell(const char *s, int width);
/* The same, right-aligned (numbers); never cut. */
void print_cell_right(const char *s, int width);

/* A column of a text table: its heading (translated when printed), the width it asks
 * for with the space after it (the most it takes), COL_SHRINKS for free text (names,
 * units) that gives up width first when the table is wider than the terminal, COL_KEEPS
 * for what is never cut (a reference, a status); other columns give up width when free
 * text cannot. COL_RIGHT: its values are right-aligned (numbers). */
enum { COL_SHRINKS = 1 << 0, COL_KEEPS = 1 << 1, COL_RIGHT = 1 << 2 };
struct column {
	const char *heading;
	int width;
	unsigned flags;
};
/* The widths w[0..n) of the columns on this terminal. A column takes what it asked for,
 * or with need (the widths its values take, with the space after them) what they need,
 * its heading at least; then, while the line is wider than the terminal, the widest
 * free-text column shrinks first, to its heading and a few characters at least, then the
 * widest other one but those kept, to its heading. */
void table_fit(const struct column *cols, int n, const int *need, int *w);
/* The same in room columns (0: unlimited): a table that starts further right. */
void table_fit_in(const struct column *cols, int n, const int *need, int *w, int room);
/* The headings of the columns at widths w, and the line break. */
void table_heading(const struct column *cols, int n, const int *w);

/*
 * A text table measured before it is fitted: its first page of rows (TABLE_PAGE, or all
 * when fewer) is kept, the widths chosen from what its values need (table_fit), and the
 * heading and those rows printed; later rows are printed as they come, cut to those
 * widths. table_begin, then for each row n table_cell and table_row_end, then table_end:
 * ok 0 (the listing failed) prints nothing when no row came. An indent (set after
 * table_begin) starts the heading and each row, and takes its width off the terminal's.
 */
enum { TABLE_PAGE = 200, TABLE_MAXCOLS = 32 };
struct table {
	const struct column *cols;
	int n;
	int w[TABLE_MAXCOLS];    /* the widths, once chosen */
	int need[TABLE_MAXCOLS]; /* the widest value of each column in the page, and a space */
	char **cells;            /* the page's cells, n a row */
	size_t ncells, cap;
	int col;            /* the column of the next cell */
	long rows;          /* the rows ended */
	int flowing;        /* the widths are chosen and the heading printed */
	const char *indent; /* before the heading and each row, or NULL */
};
void table_begin(struct table *t, const struct column *cols, int n);
void table_cell(struct table *t, const char *s);
void table_row_end(struct table *t);
void table_end(struct table *t, int ok);

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
struct strbuf;
void comparison_text(const struct pl_match_candidate *c, struct strbuf *sb);
/* The last cell of a line, after cells that took used columns: the rest of the line, cut
 * with "…" to fit the terminal (whole with no width to fit). */
void print_last_cell(const char *s, int used);

/* The words of a match decision (enum pl_match_decision) and of a field compared. */
const char *decision_text(int decision);
const char *match_field_text(int field);

/*
 * term.c: everything for a person to read goes through one filter that shows control
 * characters and bidi controls visibly (\u202E). stderr always; stdout for text output,
 * and for data (JSON, CSV) when it is a terminal. cli_raw_*: the streams under them
 * (a progress bar's own escape sequences). term_finish flushes and closes the filters;
 * non-zero when stdout failed.
 */
extern FILE *cli_raw_stdout, *cli_raw_stderr;
void term_setup_stderr(void);
void term_setup_stdout(int text_output);
int term_finish(void);
/* Escapes len bytes of in into out (cap bytes): the filter's work, for tests and callers
 * that build strings. *used gets the bytes of in consumed (a character cut at the end is
 * left); returns the bytes written. */
size_t term_escape(const char *in, size_t len, char *out, size_t cap, size_t *used);
/* The columns s takes on a terminal as the filter shows it (combining marks none, wide
 * characters two, a hidden character its escape's). */
int term_width(const char *s);
/* The bytes of the longest start of s that fits in max columns, with the combining marks
 * of its last character; its width into *width (when not NULL). */
size_t term_cut(const char *s, int max, int *width);
/* The width of the terminal: $COLUMNS, else standard output's when it is a terminal; 0
 * (unlimited) else. */
int term_columns(void);

/*
 * progress.c: the library's progress reports on a terminal (standard error a terminal, no
 * --quiet), and for CMD_PROGRESS commands a SIGINT handler that makes the next report stop
 * the operation (PL_EINTR). progress_setup once the data file is open; progress_clear
 * erases the line before anything else is written to the terminal.
 */
void progress_setup(struct ctx *c);
void progress_clear(void);
/* The callback progress_setup gives the data file, for work on a file without a handle
 * (restore). */
int progress_show(void *ctx, const char *phase, uint64_t done, uint64_t total);
/* Ctrl-C stops the work at its next report from now on (progress_setup does it for
 * CMD_PROGRESS commands; restore after its prompts, where Ctrl-C ends parley). */
void progress_catch_interrupt(void);

/* Says err on stderr, with the CLI's advice for its condition (the library names none). */
void say_error(const struct pl_error *err);
/* Reports an error the way every command does: "parley: message". */
int fail(struct ctx *c, int code);
int usage_error(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The options of a person filter, for the opts table of person list and export. */
/* clang-format off */
#define PERSON_FILTER_OPTS                                                                         \
	{.name = "side", .arg = "SIDE", .help = "captive or detainee",                             \
	 .values = V_FIELD("person.side")},                                                        \
	{.name = "status", .arg = "STATUS", .help = "current status",                              \
	 .values = V_FIELD("person.status")},                                                      \
	{.name = "kind", .arg = "KIND", .help = "military or civilian",                            \
	 .values = V_FIELD("person.kind")},                                                        \
	{.name = "health", .arg = "CATEGORY", .help = "health category",                           \
	 .values = V_FIELD("person.health")},                                                      \
	{.name = "sex", .arg = "SEX", .help = "m, f or unknown", .values = V_FIELD("person.sex")}, \
	{.name = "unit", .arg = "WORDS", .help = "words of the unit"},                             \
	{.name = "text", .arg = "WORDS", .help = "words of the names, reference or service number"}, \
	{.name = "tag", .arg = "TAG", .help = "role tag: medic, chaplain, musician, journalist, ..."}, \
	{.name = "citizenship", .arg = "CC", .help = "ISO 3166 alpha-2 code, e.g. UA"},            \
	{.name = "limit", .arg = "N", .help = "at most N persons"},                                \
	{.name = "offset", .arg = "N", .help = "skip the first N"}
/* clang-format on */

/* Fills a person filter from --side, --status, ... --limit, --offset (person list, export). */
int person_filter_from_opts(struct ctx *c, struct pl_person_filter *f);

/*
 * The password of account login: from the file descriptor of --password-fd (its first
 * line), else asked on the terminal without echo; *out empty when there is neither.
 * PL_EUSAGE when the descriptor cannot be read.
 */
int read_password(struct ctx *c, const char *login, char *out, size_t cap);

/* Reads a passphrase: $PARLEY_PASSPHRASE, --passphrase-file, or the terminal. */
int read_passphrase(struct ctx *c, const char *prompt, int confirm, char *out, size_t cap);

extern const struct command cmd_init[], cmd_person[], cmd_relative[], cmd_inquiry[], cmd_account[],
        cmd_import[], cmd_export[], cmd_audit[], cmd_stats[], cmd_demo[], cmd_backup[],
        cmd_restore[], cmd_translit[], cmd_search[], cmd_match[], cmd_review[], cmd_dedup[],
        cmd_help[], cmd_complete[], cmd_exchange[], cmd_reception[], cmd_notify[], cmd_formula[],
        cmd_stats_exchanges[], cmd_report[],
        /* the negotiation desk */
        cmd_negotiation[], cmd_session[], cmd_welfare[], cmd_position[], cmd_opening[],
        cmd_statement[], cmd_promise[], cmd_counterpart[], cmd_profile[], cmd_incident[],
        cmd_briefing[], cmd_stats_negotiations[],
        /* the planner */
        cmd_plan[];

/* The command table (parley.c): every command in the order the manual lists them. */
extern const struct command *const cli_tables[];
extern const size_t cli_ntables;
/* The options every command takes (--db, --as, --json, --help, --version). */
extern const struct opt cli_global_opts[];
/* The command called name ("person add"), or NULL. */
const struct command *command_find(const char *name);
/* 1 when word is the first word of a command of two words ("person"). */
int command_is_group(const char *word);
/* The first word of a command's name, the name of its man page parley-<word>(1). */
void command_group(const struct command *c, char *out, size_t cap);

/* src/cli/doc.c: one renderer of the manual, in three forms. */
enum doc_form {
	DOC_HELP, /* parley COMMAND --help */
	DOC_TEXT, /* parley help: the man page as plain text */
	DOC_MAN,  /* the man page as troff */
};
/* parley COMMAND --help, and parley --help (every command with its summary). */
void doc_help(FILE *f, const struct command *c);
void doc_help_all(FILE *f);
/* The commands of a group (the first word they share: "negotiation") and their summaries. */
void doc_help_group(FILE *f, const char *group);
/*
 * The page of the commands whose first word is group (parley-<group>(1)), or with
 * group NULL the overview parley(1), as DOC_TEXT or DOC_MAN. PL_EDATA (a table that
 * names a field that is none) or PL_ENOTFOUND (no such group), naming it.
 */
int doc_page(FILE *f, enum doc_form form, const char *group, struct pl_error *err);
/* Writes every page into dir (made when missing) as parley.1 and parley-<group>.1. */
int doc_write_pages(const char *dir, struct pl_error *err);
/* The tokens of v (VAL_TOKENS, VAL_FIELD, VAL_NAMES; VAL_STATUS with ref, which may be
 * NULL) one by one: the i-th, NULL past the last or for other kinds. */
const char *values_token(const struct values *v, const char *ref, int i);
/* 0 when v names what exists (its field is an enum field); else PL_EDATA naming it. */
int values_check(const struct values *v, const char *where, struct pl_error *err);

#endif
