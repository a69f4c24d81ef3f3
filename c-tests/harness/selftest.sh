#!/bin/sh
# c-tests/harness/selftest.sh "CC" OUT: tests the C harness (check.c) itself, as `make
# check-harness` runs it. It links check.c with 1,100 generated passing cases, one failing and
# one skipped case, and no libesent (so the harness provably asks the library nothing, code
# names included), then runs it one case at a time and three at a time:
# - every case runs: none is dropped past the old limit of 1,024 registrations;
# - the totals line counts passes, failures and skips, and the exit status is 1;
# - a failed CHECK_ERR names both codes from the harness's own table.
set -eu
cc=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=$(dirname "$out")
mkdir -p "$dir"
gen=$out-cases.c
awk 'BEGIN {
    print "#include \"check.h\""
    for (i = 0; i < 1100; i++) printf "TEST(selftest_pass_%04d) { CHECK_EQ(%d, %d); }\n", i, i, i
    print "TEST(selftest_fails) { CHECK_ERR(JET_errInvalidParameter, JET_errInvalidSesid); }"
    print "TEST(selftest_skips) { check_skip(\"on purpose\"); }"
}' > "$gen"
$cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$root/include" -I"$root/c-tests" \
    "$root/c-tests/check.c" "$dir/check_codes.c" "$gen" -o "$out" -ldl

fail() { echo "check-harness: $*"; exit 1; }
for jobs in 1 3; do
    log=$out-$jobs.log
    if ESENT_TEST_JOBS=$jobs "$out" > "$log" 2>&1; then fail "exit status 0 with a failing case (jobs $jobs)"; fi
    last=$(tail -n 1 "$log")
    [ "$last" = "1100 passed, 1 failed, 1 skipped" ] || fail "jobs $jobs: totals line is '$last'"
    grep -q "expected -1003 JET_errInvalidParameter, got -1104 JET_errInvalidSesid" "$log" ||
        fail "jobs $jobs: the failure does not name both codes"
    grep -q "FAILED: selftest_fails" "$log" || fail "jobs $jobs: the failing case is not reported"
    [ "$(grep -c '^selftest_pass_' "$log")" = 1100 ] || fail "jobs $jobs: not every case printed its name"
done
ESENT_TEST_FILTER=selftest_pass_10 "$out" > "$out-filter.log" 2>&1 || fail "filtered run failed"
[ "$(tail -n 1 "$out-filter.log")" = "100 passed, 0 failed" ] || fail "ESENT_TEST_FILTER: $(tail -n 1 "$out-filter.log")"
echo "check-harness: ok (1,102 cases kept, totals and code names right, serial and parallel)"
