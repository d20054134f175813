#!/bin/bash
# powers.sh — the test bench's powers: each storescp fault against
# dicombench's storescu and dcmtk's storescu (exit status, the log line
# naming the status or reason), storescu's proposal options against dcmtk's
# storescp, and --pcap read by tshark for a plain and a TLS session.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tshark python3 storescu storescp
ct_samples
scratch
cd "$SCRATCH" || fail "no scratch folder"
mkdir -p in
SCP=

cleanup_scp() {
	[ -n "$SCP" ] && stop "$SCP"
	SCP=
}
trap 'cleanup_scp; rm -rf "$SCRATCH"' EXIT

# scp LOG ARGS...: starts dicombench storescp on a fresh port ($P).
scp() {
	local log=$1
	shift
	P=$(free_port)
	"$DB" storescp -od in "$@" "$P" >"$log" 2>&1 &
	SCP=$!
	wait_listen "$P" "$SCP"
}

# expect_fail NAME LOG PATTERN: the last command failed and LOG names it.
expect_in() {
	grep -q -- "$3" "$2" || { cat "$2" >&2; fail "$1: '$3' not in $2"; }
}

# fault NAME 'SCP OPTIONS' WANT_RC DB_PATTERN DCMTK_PATTERN SCP_PATTERN [DCMTK_WANT_RC]
# A wanted failure (1) accepts any non-zero exit of dcmtk's storescu (it
# exits with the status's low byte or an error code).
fault() {
	local name=$1 opts=$2 want=$3 dbpat=$4 dcpat=$5 scppat=$6 dcwant=${7:-$3} rc
	# shellcheck disable=SC2086
	scp "scp-$name.log" $opts
	timeout 20 "$DB" storescu -v 127.0.0.1 "$P" "$CT" >"db-$name.log" 2>&1
	rc=$?
	[ "$rc" -eq "$want" ] || { cat "db-$name.log" >&2; fail "$name: dicombench storescu exit $rc, want $want"; }
	expect_in "$name (dicombench storescu)" "db-$name.log" "$dbpat"
	timeout 20 storescu -v 127.0.0.1 "$P" "$CT" >"dc-$name.log" 2>&1
	rc=$?
	if [ "$dcwant" -eq 0 ]; then
		[ "$rc" -eq 0 ] || { cat "dc-$name.log" >&2; fail "$name: dcmtk storescu exit $rc, want 0"; }
	else
		[ "$rc" -ne 0 ] || { cat "dc-$name.log" >&2; fail "$name: dcmtk storescu succeeded"; }
	fi
	expect_in "$name (dcmtk storescu)" "dc-$name.log" "$dcpat"
	cleanup_scp
	expect_in "$name (storescp)" "scp-$name.log" "$scppat"
	echo "ok: $name"
}

fault refuse "--refuse" 1 "rejected permanently by the service user: no reason given (1/1/1)" \
	"Result: Rejected Permanent, Source: Service User" "scenario --refuse"
fault reject-assoc "--reject-assoc 2,3,2" 1 "local limit exceeded (2/3/2)" \
	"Reason: Local Limit Exceeded" "scenario --reject-assoc: result 2, source 3, reason 2"
fault status-a700 "--status 0xA700" 1 "status 0xa700: Refused: out of resources" \
	"Store Response (Refused: OutOfResources)" "answering C-STORE with 0xA700"
fault status-c000 "--status 0xC000" 1 "status 0xc000" "Store Response (Error: CannotUnderstand)" \
	"answering C-STORE with 0xC000"
fault status-b000 "--status 0xB000" 0 "status 0xb000, Warning: coercion of data elements" "Store Response (Warning: CoercionOfDataElements)" \
	"answering C-STORE with 0xB000"
fault abort-before "--abort-before" 1 "aborted by the service user" "Peer aborted Association" \
	"scenario --abort-before"
fault abort-during "--abort-during" 1 "aborted by the service user" "Peer aborted Association" \
	"scenario --abort-during"
