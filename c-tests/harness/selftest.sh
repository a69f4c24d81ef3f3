#!/bin/sh
# c-tests/harness/selftest.sh "CC" OUT: tests the C harness (check.c) itself, as `make
# check-harness` runs it. It links check.c with 1,100 generated passing cases, one failing and
# one skipped case, and no libesent (so the harness provably asks the library nothing, code
# names included), then runs it one case at a time and three at a time:
# - every case runs: none is dropped past the old limit of 1,024 registrations;
# - the totals line counts passes, failures and skips, and the exit status is 1;
# - a failed CHECK_ERR names both codes from the harness's own table;
# - ESENT_TEST_FIRST starts the cases it names first, in its order, and reports a name that
#   matches no case; ESENT_TEST_TIMEOUT kills a case that runs too long, as a failure.
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
    print "#include <stdlib.h>"
    print "#include <unistd.h>"
    print "TEST(selftest_sleeps_when_asked) { if (getenv(\"SELFTEST_SLEEP\")) sleep(3); CHECK(1); }"
}' > "$gen"
$cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$root/include" -I"$root/c-tests" \
    "$root/c-tests/check.c" "$dir/check_codes.c" "$gen" -o "$out" -ldl

fail() { echo "check-harness: $*"; exit 1; }
for jobs in 1 3; do
    log=$out-$jobs.log
    if ESENT_TEST_JOBS=$jobs "$out" > "$log" 2>&1; then fail "exit status 0 with a failing case (jobs $jobs)"; fi
    last=$(tail -n 1 "$log")
    [ "$last" = "1101 passed, 1 failed, 1 skipped" ] || fail "jobs $jobs: totals line is '$last'"
    grep -q "expected -1003 JET_errInvalidParameter, got -1104 JET_errInvalidSesid" "$log" ||
        fail "jobs $jobs: the failure does not name both codes"
    grep -q "FAILED: selftest_fails" "$log" || fail "jobs $jobs: the failing case is not reported"
    [ "$(grep -c '^selftest_pass_' "$log")" = 1100 ] || fail "jobs $jobs: not every case printed its name"
done
ESENT_TEST_FILTER=selftest_pass_10 "$out" > "$out-filter.log" 2>&1 || fail "filtered run failed"
[ "$(tail -n 1 "$out-filter.log")" = "100 passed, 0 failed" ] || fail "ESENT_TEST_FILTER: $(tail -n 1 "$out-filter.log")"
# Order: the named cases first (in the list's order, whatever their registration order), then
# the rest as registered; the unknown name is reported and changes nothing else.
for jobs in 1 2; do
    log=$out-first-$jobs.log
    ESENT_TEST_JOBS=$jobs ESENT_TEST_FIRST="selftest_pass_0900, selftest_no_such_case selftest_pass_0007" \
        ESENT_TEST_FILTER=selftest_pass_ "$out" > "$log" 2>&1 || fail "jobs $jobs: ordered run failed"
    grep -q "ESENT_TEST_FIRST names no case 'selftest_no_such_case'" "$log" || fail "jobs $jobs: unknown name not reported"
    started=$(grep '^selftest_pass_' "$log" | head -n 3 | cut -d' ' -f1 | tr '\n' ' ')
    if [ "$jobs" = 1 ]; then
        [ "$started" = "selftest_pass_0900 selftest_pass_0007 selftest_pass_0000 " ] || fail "ESENT_TEST_FIRST order: $started"
    fi
    [ "$(grep -c '^selftest_pass_' "$log")" = 1100 ] || fail "jobs $jobs: ESENT_TEST_FIRST dropped or repeated a case"
    [ "$(tail -n 1 "$log")" = "1100 passed, 0 failed" ] || fail "jobs $jobs: ordered totals: $(tail -n 1 "$log")"
done
grep -q '^slowest: ' "$out-first-2.log" || fail "a parallel run does not name its slowest cases"
# A case past its time is killed and counted as failed.
if SELFTEST_SLEEP=1 ESENT_TEST_TIMEOUT=1 ESENT_TEST_FILTER=selftest_sleeps "$out" > "$out-timeout.log" 2>&1; then
    fail "a case past ESENT_TEST_TIMEOUT passed"
fi
grep -q "(timeout)" "$out-timeout.log" || fail "the timed-out case does not say so"
[ "$(tail -n 1 "$out-timeout.log")" = "0 passed, 1 failed" ] || fail "timeout totals: $(tail -n 1 "$out-timeout.log")"
# ESENT_TEST_WARMUP: the registered warm-up runs once, in the harness's own process, after every
# TEST_FRESH case has ended and before any other case starts, so the other cases' forks see
# what it did and the fresh ones do not; without the variable it never runs.
wgen=$out-warm.c
cat > "$wgen" <<'EOF_WARM'
#include "check.h"
#include <stdlib.h>
static int warmed;
static void warm(void) { warmed++; printf("warm-up ran\n"); }
__attribute__((constructor)) static void reg(void) { check_register_warm_up(warm); }
static int expected(void) { return getenv("ESENT_TEST_WARMUP") != NULL; }
TEST(selftest_warm_normal_a) { CHECK_EQ(warmed, expected()); }
TEST_FRESH(selftest_warm_fresh_a) { CHECK_EQ(warmed, 0); }
TEST(selftest_warm_normal_b) { CHECK_EQ(warmed, expected()); }
TEST_FRESH(selftest_warm_fresh_b) { CHECK_EQ(warmed, 0); }
EOF_WARM
$cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$root/include" -I"$root/c-tests" \
    "$root/c-tests/check.c" "$dir/check_codes.c" "$wgen" -o "$out-warm" -ldl
for jobs in 1 2; do
    log=$out-warm-$jobs.log
    ESENT_TEST_JOBS=$jobs "$out-warm" > "$log" 2>&1 || fail "jobs $jobs: the run without a warm-up failed"
    ! grep -q "warm-up ran" "$log" || fail "jobs $jobs: the warm-up ran without ESENT_TEST_WARMUP"
    ESENT_TEST_WARMUP=1 ESENT_TEST_JOBS=$jobs "$out-warm" > "$log" 2>&1 || fail "jobs $jobs: a warmed run failed: $(cat "$log")"
    [ "$(grep -c "warm-up ran" "$log")" = 1 ] || fail "jobs $jobs: the warm-up did not run exactly once"
    [ "$(tail -n 1 "$log")" = "4 passed, 0 failed" ] || fail "jobs $jobs: warmed totals: $(tail -n 1 "$log")"
done
echo "check-harness: ok (1,103 cases kept, totals and code names right, serial and parallel, order and timeout, warm-up)"
