#!/bin/bash
# faults.sh — storescp and storescu when things go wrong around them, and
# under load:
#  - the sender killed (kill -9) in the middle of a large object: nothing
#    under the object's name, the temporary file removed, the SCU's log
#    names the objects that made it;
#  - the output folder on a full file system (a 2 MiB tmpfs) and on a
#    read-only one: the SCP answers 0xA700 (out of resources), says why,
#    and stores again once space or write access returns;
#  - 32 concurrent SCUs x 100 objects into one SCP, plain and over TLS:
#    every object stored once and byte-identical, the SCP's memory
#    bounded; objects/s printed.
# Mounting needs root (CI runs the tests as root); anything else fails.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need python3 timeout mount umount
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
DICOMBENCH=$(realpath "$DICOMBENCH")
SAMPLES=$(realpath "$SAMPLES")
[ "$(id -u)" -eq 0 ] ||
	fail "faults.sh mounts small tmpfs file systems to fill them and must run as root (CI does); run 'make check' as root or in the CI container"
scratch
PIDS=
MOUNTS=
trap 'for m in $MOUNTS; do umount "$m" 2>/dev/null; done; [ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null; rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || fail "no scratch folder"
mkdir -p logs src
# In a sanitizer build, freed memory waits in ASan's quarantine: without
# it VmRSS shows what the SCP really keeps (ASan's shadow memory still
# adds to it, hence the larger bound there).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
RSS_BOUND=65536
if ldd "$DICOMBENCH" 2>/dev/null | grep -q libasan || nm "$DICOMBENCH" 2>/dev/null | grep -q __asan_init; then
	RSS_BOUND=262144
fi

