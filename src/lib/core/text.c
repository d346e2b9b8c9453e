/* text.c - strict UTF-8 validation, control characters, the time now */
#include <stdio.h>
#include <time.h>

#include "parley/text.h"
#include "banned.h"

int pl_utf8_valid(const char *str, size_t n, size_t *bad_at)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned cp, min;

		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			goto bad; /* continuation byte first, C0/C1 overlong lead, > F4 */
		}
		if (n - i < len)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += len;
	}
	return 1;
bad:
	if (bad_at)
		*bad_at = i;
	return 0;
}

int pl_has_control(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	for (; *s; s++) {
		if ((*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7F)
			return 1;
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F */
		if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
			return 1;
	}
	return 0;
}

int pl_has_bidi_control(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	for (; *s; s++) {
		/* U+061C (D8 9C); U+200E, U+200F (E2 80 8E/8F); U+202A..U+202E (E2 80 AA..AE);
		 * U+2066..U+2069 (E2 81 A6..A9) */
		if (s[0] == 0xD8 && s[1] == 0x9C)
			return 1;
		if (s[0] == 0xE2 && s[1] == 0x80 &&
		    (s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE)))
			return 1;
		if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
			return 1;
	}
	return 0;
}

void pl_now_utc(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
