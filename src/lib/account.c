/* account.c - roles, the permission table, accounts and the acting account */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "parley/account.h"
#include "parley/alloc.h"
#include "parley/db.h"
#include "internal.h"
#include "banned.h"

static const char *const role_names[PL_ROLE__MAX] = {
        [PL_ROLE_REGISTRAR] = "registrar",   [PL_ROLE_LIAISON] = "liaison",
        [PL_ROLE_NEGOTIATOR] = "negotiator", [PL_ROLE_PSYCHOLOGIST] = "psychologist",
        [PL_ROLE_ANALYST] = "analyst",       [PL_ROLE_HEAD] = "head",
        [PL_ROLE_ADMIN] = "admin",           [PL_ROLE_AUDITOR] = "auditor",
};

/* The words of each role for a person to read (N_: translated by the front end). */
static const char *const role_labels[PL_ROLE__MAX] = {
        [PL_ROLE_REGISTRAR] = N_("registrar"),   [PL_ROLE_LIAISON] = N_("family liaison"),
        [PL_ROLE_NEGOTIATOR] = N_("negotiator"), [PL_ROLE_PSYCHOLOGIST] = N_("psychologist"),
        [PL_ROLE_ANALYST] = N_("analyst"),       [PL_ROLE_HEAD] = N_("head of office"),
        [PL_ROLE_ADMIN] = N_("administrator"),   [PL_ROLE_AUDITOR] = N_("auditor"),
};

#define R(x) (1u << PL_ROLE_##x)

/*
 * Who may do what: the one table. docs/permissions.md is this table in prose,
 * and tests/t/t0300-permissions.sh walks every role through every command.
 */
static const struct {
	const char *name;
	unsigned roles;
} ops[PL_OP__MAX] = {
        [PL_OP_PERSON_ADD] = {"person.add", R(REGISTRAR) | R(HEAD)},
        [PL_OP_PERSON_SHOW] = {"person.show", R(REGISTRAR) | R(LIAISON) | R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_PERSON_LIST] = {"person.list", R(REGISTRAR) | R(LIAISON) | R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_PERSON_EDIT] = {"person.edit", R(REGISTRAR) | R(HEAD)},
        [PL_OP_PERSON_STATUS] = {"person.status", R(REGISTRAR) | R(HEAD)},
        [PL_OP_PERSON_EVENT] = {"person.event", R(REGISTRAR) | R(HEAD)},
        [PL_OP_PERSON_EVIDENCE] = {"person.evidence", R(REGISTRAR) | R(HEAD)},
        [PL_OP_RELATIVE_ADD] = {"relative.add", R(LIAISON)},
        [PL_OP_RELATIVE_LIST] = {"relative.list", R(LIAISON) | R(HEAD)},
        [PL_OP_INQUIRY_ADD] = {"inquiry.add", R(LIAISON)},
        [PL_OP_INQUIRY_LIST] = {"inquiry.list", R(LIAISON) | R(HEAD)},
        [PL_OP_ACCOUNT_ADD] = {"account.add", R(ADMIN)},
        [PL_OP_ACCOUNT_LIST] = {"account.list", R(ADMIN)},
        [PL_OP_ACCOUNT_ROLE] = {"account.role", R(ADMIN)},
        [PL_OP_IMPORT] = {"import", R(REGISTRAR) | R(HEAD)},
        [PL_OP_EXPORT] = {"export", R(REGISTRAR) | R(HEAD)},
        [PL_OP_AUDIT_HEAD] = {"audit.head", R(AUDITOR) | R(ADMIN)},
        [PL_OP_AUDIT_LOG] = {"audit.log", R(AUDITOR)},
        [PL_OP_STATS] = {"stats", R(REGISTRAR) | R(NEGOTIATOR) | R(ANALYST) | R(HEAD)},
        [PL_OP_DEMO] = {"demo", R(ADMIN)},
        [PL_OP_BACKUP] = {"backup", R(ADMIN)},
        [PL_OP_MATCH_REVIEW] = {"match.review", R(REGISTRAR) | R(HEAD)},
        [PL_OP_PERSON_MERGE] = {"person.merge", R(REGISTRAR) | R(HEAD)},
};

const char *pl_role_name(enum pl_role role)
{
	return role < PL_ROLE__MAX ? role_names[role] : "?";
}

const char *pl_role_label(int role)
{
	return role >= 0 && role < PL_ROLE__MAX ? role_labels[role] : "?";
}

int pl_role_by_name(const char *name)
{
	for (int i = 0; i < PL_ROLE__MAX; i++)
		if (!strcmp(role_names[i], name))
			return i;
	return -1;
}

