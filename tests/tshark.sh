#!/bin/bash
# tshark.sh — capture a dicombench session on loopback and let Wireshark's
# DICOM dissector decode it: every PDU must be recognised, nothing
# malformed, no expert error.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tshark python3
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
PIDS=

files=("$SAMPLES/CT-explicit-le.dcm" "$SAMPLES/MR-explicit-be.dcm" "$SAMPLES/CT-implicit-le.dcm"
	"$SAMPLES/SC-rgb-utf8.dcm")
for f in "${files[@]}"; do [ -f "$f" ] || fail "sample $f missing: run make first"; done

P=$(free_port)
cap="$SCRATCH/session.pcapng"
tshark -i lo -B 64 -f "tcp port $P" -w "$cap" >"$SCRATCH/tshark.log" 2>&1 &
TS=$!
PIDS="$TS"
for i in $(seq 1 200); do
	grep -q "Capturing on\|Capture started" "$SCRATCH/tshark.log" && break
	kill -0 "$TS" 2>/dev/null || { cat "$SCRATCH/tshark.log"; fail "tshark could not capture on lo"; }
	sleep 0.05
done
sleep 0.5

mkdir -p "$SCRATCH/in"
"$DICOMBENCH" storescp -od "$SCRATCH/in" "$P" >"$SCRATCH/scp.log" 2>&1 &
SCP=$!
PIDS="$TS $SCP"
wait_listen "$P" "$SCP"
"$DICOMBENCH" echoscu 127.0.0.1 "$P" || fail "echoscu"
"$DICOMBENCH" storescu -pdu 32768 127.0.0.1 "$P" "${files[@]}" || fail "storescu"
sleep 0.5
stop "$SCP"
kill -INT "$TS" 2>/dev/null
wait "$TS" 2>/dev/null
PIDS=

decode() {
	tshark -r "$cap" -d "tcp.port==$P,dicom" "$@" 2>/dev/null
}
summary=$(decode)
n_assoc=$(grep -c "A-ASSOCIATE request" <<<"$summary")
n_ac=$(grep -c "A-ASSOCIATE accept" <<<"$summary")
n_store=$(grep -c "C-STORE-RQ" <<<"$summary")
n_ok=$(grep -c "C-STORE-RSP ID=[0-9]* (Success)" <<<"$summary")
n_echo=$(grep -c "C-ECHO-RSP" <<<"$summary")
n_rel=$(grep -c "A-RELEASE response" <<<"$summary")
bad=$(decode -Y '_ws.malformed || _ws.expert.severity >= "error"' | wc -l)

[ "$n_assoc" -eq 2 ] || { echo "$summary"; fail "expected 2 A-ASSOCIATE requests, saw $n_assoc"; }
[ "$n_ac" -eq 2 ] || fail "expected 2 A-ASSOCIATE accepts, saw $n_ac"
[ "$n_store" -eq ${#files[@]} ] || { echo "$summary"; fail "expected ${#files[@]} C-STORE-RQ, saw $n_store"; }
[ "$n_ok" -eq ${#files[@]} ] || { echo "$summary"; fail "expected ${#files[@]} successful C-STORE-RSP, saw $n_ok"; }
[ "$n_echo" -eq 1 ] || fail "expected 1 C-ECHO-RSP, saw $n_echo"
[ "$n_rel" -eq 2 ] || fail "expected 2 A-RELEASE responses, saw $n_rel"
[ "$bad" -eq 0 ] || { decode -Y '_ws.malformed || _ws.expert.severity >= "error"'; fail "$bad malformed/error packets"; }
echo "ok: tshark decoded $n_assoc associations, $n_store C-STOREs, no malformed packets"
echo "PASS"
