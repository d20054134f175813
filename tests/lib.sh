# lib.sh — shared helpers for the shell tests (sourced, not run).
#
# Tests talk only to 127.0.0.1 and pick free ports at run time: other
# people run tests on this machine in parallel.

top_builddir=${top_builddir:-.}
# this folder (tests/ of the source tree), absolute: tests/dcbtest.py is here
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DICOMBENCH=${DICOMBENCH:-$top_builddir/dicombench}
SAMPLES=${SAMPLES:-$top_builddir/data/samples}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# need TOOL...: each must be on PATH (or given by configure); a missing
# peer is a failure, not a skip.
need() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || fail "$t is missing: install it (see .ci/packages)"
	done
}

# rest PATH [BODY]: GET (or POST BODY) on the REST API at $API (Orthanc's),
# to stdout.
rest() {
	python3 - "$API$1" "${2-}" "$#" <<'PY'
import sys, urllib.request
url, body, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
req = urllib.request.Request(url, data=body.encode() if n > 1 else None)
sys.stdout.buffer.write(urllib.request.urlopen(req, timeout=120).read())
PY
}

# qr_config PORT MAX_ASSOCIATIONS HOSTS AREAS: a dcmqrscp.cfg on stdout,
# HOSTS the HostTable's lines ("name = (AE, HOST, PORT)"), AREAS the
# AETable's ("AE FOLDER RW (100, 1024mb) ANY"), each may be empty.
qr_config() {
	cat <<CFG
NetworkTCPPort  = $1
MaxPDUSize      = 16384
MaxAssociations = $2
HostTable BEGIN
${3:+$3
}HostTable END
VendorTable BEGIN
VendorTable END
AETable BEGIN
${4:+$4
}AETable END
CFG
}

# A TCP port nobody listens on right now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# True when something listens on TCP port $1 (IPv4 or IPv6).
listening() {
	local hex
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$hex" '$2 ~ p"$" && $4 == "0A" { f = 1 } END { exit !f }'
}

# wait_listen PORT [PID]: until the port listens (10 s), failing early when
# PID died.
wait_listen() {
	local i=0
	while ! listening "$1"; do
		if [ -n "$2" ] && ! kill -0 "$2" 2>/dev/null; then
			fail "the listener for port $1 (pid $2) exited"
		fi
		i=$((i + 1))
		[ $i -gt 200 ] && fail "nothing listens on port $1 after 10 s"
		sleep 0.05
	done
}

# stop PID: ends a process this test started and waits for it.
stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# dataset_bytes FILE: the bytes after the preamble and the group 0002
# meta header, on stdout.
dataset_bytes() {
	python3 "$LIB_DIR/dcbtest.py" "$1"
}

# meta_value FILE TAG: a group 0002 string value (TAG like 00020010).
meta_value() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
want = int(sys.argv[2], 16)
o = 132 if d[128:132] == b"DICM" else 0
while o + 8 <= len(d) and struct.unpack_from("<H", d, o)[0] == 2:
    tag = (2 << 16) | struct.unpack_from("<H", d, o + 2)[0]
    vr = d[o + 4:o + 6]
    if vr in (b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN"):
        n = struct.unpack_from("<I", d, o + 8)[0]; v = d[o + 12:o + 12 + n]; o += 12 + n
    else:
        n = struct.unpack_from("<H", d, o + 6)[0]; v = d[o + 8:o + 8 + n]; o += 8 + n
    if tag == want:
        print(v.rstrip(b"\0 ").decode("ascii", "replace")); break
PY
}

# same_dataset A B: the data sets after the meta headers are identical.
same_dataset() {
	cmp -s <(dataset_bytes "$1") <(dataset_bytes "$2")
}

# dataset_uid FILE: the data set's SOP Instance UID (0008,0018), which a
# C-STORE-RQ carries and receivers name files by (the meta header's copy
# may differ).
dataset_uid() {
	dcmdump -q +P 0008,0018 "$1" 2>/dev/null | sed -n '1s/^[^[]*\[\([^]]*\)\].*/\1/p'
}

# stored_for SRC DIR: the file in DIR holding SRC's SOP instance.
stored_for() {
	local uid
	uid=$(dataset_uid "$1")
	ls "$2"/*."$uid" 2>/dev/null | head -n 1
}

# ct_samples: DB (the built dicombench), SAMP (the samples), CT and CTI
# (a CT in explicit and implicit VR) as absolute paths, for tests that
# change into a scratch folder.
ct_samples() {
	[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
	DB=$DICOMBENCH
	case "$DB" in /*) ;; *) DB="$PWD/$DB" ;; esac
	SAMP="$SAMPLES"
	case "$SAMP" in /*) ;; *) SAMP="$PWD/$SAMP" ;; esac
	CT="$SAMP/CT-explicit-le.dcm"
	CTI="$SAMP/CT-implicit-le.dcm"
	for f in "$CT" "$CTI"; do [ -f "$f" ] || fail "sample $f missing: run make first"; done
}

# demo_certs NAME...: in the current folder, a CA in myca/ and for each
# NAME certs/NAME-cert and certs/NAME-key issued by it (key not encrypted):
# use them as +tls certs/NAME-key certs/NAME-cert +cf myca/cacert.pem.
demo_certs() {
	local db=${DB:-$DICOMBENCH} c
	mkdir -p certs
	"$db" ca newca myca >ca.log 2>&1 || fail "ca newca: $(tail -3 ca.log)"
	for c in "$@"; do
		"$db" ca mkcert -des no myca/ "certs/$c-cert" "certs/$c-key" >>ca.log 2>&1 ||
			fail "ca mkcert $c: $(tail -3 ca.log)"
	done
}

# A scratch folder removed at exit.
scratch() {
	SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/dcb-test-XXXXXX")
	trap 'rm -rf "$SCRATCH"; [ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null; true' EXIT
}

# in_order FILE PATTERN...: lines of FILE (a ladder) matching the patterns
# (grep -E), in this order; ROW is the first word of the last one, its row
# number.
in_order() {
	local file=$1 line=0 n pat
	shift
	for pat in "$@"; do
		n=$(tail -n +$((line + 1)) "$file" | LC_ALL=C.UTF-8 grep -m1 -nE -- "$pat" | cut -d: -f1)
		[ -n "$n" ] || { cat "$file"; fail "$file: no row \"$pat\" after line $line"; }
		line=$((line + n))
	done
	ROW=$(sed -n "${line}p" "$file" | awk '{print $1}')
}

# need_orthanc: ORTHANC, the Orthanc binary (Debian package orthanc), or fail.
need_orthanc() {
	ORTHANC=${ORTHANC:-$(command -v Orthanc || echo /usr/sbin/Orthanc)}
	[ -x "$ORTHANC" ] || fail "Orthanc is missing: install it (package orthanc, see .ci/test-packages)"
}

# orthanc_run CONFIG LOG: Orthanc with CONFIG, its output appended to LOG,
# until its REST port HP and DICOM port DP listen; sets ORTHANC_PID and API.
orthanc_run() {
	"$ORTHANC" "$1" >>"$2" 2>&1 &
	ORTHANC_PID=$!
	wait_listen "$HP" "$ORTHANC_PID"
	wait_listen "$DP" "$ORTHANC_PID"
	API="http://127.0.0.1:$HP"
}
