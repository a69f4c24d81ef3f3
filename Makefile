# libesent: the one entry point. `make demo` and `make test` are all a newcomer needs; README.md
# ("Layout") lists every target.
#
# Overridable: CC CXX CARGO RUSTC CFLAGS PREFIX LIBDIR INCLUDEDIR BINDIR DESTDIR STRIP LDCONFIG VALGRIND

.DELETE_ON_ERROR:
.SUFFIXES:
.PHONY: all lib header demo test check rust-test c-tests run-c-tests check-header check-constants \
        check-exports check-harness check-tree check-docs dlopen-test install-test examples-run valgrind \
        valgrind-if-present asan tsan tsan-data fuzz soak bench install uninstall clean test-samples
# The committed header is never deleted, whatever recipe fails (it is not a product of one).
.PRECIOUS: include/esent.h

CARGO      ?= cargo
RUSTC      ?= rustc
CC         ?= cc
CXX        ?= c++
CFLAGS     ?= -O2 -g
WARN        = -Wall -Wextra -Werror
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR    ?=
STRIP      ?= strip
LDCONFIG   ?= ldconfig

# The crate version names the file; the ABI version (kept apart in Cargo.toml) names the soname.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
ABI     := $(shell sed -n 's/^abi-version = "*\([0-9]*\)"*/\1/p' Cargo.toml | head -n 1)
SONAME  := libesent.so.$(ABI)
REALNAME := libesent.so.$(VERSION)

B        := build
LIB      := $(B)/lib
TESTLIB  := $(B)/lib-failpoints
RELEASE  := target/release
# What build.rs generated in the last release build (see build.rs).
GENERATED := $(RELEASE)/esent.h.generated
# The hook library is optimized (Cargo.toml's `hooks` profile: release code generation with
# debug assertions and overflow checks kept, no LTO): memcheck runs its C harness some five times
# faster than over an unoptimized build. `cargo test` keeps the dev profile in the same target dir.
FAILPTS  := target/failpoints/hooks
# The test-hook build: without the header feature (the release build writes the header), so
# cbindgen and its dependencies are compiled once, not twice.
HOOKS    := --no-default-features --features failpoints
SOURCES  := $(shell find src -name '*.rs') build.rs Cargo.toml Cargo.lock cbindgen.toml $(wildcard data/*.tsv)
HARNESS  := $(B)/c-tests/harness
CODES    := $(B)/c-tests/check_codes.c
VALGRIND ?= valgrind
JOBS     := $(shell nproc 2>/dev/null || echo 2)
# make for the test scripts, named indirectly so that `make -n` prints their lines rather than
# running them (a line that says $$(MAKE) runs even under -n).
MAKE_IN_TESTS = $(MAKE)

# Every cargo recipe starts here: Debian's own rustc (1.63) fails on edition 2024 with an error
# that does not say what to do.
RUST_CHECK = @v=$$($(RUSTC) --version 2>/dev/null | sed -n 's/^rustc \([0-9]*\)\.\([0-9]*\).*/\1 \2/p'); \
    set -- $$v 0 0; \
    if [ "$$1" -lt 1 ] || { [ "$$1" -eq 1 ] && [ "$$2" -lt 90 ]; }; then \
        echo "libesent needs Rust >= 1.90 (edition 2024, redb 4); $(RUSTC) is: $$($(RUSTC) --version 2>&1 | head -n 1)"; \
        echo "Install a current stable toolchain with rustup (Debian's packaged rustc is too old)."; \
        exit 1; \
    fi

all: lib

# ---- the library -------------------------------------------------------------------------

# build.rs rewrites include/esent.h only when its text changes, so the header is no target of
# this rule: a fresh clone's checkout times never make it look stale, and a failed cargo run
# cannot delete it. The generated copy is touched with the libraries so that it dates this run.
$(RELEASE)/libesent.so $(RELEASE)/libesent.a $(GENERATED) &: $(SOURCES)
	$(RUST_CHECK)
	$(CARGO) build --release --locked
	@# A target dir from before the copy existed: make build.rs run once more.
	@if [ ! -f $(GENERATED) ]; then touch build.rs && $(CARGO) build --release --locked; fi
	@touch $(RELEASE)/libesent.so $(RELEASE)/libesent.a $(GENERATED)

