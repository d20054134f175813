#!/bin/sh
# check-cli.sh — the check command's options, exit statuses and JSON
# escaping, on files made here.
set -u
builddir=${abs_top_builddir:-${top_builddir:-.}}
bench=$builddir/dicombench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

run() {
	"$@" > "$tmp/out" 2> "$tmp/err"
	echo $?
}

# --list: every code once, ascending
[ "$(run "$bench" check --list)" -eq 0 ] || fail "--list exit"
n=$(grep -c '^DCB[0-9][0-9][0-9] ' "$tmp/out")
[ "$n" -ge 30 ] || fail "--list shows $n codes"
cut -c1-6 "$tmp/out" | sort -c || fail "--list not sorted"

# --explain: known code, lower case, unknown code
[ "$(run "$bench" check --explain dcb106)" -eq 0 ] || fail "--explain exit"
grep -q '^DCB106 (error): odd value length' "$tmp/out" || fail "--explain title"
grep -q 'PS3.5 §7.1.1' "$tmp/out" || fail "--explain reference"
[ "$(run "$bench" check --explain DCB999)" -eq 2 ] || fail "--explain unknown exit"
grep -q 'DCB999' "$tmp/err" || fail "--explain unknown message"

# usage errors
[ "$(run "$bench" check)" -eq 2 ] || fail "no arguments"
[ "$(run "$bench" check --bogus x)" -eq 2 ] || fail "unknown option"

# a minimal raw data set without preamble: SOP Class and Instance UID only,
# implicit VR little endian; the instance UID has a leading zero
printf '\010\000\026\000\032\000\000\0001.2.840.10008.5.1.4.1.1.7\000' > "$tmp/raw.dcm"
printf '\010\000\030\000\010\000\000\0002.25.01\000' >> "$tmp/raw.dcm"
[ "$(run "$bench" check "$tmp/raw.dcm")" -eq 1 ] || fail "raw file exit"
grep -q 'raw.dcm:0: error: DCB001: ' "$tmp/out" || fail "raw: no DCB001"
grep -q 'raw.dcm:0: error: DCB003: ' "$tmp/out" || fail "raw: no DCB003"
grep -q 'raw.dcm:[0-9]*: error: DCB103: .*(0008,0018) SOPInstanceUID' "$tmp/out" ||
	fail "raw: no DCB103 with tag and keyword"
grep -q 'DCB203: ' "$tmp/out" || fail "raw: no DCB203"
grep -q '^1 file checked: errors [1-9]' "$tmp/out" || fail "raw: summary"

# unreadable: exit 2 with the reader's error, what and where
printf 'DICM' > "$tmp/short.dcm"
[ "$(run "$bench" check "$tmp/short.dcm")" -eq 2 ] || fail "short file exit"
grep -q 'short.dcm.*cannot read: ' "$tmp/err" || fail "short file: no error line"
[ "$(run "$bench" check "$tmp/none.dcm")" -eq 2 ] || fail "missing file exit"
grep -q 'none.dcm' "$tmp/err" || fail "missing file: not named"

# JSON: a file name with a quote, a backslash and a tab is escaped
odd="$tmp/a\"b\\c	d.dcm"
cp "$tmp/raw.dcm" "$odd"
[ "$(run "$bench" check --json "$odd" "$tmp/short.dcm")" -eq 2 ] || fail "json exit"
grep -q 'a\\"b\\\\c\\td.dcm' "$tmp/out" || fail "json: path not escaped"
grep -q '"status": "unreadable", "error": {"offset": ' "$tmp/out" || fail "json: unreadable"
grep -q '"summary": {"files": 2, ' "$tmp/out" || fail "json: summary"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" ||
	fail "json: not valid JSON (python3 is needed for this test)"

# a folder: walked recursively, non-DICOM files passed over, exit from findings
mkdir -p "$tmp/dir/sub"
cp "$tmp/raw.dcm" "$tmp/dir/sub/x"
echo "notes" > "$tmp/dir/README"
[ "$(run "$bench" check "$tmp/dir")" -eq 1 ] || fail "folder exit"
grep -q 'dir/sub/x:0: error: DCB001' "$tmp/out" || fail "folder: not recursed"
grep -q '^1 file checked' "$tmp/out" || fail "folder: README counted"

[ "$fails" -eq 0 ] || exit 1
echo "check-cli: ok"
