#!/bin/sh
# check-samples.sh — `dicombench check` on the teaching set: each faulty
# sample shows the codes of its faults, the valid samples show no error.
set -u
builddir=${abs_top_builddir:-${top_builddir:-.}}
bench=$builddir/dicombench
samples=$builddir/data/samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

[ -x "$bench" ] || { echo "no $bench" >&2; exit 1; }
[ -f "$samples/faulty-uid.dcm" ] || { echo "no samples in $samples (run make)" >&2; exit 1; }

# expect FILE STATUS CODE...: check FILE, want exit STATUS and each CODE
expect() {
	file=$1 status=$2
	shift 2
	"$bench" check "$samples/$file" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ "$rc" -eq "$status" ] || fail "$file: exit $rc, expected $status"
	for code in "$@"; do
		grep -q ": error: $code: " "$tmp/out" || fail "$file: no error $code"
	done
	cat "$tmp/out"
}

# (a) leading zero in a component, odd length without padding
expect faulty-uid.dcm 1 DCB103 DCB106
grep -q '^.*faulty-uid.dcm:[0-9]*: error: DCB106: .*(0008,0018) SOPInstanceUID' "$tmp/out" ||
	fail "faulty-uid.dcm: DCB106 not at (0008,0018)"

# (b) no Study Instance UID, empty Modality, bad DA and TM
expect faulty-missing-type1.dcm 1 DCB203 DCB206 DCB107 DCB108
grep -q 'DCB206: .*Modality' "$tmp/out" || fail "faulty-missing-type1.dcm: DCB206 not for Modality"
grep -q 'DCB107: .*"2024-01-01"' "$tmp/out" || fail "faulty-missing-type1.dcm: DCB107 value"

# (c) meta SOP Instance UID differs, meta group length wrong
expect faulty-meta.dcm 1 DCB005 DCB012

# the valid files: no error (warnings allowed, e.g. a retired transfer syntax)
for f in "$samples"/*; do
	case ${f##*/} in
	faulty-*|README*) continue ;;
	esac
	"$bench" check "$f" > "$tmp/out" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || { cat "$tmp/out"; fail "${f##*/}: exit $rc, expected 0"; }
	! grep -q ': error: ' "$tmp/out" || fail "${f##*/}: has errors"
done

# the whole folder: errors from the faulty files, README.txt passed over
"$bench" check "$samples" > "$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "folder: exit $rc, expected 1"
grep -q 'unreadable 0' "$tmp/out" || fail "folder: something unreadable"
grep -q '1 file in the folders skipped' "$tmp/out" || fail "folder: README.txt not skipped"

# JSON: the same findings, one document
"$bench" check --json "$samples/faulty-meta.dcm" > "$tmp/out"
grep -q '"code": "DCB012"' "$tmp/out" || fail "json: no DCB012"
grep -q '"summary": {"files": 1, "errors": 2,' "$tmp/out" || fail "json: summary"

[ "$fails" -eq 0 ] || exit 1
echo "check-samples: all expected findings present"
