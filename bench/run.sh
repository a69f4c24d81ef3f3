#!/bin/sh
# bench/run.sh LIBDIR "CC": the session benchmark, run by `make bench`.
#
#   LIBDIR  absolute path of the directory holding libesent.so.0 and libesent.so
#   CC      the C compiler (may carry flags)
#
# 1. installs Debian's liblmdb-dev and libsqlite3-dev if their headers are absent;
# 2. builds bench/bench.c against LIBDIR and LMDB, and runs the timings (ns/op, ratios);
# 3. builds bench/records.c against LIBDIR, LMDB and SQLite and runs the data workloads (a)-(i)
#    of the records bench (ns per operation, ratios; a wrong result fails it) in BENCH_DIR
#    (default ${TMPDIR:-/tmp}), which should be a real disk: its file system type is printed;
# 4. counts instructions per begin+end and per begin+commit pair with callgrind.
# Speed is reported, never asserted: only a build failure or an unexpected return code fails.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: sh bench/run.sh LIBDIR CC" >&2
    exit 2
fi
LIBDIR=$1
CC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
N=100000

if [ ! -e "$LIBDIR/libesent.so" ]; then
    echo "bench: no libesent.so in $LIBDIR (run make lib)" >&2
    exit 1
fi

# ---- LMDB ---------------------------------------------------------------------------------
if [ ! -f /usr/include/lmdb.h ] || [ ! -f /usr/include/sqlite3.h ]; then
    echo "bench: lmdb.h or sqlite3.h is absent: installing liblmdb-dev libsqlite3-dev"
    SUDO=
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y liblmdb-dev libsqlite3-dev
fi

# ---- build --------------------------------------------------------------------------------
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/esent-bench.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT INT TERM
BIN=$TMPD/bench
# -z now: every symbol is bound at load time, so no lazy binding lands in a measured loop.
# shellcheck disable=SC2086
$CC -O2 -g -std=c11 -Wall -Wextra -I"$ROOT/include" "$HERE/bench.c" -o "$BIN" \
    -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -Wl,-z,now -lesent -llmdb -lpthread

RBIN=$TMPD/records
# shellcheck disable=SC2086
$CC -O2 -g -std=c11 -Wall -Wextra -Wno-format-truncation -I"$ROOT/include" "$HERE/records.c" -o "$RBIN" \
    -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -Wl,-z,now -lesent -llmdb -lsqlite3 -lpthread

# ---- timings ------------------------------------------------------------------------------
echo "== timings: $BIN"
"$BIN"
echo
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}}
echo "== records: $RBIN (files under $BENCH_DIR, a $(stat -f -c %T "$BENCH_DIR") file system)"
"$RBIN" ${BENCH_N:+-n "$BENCH_N"} "$BENCH_DIR"

# ---- instruction counts -------------------------------------------------------------------
echo
echo "== instruction counts: valgrind --tool=callgrind --toggle-collect=run_<op>, N=$N"
if ! command -v valgrind >/dev/null 2>&1; then
    echo "bench: valgrind is not installed: instruction counts skipped"
    exit 0
fi

# Instructions executed inside run_<op>(n): the "summary:" (or "totals:") line of the output.
collected() {
    out=$TMPD/callgrind.$1.$2
    if ! valgrind --tool=callgrind --toggle-collect="run_$1" --callgrind-out-file="$out" \
            "$BIN" callgrind "$1" "$2" >"$TMPD/valgrind.log" 2>&1; then
        cat "$TMPD/valgrind.log" >&2
        echo "bench: callgrind run of $1 (N=$2) failed" >&2
        exit 1
    fi
    v=$(sed -n 's/^summary:[ ]*\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1)
    if [ -z "$v" ]; then
        v=$(sed -n 's/^totals:[ ]*\([0-9][0-9]*\).*/\1/p' "$out" | head -n 1)
    fi
    if [ -z "$v" ]; then
        echo "bench: no summary in $out" >&2
        exit 1
    fi
    echo "$v"
}

# Per operation: (collected(N) - collected(0)) / N, the N=0 run removing the call itself.
per_op() {
    full=$(collected "$1" "$N")
    base=$(collected "$1" 0)
    awk -v f="$full" -v b="$base" -v n="$N" 'BEGIN { printf "%.1f", (f - b) / n }'
}

JBE=$(per_op jet_begin_end)
JBC=$(per_op jet_begin_commit)
MBA=$(per_op mdb_begin_abort)
MRR=$(per_op mdb_reset_renew)

awk -v jbe="$JBE" -v jbc="$JBC" -v mba="$MBA" -v mrr="$MRR" 'BEGIN {
    printf "\n"
    printf "| instructions per pair (callgrind Ir)                    | libesent | LMDB     | ratio  |\n"
    printf "|---------------------------------------------------------|----------|----------|--------|\n"
    printf "| %-55s | %8.1f | %8.1f | %6.3f |\n", \
        "begin+end: JetBeginSession+JetEndSession", jbe, mba, jbe / mba
    printf "| %-55s | %8s | %8s | %6s |\n", "   vs mdb_txn_begin(MDB_RDONLY)+mdb_txn_abort", "", "", ""
    printf "| %-55s | %8.1f | %8.1f | %6.3f |\n", \
        "begin+commit: JetBeginTransaction+JetCommitTransaction", jbc, mrr, jbc / mrr
    printf "| %-55s | %8s | %8s | %6s |\n", "   vs mdb_txn_reset+mdb_txn_renew", "", "", ""
}'
