# pg.sh - PostgreSQL 15 with pg_trgm, the peer of bench/febrl.sh and bench/names.sh
#
# Sourced, not run; needs die() and $here from the script that sources it. Installs the
# bench section of deps/packages when missing (as root, with apt-get, like make deps). pg_start
# NAME starts a server of its own: initdb in a new temporary directory $work, locale
# C.UTF-8, fsync off, a unix socket in that directory and no TCP, run as the postgres
# user when we are root. The server is stopped and the directory removed on exit.
# psql ARGS runs psql on it as the bench user.

# the bench section of deps/packages: postgresql-15, postgresql-contrib, ...
sh "$here/../deps/install.sh" bench || die "the benchmark's packages are missing (deps/packages: bench)"
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/postgres" ] || die "no $pgbin/postgres"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

pg_cleanup() {
	if [ -f "$work/data/postmaster.pid" ]; then
		$as "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}

# shellcheck disable=SC2034 # load is for the scripts that source this
pg_start() {
	load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
	work=$(mktemp -d "${TMPDIR:-/tmp}/parley-$1.XXXXXX")
	as=
	if [ "$(id -u)" = 0 ]; then
		user=postgres
		getent passwd "$user" >/dev/null || user=nobody
		chown "$user" "$work"
		as="runuser -u $user --"
	fi
	trap pg_cleanup EXIT
	trap 'exit 130' INT TERM
	$as "$pgbin/initdb" -D "$work/data" -U bench --auth=trust --locale=C.UTF-8 -E UTF8 \
		>"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; die "initdb failed"; }
	$as "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
		-o "-c listen_addresses='' -k $work -c fsync=off -c shared_buffers=512MB -c work_mem=64MB" \
		start >/dev/null || { cat "$work/server.log" >&2; die "the server did not start"; }
}

psql() { $as "$pgbin/psql" -h "$work" -U bench -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
