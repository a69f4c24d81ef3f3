#!/bin/sh
# make test-samples: builds Microsoft's ESE samples (BookStoreSample, SvcInitSample) unchanged
# from $ESENT_SAMPLES (a checkout's test/ese/src/samples) against libesent, runs them with the
# LP64 mode on, and compares what they print with what they print on Windows.
#
#   run.sh CC PREFIX OUTDIR
#
# PREFIX is where the library was installed (`make install PREFIX=...`): the samples are
# compiled with its include/ and linked with its lib/, as a user's program would be.
#
# BookStoreSample's output on Windows follows from its code and data (c-tests/samples/
# BookStoreSample.expected); SvcInitSample's is quoted in its own sources, in the comments
# "stdout for SvcInitSample.exe <sub-sample>", and is read from there.
set -eu

CC=$1
PREFIX=$2
OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${ESENT_SAMPLES:-}" ]; then
    echo "test-samples: skipped: ESENT_SAMPLES is not set (set it to the test/ese/src/samples directory of a checkout of microsoft/Extensible-Storage-Engine)"
    exit 0
fi
S=$ESENT_SAMPLES
for f in BookStoreSample/BookStoreSample.c SvcInitSample/SvcInitMainGoo.c SvcInitSample/SvcInitSampleA.c \
         SvcInitSample/SvcInitSampleB.c SvcInitSample/SvcInit.h; do
    [ -f "$S/$f" ] || { echo "test-samples: $S/$f not found (ESENT_SAMPLES must name test/ese/src/samples)"; exit 1; }
done

mkdir -p "$OUT"
[ -f "$PREFIX/include/esent.h" ] && [ -f "$PREFIX/lib/libesent.so" ] ||
    { echo "test-samples: no installed libesent under $PREFIX"; exit 1; }
PREFIX=$(cd "$PREFIX" && pwd)
OUT=$(cd "$OUT" && pwd)

# -fshort-wchar: the samples' L"..." literals are 16-bit, as on Windows. -fcommon: SvcInit's
# CONN_DB_STATE globals are defined in two files (tentative definitions, which MSVC merges).
# -DNDEBUG: a retail build (an assert of SvcInitSampleA.c names a variable that does not exist).
# -Wno-incompatible-pointer-types: BookStoreSample passes an `unsigned long *` (8 bytes here) as
# JetRetrieveColumn's `unsigned long *pcbActual`, which is uint32_t *; the library writes 4 of
# its 8 bytes, which the sample zeroed. -Wno-main: BookStoreSample's main returns void.
FLAGS="-std=gnu11 -O1 -fshort-wchar -fcommon -DNDEBUG -Wno-incompatible-pointer-types -Wno-main"
INCS="-I$HERE/include -I$PREFIX/include"
LINK="-L$PREFIX/lib -lesent -Wl,-rpath,$PREFIX/lib"

echo "$CC $FLAGS $INCS BookStoreSample/BookStoreSample.c $LINK"
(cd "$S" && $CC $FLAGS $INCS BookStoreSample/BookStoreSample.c -o "$OUT/BookStoreSample" $LINK)
echo "$CC $FLAGS $INCS SvcInitSample/SvcInitMainGoo.c SvcInitSample/SvcInitSampleA.c SvcInitSample/SvcInitSampleB.c $LINK"
(cd "$S" && $CC $FLAGS $INCS SvcInitSample/SvcInitMainGoo.c SvcInitSample/SvcInitSampleA.c \
    SvcInitSample/SvcInitSampleB.c -o "$OUT/SvcInitSample" $LINK)

failed=0
fail() {
    echo "test-samples: FAILED: $*"
    failed=1
}

# Each run in a fresh directory: the samples make their files in the working directory.
fresh() {
    rm -rf "$OUT/run-$1"
    mkdir -p "$OUT/run-$1"
    echo "$OUT/run-$1"
}

