#!/bin/sh
# findings-doc.sh — doc/findings.md must be what tests/findings-md writes
# from the findings table.  Fix with: make update-findings-doc
set -eu
builddir=${abs_top_builddir:-${top_builddir:-.}}
srcdir=${abs_top_srcdir:-${top_srcdir:-${srcdir:-.}}}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$builddir/tests/findings-md" > "$out"
if ! diff -u "$srcdir/doc/findings.md" "$out"; then
	echo "doc/findings.md differs from src/findings-table.c: run 'make update-findings-doc'" >&2
	exit 1
fi
