#!/bin/sh
# samples.sh — the teaching set and bench corpora as dcmtk sees them.
#
# Every valid sample is a Part 10 file (dcmftest) that dcmdump reads without
# an error or a warning; the transfer syntax claimed in the meta header is
# the one the data set really uses (dcmdump -td detects it); the RLE sample
# decodes (dcmdrle) to exactly the pixels of its uncompressed twin; the
# three faulty files carry their documented faults; a second run writes
# byte-identical files; bench corpora have the asked count, size and
# distinct UIDs.  Fails if dcmtk is missing.

top=${top_builddir:-.}
gen=$top/data/mksamples
dir=$top/data/samples
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

for tool in dcmdump dcmftest dcmdrle; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FAIL: $tool (dcmtk) is not installed; install dcmtk to run this test" >&2
		exit 1
	fi
done
if [ ! -x "$gen" ] || [ ! -f "$dir/README.txt" ]; then
	echo "FAIL: $gen or $dir is missing: run make first" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-samples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# file, transfer syntax UID, dcmdump's name for it
valid='CT-explicit-le.dcm 1.2.840.10008.1.2.1 Little_Endian_Explicit
CT-implicit-le.dcm 1.2.840.10008.1.2 Little_Endian_Implicit
IM000001 1.2.840.10008.1.2.1 Little_Endian_Explicit
CT-rle-lossless.dcm 1.2.840.10008.1.2.5 RLE_Lossless
MR-explicit-be.dcm 1.2.840.10008.1.2.2 Big_Endian_Explicit
CR-chest.dcm 1.2.840.10008.1.2.1 Little_Endian_Explicit
DX-chest-2048.dcm 1.2.840.10008.1.2.1 Little_Endian_Explicit
US-multiframe-rgb.dcm 1.2.840.10008.1.2.1 Little_Endian_Explicit
SC-rgb-utf8.dcm 1.2.840.10008.1.2.1 Little_Endian_Explicit
NM-static-2frames.dcm 1.2.840.10008.1.2.1 Little_Endian_Explicit
RTSTRUCT-phantom.dcm 1.2.840.10008.1.2.1 Little_Endian_Explicit
RTDOSE-implicit-le.dcm 1.2.840.10008.1.2 Little_Endian_Implicit
SR-basic-text-deflate.dcm 1.2.840.10008.1.2.1.99 Deflated_Explicit_VR_Little_Endian'

echo "$valid" | while read -r f uid name; do
	p=$dir/$f
	name=$(echo "$name" | tr _ ' ')
	if ! dcmftest "$p" | grep -q '^yes:'; then
		echo "FAIL: $f is not a Part 10 file (dcmftest)" >&2
		echo x >>"$tmp/failed"
		continue
	fi
	# read without error or warning, character sets converted too
	if ! dcmdump +U8 -dc "$p" >"$tmp/dump" 2>"$tmp/err" || [ -s "$tmp/err" ]; then
		echo "FAIL: dcmdump complains about $f:" >&2
		cat "$tmp/err" >&2
		echo x >>"$tmp/failed"
	fi
	# the meta header claims uid ...
	claimed=$(dcmdump -Un +P 0002,0010 "$p" | sed -n 's/.*UI \[\([0-9.]*\).*/\1/p')
	if [ "$claimed" != "$uid" ]; then
		echo "FAIL: $f claims transfer syntax '$claimed', expected $uid" >&2
		echo x >>"$tmp/failed"
	fi
	# ... and the data set is read in it
	used=$(dcmdump -M "$p" | sed -n '/Dicom-Data-Set/{n;s/# Used TransferSyntax: //p;}')
	if [ "$used" != "$name" ]; then
		echo "FAIL: $f data set read as '$used', expected '$name'" >&2
		echo x >>"$tmp/failed"
	fi
	# for the uncompressed ones, detection ignoring the meta header agrees
	case $uid in
	*.1.2 | *.1.2.1 | *.1.2.2)
		detected=$(dcmdump -td -M "$p" 2>/dev/null |
			sed -n '/Dicom-Data-Set/{n;s/# Used TransferSyntax: //p;}')
		if [ "$detected" != "$name" ]; then
			echo "FAIL: $f says $name but its data set looks like '$detected'" >&2
			echo x >>"$tmp/failed"
		fi
		;;
	esac
