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
	PL_OP_ACCOUNT_DISABLE, /* disable, enable, bind to an OS user */
	PL_OP_AUDIT_SIGN,      /* record a signed checkpoint of the trail */
	/* the exchanges desk (exchange.h) */
	PL_OP_EXCHANGE_EDIT,      /* make, edit, agree, list persons, set terms and mediators */
	PL_OP_EXCHANGE_SHOW,      /* see exchanges, their lists, stages, checks and incidents */
	PL_OP_EXCHANGE_EXECUTE,   /* record stages: who crossed */
	PL_OP_EXCHANGE_RECONCILE, /* set what was agreed against what happened */
	PL_OP_INCIDENT_ADD,       /* record a transfer to a third state without notice, ... */
	PL_OP_POLICY_SET,         /* the level of a policy rule */
	PL_OP_RECEPTION,          /* record and see the reception of returnees, debriefs */
	PL_OP_NOTIFY,             /* the families to tell, and their telling */
	/* the negotiation desk (negotiation.h) */
	PL_OP_NEGOTIATION_EDIT,   /* negotiations, sessions, positions, lines, the ledger */
	PL_OP_NEGOTIATION_SHOW,   /* see them, and the briefings */
	PL_OP_SESSION_SHOW,       /* sessions' times and participants (a psychologist's view) */
	PL_OP_WELFARE_ADD,        /* the psychologist's notes on a negotiator's welfare */
	PL_OP_WELFARE_SHOW,       /* read them */
	PL_OP_COUNTERPART_EDIT,   /* the other side's negotiators */
	PL_OP_COUNTERPART_SHOW,   /* see them */
	PL_OP_PROFILE_ADD,        /* a MICE assessment of a counterpart */
	PL_OP_PROFILE_SHOW,       /* read the assessments (every read audited) */
	PL_OP_PRESSURE_ADD,       /* record a pressure incident on families */
	PL_OP_PRESSURE_SHOW,      /* see them (a liaison, the ones it recorded) */
	PL_OP_NEGOTIATION_COUNTS, /* the desk's figures, counts only */
	PL_OP_PLAN_MAKE,          /* plan an exchange's lists, and see the plans */
	PL_OP_PLAN_ADOPT,         /* make a plan the exchange's request lists */
	PL_OP_PLAN_WEIGHTS,       /* set the office's weights of the planner */
	PL_OP__MAX
};

/* Restricted values: left out for roles that may not see them, and every read audited. */
enum pl_restricted {
	PL_R_MEDICAL_NOTES,     /* a person's medical notes */
	PL_R_RELATIVE_CONTACTS, /* a relative's contacts */
	PL_R_EXCHANGE_LISTING,  /* that a captive is listed for an exchange */
	PL_R_DETAINEES,         /* the persons we hold, who are traded in exchanges */
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

/*
 * The account a call acts as. Only pl_authenticate() makes one (and pl_actor_system()
 * the actor of no account): its contents are the library's, so no caller can fill one
 * in. Every operation takes it, and the library decides from it what may be done.
 */
struct pl_actor;

enum pl_auth_flag {
	/*
	 * An account bound to an operating-system user is proved by being that user: the
	 * real user of the calling process, which the library asks the system for (the
	 * CLI; a server proves accounts by password only).
	 */
	PL_AUTH_OS_USER = 1 << 0,
};

/*
 * Proves that login acts: by its binding to the process's operating-system user (with
 * PL_AUTH_OS_USER), else by its password (password NULL: none given). Root is no
 * exception: it acts as accounts bound to root, or with the password. A wrong or
 * missing password, an unknown or disabled account, or an account locked after
 * repeated failures is refused with PL_EPERM and one message that tells none of these
 * apart ("wrong account or password"; a locked account says when to try again), costs
 * the same password hash whatever the reason, and leaves one audit record. Each failed
 * password of an account counts; from the fifth in a row the account waits, 2 minutes
 * doubling to at most an hour, before its password is tried again; a success resets
 * the count. *out is freed with pl_actor_free().
 */
int pl_authenticate(struct pl_db *db, const char *login, const char *password, unsigned flags,
                    struct pl_actor **out, struct pl_error *err);

/* 1 when login is an enabled account bound to the OS user of this process (so
 * PL_AUTH_OS_USER proves it without a password); 0 otherwise. */
int pl_account_bound_here(struct pl_db *db, const char *login);

/* The actor of no account (init, audit verify): it may do nothing an account does. */
struct pl_actor *pl_actor_system(void);
void pl_actor_free(struct pl_actor *actor);
/* What the actor is: "-" and no roles for the system actor. */
const char *pl_actor_login(const struct pl_actor *actor);
unsigned pl_actor_roles(const struct pl_actor *actor);
/* The operating-system user of the process, as the library records it ("uid-1234" when
 * it has no name); written to out (at least 64 bytes), truncated. */
void pl_os_user(char *out, size_t cap);

/*
 * Refuses op for actor with PL_EPERM and a message naming role(s) and
 * operation, and records the refusal in the audit trail (its own transaction).
 * Returns 0 when allowed.
 */
int pl_authorize(struct pl_db *db, const struct pl_actor *actor, enum pl_op op,
                 struct pl_error *err);

/* Account management (admin). The password, when generated, goes to pw_out. An
 * account bound to an OS user (os_user, NULL: none) acts from that user without it. */
#define PL_PASSWORD_LEN 20
int pl_account_add(struct pl_db *db, const struct pl_actor *actor, const char *login,
                   unsigned roles, const char *os_user, char pw_out[PL_PASSWORD_LEN + 1],
                   struct pl_error *err);
/* roles_add / roles_remove: bit sets. No account changes its own roles. */
int pl_account_set_roles(struct pl_db *db, const struct pl_actor *actor, const char *login,
                         unsigned roles_add, unsigned roles_remove, struct pl_error *err);
/* Cuts an account off at once (disabled 1), or lets it act again (0); audited. No
 * account disables itself. */
int pl_account_set_disabled(struct pl_db *db, const struct pl_actor *actor, const char *login,
                            int disabled, struct pl_error *err);
/* Binds an account to an OS user ("" unbinds); audited. */
int pl_account_bind(struct pl_db *db, const struct pl_actor *actor, const char *login,
                    const char *os_user, struct pl_error *err);

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

/* Writes "registrar,head" for a role set. */
void pl_roles_format(unsigned roles, char *out, size_t cap);
/* Parses one role name into *roles (ORs it in); PL_EUSAGE naming the role otherwise. */
int pl_roles_parse_one(const char *name, unsigned *roles, struct pl_error *err);

#endif
