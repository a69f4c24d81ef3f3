#!/bin/sh
# c-tests/install/install_test.sh BASE "CC" SONAME "MAKE" (from `make install-test`, in the
# source tree): installs libesent under BASE as a user and as a packager would, then builds and
# runs programs against it as a user would:
# - through pkg-config, dynamically (the soname is recorded), and statically: libesent.a with the
#   system libraries of `pkg-config --static`, and a fully static program (`cc -static`);
# - esent.pc names its directories relative to ${prefix} (it can be relocated);
# - the installed shared library is stripped, with the same exported symbols;
# - ldconfig runs when root installs to the system (DESTDIR empty), never into a DESTDIR;
# - esent-dump is installed in bin, stripped, finds the installed library by itself and reads
#   a database a program linked against the installed library made;
# - uninstall removes everything.
set -eu
base=$1 cc=$2 soname=$3 make=$4
prefix=$base/usr
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install-test: $*"; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
realname=libesent.so.$version

# ---- as a user (or root) installing to a prefix ---------------------------------------------
$make --no-print-directory install PREFIX="$prefix" LDCONFIG="echo ran >> $tmp/ldconfig.log"
if [ "$(id -u)" = 0 ]; then
    [ -f "$tmp/ldconfig.log" ] || fail "root installed with DESTDIR empty, and ldconfig did not run"
else
    [ ! -f "$tmp/ldconfig.log" ] || fail "ldconfig ran for a user install"
fi
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pc=$prefix/lib/pkgconfig/esent.pc

# esent.pc: ${prefix}-relative, so that relocating the tree needs only --define-variable.
grep -qx 'exec_prefix=${prefix}' "$pc" || fail "esent.pc: exec_prefix is not \${prefix}"
grep -qx 'libdir=${exec_prefix}/lib' "$pc" || fail "esent.pc: libdir is not \${exec_prefix}/lib"
grep -qx 'includedir=${prefix}/include' "$pc" || fail "esent.pc: includedir is not \${prefix}/include"
[ "$(pkg-config --define-variable=prefix=/elsewhere --variable=libdir esent)" = /elsewhere/lib ] ||
    fail "esent.pc: libdir does not follow prefix"
[ "$(pkg-config --modversion esent)" = "$version" ] || fail "esent.pc: version is not $version"

# Stripped on install, exporting the same symbols as the library built.
if readelf -S "$prefix/lib/$realname" | grep -q '\.debug_info'; then fail "installed $realname is not stripped"; fi
readelf -S "build/lib/$realname" | grep -q '\.debug_info' || fail "build/lib/$realname has no debug info to strip"
nm -D --defined-only "build/lib/$realname" | awk '{print $3}' | sort > "$tmp/built.syms"
nm -D --defined-only "$prefix/lib/$realname" | awk '{print $3}' | sort > "$tmp/installed.syms"
cmp -s "$tmp/built.syms" "$tmp/installed.syms" || fail "stripping changed the exported symbols"
echo "installed $realname: stripped ($(wc -c < "$prefix/lib/$realname") bytes, built $(wc -c < "build/lib/$realname"))"

cat > "$tmp/prog.c" <<'PROG'
#include <esent.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    if (JetCreateInstance(&inst, "installed") || JetInit(&inst) ||
        JetBeginSession(inst, &sesid, NULL, NULL)) {
        puts("lifecycle failed");
        return 1;
    }
    /* With a path: a database with one table, for the installed esent-dump to read. */
    JET_DBID dbid = 0;
    JET_TABLEID t = 0;
    if (argc > 1 && (JetCreateDatabase(sesid, argv[1], NULL, &dbid, 0) ||
                     JetCreateTable(sesid, dbid, "Made", 0, 100, &t) || JetCloseTable(sesid, t) ||
                     JetCloseDatabase(sesid, dbid, 0) || JetDetachDatabase(sesid, argv[1]))) {
        puts("making a database failed");
        return 1;
    }
    if (JetEndSession(sesid, 0) || JetTerm(inst)) {
        puts("lifecycle failed");
        return 1;
    }
    if (strcmp(esent_version(), ESENT_VERSION_STRING) != 0) {
        puts("esent_version() differs from the installed header's");
        return 1;
    }
    puts("installed libesent: ok");
    return 0;
}
PROG

