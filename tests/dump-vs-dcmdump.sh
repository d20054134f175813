#!/bin/sh
# dump-vs-dcmdump.sh — `dicombench dump` against dcmdump.
#
# For every sample the project generated (data/samples/*.dcm in the build
# tree) and every pydicom test file that dcmdump reads without error, the
# list of (tag, VR, value) lines of both tools must agree: tags and VRs
# exactly, values exactly except floating point numbers (printed with a
# different precision).  Then every pydicom test file, readable or not, is
# dumped once more: the exit status must be 0 or 1, never a crash (the
# sanitizer build makes a memory error a crash).
#
# Fails when dcmdump is missing or when no input file is found at all.
set -u

top_builddir=${top_builddir:-.}
dump=$top_builddir/dicombench
pydicom_files=${PYDICOM_TEST_FILES:-/usr/lib/python3/dist-packages/pydicom/data/test_files}
dcmdump=$(command -v dcmdump) || { echo "FAIL: dcmdump is not installed (apt install dcmtk)"; exit 1; }
[ -x "$dump" ] || { echo "FAIL: $dump was not built"; exit 1; }

# Make sanitizer reports distinguishable from the dump's own exit 1.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=87:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# One line per element: "tag VR value", indentation and the "# length,
# VM keyword" column removed.  Sequence and item lines keep tag and VR
# only (dcmdump counts items ahead, a streaming reader cannot); float
# values are dropped; "??" (unknown VR) is UN.
normalise() {
	sed -n -E 's/^ *(\([0-9a-f]{4},[0-9a-f]{4}\)) ([A-Za-z?]{2}) (.*[^ ]) +# +([0-9]+|u\/l), *[0-9]+ [^#]*$/\1 \2 \3/p' "$1" |
	awk '{
		tag = $1; vr = $2
		value = substr($0, length(tag) + length(vr) + 3)
		if (vr == "??") vr = "UN"
		if (vr == "SQ" || vr == "na" || value ~ /^\(PixelSequence/) value = ""
		if (vr == "FL" || vr == "FD" || vr == "OF" || vr == "OD") value = "<float>"
		# dcmtk pads an odd-length binary value with a zero byte
		if (vr == "OB" || vr == "UN" || vr == "pi") sub(/\\00$/, "", value)
		print tag, vr, value
	}'
}

found=0 compared=0 failed=0 rejected=0 last_good=

for f in "$top_builddir"/data/samples/*.dcm "$pydicom_files"/*.dcm; do
	[ -f "$f" ] || continue
	found=$((found + 1))
	if ! "$dcmdump" -q +L -Un +Qo "$f" > "$tmp/ref" 2> "$tmp/ref.err" || [ -s "$tmp/ref.err" ]; then
		rejected=$((rejected + 1))
		continue
	fi
	"$dump" dump +L -Un +Qo "$f" > "$tmp/out" 2> "$tmp/out.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: $f: dcmdump reads it, dicombench dump exits $rc:"
		head -5 "$tmp/out.err"
		failed=$((failed + 1))
		continue
	fi
	normalise "$tmp/ref" > "$tmp/ref.n"
	normalise "$tmp/out" > "$tmp/out.n"
	if [ ! -s "$tmp/ref.n" ]; then
		echo "FAIL: $f: no element lines found in dcmdump's output"
		failed=$((failed + 1))
		continue
	fi
	if ! cmp -s "$tmp/ref.n" "$tmp/out.n"; then
		echo "FAIL: $f differs (< dcmdump, > dicombench dump):"
		diff "$tmp/ref.n" "$tmp/out.n" | cut -c1-200 | head -10
		failed=$((failed + 1))
		continue
	fi
	compared=$((compared + 1))
	last_good=$f
done

if [ $found -eq 0 ]; then
	echo "FAIL: no input files (looked in $top_builddir/data/samples and $pydicom_files)"
	exit 1
fi
if [ $compared -eq 0 ]; then
	echo "FAIL: not a single file could be compared"
	exit 1
fi

# A file cut short: exit 1, "dicombench: FILE:OFFSET: message" on stderr,
# and the lines before the error still printed.
size=$(wc -c < "$last_good")
head -c $((size - 7)) "$last_good" > "$tmp/cut.dcm"
"$dump" dump "$tmp/cut.dcm" > "$tmp/cut.out" 2> "$tmp/cut.err"
rc=$?
if [ $rc -ne 1 ] || ! grep -q "^dicombench: $tmp/cut.dcm:[0-9][0-9]*: " "$tmp/cut.err" ||
   ! grep -q '^(0002,0010) UI' "$tmp/cut.out"; then
	echo "FAIL: a truncated copy of $last_good: exit $rc, stderr:"
	cat "$tmp/cut.err"
	failed=$((failed + 1))
fi

# Shortening: no text value longer than --max-value (give or take the
# brackets and '...').
"$dump" dump -Un --max-value 8 "$last_good" > "$tmp/short.out" || failed=$((failed + 1))
if awk '{ sub(/ +# +([0-9]+|u\/l), *[0-9]+ .*$/, ""); v = substr($0, index($0, ")") + 5)
          if (v ~ /^\[/ && length(v) > 8 + 6) { print; bad = 1 } } END { exit !bad }' "$tmp/short.out"; then
	echo "FAIL: --max-value 8 left longer values"
	failed=$((failed + 1))
fi
for bad_args in "--max-value" "--max-value 0" "--no-such-option"; do
	# shellcheck disable=SC2086
	"$dump" dump $bad_args "$last_good" > /dev/null 2>&1
	rc=$?
	if [ $rc -ne 2 ]; then
		echo "FAIL: dump $bad_args exits $rc, not 2"
		failed=$((failed + 1))
	fi
done

# Every pydicom test file, whatever it holds: exit 0 or 1, never a crash.
crashed=0 survived=0
for f in $(find "$pydicom_files" -type f | sort); do
	"$dump" dump "$f" > /dev/null 2> "$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL: dicombench dump $f exits $rc:"
		head -20 "$tmp/err"
		crashed=$((crashed + 1))
	else
		survived=$((survived + 1))
	fi
done

echo "compared $compared files with dcmdump ($rejected rejected by dcmdump), $failed differ;"
echo "dumped $survived files without a crash, $crashed crashed"
[ $failed -eq 0 ] && [ $crashed -eq 0 ]