done
[ -f "$tmp/failed" ] && fails=$((fails + $(wc -l <"$tmp/failed")))

# The deflated file is really deflated: its data set does not start with a tag.
sr=$dir/SR-basic-text-deflate.dcm
metalen=$(dcmdump +P 0002,0000 "$sr" | sed -n 's/.*UL \([0-9]*\).*/\1/p')
first=$(od -A n -t x1 -j $((132 + 12 + metalen)) -N 4 "$sr" | tr -d ' ')
[ "$first" = "08000500" ] && fail "SR-basic-text-deflate.dcm data set is not deflated"

# RLE: encapsulated, and decoded pixels equal the uncompressed twin's.
dcmdump "$dir/CT-rle-lossless.dcm" | grep -q '(7fe0,0010) OB (PixelSequence #=2)' ||
	fail "CT-rle-lossless.dcm has no encapsulated pixel data with one fragment"
mkdir "$tmp/rle" "$tmp/twin"
if dcmdrle "$dir/CT-rle-lossless.dcm" "$tmp/rle.dcm" &&
	dcmdump -q +W "$tmp/rle" "$tmp/rle.dcm" >/dev/null &&
	dcmdump -q +W "$tmp/twin" "$dir/CT-explicit-le.dcm" >/dev/null; then
	cmp -s "$tmp/rle/"*.raw "$tmp/twin/"*.raw ||
		fail "RLE-decoded pixel data differs from CT-explicit-le.dcm's"
	[ "$(cat "$tmp/twin/"*.raw | wc -c)" -eq $((512 * 512 * 2)) ] ||
		fail "CT-explicit-le.dcm pixel data is not 512x512x16 bits"
else
	fail "dcmdrle could not decode CT-rle-lossless.dcm"
fi

# Pixel data of the right size for the big ones.
check_pixels() { # file bytes
	n=$(dcmdump -M "$dir/$1" | sed -n 's/^(7fe0,0010) O[BW] .*# *\([0-9]*\), 1 PixelData/\1/p')
	[ "$n" = "$2" ] || fail "$1 pixel data is '$n' bytes, expected $2"
}
check_pixels DX-chest-2048.dcm $((2048 * 2048 * 2))
check_pixels US-multiframe-rgb.dcm $((640 * 480 * 3 * 10))
check_pixels RTDOSE-implicit-le.dcm $((64 * 64 * 16 * 4))

# The faulty files carry their faults (doc/samples.md) and nothing else stops dcmdump.
for f in faulty-uid.dcm faulty-missing-type1.dcm faulty-meta.dcm; do
	dcmftest "$dir/$f" | grep -q '^yes:' || fail "$f is not even a Part 10 file"
done
uid=$(dcmdump +P 0008,0018 "$dir/faulty-uid.dcm" 2>"$tmp/err" | sed -n 's/.*UI \[\(.*\)\].*/\1/p')
grep -q 'Length of element (0008,0018) is odd' "$tmp/err" ||
	fail "faulty-uid.dcm: SOP Instance UID length is not odd"
case $uid in *.0[0-9]*) ;; *) fail "faulty-uid.dcm: no component with a leading zero in '$uid'" ;; esac
m=$dir/faulty-missing-type1.dcm
dcmdump "$m" >"$tmp/dump" 2>"$tmp/err"
[ -s "$tmp/err" ] && fail "faulty-missing-type1.dcm should parse cleanly: $(cat "$tmp/err")"
grep -q '^(0020,000d)' "$tmp/dump" && fail "faulty-missing-type1.dcm has a Study Instance UID"
grep -q '^(0008,0060) CS (no value available)' "$tmp/dump" ||
	fail "faulty-missing-type1.dcm: Modality is not present-but-empty"