rm -rf in && mkdir in
fault abort-after "--abort-after" 1 "aborted by the service user" "Peer aborted Association" \
	"scenario --abort-after"
# dcmtk's storescp --abort-after keeps nothing of the object; under that
# name neither do we.  --abort-after-store is the other real failure:
# stored, never acknowledged.
[ -z "$(ls in)" ] || fail "abort-after: stored $(ls in), dcmtk's storescp stores nothing"
mkdir dcmtk-in
P=$(free_port)
storescp --abort-after -od dcmtk-in "$P" >dcmtk-abort-after.log 2>&1 &
SCP=$!
wait_listen "$P" "$SCP"
timeout 20 storescu 127.0.0.1 "$P" "$CT" >/dev/null 2>&1
cleanup_scp
[ -z "$(ls dcmtk-in)" ] || fail "the oracle changed: dcmtk's storescp --abort-after stored $(ls dcmtk-in)"
fault abort-after-store "--abort-after-store" 1 "aborted by the service user" \
	"Peer aborted Association" "the object is stored, but .* is never told so"
[ "$(ls in | wc -l)" -eq 1 ] ||
	fail "abort-after-store: want the object kept (one file), have: $(ls in)"
echo "ok: --abort-after keeps nothing (as dcmtk), --abort-after-store keeps the object"
fault drop-mid-pdu "--drop-mid-pdu" 1 "in the middle of a PDU" "DIMSE Read PDV failed" \
	"scenario --drop-mid-pdu"
fault reject-context "--reject-context 1.2.840.10008.5.1.4.1.1.2" 1 "did not accept CT Image Storage" \
	"No presentation context for: (CT)" "reject-context"
# dcmtk proposes each uncompressed TS in its own context and converts: it
# falls back to another one; dicombench proposes the file's own and fails.
fault reject-ts "--reject-context 1.2.840.10008.1.2.1" 1 \
	"did not accept CT Image Storage with transfer syntax 1.2.840.10008.1.2.1" \
	"Received Store Response (Success)" "reject-context 1.2.840.10008.1.2.1" 0

# --sleep-after: the response comes first, then the pause (the SCU is done
# before the SCP wakes); --sleep-during delays the response itself.
scp scp-sleep.log --sleep-during 1
t0=$(date +%s%N)
timeout 20 "$DB" storescu 127.0.0.1 "$P" "$CTI" >db-sleep.log 2>&1 || fail "sleep-during: storescu failed"
t1=$(date +%s%N)
cleanup_scp
[ $(((t1 - t0) / 1000000)) -ge 1000 ] || fail "sleep-during: answered after $(((t1 - t0) / 1000000)) ms"
expect_in sleep-during scp-sleep.log "scenario --sleep-during: pausing this association for 1 s"
echo "ok: sleep-during"

# A delay is its own association's: while one association sleeps after
# its response, a C-ECHO on another is answered at once (the engine never
# blocks; before, the whole SCP slept).
scp scp-sleep-after.log --sleep-after 5
timeout 20 "$DB" storescu 127.0.0.1 "$P" "$CTI" "$CT" >db-sleep-after.log 2>&1 &
STORE=$!
for i in $(seq 1 50); do
	grep -q "pausing this association" scp-sleep-after.log && break
	sleep 0.1
done
expect_in sleep-after scp-sleep-after.log "scenario --sleep-after: pausing this association for 5 s"
t0=$(date +%s%N)
timeout 20 "$DB" echoscu 127.0.0.1 "$P" >db-echo-during.log 2>&1 || fail "sleep-after: echoscu failed"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
[ "$ms" -lt 1500 ] || fail "sleep-after: a C-ECHO on another association took $ms ms"
wait "$STORE" || fail "sleep-after: storescu failed"
cleanup_scp
echo "ok: sleep-after pauses its association only (C-ECHO meanwhile: $ms ms)"

