#!/bin/bash
# hostile.sh — dicombench storescp against a peer that misbehaves on
# purpose (tests/hostile-peer), and dicombench storescu against a hostile
# SCP.
#
# For every case: the peer asserts the bytes the SCP sends back (A-ABORT,
# A-ASSOCIATE-RJ or a failure status, as PS3.7/PS3.8 say); the SCP's log
# names the fault; a well-behaved storescu running all the while succeeds
# every time; nothing is written outside the output folder and no partial
# file lies under a final name; the SCP is still alive at the end and its
# memory did not grow with 1000 dropped connections.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PEER=$(realpath "${top_builddir:-.}/tests/hostile-peer")
DICOMBENCH=$(realpath "$DICOMBENCH")
SAMPLES=$(realpath "$SAMPLES")
need python3 timeout
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
[ -x "$PEER" ] || fail "$PEER is not built (make check builds it)"
scratch
PIDS=
cd "$SCRATCH" || fail "no scratch folder"
# In a sanitizer build, freed memory waits in ASan's quarantine: without
# it VmRSS shows what the SCP really keeps.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"

# Files the hostile UIDs would make if they escaped the output folder.
ESCAPES="/tmp/dcb-hostile-escape /tmp/dcb-hostile-abs /tmp/x"
for f in $ESCAPES; do
	[ -e "$f" ] && fail "$f exists before the test; remove it"
done

SAMPLE=$SAMPLES/CT-implicit-le.dcm
[ -f "$SAMPLE" ] || fail "no sample $SAMPLE: build the samples first (make)"

# The output folder sits in a jail folder that must stay empty but for it.
mkdir -p jail/out logs
P=$(free_port)
"$DICOMBENCH" storescp -v -ta 1 -td 2 -od jail/out "$P" >logs/scp.log 2>&1 &
SCP=$!
PIDS=$SCP
wait_listen "$P" "$SCP"

# The well-behaved association, over and over, for as long as the cases run.
good_loop() {
	local n=0 bad=0
	while [ ! -e logs/stop ]; do
		if "$DICOMBENCH" storescu -ta 10 -td 10 127.0.0.1 "$P" "$SAMPLE" "$SAMPLE" \
			>>logs/good.log 2>&1; then
			n=$((n + 1))
		else
			bad=$((bad + 1))
			echo "--- failed run $((n + bad))" >>logs/good.log
		fi
		echo "$n $bad" >logs/good.count
		sleep 0.2
	done
}
good_loop &
GOOD=$!
PIDS="$SCP $GOOD"

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# run_case CASE REGEX: the peer's verdict and the SCP log lines it caused.
failures=0
run_case() {
	local c=$1 want=$2 before
	before=$(wc -l <logs/scp.log)
	if ! timeout 90 $PEER 127.0.0.1 "$P" "$c" >"logs/$c.out" 2>&1; then
		cat "logs/$c.out" >&2
		echo "FAIL: case $c" >&2
		failures=$((failures + 1))
		return
	fi
	if ! kill -0 "$SCP" 2>/dev/null; then
		wait "$SCP"
		st=$?
		tail -n 30 logs/scp.log
		fail "storescp died in case $c (exit status $st$([ $st -gt 128 ] && echo ", signal $((st - 128))"))"
	fi
	sleep 0.3   # the SCP logs the end of the association after the peer's verdict
	if [ -n "$want" ] && ! tail -n +"$((before + 1))" logs/scp.log | grep -Eq -- "$want"; then
		tail -n +"$((before + 1))" logs/scp.log >&2
		echo "FAIL: case $c: the SCP log does not name the fault (/$want/)" >&2
		failures=$((failures + 1))
		return
	fi
	cat "logs/$c.out"
}