const char *pl_op_name(enum pl_op op)
{
	return op < PL_OP__MAX ? ops[op].name : "?";
}

int pl_roles_may(unsigned roles, enum pl_op op)
{
	return op < PL_OP__MAX && (roles & ops[op].roles) != 0;
}

int pl_roles_may_see(unsigned roles, enum pl_restricted r, const char *person_status)
{
	switch (r) {
	case PL_R_MEDICAL_NOTES:
		if (roles & R(REGISTRAR))
			return 1;
		/* the liaison receives returnees: their medical notes, nobody else's */
		return (roles & R(LIAISON)) && person_status && !strcmp(person_status, "returned");
	case PL_R_RELATIVE_CONTACTS:
		return (roles & R(LIAISON)) != 0;
	case PL_R_EXCHANGE_LISTING:
		return (roles & (R(REGISTRAR) | R(NEGOTIATOR) | R(HEAD))) != 0;
	default:
		return 0;
	}
}

void pl_roles_format(unsigned roles, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < PL_ROLE__MAX; i++) {
		if (!(roles & (1u << i)))
			continue;
		int n = snprintf(out + len, cap - len, "%s%s", len ? "," : "", role_names[i]);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
	if (!len)
		snprintf(out, cap, "no role");
}

int pl_roles_parse_one(const char *name, unsigned *roles, struct pl_error *err)
{
	int r = pl_role_by_name(name);
	if (r < 0)
		return pl_error_set(err, PL_EUSAGE,
		                    "no role '%s' (roles: registrar, liaison, negotiator, "
		                    "psychologist, analyst, head, admin, auditor)",
		                    name);
	*roles |= 1u << r;
	return 0;
}

void pl_actor_system(struct pl_actor *out, const char *os_user)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->login, sizeof(out->login), "-");
	snprintf(out->os_user, sizeof(out->os_user), "%s", os_user ? os_user : "?");
}

int pl_actor_load(struct pl_db *db, const char *login, const char *os_user, int is_root,
                  struct pl_actor *out, struct pl_error *err)
{
	struct store_account a;
	int rc;

	if (!login || !*login)
		return pl_error_set(err, PL_EUSAGE,
		                    "say which account acts: --as NAME or PARLEY_AS");
	if ((rc = store_account_get(db->st, login, &a, err)))
		return rc;
	if (a.disabled)
		return pl_error_set(err, PL_EPERM, "account %s is disabled", login);
	if (a.os_user[0] && strcmp(a.os_user, os_user) && !is_root)
		return pl_error_set(err, PL_EPERM,
		                    "account %s is bound to the operating-system user %s, not %s",
		                    login, a.os_user, os_user);
	memset(out, 0, sizeof(*out));
	out->account_id = a.id;
	snprintf(out->login, sizeof(out->login), "%s", a.login);
	out->roles = a.roles;
	/* root may act as any account: the trail says it was root */
	snprintf(out->os_user, sizeof(out->os_user), "%s", is_root ? "root" : os_user);
	return 0;
}

int pl_authorize(struct pl_db *db, const struct pl_actor *actor, enum pl_op op,
                 struct pl_error *err)
{
	char roles[128], action[64];
	if (pl_roles_may(actor->roles, op))
		return 0;
	pl_roles_format(actor->roles, roles, sizeof(roles));
	snprintf(action, sizeof(action), "denied:%s", pl_op_name(op));
	if (audit_note(db, actor, action, NULL, 0, NULL, NULL, err))
		return err ? err->code : PL_EDATA;
	return pl_error_set(err, PL_EPERM, "permission denied: %s (%s) may not %s", actor->login,
	                    roles, pl_op_name(op));
}

static int login_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || !isalnum((unsigned char)s[0]))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    !strchr("._-", *s))
			return 0;
	return 1;
}

static void make_password(char out[PL_PASSWORD_LEN + 1])
{
	/* no 0/O, 1/l/I: read aloud over a phone without mistakes */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < PL_PASSWORD_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[PL_PASSWORD_LEN] = '\0';
}

/* argon2id, t=2, m=19 MiB: at least OWASP ASVS 5.0's figures */
#define PW_OPS 2
#define PW_MEM (19u << 20)

static int hash_password(const char *pw, char out[160], struct pl_error *err)
{
	char h[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_alg(h, pw, strlen(pw), PW_OPS, PW_MEM, crypto_pwhash_ALG_ARGON2ID13))
		return pl_error_set(err, PL_EDATA, "out of memory hashing a password");
	snprintf(out, 160, "%s", h);
	return 0;
}

