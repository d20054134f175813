#!/bin/bash
# interop-dcmtk.sh — dicombench's storescu/storescp/echoscu against dcmtk's,
# both ways, with every sample file; stored data sets are compared byte for
# byte with what was sent.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need storescp storescu echoscu python3
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
PIDS=

files=()
for f in "$SAMPLES"/*.dcm "$SAMPLES"/IM000001; do
	[ -f "$f" ] && files+=("$f")
done
[ ${#files[@]} -ge 5 ] || fail "no sample files in $SAMPLES: build them first (make)"

# Files whose data set has an odd length cannot travel in even PDV
# fragments; dcmtk refuses them (the faulty teaching samples).
even=() odd=()
for f in "${files[@]}"; do
	n=$(dataset_bytes "$f" | wc -c)
	if [ $((n % 2)) -eq 0 ]; then even+=("$f"); else odd+=("$f"); fi
done

mkdir -p "$SCRATCH/dcmtk-in" "$SCRATCH/dcb-in" "$SCRATCH/ref" "$SCRATCH/walk"

# --- dicombench → dcmtk ---------------------------------------------------
P1=$(free_port)
storescp +B +xa -od "$SCRATCH/dcmtk-in" "$P1" >"$SCRATCH/dcmtk-scp.log" 2>&1 &
SCP1=$!
PIDS="$SCP1"
wait_listen "$P1" "$SCP1"

"$DICOMBENCH" echoscu -v 127.0.0.1 "$P1" >"$SCRATCH/echo1.log" 2>&1 ||
	{ cat "$SCRATCH/echo1.log"; fail "dicombench echoscu → dcmtk storescp"; }

"$DICOMBENCH" storescu -v 127.0.0.1 "$P1" "${even[@]}" >"$SCRATCH/scu1.log" 2>&1 ||
	{ cat "$SCRATCH/scu1.log" "$SCRATCH/dcmtk-scp.log"; fail "dicombench storescu → dcmtk storescp"; }
for f in "${even[@]}"; do
	got=$(stored_for "$f" "$SCRATCH/dcmtk-in")
	[ -n "$got" ] || fail "dcmtk did not store $f"
	same_dataset "$f" "$got" || fail "$f arrived changed at dcmtk ($got)"
	[ "$(meta_value "$f" 00020010)" = "$(meta_value "$got" 00020010)" ] ||
		fail "$f: transfer syntax changed on the way"
done
echo "ok: ${#even[@]} files dicombench → dcmtk, byte for byte"

# A meta header that disagrees with its data set (faulty-meta.dcm): the
# C-STORE-RQ carries the data set's UIDs, as dcmtk's storescu sends them,
# so dcmtk files the object under (0008,0018); the finding says so.
f="$SAMPLES/faulty-meta.dcm"
[ "$(meta_value "$f" 00020003)" != "$(dataset_uid "$f")" ] ||
	fail "faulty-meta.dcm no longer has a meta header that disagrees"
[ -n "$(stored_for "$f" "$SCRATCH/dcmtk-in")" ] ||
	{ ls "$SCRATCH/dcmtk-in"; fail "dcmtk did not file faulty-meta.dcm under its data set's UID"; }
grep -q "DCB012.*meta header $(meta_value "$f" 00020003), data set $(dataset_uid "$f")" \
	"$SCRATCH/scu1.log" || { cat "$SCRATCH/scu1.log"; fail "no finding for the meta header's UID"; }
echo "ok: SOP instance UID from the data set, the meta header's as a finding"

# A deflated data set of odd length: sent with one trailing 00H (PS3.5
# 8.2.1), which dcmtk takes; the file itself stays as it is.
python3 - "$SAMPLES/SR-basic-text-deflate.dcm" "$SCRATCH/odd-deflate.dcm" <<'PY' ||
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
o = 132
while struct.unpack_from("<H", d, o)[0] == 2:
    vr = d[o + 4:o + 6]
    n = struct.unpack_from("<I", d, o + 8)[0] if vr in (b"OB", b"UN") else struct.unpack_from("<H", d, o + 6)[0]
    o += (12 if vr in (b"OB", b"UN") else 8) + n
raw = zlib.decompressobj(-15).decompress(d[o:])
for level in range(1, 10):
    for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FILTERED, zlib.Z_HUFFMAN_ONLY, zlib.Z_FIXED):
        c = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
        z = c.compress(raw) + c.flush()
        if len(z) % 2:
            open(sys.argv[2], "wb").write(d[:o] + z)
            sys.exit(0)
sys.exit(1)
PY
	fail "could not make a deflated data set of odd length"
[ $(( $(dataset_bytes "$SCRATCH/odd-deflate.dcm" | wc -c) % 2 )) -eq 1 ] || fail "odd-deflate.dcm is even"
"$DICOMBENCH" storescu -v 127.0.0.1 "$P1" "$SCRATCH/odd-deflate.dcm" >"$SCRATCH/scu-deflate.log" 2>&1 ||
	{ cat "$SCRATCH/scu-deflate.log" "$SCRATCH/dcmtk-scp.log"; fail "odd deflated data set → dcmtk storescp"; }
grep -c "trailing 00H" "$SCRATCH/scu-deflate.log" | grep -qx 1 ||
	{ cat "$SCRATCH/scu-deflate.log"; fail "the padding is not said once in the log"; }
got=$(stored_for "$SCRATCH/odd-deflate.dcm" "$SCRATCH/dcmtk-in")
cmp -s <(dataset_bytes "$got") <(dataset_bytes "$SCRATCH/odd-deflate.dcm"; printf '\0') ||
	fail "the odd deflated data set did not arrive as sent plus one 00H"
echo "ok: odd deflated data set padded with one 00H, dcmtk stores it"

for f in "${odd[@]}"; do
	if "$DICOMBENCH" storescu -v 127.0.0.1 "$P1" "$f" "${even[0]}" >"$SCRATCH/scu-odd.log" 2>&1; then
		fail "sending odd-length $f to dcmtk did not report a failure"
	fi
	grep -q "sending $f failed" "$SCRATCH/scu-odd.log" || fail "no failure line for $f"
	grep -q "sent ${even[0]}" "$SCRATCH/scu-odd.log" ||
		{ cat "$SCRATCH/scu-odd.log"; fail "the file after the failed one was not sent"; }
done

# --- dcmtk → dicombench (the walkthrough's SCP options) -------------------
P2=$(free_port)
"$DICOMBENCH" storescp +B +xa -dhl -uf -aet PACS -od "$SCRATCH/dcb-in" "$P2" \
	>"$SCRATCH/dcb-scp.log" 2>&1 &
SCP2=$!
PIDS="$SCP1 $SCP2"
wait_listen "$P2" "$SCP2"

echoscu -aec PACS 127.0.0.1 "$P2" >"$SCRATCH/echo2.log" 2>&1 ||
	{ cat "$SCRATCH/echo2.log" "$SCRATCH/dcb-scp.log"; fail "dcmtk echoscu → dicombench storescp"; }

# dcmtk re-encodes what it sends; the oracle is what dcmtk's own +B SCP
# stores from the same dcmtk storescu run.
P3=$(free_port)
storescp +B +xa -od "$SCRATCH/ref" "$P3" >"$SCRATCH/ref-scp.log" 2>&1 &
SCP3=$!
PIDS="$SCP1 $SCP2 $SCP3"
wait_listen "$P3" "$SCP3"
storescu -R -nh 127.0.0.1 "$P3" "${files[@]}" >"$SCRATCH/ref-scu.log" 2>&1
storescu -R -nh -aec PACS 127.0.0.1 "$P2" "${files[@]}" >"$SCRATCH/scu2.log" 2>&1 ||
	{ cat "$SCRATCH/scu2.log" "$SCRATCH/dcb-scp.log"; fail "dcmtk storescu → dicombench storescp"; }
n=0
for ref in "$SCRATCH"/ref/*; do
	name=$(basename "$ref")
	got="$SCRATCH/dcb-in/$name"
	[ -f "$got" ] || { ls "$SCRATCH/dcb-in"; fail "dicombench did not store $name"; }
	same_dataset "$ref" "$got" || fail "$name: dicombench stored other bytes than dcmtk +B"
	[ "$(meta_value "$ref" 00020010)" = "$(meta_value "$got" 00020010)" ] ||
		fail "$name: meta transfer syntax differs from dcmtk's"
	[ "$(meta_value "$got" 00020016)" = "STORESCU" ] || fail "$name: source AE title missing"
	n=$((n + 1))
done
[ "$n" -ge ${#even[@]} ] || fail "only $n objects arrived from dcmtk"
[ "$(ls "$SCRATCH/dcb-in" | wc -l)" -eq "$n" ] || fail "unexpected files in the output folder"
ls -a "$SCRATCH/dcb-in" | grep -q '\.part$' && fail "a temporary file was left behind"
echo "ok: $n files dcmtk → dicombench, byte for byte as dcmtk +B stores them"

# --- the walkthrough, only the program name changed ---------------------
P4=$(free_port)
"$DICOMBENCH" storescp +B +xa -dhl -uf -aet PACS -od "$SCRATCH/walk" "$P4" \
	>"$SCRATCH/walk-scp.log" 2>&1 &
SCP4=$!
PIDS="$SCP1 $SCP2 $SCP3 $SCP4"
wait_listen "$P4" "$SCP4"
"$DICOMBENCH" storescu localhost "$P4" "$SAMPLES/IM000001" ||
	fail "walkthrough: storescu localhost $P4 IM000001"
got=$(stored_for "$SAMPLES/IM000001" "$SCRATCH/walk")
[ -n "$got" ] && same_dataset "$SAMPLES/IM000001" "$got" || fail "walkthrough: IM000001 not stored as sent"
case "$(basename "$got")" in
	CT.*|MR.*|CR.*|DX.*|SC.*|US.*) ;;
	*) fail "walkthrough: name $(basename "$got") lacks dcmtk's modality prefix" ;;
esac
echo "ok: walkthrough"

# --- the trace: -d decodes every PDU, -dd adds the bytes ------------------
"$DICOMBENCH" echoscu -d 127.0.0.1 "$P4" >"$SCRATCH/trace.log" 2>&1 || fail "echoscu -d"
for want in "A-ASSOCIATE-RQ" "A-ASSOCIATE-AC" "C-ECHO-RQ" "C-ECHO-RSP" "A-RELEASE-RQ" "A-RELEASE-RP"; do
	grep -q "$want" "$SCRATCH/trace.log" || { cat "$SCRATCH/trace.log"; fail "-d trace lacks $want"; }
done
grep -q "^T: " "$SCRATCH/trace.log" && fail "-d printed hex"
"$DICOMBENCH" echoscu -dd 127.0.0.1 "$P4" >"$SCRATCH/trace2.log" 2>&1 || fail "echoscu -dd"
grep -q "^T:   00000000  01 00 00 00" "$SCRATCH/trace2.log" ||
	{ cat "$SCRATCH/trace2.log"; fail "-dd lacks the hex of the A-ASSOCIATE-RQ"; }
echo "ok: -d and -dd traces"

# --- refused options --------------------------------------------------------
"$DICOMBENCH" storescp --no-such-option 1 2>"$SCRATCH/err.log" && fail "unknown option accepted"
grep -q "unknown option '--no-such-option'" "$SCRATCH/err.log" || fail "unclear unknown-option message"

for p in $SCP1 $SCP2 $SCP3 $SCP4; do stop "$p"; done
PIDS=
echo "PASS"