# --reject: dcmtk's storescu always sends an implementation class UID, so
# the association is accepted.
fault reject-no-impl "--reject" 0 "1 sent, 0 failed" "Store Response (Success)" \
	"scenario active: reject"

# --- storescu's proposals against dcmtk's storescp ----------------------
P=$(free_port)
storescp -d -od in "$P" >dscp.log 2>&1 &
SCP=$!
wait_listen "$P" "$SCP"
timeout 20 "$DB" storescu -xi --pcap xi.pcap 127.0.0.1 "$P" "$CTI" "$CT" >xi.log 2>&1
rc=$?
[ "$rc" -ne 0 ] || fail "-xi with an explicit VR file must fail that file"
expect_in "-xi" xi.log "CT-explicit-le.dcm failed: its transfer syntax 1.2.840.10008.1.2.1 is not among the proposed"
grep -q "CT-implicit-le.dcm failed" xi.log && fail "-xi: the implicit VR file must be sent"
timeout 20 "$DB" storescu -xb 127.0.0.1 "$P" "$CT" >xb.log 2>&1 || { cat xb.log; fail "-xb"; }
timeout 20 "$DB" storescu --repeat 3 --assoc-per-file 127.0.0.1 "$P" "$CTI" >rep.log 2>&1 ||
	{ cat rep.log; fail "--repeat 3 --assoc-per-file"; }
timeout 20 "$DB" storescu --abort-during 127.0.0.1 "$P" "$CT" >abort.log 2>&1 && fail "--abort-during succeeded"
expect_in "--abort-during" abort.log "scenario --abort-during: A-ABORT in the middle of the object"
timeout 20 "$DB" storescu --pack -d 127.0.0.1 "$P" "$CTI" >pack.log 2>&1 || { cat pack.log; fail "--pack"; }
grep -q "P-DATA-TF.*2 PDVs: ctx [0-9]* command last" pack.log || { cat pack.log >&2; fail "--pack: command and data were not sent in one P-DATA-TF"; }
sleep 0.3
cleanup_scp
grep -q "Store SCP Failed: 0006:0317 Peer aborted Association" dscp.log || { cat dscp.log >&2; fail "--abort-during: dcmtk storescp did not see the abort during the store"; }
# association 1 (-xi): one context proposing implicit VR only
sed -n '/BEGIN A-ASSOCIATE-RQ/,/END A-ASSOCIATE-RQ/p;/END A-ASSOCIATE-RQ/q' dscp.log >xi-rq.txt
grep -q "=LittleEndianImplicit" xi-rq.txt || { cat dscp.log >&2; fail "-xi: dcmtk storescp did not see implicit VR proposed"; }
[ "$(grep -c '^D:       =' xi-rq.txt)" -eq 1 ] || { cat xi-rq.txt >&2; fail "-xi: more than one transfer syntax proposed"; }
grep -q "=BigEndianExplicit" dscp.log || fail "-xb: big endian not proposed"
n_rq=$(grep -c "^I: Association Received" dscp.log)
[ "$n_rq" -eq 7 ] || fail "expected 7 associations at dcmtk storescp (-xi, -xb, 3 × --assoc-per-file, --abort-during, --pack), saw $n_rq"
grep -q "Store SCP Failed" <(grep -v 0006:0317 dscp.log) && fail "--pack: dcmtk storescp failed a store"
echo "ok: -xi, -xb, --repeat, --assoc-per-file, --abort-during, --pack"

