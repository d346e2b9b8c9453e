/* error.h - error codes and the error struct every libparley call may fill */
#ifndef PARLEY_ERROR_H
#define PARLEY_ERROR_H

/*
 * Codes equal the CLI's exit statuses, so a caller can exit with the code it
 * got. 0 is success; every libparley function that can fail returns one.
 */
enum pl_code {
	PL_OK = 0,
	PL_EDATA = 1,      /* bad data, or a failure outside our control (I/O, memory) */
	PL_EUSAGE = 2,     /* the call itself is wrong */
	PL_ENOTFOUND = 3,  /* no such person, account, file, record */
	PL_EPERM = 4,      /* the acting account may not do this */
	PL_EINTEGRITY = 5, /* the data file or the audit trail is damaged */
};

/*
 * What the caller can do about an error, for a front end to word its own way (a CLI
 * names its command, a web page its button); the message names fields and conditions,
 * never a front end's flag or command.
 */
enum pl_condition {
	PL_COND_NONE = 0,
	PL_COND_INDEX_STALE,    /* the name index must be rebuilt (registrar, head or admin) */
	PL_COND_NO_DATA_FILE,   /* there is no data file at the path: one must be made */
	PL_COND_CORRECTION,     /* a wrong entry stands: a new one that names it corrects it */
	PL_COND_LIVE_DATA_FILE, /* a data file in use was given where a backup was wanted */
	PL_COND_NAME_PERSON,    /* a match row to accept has no candidate: a person must be named */
};

/* A message a person can act on: lower case, names what is wrong. */
struct pl_error {
	int code;
	int cond; /* enum pl_condition: PL_COND_NONE unless the message has one */
	char msg[512];
};

/* Sets err (when not NULL) and returns code; formats like printf. */
int pl_error_set(struct pl_error *err, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* As pl_error_set, with the condition a front end may add its advice for. */
int pl_error_cond(struct pl_error *err, int code, enum pl_condition cond, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* Prefixes err->msg with "what: " (keeps the code). */
void pl_error_prefix(struct pl_error *err, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

#endif
