/* account.c - roles, the permission table, accounts and the acting account */
#include <ctype.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
        [PL_OP_ACCOUNT_DISABLE] = {"account.disable", R(ADMIN)},
        [PL_OP_AUDIT_SIGN] = {"audit.sign", R(AUDITOR)},
        [PL_OP_EXCHANGE_EDIT] = {"exchange.edit", R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_EXCHANGE_SHOW] = {"exchange.show", R(REGISTRAR) | R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_EXCHANGE_EXECUTE] = {"exchange.execute", R(REGISTRAR) | R(HEAD)},
        [PL_OP_EXCHANGE_RECONCILE] = {"exchange.reconcile", R(REGISTRAR) | R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_INCIDENT_ADD] = {"incident.add", R(REGISTRAR) | R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_POLICY_SET] = {"policy.set", R(HEAD)},
        [PL_OP_RECEPTION] = {"reception", R(REGISTRAR) | R(HEAD)},
        [PL_OP_NOTIFY] = {"notify", R(LIAISON)},
        [PL_OP_NEGOTIATION_EDIT] = {"negotiation.edit", R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_NEGOTIATION_SHOW] = {"negotiation.show", R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_SESSION_SHOW] = {"session.show", R(NEGOTIATOR) | R(PSYCHOLOGIST) | R(HEAD)},
        [PL_OP_WELFARE_ADD] = {"welfare.add", R(PSYCHOLOGIST)},
        [PL_OP_WELFARE_SHOW] = {"welfare.show", R(PSYCHOLOGIST) | R(HEAD)},
        [PL_OP_COUNTERPART_EDIT] = {"counterpart.edit", R(NEGOTIATOR) | R(PSYCHOLOGIST) | R(HEAD)},
        [PL_OP_COUNTERPART_SHOW] = {"counterpart.show", R(NEGOTIATOR) | R(PSYCHOLOGIST) | R(HEAD)},
        [PL_OP_PROFILE_ADD] = {"profile.add", R(PSYCHOLOGIST)},
        [PL_OP_PROFILE_SHOW] = {"profile.show", R(NEGOTIATOR) | R(PSYCHOLOGIST) | R(HEAD)},
        [PL_OP_PRESSURE_ADD] = {"pressure.add", R(LIAISON) | R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_PRESSURE_SHOW] = {"pressure.show", R(LIAISON) | R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_NEGOTIATION_COUNTS] = {"negotiation.counts", R(NEGOTIATOR) | R(ANALYST) | R(HEAD)},
        [PL_OP_PLAN_MAKE] = {"plan.make", R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_PLAN_ADOPT] = {"plan.adopt", R(NEGOTIATOR) | R(HEAD)},
        [PL_OP_PLAN_WEIGHTS] = {"plan.weights", R(HEAD)},
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
	case PL_R_DETAINEES:
		/* who may not see a listing sees no detainee either: a detainee listed or
		 * exchanged is an exchange told before its time */
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

void pl_os_user(char *out, size_t cap)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	uid_t uid = getuid();
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res && res->pw_name[0])
		snprintf(out, cap, "%s", res->pw_name);
	else
		snprintf(out, cap, "uid-%u", (unsigned)uid);
}

struct pl_actor *actor_new(long long id, const char *login, unsigned roles)
{
	struct pl_actor *a = pl_calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->account_id = id;
	snprintf(a->login, sizeof(a->login), "%s", login);
	a->roles = roles;
	pl_os_user(a->os_user, sizeof(a->os_user));
	return a;
}

struct pl_actor *pl_actor_system(void)
{
	return actor_new(0, "-", 0);
}

void pl_actor_free(struct pl_actor *actor)
{
	pl_free(actor);
}

const char *pl_actor_login(const struct pl_actor *actor)
{
	return actor ? actor->login : "-";
}

unsigned pl_actor_roles(const struct pl_actor *actor)
{
	return actor ? actor->roles : 0;
}

/* argon2id, t=2, m=19 MiB: at least OWASP ASVS 5.0's figures */
#define PW_OPS 2
#define PW_MEM (19u << 20)
/* failed passwords in a row from which an account waits, and how long at most */
#define LOCK_AFTER 5
#define LOCK_FIRST_S 120
#define LOCK_MAX_S 3600

