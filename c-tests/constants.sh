#!/bin/sh
# Writes a C file that compiles only if esent.h defines every public constant of the table
# (and the private ones the contract publishes) with the table's value.
awk -F'\t' '
BEGIN { print "#include <esent.h>" }
/^#/ { next }
$3 == "public" || $1 == "JET_bitForceSessionClosed" || $1 == "JET_paramTransactionLevel" {
    printf "_Static_assert((long long)(%s) == (long long)(%s), \"%s\");\n", $1, $2, $1
    n++
}
END { printf "/* %d constants */\n", n }
' "$1"