# Only when it is missing (deleted by hand or by an older Makefile): restored from what the
# sources generate, which the release build above has just brought up to date. While it is
# there it is a plain source, so that what compiles against it (the hook build's harness) need
# not wait for the release build; check-header proves it is what the sources generate.
ifeq ($(wildcard include/esent.h),)
include/esent.h: | $(GENERATED)
	@if [ ! -f $@ ]; then echo "include/esent.h is missing: restoring it from $(GENERATED)"; \
	    cp $(GENERATED) $@; fi
endif

# The installed layout: real file, soname link, development link.
$(LIB)/$(REALNAME): $(RELEASE)/libesent.so
	@mkdir -p $(LIB)
	cp $< $@
	ln -sf $(REALNAME) $(LIB)/$(SONAME)
	ln -sf $(SONAME) $(LIB)/libesent.so

# The same library with test hooks (failpoints, an injected panic): never installed. It shares
# its target dir (and so its build) with `make rust-test`.
$(TESTLIB)/$(SONAME): $(SOURCES)
	$(RUST_CHECK)
	$(CARGO) build --locked $(HOOKS) --target-dir target/failpoints --profile hooks
	@mkdir -p $(TESTLIB)
	cp $(FAILPTS)/libesent.so $@

lib: $(LIB)/$(REALNAME) include/esent.h
header: include/esent.h

# ---- demo --------------------------------------------------------------------------------

$(B)/examples/%: examples/%.c include/esent.h $(LIB)/$(REALNAME)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -Iinclude $< -o $@ -L$(LIB) -lesent -lpthread -Wl,-rpath,'$$ORIGIN/../lib'