int account_make(struct pl_db *db, const struct pl_actor *actor, const char *login, unsigned roles,
                 const char *os_user, char pw_out[PL_PASSWORD_LEN + 1], struct pl_error *err)
{
	struct store_account a = {0};
	char pw[PL_PASSWORD_LEN + 1];
	char fields[] = "login,roles,pw_hash,os_user";
	int rc;

	if (!login_valid(login))
		return pl_error_set(err, PL_EUSAGE,
		                    "account name '%s': use 1 to 63 lower-case letters, digits, "
		                    "'.', '_' or '-', starting with a letter or digit",
		                    login);
	if (!roles)
		return pl_error_set(err, PL_EUSAGE, "account %s needs at least one role", login);
	if (os_user && (strlen(os_user) >= sizeof(a.os_user) || !login_valid(os_user)))
		return pl_error_set(err, PL_EUSAGE, "'%s' is not an operating-system user name",
		                    os_user);
	make_password(pw);
	snprintf(a.login, sizeof(a.login), "%s", login);
	a.roles = roles;
	snprintf(a.os_user, sizeof(a.os_user), "%s", os_user ? os_user : "");
	snprintf(a.created, sizeof(a.created), "%s", db->tx_time);
	if ((rc = hash_password(pw, a.pw_hash, err)))
		return rc;
	if ((rc = store_account_insert(db, &a, &a.id, err)))
		return rc;
	if ((rc = audit_write(db, actor, "account.add", "accounts", a.id, login, fields, err)))
		return rc;
	memcpy(pw_out, pw, sizeof(pw));
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

int pl_account_add(struct pl_db *db, const struct pl_actor *actor, const char *login,
                   unsigned roles, const char *os_user, char pw_out[PL_PASSWORD_LEN + 1],
                   struct pl_error *err)
{
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_ACCOUNT_ADD, err)))
		return rc;
	if ((rc = store_begin(db, err)))
		return rc;
	if ((rc = account_make(db, actor, login, roles, os_user, pw_out, err))) {
		store_rollback(db);
		return rc;
	}
	return store_commit(db, err);
}

int pl_account_set_roles(struct pl_db *db, const struct pl_actor *actor, const char *login,
                         unsigned roles_add, unsigned roles_remove, struct pl_error *err)
{
	struct store_account a;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_ACCOUNT_ROLE, err)))
		return rc;
	if ((rc = store_begin(db, err)))
		return rc;
	if ((rc = store_account_get(db->st, login, &a, err)))
		goto fail;
	a.roles = (a.roles | roles_add) & ~roles_remove;
	if (!a.roles) {
		rc = pl_error_set(err, PL_EUSAGE, "account %s would be left without a role", login);
		goto fail;
	}
	if (!strcmp(login, actor->login) && !(a.roles & R(ADMIN))) {
		rc = pl_error_set(err, PL_EUSAGE,
		                  "an admin may not take the admin role from itself");
		goto fail;
	}
	if ((rc = store_account_update(db, &a, err)) ||
	    (rc = audit_write(db, actor, "account.role", "accounts", a.id, login, "roles", err)))
		goto fail;
	return store_commit(db, err);
fail:
	store_rollback(db);
	return rc;
}

struct list_ctx {
	pl_account_cb cb;
	void *ctx;
};

static int list_one(void *ctx, const struct store_account *a)
{
	struct list_ctx *l = ctx;
	struct pl_account_info info;
	memset(&info, 0, sizeof(info));
	snprintf(info.login, sizeof(info.login), "%s", a->login);
	info.roles = a->roles;
	snprintf(info.os_user, sizeof(info.os_user), "%s", a->os_user);
	snprintf(info.created, sizeof(info.created), "%s", a->created);
	info.disabled = a->disabled;
	return l->cb(l->ctx, &info);
}

int pl_account_list(struct pl_db *db, const struct pl_actor *actor, pl_account_cb cb, void *ctx,
                    struct pl_error *err)
{
	struct list_ctx l = {cb, ctx};
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_ACCOUNT_LIST, err)))
		return rc;
	return store_account_each(db->st, list_one, &l, err);
}

int pl_account_check_password(struct pl_db *db, const char *login, const char *password,
                              struct pl_error *err)
{
	struct store_account a;
	int rc;
	if ((rc = store_account_get(db->st, login, &a, err)))
		return rc == PL_ENOTFOUND ? pl_error_set(err, PL_EPERM, "wrong account or password")
		                          : rc;
	if (a.disabled || crypto_pwhash_str_verify(a.pw_hash, password, strlen(password)))
		return pl_error_set(err, PL_EPERM, "wrong account or password");
	return 0;
}
