#!/bin/bash
# interop-normal.sh — normal storage (storescp without +B) against dcmtk's:
# each file goes to dcmtk's storescp and to dicombench's, both with their
# default storage options (and +xa, to take compressed data too), and the two stored data sets must be the same bytes.
# The corpus: every sample with an even data set, and files made here with
# group lengths, undefined lengths (in each encoding), odd-length values
# and trailing padding; then every test file of pydicom's (Debian package
# python3-pydicom) that dcmtk's storescp takes.  A deflated data set is
# stored as received.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need storescp dcmconv python3
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
PIDS=
mkdir -p "$SCRATCH/made" "$SCRATCH/dcmtk" "$SCRATCH/dcb"

DEFLATED=1.2.840.10008.1.2.1.99
files=() deflated=()
for f in "$SAMPLES"/*.dcm "$SAMPLES"/IM000001; do
	[ -f "$f" ] || continue
	# dcmtk refuses it (0xA900: the meta header names another instance)
	[ "${f##*/}" = faulty-meta.dcm ] && continue
	if [ "$(meta_value "$f" 00020010)" = $DEFLATED ]; then
		deflated+=("$f")
	elif [ $(($(dataset_bytes "$f" | wc -c) % 2)) -eq 0 ]; then
		files+=("$f")
	fi