EXAMPLES := $(patsubst examples/%.c,$(B)/examples/%,$(wildcard examples/*.c))

demo: $(B)/examples/lifecycle $(B)/examples/bookstore
	$(B)/examples/lifecycle
	$(B)/examples/bookstore

# ---- tests -------------------------------------------------------------------------------

# The steps run side by side (one per CPU, each step's output printed whole when it ends):
# the memcheck run over the hook build starts as soon as that build and the harness are there,
# alongside the release build, rather than after everything else. It is listed first so that
# its inputs are built first.
HAVE_VALGRIND := $(shell command -v $(VALGRIND) >/dev/null 2>&1 && echo yes)
TEST_STEPS = $(if $(HAVE_VALGRIND),$(MEMCHECK_RUNS),valgrind-if-present) rust-test check-header \
      check-constants check-exports check-harness run-c-tests dlopen-test install-test check-tree \
      check-docs examples-run
# Twice as many make jobs as CPUs: cargo takes its compile jobs from the same pool (make's
# jobserver), and with one job per CPU the memcheck run and one cargo would leave the other
# cargo compiling one crate at a time.
TEST_MAKE_JOBS := $(shell echo $$(( $(JOBS) * 2 )))
test:
	@rm -f $(MEMCHECK_RUNS)
	@echo "make test: $(TEST_MAKE_JOBS) steps at a time; each step's output is printed when it ends"
	@$(MAKE) --no-print-directory -j$(TEST_MAKE_JOBS) --output-sync=target $(TEST_STEPS)
	@echo "make test: all passed"

# The edit-compile-test loop: the Rust tests and both C harness runs, without valgrind.
check: rust-test run-c-tests
	@echo "make check: all passed"

# memcheck over the whole C harness, failing on any error or definite/indirect leak; skipped
# (saying so) only where valgrind is not installed. .ci/run installs it.
valgrind-if-present:
	@if [ "$(HAVE_VALGRIND)" = yes ]; then $(MAKE) --no-print-directory valgrind; \
	else echo "valgrind not installed: memcheck run skipped"; fi

# Once, with the test hooks (a plain `cargo test` runs them without). The release library's
# configuration is tested from C: run-c-tests runs every case that needs no hook against it.
# The hook library is built first, so that the memcheck run of `make test` can start while the
# Rust tests compile (in the same target dir, with the dev profile).
rust-test: $(TESTLIB)/$(SONAME)
	$(RUST_CHECK)
	$(CARGO) test --locked $(HOOKS) --target-dir target/failpoints

C_TEST_SRC := $(wildcard c-tests/*.c)
# One object per file (compiled in parallel under -j), linked twice: against the release library
# and against the hook build.
C_TEST_OBJ := $(patsubst c-tests/%.c,$(B)/c-tests/obj/%.o,$(C_TEST_SRC)) $(B)/c-tests/obj/check_codes.o
HOOK_HARNESS := $(B)/c-tests/harness-hooks

# The harness names codes from its own table, generated from the constants table.
$(CODES): data/jet-constants.tsv c-tests/codes.sh
	@mkdir -p $(dir $@)
	sh c-tests/codes.sh data/jet-constants.tsv > $@

# A C++ program the harness runs: JetTerm from a global object's destructor (S-LIF-05).
CXX_DTOR := $(B)/c-tests/term_in_global_dtor

# Linked against the hook build (same soname and exports as the release library, so that it can
# be built before the release library): it runs against whichever library the harness that
# starts it has loaded: build/lib through its runpath, or LD_LIBRARY_PATH's.
$(CXX_DTOR): c-tests/cxx/term_in_global_dtor.cpp include/esent.h $(TESTLIB)/$(SONAME)
	@mkdir -p $(dir $@)
	$(CXX) $(CFLAGS) $(WARN) -std=c++11 -Iinclude $< -o $@ -L$(TESTLIB) -l:$(SONAME) -Wl,-rpath,'$$ORIGIN/../lib'

$(B)/c-tests/obj/%.o: c-tests/%.c c-tests/check.h include/esent.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -DCXX_DTOR_PROGRAM='"$(CURDIR)/$(CXX_DTOR)"' -Iinclude -Ic-tests \
	    -c $< -o $@

$(B)/c-tests/obj/check_codes.o: $(CODES) c-tests/check.h include/esent.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -Iinclude -Ic-tests -c $< -o $@

# The harness proper: linked against the release library (so every symbol it calls is
# resolved there); run-c-tests runs it against both libraries.
$(HARNESS): $(C_TEST_OBJ) $(LIB)/$(REALNAME) $(CXX_DTOR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(C_TEST_OBJ) -o $@ -L$(LIB) -lesent -lpthread -ldl -Wl,-rpath,'$$ORIGIN/../lib'

# The same objects linked against the hook build (runpath build/lib-failpoints), for the memcheck
# run, which so needs nothing of the release build.
$(HOOK_HARNESS): $(TESTLIB)/$(SONAME) $(CXX_DTOR) $(C_TEST_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(C_TEST_OBJ) -o $@ -L$(TESTLIB) -l:$(SONAME) -lpthread -ldl -Wl,-rpath,'$$ORIGIN/../lib-failpoints'

c-tests: $(HARNESS)

# Twice: against the release library (cases that need hooks are skipped), then against the
# failpoints build (every case runs), which the loader picks through LD_LIBRARY_PATH. The first
# run takes one case at a time, so that the cases that need threads running in parallel check
# it; the second runs one case per CPU (much of a case's time is spent waiting on fsync).
run-c-tests: $(HARNESS) $(TESTLIB)/$(SONAME)
	$(HARNESS)
	ESENT_TEST_JOBS=$(JOBS) ESENT_TEST_FIRST=temp_random_sort_long LD_LIBRARY_PATH=$(TESTLIB) $(HARNESS)

# memcheck, in two runs that each leave a file when they pass (`make valgrind` and `make test`
# delete the files first, so both runs always run):
# 1. The whole C harness against the hook build. Cases run side by side (ESENT_TEST_JOBS), one
#    per CPU: memcheck runs each process's threads one at a time, so this is what keeps it
#    within minutes; the slowest cases (MEMCHECK_FIRST; the run names its slowest at the end)
#    start first, so that the jobs end together. A case gets 300 s instead of 60 (memcheck is
#    some 50 times slower than a native run).
# 2. Nothing the release library allocated survives an unload: 20 load/lifecycle/unload cycles.
MEMCHECK_HARNESS := $(B)/memcheck/harness.passed
MEMCHECK_DLOPEN  := $(B)/memcheck/dlopen.passed
MEMCHECK_RUNS    := $(MEMCHECK_HARNESS) $(MEMCHECK_DLOPEN)
MEMCHECK_FIRST   := crash_loop_kills_inside_commits crash_commits_survive_sigkill \
                    inst_term_is_atomic_for_other_threads crash_wait_makes_lazy_commits_durable \
                    cur_set_get_current_index cur_seek_descending_and_nulls cur_index_record_count \
                    cur_make_key_text_limits
VALGRIND_LEAKS   := --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
                    --show-leak-kinds=definite,indirect

valgrind:
	@rm -f $(MEMCHECK_RUNS)
	@$(MAKE) --no-print-directory $(MEMCHECK_RUNS)

$(MEMCHECK_HARNESS): $(HOOK_HARNESS) $(TESTLIB)/$(SONAME) $(CXX_DTOR)
	@mkdir -p $(dir $@)
	@# --fair-sched: valgrind runs one thread at a time, and its default hand-off can starve a
	@# thread for minutes while another loops calling the library.
	@# ESENT_TEST_WARMUP: the harness runs c-tests/warmup.c once in its own process before
	@# forking the cases (TEST_FRESH ones before it), so each case's fork inherits the code
	@# valgrind has already translated instead of translating it again.
	ESENT_TEST_SERIAL=1 ESENT_TEST_WARMUP=1 ESENT_TEST_JOBS=$(JOBS) ESENT_TEST_TIMEOUT=300 ESENT_TEST_FIRST="$(MEMCHECK_FIRST)" \
	    LD_LIBRARY_PATH=$(TESTLIB) $(VALGRIND) -q --fair-sched=yes --trace-children=yes $(VALGRIND_LEAKS) \
	    $(HOOK_HARNESS)
	@touch $@

$(MEMCHECK_DLOPEN): $(B)/dlopen_test $(LIB)/$(REALNAME)
	@mkdir -p $(dir $@)
	ESENT_DLOPEN_NO_RSS=1 $(VALGRIND) -q $(VALGRIND_LEAKS) $(B)/dlopen_test $(CURDIR)/$(LIB)/$(REALNAME) exports.txt 20
	@touch $@

# The harness itself: it keeps every case past 1,024, counts failures and skips, runs cases in
# parallel, and names codes without the library (it is linked without libesent here).
check-harness: $(CODES)
	sh c-tests/harness/selftest.sh "$(CC)" $(B)/c-tests/selftest

# Each example runs with TMPDIR pointing at an empty directory, which must be empty again when
# it ends; an example with an examples/NAME.expected must print exactly that.
examples-run: $(EXAMPLES)
	@set -e; t=$(B)/examples/tmp; rm -rf $$t; mkdir -p $$t; \
	for e in $(EXAMPLES); do echo "== $$e"; x=examples/$${e##*/}.expected; \
	    if [ -f $$x ]; then TMPDIR=$(CURDIR)/$$t $$e > $$e.out; diff -u $$x $$e.out; \
	    else TMPDIR=$(CURDIR)/$$t $$e > /dev/null; fi; \
	    if [ -n "$$(ls -A $$t)" ]; then echo "$$e left files in TMPDIR: $$(ls -A $$t)"; exit 1; fi; \
	done; rmdir $$t

# Microsoft's ESE samples, built unchanged from $ESENT_SAMPLES (a checkout's test/ese/src/samples)
# with the porting kit and the stand-in headers of c-tests/samples/include, run with the LP64 mode
# on, their output compared with Windows'. They are built against an installed copy of the
# library: `make install` into $(SAMPLES_PREFIX), whose include/ and lib/ alone they use.
# Unset: a skip, saying so (nothing is built).
SAMPLES_PREFIX := $(CURDIR)/$(B)/samples/prefix
test-samples:
	@if [ -n "$${ESENT_SAMPLES:-}" ]; then $(MAKE) --no-print-directory lib tools && rm -rf $(SAMPLES_PREFIX) && \
	    $(MAKE) --no-print-directory install PREFIX=$(SAMPLES_PREFIX) LDCONFIG=: >/dev/null; fi
	sh c-tests/samples/run.sh "$(CC)" $(SAMPLES_PREFIX) $(B)/samples

# The committed header must be what the sources generate, and compile cleanly everywhere:
# included twice, as C89, C99, C11, C++98 and C++17, with and without JET_UNICODE.
HEADER_USE := c-tests/header/header_use.c
COMPAT_USE := c-tests/header/compat_use.c
check-header: $(GENERATED) include/esent.h
	@mkdir -p $(B)/header
	diff -u include/esent.h $(GENERATED)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	    git diff --exit-code HEAD -- include/esent.h || \
	    { echo "include/esent.h differs from the committed one: commit the regenerated header"; exit 1; }; fi
	@set -e; for u in "" -DJET_UNICODE; do \
	    for std in c89 gnu89 c99 c11; do \
	        echo "$(CC) -std=$$std -pedantic $(WARN) $$u $(HEADER_USE)"; \
	        $(CC) -std=$$std -pedantic $(WARN) $$u -Iinclude -c $(HEADER_USE) -o $(B)/header/use.o; \
	    done; \
	    for std in c++98 c++17; do \
	        echo "$(CXX) -std=$$std -pedantic $(WARN) -Wold-style-cast $$u $(HEADER_USE)"; \
	        $(CXX) -x c++ -std=$$std -pedantic $(WARN) -Wold-style-cast $$u -Iinclude -c $(HEADER_USE) \
	            -o $(B)/header/use.o; \
	    done; \
	done
	@set -e; for std in c99 c11 c++17; do \
	    x=; case $$std in c++*) x="-x c++";; esac; \
	    echo "$(CC) $$x -std=$$std -pedantic $(WARN) $(COMPAT_USE)"; \
	    $(CC) $$x -std=$$std -pedantic $(WARN) -Iinclude -c $(COMPAT_USE) -o $(B)/header/compat.o; \
	done
	$(CC) -std=c11 -pedantic -fshort-wchar $(WARN) -Iinclude -c $(COMPAT_USE) -o $(B)/header/compat.o
	@echo "check-header: ok"

