/* i18n.c - gettext catalogues compiled in, read once, looked up by binary search
 *
 * The catalogues are GNU .mo files (msgfmt's output, embedded by cmake/embed-catalogs.cmake):
 * a header, a table of the original strings sorted by their bytes, and a table of their
 * translations, each entry a length and an offset. A message with a context is stored
 * as "context\x04msgid". Every offset is checked when the catalogue is read, so a lookup
 * never leaves the data.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parley/i18n.h"
#include "catalogs.h"
#include "internal.h"
#include "banned.h"

struct catalog {
	const unsigned char *data;
	size_t size;
	uint32_t n;
	uint32_t orig, trans; /* offsets of the two tables */
	int swap;
};

static struct catalog catalogs[PL_UI__MAX];

static const char *const codes[PL_UI__MAX] = {
        [PL_UI_EN] = "en",
        [PL_UI_UK] = "uk",
};

const char *pl_lang_code(enum pl_ui_lang lang)
{
	return lang < PL_UI__MAX ? codes[lang] : "en";
}

static uint32_t u32(const struct catalog *c, size_t off)
{
	uint32_t v;
	memcpy(&v, c->data + off, 4);
	if (c->swap)
		v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
	return v;
}

/* String i of table (orig or trans): its bytes and length, checked at load. */
static const char *entry(const struct catalog *c, uint32_t table, uint32_t i, uint32_t *len)
{
	*len = u32(c, table + 8u * i);
	return (const char *)c->data + u32(c, table + 8u * i + 4);
}

static int load(struct catalog *c, const unsigned char *data, size_t size, struct pl_error *err)
{
	uint32_t magic;
	c->data = data;
	c->size = size;
	if (size < 28)
		return pl_error_set(err, PL_EDATA, "catalogue: too short");
	memcpy(&magic, data, 4);
	if (magic == 0x950412deu)
		c->swap = 0;
	else if (magic == 0xde120495u)
		c->swap = 1;
	else
		return pl_error_set(err, PL_EDATA, "catalogue: not a .mo file");
	c->n = u32(c, 8);
	c->orig = u32(c, 12);
	c->trans = u32(c, 16);
	if (c->n > size / 16 || c->orig > size - 8ull * c->n || c->trans > size - 8ull * c->n)
		return pl_error_set(err, PL_EDATA, "catalogue: tables outside the file");
	for (uint32_t i = 0; i < c->n; i++) {
		for (int t = 0; t < 2; t++) {
			uint32_t table = t ? c->trans : c->orig;
			uint64_t len = u32(c, table + 8u * i), off = u32(c, table + 8u * i + 4);
			if (off + len + 1 > size || data[off + len] != '\0')
				return pl_error_set(err, PL_EDATA,
				                    "catalogue: string %u outside the file", i);
		}
		if (i) { /* sorted, so that lookups can halve */
			uint32_t la, lb;
			const char *a = entry(c, c->orig, i - 1, &la),
			           *b = entry(c, c->orig, i, &lb);
			if (strcmp(a, b) >= 0)
				return pl_error_set(err, PL_EDATA, "catalogue: strings not sorted");
		}
	}
	return 0;
}

int i18n_catalog_check(const unsigned char *data, size_t size, long *n, struct pl_error *err)
{
	struct catalog c = {0};
	int rc = load(&c, data, size, err);
	if (!rc && n)
		*n = (long)c.n;
	return rc;
}

int pl_i18n_init(struct pl_error *err)
{
	int rc;
	if (catalogs[PL_UI_UK].data)
		return 0;
	if ((rc = load(&catalogs[PL_UI_UK], catalog_uk, sizeof(catalog_uk) - 1, err))) {
		pl_error_prefix(err, "the Ukrainian catalogue");
		memset(&catalogs[PL_UI_UK], 0, sizeof(catalogs[PL_UI_UK]));
		return rc;
	}
	return 0;
}

long pl_i18n_count(enum pl_ui_lang lang)
{
	return lang < PL_UI__MAX ? (long)catalogs[lang].n : 0;
}

