/* record.c - the entity tables, value validation and records */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/record.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "banned.h"

const char *const pl_sides[] = {"captive", "detainee", NULL};
const char *const pl_kinds[] = {"military", "civilian", NULL};
const char *const pl_sexes[] = {"m", "f", "unknown", NULL};
const char *const pl_health[] = {"unknown",          "healthy",      "wounded",
                                 "severely_wounded", "severely_ill", NULL};
const char *const pl_captive_statuses[] = {
        "missing",  "data_unknown",  "probable", "confirmed",        "listed",
        "returned", "third_country", "died",     "remains_returned", NULL};
const char *const pl_detainee_statuses[] = {"held",     "listed", "exchanged",
                                            "released", "died",   NULL};
static const char *const all_statuses[] = {
        "missing",   "data_unknown",  "probable", "confirmed",        "listed",
        "returned",  "third_country", "died",     "remains_returned", "held",
        "exchanged", "released",      NULL};
const char *const pl_event_kinds[] = {
        "capture", "transfer", "hospital_admission", "release", "repatriation", "escape",
        "death",   NULL};
const char *const pl_evidence_kinds[] = {"video",
                                         "photo",
                                         "other_side_list",
                                         "icrc_notification",
                                         "returnee_testimony",
                                         "relative_report",
                                         "open_source",
                                         "document",
                                         NULL};
const char *const pl_yes_no[] = {"yes", "no", NULL};
const char *const pl_yes_no_unknown[] = {"yes", "no", "unknown", NULL};
const char *const pl_exchange_statuses[] = {"draft",     "proposed",   "agreed", "executing",
                                            "executed",  "reconciled", "closed", "failed",
                                            "cancelled", NULL};
const char *const pl_exchange_sides[] = {"receive", "give", NULL};
const char *const pl_exchange_lists[] = {"request", "agreed", NULL};
const char *const pl_policy_levels[] = {"block", "warn", "off", NULL};
static const char *const mediator_kinds[] = {"state", "organisation", NULL};
static const char *const mediator_roles[] = {"host",     "guarantor", "carrier", "go_between",
                                             "observer", "other",     NULL};
static const char *const notification_reasons[] = {"return", "third_country", "no_news", "other",
                                                   NULL};
static const char *const incident_kinds[] = {"third_country_transfer", "other", NULL};
/* the negotiation desk (include/parley/negotiation.h) */
const char *const pl_negotiation_statuses[] = {"preparing", "active", "suspended", "closed", NULL};
const char *const pl_negotiation_formats[] = {"direct", "mediator", "icrc", NULL};
const char *const pl_position_items[] = {"person", "category", "topic", NULL};
const char *const pl_stances[] = {"ready", "not_negotiable", "conditional", NULL};
const char *const pl_statement_sides[] = {"ours", "theirs", NULL};
const char *const pl_statement_kinds[] = {"claim", "offer", "demand", "promise", "refusal", NULL};
const char *const pl_promise_states[] = {"open", "kept", "broken", NULL};
const char *const pl_statement_facts[] = {"held_by_us", "held_by_them", "alive",
                                          "health",     "sentenced",    "consents",
                                          "on_list",    "location",     NULL};
const char *const pl_mice_ratings[] = {"none", "low", "medium", "high", NULL};
const char *const pl_confidences[] = {"low", "medium", "high", NULL};
const char *const pl_plan_statuses[] = {"optimal", "feasible", "infeasible", NULL};
const char *const pl_pressure_kinds[] = {"promise",        "threat", "fraud",
                                         "disinformation", "other",  NULL};
static const char *const reliability[] = {"A", "B", "C", "D", "E", "F", NULL};
static const char *const credibility[] = {"1", "2", "3", "4", "5", "6", NULL};
static const char *const relations[] = {
        "wife",   "husband", "partner",     "mother",      "father",     "son",  "daughter",
        "sister", "brother", "grandmother", "grandfather", "grandchild", "aunt", "uncle",
        "cousin", "in_law",  "guardian",    "friend",      "other",      NULL};
static const char *const channels[] = {"hotline", "phone",     "email", "visit",
                                       "letter",  "messenger", "other", NULL};

/*
 * The words of each token, in English (N_() marks them for the catalogues in po/): what
 * text output and the pages show. Tokens stay as they are on input, in JSON and in files.
 */
static const char *const side_labels[] = {N_("ours, held by the other side"), N_("held by us"),
                                          NULL};
static const char *const kind_labels[] = {N_("military"), N_("civilian"), NULL};
static const char *const sex_labels[] = {N_("male"), N_("female"), N_("unknown"), NULL};
static const char *const health_labels[] = {N_("unknown"),      N_("healthy"),
                                            N_("wounded"),      N_("severely wounded"),
                                            N_("severely ill"), NULL};
/* a captive's statuses in the hotline's words; a detainee's after them */
static const char *const captive_status_labels[] = {
        N_("missing, no data"),          N_("data, captivity unknown"),
        N_("probably captive"),          N_("captivity confirmed"),
        N_("listed for an exchange"),    N_("returned"),
        N_("handed to a third country"), N_("died in captivity"),
        N_("remains returned"),          NULL};
static const char *const detainee_status_labels[] = {N_("held"),      N_("listed for an exchange"),
                                                     N_("exchanged"), N_("released otherwise"),
                                                     N_("died"),      NULL};
/* either side's: "died" said of both */
static const char *const all_status_labels[] = {N_("missing, no data"),
                                                N_("data, captivity unknown"),
                                                N_("probably captive"),
                                                N_("captivity confirmed"),
                                                N_("listed for an exchange"),
                                                N_("returned"),
                                                N_("handed to a third country"),
                                                N_("died"),
                                                N_("remains returned"),
                                                N_("held"),
                                                N_("exchanged"),
                                                N_("released otherwise"),
                                                NULL};
static const char *const event_labels[] = {N_("capture"),
                                           N_("transfer"),
                                           N_("admission to hospital"),
                                           N_("release"),
                                           N_("repatriation"),
                                           N_("escape"),
                                           N_("death"),
                                           NULL};
static const char *const evidence_labels[] = {N_("video"),
                                              N_("photo"),
                                              N_("a list of the other side"),
                                              N_("ICRC notification"),
                                              N_("a returnee's testimony"),
                                              N_("a relative's report"),
                                              N_("open source"),
                                              N_("document"),
                                              NULL};
static const char *const yes_no_labels[] = {N_("yes"), N_("no"), NULL};
static const char *const yes_no_unknown_labels[] = {N_("yes"), N_("no"), N_("unknown"), NULL};
static const char *const reliability_labels[] = {N_("A: completely reliable"),
                                                 N_("B: usually reliable"),
                                                 N_("C: fairly reliable"),
                                                 N_("D: not usually reliable"),
                                                 N_("E: unreliable"),
                                                 N_("F: reliability cannot be judged"),
                                                 NULL};
static const char *const credibility_labels[] = {N_("1: confirmed by other sources"),
                                                 N_("2: probably true"),
                                                 N_("3: possibly true"),
                                                 N_("4: doubtful"),
                                                 N_("5: improbable"),
                                                 N_("6: truth cannot be judged"),
                                                 NULL};
static const char *const relation_labels[] = {
        N_("wife"),        N_("husband"),    N_("partner"), N_("mother"),  N_("father"),
        N_("son"),         N_("daughter"),   N_("sister"),  N_("brother"), N_("grandmother"),
        N_("grandfather"), N_("grandchild"), N_("aunt"),    N_("uncle"),   N_("cousin"),
        N_("in-law"),      N_("guardian"),   N_("friend"),  N_("other"),   NULL};