grep -q '^(0008,0020) DA \[2024-01-01\]' "$tmp/dump" || fail "faulty-missing-type1.dcm: no DA 2024-01-01"
grep -q '^(0008,0030) TM \[12h30\]' "$tmp/dump" || fail "faulty-missing-type1.dcm: no TM 12h30"
mf=$dir/faulty-meta.dcm
dcmdump "$mf" >/dev/null 2>"$tmp/err"
grep -q 'Group Length of Meta Information Header has incorrect value' "$tmp/err" ||
	fail "faulty-meta.dcm: (0002,0000) is not wrong"
a=$(dcmdump -ml +P 0002,0003 "$mf" 2>/dev/null | sed -n 's/.*\[\(.*\)\].*/\1/p')
b=$(dcmdump -ml +P 0008,0018 "$mf" 2>/dev/null | sed -n 's/.*\[\(.*\)\].*/\1/p')
[ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ] ||
	fail "faulty-meta.dcm: meta SOP Instance UID '$a' does not differ from '$b'"

# All UIDs under 2.25, at most 64 characters; reproducible from the fixed seed.
for p in "$dir"/*.dcm "$dir"/IM000001; do
	dcmdump -Un "$p" 2>/dev/null | sed -n 's/.*(00[02]\(.\),00\(..\)) UI \[\(2\.[0-9.]*\)\].*/\3/p'
done | sort -u >"$tmp/uids"
bad=$(grep -v '^1\.2\.840\.10008\.' "$tmp/uids" | grep -v '^2\.25\.[1-9][0-9]*$' | grep -v '\.0[0-9]')
[ -z "$bad" ] || fail "UIDs not of the form 2.25.<decimal>: $bad"
[ "$(awk 'length($0) > 64' "$tmp/uids" | wc -l)" -eq 0 ] || fail "a UID is over 64 characters"
"$gen" "$tmp/again" || fail "mksamples failed on a second run"
for p in "$dir"/*; do
	cmp -s "$p" "$tmp/again/$(basename "$p")" || fail "$(basename "$p") differs between two runs"
done
total=$(cat "$dir"/* | wc -c)
[ "$total" -lt $((30 * 1024 * 1024)) ] || fail "the teaching set is $total bytes (over 30 MB)"

# Bench corpora: count, size (within 1 %), valid, distinct UIDs.
"$gen" --bench "$tmp/bench" --count 3 --size 300K --modality MR ||
	fail "mksamples --bench failed"
[ "$(ls "$tmp/bench" | wc -l)" -eq 3 ] || fail "--count 3 did not make 3 files"
for p in "$tmp/bench"/*; do
	s=$(wc -c <"$p")
	[ "$s" -ge $((300 * 1024 * 99 / 100)) ] && [ "$s" -le $((300 * 1024 * 101 / 100)) ] ||
		fail "$(basename "$p") is $s bytes, asked 307200"
	dcmdump "$p" >/dev/null 2>"$tmp/err" && [ ! -s "$tmp/err" ] ||
		fail "dcmdump complains about bench file $(basename "$p"): $(cat "$tmp/err")"
	dcmdump +P 0008,0018 "$p" >>"$tmp/bench-uids"
done
[ "$(sort "$tmp/bench-uids" | uniq -d | wc -l)" -eq 0 ] || fail "bench objects share a SOP Instance UID"
[ "$(sort -u "$tmp/bench-uids" | wc -l)" -eq 3 ] || fail "bench objects lack SOP Instance UIDs"
"$gen" --bench "$tmp/bench2" --count 2 --size 64K >/dev/null 2>&1 &&
	ls "$tmp/bench2"/CT000001.dcm >/dev/null 2>&1 || fail "--modality CT is not the default"
"$gen" --bench "$tmp/x" --count 1 --size 1K --modality XX 2>/dev/null &&
	fail "--modality XX was accepted"
"$gen" --bench "$tmp/x" --count 0 --size 1K 2>/dev/null && fail "--count 0 was accepted"
"$gen" --bench "$tmp/x" --size 1K 2>/dev/null && fail "--bench without --count was accepted"
"$gen" --help | grep -q -- '--bench DIR' || fail "mksamples --help does not show --bench"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed" >&2
	exit 1
fi
echo "samples: all checks passed"