run_case uid-dotdot "DCB[0-9]+.*UID '\.\.'"
run_case uid-dotdot-x 'DCB[0-9]+.*\.\./x'
run_case uid-dotdot-deep 'DCB[0-9]+.*dcb-hostile-escape'
run_case uid-abs 'DCB[0-9]+.*/tmp/dcb-hostile-abs'
run_case uid-backslash 'DCB[0-9]+.*\\'
run_case uid-nul 'DCB[0-9]+.*(\\x00|\?)'
run_case uid-trailing-dot 'DCB[0-9]+.*not a valid UID'
run_case uid-long '200 characters long'
run_case store-instance-mismatch 'DCB502'
run_case n-action-unsupported 'DCB505.*N-ACTION-RQ for CT .* answering 0x0211'
run_case find-unsupported 'DCB505.*C-FIND-RQ for CT .* answering 0x0211'
run_case command-unknown 'DCB506.*Command Field 0x7777 .* answering 0x0211'
run_case class-dotdot 'Affected SOP Class UID \.\./\.\./x'
run_case ae-dotdot 'calling AE title .\.\./\.\./\.\./tmp/x'
run_case pdu-huge-rq 'claims 4294967294 bytes'
run_case pdu-huge-pdata 'DCB[0-9]+.*4294967295'
run_case pdu-over-max 'DCB[0-9]+.*40118 bytes'
run_case maxlen-overrun 'Maximum Length.*claims 200 bytes'
run_case maxlen-underrun 'Maximum Length.*length 2; it must be 4'
run_case role-overrun 'role selection item.*UID length 300'
run_case role-underrun 'role selection item'
run_case identity-overrun 'user identity secondary field'
run_case identity-primary-overrun 'user identity primary field'
run_case userinfo-overrun 'User Information.*claims'
run_case ctx-zero-length 'Presentation Context.*length 0'
run_case pdv-zero-length 'too short for a PDV'
run_case pdata-empty ''
run_case ctx-duplicate 'proposed more than once'
run_case ctx-even 'context ID is even'
run_case pdata-first 'P-DATA-TF.*before any A-ASSOCIATE-RQ'
run_case release-first 'A-RELEASE-RQ.*before any A-ASSOCIATE-RQ'
run_case pdv-unaccepted 'presentation context 5'
run_case cmd-not-last "before the command's last fragment"
run_case data-after-last 'no command announced one'
run_case cmd-twice 'command fragment arrived while the data set'
run_case cmd-without-data 'no data set follows'
run_case data-without-cmd 'no command announced one'
run_case cmd-no-instance 'lacks the required element \(0000,1000\)'
run_case cmd-no-class 'lacks the required element \(0000,0002\)'
run_case cmd-no-field 'no Command Field'
run_case cmd-bad-vr 'CommandField.*has length 4'
run_case cmd-past-end 'has length 2147483632'
run_case cmd-group-length ''
run_case nested-sq ''
run_case release-collision 'release requested'
run_case release-mid-object 'incomplete object 1\.2\.826\.0\.1\.3680043\.9\.7433\.99\.666'
run_case ctx-200 'more than 128 presentation contexts'
run_case rq-oversized-lists 'more than 32 transfer syntaxes'
run_case data-other-ctx 'PDV on context 3 arrived in the middle of a message on context 1'
run_case find-with-data 'C-FIND-RQ'
run_case max-length-7 'max send PDU 7'
run_case max-length-6 'maximum PDU length of 6 bytes is too small'
run_case max-length-1 'maximum PDU length of 1 bytes is too small'
run_case stall-mid-pdu 'ARTIM'
run_case stall-mid-pdata 'within 2 s \(-td\)'
run_case slow-drip 'stored jail/out/CT\.1\.2\.826\.0\.1\.3680043\.9\.7433\.99\.7'
run_case slowloris 'ARTIM'
run_case tls-on-plain 'TLS handshake \(ClientHello'

# 1000 connections opened and dropped: the SCP's memory stays flat.
# (The first thousand warms the allocator up; the second must not grow.)
flood_rss() {
	local rss0 rss1 rss2
	sleep 1
	rss0=$(rss "$SCP")
	run_case flood ''
	sleep 2   # the last half-open ones end by ARTIM
	rss1=$(rss "$SCP")
	run_case flood ''
	sleep 2
	rss2=$(rss "$SCP")
	echo "storescp VmRSS: $rss0 kB before, $rss1 kB after 1000, $rss2 kB after 2000 dropped connections"
	if [ "$rss1" -gt $((rss0 + 4096)) ] || [ "$rss2" -gt $((rss1 + 1024)) ]; then
		echo "FAIL: storescp memory grew: $rss0 → $rss1 → $rss2 kB" >&2
		failures=$((failures + 1))
	fi
}
flood_rss

