/* account.h - accounts, roles, the acting account and who may do what */
#ifndef PARLEY_ACCOUNT_H
#define PARLEY_ACCOUNT_H
#include <stdint.h>

#include "parley/error.h"
#include "parley/record.h"

struct pl_db;

enum pl_role {
	PL_ROLE_REGISTRAR,
	PL_ROLE_LIAISON,
	PL_ROLE_NEGOTIATOR,
	PL_ROLE_PSYCHOLOGIST,
	PL_ROLE_ANALYST,
	PL_ROLE_HEAD,
	PL_ROLE_ADMIN,
	PL_ROLE_AUDITOR,
	PL_ROLE__MAX
};

/* Every operation an account may be allowed: one per CLI command that acts as one. */
enum pl_op {
	PL_OP_PERSON_ADD,
	PL_OP_PERSON_SHOW,
	PL_OP_PERSON_LIST,
	PL_OP_PERSON_EDIT,
	PL_OP_PERSON_STATUS,
	PL_OP_PERSON_EVENT,
	PL_OP_PERSON_EVIDENCE,
	PL_OP_RELATIVE_ADD,
	PL_OP_RELATIVE_LIST,
	PL_OP_INQUIRY_ADD,
	PL_OP_INQUIRY_LIST,
	PL_OP_ACCOUNT_ADD,
	PL_OP_ACCOUNT_LIST,
	PL_OP_ACCOUNT_ROLE,
	PL_OP_IMPORT,
	PL_OP_EXPORT,
	PL_OP_AUDIT_HEAD,
	PL_OP_AUDIT_LOG,
	PL_OP_STATS,
	PL_OP_DEMO,
	PL_OP_BACKUP,
	PL_OP_MATCH_REVIEW, /* saving, listing and reviewing match runs */
	PL_OP_PERSON_MERGE,
	PL_OP__MAX
};

/* Restricted values: left out for roles that may not see them, and every read audited. */
enum pl_restricted {
	PL_R_MEDICAL_NOTES,     /* a person's medical notes */
	PL_R_RELATIVE_CONTACTS, /* a relative's contacts */
	PL_R_EXCHANGE_LISTING,  /* that a captive is listed for an exchange */
	PL_R__MAX
};

const char *pl_role_name(enum pl_role role);
/* The role's words in English ("family liaison"), for i18n.h to translate; "?" for -1. */
const char *pl_role_label(int role);
/* The role called name, or -1. */
int pl_role_by_name(const char *name);
const char *pl_op_name(enum pl_op op);

/* 1 when a holder of roles (a bit set of 1 << enum pl_role) may perform op. */
int pl_roles_may(unsigned roles, enum pl_op op);

/*
 * 1 when a holder of roles may see the restricted value r. person_status is
 * the captive's current status where it matters (a liaison sees the medical
 * notes of returnees only), or NULL.
 */
int pl_roles_may_see(unsigned roles, enum pl_restricted r, const char *person_status);

/* The account a command acts as. */
struct pl_actor {
	long long account_id;
	char login[64];
	unsigned roles;
	char os_user[64]; /* the operating-system user behind the call */
};

/*
 * Loads the account login for a call made by the operating-system user
 * os_user (is_root: that user is root). An account bound to an OS user may
 * be used only by that user or by root (recorded as root). The library reads
 * no environment: the caller says who is calling.
 */
int pl_actor_load(struct pl_db *db, const char *login, const char *os_user, int is_root,
                  struct pl_actor *out, struct pl_error *err);

/* A pseudo-actor for operations that need no account (audit verify, init). */
void pl_actor_system(struct pl_actor *out, const char *os_user);

/*
 * Refuses op for actor with PL_EPERM and a message naming role(s) and
 * operation, and records the refusal in the audit trail (its own transaction).
 * Returns 0 when allowed.
 */
int pl_authorize(struct pl_db *db, const struct pl_actor *actor, enum pl_op op,
                 struct pl_error *err);

/* Account management (admin). The password, when generated, goes to pw_out. */
#define PL_PASSWORD_LEN 20
int pl_account_add(struct pl_db *db, const struct pl_actor *actor, const char *login,
                   unsigned roles, const char *os_user, char pw_out[PL_PASSWORD_LEN + 1],
                   struct pl_error *err);
/* roles_add / roles_remove: bit sets; os_user: NULL leaves it, "" unbinds. */
int pl_account_set_roles(struct pl_db *db, const struct pl_actor *actor, const char *login,
                         unsigned roles_add, unsigned roles_remove, struct pl_error *err);

struct pl_account_info {
	char login[64];
	unsigned roles;
	char os_user[64];
	char created[21];
	int disabled;
};
typedef int (*pl_account_cb)(void *ctx, const struct pl_account_info *a);
int pl_account_list(struct pl_db *db, const struct pl_actor *actor, pl_account_cb cb, void *ctx,
                    struct pl_error *err);

/* Verifies a password (for the web); 0 when it matches. */
int pl_account_check_password(struct pl_db *db, const char *login, const char *password,
                              struct pl_error *err);

/* Writes "registrar,head" for a role set. */
void pl_roles_format(unsigned roles, char *out, size_t cap);
/* Parses one role name into *roles (ORs it in); PL_EUSAGE naming the role otherwise. */
int pl_roles_parse_one(const char *name, unsigned *roles, struct pl_error *err);

#endif
