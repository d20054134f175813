#!/bin/bash
# run.sh — throughput and memory: dcmtk storescu → dcmtk storescp against
# dicombench storescu → dicombench storescp, on loopback, corpora in tmpfs.
# Run by hand from the build tree (not part of make check):
#
#   tests/bench/run.sh [BUILDDIR]        (default: .)
#
# Corpora: 500 × 512 KiB and 4 × 128 MiB (override: SMALL_N, SMALL_SIZE,
# LARGE_N, LARGE_SIZE).  Both sides use their default options plus +B
# (bit-preserving) on the SCP.  Prints files/s, MB/s, the ratio, the peak
# memory (max RSS) and the CPU time (user + system) of each side, both from
# /usr/bin/time -v.  On a shared machine the wall clock is noisy; the CPU
# time is the steadier figure.
set -u
B=${1:-.}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/lib.sh"
DCB="$B/dicombench"
MKS="$B/data/mksamples"
need storescp storescu python3
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (Debian package 'time')"
[ -x "$DCB" ] || fail "$DCB not built"
[ -x "$MKS" ] || fail "$MKS not built"

SMALL_N=${SMALL_N:-500}
SMALL_SIZE=${SMALL_SIZE:-512K}
LARGE_N=${LARGE_N:-4}
LARGE_SIZE=${LARGE_SIZE:-128M}
ROOT=$(mktemp -d /dev/shm/dcb-bench-XXXXXX)
trap 'rm -rf "$ROOT"' EXIT

echo "corpora in $ROOT"
"$MKS" --bench "$ROOT/small" --count "$SMALL_N" --size "$SMALL_SIZE" >/dev/null || fail "mksamples small"
"$MKS" --bench "$ROOT/large" --count "$LARGE_N" --size "$LARGE_SIZE" >/dev/null || fail "mksamples large"

rss() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }
cpu() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$1"; }

# run NAME CORPUS SCP-COMMAND... -- SCU-COMMAND...   (PORT and OUT are
# substituted); prints "seconds scp_rss_mb scu_rss_mb scp_cpu_s scu_cpu_s"
run() {
	local corpus=$1
	shift
	local scp=() scu=() in_scu=0 a
	for a in "$@"; do
		if [ "$a" = "--" ]; then in_scu=1; continue; fi
		if [ $in_scu -eq 0 ]; then scp+=("$a"); else scu+=("$a"); fi
	done
	local port out t0 t1
	port=$(free_port)
	out="$ROOT/out"
	rm -rf "$out"
	mkdir -p "$out"
	scp=("${scp[@]//PORT/$port}")
	scp=("${scp[@]//OUT/$out}")
	scu=("${scu[@]//PORT/$port}")
	/usr/bin/time -v -o "$ROOT/scp.time" "${scp[@]}" >"$ROOT/scp.log" 2>&1 &
	local pid=$!
	wait_listen "$port" "$pid"
	t0=$(date +%s.%N)
	/usr/bin/time -v -o "$ROOT/scu.time" "${scu[@]}" "$corpus"/* >"$ROOT/scu.log" 2>&1 ||
		{ tail "$ROOT/scu.log"; fail "${scu[0]} failed"; }
	t1=$(date +%s.%N)
	sleep 0.2
	# Stop the SCP itself (the child of /usr/bin/time, which then reports).
	local child
	child=$(cat /proc/"$pid"/task/*/children 2>/dev/null)
	[ -n "$child" ] && kill -TERM $child 2>/dev/null
	wait "$pid" 2>/dev/null
	local n
	n=$(ls "$out" | wc -l)
	[ "$n" -eq "$(ls "$corpus" | wc -l)" ] || fail "${scp[0]}: $n files stored"
	echo "$(python3 -c "print($t1 - $t0)") $(rss "$ROOT/scp.time") $(rss "$ROOT/scu.time")" \
		"$(cpu "$ROOT/scp.time") $(cpu "$ROOT/scu.time")"
	rm -rf "$out"
}

report() {
	local label=$1 corpus=$2
	local n bytes
	n=$(ls "$corpus" | wc -l)
	bytes=$(du -sb "$corpus" | cut -f1)
	read -r td sd ud cd1 cd2 <<<"$(run "$corpus" storescp +B -od OUT PORT -- storescu 127.0.0.1 PORT)"
	read -r tb sb ub cb1 cb2 <<<"$(run "$corpus" "$DCB" storescp +B -od OUT PORT -- "$DCB" storescu 127.0.0.1 PORT)"
	python3 - "$label" "$n" "$bytes" "$td" "$sd" "$ud" "$cd1" "$cd2" "$tb" "$sb" "$ub" "$cb1" "$cb2" <<'PY'
import sys
label, n, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
td, sd, ud, cd1, cd2, tb, sb, ub, cb1, cb2 = map(float, sys.argv[4:])
mb = b / 1e6
print(f"\n{label}: {n} files, {mb:.0f} MB")
print(f"  {'':24} {'seconds':>8} {'files/s':>9} {'MB/s':>8} {'SCP MiB':>8} {'SCU MiB':>8}"
      f" {'SCP cpu':>8} {'SCU cpu':>8}")
for name, t, s, u, c1, c2 in (("dcmtk -> dcmtk", td, sd, ud, cd1, cd2),
                              ("dicombench -> dicombench", tb, sb, ub, cb1, cb2)):
    print(f"  {name:24} {t:8.2f} {n/t:9.1f} {mb/t:8.1f} {s:8.1f} {u:8.1f} {c1:8.2f} {c2:8.2f}")
print(f"  ratio (dicombench / dcmtk): {td/tb:.1f}x wall clock, "
      f"{(cd1 + cd2) / max(cb1 + cb2, 0.01):.1f}x CPU time")
PY
}

report "many small files" "$ROOT/small"
report "large files" "$ROOT/large"