static const char *const channel_labels[] = {N_("hotline"), N_("phone"),  N_("email"),
                                             N_("visit"),   N_("letter"), N_("messenger"),
                                             N_("other"),   NULL};

static const char *const exchange_status_labels[] = {
        N_("draft"),      N_("proposed"), N_("agreed"), N_("being carried out"), N_("carried out"),
        N_("reconciled"), N_("closed"),   N_("failed"), N_("cancelled"),         NULL};
static const char *const exchange_side_labels[] = {N_("we receive (ours)"), N_("we give (theirs)"),
                                                   NULL};
static const char *const exchange_list_labels[] = {N_("requested"), N_("agreed"), NULL};
static const char *const policy_level_labels[] = {N_("block"), N_("warn"), N_("off"), NULL};
static const char *const mediator_kind_labels[] = {N_("state"), N_("organisation"), NULL};
static const char *const mediator_role_labels[] = {
        N_("host"),     N_("guarantor"), N_("carrier"), N_("go-between"),
        N_("observer"), N_("other"),     NULL};
static const char *const notification_reason_labels[] = {
        N_("return home"), N_("handed to a third state"), N_("no news"), N_("other"), NULL};
static const char *const incident_kind_labels[] = {N_("handed to a third state without notice"),
                                                   N_("other"), NULL};

#define SAME_LEN(a, b) _Static_assert(sizeof(a) == sizeof(b), #b " has a word for each of " #a)
SAME_LEN(pl_sides, side_labels);
SAME_LEN(pl_kinds, kind_labels);
SAME_LEN(pl_sexes, sex_labels);
SAME_LEN(pl_health, health_labels);
SAME_LEN(pl_captive_statuses, captive_status_labels);
SAME_LEN(pl_detainee_statuses, detainee_status_labels);
SAME_LEN(all_statuses, all_status_labels);
SAME_LEN(pl_event_kinds, event_labels);
SAME_LEN(pl_evidence_kinds, evidence_labels);
SAME_LEN(pl_yes_no, yes_no_labels);
SAME_LEN(pl_yes_no_unknown, yes_no_unknown_labels);
SAME_LEN(reliability, reliability_labels);
SAME_LEN(credibility, credibility_labels);
SAME_LEN(relations, relation_labels);
SAME_LEN(channels, channel_labels);
SAME_LEN(pl_exchange_statuses, exchange_status_labels);
SAME_LEN(pl_exchange_sides, exchange_side_labels);
SAME_LEN(pl_exchange_lists, exchange_list_labels);
SAME_LEN(pl_policy_levels, policy_level_labels);
SAME_LEN(mediator_kinds, mediator_kind_labels);
SAME_LEN(mediator_roles, mediator_role_labels);
SAME_LEN(notification_reasons, notification_reason_labels);
SAME_LEN(incident_kinds, incident_kind_labels);

static const char *const negotiation_status_labels[] = {N_("preparing"), N_("active"),
                                                        N_("suspended"), N_("closed"), NULL};
static const char *const negotiation_format_labels[] = {N_("direct"), N_("through a mediator"),
                                                        N_("through the ICRC"), NULL};
static const char *const position_item_labels[] = {N_("person"), N_("category"), N_("topic"), NULL};
static const char *const stance_labels[] = {N_("ready to negotiate"), N_("not negotiable"),
                                            N_("conditional"), NULL};
static const char *const statement_side_labels[] = {N_("ours"), N_("theirs"), NULL};
static const char *const statement_kind_labels[] = {N_("claim"),   N_("offer"),   N_("demand"),
                                                    N_("promise"), N_("refusal"), NULL};
static const char *const promise_state_labels[] = {N_("open"), N_("kept"), N_("broken"), NULL};
static const char *const statement_fact_labels[] = {
        N_("held by us"), N_("held by them"), N_("alive"),
        N_("health"),     N_("sentenced"),    N_("consents to an exchange"),
        N_("on a list"),  N_("where held"),   NULL};
static const char *const mice_rating_labels[] = {N_("none"), N_("low"), N_("medium"), N_("high"),
                                                 NULL};
static const char *const confidence_labels[] = {N_("low confidence"), N_("medium confidence"),
                                                N_("high confidence"), NULL};
static const char *const pressure_kind_labels[] = {
        N_("promise to a family"), N_("threat"), N_("fraudster posing as a go-between"),
        N_("disinformation"),      N_("other"),  NULL};
static const char *const plan_status_labels[] = {N_("optimal, proven"),
                                                 N_("feasible, not proven optimal"),
                                                 N_("no lists meet the terms"), NULL};

static const struct {
	const char *const *tokens, *const *labels;
} token_labels[] = {
        {pl_sides, side_labels},
        {pl_kinds, kind_labels},
        {pl_sexes, sex_labels},
        {pl_health, health_labels},
        {pl_captive_statuses, captive_status_labels},
        {pl_detainee_statuses, detainee_status_labels},
        {all_statuses, all_status_labels},
        {pl_event_kinds, event_labels},
        {pl_evidence_kinds, evidence_labels},
        {pl_yes_no, yes_no_labels},
        {pl_yes_no_unknown, yes_no_unknown_labels},
        {reliability, reliability_labels},
        {credibility, credibility_labels},
        {relations, relation_labels},
        {channels, channel_labels},
        {pl_exchange_statuses, exchange_status_labels},
        {pl_exchange_sides, exchange_side_labels},
        {pl_exchange_lists, exchange_list_labels},
        {pl_policy_levels, policy_level_labels},
        {mediator_kinds, mediator_kind_labels},
        {mediator_roles, mediator_role_labels},
        {notification_reasons, notification_reason_labels},
        {incident_kinds, incident_kind_labels},
        {pl_negotiation_statuses, negotiation_status_labels},
        {pl_negotiation_formats, negotiation_format_labels},
        {pl_position_items, position_item_labels},
        {pl_stances, stance_labels},
        {pl_statement_sides, statement_side_labels},
        {pl_statement_kinds, statement_kind_labels},
        {pl_promise_states, promise_state_labels},
        {pl_statement_facts, statement_fact_labels},
        {pl_mice_ratings, mice_rating_labels},
        {pl_confidences, confidence_labels},
        {pl_pressure_kinds, pressure_kind_labels},
        {pl_plan_statuses, plan_status_labels},
};

const char *const *pl_token_labels(const char *const *tokens)
{
	for (size_t t = 0; t < sizeof(token_labels) / sizeof(token_labels[0]); t++)
		if (token_labels[t].tokens == tokens)
			return token_labels[t].labels;
	return NULL;
}

const char *pl_token_label(const char *const *tokens, const char *token)
{
	const char *const *labels = pl_token_labels(tokens);
	if (!token || !labels)
		return token;
	for (size_t i = 0; tokens[i]; i++)
		if (!strcmp(tokens[i], token))
			return labels[i];
	return token;
}

const char *pl_value_label(const struct pl_field *f, const char *value)
{
	return f->type == PL_V_ENUM ? pl_token_label(f->tokens, value) : value;
}

#define SYS(n, t, label)                                                                           \
	{                                                                                          \
		n, t, PL_F_SYSTEM, NULL, 0, NULL, label                                            \
	}

