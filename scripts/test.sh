#!/usr/bin/env bash
# The full check: lint, types, Django checks, then the whole pytest suite on SQLite
# and again on a throwaway PostgreSQL cluster. Stops at the first failing step.
#
#   scripts/test.sh [PYTEST ARGS...]      (or: make test PYTEST_ARGS="-k audit")
#
# Ends by printing each pytest run's summary line. Never touches ./var: every step
# runs with MISSIONCJ_DATA_DIR pointing into a fresh temp dir.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=$ROOT/.venv
BIN=$VENV/bin

step() { printf '\n==> %s\n' "$*"; }

# --- environment ------------------------------------------------------------------
step "Installing into .venv (runtime + test extras)"
make --no-print-directory -s -C "$ROOT" install-test

# System packages: Debian's Chromium for the Playwright tests (never a downloaded
# browser), Pango for WeasyPrint's PDFs, and the PostgreSQL server binaries for
# scripts/with-postgres.sh.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Pango for WeasyPrint (staffing packets and prints are PDFs).
ldconfig -p | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
if ! command -v initdb >/dev/null 2>&1 && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    missing+=(postgresql)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        step "Installing ${missing[*]} (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        # Wait for another apt/dpkg run to finish instead of failing on its lock.
        apt-get -o DPkg::Lock::Timeout=600 -qq update
        apt-get -o DPkg::Lock::Timeout=600 -qq install -y "${missing[@]}" >/dev/null
        command -v chromium >/dev/null 2>&1 || { echo "Chromium install failed" >&2; exit 1; }
        ldconfig -p | grep -q libpango-1.0 || { echo "Pango install failed" >&2; exit 1; }
    else
        echo "Missing system packages needed by the tests: ${missing[*]}" >&2
        echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/missioncj-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

export PATH="$BIN:$PATH"
export VIRTUAL_ENV=$VENV
export MISSIONCJ_DATA_DIR=$WORK/data
mkdir -p "$MISSIONCJ_DATA_DIR"
# The SQLite run and the checks must not pick up a database from the caller's shell.
unset MISSIONCJ_DATABASE_URL

# --- static checks -----------------------------------------------------------------
step "ruff check"
"$BIN/ruff" check .
step "ruff format --check"
"$BIN/ruff" format --check .
step "mypy missioncj"
"$BIN/mypy" missioncj
step "manage.py check"
"$BIN/python" manage.py check
step "manage.py makemigrations --check --dry-run"
"$BIN/python" manage.py makemigrations --check --dry-run

# --- pytest ------------------------------------------------------------------------
# Last pytest summary line of a log ("=== 12 passed, 1 skipped in 3.21s ==="), without
# the "=" framing; falls back to the exit code if pytest died before summarising.
summary() {
    local log=$1 rc=$2 line
    line=$(sed -e 's/\x1b\[[0-9;]*m//g' "$log" \
        | grep -E '(passed|failed|errors?|skipped|deselected|xfailed|xpassed|warnings?|no tests ran)\b.* in [0-9.]+s' \
        | tail -n 1 \
        | sed -E 's/^=+ *//; s/ *=+$//') || true
    if [[ -z $line ]]; then
        line="no pytest summary (exit status $rc)"
    fi
    echo "$line"
}

SQLITE_LOG=$WORK/pytest-sqlite.log
PG_LOG=$WORK/pytest-postgresql.log

step "pytest on SQLite"
set +e
"$BIN/python" -m pytest "$@" 2>&1 | tee "$SQLITE_LOG"
sqlite_rc=${PIPESTATUS[0]}
set -e
sqlite_summary=$(summary "$SQLITE_LOG" "$sqlite_rc")

if [[ $sqlite_rc -eq 0 ]]; then
    step "pytest on PostgreSQL"
    export MISSIONCJ_DATA_DIR=$WORK/data-pg
    mkdir -p "$MISSIONCJ_DATA_DIR"
    set +e
    # with-postgres.sh stops its cluster and removes its temp dir whatever pytest does.
    bash "$ROOT/scripts/with-postgres.sh" "$BIN/python" -m pytest "$@" 2>&1 | tee "$PG_LOG"
    pg_rc=${PIPESTATUS[0]}
    set -e
    pg_summary=$(summary "$PG_LOG" "$pg_rc")
else
    pg_rc=1
    pg_summary="not run (the SQLite run failed)"
fi

echo
echo "SQLite:     $sqlite_summary"
echo "PostgreSQL: $pg_summary"

if [[ $sqlite_rc -ne 0 || $pg_rc -ne 0 ]]; then
    exit 1
fi