# Every constant of the table is defined in esent.h with its value (public ones, and the private
# ones the contract publishes), checked by the C compiler itself. Where the project's upstream
# copy of the table is at hand (../shared/spec, optional), the two must also agree.
check-constants: include/esent.h
	@mkdir -p $(B)
	sh c-tests/constants.sh data/jet-constants.tsv > $(B)/constants_check.c
	$(CC) -std=c11 $(WARN) -Iinclude -c $(B)/constants_check.c -o $(B)/constants_check.o
	@if [ -f ../shared/spec/jet-constants.tsv ]; then diff -u ../shared/spec/jet-constants.tsv data/jet-constants.tsv; fi
	@echo "check-constants: ok"

# Exported dynamic symbols == exports.txt == functions declared in esent.h (the Jet API and
# libesent's own esent_* functions).
check-exports: $(LIB)/$(REALNAME) include/esent.h
	@mkdir -p $(B)
	nm -D --defined-only $(LIB)/$(REALNAME) | awk '{print $$3}' | sort > $(B)/exports.nm
	sed -n -e 's/^JET_ERR \(Jet[A-Za-z0-9]*\)(.*/\1/p' -e 's/^[a-z].* \**\(esent_[a-z0-9_]*\)(.*/\1/p' \
	    include/esent.h | sort > $(B)/exports.h
	sort exports.txt | diff -u - $(B)/exports.nm
	sort exports.txt | diff -u - $(B)/exports.h
	readelf -d $(LIB)/$(REALNAME) | grep -q 'SONAME.*\[$(SONAME)\]'
	@echo "check-exports: ok ($$(wc -l < exports.txt) symbols, soname $(SONAME))"

