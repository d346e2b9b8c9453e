/* fuzz-names.c - libFuzzer: name keys and every transliteration, on any bytes
 *
 * Never crashes; refuses exactly the input that is not UTF-8; gives valid UTF-8;
 * a strict key is its own key (for text without combining marks: a mark after ё
 * may compose differently the second time round).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/error.h"
#include "parley/names.h"
#include "parley/text.h"
#include "../src/lib/core/banned.h"

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x)) {                                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x);      \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void check_utf8(const char *s)
{
	CHECK(pl_utf8_valid(s, strlen(s), NULL));
}

static int has_marks(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	while (*p && (k = utf8proc_iterate(p, -1, &c)) > 0) {
		if (pl_name_class(c) == PL_NC_MARK)
			return 1;
		p += k;
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nothing to set up; replay.c (builds without libFuzzer) calls it. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned flags[] = {0, PL_NAME_LOOSE, PL_NAME_KEEP_APOSTROPHE,
	                                 PL_NAME_LOOSE | PL_NAME_KEEP_APOSTROPHE};
	char *s = malloc(size + 1);
	size_t len;
	int valid;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s); /* up to the first NUL, as every caller passes strings */
	valid = len <= PL_NAME_MAX_INPUT && pl_utf8_valid(s, len, NULL);

	for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		struct pl_error err = {0};
		char *key = NULL;
		int rc = pl_name_normalize(s, flags[f], &key, &err);
		if (rc) {
			CHECK(rc == PL_EDATA && !key && err.msg[0]);
			/* valid text is refused only for a run of combining marks */
			CHECK(!valid || strstr(err.msg, "combining marks"));
			continue;
		}
		CHECK(valid);
		check_utf8(key);
		CHECK(!strchr(key, '\'') &&
		      (!*key || (key[0] != ' ' && key[strlen(key) - 1] != ' ')));
		CHECK(!strstr(key, "  "));
		if (!(flags[f] & PL_NAME_LOOSE) && !has_marks(s)) {
			char *again = NULL;
			CHECK(!pl_name_normalize(key, flags[f], &again, &err));
			if (strcmp(again, key)) {
				fprintf(stderr, "not idempotent: '%s' -> '%s' -> '%s'\n", s, key,
				        again);
				abort();
			}
			pl_free(again);
		}
		pl_free(key);
	}

	for (int sys = 0; sys < PL_TRANSLIT__MAX; sys++) {
		for (int lang = 0; lang < PL_LANG__MAX; lang++) {
			struct pl_error err = {0};
			char *out = NULL;
			int rc =
			        pl_translit_lang(s, lang, (enum pl_translit_system)sys, &out, &err);
			if (rc) {
				CHECK(rc == PL_EDATA && !out && err.msg[0]);
				continue;
			}
			CHECK(valid);
			check_utf8(out);
			pl_free(out);
		}
	}

	/* the fast path (most names) gives what the slow one does: a zero-width
	 * space, dropped from keys and passed on by transliteration, takes the slow */
	if (valid && len + 4 <= PL_NAME_MAX_INPUT) {
		char *slow = malloc(len + 4);
		CHECK(slow);
		memcpy(slow, s, len);
		memcpy(slow + len, "\xE2\x80\x8B", 4);
		for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
			char *a = NULL, *b = NULL;
			int ra = pl_name_normalize(s, flags[f], &a, NULL);
			int rb = pl_name_normalize(slow, flags[f], &b, NULL);
			CHECK(ra == rb);
			if (!ra) {
				if (strcmp(a, b)) {
					fprintf(stderr, "fast '%s', slow '%s' for '%s'\n", a, b, s);
					abort();
				}
				pl_free(a);
				pl_free(b);
			}
		}
		for (int sys = 0; sys < PL_TRANSLIT__MAX; sys++) {
			char *a = NULL, *b = NULL;
			int ra = pl_translit(s, (enum pl_translit_system)sys, &a, NULL);
			int rb = pl_translit(slow, (enum pl_translit_system)sys, &b, NULL);
			CHECK(ra == rb);
			if (!ra) {
				size_t n = strlen(a);
				CHECK(strlen(b) == n + 3 && !memcmp(a, b, n));
				pl_free(a);
				pl_free(b);
			}
		}
		free(slow);
	}

	CHECK(pl_name_script(s) < PL_SCRIPT__MAX);
	CHECK(pl_name_guess_lang(s) < PL_LANG__MAX);
	free(s);
	return 0;
}
