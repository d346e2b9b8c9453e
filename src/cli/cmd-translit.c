/* cmd-translit.c - parley translit: names in Latin letters by KMU 2010, ICAO, BGN/PCGN, GOST */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "parley/names.h"
#include "banned.h"

struct translit_run {
	struct ctx *c;
	int lang; /* --lang, or -1: guessed per text */
	int sys;  /* --system, or -1: the language's default */
	int all;
	struct json_stream js;
};

/* Prints text's line(s). PL_EDATA (message in c->err) when text is bad. */
static int translit_one(struct translit_run *t, const char *text)
{
	/* an undecided text takes uk's system, but none of the rows the standards
	 * keep for one language (ICAO's and GOST's Ukrainian И) */
	int lang = t->lang >= 0 ? t->lang : pl_name_guess_lang(text);
	int from = t->sys, to = t->sys + 1;

	if (t->all) {
		from = 0;
		to = PL_TRANSLIT__MAX;
	} else if (t->sys < 0) {
		from = (int)pl_translit_default_system(lang);
		to = from + 1;
	}
	for (int s = from; s < to; s++) {
		const char *name = pl_translit_system_name((enum pl_translit_system)s);
		char *out = NULL;
		int rc = pl_translit_lang(text, lang, (enum pl_translit_system)s, &out, &t->c->err);
		if (rc)
			return rc;
		if (t->c->json)
			json_stream_item(&t->js, json_pack("{s:s, s:s, s:s, s:s}", "input", text,
			                                   "lang", pl_lang_name(lang), "system",
			                                   name, "output", out));
		else if (t->all)
			printf("%s\t%s\n", name, out);
		else
			printf("%s\n", out);
		pl_free(out);
	}
	return 0;
}

/* One line of output per line of standard input; a bad line gives an empty one. */
static int translit_stdin(struct translit_run *t)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	long lineno = 0, bad = 0;

	while ((got = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)got, at;
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!pl_utf8_valid(line, len, &at)) {
			snprintf(t->c->err.msg, sizeof(t->c->err.msg), "invalid UTF-8 at byte %zu",
			         at + 1);
		} else if (!translit_one(t, line)) {
			continue;
		}
		fprintf(stderr, "parley: translit: line %ld: %s\n", lineno, t->c->err.msg);
		if (!t->c->json)
			putchar('\n'); /* the output stays line for line with the input */
		bad++;
	}
	free(line);
	if (ferror(stdin)) {
		snprintf(t->c->err.msg, sizeof(t->c->err.msg),
		         "translit: cannot read standard input");
		return PL_EDATA;
	}
	if (bad) {
		snprintf(t->c->err.msg, sizeof(t->c->err.msg),
		         "translit: %ld of %ld lines could not be transliterated", bad, lineno);
		return PL_EDATA;
	}
	return 0;
}

static int run_translit(struct ctx *c)
{
	struct translit_run t = {c, -1, -1, opt_has(c, "all"), {0}};
	const char *lang = opt_get(c, "lang"), *sys = opt_get(c, "system");
	int rc = 0;

	if (lang && (t.lang = pl_lang_by_name(lang)) < 0)
		return usage_error(c, "translit: --lang is uk or ru, not '%s'", lang);
	if (sys && (t.sys = pl_translit_system_by_name(sys)) < 0)
		return usage_error(c, "translit: unknown system '%s' (kmu2010, icao, bgn, gost-b)",
		                   sys);
	if (sys && t.all)
		return usage_error(c, "translit: --all prints every system; leave out --system");
	/* every argument is checked before anything is printed */
	for (int i = 0; i < c->a.npos; i++) {
		size_t at, len = strlen(c->a.pos[i]);
		if (!pl_utf8_valid(c->a.pos[i], len, &at)) {
			pl_error_set(&c->err, PL_EDATA,
			             "translit: argument %d: invalid UTF-8 at byte %zu", i + 1,
			             at + 1);
			return PL_EDATA;
		}
		if (len > PL_NAME_MAX_INPUT) {
			pl_error_set(&c->err, PL_EDATA,
			             "translit: argument %d: longer than %d bytes", i + 1,
			             PL_NAME_MAX_INPUT);
			return PL_EDATA;
		}
	}
	if (c->json)
		json_stream_begin(&t.js);
	if (!c->a.npos)
		rc = translit_stdin(&t);
	for (int i = 0; i < c->a.npos && !rc; i++)
		if ((rc = translit_one(&t, c->a.pos[i])))
			pl_error_prefix(&c->err, "translit: argument %d", i + 1);
	if (c->json)
		json_stream_end(&t.js);
	return rc;
}

/* What --lang and --system take, from the library's names. */
static const char *lang_name(int i)
{
	return i >= 0 && i + 1 < PL_LANG__MAX ? pl_lang_name(i + 1) : NULL;
}

static const char *system_name(int i)
{
	return i >= 0 && i < PL_TRANSLIT__MAX ? pl_translit_system_name((enum pl_translit_system)i)
	                                      : NULL;
}

static const struct opt translit_opts[] = {
        {.name = "lang",
         .arg = "uk|ru",
         .help = "the language of the text; default: guessed for each text from its letters "
                 "(і ї є ґ, or an apostrophe inside a word: uk; ы э ё ъ: ru; undecided: uk's "
                 "system)",
         .values = V_NAMES(lang_name)},
        {.name = "system",
         .arg = "NAME",
         .help = "kmu2010 (Ukrainian national system, default for uk), icao (ICAO 9303, "
                 "Russian passports, default for ru), bgn (BGN/PCGN 1947), gost-b (GOST "
                 "7.79-2000 B)",
         .values = V_NAMES(system_name)},
        {.name = "all", .help = "print the text in every system, a 'SYSTEM<TAB>form' line each"},
        {.name = NULL},
};

const struct command cmd_translit[] = {
        {.name = "translit",
         .usage = "[--lang uk|ru] [--system NAME] [--all] [TEXT...]",
         .summary = "print each TEXT, or each line of standard input, in Latin letters by a "
                    "standard",
         .description =
                 "Writes Cyrillic names in Latin letters exactly as the standards do, one line "
                 "per argument (or per line of standard input): `kmu2010` (Ukrainian, Cabinet "
                 "of Ministers resolution 55 of 2010; the default for uk), `icao` (ICAO Doc "
                 "9303; the default for ru), `bgn` (BGN/PCGN), `gost-b` (GOST 7.79-2000 system "
                 "B). Without `--lang` the language is guessed from the letters (і ї є ґ say "
                 "Ukrainian, ы э ё ъ Russian). `--all` prints every system's form; `--json` "
                 "an array. Every argument is checked (valid UTF-8, not too long) before "
                 "anything is printed. Needs no data file.",
         .examples = "parley translit --lang uk \"Згурський Їжакевич\"  # Zghurskyi Yizhakevych\n"
                     "parley translit --all Ковалёв",
         .max_pos = -1,
         .opts = translit_opts,
         .run = run_translit},
        {.name = NULL},
};
