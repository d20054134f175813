#!/bin/bash
# valgrind.sh — a full transfer (storescp + storescu, a few samples), plain
# and over TLS, and a few hostile peers against storescp, all under
# valgrind --leak-check=full --error-exitcode=1: no leak, no memory error,
# on the good paths and the error paths (the engine's out-of-memory paths
# too, through tests/test-engine-oom).  About 50 s.  In a build with
# --enable-sanitizers the same runs are checked by LeakSanitizer instead.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need valgrind python3 timeout dcmconv
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
DICOMBENCH=$(realpath "$DICOMBENCH")
SAMPLES=$(realpath "$SAMPLES")
PEER=$(realpath "${top_builddir:-.}/tests/hostile-peer")
[ -x "$PEER" ] || fail "$PEER is not built (make check builds it)"
OOM=$(realpath "${top_builddir:-.}/tests/test-engine-oom")
[ -x "$OOM" ] || fail "$OOM is not built (make check builds it)"
scratch
PIDS=
cd "$SCRATCH" || fail "no scratch folder"

VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
TOOL=valgrind
# A build with --enable-sanitizers cannot run under valgrind; there
# AddressSanitizer's leak checker does the same job on the same scenario.
if ldd "$DICOMBENCH" 2>/dev/null | grep -q libasan || nm "$DICOMBENCH" 2>/dev/null | grep -q __asan_init; then
	VG=
	TOOL="AddressSanitizer/LeakSanitizer"
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
fi
FILES="$SAMPLES/CT-explicit-le.dcm $SAMPLES/MR-explicit-be.dcm $SAMPLES/SR-basic-text-deflate.dcm $SAMPLES/IM000001"

"$DICOMBENCH" ca newca ca >ca.log 2>&1 &&
	"$DICOMBENCH" ca mkcert -des no ca/ scp.crt scp.key >>ca.log 2>&1 &&
	"$DICOMBENCH" ca mkcert -des no ca/ scu.crt scu.key >>ca.log 2>&1 ||
	{ cat ca.log; fail "cannot make the TLS certificates"; }

# transfer NAME "SCP OPTIONS" "SCU TLS OPTIONS"
# (-ta bounds how long the SCP waits in Sta13 after an A-ABORT; over TLS
# it also bounds the handshake, which valgrind slows down.)
transfer() {
	local name=$1 scp_opts=$2 scu_opts=$3 P SCP rc
	mkdir -p "out-$name"
	P=$(free_port)
	$VG "$DICOMBENCH" storescp +xa -od "out-$name" $scp_opts "$P" >"scp-$name.log" 2>&1 &
	SCP=$!
	PIDS=$SCP
	wait_listen "$P" "$SCP"
	timeout 120 $VG "$DICOMBENCH" storescu $scu_opts 127.0.0.1 "$P" $FILES >"scu-$name.log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { cat "scu-$name.log" "scp-$name.log"; fail "$name: storescu under $TOOL exited $rc"; }
	if [ "$name" = plain ]; then
		# the error paths: hostile peers against the same SCP
		for c in pdu-huge-pdata cmd-past-end release-mid-object stall-mid-pdata \
			maxlen-overrun uid-dotdot-x tls-on-plain; do
			timeout 60 "$PEER" 127.0.0.1 "$P" "$c" >"peer-$c.log" 2>&1 ||
				{ cat "peer-$c.log"; fail "hostile case $c under valgrind"; }
		done
	else
		timeout 60 "$PEER" 127.0.0.1 "$P" plain-on-tls >peer-plain-on-tls.log 2>&1 ||
			{ cat peer-plain-on-tls.log; fail "plain-on-tls under valgrind"; }
	fi
	kill -INT "$SCP"
	wait "$SCP"
	rc=$?
	PIDS=
	[ $rc -eq 0 ] || { tail -n 60 "scp-$name.log"; fail "$name: storescp under $TOOL exited $rc"; }
	grep -Eq '^==[0-9]+==|Sanitizer' "scp-$name.log" "scu-$name.log" &&
		{ grep -Eh -A20 '^==[0-9]+==|Sanitizer' "scp-$name.log" "scu-$name.log" | head -60; fail "$name: $TOOL reported something"; }
	# plain: normal storage, as dcmtk re-encodes (or as received:
	# deflated); over TLS: +B, the bytes as sent
	for f in $FILES; do
		got=$(stored_for "$f" "out-$name")
		same_dataset "$f" "$got" && continue
		[ "$name" = plain ] && dcmconv -p "$f" ref.dcm && same_dataset ref.dcm "$got" ||
			fail "$name: $f arrived changed"
	done
	echo "ok: $name: storescp and storescu under $TOOL: no leak, no error"
}
transfer plain "-ta 2 -td 4" ""
transfer tls "+B -ta 20 -td 20 +tls scp.key scp.crt +cf ca/cacert.pem" "+tls scu.key scu.crt +cf ca/cacert.pem"

# The engine's out-of-memory paths (every calloc of a job failing in turn).
# shellcheck disable=SC2086
$VG "$OOM" >oom.log 2>&1 || { cat oom.log; fail "the engine's out-of-memory paths under $TOOL"; }
echo "ok: the engine's out-of-memory paths under $TOOL: no leak, no error"
