#!/bin/bash
# commit.sh — storage commitment (PS3.4 Annex J): our storescu --commit
# against our dcmqrscp: the report on the same association, on a new one
# (--commit-new-assoc, the requester found in the AE table; over TLS when
# the AE table says +tls, plain when not), objects not in
# the archive (-ig: received, not stored), --commit-fail, --commit-delay,
# --commit-after-release, --commit-no-report (the timeout says what it
# waited for), and an unknown requester.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need python3
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
PIDS=
DB=$(cd "$(dirname "$DICOMBENCH")" && pwd)/$(basename "$DICOMBENCH")
F1=$(cd "$SAMPLES" 2>/dev/null && pwd)/CT-implicit-le.dcm
F2=$(cd "$SAMPLES" 2>/dev/null && pwd)/CR-chest.dcm
cd "$SCRATCH" || fail "no scratch folder"
[ -f "$F1" ] && [ -f "$F2" ] || fail "no sample files in $SAMPLES: build them first (make)"

P_SCP=$(free_port)
P_SCU=$(free_port)

# scp NAME [--peer] OPTIONS...: our dcmqrscp on P_SCP, area PACS in NAME/,
# STORESCU in the HostTable when asked with "known" first
scp() {
	local name=$1 hosts=""
	shift
	if [ "${1:-}" = known ]; then
		hosts="scu = (STORESCU, 127.0.0.1, $P_SCU)"
		shift
	fi
	mkdir -p "$name"
	cat >"$name.cfg" <<CFG
NetworkTCPPort  = $P_SCP
MaxPDUSize      = 16384
MaxAssociations = 16
HostTable BEGIN
$hosts
HostTable END
VendorTable BEGIN
VendorTable END
AETable BEGIN
PACS   $SCRATCH/$name   RW (100, 1024mb)   ANY
AETable END
CFG
	"$DB" dcmqrscp -v -c "$name.cfg" "$@" "$P_SCP" >"$name.log" 2>&1 &
	SCP=$!
	PIDS="$SCP"
	wait_listen "$P_SCP" "$SCP"
}

endscp() {
	stop "$SCP"
	PIDS=
	# the listener must be gone before the next one takes the port
	local i=0
	while listening "$P_SCP"; do
		i=$((i + 1)); [ $i -gt 100 ] && fail "port $P_SCP still busy"; sleep 0.05
	done
}

# scu NAME EXPECTED-RC OPTIONS...: storescu --commit of F1 and F2
scu() {
	local name=$1 want=$2 rc
	shift 2
	"$DB" storescu -v --commit -aec PACS "$@" 127.0.0.1 "$P_SCP" "$F1" "$F2" \
		>"$name-scu.log" 2>&1
	rc=$?
	if [ "$rc" != "$want" ]; then
		cat "$name-scu.log" "$name.log"
		fail "$name: storescu --commit exited $rc, expected $want"
	fi
}

expect() { # FILE PATTERN WHAT
	grep -q -- "$2" "$1" || { cat "$1"; fail "$3: no '$2' in $1"; }
}

# 1. the report on the requester's own association
scp same
scu same 0 --commit-timeout 20
expect same-scu.log "2 of 2 objects committed, 0 failed" "same association"
expect same.log "STORESCU confirmed the storage commitment report" "same association (SCP)"
[ "$(grep -c 'association received' same.log)" = 2 ] || fail "same association: more than one association for the report"
endscp

# 2. a new association, the requester in the AE table, taking the SCP role
scp newassoc known --commit-new-assoc
scu newassoc 0 --commit-port "$P_SCU" --commit-timeout 20
expect newassoc-scu.log "2 of 2 objects committed" "new association"
expect newassoc-scu.log "association received from 127.0.0.1.*called AE title 'STORESCU'" \
	"new association: the report came on the reverse association"
expect newassoc.log "opening an association to STORESCU at 127.0.0.1:$P_SCU (calling AE title 'PACS')" \
	"new association (SCP)"
expect newassoc.log "STORESCU confirmed" "new association: RSP"
endscp