# --- pcap, plain: tshark decodes it, nothing malformed -------------------
decode() {
	tshark -r "$1" -d "tcp.port==$2,dicom" "${@:3}" 2>/dev/null
}
# check_pcap CAP PORT NAME: one tshark pass: the Info column and the worst
# expert severity of each packet (malformed packets are expert errors).
check_pcap() {
	local cap=$1 port=$2 name=$3 bad
	[ -s "$cap" ] || fail "$name: $cap was not written"
	decode "$cap" "$port" -T fields -e _ws.col.Info -e _ws.expert.severity >"$cap.txt"
	SUMMARY=$(cut -f1 "$cap.txt")
	grep -q "A-ASSOCIATE request" <<<"$SUMMARY" || { cat "$cap.txt"; fail "$name: no A-ASSOCIATE request decoded"; }
	grep -q "A-ASSOCIATE accept" <<<"$SUMMARY" || fail "$name: no A-ASSOCIATE accept decoded"
	grep -q "A-RELEASE response" <<<"$SUMMARY" || fail "$name: no A-RELEASE response"
	# 8388608: PI_ERROR (malformed packets included)
	bad=$(awk -F'\t' '{ n = split($2, v, ","); for (i = 1; i <= n; i++) if (v[i] + 0 >= 8388608) { c++; break } } END { print c + 0 }' "$cap.txt")
	[ "$bad" -eq 0 ] || { grep -n "Malformed" "$cap.txt"; fail "$name: $bad malformed or erroneous packets"; }
	echo "ok: $name"
}
check_pcap xi.pcap "$P" "pcap of dicombench storescu -xi"
grep -q "C-STORE-RSP ID=[0-9]* (Success)" <<<"$SUMMARY" || fail "xi.pcap: no successful C-STORE-RSP"
scp scp-pcap.log --pcap scp.pcap
timeout 20 "$DB" echoscu --pcap echo.pcap 127.0.0.1 "$P" >/dev/null 2>&1 || fail "echoscu --pcap"
timeout 20 "$DB" storescu --pcap scu.pcap --trace-json scu.jsonl --trace-file scu.txt 127.0.0.1 "$P" "$CT" "$CTI" >/dev/null 2>&1 || fail "storescu --pcap"
timeout 20 storescu 127.0.0.1 "$P" "$CT" >/dev/null 2>&1 || fail "dcmtk storescu to storescp --pcap"
cleanup_scp
# --trace-json / --trace-file of the storescu run above
python3 - scu.jsonl <<'PY' || fail "--trace-json: not the expected JSON Lines"
import json, sys
ev = [json.loads(line) for line in open(sys.argv[1])]
kinds = {e["kind"] for e in ev}
assert {"pdu", "file_result", "job_done"} <= kinds, kinds
ok = [e for e in ev if e["kind"] == "file_result" and e["ok"] and e["status"] == 0]
assert len(ok) == 2, ok
assert any(e["kind"] == "pdu" and e["summary"].startswith("A-ASSOCIATE-RQ") for e in ev)
# the job's events name it: its end, its files' results, its association's PDUs
assert all(e.get("job") == 1 for e in ev if e["kind"] in ("job_done", "file_result", "pdu")), ev
PY
grep -q "A-ASSOCIATE-RQ" scu.txt || fail "--trace-file: no A-ASSOCIATE-RQ in the text trace"
echo "ok: --trace-json, --trace-file"
check_pcap scu.pcap "$P" "pcap of dicombench storescu"
[ "$(grep -c "C-STORE-RSP ID=[0-9]* (Success)" <<<"$SUMMARY")" -eq 2 ] || fail "scu.pcap: expected 2 successful C-STORE-RSP"
check_pcap scp.pcap "$P" "pcap of dicombench storescp (3 associations)"
[ "$(grep -c "A-ASSOCIATE request" <<<"$SUMMARY")" -eq 3 ] || fail "storescp pcap: expected 3 associations"
[ "$(grep -c "C-STORE-RSP ID=[0-9]* (Success)" <<<"$SUMMARY")" -eq 3 ] || fail "storescp pcap: expected 3 successful C-STORE-RSP"
check_pcap echo.pcap "$P" "pcap of dicombench echoscu"
grep -q "C-ECHO-RSP" <<<"$SUMMARY" || fail "echoscu pcap: no C-ECHO-RSP"

