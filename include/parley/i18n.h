/* i18n.h - the office's languages: catalogues compiled in, chosen per call
 *
 * English is written in the source; the other languages come from the gettext
 * catalogues in po/ (uk.po), compiled with msgfmt and embedded in the library, so a
 * program finds them wherever it is installed and whatever locales the machine has.
 * The library never reads the environment: a front end chooses the language (the CLI
 * from LANGUAGE, LC_ALL, LC_MESSAGES and LANG; the server per request) and passes it.
 * The catalogues are read once, in pl_global_init(); lookups are then thread-safe.
 */
#ifndef PARLEY_I18N_H
#define PARLEY_I18N_H

#include "parley/error.h"

enum pl_ui_lang {
	PL_UI_EN, /* the source's own language: no catalogue */
	PL_UI_UK,
	PL_UI__MAX
};

/* "en", "uk" */
const char *pl_lang_code(enum pl_ui_lang lang);

/*
 * The language a locale name or a colon-separated list names, as gettext reads them:
 * "uk_UA.UTF-8", "uk", "uk:en", "en_GB.UTF-8". The first entry parley has a catalogue
 * for wins; "C", "POSIX", NULL or nothing known: English.
 */
enum pl_ui_lang pl_lang_choose(const char *spec);

/*
 * msgid translated into lang, or msgid itself when the catalogue has no translation
 * (English, or a string not yet translated). The result is static or msgid.
 * pl_trc: the same with a gettext context (msgctxt).
 */
const char *pl_tr(enum pl_ui_lang lang, const char *msgid) __attribute__((format_arg(2)));
const char *pl_trc(enum pl_ui_lang lang, const char *context, const char *msgid)
        __attribute__((format_arg(3)));

/*
 * The form of a message with a count (ngettext): one and many are the English
 * singular and plural; the catalogue's forms follow the language's plural rule
 * (Ukrainian has three: 1 особа, 2 особи, 5 осіб).
 */
const char *pl_trn(enum pl_ui_lang lang, const char *one, const char *many, long long n)
        __attribute__((format_arg(2))) __attribute__((format_arg(3)));

/* Reads the embedded catalogues; called by pl_global_init(). */
int pl_i18n_init(struct pl_error *err);

/* How many messages the catalogue of lang holds (0 for English); for tests. */
long pl_i18n_count(enum pl_ui_lang lang);

#endif
