#!/bin/sh
# c-tests/install/tree_test.sh "MAKE" (from `make check-tree`, after `make lib`): copies the
# source tree and what `make` built into a scratch dir, dates it as a fresh clone may be dated
# (include/esent.h older than every source, the build newer), puts a cargo that only fails
# first on the PATH (as under sudo, where there is no cargo), and checks:
# - nothing is stale: `make -q lib` says up to date and `make lib` runs no cargo;
# - `make -n test` would not build the release library again;
# - `make install` installs what was built without building, even after a source changed
#   (saying so), and fails with a clear message when nothing was built;
# - a failed cargo run leaves include/esent.h in place, unchanged;
# - a rustc older than 1.90 gets a message that says so, before cargo runs;
# - a deleted include/esent.h comes back, from what the sources generate, without cargo.
set -eu
make=$1
root=$(pwd)
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail() { echo "check-tree: $*"; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

tree=$tmp/tree
mkdir -p "$tree"
tar -C "$root" --exclude=./target --exclude=./build --exclude=./.git --exclude=./fuzz/target \
    --exclude=./fuzz/corpus --exclude=./fuzz/artifacts -cf - . | tar -C "$tree" -xf -
now=$(date +%s)
find "$tree" -exec touch -h -d "@$((now - 600))" {} +
touch -d "@1000000000" "$tree/include/esent.h"   # a checkout may date it before everything
mkdir -p "$tree/target/release" "$tree/build/lib"
cp target/release/libesent.so target/release/libesent.a target/release/esent.h.generated "$tree/target/release/"
cp -P build/lib/libesent.so* "$tree/build/lib/"
mkdir -p "$tree/build/bin"
cp build/bin/esent-dump "$tree/build/bin/"
touch "$tree/target/release/libesent.so" "$tree/target/release/libesent.a" "$tree/target/release/esent.h.generated"
touch -h "$tree"/build/lib/*
touch "$tree"/build/bin/*
cp "$tree/include/esent.h" "$tmp/header.orig"

# cargo and rustc stand-ins: cargo records that it was called and fails; rustc says RUST_VERSION.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "cargo $*" >> %s/cargo.log\nexit 101\n' "$tmp" > "$tmp/bin/cargo"
printf '#!/bin/sh\necho "rustc ${RUST_VERSION:-1.95.0} (stand-in)"\n' > "$tmp/bin/rustc"
chmod +x "$tmp/bin/cargo" "$tmp/bin/rustc"
run() { (cd "$tree" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CARGO -u RUSTC PATH="$tmp/bin:/usr/bin:/bin" "$@"); }
no_cargo() { [ ! -f "$tmp/cargo.log" ] || fail "$1 ran cargo: $(cat "$tmp/cargo.log")"; }

run $make -q lib || fail "a fresh tree looks stale to make (make -q lib exits $?)"
run $make --no-print-directory lib > "$tmp/lib.log" 2>&1 || { cat "$tmp/lib.log"; fail "make lib failed"; }
no_cargo "make lib on a built tree"
run $make -n test > "$tmp/test-n.log" 2>&1 || { cat "$tmp/test-n.log"; fail "make -n test failed"; }
if grep -q "cargo build --release" "$tmp/test-n.log"; then fail "make test would build the release library again"; fi
no_cargo "make -n test"

run $make --no-print-directory install DESTDIR="$tmp/dest" > "$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "make install without cargo failed"; }
no_cargo "make install"
[ -f "$tmp/dest/usr/local/lib/libesent.so.$version" ] && [ -f "$tmp/dest/usr/local/include/esent.h" ] &&
    [ -f "$tmp/dest/usr/local/bin/esent-dump" ] || fail "make install did not install the library, the header and esent-dump"

# A deleted header comes back from the generated copy while the build is current.
rm "$tree/include/esent.h"
run $make --no-print-directory lib > "$tmp/restore.log" 2>&1 || { cat "$tmp/restore.log"; fail "make lib without the header failed"; }
cmp -s "$tree/include/esent.h" "$tmp/header.orig" || fail "include/esent.h was not restored"
no_cargo "restoring the header"

touch "$tree/src/lib.rs"
if run $make -q lib; then fail "make -q lib misses a changed source"; fi
run $make --no-print-directory install DESTDIR="$tmp/dest2" > "$tmp/install2.log" 2>&1 ||
    { cat "$tmp/install2.log"; fail "make install after a source change failed"; }
grep -q "sources changed since the last 'make'" "$tmp/install2.log" || fail "make install did not say the build is older than the sources"
no_cargo "make install after a source change"

# A failed cargo run (the stand-in fails) must leave the committed header alone.
if run $make --no-print-directory lib > "$tmp/fail.log" 2>&1; then fail "make lib succeeded with a failing cargo"; fi
[ -f "$tmp/cargo.log" ] || fail "make lib did not run cargo for a changed source"
cmp -s "$tree/include/esent.h" "$tmp/header.orig" || fail "a failed cargo run deleted or changed include/esent.h"
rm -f "$tmp/cargo.log"

# Debian's rustc 1.63: a clear message, and cargo is not run.
if RUST_VERSION=1.63.0 run $make --no-print-directory lib > "$tmp/old.log" 2>&1; then fail "make lib succeeded with rustc 1.63"; fi
grep -q "libesent needs Rust >= 1.90" "$tmp/old.log" || { cat "$tmp/old.log"; fail "no clear message for an old rustc"; }
no_cargo "make lib with rustc 1.63"

rm -rf "$tree/build/lib"
if run $make --no-print-directory install DESTDIR="$tmp/dest3" > "$tmp/install3.log" 2>&1; then fail "make install succeeded with nothing built"; fi
grep -q "is missing. Build first" "$tmp/install3.log" || { cat "$tmp/install3.log"; fail "no clear message when nothing was built"; }
no_cargo "make install with nothing built"
echo "check-tree: ok"
