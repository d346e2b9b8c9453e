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
	PL_EINTR = 130,    /* stopped by its progress callback (progress.h): nothing written;
	                      the status a shell gives a command that SIGINT ended */
};

/* A message a person can act on: lower case, names what is wrong. */
struct pl_error {
	int code;
	char msg[512];
};

/* Sets err (when not NULL) and returns code; formats like printf. */
int pl_error_set(struct pl_error *err, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Prefixes err->msg with "what: " (keeps the code). */
void pl_error_prefix(struct pl_error *err, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

#endif
