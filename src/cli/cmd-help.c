/* cmd-help.c - parley help: the manual, through man(1) where the pages are installed */
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "banned.h"

/* Where the pages are installed, from the directory of the binary (CMake says it). */
#ifndef PARLEY_MAN_FROM_BIN
#define PARLEY_MAN_FROM_BIN "../share/man"
#endif

/*
 * The page of this parley, found beside it: in a build tree, where the build writes
 * them (DIR/parley, DIR/man/parley-person.1); installed, in the man directory of the
 * same prefix (/usr/bin/parley, /usr/share/man/man1/parley-person.1.gz). A page that
 * man would find elsewhere on MANPATH may be another version's, so it is not asked.
 * 1 with the path in out when there is one.
 */
static int find_page(const char *page, char *out, size_t cap)
{
	static const struct {
		const char *dir, *ext;
	} where[] = {
	        {"man/", ".1"},
	        {PARLEY_MAN_FROM_BIN "/man1/", ".1"},
	        {PARLEY_MAN_FROM_BIN "/man1/", ".1.gz"},
	};
	char exe[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0 || (size_t)n >= sizeof(exe) - 1)
		return 0;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return 0;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		int len = snprintf(out, cap, "%s/%s%s%s", exe, where[i].dir, page, where[i].ext);
		if (len > 0 && (size_t)len < cap && access(out, R_OK) == 0)
			return 1;
	}
	return 0;
}

static int run_help(struct ctx *c)
{
	const char *dir = opt_get(c, "man");
	char name[256] = "", group[64] = "", page[80], path[4096];
	const struct command *cmd;

	if (dir) {
		if (c->a.npos || opt_has(c, "text"))
			return usage_error(c, "help: --man DIR writes every page; give it alone");
		if (!*dir)
			return usage_error(c, "help: --man needs a directory");
		return doc_write_pages(dir, &c->err);
	}
	for (int i = 0; i < c->a.npos; i++) {
		size_t len = strlen(name);
		int n = snprintf(name + len, sizeof(name) - len, "%s%s", i ? " " : "", c->a.pos[i]);
		if (n < 0 || (size_t)n >= sizeof(name) - len)
			return usage_error(c, "help: no command '%s...'", c->a.pos[0]);
	}
	if (c->a.npos) {
		if ((cmd = command_find(name)))
			command_group(cmd, group, sizeof(group));
		else if (c->a.npos == 1 && command_is_group(name) && strlen(name) < sizeof(group))
			memcpy(group, name, strlen(name) + 1);
		else
			return usage_error(c, "help: no command '%s' (see parley help)", name);
	}
	snprintf(page, sizeof(page), "parley%s%s", *group ? "-" : "", group);
	if (!opt_has(c, "text") && find_page(page, path, sizeof(path))) {
		fflush(stdout);
		execlp("man", "man", "-l", path, (char *)NULL);
		/* no man(1) here: the same page as plain text */
	}
	return doc_page(stdout, DOC_TEXT, *group ? group : NULL, &c->err);
}

static const struct opt help_opts[] = {
        {.name = "text", .help = "print the page as plain text, even where man could show it"},
        {.name = "man",
         .arg = "DIR",
         .help = "write every man page, troff, into DIR (made when missing)",
         .values = V_FILE},
        {.name = NULL},
};

const struct command cmd_help[] = {
        {.name = "help",
         .usage = "[COMMAND] [--text] | --man DIR",
         .summary = "show the manual: parley(1), or the page of a command",
         .description =
                 "Shows the manual page of COMMAND (`parley help person status`, or of all "
                 "the commands of a group, `parley help person`), or without one the overview "
                 "parley(1), which lists every command. A command's page is named after its "
                 "first word: `person status` is in `parley-person`(1).\n\n"
                 "The page is shown by man(1) when man is installed and the page is found "
                 "beside this parley: installed in the man directory of its prefix "
                 "(/usr/bin/parley: /usr/share/man/man1), or written by the build next to the "
                 "binary (build/man). Otherwise, or with `--text`, the same page is printed as "
                 "plain text on standard output. Needs no data file.\n\n"
                 "`--man DIR` writes every page as troff into DIR, `parley.1` and "
                 "`parley-GROUP.1` for each first word of a command: the build makes the "
                 "installed pages so, from the same table as `--help`, so that they cannot "
                 "disagree.",
         .examples = "parley help person status\n"
                     "parley help match --text | grep -- --save\n"
                     "parley help --man build/man",
         .max_pos = 2,
         .opts = help_opts,
         .args = {V_COMMAND, V_COMMAND},
         .run = run_help},
        {.name = NULL},
};