$(B)/dlopen_test: c-tests/dlopen/dlopen_test.c include/esent.h
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -Iinclude $< -o $@ -ldl

dlopen-test: $(B)/dlopen_test $(LIB)/$(REALNAME)
	$(B)/dlopen_test $(CURDIR)/$(LIB)/$(REALNAME) exports.txt 300

# Install into a scratch prefix, then build and run programs the way a user would (dynamic,
# static through pkg-config --static); checks stripping, the pc file and the ldconfig rule.
install-test: lib
	rm -rf $(B)/install-test
	sh c-tests/install/install_test.sh $(CURDIR)/$(B)/install-test "$(CC)" $(SONAME) "$(MAKE_IN_TESTS)"

# A tree as a fresh clone leaves it (header older than every source), with cargo out of reach:
# nothing is stale, `make install` installs without building, `make test` would not rebuild the
# release library, a failed cargo run leaves the header, a deleted header comes back, and an old
# rustc gets a clear message.
check-tree: lib
	sh c-tests/install/tree_test.sh "$(MAKE_IN_TESTS)"

# Everything the project refers to is in it: cited statement ids resolve in docs/behaviour.md,
# nothing points outside the repository, README.md lists every target.
check-docs:
	sh c-tests/docs_check.sh

# Speed is measured here, never asserted by a test: bench/run.sh builds bench/ against the
# release library and LMDB (installing liblmdb-dev if absent) and prints ns/op and ratios.
bench: lib
	sh bench/run.sh $(CURDIR)/$(LIB) "$(CC)"

# ---- sanitizers, fuzzing, soak (not part of `make test`) -----------------------------------