# The well-behaved association never failed and ran several times.
touch logs/stop
wait "$GOOD"
read -r good bad <logs/good.count
echo "well-behaved storescu: $good runs ok, $bad failed"
if [ "$bad" -ne 0 ] || [ "$good" -lt 3 ]; then
	grep -B5 "failed run" logs/good.log | head -40 >&2
	fail "the well-behaved association suffered ($good ok, $bad failed)"
fi

# Nothing outside the output folder; no partial file under a final name.
for f in $ESCAPES; do
	[ -e "$f" ] && { rm -rf "$f"; fail "$f was written outside the output folder"; }
done
extra=$(ls -A jail | grep -v '^out$')
[ -z "$extra" ] || fail "files outside the output folder: $extra"
find jail/out -mindepth 1 \( -type d -o -name '.*' \) | grep -q . &&
	fail "sub-folders or temporary files left in the output folder: $(ls -A jail/out)"
for f in jail/out/*; do
	case $(basename "$f") in
	CT.1.2.826.0.1.3680043.9.7433.99.1 | CT.1.2.826.0.1.3680043.9.7433.99.7) ;;
	CT.1.2.826.0.1.3680043.9.7433.99.2) ;; # store-instance-mismatch: stored as its command names it
	CT.2.25.*) ;;   # the well-behaved sender's sample
	*) fail "unexpected file in the output folder: $f" ;;
	esac
done
[ -e jail/out/CT.1.2.826.0.1.3680043.9.7433.99.666 ] && fail "the released half object was stored"
kill -0 "$SCP" 2>/dev/null || fail "storescp is gone"
stop "$SCP"
PIDS=

# --- 1000 connections that connect and say nothing -------------------------
# They hold no PDU-sized buffer: the SCP stays under 16 MB, and serves a
# storescu meanwhile (the idle ones do not count against the association
# limit; ARTIM ends them after -ta).
idle_rss() {
	local p pid rss_idle rss_before
	p=$(free_port)
	(ulimit -n 4096 && exec "$DICOMBENCH" storescp -ta 20 -od jail/out "$p") >logs/idle-scp.log 2>&1 &
	pid=$!
	PIDS=$pid
	wait_listen "$p" "$pid"
	rss_before=$(rss "$pid")
	(ulimit -n 4096 && exec python3 - "$p" >logs/idle.log 2>&1) <<'PY' &
import socket, sys, time
held = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(1000)]
print("connected", len(held), flush=True)
time.sleep(15)
PY
	local idle=$!
	for i in $(seq 1 100); do grep -q connected logs/idle.log && break; sleep 0.1; done
	grep -q "connected 1000" logs/idle.log || { cat logs/idle.log; fail "could not open 1000 connections"; }
	sleep 1
	rss_idle=$(rss "$pid")
	"$DICOMBENCH" storescu -ta 10 127.0.0.1 "$p" "$SAMPLE" >logs/idle-scu.log 2>&1 ||
		{ cat logs/idle-scu.log; fail "storescu failed while 1000 connections sat idle"; }
	echo "storescp VmRSS: $rss_before kB, with 1000 idle connections $rss_idle kB; a storescu meanwhile: ok"
	[ "$rss_idle" -le $((rss_before + 10240)) ] ||
		fail "1000 idle connections cost the SCP $((rss_idle - rss_before)) kB (over 10 MB)"
	# a sanitizer build carries shadow memory: there only the growth counts
	nm "$DICOMBENCH" 2>/dev/null | grep -q __asan_init || [ "$rss_idle" -le 16384 ] ||
		fail "with 1000 idle connections the SCP holds $rss_idle kB (over 16 MB)"
	kill "$idle" 2>/dev/null
	stop "$pid"
	PIDS=
}
idle_rss

# --- the same over TLS ---------------------------------------------------
"$DICOMBENCH" ca newca ca >logs/ca.log 2>&1 || { cat logs/ca.log; fail "ca newca"; }
"$DICOMBENCH" ca mkcert -des no ca/ scp.crt scp.key >>logs/ca.log 2>&1 || fail "ca mkcert (SCP)"
"$DICOMBENCH" ca mkcert -des no ca/ peer.crt peer.key >>logs/ca.log 2>&1 || fail "ca mkcert (peer)"
P=$(free_port)
"$DICOMBENCH" storescp -v -ta 1 -td 2 -od jail/out +tls scp.key scp.crt +cf ca/cacert.pem "$P" \
	>logs/scp.log 2>&1 &
SCP=$!
PIDS=$SCP
wait_listen "$P" "$SCP"
PEER_PLAIN=$PEER
PEER="$PEER_PLAIN --tls peer.key peer.crt ca/cacert.pem"
run_case plain-on-tls 'plain DICOM \(A-ASSOCIATE-RQ.*arrived on this TLS port'
run_case silent 'within 1 s'
run_case uid-dotdot-deep 'DCB[0-9]+.*dcb-hostile-escape'
run_case pdu-huge-pdata 'DCB[0-9]+.*4294967295'
run_case identity-overrun 'user identity secondary field'
run_case cmd-past-end 'has length 2147483632'
run_case stall-mid-pdata 'within 2 s \(-td\)'
run_case slow-drip 'stored jail/out/CT\.1\.2\.826\.0\.1\.3680043\.9\.7433\.99\.7'
run_case release-mid-object 'incomplete object 1\.2\.826\.0\.1\.3680043\.9\.7433\.99\.666'
# 1000 TLS connections (three in four with a handshake) opened and dropped
sleep 1
rss0=$(rss "$SCP")
run_case flood 'the SCU closed the connection'
sleep 2
rss1=$(rss "$SCP")
echo "storescp (TLS) VmRSS: $rss0 kB before, $rss1 kB after 1000 dropped TLS connections"
[ "$rss1" -le $((rss0 + 4096)) ] ||
	{ echo "FAIL: storescp (TLS) grew from $rss0 to $rss1 kB" >&2; failures=$((failures + 1)); }
kill -0 "$SCP" 2>/dev/null || fail "storescp (TLS) is gone"
stop "$SCP"
PIDS=
PEER=$PEER_PLAIN
for f in $ESCAPES; do
	[ -e "$f" ] && { rm -rf "$f"; fail "$f was written outside the output folder (TLS)"; }
done
[ -e jail/out/CT.1.2.826.0.1.3680043.9.7433.99.666 ] && fail "the released half object was stored (TLS)"

# --- the other side: a hostile SCP against dicombench storescu ------------
F1=$SAMPLES/CT-explicit-le.dcm F2=$SAMPLES/CT-implicit-le.dcm F3=$SAMPLES/CR-chest.dcm
# start_scp CASE OUT: the hostile SCP for CASE in the background (its pid in
# PIDS, its output in OUT); returns once it has written its port.
start_scp() {
	local i=0
	rm -f logs/port
	"$PEER" --scp logs/port "$1" >"$2" 2>&1 &
	PIDS=$!
	while [ ! -s logs/port ]; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "the hostile SCP for $1 did not start"
		sleep 0.05
	done
}
scu_case() {
	local c=$1 first_ok=$2 want=$3 pp port rc
	start_scp "$c" "logs/$c.stored"
	pp=$PIDS
	port=$(cat logs/port)
	timeout 60 "$DICOMBENCH" storescu -ta 5 -td 5 127.0.0.1 "$port" "$F1" "$F2" "$F3" \
		>"logs/$c.scu" 2>&1
	rc=$?
	[ $rc -eq 124 ] && fail "$c: storescu hung"
	[ $rc -eq 0 ] && { cat "logs/$c.scu" >&2; fail "$c: storescu exited 0 although a file failed"; }
	stop "$pp"
	PIDS=
	grep -Eq "sending $F1 failed: .*$want" "logs/$c.scu" ||
		{ cat "logs/$c.scu" >&2; fail "$c: no failure line with the reason for the first file"; }
	if [ "$first_ok" = rest ]; then
		for f in "$F2" "$F3"; do
			uid=$(meta_value "$f" 00020003)
			grep -q "^stored $uid\$" "logs/$c.stored" ||
				{ cat "logs/$c.scu" >&2; fail "$c: $f was not sent after the failure"; }
		done
	fi
	echo "ok: $c: $(grep -c 'failed' "logs/$c.scu") failure line(s); storescu carried on"
}
scu_case scp-ac-overrun none 'malformed A-ASSOCIATE-AC'
scu_case scp-ac-unproposed none 'did not accept'
scu_case scp-rsp-garbage rest 'bad DIMSE message'
scu_case scp-rsp-wrong-id rest 'message ID 2, but 1 was sent'
scu_case scp-abort-mid rest '(abort|closed)'
scu_case scp-status-a700 rest 'status 0xa700'
scu_case scp-max-length-6 none 'maximum PDU length of 6 bytes, too small'
scu_case scp-abort-after-ac none '(aborted|closed)'

# An A-RELEASE collision (the SCP sends its own A-RELEASE-RQ when the SCU
# asks for release: PS3.8 Sta9-Sta12) and a P-DATA-TF claiming 4 GiB from
# the SCP: storescu must neither hang nor lose files.  (scp-pdata-huge once
# hung storescu when the A-ABORT for the broken PDU failed to go out to the
# closed peer: the association was counted out twice.)
for c in scp-release-collision scp-pdata-huge; do
	start_scp "$c" "logs/$c.stored"
	timeout 60 "$DICOMBENCH" storescu -v -ta 5 -td 5 127.0.0.1 "$(cat logs/port)" "$F1" "$F2" \
		>"logs/$c.scu" 2>&1
	rc=$?
	[ $rc -eq 124 ] && fail "$c: storescu hung"
	stop "$PIDS"
	PIDS=
	for f in "$F1" "$F2"; do
		grep -q "^stored $(meta_value "$f" 00020003)\$" "logs/$c.stored" && continue
		# The first file may already be on its way when the broken PDU
		# comes: then it fails, and its failure names that PDU.
		[ "$c" = scp-pdata-huge ] && [ "$f" = "$F1" ] &&
			grep -q "sending $f failed: .*claims 4294967293 bytes" "logs/$c.scu" && continue
		cat "logs/$c.scu" "logs/$c.stored"
		fail "$c: $f was neither stored nor failed for the broken PDU"
	done
	case $c in
	scp-release-collision)
		[ $rc -eq 0 ] || { cat "logs/$c.scu"; fail "$c: storescu exited $rc"; }
		grep -q "^collision: A-RELEASE-RP received" "logs/$c.stored" ||
			{ cat "logs/$c.stored"; fail "$c: storescu did not answer the colliding A-RELEASE-RQ"; } ;;
	scp-pdata-huge)
		grep -q "unreadable data from .*claims 4294967293 bytes" "logs/$c.scu" ||
			{ cat "logs/$c.scu"; fail "$c: storescu did not name the broken P-DATA-TF"; } ;;
	esac
	echo "ok: $c: storescu finished, no file lost"
done

# A max length of 7 is legal: one byte per PDV, slow but it must work.
start_scp scp-max-length-7 logs/max7.stored
timeout 60 "$DICOMBENCH" storescu -ta 5 -td 20 127.0.0.1 "$(cat logs/port)" \
	"$SAMPLES/RTSTRUCT-phantom.dcm" "$SAMPLES/SR-basic-text-deflate.dcm" >logs/max7.scu 2>&1 ||
	{ cat logs/max7.scu; fail "storescu could not send with a max PDU length of 7"; }
stop "$PIDS"
PIDS=
echo "ok: scp-max-length-7: storescu sent both files one byte per PDV"

[ "$failures" -eq 0 ] || fail "$failures case(s) failed"
echo "ok: every hostile case was met"