# --- pcap, TLS: decrypted DICOM, handshake summary in FILE.tls.txt ------
"$DB" ca newca --ecdsa myca >ca.log 2>&1 || { cat ca.log; fail "ca newca"; }
"$DB" ca mkcert --ecdsa -des no myca/ c1 k1 >>ca.log 2>&1 || fail "ca mkcert c1"
"$DB" ca mkcert --ecdsa -des no myca/ c2 k2 >>ca.log 2>&1 || fail "ca mkcert c2"
scp scp-tls.log +tls k1 c1 +cf myca/cacert.pem --pcap tls.pcap
timeout 20 "$DB" storescu +tls k2 c2 +cf myca/cacert.pem 127.0.0.1 "$P" "$CT" >tls.log 2>&1 ||
	{ cat tls.log scp-tls.log; fail "storescu over TLS"; }
cleanup_scp
check_pcap tls.pcap "$P" "pcap of a TLS session (decrypted)"
grep -q "C-STORE-RSP ID=[0-9]* (Success)" <<<"$SUMMARY" || fail "tls.pcap: no successful C-STORE-RSP"
grep -q "TLS1\.[23]" tls.pcap.tls.txt || { cat tls.pcap.tls.txt; fail "tls.pcap.tls.txt lacks the TLS version"; }

# --- --drop-handshake: both storescu see the cut ------------------------
scp scp-drop.log +tls k1 c1 +cf myca/cacert.pem --drop-handshake
timeout 20 "$DB" storescu +tls k2 c2 +cf myca/cacert.pem 127.0.0.1 "$P" "$CT" >drop.log 2>&1 &&
	fail "--drop-handshake: dicombench storescu succeeded"
expect_in "drop-handshake (dicombench)" drop.log "TLS with 127.0.0.1:[0-9]* failed: the SCP closed the connection"
timeout 20 storescu +tls k2 c2 +cf myca/cacert.pem 127.0.0.1 "$P" "$CT" >ddrop.log 2>&1 &&
	fail "--drop-handshake: dcmtk storescu succeeded"
expect_in "drop-handshake (dcmtk)" ddrop.log "TLS\|Association Request Failed"
cleanup_scp
expect_in "drop-handshake (storescp)" scp-drop.log "scenario --drop-handshake"
echo "ok: drop-handshake"

# --- the dashboard: F7 on the SCP pane sets a status, the title shows it,
# and dcmtk's storescu gets that status from the dashboard's SCP ---------
need tmux
T="tmux -L dcb-powers-$$ -f /dev/null"
mkdir -p uih
$T new-session -d -s pw -x 120 -y 36 "env LANG=C.UTF-8 LANGUAGE= HOME=$SCRATCH/uih \
	XDG_STATE_HOME=$SCRATCH/uih/state XDG_CONFIG_HOME=$SCRATCH/uih/config \
	DICOMBENCH_DATADIR=$(dirname "$SAMP") $DB ui --scp-port 0 --scp-tls-port 0; sleep 30"
trap 'cleanup_scp; $T kill-server 2>/dev/null; rm -rf "$SCRATCH"' EXIT
shot() { $T capture-pane -p -t pw; }
# open_scenario SCP|SCU: F7 on each pane in turn until that side's dialog opens
open_scenario() {
	for i in 1 2 3 4 5 6; do
		$T send-keys -t pw F7
		sleep 0.3
		shot | grep -q "Scenario: $1" && return 0
		$T send-keys -t pw Escape Tab
		sleep 0.2
	done
	shot
	fail "F7 did not open the $1 scenario dialog"
}
for i in $(seq 1 50); do shot | grep -q "● listening" && break; sleep 0.1; done
open_scenario SCP
$T send-keys -t pw Down Down Down Down
$T send-keys -t pw -l "0xA700"
$T send-keys -t pw Down Down Down Down Down Down Down Down Down Down Enter
for i in $(seq 1 30); do shot | grep -q "⚠ scenario: status 0xA700" && break; sleep 0.1; done
shot | grep -q "SCP .*⚠ scenario: status 0xA700" || { shot; fail "the SCP pane title does not show the scenario"; }
UP=$(shot | grep -o "127\.0\.0\.1:[0-9]* plain" | head -1 | sed 's/.*://; s/ plain//')
[ -n "$UP" ] || { shot; fail "no SCP port on the dashboard"; }
for i in $(seq 1 30); do listening "$UP" && break; sleep 0.1; done
timeout 20 storescu -v -aec PACS 127.0.0.1 "$UP" "$CT" >ui-scu.log 2>&1 && fail "the dashboard's SCP answered success"
expect_in "dashboard scenario" ui-scu.log "Store Response (Refused: OutOfResources)"
echo "ok: dashboard F7 scenario"
# 's' in the trace pane with a .jsonl name saves JSON Lines
saved=
for i in 1 2 3 4 5 6; do
	$T send-keys -t pw s
	sleep 0.3
	if shot | grep -q "Save the trace to file"; then saved=1; break; fi
	$T send-keys -t pw Escape Tab
	sleep 0.2
