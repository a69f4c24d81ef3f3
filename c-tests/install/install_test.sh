#!/bin/sh
# Builds and runs a program against an installed libesent, as a user would: through pkg-config,
# dynamically and statically; then checks the soname and that uninstall removes everything.
set -eu
prefix=$1 cc=$2 soname=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"

cat > "$tmp/prog.c" <<'PROG'
#include <esent.h>
#include <stdio.h>
int main(void) {
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    if (JetCreateInstance(&inst, "installed") || JetInit(&inst) ||
        JetBeginSession(inst, &sesid, NULL, NULL) || JetEndSession(sesid, 0) || JetTerm(inst)) {
        puts("lifecycle failed");
        return 1;
    }
    puts("installed libesent: ok");
    return 0;
}
PROG

flags=$(pkg-config --cflags --libs esent)
echo "pkg-config --cflags --libs esent: $flags"
$cc -std=c11 -Wall -Wextra -Werror "$tmp/prog.c" $flags -o "$tmp/prog"
LD_LIBRARY_PATH="$prefix/lib" "$tmp/prog"

readelf -d "$prefix/lib/$soname" | grep "SONAME" | grep -q "\[$soname\]"
readelf -d "$tmp/prog" | grep "NEEDED" | grep -q "\[$soname\]"
echo "soname: $soname, recorded by the program"

$cc -std=c11 "$tmp/prog.c" $(pkg-config --cflags esent) "$prefix/lib/libesent.a" \
    $(pkg-config --static --libs-only-l esent | sed 's/-lesent//') -o "$tmp/prog-static"
"$tmp/prog-static"
if readelf -d "$tmp/prog-static" | grep -q "libesent"; then echo "static program needs libesent.so"; exit 1; fi

make --no-print-directory uninstall PREFIX="$prefix" >/dev/null
left=$(find "$prefix" -type f -o -type l)
if [ -n "$left" ]; then echo "left after uninstall: $left"; exit 1; fi
echo "install-test: ok"