# 2b. the same over TLS: the SCP listens with TLS and STORESCU comes from
# the HostTable, which has no TLS flag: TLS, as dcmtk's dcmqrscp does;
# storescu +tls takes the report on its --commit-port with TLS too
demo_certs scp scu
TLS_SCP=(+tls certs/scp-key certs/scp-cert +cf myca/cacert.pem)
TLS_SCU=(+tls certs/scu-key certs/scu-cert +cf myca/cacert.pem)
scp newtls known --commit-new-assoc "${TLS_SCP[@]}"
scu newtls 0 --commit-port "$P_SCU" --commit-timeout 20 "${TLS_SCU[@]}"
expect newtls-scu.log "2 of 2 objects committed" "new association over TLS"
expect newtls-scu.log "association received from 127.0.0.1.*called AE title 'STORESCU'" \
	"new association over TLS: the report came on the reverse association"
expect newtls.log "I: peer STORESCU@127.0.0.1:$P_SCU+tls" "the HostTable's peer takes TLS"
endscp

# 2c. a --peer without +tls gets a plain report association although the
# SCP listens with TLS: storescu's TLS port drops it, and both say so
scp plainpeer known --commit-new-assoc "${TLS_SCP[@]}" --peer "STORESCU@127.0.0.1:$P_SCU"
scu plainpeer 1 --commit-port "$P_SCU" --commit-timeout 3 "${TLS_SCU[@]}"
expect plainpeer.log "I: peer STORESCU@127.0.0.1:$P_SCU\$" "--peer without +tls stays plain"
expect plainpeer.log "opening an association to STORESCU at 127.0.0.1:$P_SCU" "plain report association"
expect plainpeer-scu.log "no N-EVENT-REPORT for transaction" "plain report to a TLS port"
expect plainpeer.log "it is a TLS port.* Plain because the AE table does not mark 'STORESCU' +tls" \
	"the SCP says why its report association was plain"
endscp

# 3. objects received but not in the archive (-ig): failed, 0x0112
scp missing -ig
scu missing 1 --commit-timeout 20
expect missing-scu.log "failure reason 0x0112 (no such object instance)" "not in the archive"
expect missing-scu.log "0 of 2 objects committed, 2 failed" "not in the archive: counts"
endscp

# 4. --commit-fail 1 and --commit-delay 2: one failed (0x0110), the report late
scp faildelay --commit-fail 1 --commit-delay 2
t0=$(date +%s)
scu faildelay 1 --commit-timeout 20
t1=$(date +%s)
[ $((t1 - t0)) -ge 2 ] || fail "--commit-delay 2: the report came after $((t1 - t0)) s"
expect faildelay-scu.log "failure reason 0x0110 (processing failure)" "--commit-fail"
expect faildelay-scu.log "1 of 2 objects committed, 1 failed" "--commit-fail counts"
endscp

# 5. --commit-after-release: the requester's association ends, the report
#    comes on a new one (the SCU's wait ends on its timeout since it keeps
#    its association open: the SCP sends after the SCU gave up)
scp afterrel known --commit-after-release
scu afterrel 1 --commit-port "$P_SCU" --commit-timeout 2
expect afterrel-scu.log "no N-EVENT-REPORT for transaction .* within 2 s, neither on the association nor on port $P_SCU" \
	"--commit-after-release: the SCU's timeout"
endscp

# 6. --commit-no-report: the timeout says what it waited for
scp noreport --commit-no-report
scu noreport 1 --commit-timeout 2
expect noreport-scu.log "no N-EVENT-REPORT for transaction 2\.25\.[0-9]* within 2 s: the SCP may send it on a new association; give --commit-port and register this AE" \
	"--commit-no-report"
endscp

# 7. a new association to a requester the SCP does not know: finding DCB831
#    naming the option to add
scp unknown --commit-new-assoc
scu unknown 1 --commit-port "$P_SCU" --commit-timeout 2
expect unknown.log "add --peer STORESCU@HOST:PORT" "unknown requester"
expect unknown.log "DCB831" "unknown requester: finding"
endscp

echo "commit.sh: all storage commitment cases passed"