# mkfiles DIR PREFIX COUNT BYTES: COUNT Part 10 files (Secondary Capture,
# explicit VR LE) whose pixel data is BYTES long, each with its own UIDs.
mkfiles() {
	python3 - "$@" <<'PY'
import os, struct, sys
d, prefix, count, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sq = len(sys.argv) > 5 and sys.argv[5] == "sq"  # one empty sequence of undefined length
SC = b"1.2.840.10008.5.1.4.1.1.7"
TS = b"1.2.840.10008.1.2.1"
def pad(v, c=b"\0"):
    return v + c if len(v) % 2 else v
def el(g, e, vr, v):
    if vr in (b"OB", b"OW", b"SQ", b"UN", b"UT"):
        return struct.pack("<HH2sHI", g, e, vr, 0, len(v)) + v
    return struct.pack("<HH2sH", g, e, vr, len(v)) + v
os.makedirs(d, exist_ok=True)
for i in range(count):
    uid = pad(b"2.25.%d%06d" % (abs(hash(prefix)) % 10**12, i))
    meta = (el(2, 1, b"OB", b"\0\1") + el(2, 2, b"UI", pad(SC)) + el(2, 3, b"UI", uid) +
            el(2, 0x10, b"UI", pad(TS)) + el(2, 0x12, b"UI", pad(b"1.2.3.4")))
    meta = el(2, 0, b"UL", struct.pack("<I", len(meta))) + meta
    px = bytes((i + k) & 0xff for k in range(256)) * (size // 256) + b"\0" * (size % 256)
    ds = (el(8, 0x16, b"UI", pad(SC)) + el(8, 0x18, b"UI", uid) +
          (struct.pack("<HH2sHIHHI", 8, 0x1032, b"SQ", 0, 0xffffffff, 0xfffe, 0xe0dd, 0) if sq else b"") +
          el(0x10, 0x10, b"PN", pad(b"Fault^Test", b" ")) + el(0x10, 0x20, b"LO", pad(prefix.encode(), b" ")) +
          el(0x7fe0, 0x10, b"OB", pad(px)))
    with open(os.path.join(d, "%s-%04d.dcm" % (prefix, i)), "wb") as f:
        f.write(b"\0" * 128 + b"DICM" + meta + ds)
PY
}

# same_tree SRC OUT: every file of SRC stored once in OUT with the same
# data set; prints the count.
same_tree() {
	python3 - "$1" "$2" <<'PY'
import os, struct, sys
def split(path):
    d = open(path, "rb").read()
    o = 132
    uid = None
    while o + 8 <= len(d) and struct.unpack_from("<H", d, o)[0] == 2:
        el = struct.unpack_from("<H", d, o + 2)[0]
        vr = d[o + 4:o + 6]
        if vr in (b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN"):
            n = struct.unpack_from("<I", d, o + 8)[0]; v = d[o + 12:o + 12 + n]; o += 12 + n
        else:
            n = struct.unpack_from("<H", d, o + 6)[0]; v = d[o + 8:o + 8 + n]; o += 8 + n
        if el == 3:
            uid = v.rstrip(b"\0 ").decode()
    return uid, d[o:]
src = {}
for root, _, names in os.walk(sys.argv[1]):
    for n in names:
        uid, ds = split(os.path.join(root, n))
        src[uid] = ds
out = {}
for n in os.listdir(sys.argv[2]):
    p = os.path.join(sys.argv[2], n)
    if n.startswith("."):
        sys.exit("temporary file left in the output folder: " + n)
    uid, ds = split(p)
    if uid in out:
        sys.exit("stored twice: " + uid)
    out[uid] = ds
missing = [u for u in src if u not in out]
if missing:
    sys.exit("%d of %d objects missing, e.g. %s" % (len(missing), len(src), missing[0]))
extra = [u for u in out if u not in src]
if extra:
    sys.exit("%d objects stored that were never sent, e.g. %s" % (len(extra), extra[0]))
changed = [u for u in src if src[u] != out[u]]
if changed:
    sys.exit("%d objects arrived changed, e.g. %s" % (len(changed), changed[0]))
print(len(src))
PY
}

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

start_scp() {   # start_scp LOG ARGS...: sets SCP and P
	local log=$1
	shift
	P=$(free_port)
	"$DICOMBENCH" storescp -v "$@" "$P" >"$log" 2>&1 &
	SCP=$!
	PIDS=$SCP
	wait_listen "$P" "$SCP"
}

# --- the sender killed in the middle of a large object -------------------
mkfiles src/small killed-small 3 4000
mkfiles src/big killed-big 1 268435456   # 256 MiB
mkdir -p out1
start_scp logs/scp1.log -od out1
"$DICOMBENCH" storescu -v 127.0.0.1 "$P" src/small/killed-small-0000.dcm \
	src/small/killed-small-0001.dcm src/big/killed-big-0000.dcm src/small/killed-small-0002.dcm \
	>logs/scu1.log 2>&1 &
SCU=$!
PIDS="$SCP $SCU"
i=0
# kill once the big object's temporary file has grown past 16 MiB
while :; do
	part=$(ls -A out1 | grep '^\.dicombench-.*\.part$' | head -n 1)
	if [ -n "$part" ] && [ "$(stat -c %s "out1/$part" 2>/dev/null || echo 0)" -gt 16777216 ]; then
		break
	fi
	kill -0 "$SCU" 2>/dev/null || { cat logs/scu1.log; fail "storescu ended before it could be killed mid-object"; }
	i=$((i + 1))
	[ $i -gt 3000 ] && fail "the large object never started arriving"
	sleep 0.01
done
kill -9 "$SCU"
wait "$SCU" 2>/dev/null
PIDS=$SCP
sleep 1
kill -0 "$SCP" 2>/dev/null || fail "storescp died when its peer was killed"
big_uid=$(meta_value src/big/killed-big-0000.dcm 00020003)
ls out1 | grep -q "$big_uid" && fail "the half object is stored under its final name"
ls -A out1 | grep -q '\.part$' && fail "the temporary file was not removed: $(ls -A out1)"
grep -q "incomplete object $big_uid" logs/scp1.log ||
	{ cat logs/scp1.log; fail "storescp did not say the incomplete object was discarded"; }
for n in 0000 0001; do
	grep -q "sent src/small/killed-small-$n.dcm" logs/scu1.log ||
		{ cat logs/scu1.log; fail "storescu's log does not name killed-small-$n as sent"; }
	[ -n "$(stored_for src/small/killed-small-$n.dcm out1)" ] || fail "killed-small-$n not stored"
done
grep -q "sent src/big" logs/scu1.log && fail "storescu claims the big object was sent"
echo "ok: sender killed mid-object: nothing under the final name, temporary file removed, the SCU's log names the 2 objects sent"
# the SCP takes the next association at once
"$DICOMBENCH" storescu 127.0.0.1 "$P" src/small/killed-small-0002.dcm >logs/scu1b.log 2>&1 ||
	{ cat logs/scu1b.log; fail "storescp does not store after the killed sender"; }
stop "$SCP"
rm -rf src/big out1

# --- a full file system ---------------------------------------------------
mkdir -p full
mount -t tmpfs -o size=2m tmpfs full || fail "cannot mount a tmpfs on $SCRATCH/full"
MOUNTS="$SCRATCH/full"
mkfiles src/big3 disk-full 1 3145728   # 3 MiB: does not fit in 2 MiB
mkfiles src/fits disk-fits 2 4000
start_scp logs/scp2.log -od full
"$DICOMBENCH" storescu -v 127.0.0.1 "$P" src/big3/disk-full-0000.dcm src/fits/disk-fits-0000.dcm \
	>logs/scu2.log 2>&1 && { cat logs/scu2.log; fail "storescu exited 0 although the disk was full"; }
grep -q "sending src/big3/disk-full-0000.dcm failed: status 0xa7" logs/scu2.log ||
	{ cat logs/scu2.log logs/scp2.log; fail "no 0xA7xx (out of resources) for the object that did not fit"; }
grep -q "No space left on device" logs/scp2.log ||
	{ cat logs/scp2.log; fail "storescp does not say the disk is full"; }
grep -q "sent src/fits/disk-fits-0000.dcm" logs/scu2.log ||
	{ cat logs/scu2.log; fail "the small object after the refused one was not stored"; }
ls -A full | grep -q '\.part$' && fail "a temporary file is left on the full disk: $(ls -A full)"
ls full | grep -q "$(meta_value src/big3/disk-full-0000.dcm 00020003)" &&
	fail "the object that did not fit is stored"
echo "ok: disk full: 0xA700 with 'No space left on device', no partial file, the next object stored"
# Room for the object but not for its re-encoded copy (normal storage):
# it is kept as it arrived, and the log says why.
mkfiles src/twice disk-twice 1 1258291 sq   # 1.2 MiB, twice does not fit
"$DICOMBENCH" storescu -v 127.0.0.1 "$P" src/twice/disk-twice-0000.dcm >logs/scu2t.log 2>&1 ||
	{ cat logs/scu2t.log logs/scp2.log; fail "the object with no room for its re-encoding was refused"; }
grep -q "stored as received, not re-encoded.*No space left on device" logs/scp2.log ||
	{ cat logs/scp2.log; fail "storescp does not say why it kept the object as received"; }
same_dataset src/twice/disk-twice-0000.dcm "$(stored_for src/twice/disk-twice-0000.dcm full)" ||
	fail "the object kept as received differs from what was sent"
ls -A full | grep -q '\.part$' && fail "a temporary file is left: $(ls -A full)"
echo "ok: disk full: no room to re-encode: stored as received, said so"
mount -o remount,size=16m "$SCRATCH/full" || fail "cannot grow the tmpfs"
"$DICOMBENCH" storescu -v 127.0.0.1 "$P" src/big3/disk-full-0000.dcm >logs/scu2b.log 2>&1 ||
	{ cat logs/scu2b.log logs/scp2.log; fail "storescp did not recover once space returned"; }
same_dataset src/big3/disk-full-0000.dcm "$(stored_for src/big3/disk-full-0000.dcm full)" ||
	fail "the object stored after recovery differs"
echo "ok: disk full: stored again once space returned"

# --- a read-only output folder (root ignores mode bits: a read-only mount)
mount -o remount,ro "$SCRATCH/full" || fail "cannot remount the tmpfs read-only"
"$DICOMBENCH" storescu -v 127.0.0.1 "$P" src/fits/disk-fits-0001.dcm >logs/scu3.log 2>&1 &&
	{ cat logs/scu3.log; fail "storescu exited 0 although the output folder is read-only"; }
grep -q "failed: status 0xa7" logs/scu3.log ||
	{ cat logs/scu3.log; fail "no 0xA7xx for an unwritable output folder"; }
grep -q "Read-only file system" logs/scp2.log ||
	{ cat logs/scp2.log; fail "storescp does not say the output folder is read-only"; }
mount -o remount,rw "$SCRATCH/full" || fail "cannot remount the tmpfs read-write"
"$DICOMBENCH" storescu 127.0.0.1 "$P" src/fits/disk-fits-0001.dcm >logs/scu3b.log 2>&1 ||
	{ cat logs/scu3b.log logs/scp2.log; fail "storescp did not recover once the folder was writable"; }
echo "ok: read-only output folder: 0xA700 with the reason; stored again once writable"
kill -0 "$SCP" 2>/dev/null || fail "storescp is gone"
stop "$SCP"
umount "$SCRATCH/full"
MOUNTS=
rm -rf src/big3 src/fits

# --- load: 32 SCUs x 100 objects ------------------------------------------
for s in $(seq -w 1 32); do
	mkfiles "src/load/$s" "load-$s" 100 2048
done
[ -d tls ] || {
	"$DICOMBENCH" ca newca tls/ca >logs/ca.log 2>&1 &&
		"$DICOMBENCH" ca mkcert -des no tls/ca/ tls/scp.crt tls/scp.key >>logs/ca.log 2>&1 &&
		"$DICOMBENCH" ca mkcert -des no tls/ca/ tls/scu.crt tls/scu.key >>logs/ca.log 2>&1 ||
		{ cat logs/ca.log; fail "cannot make the TLS certificates"; }
}
load() {   # load NAME [TLS options]
	local name=$1 t0 t1 max=0 r pids= bad=0 n
	shift
	rm -rf "out-$name"
	mkdir -p "out-$name"
	start_scp "logs/scp-$name.log" -od "out-$name" "$@"
	t0=$(date +%s.%N)
	for s in $(seq -w 1 32); do
		"$DICOMBENCH" storescu "$@" +sd 127.0.0.1 "$P" "src/load/$s" >"logs/load-$name-$s.log" 2>&1 &
		pids="$pids $!"
	done
	PIDS="$SCP $pids"
	while :; do
		r=$(rss "$SCP")
		[ "$r" -gt "$max" ] && max=$r
		n=0
		for p in $pids; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done
		[ $n -eq 0 ] && break
		sleep 0.2
	done
	for p in $pids; do wait "$p" || bad=$((bad + 1)); done
	t1=$(date +%s.%N)
	PIDS=$SCP
	[ $bad -eq 0 ] || { tail -n 5 logs/load-"$name"-*.log | head -60; fail "$name load: $bad of 32 SCUs failed"; }
	n=$(same_tree src/load "out-$name") || fail "$name load: $n"
	kill -0 "$SCP" 2>/dev/null || fail "storescp ($name) died under load"
	stop "$SCP"
	PIDS=
	python3 -c "import sys; n, t0, t1, m = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print('ok: %s load: 32 SCUs x 100 objects: %d stored once, byte-identical, %.1f s, %.0f objects/s; storescp VmRSS at most %s kB' % (sys.argv[5], n, t1 - t0, n / (t1 - t0), m))" \
		"$n" "$t0" "$t1" "$max" "$name"
	[ "$max" -lt "$RSS_BOUND" ] || fail "$name load: storescp used $max kB (bound: $RSS_BOUND kB)"
	rm -rf "out-$name"
}
load plain
load tls +tls tls/scp.key tls/scp.crt +cf tls/ca/cacert.pem
echo "ok: faults and load"