done
[ -n "$saved" ] || { shot; fail "'s' did not offer to save the trace"; }
for i in $(seq 1 30); do $T send-keys -t pw BSpace; done
$T send-keys -t pw -l "$SCRATCH/ui-trace.jsonl"
$T send-keys -t pw Enter
for i in $(seq 1 30); do [ -s ui-trace.jsonl ] && break; sleep 0.1; done
python3 - ui-trace.jsonl <<'PY' || { shot; fail "the dashboard's JSON trace is not as expected"; }
import json, sys
ev = [json.loads(line) for line in open(sys.argv[1])]
assert any(e["kind"] == "pdu" and e["summary"].startswith("A-ASSOCIATE-RQ") for e in ev), ev[:3]
PY
echo "ok: dashboard trace saved as JSON"

# --- the dashboard: F7 on the SCU pane packs and repeats; the title shows
# it and the SCP receives the file twice ------------------------------------
# (the same tmux session, a new dashboard in it: killing the tmux server and
# starting another at once can reach the dying one)
mkdir -p uih2
$T respawn-pane -k -t pw "env LANG=C.UTF-8 LANGUAGE= HOME=$SCRATCH/uih2 \
	XDG_STATE_HOME=$SCRATCH/uih2/state XDG_CONFIG_HOME=$SCRATCH/uih2/config \
	DICOMBENCH_DATADIR=$(dirname "$SAMP") $DB ui --scp-port 0 --scp-tls-port 0; sleep 30"
for i in $(seq 1 50); do shot | grep -q "● listening" && break; sleep 0.1; done
open_scenario SCU
# fields: propose, one association per file, pack, repeat, abort, pcap; then Apply
$T send-keys -t pw Down Down Space Down BSpace
$T send-keys -t pw -l "2"
$T send-keys -t pw Down Down Down Enter
for i in $(seq 1 30); do shot | grep -q "⚠ scenario: pack, repeat 2" && break; sleep 0.1; done
shot | grep -q "SCU .*⚠ scenario: pack, repeat 2" || { shot; fail "the SCU pane title does not show pack, repeat 2"; }
sent=
for i in 1 2 3 4 5 6; do
	$T send-keys -t pw Tab
	sleep 0.2
	$T send-keys -t pw Home Down Down F5
	for k in $(seq 1 30); do shot | grep -q "received [1-9]" && break; sleep 0.1; done
	if shot | grep -q "received [1-9]"; then sent=1; break; fi
done
[ -n "$sent" ] || { shot; fail "the dashboard did not send with the SCU scenario on"; }
for i in $(seq 1 50); do shot | grep -q "received 2 objects" && break; sleep 0.1; done
shot | grep -q "received 2 objects" || { shot; fail "--repeat 2 from the dashboard: the SCP did not receive the file twice"; }
$T kill-server 2>/dev/null
echo "ok: dashboard F7 scenario on the SCU (pack, repeat)"
exit 0
