/* search-accuracy.c - who parley search puts first, for a batch of queries in one process
 *
 *   search-accuracy DB ACCOUNT QUERIES [--limit N]
 *
 * Opens DB as ACCOUNT (a registrar), then runs every line of QUERIES through pl_search as
 * `parley search TEXT` does (TEXT as a user types it; no year, no side), and prints one
 * line per query with the persons ranked first:
 *
 *   ID <TAB> top score <TAB> how many share it <TAB> their references, space-separated
 *
 * A line of QUERIES is "ID <TAB> TEXT" (ID any word, e.g. the list's row). A query that
 * finds nobody prints "ID\t0\t0\t". The persons sharing the top score are asked for up to
 * N (default 100); when N share it, more may. bench/names.sh joins the lines to the truth:
 * the true person first alone, first among equals, or not first. The last line, on
 * standard error, is the count of queries and the time they took.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/parley.h"
#include "parley/search.h"

#define TOP_DONE 1000 /* top_hit's stop: no code of error.h */

struct top {
	double score;
	long n;
	FILE *out;
};

/* hits come best first: those of the first hit's score are the top */
static int top_hit(void *ctx, const struct pl_search_hit *h)
{
	struct top *t = ctx;

	if (t->n && h->score < t->score)
		return TOP_DONE; /* below the top: stop */
	if (!t->n)
		t->score = h->score;
	fprintf(t->out, "%s%s", t->n ? " " : "", h->ref);
	t->n++;
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct pl_error err = {0};
	struct pl_db *db = NULL;
	struct pl_actor *actor = NULL;
	struct pl_search_opts o = {0};
	char line[2048];
	long nq = 0;
	double t0;
	FILE *f, *refs;
	char *buf = NULL;
	size_t bufsize = 0;

	if (argc != 4 && !(argc == 6 && !strcmp(argv[4], "--limit"))) {
		fprintf(stderr, "usage: search-accuracy DB ACCOUNT QUERIES [--limit N]\n");
		return 2;
	}
	o.limit = 100;
	if (argc == 6 && ((o.limit = strtol(argv[5], NULL, 10)) < 1 || o.limit > 100000)) {
		fprintf(stderr, "search-accuracy: --limit takes 1 to 100000\n");
		return 2;
	}
	if (!(f = fopen(argv[3], "r"))) {
		perror(argv[3]);
		return 1;
	}
	if (pl_global_init(&err) || pl_db_open(argv[1], 0, &db, &err) ||
	    pl_authenticate(db, argv[2], NULL, PL_AUTH_OS_USER, &actor, &err)) {
		fprintf(stderr, "search-accuracy: %s\n", err.msg);
		return 1;
	}
	t0 = now();
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');
		struct top t = {0};
		int rc;

		line[strcspn(line, "\r\n")] = '\0';
		if (!tab) {
			fprintf(stderr, "search-accuracy: %s: a line without ID <TAB> TEXT\n",
			        argv[3]);
			return 1;
		}
		*tab = '\0';
		/* the references go to a buffer: the top score is printed before them */
		if (!(refs = open_memstream(&buf, &bufsize)))
			return 1;
		t.out = refs;
		rc = pl_search(db, actor, tab + 1, &o, top_hit, &t, &err);
		if (fclose(refs))
			return 1;
		if (rc && rc != TOP_DONE) {
			fprintf(stderr, "search-accuracy: '%s': %s\n", tab + 1, err.msg);
			return 1;
		}
		printf("%s\t%.6f\t%ld\t%s\n", line, t.n ? t.score : 0.0, t.n, t.n ? buf : "");
		free(buf);
		buf = NULL;
		nq++;
	}
	fclose(f);
	fprintf(stderr, "search-accuracy: %ld queries in %.1f s\n", nq, now() - t0);
	pl_db_close(db);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "search-accuracy: write error\n");
		return 1;
	}
	return 0;
}