SAN_TARGET   := x86_64-unknown-linux-gnu
HAVE_NIGHTLY := $(shell rustup run nightly rustc --version >/dev/null 2>&1 && echo yes)
SAN_C         = $(CC) -g -O1 -fno-omit-frame-pointer $(WARN) -std=c11 -D_GNU_SOURCE -Iinclude -Ic-tests \
                $(C_TEST_SRC) $(CODES) -L$(TESTLIB) -l:$(SONAME) -lpthread -ldl -Wl,-rpath,$(CURDIR)/$(TESTLIB)

# The C harness with the sanitizer, against the failpoints build; then, where a nightly
# toolchain exists, the Rust tests with the library itself instrumented. Each step proves the
# sanitizer is linked before trusting a clean run.
asan: $(TESTLIB)/$(SONAME) $(CODES)
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

tsan: $(TESTLIB)/$(SONAME) $(CODES)
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
	@$(MAKE) --no-print-directory tsan-data

# The data layer's race tests (test_versions.c: sessions on several threads committing, escrow
# deltas, locks) against the library itself built with the sanitizer, so that its own code is
# checked from the C side too. GCC's runtime lacks three entry points rustc's instrumentation
# calls: c-tests/tsan/shim.c forwards them to the intercepted libc functions.
TSAN_LIB := $(B)/tsan/lib
tsan-data: $(CODES)
	@if [ "$(HAVE_NIGHTLY)" = yes ]; then \
	    RUSTFLAGS="-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer" $(CARGO) +nightly build --locked \
	        --target $(SAN_TARGET) --target-dir target/tsan-lib $(HOOKS) --lib && \
	    mkdir -p $(TSAN_LIB) && cp target/tsan-lib/$(SAN_TARGET)/debug/libesent.so $(TSAN_LIB)/$(SONAME) && \
	    nm -D $(TSAN_LIB)/$(SONAME) | grep -q __tsan_func_entry && \
	    $(CC) -g -O1 -fno-omit-frame-pointer $(WARN) -std=c11 -D_GNU_SOURCE -Iinclude -Ic-tests \
	        $(C_TEST_SRC) c-tests/tsan/shim.c $(CODES) -L$(TSAN_LIB) -l:$(SONAME) -lpthread -ldl \
	        -Wl,-rpath,$(CURDIR)/$(TSAN_LIB) -fsanitize=thread -o $(B)/tsan/harness-data && \
	    ESENT_TEST_FILTER=ver_ ESENT_TEST_TIMEOUT=600 TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tsan-data.supp" \
	        $(B)/tsan/harness-data && \
	    echo "tsan: data-layer race tests against the instrumented library: clean"; \
	else echo "tsan: no nightly toolchain here: the data-layer run was skipped"; fi

FUZZ_SECONDS ?= 60
fuzz:
	@if [ "$(HAVE_NIGHTLY)" = yes ] && $(CARGO) fuzz --version >/dev/null 2>&1; then \
	    cd fuzz && for t in $$($(CARGO) +nightly fuzz list); do \
	        $(CARGO) +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -jobs=1 || exit 1; done; \
	else echo "fuzz: needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz); not run"; fi

# Longer randomized runs than `make test` does.
soak: $(HOOK_HARNESS)
	ESENT_MODEL_CALLS=2000000 $(CARGO) test --release --locked --test model -- --nocapture
	ESENT_MODEL_CALLS=10000000 $(CARGO) test --release --locked --test model_data -- --nocapture
	ESENT_STRESS_SECS=60 $(CARGO) test --release --locked --test stress -- --nocapture
	ESENT_CRASH_ROUNDS=200 ESENT_TEST_TIMEOUT=600 ESENT_TEST_FILTER=crash_loop LD_LIBRARY_PATH=$(TESTLIB) $(HOOK_HARNESS)

# ---- install -----------------------------------------------------------------------------

