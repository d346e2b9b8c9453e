/* search-latency.c - the latency of parley search inside one process, warm
 *
 *   search-latency DB ACCOUNT QUERIES [--rounds N]
 *
 * Opens DB as ACCOUNT (a registrar), builds the name index in memory (the first query;
 * its time is printed apart), then runs every line of QUERIES (a name as a user types
 * it) through pl_search with the default limit of 20, N rounds (default 3; the first is
 * a warm-up and is not counted), and prints the latency percentiles of one query:
 *
 *   index_load_s 0.91
 *   queries 6000 p50_ms 0.21 p90_ms 0.80 p99_ms 2.90 max_ms 7.10 mean_ms 0.40 hits 19.6
 *
 * Each query does what `parley search` does after opening the file: looks the name up,
 * ranks, reads the 20 persons shown from the data file and applies need-to-know.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/parley.h"
#include "parley/search.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_hit(void *ctx, const struct pl_search_hit *h)
{
	(void)h;
	++*(long *)ctx;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(const double *v, size_t n, double p)
{
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
	struct pl_error err = {0};
	struct pl_db *db = NULL;
	struct pl_actor *actor = NULL;
	char **q = NULL, line[1024];
	size_t nq = 0, cap = 0;
	double *lat, t0;
	long rounds = 3, hits = 0;
	FILE *f;

	if (argc != 4 && !(argc == 6 && !strcmp(argv[4], "--rounds"))) {
		fprintf(stderr, "usage: search-latency DB ACCOUNT QUERIES [--rounds N]\n");
		return 2;
	}
	if (argc == 6 && (rounds = strtol(argv[5], NULL, 10)) < 2) {
		fprintf(stderr, "search-latency: --rounds takes 2 or more\n");
		return 2;
	}
	if (!(f = fopen(argv[3], "r"))) {
		perror(argv[3]);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		if (nq == cap) {
			cap = cap ? cap * 2 : 1024;
			if (!(q = realloc(q, cap * sizeof(*q))))
				return 1;
		}
		if (!(q[nq++] = strdup(line)))
			return 1;
	}
	fclose(f);
	if (!nq) {
		fprintf(stderr, "search-latency: no queries in %s\n", argv[3]);
		return 1;
	}
	if (pl_global_init(&err) || pl_db_open(argv[1], 0, &db, &err) ||
	    pl_authenticate(db, argv[2], NULL, PL_AUTH_OS_USER, &actor, &err)) {
		fprintf(stderr, "search-latency: %s\n", err.msg);
		return 1;
	}
	t0 = now();
	if (pl_search(db, actor, q[0], NULL, count_hit, &hits, &err)) {
		fprintf(stderr, "search-latency: %s\n", err.msg);
		return 1;
	}
	printf("index_load_s %.2f\n", now() - t0);
	if (!(lat = malloc(nq * sizeof(*lat))))
		return 1;
	for (long r = 0; r < rounds; r++) {
		double sum = 0;
		hits = 0;
		for (size_t i = 0; i < nq; i++) {
			double t = now();
			if (pl_search(db, actor, q[i], NULL, count_hit, &hits, &err)) {
				fprintf(stderr, "search-latency: '%s': %s\n", q[i], err.msg);
				return 1;
			}
			lat[i] = (now() - t) * 1e3;
			sum += lat[i];
		}
		if (r == rounds - 1) { /* the last round; the others warmed up */
			double mean = sum / (double)nq;
			qsort(lat, nq, sizeof(*lat), cmp_double);
			printf("queries %zu p50_ms %.3f p90_ms %.3f p99_ms %.3f max_ms %.3f "
			       "mean_ms %.3f "
			       "hits %.1f\n",
			       nq, pct(lat, nq, 0.50), pct(lat, nq, 0.90), pct(lat, nq, 0.99),
			       lat[nq - 1], mean, (double)hits / (double)nq);
		}
	}
	for (size_t i = 0; i < nq; i++)
		free(q[i]);
	free(q);
	free(lat);
	pl_db_close(db);
	return 0;
}