/* The translation of key (NUL-terminated) in c, or NULL. */
static const char *find(const struct catalog *c, const char *key)
{
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2, len;
		int cmp = strcmp(key, entry(c, c->orig, mid, &len));
		if (!cmp) {
			const char *t = entry(c, c->trans, mid, &len);
			return len ? t : NULL; /* an empty msgstr: not translated */
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *pl_tr(enum pl_ui_lang lang, const char *msgid)
{
	const char *t;
	if (!msgid || lang >= PL_UI__MAX || !catalogs[lang].data || !*msgid)
		return msgid;
	t = find(&catalogs[lang], msgid);
	return t ? t : msgid;
}

const char *pl_trc(enum pl_ui_lang lang, const char *context, const char *msgid)
{
	char key[1024];
	const char *t;
	int n;
	if (!msgid || lang >= PL_UI__MAX || !catalogs[lang].data || !*msgid)
		return msgid;
	n = snprintf(key, sizeof(key), "%s\x04%s", context, msgid);
	if (n < 0 || (size_t)n >= sizeof(key))
		return msgid;
	t = find(&catalogs[lang], key);
	return t ? t : msgid;
}

/* Which of a language's plural forms n takes (the Plural-Forms of its catalogue). */
static unsigned plural_form(enum pl_ui_lang lang, long long n)
{
	unsigned long long a = n < 0 ? -(unsigned long long)n : (unsigned long long)n;
	switch (lang) {
	case PL_UI_UK: /* nplurals=3 */
		if (a % 10 == 1 && a % 100 != 11)
			return 0;
		if (a % 10 >= 2 && a % 10 <= 4 && (a % 100 < 10 || a % 100 >= 20))
			return 1;
		return 2;
	default:
		return a == 1 ? 0 : 1;
	}
}

const char *pl_trn(enum pl_ui_lang lang, const char *one, const char *many, long long n)
{
	const struct catalog *c;
	uint32_t lo = 0, hi, len;
	unsigned form = plural_form(lang, n);
	if (lang >= PL_UI__MAX || !catalogs[lang].data)
		return form ? many : one;
	c = &catalogs[lang];
	hi = c->n;
	while (lo < hi) { /* the original is "one\0many": strcmp stops at the first NUL */
		uint32_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(one, entry(c, c->orig, mid, &len));
		if (!cmp) {
			const char *t = entry(c, c->trans, mid, &len), *end = t + len;
			for (unsigned k = 0; k < form && t < end; k++)
				t += strlen(t) + 1;
			return t < end && *t ? t : (form ? many : one);
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return form ? many : one;
}

/* Compares the language part of a locale name ("uk_UA.UTF-8") with code. */
static int names_lang(const char *name, size_t len, const char *code)
{
	size_t n = strlen(code);
	return len >= n && !strncmp(name, code, n) &&
	       (len == n || name[n] == '_' || name[n] == '.' || name[n] == '@');
}

enum pl_ui_lang pl_lang_choose(const char *spec)
{
	const char *p = spec;
	if (!spec)
		return PL_UI_EN;
	while (*p) {
		size_t len = strcspn(p, ":");
		for (int l = 0; l < PL_UI__MAX; l++)
			if (names_lang(p, len, codes[l]))
				return (enum pl_ui_lang)l;
		p += len;
		if (*p == ':')
			p++;
	}
	return PL_UI_EN;
}

void lang_date(enum pl_ui_lang lang, const char *v, char *buf, size_t cap)
{
	size_t n = v ? strlen(v) : 0;
	if (lang != PL_UI_UK || (n != 7 && n < 10) || v[4] != '-')
		snprintf(buf, cap, "%s", v ? v : "");
	else if (n == 7)
		snprintf(buf, cap, "%.2s.%.4s", v + 5, v);
	else if (n >= 16 && v[10] == 'T')
		snprintf(buf, cap, "%.2s.%.2s.%.4s %.5s", v + 8, v + 5, v, v + 11);
	else
		snprintf(buf, cap, "%.2s.%.2s.%.4s", v + 8, v + 5, v);
	if (lang != PL_UI_UK && n >= 16 && buf[10] == 'T')
		buf[10] = ' ';
}