# Installs what `make` built and never builds: `sudo make install` runs where cargo is not on
# the PATH. The shared library is stripped on the way (STRIP=: keeps its debug information);
# installing to the system as root (DESTDIR empty) ends with ldconfig, so that programs find
# libesent.so.0 at once.
INSTALL_FROM := $(LIB)/$(REALNAME) $(RELEASE)/libesent.a include/esent.h
# esent.pc names its directories relative to ${prefix} wherever they lie under it.
PC_LIBDIR     = $(patsubst $(PREFIX)/%,$${exec_prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))
install:
	@for f in $(INSTALL_FROM); do if [ ! -f "$$f" ]; then \
	    echo "make install: $$f is missing. Build first, as the user who has cargo: 'make', then 'sudo make install'."; \
	    exit 1; fi; done
	@if ! $(MAKE) --no-print-directory -q lib 2>/dev/null; then \
	    echo "make install: note: sources changed since the last 'make'; installing the files it built then."; fi
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 755 $(LIB)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(REALNAME)
	$(STRIP) --strip-unneeded $(DESTDIR)$(LIBDIR)/$(REALNAME)
	ln -sf $(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libesent.so
	install -m 644 $(RELEASE)/libesent.a $(DESTDIR)$(LIBDIR)/libesent.a
	$(STRIP) --strip-debug $(DESTDIR)$(LIBDIR)/libesent.a
	install -m 644 include/esent.h $(DESTDIR)$(INCLUDEDIR)/esent.h
	install -d $(DESTDIR)$(INCLUDEDIR)/esent
	install -m 644 include/esent/windows-compat.h $(DESTDIR)$(INCLUDEDIR)/esent/windows-compat.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PC_LIBDIR)|' -e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' esent.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/esent.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/esent.pc
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then echo "$(LDCONFIG)"; $(LDCONFIG) || \
	    echo "note: $(LDCONFIG) failed: run it (or set LD_LIBRARY_PATH=$(LIBDIR)) so programs find $(SONAME)"; \
	elif [ -z "$(DESTDIR)" ]; then \
	    echo "note: if $(LIBDIR) is not searched by the dynamic linker, programs need LD_LIBRARY_PATH=$(LIBDIR) or -Wl,-rpath,$(LIBDIR)"; fi

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libesent.so \
	      $(DESTDIR)$(LIBDIR)/libesent.a $(DESTDIR)$(INCLUDEDIR)/esent.h $(DESTDIR)$(LIBDIR)/pkgconfig/esent.pc \
	      $(DESTDIR)$(INCLUDEDIR)/esent/windows-compat.h
	-rmdir $(DESTDIR)$(INCLUDEDIR)/esent 2>/dev/null

clean:
	$(CARGO) clean
	rm -rf $(B)

# ---- esent-dump, its test, the Python smoke test -------------------------------------------

.PHONY: tools tools-test python-test \
        install-tools uninstall-tools

BINDIR ?= $(PREFIX)/bin
TOOLS  := $(B)/bin/esent-dump
all: tools

# The runpath finds build/lib from build/bin, and $(PREFIX)/lib from $(BINDIR) when installed.
$(B)/bin/%: tools/%.c include/esent.h $(LIB)/$(REALNAME)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -Iinclude $< -o $@ -L$(LIB) -lesent -lm -Wl,-rpath,'$$ORIGIN/../lib'

tools: $(TOOLS)

$(B)/tools-test/alltypes: tools/tests/alltypes.c include/esent.h $(LIB)/$(REALNAME)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -Iinclude $< -o $@ -L$(LIB) -lesent -Wl,-rpath,'$$ORIGIN/../lib'

# esent-dump's output on the bookstore example's database and on one with every column type,
# against tools/tests/expected/ (UPDATE=1 sh tools/tests/run.sh ... rewrites those files).
tools-test: $(TOOLS) $(B)/tools-test/alltypes $(B)/examples/bookstore
	sh tools/tests/run.sh $(TOOLS) $(B)/tools-test/alltypes $(B)/examples/bookstore

# libesent through Python's ctypes; skipped, saying so, where python3 is absent (.ci/run
# installs it).
python-test: $(LIB)/$(REALNAME)
	@if command -v python3 >/dev/null 2>&1; then python3 c-tests/python/smoke.py $(LIB)/$(SONAME) include/esent.h; \
	else echo "python-test: python3 not installed: the ctypes smoke test was skipped"; fi

TEST_STEPS += tools-test python-test

# `make install` and `make uninstall` take the tools along (built by `make`, never by install).
install: install-tools
uninstall: uninstall-tools
check-tree install-test: tools

install-tools:
	@for f in $(TOOLS); do if [ ! -f "$$f" ]; then \
	    echo "make install: $$f is missing. Build first, as the user who has cargo: 'make', then 'sudo make install'."; \
	    exit 1; fi; done
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	for f in $(notdir $(TOOLS)); do $(STRIP) $(DESTDIR)$(BINDIR)/$$f; done

uninstall-tools:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(TOOLS)))
