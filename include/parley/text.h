/* text.h - strict UTF-8 validation and the text rules of every field */
#ifndef PARLEY_TEXT_H
#define PARLEY_TEXT_H
#include <stddef.h>

/*
 * 1 when s[0..n) is well-formed UTF-8: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no truncated sequence, no NUL. *bad_at (when not NULL) gets
 * the byte offset of the first bad byte.
 */
int pl_utf8_valid(const char *s, size_t n, size_t *bad_at);

/* 1 when s holds a control character other than tab, newline or carriage return. */
int pl_has_control(const char *s);
/* 1 when s (valid UTF-8) holds a bidi control (U+061C, U+200E/F, U+202A..E, U+2066..9):
 * in a name, it would reverse what is printed after it. */
int pl_has_bidi_control(const char *s);

/* The UTC time now as "YYYY-MM-DDTHH:MM:SSZ" in out (at least 21 bytes). */
void pl_now_utc(char out[21]);

#endif