static const struct pl_field person_fields[] = {
        {"ref", PL_V_TEXT, PL_F_SYSTEM, NULL, 16,
         "reference: U-000123 (captive), R-000045 (detainee)", N_("reference")},
        {"side", PL_V_ENUM, PL_F_REQUIRED | PL_F_FIXED, pl_sides, 0,
         "captive (ours, held by the other side) or detainee (held by us)", N_("side")},
        {"kind", PL_V_ENUM, PL_F_REQUIRED, pl_kinds, 0, "military or civilian", N_("kind")},
        {"family_name", PL_V_NAME, PL_F_REQUIRED, NULL, 200,
         "family name as written in its own script", N_("family name")},
        {"given_name", PL_V_NAME, 0, NULL, 200, "given name", N_("given name")},
        {"patronymic", PL_V_NAME, 0, NULL, 200, "patronymic", N_("patronymic")},
        {"other_names", PL_V_TEXT, 0, NULL, 1000, "other spellings of the name, joined by ';'",
         N_("other names")},
        {"sex", PL_V_ENUM, 0, pl_sexes, 0, "m, f or unknown", N_("sex")},
        {"birth_date", PL_V_DATE, 0, NULL, 0, "YYYY, YYYY-MM or YYYY-MM-DD", N_("born")},
        {"birth_place", PL_V_TEXT, 0, NULL, 200, "place of birth", N_("place of birth")},
        {"citizenship", PL_V_COUNTRIES, 0, NULL, 100, "ISO 3166 alpha-2 codes joined by ';'",
         N_("citizenship")},
        {"documents", PL_V_TEXT, 0, NULL, 500, "identity documents: kind and number, joined by ';'",
         N_("documents")},
        {"service_number", PL_V_TEXT, 0, NULL, 50, "military service number", N_("service number")},
        {"rank", PL_V_TEXT, 0, NULL, 100, "military rank", N_("rank")},
        {"unit", PL_V_TEXT, 0, NULL, 200, "military unit", N_("unit")},
        {"tags", PL_V_TAGS, 0, NULL, 200,
         "role tags: medic, chaplain, musician, journalist, azovstal, ...", N_("roles")},
        {"father_name", PL_V_NAME, 0, NULL, 200, "father's given name", N_("father's name")},
        {"mother_maiden_name", PL_V_NAME, 0, NULL, 200, "mother's maiden name",
         N_("mother's maiden name")},
        {"capture_date", PL_V_DATE, PL_F_CAPTIVE, NULL, 0, "date of capture", N_("captured")},
        {"capture_approx", PL_V_ENUM, PL_F_CAPTIVE, pl_yes_no, 0,
         "yes when the capture date is approximate", N_("capture date approximate")},
        {"capture_place", PL_V_TEXT, 0, NULL, 200, "place of capture", N_("place of capture")},
        {"capture_circumstances", PL_V_TEXT, 0, NULL, 2000, "circumstances of capture",
         N_("circumstances of capture")},
        {"detention_place", PL_V_TEXT, 0, NULL, 200, "place of detention when known",
         N_("held at")},
        {"last_seen_date", PL_V_DATE, 0, NULL, 0, "when last seen", N_("last seen")},
        {"last_seen_place", PL_V_TEXT, 0, NULL, 200, "where last seen", N_("last seen at")},
        {"last_seen_by", PL_V_TEXT, 0, NULL, 200, "by whom last seen", N_("last seen by")},
        {"health", PL_V_ENUM, 0, pl_health, 0, "health category", N_("health")},
        {"medical_notes", PL_V_TEXT, PL_F_RESTRICTED, NULL, 4000, "medical notes (restricted)",
         N_("medical notes")},
        {"sentence", PL_V_TEXT, 0, NULL, 500, "sentence passed in captivity", N_("sentence")},
        {"charges", PL_V_TEXT, 0, NULL, 1000, "charges", N_("charges")},
        {"consent", PL_V_ENUM, PL_F_DETAINEE, pl_yes_no_unknown, 0,
         "consent to be exchanged (detainees)", N_("consent to exchange")},
        {"proceedings", PL_V_TEXT, PL_F_DETAINEE, NULL, 1000, "criminal proceedings (detainees)",
         N_("criminal proceedings")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        {"status", PL_V_ENUM, PL_F_NOEDIT, all_statuses, 0, "current status (see docs/values.md)",
         N_("status")},
        {"status_date", PL_V_DATE, PL_F_NOEDIT, NULL, 0, "date of the current status",
         N_("status since")},
        {"source", PL_V_TEXT, 0, NULL, 200, "where the record came from", N_("source")},
        {"external_id", PL_V_TEXT, 0, NULL, 100, "the source's own key for the record",
         N_("source's key")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("created", PL_V_TEXT, N_("created")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

static const struct pl_field status_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),
        {"status", PL_V_ENUM, PL_F_REQUIRED, all_statuses, 0, "the new status", N_("status")},
        {"date", PL_V_DATE, 0, NULL, 0, "date the status took effect", N_("date")},
        {"source", PL_V_TEXT, 0, NULL, 200, "source of the information", N_("source")},
        {"evidence_id", PL_V_ID, 0, NULL, 0, "evidence the status rests on",
         N_("rests on evidence")},
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        {"corrects", PL_V_ID, 0, NULL, 0, "the status entry this one corrects", N_("corrects")},
        {"reason", PL_V_TEXT, 0, NULL, 1000, "reason for a correction", N_("reason")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field event_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),
        {"kind", PL_V_ENUM, PL_F_REQUIRED, pl_event_kinds, 0, "what happened", N_("event")},
        {"date", PL_V_DATE, 0, NULL, 0, "when", N_("date")},
        {"place", PL_V_TEXT, 0, NULL, 200, "where", N_("place")},
        {"source", PL_V_TEXT, 0, NULL, 200, "source of the information", N_("source")},
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        {"corrects", PL_V_ID, 0, NULL, 0, "the event this one corrects", N_("corrects")},
        {"reason", PL_V_TEXT, 0, NULL, 1000, "reason for a correction", N_("reason")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field evidence_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),
        {"kind", PL_V_ENUM, PL_F_REQUIRED, pl_evidence_kinds, 0, "kind of evidence",
         N_("evidence")},
        {"date", PL_V_DATE, 0, NULL, 0, "date of the evidence", N_("date")},
        {"source", PL_V_TEXT, PL_F_REQUIRED, NULL, 200, "source", N_("source")},
        {"reliability", PL_V_ENUM, PL_F_REQUIRED, reliability, 0,
         "Admiralty grade of the source, A-F", N_("reliability of the source")},
        {"credibility", PL_V_ENUM, PL_F_REQUIRED, credibility, 0,
         "Admiralty grade of the information, 1-6", N_("credibility of the information")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("file_hash", PL_V_TEXT, N_("file")),
        {"corrects", PL_V_ID, 0, NULL, 0, "the evidence this one corrects", N_("corrects")},
        {"reason", PL_V_TEXT, 0, NULL, 1000, "reason for a correction", N_("reason")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field relative_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),
        {"name", PL_V_NAME, PL_F_REQUIRED, NULL, 200, "full name", N_("name")},
        {"relation", PL_V_ENUM, PL_F_REQUIRED, relations, 0, "relation to the person",
         N_("relation")},
        {"contacts", PL_V_TEXT, PL_F_RESTRICTED, NULL, 1000,
         "phones, addresses, messengers (restricted)", N_("contacts")},
        {"language", PL_V_TEXT, 0, NULL, 50, "language to speak with them", N_("language")},
        {"verified_by", PL_V_TEXT, 0, NULL, 200, "who verified the family link", N_("verified by")},
        {"verified_how", PL_V_TEXT, 0, NULL, 500, "how the family link was verified",
         N_("verified how")},
        {"safety", PL_V_ENUM, 0, pl_yes_no, 0, "yes when contact could endanger them",
         N_("contact may endanger them")},
        {"safety_channel", PL_V_TEXT, 0, NULL, 200, "the only channel to contact them through",
         N_("only through")},
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field inquiry_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),
        {"relative_id", PL_V_ID, 0, NULL, 0, "the relative who asked", N_("relative")},
        {"date", PL_V_DATE, PL_F_REQUIRED, NULL, 0, "when", N_("date")},
        {"channel", PL_V_ENUM, PL_F_REQUIRED, channels, 0, "how they reached us", N_("channel")},
        {"question", PL_V_TEXT, PL_F_REQUIRED, NULL, 2000, "what they asked", N_("question")},
        {"answer", PL_V_TEXT, 0, NULL, 2000, "what they were told", N_("answer")},
        {"answered_by", PL_V_TEXT, 0, NULL, 200, "who answered", N_("answered by")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field change_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),      SYS("field", PL_V_TEXT, N_("field")),
        SYS("old_value", PL_V_TEXT, N_("old value")), SYS("new_value", PL_V_TEXT, N_("new value")),
        SYS("reason", PL_V_TEXT, N_("reason")),       SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

/* --- the exchanges desk (sql/0007-exchanges.sql, include/parley/exchange.h) --- */

static const struct pl_field exchange_fields[] = {
        {"ref", PL_V_TEXT, PL_F_SYSTEM, NULL, 16, "reference: E-0001", N_("reference")},
        {"title", PL_V_NAME, PL_F_REQUIRED, NULL, 200, "a title: \"Istanbul, June 2024\"",
         N_("title")},
        {"status", PL_V_ENUM, PL_F_NOEDIT, pl_exchange_statuses, 0,
         "where the exchange stands (docs/values.md)", N_("status")},
        {"status_reason", PL_V_TEXT, PL_F_NOEDIT, NULL, 1000, "why it failed or was cancelled",
         N_("reason")},
        {"formula", PL_V_TEXT, PL_F_NOEDIT, NULL, 4000, "its terms (docs/formulas.md)",
         N_("formula")},
        {"negotiation", PL_V_TEXT, 0, NULL, 200, "the negotiation it came from", N_("negotiation")},
        {"venue", PL_V_TEXT, 0, NULL, 200, "where it takes place", N_("venue")},
        {"planned_date", PL_V_DATE, 0, NULL, 0, "when it is to take place", N_("planned for")},
        {"agreed_date", PL_V_DATE, 0, NULL, 0, "when it was agreed", N_("agreed on")},
        {"announced_ours", PL_V_COUNT, 0, NULL, 0, "how many returned, as we announced",
         N_("announced by us")},
        {"announced_theirs", PL_V_COUNT, 0, NULL, 0,
         "how many were exchanged, as the other side announced", N_("announced by them")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("created", PL_V_TEXT, N_("created")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

static const struct pl_field mediator_fields[] = {
        SYS("exchange_id", PL_V_ID, N_("exchange")),
        {"name", PL_V_NAME, PL_F_REQUIRED, NULL, 200, "the state or organisation", N_("name")},
        {"kind", PL_V_ENUM, PL_F_REQUIRED, mediator_kinds, 0, "state or organisation", N_("kind")},
        {"role", PL_V_ENUM, PL_F_REQUIRED, mediator_roles, 0, "its part in the exchange",
         N_("role")},
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field list_entry_fields[] = {
        SYS("exchange_id", PL_V_ID, N_("exchange")),
        {"list", PL_V_ENUM, PL_F_REQUIRED, pl_exchange_lists, 0, "request or agreed", N_("list")},
        {"side", PL_V_ENUM, PL_F_REQUIRED, pl_exchange_sides, 0,
         "receive (ours, captives) or give (theirs, detainees)", N_("side")},
        SYS("person_id", PL_V_ID, N_("person")),
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        SYS("removed", PL_V_TEXT, N_("taken off")),
        SYS("removed_reason", PL_V_TEXT, N_("why taken off")),
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field stage_fields[] = {
        SYS("exchange_id", PL_V_ID, N_("exchange")),
        SYS("number", PL_V_ID, N_("stage")),
        {"date", PL_V_DATE, PL_F_REQUIRED, NULL, 0, "when it took place", N_("date")},
        {"place", PL_V_TEXT, 0, NULL, 200, "where", N_("place")},
        {"mediator", PL_V_TEXT, 0, NULL, 200, "who carried it", N_("mediator")},
        {"remains_received", PL_V_COUNT, 0, NULL, 0, "bodies received without a name",
         N_("remains received, unnamed")},
        {"remains_given", PL_V_COUNT, 0, NULL, 0, "bodies handed over without a name",
         N_("remains given, unnamed")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field handover_fields[] = {
        SYS("stage_id", PL_V_ID, N_("stage")),
        {"side", PL_V_ENUM, PL_F_REQUIRED, pl_exchange_sides, 0,
         "receive (ours came back) or give (theirs handed over)", N_("side")},
        SYS("person_id", PL_V_ID, N_("person")),
        {"on_the_spot", PL_V_ENUM, PL_F_SYSTEM, pl_yes_no, 0,
         "yes: the person was added to the registry at the handover", N_("added at the handover")},
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field reception_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),
        SYS("handover_id", PL_V_ID, N_("handover")),
        {"arrived", PL_V_DATETIME, PL_F_REQUIRED | PL_F_FIXED, NULL, 0,
         "arrival on home soil, YYYY-MM-DD HH:MM", N_("arrived on home soil")},
        {"arrival_place", PL_V_TEXT, 0, NULL, 200, "where", N_("place of arrival")},
        {"meal", PL_V_ENUM, 0, pl_yes_no, 0, "fed first", N_("meal")},
        {"triage_health", PL_V_ENUM, 0, pl_health, 0, "the health category at medical triage",
         N_("health at triage")},
        {"identity_confirmed", PL_V_ENUM, 0, pl_yes_no, 0, "identity confirmed",
         N_("identity confirmed")},
        {"identity_how", PL_V_TEXT, 0, NULL, 500, "how the identity was confirmed",
         N_("identity confirmed how")},
        {"family_notified", PL_V_DATETIME, 0, NULL, 0, "when the family was told",
         N_("family told")},
        {"notified_by", PL_V_TEXT, 0, NULL, 200, "the officer who told them", N_("told by")},
        {"debrief", PL_V_ENUM, 0, pl_yes_no, 0, "debrief done", N_("debrief done")},
        {"rehabilitation", PL_V_TEXT, 0, NULL, 500, "referral for rehabilitation",
         N_("rehabilitation")},
        {"inform", PL_V_TEXT, 0, NULL, 1000, "whom the returnee wants told", N_("to be told")},
        {"not_inform", PL_V_TEXT, 0, NULL, 1000, "whom the returnee wants not told",
         N_("not to be told")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

static const struct pl_field notification_fields[] = {
        SYS("person_id", PL_V_ID, N_("person")),
        {"relative_id", PL_V_ID, 0, NULL, 0, "the relative told", N_("relative")},
        {"reason", PL_V_ENUM, PL_F_REQUIRED, notification_reasons, 0,
         "return, no_news (a scheduled call) or other", N_("reason")},
        {"channel", PL_V_ENUM, PL_F_REQUIRED, channels, 0, "how they were reached", N_("channel")},
        {"via", PL_V_TEXT, 0, NULL, 200, "the only channel of a family at risk, when used",
         N_("through")},
        {"date", PL_V_DATETIME, PL_F_REQUIRED, NULL, 0, "when", N_("date")},
        {"officer", PL_V_TEXT, 0, NULL, 200, "who told them", N_("officer")},
        {"outcome", PL_V_TEXT, 0, NULL, 2000, "what was said and how it was taken", N_("outcome")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field incident_fields[] = {
        {"exchange_id", PL_V_ID, 0, NULL, 0, "the exchange it concerns", N_("exchange")},
        {"kind", PL_V_ENUM, PL_F_REQUIRED, incident_kinds, 0,
         "third_country_transfer (the Hungary case) or other", N_("kind")},
        {"date", PL_V_DATE, PL_F_REQUIRED, NULL, 0, "when", N_("date")},
        {"state", PL_V_TEXT, 0, NULL, 200, "the third state", N_("third state")},
        {"count", PL_V_COUNT, 0, NULL, 0, "how many of ours", N_("how many")},
        {"persons", PL_V_TEXT, 0, NULL, 4000, "their references, joined by ';'", N_("persons")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

/* --- the negotiation desk (sql/0008-negotiations.sql, docs/negotiations.md) --- */

/* what the desk prepares, for a negotiation and for each of its sessions */
#define PREPARATION                                                                                \
	{"objectives", PL_V_TEXT, 0, NULL, 4000, "what we want from it", N_("objectives")},        \
	        {"walk_away",                                                                      \
	         PL_V_TEXT,                                                                        \
	         0,                                                                                \
	         NULL,                                                                             \
	         4000,                                                                             \
	         "the point past which we walk away",                                              \
	         N_("walk-away point")},                                                           \
	        {"batna",                                                                          \
	         PL_V_TEXT,                                                                        \
	         0,                                                                                \
	         NULL,                                                                             \
	         4000,                                                                             \
	         "our best alternative to no agreement",                                           \
	         N_("our alternative to no agreement")},                                           \
	{                                                                                          \
		"their_batna", PL_V_TEXT, 0, NULL, 4000,                                           \
		        "our estimate of their alternative to no agreement",                       \
		        N_("their alternative, as we judge it")                                    \
	}

static const struct pl_field negotiation_fields[] = {
        {"ref", PL_V_TEXT, PL_F_SYSTEM, NULL, 16, "reference: N-0001", N_("reference")},
        {"title", PL_V_NAME, PL_F_REQUIRED, NULL, 200, "a title: \"Istanbul channel\"",
         N_("title")},
        {"delegation", PL_V_TEXT, 0, NULL, 1000, "the other side's delegation",
         N_("their delegation")},
        {"mediators", PL_V_TEXT, 0, NULL, 1000, "states or organisations, joined by ';'",
         N_("mediators")},
        {"format", PL_V_ENUM, 0, pl_negotiation_formats, 0,
         "direct, mediator (through a mediator) or icrc (through the ICRC); direct unless given",
         N_("format")},
        {"status", PL_V_ENUM, PL_F_NOEDIT, pl_negotiation_statuses, 0,
         "where the negotiation stands (docs/values.md)", N_("status")},
        {"status_reason", PL_V_TEXT, PL_F_NOEDIT, NULL, 1000, "why it was suspended or closed",
         N_("reason")},
        PREPARATION,
        {"session_hours", PL_V_COUNT, 0, NULL, 0,
         "a session longer than this many hours is flagged; 10 unless given",
         N_("long session after (hours)")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("created", PL_V_TEXT, N_("created")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

static const struct pl_field session_fields[] = {
        {"ref", PL_V_TEXT, PL_F_SYSTEM, NULL, 16, "reference: S-0001", N_("reference")},
        SYS("negotiation_id", PL_V_ID, N_("negotiation")),
        SYS("number", PL_V_COUNT, N_("round")),
        {"started", PL_V_DATETIME, PL_F_REQUIRED, NULL, 0, "when it began (or is to begin)",
         N_("began")},
        {"ended", PL_V_DATETIME, 0, NULL, 0, "when it ended", N_("ended")},
        {"place", PL_V_TEXT, 0, NULL, 200, "where, or the channel (video link, phone)",
         N_("place or channel")},
        {"ours", PL_V_TEXT, 0, NULL, 1000, "our participants, joined by ';'",
         N_("our participants")},
        {"psychologist", PL_V_TEXT, 0, NULL, 200, "the psychologist on standby",
         N_("psychologist on standby")},
        {"theirs", PL_V_TEXT, 0, NULL, 1000, "their participants, joined by ';'",
         N_("their participants")},
        {"counterparts", PL_V_TEXT, 0, NULL, 1000,
         "the counterparts expected (C-0001), joined by ';'", N_("counterparts expected")},
        {"summary", PL_V_TEXT, 0, NULL, 8000, "what was discussed", N_("summary")},
        {"outcome", PL_V_TEXT, 0, NULL, 4000, "what came of it", N_("outcome")},
        PREPARATION,
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

static const struct pl_field link_fields[] = {
        SYS("negotiation_id", PL_V_ID, N_("negotiation")),
        SYS("exchange_id", PL_V_ID, N_("exchange")),
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field welfare_fields[] = {
        SYS("session_id", PL_V_ID, N_("session")),
        {"negotiator", PL_V_NAME, PL_F_REQUIRED, NULL, 200, "the negotiator it concerns",
         N_("negotiator")},
        {"note", PL_V_TEXT, PL_F_REQUIRED, NULL, 8000, "how the negotiator held up; what they need",
         N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field position_fields[] = {
        SYS("negotiation_id", PL_V_ID, N_("negotiation")),
        SYS("session_id", PL_V_ID, N_("session")),
        {"item_kind", PL_V_ENUM, PL_F_REQUIRED | PL_F_FIXED, pl_position_items, 0,
         "person, category or topic", N_("item kind")},
        {"item", PL_V_TEXT, PL_F_REQUIRED | PL_F_FIXED, NULL, 500,
         "a person (U-000045, R-000012), a category (severely_wounded) or a topic", N_("item")},
        {"stance", PL_V_ENUM, PL_F_REQUIRED, pl_stances, 0, "ready, not_negotiable or conditional",
         N_("stance")},
        {"condition", PL_V_TEXT, 0, NULL, 2000, "the condition, for a conditional stance",
         N_("condition")},
        {"priority", PL_V_COUNT, 0, NULL, 0, "1 first; higher numbers after", N_("priority")},
        {"concessions", PL_V_TEXT, 0, NULL, 2000, "what we plan to concede on it",
         N_("planned concessions")},
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        SYS("replaces", PL_V_ID, N_("replaces")),
        SYS("replaced", PL_V_TEXT, N_("replaced")),
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field opening_fields[] = {
        SYS("negotiation_id", PL_V_ID, N_("negotiation")),
        SYS("session_id", PL_V_ID, N_("session")),
        SYS("ordinal", PL_V_COUNT, N_("order")),
        {"text", PL_V_TEXT, PL_F_REQUIRED, NULL, 2000, "the line, as it is to be said", N_("line")},
        SYS("dropped", PL_V_TEXT, N_("dropped")),
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

static const struct pl_field counterpart_fields[] = {
        {"ref", PL_V_TEXT, PL_F_SYSTEM, NULL, 16, "reference: C-0001", N_("reference")},
        {"name", PL_V_NAME, PL_F_REQUIRED, NULL, 200, "name, in any script", N_("name")},
        {"alias", PL_V_NAME, 0, NULL, 200, "another name or a nickname", N_("alias")},
        {"organisation", PL_V_TEXT, 0, NULL, 200, "the body they work for", N_("organisation")},
        {"role", PL_V_TEXT, 0, NULL, 200, "their part in the delegation", N_("role")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("created", PL_V_TEXT, N_("created")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

static const struct pl_field statement_fields[] = {
        SYS("session_id", PL_V_ID, N_("session")),
        {"said", PL_V_DATETIME, PL_F_REQUIRED, NULL, 0, "when it was said", N_("said at")},
        {"side", PL_V_ENUM, PL_F_REQUIRED, pl_statement_sides, 0, "ours or theirs", N_("side")},
        {"speaker", PL_V_NAME, PL_F_REQUIRED, NULL, 200, "who said it, by name", N_("speaker")},
        SYS("counterpart_id", PL_V_ID, N_("counterpart")),
        {"kind", PL_V_ENUM, PL_F_REQUIRED, pl_statement_kinds, 0,
         "claim, offer, demand, promise or refusal", N_("kind")},
        {"text", PL_V_TEXT, PL_F_REQUIRED, NULL, 8000, "what was said", N_("words")},
        {"about", PL_V_TEXT, 0, NULL, 1000,
         "the persons, categories and topics it is about, joined by ';'", N_("about")},
        {"subject", PL_V_TEXT, 0, NULL, 200,
         "a claim's structured fact: whom it is about (R-000045)", N_("subject")},
        {"fact", PL_V_ENUM, 0, pl_statement_facts, 0,
         "a claim's structured fact: what it states (docs/values.md)", N_("fact")},
        {"value", PL_V_TEXT, 0, NULL, 200, "a claim's structured fact: its value", N_("value")},
        {"truthful", PL_V_ENUM, 0, pl_yes_no, 0, "our claims: whether it was true", N_("true")},
        {"truth", PL_V_TEXT, 0, NULL, 4000, "an untrue claim of ours: what is true",
         N_("the truth")},
        SYS("contradicts", PL_V_ID, N_("contradicts")),
        SYS("resolved", PL_V_TEXT, N_("resolved")),
        SYS("resolved_by", PL_V_ID, N_("resolved by")),
        SYS("resolution", PL_V_TEXT, N_("resolution")),
        {"due", PL_V_DATE, 0, NULL, 0, "a promise: when it is due", N_("due")},
        {"promise", PL_V_ENUM, PL_F_SYSTEM, pl_promise_states, 0, NULL, N_("promise")},
        SYS("promise_closed", PL_V_TEXT, N_("promise closed")),
        SYS("promise_note", PL_V_TEXT, N_("how it was kept or broken")),
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
        SYS("updated", PL_V_TEXT, N_("updated")),
};

/* a dimension of MICE: its rating, the grounds, and how sure the psychologist is */
#define MICE(dim, label)                                                                           \
	{dim, PL_V_ENUM, PL_F_REQUIRED, pl_mice_ratings, 0, "none, low, medium or high", label},   \
	        {dim "_grounds", PL_V_TEXT, 0, NULL, 4000, "what the rating rests on",             \
	         N_("grounds")},                                                                   \
	{                                                                                          \
		dim "_confidence", PL_V_ENUM, PL_F_REQUIRED, pl_confidences, 0,                    \
		        "low, medium or high", N_("confidence")                                    \
	}

static const struct pl_field profile_fields[] = {
        SYS("counterpart_id", PL_V_ID, N_("counterpart")),
        {"assessed", PL_V_DATE, PL_F_REQUIRED, NULL, 0, "when the assessment was made",
         N_("assessed on")},
        MICE("money", N_("money")),
        MICE("ideology", N_("ideology")),
        MICE("compromise", N_("compromise")),
        MICE("ego", N_("ego")),
        {"summary", PL_V_TEXT, 0, NULL, 4000, "where pressure works, in a few words",
         N_("summary")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field pressure_fields[] = {
        {"occurred", PL_V_DATE, PL_F_REQUIRED, NULL, 0, "when it happened", N_("when")},
        {"kind", PL_V_ENUM, PL_F_REQUIRED, pl_pressure_kinds, 0,
         "promise, threat, fraud, disinformation or other", N_("kind")},
        {"target", PL_V_TEXT, 0, NULL, 500, "whom it was aimed at, in words", N_("aimed at")},
        SYS("person_id", PL_V_ID, N_("person")),
        {"relative_id", PL_V_ID, 0, NULL, 0, "the relative contacted (#N of relative list)",
         N_("relative")},
        SYS("negotiation_id", PL_V_ID, N_("negotiation")),
        {"what", PL_V_TEXT, PL_F_REQUIRED, NULL, 8000, "what was said or done", N_("what")},
        {"source", PL_V_TEXT, 0, NULL, 500, "how we know", N_("source")},
        {"note", PL_V_TEXT, 0, NULL, 4000, "note", N_("note")},
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

static const struct pl_field plan_fields[] = {
        {"ref", PL_V_TEXT, PL_F_SYSTEM, NULL, 16, "reference: P-0001", N_("reference")},
        SYS("exchange_id", PL_V_ID, N_("exchange")),
        SYS("formula", PL_V_TEXT, N_("terms")),
        SYS("on_date", PL_V_TEXT, N_("ages counted to")),
        SYS("weights", PL_V_TEXT, N_("weights")),
        SYS("office_weights", PL_V_COUNT, N_("the office's weights")),
        SYS("pins", PL_V_TEXT, N_("pinned")),
        SYS("drops", PL_V_TEXT, N_("dropped")),
        SYS("unit_caps", PL_V_TEXT, N_("per unit at most")),
        {"status", PL_V_ENUM, PL_F_SYSTEM, pl_plan_statuses, 0, NULL, N_("status")},
        SYS("objective", PL_V_TEXT, N_("objective")),
        SYS("gap", PL_V_TEXT, N_("gap")),
        SYS("seconds", PL_V_TEXT, N_("seconds")),
        SYS("solver", PL_V_TEXT, N_("solver")),
        SYS("receive_count", PL_V_COUNT, N_("received")),
        SYS("give_count", PL_V_COUNT, N_("given")),
        SYS("members_hash", PL_V_TEXT, N_("fingerprint")),
        {"note", PL_V_TEXT, 0, NULL, 2000, "note", N_("note")},
        SYS("adopted", PL_V_TEXT, N_("adopted")),
        SYS("adopted_by", PL_V_ID, N_("adopted by")),
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("created", PL_V_TEXT, N_("created")),
};

static const struct pl_field plan_weight_fields[] = {
        SYS("key", PL_V_TEXT, N_("weight")),
        SYS("value", PL_V_TEXT, N_("value")),
        SYS("author_id", PL_V_ID, N_("author")),
        SYS("recorded", PL_V_TEXT, N_("recorded")),
};

#define ENT(id, name, table, f) [id] = {id, name, table, f, sizeof(f) / sizeof(f[0])}
static const struct pl_entity entities[PL_ENT__MAX] = {
        ENT(PL_ENT_PERSON, "person", "persons", person_fields),
        ENT(PL_ENT_STATUS, "status", "statuses", status_fields),
        ENT(PL_ENT_EVENT, "event", "events", event_fields),
        ENT(PL_ENT_EVIDENCE, "evidence", "evidence", evidence_fields),
        ENT(PL_ENT_RELATIVE, "relative", "relatives", relative_fields),
        ENT(PL_ENT_INQUIRY, "inquiry", "inquiries", inquiry_fields),
        ENT(PL_ENT_CHANGE, "change", "person_changes", change_fields),
        ENT(PL_ENT_EXCHANGE, "exchange", "exchanges", exchange_fields),
        ENT(PL_ENT_MEDIATOR, "mediator", "exchange_mediators", mediator_fields),
        ENT(PL_ENT_LIST_ENTRY, "list entry", "exchange_lists", list_entry_fields),
        ENT(PL_ENT_STAGE, "stage", "exchange_stages", stage_fields),
        ENT(PL_ENT_HANDOVER, "handover", "exchange_handovers", handover_fields),
        ENT(PL_ENT_RECEPTION, "reception", "receptions", reception_fields),
        ENT(PL_ENT_NOTIFICATION, "notification", "notifications", notification_fields),
        ENT(PL_ENT_INCIDENT, "incident", "exchange_incidents", incident_fields),
        ENT(PL_ENT_NEGOTIATION, "negotiation", "negotiations", negotiation_fields),
        ENT(PL_ENT_NEG_EXCHANGE, "linked exchange", "negotiation_exchanges", link_fields),
        ENT(PL_ENT_SESSION, "session", "negotiation_sessions", session_fields),
        ENT(PL_ENT_WELFARE, "welfare note", "welfare_notes", welfare_fields),
        ENT(PL_ENT_POSITION, "position", "positions", position_fields),
        ENT(PL_ENT_OPENING, "opening line", "opening_lines", opening_fields),
        ENT(PL_ENT_COUNTERPART, "counterpart", "counterparts", counterpart_fields),
        ENT(PL_ENT_STATEMENT, "statement", "statements", statement_fields),
        ENT(PL_ENT_PROFILE, "profile", "profiles", profile_fields),
        ENT(PL_ENT_PRESSURE, "pressure incident", "pressure_incidents", pressure_fields),
        ENT(PL_ENT_PLAN, "plan", "plans", plan_fields),
        ENT(PL_ENT_PLAN_WEIGHT, "planner weight", "plan_weights", plan_weight_fields),
};

const struct pl_entity *pl_entity(enum pl_entity_id id)
{
	return id < PL_ENT__MAX ? &entities[id] : NULL;
}

int pl_field_index(const struct pl_entity *ent, const char *name)
{
	for (size_t i = 0; i < ent->nfields; i++)
		if (!strcmp(ent->fields[i].name, name))
			return (int)i;
	return -1;
}

int pl_token_in(const char *s, const char *const *tokens)
{
	for (; *tokens; tokens++)
		if (!strcmp(s, *tokens))
			return 1;
	return 0;
}

void pl_tokens_join(const char *const *tokens, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (; *tokens; tokens++) {
		int n = snprintf(out + len, cap - len, "%s%s", len ? ", " : "", *tokens);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
}

/* ISO 3166-1 alpha-2, the officially assigned codes. */
static const char countries[] =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO "
        "BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ "
        "DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP "
        "GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG "
        "KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML "
        "MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE "
        "PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL "
        "SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM "
        "US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

int pl_country_valid(const char *code)
{
	if (strlen(code) != 2 || !isupper((unsigned char)code[0]) ||
	    !isupper((unsigned char)code[1]))
		return 0;
	for (const char *p = countries;; p += 3) {
		if (p[0] == code[0] && p[1] == code[1])
			return 1;
		if (!p[2])
			return 0;
	}
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* YYYY, YYYY-MM, YYYY-MM-DD; also DD.MM.YYYY and MM.YYYY, turned into ISO. */
static int date_normalize(const char *s, char out[11])
{
	size_t n = strlen(s);
	int y, m = 0, d = 0;

	if (n == 4 && digits(s, 4)) {
		y = num(s, 4);
	} else if (n == 7 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2)) {
		y = num(s, 4);
		m = num(s + 5, 2);
	} else if (n == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
	           digits(s + 8, 2)) {
		y = num(s, 4);
		m = num(s + 5, 2);
		d = num(s + 8, 2);
	} else if (n == 10 && digits(s, 2) && s[2] == '.' && digits(s + 3, 2) && s[5] == '.' &&
	           digits(s + 6, 4)) {
		d = num(s, 2);
		m = num(s + 3, 2);
		y = num(s + 6, 4);
	} else if (n == 7 && digits(s, 2) && s[2] == '.' && digits(s + 3, 4)) {
		m = num(s, 2);
		y = num(s + 3, 4);
	} else {
		return -1;
	}
	if (y < 1900 || y > 2100)
		return -1;
	if (m == 0 && d != 0)
		return -1;
	if (m && (m < 1 || m > 12))
		return -1;
	if (d && (d < 1 || d > days_in_month(y, m)))
		return -1;
	if (d)
		n = (size_t)snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	else if (m)
		n = (size_t)snprintf(out, 11, "%04d-%02d", y % 10000, m % 100);
	else
		n = (size_t)snprintf(out, 11, "%04d", y % 10000);
	return n < 11 ? 0 : -1;
}

/* NFC of s[0..n) as a pl_malloc'd string, or NULL when out of memory. */
static char *nfc(const char *s, size_t n)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &r,
	                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	char *out;
	if (len < 0)
		return NULL;
	out = pl_strndup((const char *)r, (size_t)len);
	free(r);
	return out;
}

static int list_normalize(const struct pl_field *f, const char *v, struct strbuf *sb,
                          struct pl_error *err)
{
	const char *p = v;
	while (*p) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char tok[64];
		size_t k = 0;

		while (n && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0 || n >= sizeof(tok))
			goto bad;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if (f->type == PL_V_COUNTRIES)
				tok[k++] = (char)toupper(c);
			else if (isalnum(c) || c == '_' || c == '-')
				tok[k++] = (char)(c == '-' ? '_' : tolower(c));
			else
				goto bad;
		}
		tok[k] = '\0';
		if (f->type == PL_V_COUNTRIES && !pl_country_valid(tok))
			return pl_error_set(err, PL_EDATA,
			                    "%s: '%s' is not an ISO 3166 alpha-2 country code",
			                    f->name, tok);
		if (sb->len)
			strbuf_addch(sb, ';');
		strbuf_adds(sb, tok);
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
bad:
	if (f->type == PL_V_COUNTRIES)
		return pl_error_set(err, PL_EDATA,
		                    "%s: expected ISO 3166 alpha-2 codes joined by ';', got '%s'",
		                    f->name, v);
	return pl_error_set(err, PL_EDATA,
	                    "%s: expected words of letters, digits and '_' joined by ';', got '%s'",
	                    f->name, v);
}

int pl_field_normalize(const struct pl_field *f, const char *value, char **out,
                       struct pl_error *err)
{
	size_t n, bad;
	const char *s = value;
	unsigned max = f->max_len ? f->max_len : 4096;
	char *r = NULL;

	if (!value) {
		*out = NULL;
		return 0;
	}
	n = strlen(s);
	if (!pl_utf8_valid(s, n, &bad))
		return pl_error_set(err, PL_EDATA, "%s: invalid UTF-8 at byte %zu", f->name,
		                    bad + 1);
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0) {
		*out = NULL;
		return 0;
	}
	if (n > max)
		return pl_error_set(err, PL_EDATA, "%s: longer than %u bytes", f->name, max);

	switch (f->type) {
	case PL_V_TEXT:
	case PL_V_NAME: {
		char *t = pl_strndup(s, n);
		if (!t)
			goto nomem;
		if (pl_has_control(t) || (f->type == PL_V_NAME && strpbrk(t, "\t\r\n"))) {
			pl_free(t);
			return pl_error_set(err, PL_EDATA, "%s: holds a control character",
			                    f->name);
		}
		if (f->type == PL_V_NAME && pl_has_bidi_control(t)) {
			pl_free(t);
			return pl_error_set(err, PL_EDATA,
			                    "%s: holds a bidi control character (it would reverse "
			                    "what is printed after it)",
			                    f->name);
		}
		r = nfc(t, n);
		pl_free(t);
		if (!r)
			goto nomem;
		if (f->type == PL_V_NAME) {
			/* one space between words */
			char *w = r, *q = r;
			int space = 0;
			for (; *q; q++) {
				if (*q == ' ') {
					space = 1;
					continue;
				}
				if (space && w != r)
					*w++ = ' ';
				space = 0;
				*w++ = *q;
			}
			*w = '\0';
		}
		break;
	}
	case PL_V_DATE: {
		char t[32], d[11];
		if (n >= sizeof(t))
			goto baddate;
		memcpy(t, s, n);
		t[n] = '\0';
		if (date_normalize(t, d))
			goto baddate;
		r = pl_strdup(d);
		if (!r)
			goto nomem;
		break;
	baddate:
		return pl_error_set(err, PL_EDATA,
		                    "%s: '%.*s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
		                    f->name, (int)(n > 40 ? 40 : n), s);
	}
	case PL_V_ENUM:
		for (const char *const *t = f->tokens; *t; t++) {
			if (strlen(*t) == n && !strncasecmp(*t, s, n)) {
				r = pl_strdup(*t);
				if (!r)
					goto nomem;
				break;
			}
		}
		if (!r) {
			char list[512];
			pl_tokens_join(f->tokens, list, sizeof(list));
			return pl_error_set(err, PL_EDATA, "%s: '%.*s' is not one of %s", f->name,
			                    (int)(n > 40 ? 40 : n), s, list);
		}
		break;
	case PL_V_COUNTRIES:
	case PL_V_TAGS: {
		struct strbuf sb = STRBUF_INIT;
		char *t = pl_strndup(s, n);
		int rc;
		if (!t)
			goto nomem;
		rc = list_normalize(f, t, &sb, err);
		pl_free(t);
		if (rc) {
			strbuf_release(&sb);
			return rc;
		}
		if (sb.failed) {
			strbuf_release(&sb);
			goto nomem;
		}
		r = strbuf_detach(&sb);
		if (!r)
			goto nomem;
		break;
	}
	case PL_V_COUNT: {
		long long v = 0;
		for (size_t i = 0; i < n; i++) {
			if (!isdigit((unsigned char)s[i]) || v > 10000000LL)
				return pl_error_set(
				        err, PL_EDATA,
				        "%s: '%.*s' is not a count (a whole number from 0 to "
				        "10000000)",
				        f->name, (int)(n > 40 ? 40 : n), s);
			v = v * 10 + (s[i] - '0');
		}
		if (!n || v > 10000000LL)
			return pl_error_set(err, PL_EDATA,
			                    "%s: '%.*s' is not a count (a whole number from 0 to "
			                    "10000000)",
			                    f->name, (int)(n > 40 ? 40 : n), s);
		{
			char num[24];
			snprintf(num, sizeof(num), "%lld", v);
			if (!(r = pl_strdup(num)))
				goto nomem;
		}
		break;
	}
	case PL_V_DATETIME: {
		/* YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM, seconds allowed and dropped */
		static const int digits[] = {11, 12, 14, 15};
		char t[24], d[11];
		int hh, mm;
		if ((n != 16 && n != 19) || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
		    (n == 19 && (s[16] != ':' || !isdigit((unsigned char)s[17]) ||
		                 !isdigit((unsigned char)s[18]) || s[17] > '5')))
			goto baddatetime;
		for (size_t k = 0; k < sizeof(digits) / sizeof(digits[0]); k++)
			if (!isdigit((unsigned char)s[digits[k]]))
				goto baddatetime;
		hh = (s[11] - '0') * 10 + (s[12] - '0');
		mm = (s[14] - '0') * 10 + (s[15] - '0');
		memcpy(t, s, 10);
		t[10] = '\0';
		if (hh > 23 || mm > 59 || date_normalize(t, d) || strlen(d) != 10)
			goto baddatetime;
		snprintf(t, sizeof(t), "%.10sT%02d:%02d", d, hh, mm);
		if (!(r = pl_strdup(t)))
			goto nomem;
		break;
	baddatetime:
		return pl_error_set(err, PL_EDATA,
		                    "%s: '%.*s' is not a day and time (YYYY-MM-DD HH:MM)", f->name,
		                    (int)(n > 40 ? 40 : n), s);
	}
	case PL_V_ID: {
		long long v = 0;
		for (size_t i = 0; i < n; i++) {
			if (!isdigit((unsigned char)s[i]) || v > 100000000000LL)
				return pl_error_set(err, PL_EDATA,
				                    "%s: '%.*s' is not a record number", f->name,
				                    (int)(n > 40 ? 40 : n), s);
			v = v * 10 + (s[i] - '0');
		}
		if (v == 0)
			return pl_error_set(err, PL_EDATA, "%s: record numbers start at 1",
			                    f->name);
		r = pl_strndup(s, n);
		if (!r)
			goto nomem;
		break;
	}
	}
	*out = r;
	return 0;
nomem:
	return pl_error_set(err, PL_EDATA, "%s: out of memory", f->name);
}

int pl_record_init(struct pl_record *r, const struct pl_entity *ent)
{
	memset(r, 0, sizeof(*r));
	r->ent = ent;
	r->v = pl_calloc(ent->nfields, sizeof(char *));
	return r->v ? 0 : -1;
}

void pl_record_release(struct pl_record *r)
{
	if (r->v)
		for (size_t i = 0; i < r->ent->nfields; i++)
			pl_free(r->v[i]);
	pl_free(r->v);
	for (size_t i = 0; i < r->nextra; i++)
		pl_free(r->extra[i]);
	pl_free(r->extra);
	pl_free(r->extra_names);
	r->v = NULL;
	r->extra = NULL;
	r->extra_names = NULL;
	r->nextra = 0;
	r->restricted = 0;
}

const char *pl_record_get(const struct pl_record *r, const char *field)
{
	int i = pl_field_index(r->ent, field);
	if (i >= 0)
		return r->v[i];
	for (size_t k = 0; k < r->nextra; k++)
		if (!strcmp(r->extra_names[k], field))
			return r->extra[k];
	return NULL;
}

int pl_record_set(struct pl_record *r, const char *field, const char *value)
{
	int i = pl_field_index(r->ent, field);
	char *v = NULL;
	if (i < 0)
		return -1;
	if (value && !(v = pl_strdup(value)))
		return -1;
	pl_free(r->v[i]);
	r->v[i] = v;
	return 0;
}

int pl_record_add_extra(struct pl_record *r, const char *name, const char *value)
{
	const char **names = pl_realloc(r->extra_names, (r->nextra + 1) * sizeof(*names));
	char **vals;
	if (!names)
		return -1;
	r->extra_names = names;
	vals = pl_realloc(r->extra, (r->nextra + 1) * sizeof(*vals));
	if (!vals)
		return -1;
	r->extra = vals;
	vals[r->nextra] = NULL;
	if (value && !(vals[r->nextra] = pl_strdup(value)))
		return -1;
	names[r->nextra] = name;
	r->nextra++;
	return 0;
}
