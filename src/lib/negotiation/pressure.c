/* pressure.c - pressure incidents: the other side's contacts with families (promises,
 * threats), fraudsters posing as go-betweens, disinformation about returnees; recorded by
 * liaisons (who read their own), negotiators and the head (who read all) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "negotiation-int.h"
#include "banned.h"

/* Who reads every incident; a liaison reads the ones it recorded. */
static int reads_all(unsigned roles)
{
	return (roles & (1u << PL_ROLE_NEGOTIATOR | 1u << PL_ROLE_HEAD)) != 0;
}

/*
 * What may be asked of the incidents by reference, by the shape of the references alone,
 * before anything is read: a negotiation only by who may see negotiations, a detainee only
 * by who may see detainees (person_side_gate).
 */
static int refs_gate(struct pl_db *db, const struct pl_actor *actor, const char *op,
                     const char *person_ref, const char *negotiation_ref, struct pl_error *err)
{
	if (negotiation_ref && !pl_roles_may(actor->roles, PL_OP_NEGOTIATION_SHOW))
		return refuse(db, actor, op, negotiation_ref, "negotiation", PL_EPERM, err,
		              "permission denied: %s may not see negotiations", actor->login);
	return person_side_gate(db, actor, person_ref, op, err);
}

/* The person ref (not merged away) into *id. */
static int person_id_of(struct pl_db *db, const char *ref, long long *id, struct pl_error *err)
{
	struct pl_record p;
	int rc = store_person_by_ref(db->st, ref, &p, err);
	if (rc)
		return rc;
	rc = person_merged_refuse(db, p.id, ref, err);
	*id = p.id;
	pl_record_release(&p);
	return rc;
}

/*
 * The relative of r's relative_id: one there is, of person_id when that is given, of a
 * person the actor may see. Every other case gets the one message: no relative N (of REF).
 */
static int relative_check(struct pl_db *db, const struct pl_actor *actor, long long relative_id,
                          long long person_id, const char *person_ref, struct pl_error *err)
{
	struct pl_record rel;
	char ref[PL_REF_MAX], side[16];
	int exists = 0, ok;
	int rc = store_get(db->st, pl_entity(PL_ENT_RELATIVE), relative_id, &rel, err);
	if (rc && rc != PL_ENOTFOUND)
		return rc;
	ok = !rc;
	if (ok) {
		long long of = neg_get_id(&rel, "person_id");
		pl_record_release(&rel);
		if (person_id && of != person_id)
			ok = 0;
		else if ((rc = store_person_brief(db->st, of, ref, side, &exists, err)))
			return rc;
		else if (!exists || (!strcmp(side, "detainee") &&
		                     !pl_roles_may_see(actor->roles, PL_R_DETAINEES, NULL)))
			ok = 0;
	}
	if (ok)
		return 0;
	if (person_ref)
		return pl_error_set(err, PL_EDATA,
		                    "pressure incident: relative_id: no relative %lld of %s",
		                    relative_id, person_ref);
	return pl_error_set(err, PL_EDATA, "pressure incident: relative_id: no relative %lld",
	                    relative_id);
}

int pl_pressure_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                    size_t n, const char *person_ref, const char *negotiation_ref,
                    long long *id_out, struct pl_error *err)
{
	struct pl_record r;
	long long person_id = 0;
	char today[11];
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PRESSURE_ADD, err)) ||
	    (rc = refs_gate(db, actor, "pressure.add", person_ref, negotiation_ref, err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_PRESSURE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&r, kv, n, &set, "parley", err)))
		goto out;
	for (size_t i = 0; i < r.ent->nfields; i++)
		if ((r.ent->fields[i].flags & PL_F_REQUIRED) && !r.v[i]) {
			rc = pl_error_set(err, PL_EDATA, "pressure incident: %s: required",
			                  r.ent->fields[i].name);
			goto out;
		}
	/* relatives are named to who may see them (their names, never their contacts, are
	 * shown with the incident): an id from anyone else would read names out one by one */
	if (pl_record_get(&r, "relative_id") && !pl_roles_may(actor->roles, PL_OP_RELATIVE_LIST)) {
		rc = refuse(db, actor, "pressure.add", pl_record_get(&r, "relative_id"), "relative",
		            PL_EPERM, err, "permission denied: %s may not see relatives",
		            actor->login);
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	neg_today(db, today);
	if (strcmp(pl_record_get(&r, "occurred"), today) > 0) {
		rc = pl_error_set(err, PL_EDATA,
		                  "pressure incident: occurred: %s is in the future (today is %s)",
		                  pl_record_get(&r, "occurred"), today);
		goto fail;
	}
	if (person_ref) {
		if ((rc = person_id_of(db, person_ref, &person_id, err)) ||
		    (rc = neg_set_id(&r, "person_id", person_id, err)))
			goto fail;
	}
	if (pl_record_get(&r, "relative_id") &&
	    (rc = relative_check(db, actor, neg_get_id(&r, "relative_id"), person_id, person_ref,
	                         err)))
		goto fail;
	if (negotiation_ref) {
		struct pl_record ng;
		if ((rc = neg_load(db, negotiation_ref, &ng, err)))
			goto fail;
		rc = neg_set_id(&r, "negotiation_id", ng.id, err);
		pl_record_release(&ng);
		if (rc)
			goto fail;
	}
	if ((rc = neg_set_id(&r, "author_id", actor->account_id, err)) ||
	    (rc = neg_set(&r, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &r, "pressure.add",
	                                person_ref ? person_ref : negotiation_ref, id_out, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	pl_record_release(&r);
	return rc;
}

int pl_pressure_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     const char *negotiation_ref, pl_record_cb cb, void *ctx, struct pl_error *err)
{
	long long person_id = 0, negotiation_id = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PRESSURE_SHOW, err)) ||
	    (rc = refs_gate(db, actor, "pressure.show", person_ref, negotiation_ref, err)))
		return rc;
	if (person_ref && (rc = person_id_of(db, person_ref, &person_id, err)))
		return rc;
	if (negotiation_ref) {
		struct pl_record ng;
		if ((rc = neg_load(db, negotiation_ref, &ng, err)))
			return rc;
		negotiation_id = ng.id;
		pl_record_release(&ng);
	}
	{
		/* a liaison's own rows are chosen by the statement: nothing else is read */
		const struct store_bind b[] = {
		        SB_I(reads_all(actor->roles) ? 0 : actor->account_id),
		        SB_I(person_id),
		        SB_I(negotiation_id),
		};
		return store_query(
		        db->st, pl_entity(PL_ENT_PRESSURE),
		        "SELECT i.*, p.ref AS person, n.ref AS negotiation, r.name AS relative, "
		        "a.login AS author FROM pressure_incidents i LEFT JOIN persons p ON p.id = "
		        "i.person_id LEFT JOIN negotiations n ON n.id = i.negotiation_id LEFT JOIN "
		        "relatives r ON r.id = i.relative_id LEFT JOIN accounts a ON a.id = "
		        "i.author_id WHERE (?1 = 0 OR i.author_id = ?1) AND (?2 = 0 OR i.person_id "
		        "= "
		        "?2) AND (?3 = 0 OR i.negotiation_id = ?3) ORDER BY i.occurred DESC, i.id "
		        "DESC",
		        b, 3, cb, ctx, err);
	}
}
