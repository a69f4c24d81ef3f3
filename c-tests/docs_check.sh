#!/bin/sh
# c-tests/docs_check.sh (from `make check-docs`, in the source tree): everything the project
# refers to is in the project.
# - every statement id (S-XXX-nn) cited by the sources, tests, header or README is defined in
#   docs/behaviour.md;
# - nothing points at documents outside the repository (../shared, /work/...) or at issue
#   numbers, except the Makefile's optional comparison with an upstream constants table;
# - README.md names every target the Makefile declares phony, and the harness's variables.
set -eu
fail=0
cited=$(grep -rhoE 'S-[A-Z]+-[0-9]+' src tests c-tests include examples bench README.md build.rs cbindgen.toml | sort -u)
defined=$(grep -oE '\*\*S-[A-Z]+-[0-9]+\*\*' docs/behaviour.md | tr -d '*' | sort -u)
for id in $cited; do
    if ! printf '%s\n' "$defined" | grep -qx "$id"; then echo "check-docs: $id is cited but not defined in docs/behaviour.md"; fail=1; fi
done
outside=$(grep -rnE '\.\./shared|/work/|shared/spec|issue [0-9]' --exclude-dir=target --exclude-dir=build --exclude-dir=.git \
    --exclude=.git --exclude=docs_check.sh --exclude=CHANGELOG.md . | grep -v '^\./Makefile:.*\.\./shared/spec' || true)
if [ -n "$outside" ]; then echo "check-docs: references outside the repository:"; echo "$outside"; fail=1; fi
targets=$(sed -n '/^\.PHONY:/,/[^\\]$/p' Makefile | tr -d '\\' | sed 's/^\.PHONY://' | tr ' ' '\n' | grep . | sort -u)
for t in $targets; do
    grep -q "\`$t\`" README.md || { echo "check-docs: README.md does not list the make target $t"; fail=1; }
done
for v in ESENT_TEST_FILTER ESENT_TEST_JOBS ESENT_TEST_SERIAL; do
    grep -q "$v" README.md || { echo "check-docs: README.md does not explain $v"; fail=1; }
done
[ "$fail" = 0 ] || exit 1
echo "check-docs: ok ($(printf '%s\n' "$cited" | wc -l) statement ids cited, all defined; $(printf '%s\n' "$targets" | wc -l) make targets in README)"
