/* progress.c - the progress bar of long commands on a terminal, and Ctrl-C that stops them
 *
 * The library reports how far a long operation is (include/parley/progress.h); here that
 * becomes one line on standard error when it is a terminal and --quiet is not given: the
 * phase, the count, the rate and, when the total is known, a bar and the time left. It is
 * redrawn at most ten times a second (by the monotonic clock) and erased at the end of a
 * phase, so that what the command prints after it starts on a clean line. Nothing at all
 * is written when standard error is no terminal: scripts and logs stay clean.
 *
 * Commands marked CMD_PROGRESS take Ctrl-C (SIGINT) as a request to stop: the handler
 * only sets a flag, the callback returns it, and the library stops with PL_EINTR having
 * rolled back its transaction and removed its temporary files. A second Ctrl-C ends the
 * process at once, as SIGINT always did.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "banned.h"

static volatile sig_atomic_t interrupted;

static struct {
	int on;             /* standard error is a terminal and no --quiet */
	int shown;          /* a line is on the screen */
	const char *phase;  /* the phase being shown */
	double start, last; /* when the phase began, when the line was drawn */
} bar;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_sigint(int sig)
{
	(void)sig;
	if (interrupted) { /* the second: at once */
		signal(SIGINT, SIG_DFL);
		raise(SIGINT);
		return;
	}
	interrupted = 1;
}

/* "1:05:09" or "4:07" */
static void duration_text(double s, char *out, size_t cap)
{
	long t = s < 0 ? 0 : s > 359999 ? 359999 : (long)(s + 0.5);
	if (t >= 3600)
		snprintf(out, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(out, cap, "%ld:%02ld", t / 60, t % 60);
}

static int stderr_columns(void)
{
	struct winsize ws;
	if (!ioctl(fileno(cli_raw_stderr), TIOCGWINSZ, &ws) && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

void progress_clear(void)
{
	if (!bar.shown)
		return;
	fflush(stderr);
	fputs("\r\033[K", cli_raw_stderr);
	fflush(cli_raw_stderr);
	bar.shown = 0;
}

static void draw(const char *phase, uint64_t done, uint64_t total, double t)
{
	char line[512], count[64], all[64], rate[64], left[96];
	double elapsed = t - bar.start, per_s = elapsed > 0.2 ? (double)done / elapsed : 0;
	int cols = stderr_columns(), used, width;
	size_t n;

	num_text((long long)done, count, sizeof(count));
	rate[0] = left[0] = '\0';
	if (per_s > 0) {
		char r[32];
		snprintf(rate, sizeof(rate), "  %s/s", num_text((long long)per_s, r, sizeof(r)));
	}
	if (!total) {
		n = (size_t)snprintf(line, sizeof(line), "%s: %s%s", _(phase), count, rate);
	} else {
		char bars[128];
		double f = done >= total ? 1.0 : (double)done / (double)total;
		if (per_s > 0 && done < total) {
			char d[32];
			duration_text((double)(total - done) / per_s, d, sizeof(d));
			snprintf(left, sizeof(left), "  %s %s", d, _("left"));
		}
		num_text((long long)total, all, sizeof(all));
		used = term_width(_(phase)) + 2 + 2 + 6 + (int)strlen(count) + 3 +
		       (int)strlen(all) + (int)strlen(rate) + (int)strlen(left);
		width = cols - 1 - used;
		if (width > 40)
			width = 40;
		if (width < 5)
			width = 0;
		for (int i = 0; i < width; i++)
			bars[i] = i < (int)(f * width) ? '#' : '.';
		bars[width] = '\0';
		n = (size_t)snprintf(line, sizeof(line), "%s: [%s] %3d%%  %s / %s%s%s", _(phase),
		                     bars, (int)(f * 100), count, all, rate, left);
	}
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	/* the line never wraps: a wrapped line cannot be redrawn in place */
	n = term_cut(line, cols - 1, NULL);
	fflush(stderr);
	fputs("\r", cli_raw_stderr);
	fwrite(line, 1, n, cli_raw_stderr);
	fputs("\033[K", cli_raw_stderr);
	fflush(cli_raw_stderr);
	bar.shown = 1;
	bar.last = t;
}

int progress_show(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	double t;
	(void)ctx;
	if (interrupted)
		return 1;
	if (!bar.on)
		return 0;
	t = now();
	if (!bar.phase || strcmp(bar.phase, phase) || done == 0) {
		bar.phase = phase;
		bar.start = t;
		bar.last = 0;
	}
	if (total && done >= total) { /* the end of the phase: the line goes */
		progress_clear();
		return 0;
	}
	if (t - bar.last >= 0.1)
		draw(phase, done, total, t);
	return 0;
}

void progress_catch_interrupt(void)
{
	struct sigaction sa, old;
	/* a SIGINT ignored by whoever started parley (nohup, a background job of a shell
	 * without job control) stays ignored: the long work is not to be stopped by it */
	if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

void progress_setup(struct ctx *c)
{
	bar.on = !c->quiet && cli_raw_stderr && isatty(fileno(cli_raw_stderr));
	if (c->db)
		pl_set_progress(c->db, progress_show, NULL);
	if (c->cmd->flags & CMD_PROGRESS)
		progress_catch_interrupt();
}