int pl_account_bound_here(struct pl_db *db, const char *login)
{
	struct store_account a;
	char me[64];
	if (!login || store_account_get(db->st, login, &a, NULL) || a.disabled || !a.os_user[0])
		return 0;
	pl_os_user(me, sizeof(me));
	return !strcmp(a.os_user, me);
}

/* Seconds from the time "YYYY-MM-DDTHH:MM:SSZ" to now; negative when it is ahead. */
static long long seconds_since(const char *t)
{
	struct tm tm = {0};
	if (!t || sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                 &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)difftime(time(NULL), timegm(&tm));
}

/*
 * Records a refused authentication in its own transaction: the audit record, and for a
 * wrong password of a known account the count that slows the next attempts down.
 */
static int auth_refused(struct pl_db *db, const struct store_account *a, const char *login,
                        const char *why, int count_failure, struct pl_error *err)
{
	struct pl_actor who = {0};
	struct pl_error e2 = {0};
	int rc;
	snprintf(who.login, sizeof(who.login), "%s", a ? a->login : "-");
	who.account_id = a ? a->id : 0;
	pl_os_user(who.os_user, sizeof(who.os_user));
	if ((rc = store_begin(db, &e2)))
		return rc;
	if (count_failure && a) {
		long long failed = a->failed_logins + 1;
		char until[21] = "";
		if (failed >= LOCK_AFTER) {
			long long wait = (long long)LOCK_FIRST_S
			                 << (failed - LOCK_AFTER < 5 ? failed - LOCK_AFTER : 5);
			time_t t = time(NULL) + (time_t)(wait > LOCK_MAX_S ? LOCK_MAX_S : wait);
			strftime(until, sizeof(until), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
		}
		rc = store_account_logins_set(db, a->id, failed, until, &e2);
	}
	/* the name tried is kept when no such account exists: who tried what is evidence */
	if (!rc)
		rc = audit_write(db, &who, "denied:login", NULL, 0, a ? NULL : login, why, &e2);
	if (!rc)
		rc = store_commit(db, &e2);
	else
		store_rollback(db);
	(void)err;
	return rc;
}

int pl_authenticate(struct pl_db *db, const char *login, const char *password, unsigned flags,
                    struct pl_actor **out, struct pl_error *err)
{
	/* an argon2id string of a password nobody has: an unknown account costs the same */
	static const char dummy[crypto_pwhash_STRBYTES] =
	        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
	        "2KtbUyWlH0Fo3C/+KzMy0Y6Yc9B6Vj3JjLrrRnSGG4E";
	struct store_account a;
	char me[64];
	int rc, known, ok = 0;
	const char *why = NULL;

	if (!login || !*login)
		return pl_error_set(err, PL_EUSAGE, "no account named to act as");
	pl_os_user(me, sizeof(me));
	rc = store_account_get(db->st, login, &a, NULL);
	if (rc && rc != PL_ENOTFOUND)
		return pl_error_set(err, rc, "cannot read the accounts");
	known = rc == 0;
	if (known && (rc = store_account_logins_get(db->st, &a, err)))
		return rc;
	if (known && a.disabled)
		why = "disabled";
	else if (known && (flags & PL_AUTH_OS_USER) && a.os_user[0] && !strcmp(a.os_user, me))
		ok = 1; /* bound to the user running us: that is the proof */
	else if (known && a.locked_until[0] && seconds_since(a.locked_until) < 0)
		why = "locked";
	if (!ok && !why) {
		if (!password) {
			why = "no password";
		} else {
			/* the same hash whatever is known of the account */
			int bad = crypto_pwhash_str_verify(known ? a.pw_hash : dummy, password,
			                                   strlen(password));
			if (bad || !known)
				why = "wrong password";
			else
				ok = 1;
		}
	}
	if (!ok) {
		int counted = known && !strcmp(why, "wrong password");
		if ((rc = auth_refused(db, known ? &a : NULL, login, why, counted, err)))
			return pl_error_set(err, rc, "cannot record a refused login");
		/* one message whatever is known of the account, but to its own user */
		if (known && a.disabled && (flags & PL_AUTH_OS_USER) && a.os_user[0] &&
		    !strcmp(a.os_user, me))
			return pl_error_set(err, PL_EPERM, "account %s is disabled", login);
		if (!password)
			return pl_error_set(
			        err, PL_EPERM,
			        "account %s needs its password here (it is not bound to "
			        "the operating-system user %s)",
			        login, me);
		if (known && !strcmp(why, "locked"))
			return pl_error_set(
			        err, PL_EPERM,
			        "account %s: too many wrong passwords; try again after %s", login,
			        a.locked_until);
		return pl_error_set(err, PL_EPERM, "wrong account or password");
	}
	if (a.failed_logins && store_account_logins_clear(db, a.id, err))
		return err ? err->code : PL_EDATA;
	if (!(*out = actor_new(a.id, a.login, a.roles)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	return 0;
}

int refuse(struct pl_db *db, const struct pl_actor *actor, const char *op, const char *ref,
           const char *reason, int code, struct pl_error *err, const char *fmt, ...)
{
	char action[64];
	va_list ap;
	int rc;
	/* what was asked is undone; the refusal alone is written, in a transaction of its own */
	store_rollback(db);
	snprintf(action, sizeof(action), "denied:%s", op);
	if ((rc = audit_note(db, actor, action, NULL, 0, ref, reason, err)))
		return rc;
	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int pl_authorize(struct pl_db *db, const struct pl_actor *actor, enum pl_op op,
                 struct pl_error *err)
{
	char roles[128];
	if (pl_roles_may(actor->roles, op))
		return 0;
	pl_roles_format(actor->roles, roles, sizeof(roles));
	return refuse(db, actor, pl_op_name(op), NULL, NULL, PL_EPERM, err,
	              "permission denied: %s (%s) may not %s", actor->login, roles, pl_op_name(op));
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
	if (a.id == actor->account_id)
		return refuse(db, actor, "account.role", login, "own roles", PL_EPERM, err,
		              "permission denied: no account changes its own roles (%s)", login);
	a.roles = (a.roles | roles_add) & ~roles_remove;
	if (!a.roles) {
		rc = pl_error_set(err, PL_EUSAGE, "account %s would be left without a role", login);
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

/* Loads login for a change by actor in the open transaction; refuses a change of itself. */
static int account_for_change(struct pl_db *db, const struct pl_actor *actor, const char *op,
                              const char *login, struct store_account *a, struct pl_error *err)
{
	int rc;
	if ((rc = store_account_get(db->st, login, a, err)))
		return rc;
	if (a->id == actor->account_id)
		return refuse(db, actor, op, login, "own account", PL_EPERM, err,
		              "permission denied: no account does this to itself (%s)", login);
	return 0;
}

int pl_account_set_disabled(struct pl_db *db, const struct pl_actor *actor, const char *login,
                            int disabled, struct pl_error *err)
{
	const char *op = disabled ? "account.disable" : "account.enable";
	struct store_account a;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_ACCOUNT_DISABLE, err)))
		return rc;
	if ((rc = store_begin(db, err)))
		return rc;
	if ((rc = account_for_change(db, actor, op, login, &a, err)))
		goto fail;
	if (!a.disabled == !disabled) { /* already so: nothing to write */
		store_rollback(db);
		return 0;
	}
	a.disabled = disabled ? 1 : 0;
	if ((rc = store_account_update(db, &a, err)) ||
	    (rc = audit_write(db, actor, op, "accounts", a.id, login, "disabled", err)))
		goto fail;
	return store_commit(db, err);
fail:
	store_rollback(db);
	return rc;
}

int pl_account_bind(struct pl_db *db, const struct pl_actor *actor, const char *login,
                    const char *os_user, struct pl_error *err)
{
	struct store_account a;
	int rc;
	if (!os_user ||
	    (*os_user && (strlen(os_user) >= sizeof(a.os_user) || !login_valid(os_user))))
		return pl_error_set(err, PL_EUSAGE, "'%s' is not an operating-system user name",
		                    os_user ? os_user : "");
	if ((rc = pl_authorize(db, actor, PL_OP_ACCOUNT_DISABLE, err)))
		return rc;
	if ((rc = store_begin(db, err)))
		return rc;
	if ((rc = account_for_change(db, actor, "account.bind", login, &a, err)))
		goto fail;
	snprintf(a.os_user, sizeof(a.os_user), "%s", os_user);
	if ((rc = store_account_update(db, &a, err)) ||
	    (rc = audit_write(db, actor, "account.bind", "accounts", a.id, login, "os_user", err)))
		goto fail;
	return store_commit(db, err);
fail:
	store_rollback(db);
	return rc;
}
