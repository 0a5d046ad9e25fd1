#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a fresh cluster in a new temp dir that listens only on a unix socket in
# that dir (no TCP), creates the `missioncj` database, exports
#
#   MISSIONCJ_DATABASE_URL=postgresql://postgres@/missioncj?host=<dir>&port=<port>
#   PGHOST=<dir> PGPORT=<port> PGUSER=postgres PGDATABASE=missioncj
#
# runs CMD, then always stops the cluster and deletes the temp dir. Exits with
# CMD's exit status. Auth is `trust` for the superuser `postgres`. PostgreSQL will
# not run as root, so when run as root the server runs as the `postgres` user.
#
# Example:  scripts/with-postgres.sh sh -c 'psql "$MISSIONCJ_DATABASE_URL" -c "select version()"'
set -euo pipefail

die() { echo "with-postgres: $*" >&2; exit 2; }

[[ $# -ge 1 ]] || die "usage: $0 CMD [ARGS...]"

# --- locate the server binaries -------------------------------------------------
find_bin() {
    local name=$1 path dir
    if path=$(command -v "$name" 2>/dev/null); then
        echo "$path"
        return
    fi
    # Debian keeps them off PATH; take the newest installed major version.
    while IFS= read -r dir; do
        if [[ -x $dir/$name ]]; then
            echo "$dir/$name"
            return
        fi
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r)
    die "cannot find '$name' (install PostgreSQL server binaries, e.g. apt-get install postgresql-15)"
}
INITDB=$(find_bin initdb)
PG_CTL=$(find_bin pg_ctl)
find_bin postgres >/dev/null
PSQL=$(find_bin psql)

# --- run server-side commands as a non-root user ---------------------------------
if [[ $(id -u) -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 \
        || die "running as root but there is no 'postgres' user to run the server as"
    RUNUSER=$(command -v runuser || echo /usr/sbin/runuser)
    [[ -x $RUNUSER ]] || die "running as root but runuser (util-linux) was not found"
    as_pg() { (cd / && "$RUNUSER" -u postgres -- "$@"); }
else
    as_pg() { "$@"; }
fi

# --- temp dir (data dir, socket, log) ---------------------------------------------
# Unix socket paths are limited to ~107 bytes, and when root the postgres user must be
# able to reach the dir, so fall back to /tmp if $TMPDIR is unsuitable.
base=${TMPDIR:-/tmp}
base=${base%/}
if [[ ${#base} -gt 60 ]] || { [[ $(id -u) -eq 0 ]] && ! as_pg test -x "$base"; }; then
    base=/tmp
fi
PGTMP=$(mktemp -d "$base/missioncj-pg.XXXXXX")
chmod 755 "$PGTMP"
PGDATA_DIR=$PGTMP/data
PGLOG=$PGTMP/postgres.log
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$PGTMP"
fi

started=0
# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ $started -eq 1 ]]; then
        if ! as_pg "$PG_CTL" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null 2>&1; then
            echo "with-postgres: fast stop failed, forcing immediate stop" >&2
            as_pg "$PG_CTL" -D "$PGDATA_DIR" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        fi
    fi
    rm -rf "$PGTMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The port only names the socket (.s.PGSQL.<port>); there is no TCP listener. Pick one
# that is free on localhost anyway so the URL never looks like another server's.
PGPORT_NUM=$(python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
PY
)

# --- initdb -------------------------------------------------------------------------
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    LOCALE=C.UTF-8
else
    LOCALE=C
fi
if ! as_pg "$INITDB" -D "$PGDATA_DIR" --auth=trust -U postgres --encoding=UTF8 \
        --locale="$LOCALE" --no-sync >"$PGTMP/initdb.log" 2>&1; then
    cat "$PGTMP/initdb.log" >&2
    die "initdb failed"
fi

cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# --- throwaway test cluster (scripts/with-postgres.sh) ---
listen_addresses = ''
unix_socket_directories = '$PGTMP'
port = $PGPORT_NUM
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 50
EOF

# --- start --------------------------------------------------------------------------
started=1
if ! as_pg "$PG_CTL" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 start >/dev/null 2>&1; then
    echo "with-postgres: PostgreSQL did not start; server log follows" >&2
    cat "$PGLOG" >&2 || true
    exit 2
fi

if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$PGTMP" -p "$PGPORT_NUM" -U postgres -d postgres \
        -c 'CREATE DATABASE missioncj' >/dev/null; then
    die "could not create database missioncj"
fi

export MISSIONCJ_DATABASE_URL="postgresql://postgres@/missioncj?host=$PGTMP&port=$PGPORT_NUM"
export PGHOST=$PGTMP PGPORT=$PGPORT_NUM PGUSER=postgres PGDATABASE=missioncj

# --- run the command (not exec: the trap must stop the cluster afterwards) -----------
set +e
"$@"
rc=$?
set -e
exit "$rc"
