# libesent: the one entry point. `make demo` and `make test` are all a newcomer needs.
#
# Overridable: CC CXX CARGO CFLAGS PREFIX LIBDIR INCLUDEDIR DESTDIR

.DELETE_ON_ERROR:
.SUFFIXES:
.PHONY: valgrind-if-present examples-run asan tsan fuzz soak all lib header demo test rust-test c-tests run-c-tests check-header check-constants \
        check-exports dlopen-test install-test valgrind bench install uninstall clean

CARGO      ?= cargo
CC         ?= cc
CXX        ?= c++
CFLAGS     ?= -O2 -g
WARN        = -Wall -Wextra -Werror
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR    ?=

# The crate version names the file; the ABI version (kept apart in Cargo.toml) names the soname.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
ABI     := $(shell sed -n 's/^abi-version = "*\([0-9]*\)"*/\1/p' Cargo.toml | head -n 1)
SONAME  := libesent.so.$(ABI)
REALNAME := libesent.so.$(VERSION)

B        := build
LIB      := $(B)/lib
TESTLIB  := $(B)/lib-failpoints
RELEASE  := target/release
FAILPTS  := target/failpoints/debug
SOURCES  := $(shell find src -name '*.rs') build.rs Cargo.toml Cargo.lock cbindgen.toml $(wildcard data/*.tsv)
HARNESS  := $(B)/c-tests/harness
VALGRIND ?= valgrind

all: lib

# ---- the library -------------------------------------------------------------------------

$(RELEASE)/libesent.so $(RELEASE)/libesent.a include/esent.h &: $(SOURCES)
	$(CARGO) build --release --locked
	@touch $(RELEASE)/libesent.so $(RELEASE)/libesent.a

# The installed layout: real file, soname link, development link.
$(LIB)/$(REALNAME): $(RELEASE)/libesent.so
	@mkdir -p $(LIB)
	cp $< $@
	ln -sf $(REALNAME) $(LIB)/$(SONAME)
	ln -sf $(SONAME) $(LIB)/libesent.so

# The same library with test hooks (failpoints, an injected panic): never installed.
$(TESTLIB)/$(SONAME): $(SOURCES)
	$(CARGO) build --locked --features failpoints --target-dir target/failpoints
	@mkdir -p $(TESTLIB)
	cp $(FAILPTS)/libesent.so $@

lib: $(LIB)/$(REALNAME) include/esent.h
header: include/esent.h

# ---- demo --------------------------------------------------------------------------------

$(B)/examples/%: examples/%.c include/esent.h $(LIB)/$(REALNAME)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -Iinclude $< -o $@ -L$(LIB) -lesent -lpthread -Wl,-rpath,'$$ORIGIN/../lib'

EXAMPLES := $(patsubst examples/%.c,$(B)/examples/%,$(wildcard examples/*.c))

demo: $(B)/examples/lifecycle
	$(B)/examples/lifecycle

# ---- tests -------------------------------------------------------------------------------

test: rust-test check-header check-constants check-exports run-c-tests dlopen-test install-test examples-run \
      valgrind-if-present
	@echo "make test: all passed"

# memcheck over the whole C harness, failing on any error or definite/indirect leak; skipped
# (saying so) only where valgrind is not installed. .ci/run installs it.
valgrind-if-present:
	@if command -v $(VALGRIND) >/dev/null 2>&1; then $(MAKE) --no-print-directory valgrind; \
	else echo "valgrind not installed: memcheck run skipped"; fi

rust-test:
	$(CARGO) test --locked
	$(CARGO) test --locked --features failpoints --target-dir target/failpoints

C_TEST_SRC := $(wildcard c-tests/*.c)

# A C++ program the harness runs: JetTerm from a global object's destructor (issue 10 item 2).
CXX_DTOR := $(B)/c-tests/term_in_global_dtor

$(CXX_DTOR): c-tests/cxx/term_in_global_dtor.cpp include/esent.h $(LIB)/$(REALNAME)
	@mkdir -p $(dir $@)
	$(CXX) $(CFLAGS) $(WARN) -std=c++11 -Iinclude $< -o $@ -L$(LIB) -lesent -Wl,-rpath,'$$ORIGIN/../lib'

$(HARNESS): $(C_TEST_SRC) c-tests/check.h include/esent.h $(LIB)/$(REALNAME) $(CXX_DTOR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -DCXX_DTOR_PROGRAM='"$(CURDIR)/$(CXX_DTOR)"' -Iinclude -Ic-tests \
	    $(C_TEST_SRC) -o $@ -L$(LIB) -lesent -lpthread -ldl -Wl,-rpath,'$$ORIGIN/../lib'

c-tests: $(HARNESS)

# Twice: against the release library (cases that need hooks are skipped), then against the
# failpoints build (every case runs), which the loader picks through LD_LIBRARY_PATH.
run-c-tests: $(HARNESS) $(TESTLIB)/$(SONAME)
	$(HARNESS)
	LD_LIBRARY_PATH=$(TESTLIB) $(HARNESS)

valgrind: $(HARNESS) $(TESTLIB)/$(SONAME) $(B)/dlopen_test $(LIB)/$(REALNAME)
	@# --fair-sched: valgrind runs one thread at a time, and its default hand-off can starve a
	@# thread for minutes while another loops calling the library.
	ESENT_TEST_SERIAL=1 LD_LIBRARY_PATH=$(TESTLIB) $(VALGRIND) -q --fair-sched=yes --trace-children=yes --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	    $(HARNESS)
	@# Nothing the library allocated survives an unload: 20 load/lifecycle/unload cycles.
	ESENT_DLOPEN_NO_RSS=1 $(VALGRIND) -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --show-leak-kinds=definite,indirect $(B)/dlopen_test $(CURDIR)/$(LIB)/$(REALNAME) exports.txt 20

examples-run: $(EXAMPLES)
	@set -e; for e in $(EXAMPLES); do echo "== $$e"; $$e > /dev/null; done

# The committed header must be what the sources generate, and compile cleanly everywhere.
check-header: include/esent.h
	@mkdir -p $(B)
	@# A separate target dir, so regenerating does not invalidate the main build.
	ESENT_HEADER_OUT=$(CURDIR)/$(B)/esent.h.generated $(CARGO) build --locked --target-dir target/header-check
	diff -u include/esent.h $(B)/esent.h.generated
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	    git diff --exit-code HEAD -- include/esent.h || \
	    { echo "include/esent.h differs from the committed one: commit the regenerated header"; exit 1; }; fi
	printf '#include <esent.h>\nint main(void) { return 0; }\n' > $(B)/header_check.c
	$(CC) -std=c99 -pedantic $(WARN) -Iinclude -c $(B)/header_check.c -o $(B)/header_c99.o
	$(CC) -std=c11 -pedantic $(WARN) -Iinclude -c $(B)/header_check.c -o $(B)/header_c11.o
	$(CC) -std=c11 -pedantic $(WARN) -DJET_UNICODE -Iinclude -c $(B)/header_check.c -o $(B)/header_w.o
	cp $(B)/header_check.c $(B)/header_check.cpp
	$(CXX) -std=c++17 -pedantic $(WARN) -Iinclude -c $(B)/header_check.cpp -o $(B)/header_cxx17.o
	@echo "check-header: ok"

# Every constant of the table is defined in esent.h with its value (public ones, and the private
# ones the contract publishes), checked by the C compiler itself.
check-constants: include/esent.h
	@mkdir -p $(B)
	sh c-tests/constants.sh data/jet-constants.tsv > $(B)/constants_check.c
	$(CC) -std=c11 $(WARN) -Iinclude -c $(B)/constants_check.c -o $(B)/constants_check.o
	@if [ -f ../shared/spec/jet-constants.tsv ]; then diff -u ../shared/spec/jet-constants.tsv data/jet-constants.tsv; fi
	@echo "check-constants: ok"

# Exported dynamic symbols == exports.txt == functions declared in esent.h.
check-exports: $(LIB)/$(REALNAME) include/esent.h
	@mkdir -p $(B)
	nm -D --defined-only $(LIB)/$(REALNAME) | awk '{print $$3}' | sort > $(B)/exports.nm
	sed -n 's/^JET_ERR \(Jet[A-Za-z0-9]*\)(.*/\1/p' include/esent.h | sort > $(B)/exports.h
	sort exports.txt | diff -u - $(B)/exports.nm
	sort exports.txt | diff -u - $(B)/exports.h
	readelf -d $(LIB)/$(REALNAME) | grep -q 'SONAME.*\[$(SONAME)\]'
	@echo "check-exports: ok ($$(wc -l < exports.txt) symbols, soname $(SONAME))"

$(B)/dlopen_test: c-tests/dlopen/dlopen_test.c include/esent.h
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -Iinclude $< -o $@ -ldl

dlopen-test: $(B)/dlopen_test $(LIB)/$(REALNAME)
	$(B)/dlopen_test $(CURDIR)/$(LIB)/$(REALNAME) exports.txt 300

# Install into a scratch prefix, then build and run a program the way a user would.
install-test: lib
	rm -rf $(B)/install-test
	$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/$(B)/install-test/usr
	sh c-tests/install/install_test.sh $(CURDIR)/$(B)/install-test/usr "$(CC)" $(SONAME)

# Speed is measured here, never asserted by a test: bench/run.sh builds bench/ against the
# release library and LMDB (installing liblmdb-dev if absent) and prints ns/op and ratios.
bench: lib
	sh bench/run.sh $(CURDIR)/$(LIB) "$(CC)"

# ---- sanitizers, fuzzing, soak (not part of `make test`) -----------------------------------

SAN_TARGET   := x86_64-unknown-linux-gnu
HAVE_NIGHTLY := $(shell rustup run nightly rustc --version >/dev/null 2>&1 && echo yes)
SAN_C         = $(CC) -g -O1 -fno-omit-frame-pointer $(WARN) -std=c11 -D_GNU_SOURCE -Iinclude -Ic-tests \
                $(C_TEST_SRC) -L$(TESTLIB) -l:$(SONAME) -lpthread -ldl -Wl,-rpath,$(CURDIR)/$(TESTLIB)

# The C harness with the sanitizer, against the failpoints build; then, where a nightly
# toolchain exists, the Rust tests with the library itself instrumented. Each step proves the
# sanitizer is linked before trusting a clean run.
asan: $(TESTLIB)/$(SONAME)
	@mkdir -p $(B)/asan
	$(SAN_C) -fsanitize=address,undefined -o $(B)/asan/harness
	nm $(B)/asan/harness | grep -q __asan_init
	ASAN_OPTIONS=abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1 $(B)/asan/harness
	@if [ "$(HAVE_NIGHTLY)" = yes ]; then \
	    RUSTFLAGS="-Zsanitizer=address" $(CARGO) +nightly test --target $(SAN_TARGET) --target-dir target/asan \
	        --features failpoints --tests && \
	    for t in $$(find target/asan/$(SAN_TARGET)/debug/deps -maxdepth 1 -name "engine-*" -type f -perm -u+x); do nm $$t | grep -q __asan_init || exit 1; done && \
	    echo "asan: Rust tests instrumented and clean"; \
	else echo "asan: no nightly toolchain here: the Rust side was not instrumented (C harness only)"; fi

tsan: $(TESTLIB)/$(SONAME)
	@mkdir -p $(B)/tsan
	$(SAN_C) -fsanitize=thread -o $(B)/tsan/harness
	nm $(B)/tsan/harness | grep -q __tsan_init
	TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tsan.supp" $(B)/tsan/harness
	@if [ "$(HAVE_NIGHTLY)" = yes ]; then \
	    TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tsan.supp" \
	    RUSTFLAGS="-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer" $(CARGO) +nightly test \
	        --target $(SAN_TARGET) --target-dir target/tsan --features failpoints --tests && \
	    for t in $$(find target/tsan/$(SAN_TARGET)/debug/deps -maxdepth 1 -name "engine-*" -type f -perm -u+x); do nm $$t | grep -q __tsan_init || exit 1; done && \
	    echo "tsan: Rust tests instrumented and clean"; \
	else echo "tsan: no nightly toolchain here: the Rust side was not instrumented (C harness only)"; fi

FUZZ_SECONDS ?= 60
fuzz:
	@if [ "$(HAVE_NIGHTLY)" = yes ] && $(CARGO) fuzz --version >/dev/null 2>&1; then \
	    cd fuzz && $(CARGO) +nightly fuzz run api_input -- -max_total_time=$(FUZZ_SECONDS); \
	else echo "fuzz: needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz); not run"; fi

# Longer randomized runs than `make test` does.
soak:
	ESENT_MODEL_CALLS=2000000 $(CARGO) test --release --locked --test model -- --nocapture
	ESENT_STRESS_SECS=60 $(CARGO) test --release --locked --test stress -- --nocapture

# ---- install -----------------------------------------------------------------------------

install: lib
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' esent.pc.in > $(B)/esent.pc
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 755 $(LIB)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(REALNAME)
	ln -sf $(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libesent.so
	install -m 644 $(RELEASE)/libesent.a $(DESTDIR)$(LIBDIR)/libesent.a
	install -m 644 include/esent.h $(DESTDIR)$(INCLUDEDIR)/esent.h
	install -m 644 $(B)/esent.pc $(DESTDIR)$(LIBDIR)/pkgconfig/esent.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libesent.so \
	      $(DESTDIR)$(LIBDIR)/libesent.a $(DESTDIR)$(INCLUDEDIR)/esent.h $(DESTDIR)$(LIBDIR)/pkgconfig/esent.pc

clean:
	$(CARGO) clean
	rm -rf $(B)