done
[ ${#files[@]} -ge 5 ] || fail "no sample files in $SAMPLES: build them first (make)"
[ ${#deflated[@]} -ge 1 ] || fail "no deflated sample in $SAMPLES"

# Group lengths and undefined lengths everywhere, in all three encodings.
dcmconv +g -e +te "$SAMPLES/CT-explicit-le.dcm" "$SCRATCH/made/gl-explicit.dcm" &&
	dcmconv +g -e +ti "$SAMPLES/CT-explicit-le.dcm" "$SCRATCH/made/gl-implicit.dcm" &&
	dcmconv +g -e +tb "$SAMPLES/RTSTRUCT-phantom.dcm" "$SCRATCH/made/gl-big.dcm" ||
	fail "dcmconv could not make the group length files"
# Odd-length UID and OB values, trailing padding at the top and in an item.
python3 - "$SAMPLES/SC-rgb-utf8.dcm" "$SCRATCH/made/odd-padding.dcm" <<'PY' ||
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
def el(g, e, vr, v, long=False):
    if long:
        return struct.pack("<HH2sHI", g, e, vr, 0, len(v)) + v
    return struct.pack("<HH2sH", g, e, vr, len(v)) + v
def item(g, e, n):
    return struct.pack("<HHI", g, e, n)
U = 0xffffffff
d += el(0x7fe1, 0x0010, b"LO", b"ODD ")
d += el(0x7fe1, 0x1001, b"UI", b"1.2.3")
d += el(0x7fe1, 0x1002, b"OB", b"\x01\x02\x03", True)
d += struct.pack("<HH2sHI", 0x7fe1, 0x1004, b"SQ", 0, U) + item(0xfffe, 0xe000, U)
d += el(0x0008, 0x0100, b"SH", b"X1") + el(0xfffc, 0xfffc, b"OB", b"\0\0", True)
d += item(0xfffe, 0xe00d, 0) + item(0xfffe, 0xe0dd, 0)
d += el(0xfffc, 0xfffc, b"OB", b"\0" * 4, True)
open(sys.argv[2], "wb").write(d)
PY
	fail "could not make the odd-length file"
files+=("$SCRATCH"/made/*.dcm)

P1=$(free_port)
P2=$(free_port)
storescp +xa -od "$SCRATCH/dcmtk" "$P1" >"$SCRATCH/dcmtk-scp.log" 2>&1 &
SCP1=$!
"$DICOMBENCH" storescp +xa -d -od "$SCRATCH/dcb" "$P2" >"$SCRATCH/dcb-scp.log" 2>&1 &
SCP2=$!
PIDS="$SCP1 $SCP2"
wait_listen "$P1" "$SCP1"
wait_listen "$P2" "$SCP2"

# send FILE PORT DIR: sets STORED to the one file the SCP stored for it
# (the folder is emptied first: several inputs share a SOP instance).
send() {
	rm -f "$3"/*
	"$DICOMBENCH" storescu 127.0.0.1 "$2" "$1" >"$SCRATCH/scu.log" 2>&1 ||
		{ cat "$SCRATCH/scu.log"; fail "storescu $1 to port $2"; }
	STORED=$(ls "$3"/* 2>/dev/null | head -n 1)
	[ -n "$STORED" ] || fail "$1 was not stored in $3"
}

# compare FILE: stored by both, the same data set; counts the re-encoded.
changed=0
compare() {
	local a b
	send "$1" "$P1" "$SCRATCH/dcmtk"
	a=$STORED
	send "$1" "$P2" "$SCRATCH/dcb"
	b=$STORED
	same_dataset "$a" "$b" || {
		cmp <(dataset_bytes "$a") <(dataset_bytes "$b") | head -n 3
		fail "$1: dicombench's normal storage differs from dcmtk's"
	}
	same_dataset "$1" "$b" || changed=$((changed + 1))
}

# A deflated data set: dcmtk inflates and deflates it anew, we keep what
# arrived (with the 00H that makes an odd stream even, PS3.5 8.2.1): the
# elements must be the same, ours the bytes sent.
elements() {
	dcmdump -q "$1" | grep -v '^#\|^(0002\|(fffe,e0[0d]d)' | sed 's/#.*//; s/with [a-z]* length //'
}
compare_deflated() {
	local a b
	send "$1" "$P1" "$SCRATCH/dcmtk"
	a=$STORED
	send "$1" "$P2" "$SCRATCH/dcb"
	b=$STORED
	cmp -s <(elements "$a") <(elements "$b") ||
		fail "$1 (deflated): dicombench stored other elements than dcmtk"
	cmp -s <(dataset_bytes "$b") <(dataset_bytes "$1"; [ $(($(dataset_bytes "$1" | wc -c) % 2)) -eq 0 ] || printf '\0') ||
		fail "$1 (deflated): not stored as sent"
}

for f in "${files[@]}"; do
	compare "$f"
done
# The made files all need changes; the test is void if nothing changed.
[ $changed -ge 4 ] || fail "only $changed files were re-encoded"
grep -q "re-encoded .*sequences and items given explicit lengths" "$SCRATCH/dcb-scp.log" ||
	fail "no re-encoding in the SCP's debug log"
echo "ok: ${#files[@]} files stored as dcmtk stores them ($changed re-encoded)"

for f in "${deflated[@]}"; do
	send "$f" "$P2" "$SCRATCH/dcb"
	same_dataset "$f" "$STORED" || fail "$f (deflated) did not arrive as it was sent"
done
echo "ok: deflated data sets stored as received"

# pydicom's test files: every one dcmtk's storescp takes must come out the
# same, but for three where the two differ on purpose (store-normal.h).
PYD=$(for py in python3 /usr/bin/python3; do
	$py -c 'import os, pydicom.data; print(os.path.dirname(pydicom.data.__file__))' 2>/dev/null &&
		break
done)/test_files
[ -d "$PYD" ] || fail "no pydicom test files in $PYD (package python3-pydicom)"
compared=0 changed=0
for f in "$PYD"/*.dcm; do
	case ${f##*/} in
	# dcmtk drops surplus trailing spaces from text values
	SC_rgb_gdcm_KY.dcm | SC_rgb_jpeg_lossy_gdcm.dcm) continue ;;
	# dcmtk makes an SQ of a UN of undefined length; we keep it as received
	UN_sequence.dcm) continue ;;
	esac
	rm -f "$SCRATCH"/dcmtk/*
	"$DICOMBENCH" storescu 127.0.0.1 "$P1" "$f" >"$SCRATCH/scu.log" 2>&1 || continue
	if [ "$(meta_value "$f" 00020010)" = 1.2.840.10008.1.2.1.99 ]; then
		compare_deflated "$f"
		compared=$((compared + 1))
		continue
	fi
	compare "$f"
	compared=$((compared + 1))
done
[ $compared -ge 40 ] || fail "only $compared of pydicom's files could be compared"
[ $changed -ge 15 ] || fail "only $changed of pydicom's files were re-encoded"
echo "ok: $compared of pydicom's test files stored as dcmtk stores them ($changed re-encoded)"
stop "$SCP1"
stop "$SCP2"