# Dynamic, through pkg-config.
flags=$(pkg-config --cflags --libs esent)
echo "pkg-config --cflags --libs esent: $flags"
$cc -std=c11 -Wall -Wextra -Werror "$tmp/prog.c" $flags -o "$tmp/prog"
LD_LIBRARY_PATH="$prefix/lib" "$tmp/prog"
readelf -d "$prefix/lib/$soname" | grep "SONAME" | grep -q "\[$soname\]" || fail "soname of the installed library"
readelf -d "$tmp/prog" | grep "NEEDED" | grep -q "\[$soname\]" || fail "the program does not record $soname"
echo "soname: $soname, recorded by the program"

# esent-dump: in bin, stripped, its runpath finding the installed library (no LD_LIBRARY_PATH).
dump=$prefix/bin/esent-dump
[ -x "$dump" ] || fail "esent-dump is not installed in $prefix/bin"
if readelf -S "$dump" | grep -q '\.debug_info'; then fail "installed esent-dump is not stripped"; fi
"$dump" --version | grep -q "libesent $version" || fail "esent-dump --version does not name libesent $version"
(cd "$tmp" && LD_LIBRARY_PATH="$prefix/lib" ./prog "$tmp/made.edb") > /dev/null || fail "the program did not make a database"
"$dump" "$tmp/made.edb" tables | grep -q '^Made ' || fail "the installed esent-dump does not list the table"
if "$dump" "$tmp/none.edb" tables 2> "$tmp/dump.err"; then fail "esent-dump succeeded on a missing file"; fi
grep -q JET_errFileNotFound "$tmp/dump.err" || fail "esent-dump does not name JET_errFileNotFound"
echo "esent-dump: installed, stripped, reads a database through the installed library"

# Static libesent, dynamic system libraries: the private libraries of esent.pc suffice.
echo "pkg-config --static --libs esent: $(pkg-config --static --libs esent)"
$cc -std=c11 "$tmp/prog.c" $(pkg-config --cflags esent) $(pkg-config --libs-only-L esent) \
    -Wl,-Bstatic -lesent -Wl,-Bdynamic $(pkg-config --static --libs-only-l esent | sed 's/-lesent//') \
    -o "$tmp/prog-static"
"$tmp/prog-static"
if readelf -d "$tmp/prog-static" | grep -q "libesent"; then fail "the static program needs libesent.so"; fi

# Fully static, with nothing but pkg-config --static's flags (glibc warns about its NSS
# functions that the Rust standard library references; they are never called).
if ! $cc -static -std=c11 "$tmp/prog.c" $(pkg-config --static --cflags --libs esent) -o "$tmp/prog-full" \
    2> "$tmp/static.err"; then
    cat "$tmp/static.err"
    fail "cc -static \$(pkg-config --static --cflags --libs esent) does not link"
fi
"$tmp/prog-full"
if readelf -d "$tmp/prog-full" 2>/dev/null | grep -q NEEDED; then fail "cc -static gave a dynamic program"; fi
echo "static: libesent.a with pkg-config --static's libraries, and cc -static: ok"

$make --no-print-directory uninstall PREFIX="$prefix" >/dev/null
left=$(find "$base" -type f -o -type l)
[ -z "$left" ] || fail "left after uninstall: $left"

# ---- as a packager: a staged install (DESTDIR) runs no ldconfig ------------------------------
stage=$base/stage
$make --no-print-directory install DESTDIR="$stage" PREFIX=/usr/local LDCONFIG="echo ran >> $tmp/staged.log" >/dev/null
[ ! -f "$tmp/staged.log" ] || fail "ldconfig ran for a DESTDIR install"
[ -f "$stage/usr/local/lib/$realname" ] && [ -L "$stage/usr/local/lib/$soname" ] &&
    [ -f "$stage/usr/local/include/esent.h" ] && [ -x "$stage/usr/local/bin/esent-dump" ] ||
    fail "DESTDIR install misses files"
# The optional porting header is installed beside esent.h, and compiles from there.
[ -f "$stage/usr/local/include/esent/windows-compat.h" ] || fail "DESTDIR install misses esent/windows-compat.h"
$cc -std=c11 -Wall -Werror -I"$stage/usr/local/include" -c "c-tests/header/compat_use.c" -o "$tmp/compat.o" ||
    fail "esent/windows-compat.h does not compile from the installed tree"
grep -qx 'prefix=/usr/local' "$stage/usr/local/lib/pkgconfig/esent.pc" || fail "DESTDIR leaked into esent.pc"
$make --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr/local >/dev/null
left=$(find "$stage" -type f -o -type l)
[ -z "$left" ] || fail "left after uninstall: $left"
echo "install-test: ok"
