#!/bin/sh
# tools/tests/run.sh DUMP ALLTYPES BOOKSTORE (from `make tools-test`, in the source tree): runs
# esent-dump on two databases made for the purpose and compares what it prints with the
# expected output kept in tools/tests/expected/:
# - the bookstore example's database (examples/bookstore.c run with a directory to keep it in);
# - alltypes.edb (tools/tests/alltypes.c): a column of every type, NULLs, defaults, multi-valued
#   and long values, text CSV and JSON must escape, an empty table.
# Also: the exit status and the JET code name of each kind of failure, that the files are not
# changed by the dump (read-only), that --help names every command, and, where python3 is
# installed, that the JSON parses and the CSV reads back as the records.
# UPDATE=1 writes the expected files from this run instead (review the diff before committing).
set -eu
dump=$1 alltypes=$2 bookstore=$3
expected=tools/tests/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "tools-test: $*"; exit 1; }
n=0

mkdir "$tmp/db" "$tmp/out"
"$bookstore" "$tmp/db" > /dev/null || fail "the bookstore example failed"
"$alltypes" "$tmp/db" || fail "alltypes failed"
book=$tmp/db/bookstore.edb
all=$tmp/db/alltypes.edb
sums() { cksum "$book" "$all"; }
before=$(sums)

# The volatile parts of the info command: the directory, sizes in bytes and pages (they follow
# the store's allocation), the signature and creation time.
mask() {
    sed -E -e "s#$tmp/db#DIR#g" \
        -e '/^(file size|size on disk|size  |space owned|space available)/s/[0-9]+/N/' \
        -e 's/^(signature +).*/\1(varies)/'
}

# case NAME ARGS...: the output must be expected/NAME, byte for byte.
case_() {
    name=$1
    shift
    rc=0
    "$dump" "$@" > "$tmp/out/$name" 2> "$tmp/out/$name.err" || rc=$?
    [ "$rc" = 0 ] || { cat "$tmp/out/$name.err"; fail "esent-dump $* exited $rc"; }
    [ ! -s "$tmp/out/$name.err" ] || { cat "$tmp/out/$name.err"; fail "esent-dump $* wrote to stderr"; }
    mask < "$tmp/out/$name" > "$tmp/out/$name.masked"
    if [ -n "${UPDATE:-}" ]; then
        cp "$tmp/out/$name.masked" "$expected/$name"
    else
        diff -u "$expected/$name" "$tmp/out/$name.masked" || fail "esent-dump $* differs from $expected/$name"
    fi
    n=$((n + 1))
}

case_ bookstore-info.txt "$book"
case_ bookstore-tables.txt "$book" tables
case_ bookstore-schema.txt "$book" schema
case_ bookstore-books.txt "$book" records Books
case_ bookstore-by-tag.txt "$book" records books --index by_tag --limit 4
case_ bookstore-authors.csv "$book" records Authors -f csv
case_ bookstore-by-year.json "$book" records Books --format=json -i by_year -n 3 -w 1
case_ alltypes-schema.txt "$all" schema
case_ alltypes-columns.txt "$all" columns Types
case_ alltypes-indexes.txt "$all" indexes Types
case_ alltypes-records.txt "$all" records Types --max-value 40
case_ alltypes-by-long-desc.txt "$all" records Types -i by_long_desc -w 4
case_ alltypes-records.csv "$all" records Types --format csv
case_ alltypes-records.json "$all" records Types --format json
case_ alltypes-empty.json "$all" records Empty -f json
case_ alltypes-empty.txt "$all" records Empty

# Failures: the exit status, and the message on stderr naming the call and the JET code.
: > "$tmp/out/errors.txt"
err_case() {
    want=$1
    shift
    set +e
    "$dump" "$@" > "$tmp/out/err.stdout" 2> "$tmp/out/err.stderr"
    rc=$?
    set -e
    [ "$rc" = "$want" ] || { cat "$tmp/out/err.stderr"; fail "esent-dump $* exited $rc, not $want"; }
    [ -s "$tmp/out/err.stderr" ] || fail "esent-dump $* said nothing on stderr"
    { echo "\$ esent-dump $* -> $rc"; cat "$tmp/out/err.stderr"; } | mask >> "$tmp/out/errors.txt"
}
echo "not a database" > "$tmp/db/junk.edb"
err_case 1 "$tmp/db/missing.edb"
err_case 1 "$tmp/db/missing.edb" tables
err_case 1 "$tmp/db/junk.edb" tables
err_case 1 "$book" records Nope
err_case 1 "$book" columns Nope
err_case 1 "$book" records Books --index nope
err_case 2
err_case 2 "$book" bogus
err_case 2 "$book" records
err_case 2 "$book" tables extra
err_case 2 "$book" tables --format csv
err_case 2 "$book" records Books --format xml
err_case 2 "$book" records Books --limit -3
err_case 2 "$book" records Books --limit
err_case 2 --bogus "$book"
if [ -n "${UPDATE:-}" ]; then
    cp "$tmp/out/errors.txt" "$expected/errors.txt"
else
    diff -u "$expected/errors.txt" "$tmp/out/errors.txt" || fail "the failure messages differ from $expected/errors.txt"
fi
n=$((n + 15))

# Read-only: neither file changed.
[ "$(sums)" = "$before" ] || fail "a database file changed while esent-dump read it"

# --help names every command and option, exits 0, writes to stdout.
"$dump" --help > "$tmp/out/help" || fail "--help exited $?"
for word in info tables schema columns indexes records --format --index --limit --max-value --version; do
    grep -q -- "$word" "$tmp/out/help" || fail "--help does not mention $word"
done
"$dump" --version | grep -q "^esent-dump " || fail "--version"
n=$((n + 2))

# The machine-readable formats read back with a real parser, with every value.
if command -v python3 > /dev/null 2>&1; then
    python3 - "$tmp/out" << 'PY' || fail "the CSV or JSON output does not read back"
import csv, json, sys
out = sys.argv[1]
recs = json.load(open(out + "/alltypes-records.json", encoding="utf-8"))
assert len(recs) == 3, len(recs)
assert recs[0]["Words"] == ["alpha", "be|ta", 'ga"mma'], recs[0]["Words"]
assert recs[0]["Memo"] == "".join(chr(97 + i % 26) for i in range(3000))
assert recs[0]["Blob"] == bytes(range(256)).hex() + bytes(range(44)).hex()
assert recs[1]["Ascii"] == "none" and recs[1]["Numbers"] == [] and recs[1]["Flag"] is None
assert recs[2]["Unicode"] == "x\U0001F600y\uFFFD" and recs[2]["Bin"] == ""
assert recs[2]["LongLong"] == -2**63 and recs[2]["ULongLong"] == 2**64 - 1
rows = list(csv.reader(open(out + "/alltypes-records.csv", encoding="utf-8", newline="")))
assert len(rows) == 4 and rows[0][0] == "Id", rows[0]
assert rows[1][19] == "alpha|be\\|ta|ga\"mma", rows[1][19]
assert rows[3][15] == 'a,b "q" \\ tab\there\nnew line \\xe9 caf\u00e9', rows[3][15]
assert rows[2][1] == "" and rows[2][15] == "none"
json.load(open(out + "/bookstore-by-year.json", encoding="utf-8"))
json.load(open(out + "/alltypes-empty.json", encoding="utf-8"))
PY
    n=$((n + 1))
else
    echo "tools-test: python3 not installed: the CSV and JSON outputs were compared, not parsed"
fi
echo "tools-test: ok ($n checks of esent-dump's output)"
