/* term.c - the one path of everything parley writes for a person to read
 *
 * Names and notes come from the other side's lists: a name holding an escape sequence
 * could move the cursor, rewrite the screen or hide what follows, and a bidi control
 * (U+202E) reverses the rest of a printed line. Text output and every message go through
 * a filter that shows such characters visibly, as \u001B or \u202E (and a byte that is no
 * UTF-8 as \xFF); JSON, CSV and JSON Lines are written as they are to a file or a pipe, and
 * through the same filter to a terminal (in a JSON string \u202E is that very character).
 * Line breaks and tabs pass. Text output loses the spaces at the end of its lines (a
 * table's padding), so that no line of it ends in a space.
 *
 * The width of what is shown, in the columns of a terminal, is measured here too
 * (term_width, term_cut): as the filter shows it, combining marks taking none, wide
 * characters (CJK) two, and a hidden character the width of its escape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <utf8proc.h>

#include "cli.h"
#include "banned.h"

struct filter {
	FILE *raw;
	unsigned char carry[4]; /* the start of a character cut between two writes */
	size_t ncarry;
	int trim;      /* text output: spaces at the end of a line are dropped */
	size_t spaces; /* spaces held back: written when anything but a line break follows */
};

/* 1 when code point cp is shown escaped: C0 and C1 controls, DEL, bidi controls. */
static int hidden(unsigned cp)
{
	if (cp == '\n' || cp == '\t')
		return 0;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The length of the UTF-8 character starting with b, 0 for a byte that starts none. */
static size_t seq_len(unsigned char b)
{
	return b < 0x80             ? 1
	       : (b & 0xe0) == 0xc0 ? 2
	       : (b & 0xf0) == 0xe0 ? 3
	       : (b & 0xf8) == 0xf0 ? 4
	                            : 0;
}

/* Decodes the n bytes of s as one character; -1 when they are none (overlong, surrogate). */
static long decode(const unsigned char *s, size_t n)
{
	unsigned long cp;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return -1;
	switch (n) {
	case 1:
		return s[0];
	case 2:
		cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
		return cp < 0x80 ? -1 : (long)cp;
	case 3:
		cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
		return cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) ? -1 : (long)cp;
	default:
		cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
		     (s[3] & 0x3fu);
		return cp < 0x10000 || cp > 0x10ffff ? -1 : (long)cp;
	}
}

size_t term_escape(const char *in, size_t len, char *out, size_t cap, size_t *used)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;
	while (i < len) {
		size_t n = seq_len(s[i]);
		long cp;
		char esc[24];
		if (n && i + n > len)
			break; /* cut: the caller keeps it for the next write */
		cp = n ? decode(s + i, n) : -1;
		if (cp < 0) {
			snprintf(esc, sizeof(esc), "\\x%02X", s[i]);
			n = 1;
		} else if (hidden((unsigned)cp)) {
			snprintf(esc, sizeof(esc), "\\u%04lX", (unsigned long)cp);
		} else {
			if (o + n > cap)
				break;
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
			continue;
		}
		if (o + strlen(esc) > cap)
			break;
		memcpy(out + o, esc, strlen(esc));
		o += strlen(esc);
		i += n;
	}
	*used = i;
	return o;
}

/* Writes n bytes of filtered text: with f->trim, a run of spaces waits for what follows it
 * and is dropped before a line break. */
static void emit(struct filter *f, const char *s, size_t n)
{
	size_t start = 0;
	if (!f->trim) {
		fwrite(s, 1, n, f->raw);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ' ' && s[i] != '\n')
			continue;
		if (i > start) {
			for (; f->spaces; f->spaces--)
				fputc(' ', f->raw);
			fwrite(s + start, 1, i - start, f->raw);
		}
		if (s[i] == ' ') {
			f->spaces++;
		} else {
			f->spaces = 0;
			fputc('\n', f->raw);
		}
		start = i + 1;
	}
	if (n > start) {
		for (; f->spaces; f->spaces--)
			fputc(' ', f->raw);
		fwrite(s + start, 1, n - start, f->raw);
	}
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct filter *f = cookie;
	char out[4096 + 64];
	size_t done = 0;
	/* first the character cut at the end of the last write, completed from this one */
	while (f->ncarry && done < size) {
		size_t need = seq_len(f->carry[0]), used, o;
		f->carry[f->ncarry++] = (unsigned char)buf[done++];
		if (f->ncarry < need && (f->carry[f->ncarry - 1] & 0xc0) == 0x80)
			continue;
		o = term_escape((const char *)f->carry, f->ncarry, out, sizeof(out), &used);
		emit(f, out, o);
		memmove(f->carry, f->carry + used, f->ncarry - used);
		f->ncarry -= used;
		if (f->ncarry == 1 && (f->carry[0] & 0xc0) == 0x80) {
			/* a stray continuation byte: shown as it is */
			o = term_escape((const char *)f->carry, 1, out, sizeof(out), &used);
			emit(f, out, o);
			f->ncarry = 0;
		}
	}
	while (done < size) {
		size_t chunk = size - done < 1024 ? size - done : 1024, used;
		size_t o = term_escape(buf + done, chunk, out, sizeof(out), &used);
		emit(f, out, o);
		done += used;
		if (used < chunk && size - done < 4) { /* a character cut at the very end */
			memcpy(f->carry, buf + done, size - done);
			f->ncarry = size - done;
			done = size;
		}
	}
	return (ssize_t)size;
}