# ---- BookStoreSample: twice (the second run attaches the database the first made and finds
# its data), then once without the LP64 mode, which Windows code needs for its `long` values.
d=$(fresh bookstore)
for run in 1 2; do
    (cd "$d" && ESENT_LP64_COMPAT=1 "$OUT/BookStoreSample") > "$OUT/bookstore-$run.out" 2>&1 || true
    if diff -u "$HERE/BookStoreSample.expected" "$OUT/bookstore-$run.out"; then
        echo "test-samples: BookStoreSample run $run: output as on Windows"
    else
        fail "BookStoreSample run $run"
    fi
done
[ -f "$d/database.mdb" ] || fail "BookStoreSample made no database.mdb"
d=$(fresh bookstore-nolp64)
(cd "$d" && ESENT_LP64_COMPAT=0 "$OUT/BookStoreSample") > "$OUT/bookstore-nolp64.out" 2>&1 || true
if [ "$(cat "$OUT/bookstore-nolp64.out")" = "Sample failed with error -1047." ]; then
    echo "test-samples: BookStoreSample without the LP64 mode: -1047 (JET_errInvalidBufferSize), as ESE"
else
    fail "BookStoreSample without the LP64 mode printed:"
    cat "$OUT/bookstore-nolp64.out"
fi

# ---- SvcInitSample: each sub-sample, compared with the output its source quotes.
# What Windows printed, from the comment in `file` that follows "stdout for SvcInitSample.exe
# <name>". Lines are compared without their indentation (the comment indents them), blank lines
# dropped, and the "@ line N (in path)" of the failure message left out: the quoted run was of an
# older revision of the file, built at another path.
normalize() {
    sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/ @ line [0-9]* (in .*)$/ @ line N/' | grep -v '^$' || true
}
quoted() {
    awk -v name="$2" '
        { line = $0; sub(/[ \t\r]+$/, "", line) }
        on && line ~ /\*\// { exit }
        on { print }
        line ~ ("stdout for SvcInitSample.exe " name "$") { on = 1 }
    ' "$S/SvcInitSample/$1"
}
for sub in JetEnableMultiInstance:SvcInitSampleA.c JET_paramConfigStoreSpec:SvcInitSampleB.c \
           JET_paramConfigStoreSpec2:SvcInitSampleB.c; do
    name=${sub%%:*}
    file=${sub#*:}
    quoted "$file" "$name" | normalize > "$OUT/svcinit-$name.expected"
    [ -s "$OUT/svcinit-$name.expected" ] || { fail "no quoted output for $name in $file"; continue; }
    d=$(fresh "svcinit-$name")
    # Twice in the same directory: the second run attaches the databases the first created.
    for run in 1 2; do
        rc=0
        (cd "$d" && ESENT_LP64_COMPAT=1 "$OUT/SvcInitSample" "$name") > "$OUT/svcinit-$name-$run.out" 2>&1 || rc=$?
        normalize < "$OUT/svcinit-$name-$run.out" > "$OUT/svcinit-$name-$run.got"
        if diff -u "$OUT/svcinit-$name.expected" "$OUT/svcinit-$name-$run.got"; then
            echo "test-samples: SvcInitSample $name run $run: output as its source says Windows prints"
        else
            fail "SvcInitSample $name run $run"
        fi
        # main returns the last error, -1087 (JET_errSystemParameterConflict): exit status 193.
        [ "$rc" -eq 193 ] || fail "SvcInitSample $name run $run exited with $rc, not 193 (-1087)"
        for f in DirX/SvcDbX.edb DirY/SvcDbY.edb; do
            [ -f "$d/$f" ] || fail "SvcInitSample $name made no $f"
        done
    done
done

if [ "$failed" -ne 0 ]; then
    exit 1
fi
echo "test-samples: ok (BookStoreSample twice and without the LP64 mode; SvcInitSample's three sub-samples, twice each)"