static int filter_close(void *cookie)
{
	struct filter *f = cookie;
	if (f->ncarry) { /* a character never finished: its bytes, shown */
		char out[64];
		size_t used, o;
		for (size_t i = 0; i < f->ncarry; i++) {
			o = term_escape((const char *)f->carry + i, 1, out, sizeof(out), &used);
			if (!o) {
				snprintf(out, sizeof(out), "\\x%02X", f->carry[i]);
				o = strlen(out);
			}
			emit(f, out, o);
		}
	}
	return fflush(f->raw);
}

static struct filter out_filter, err_filter;

static FILE *filtered(struct filter *f, FILE *raw, int trim)
{
	cookie_io_functions_t io = {.write = filter_write, .close = filter_close};
	FILE *s;
	f->raw = raw;
	f->trim = trim;
	s = fopencookie(f, "w", io);
	if (s)
		setvbuf(s, NULL, _IOLBF, 0);
	return s ? s : raw;
}

FILE *cli_raw_stdout, *cli_raw_stderr;

void term_setup_stderr(void)
{
	cli_raw_stderr = stderr;
	/* messages are read by a person, always */
	stderr = filtered(&err_filter, cli_raw_stderr, 0);
}

void term_setup_stdout(int text_output)
{
	cli_raw_stdout = stdout;
	/* data as it is to a file or a pipe; text, and anything to a terminal, filtered */
	if (text_output || isatty(fileno(cli_raw_stdout)))
		stdout = filtered(&out_filter, cli_raw_stdout, text_output);
}

int term_finish(void)
{
	int rc = 0;
	if (stdout != cli_raw_stdout && cli_raw_stdout) {
		rc = fclose(stdout);
		stdout = cli_raw_stdout;
		rc |= ferror(stdout);
	}
	if (stderr != cli_raw_stderr && cli_raw_stderr) {
		fclose(stderr);
		stderr = cli_raw_stderr;
	}
	return rc;
}

/* The columns one character takes as the filter shows it: cp < 0 is a byte that starts no
 * character (\xFF). */
static int char_width(long cp)
{
	int w;
	if (cp < 0)
		return 4;
	if (cp == '\n' || cp == '\t')
		return 1;
	if (hidden((unsigned)cp))
		return 6;
	w = utf8proc_charwidth((utf8proc_int32_t)cp);
	return w < 0 ? 0 : w;
}

size_t term_cut(const char *s, int max, int *width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, fit = 0;
	int w = 0, wfit = 0;
	while (p[i]) {
		size_t n = seq_len(p[i]), k;
		long cp = -1;
		int cw;
		for (k = 1; n && k < n && p[i + k]; k++)
			;
		if (n && k == n)
			cp = decode(p + i, n);
		if (cp < 0)
			n = 1;
		cw = char_width(cp);
		if (w + cw > max)
			break;
		w += cw;
		i += n;
		fit = i;
		wfit = w;
	}
	if (width)
		*width = wfit;
	return fit;
}

int term_width(const char *s)
{
	int w;
	term_cut(s ? s : "", 1 << 30, &w);
	return w;
}

int term_columns(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	if (env && *env) {
		char *end;
		long n = strtol(env, &end, 10);
		if (!*end && n > 0 && n < 100000)
			return (int)n;
	}
	if (cli_raw_stdout && isatty(fileno(cli_raw_stdout)) &&
	    !ioctl(fileno(cli_raw_stdout), TIOCGWINSZ, &ws) && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}
