#!/bin/bash
# run.sh — throughput and memory: dcmtk storescu → dcmtk storescp against
# dicombench storescu → dicombench storescp, on loopback, corpora in tmpfs.
# Run by hand from the build tree (not part of make check):
#
#   tests/bench/run.sh [BUILDDIR]        (default: .)
#
# Corpora: 500 × 512 KiB and 4 × 128 MiB (override: SMALL_N, SMALL_SIZE,
# LARGE_N, LARGE_SIZE).  Both sides use their default options plus +B
# (bit-preserving) on the SCP; MODES=normal runs plain TCP without +B, so
# that each SCP re-encodes as it does by default (every bench object has a
# sequence of undefined length).  MODES="plain tls" (default) runs each
# corpus over plain TCP and over TLS (+tls key cert +cf ca on both sides,
# certificates made once with "dicombench ca"; the handshake is part of
# the time); CORPORA="small large" (default) picks the corpora.  Over
# plain TCP a third line, the floor, moves the same files with no DICOM
# at all (tests/bench/floor.c: an 8-byte length, then the bytes).  MODES may
# also hold "dashboard": the same corpus sent headless (dicombench storescu
# → dicombench storescp) and with the dashboard drawing it (in a detached
# tmux session of 200 × 50), once as the sending SCU (ui --send) and once
# as the receiving SCP; DASHBOARD_RUNS (default 7) runs of each,
# interleaved, their medians, best runs and the ratios.  MODES=ladder: what
# the ladder and its narration cost the transfer (storescu → storescp with
# no trace file, the list's --trace-file, --trace-ladder with --trace-svg;
# then the dashboard's SCP drawing the list and drawing the ladder).  Prints files/s, MB/s, the
# ratio, the peak memory (max RSS) and the CPU time (user + system) of each side, both from
# /usr/bin/time -v.  On a shared machine the wall clock is noisy; the CPU
# time is the steadier figure.
set -u
B=${1:-.}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/lib.sh"
DCB="$B/dicombench"
MKS="$B/data/mksamples"
FLOOR="$B/tests/bench/floor"
need python3
MODES=${MODES:-plain tls}
case " $MODES " in *" plain "* | *" tls "* | *" normal "*) need storescp storescu ;; esac
case " $MODES " in *" dashboard "* | *" ladder "*) need tmux ;; esac
CORPORA=${CORPORA:-small large}
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (Debian package 'time')"
[ -x "$DCB" ] || fail "$DCB not built"
[ -x "$MKS" ] || fail "$MKS not built"
[ -x "$FLOOR" ] || fail "$FLOOR not built (make)"

SMALL_N=${SMALL_N:-500}
SMALL_SIZE=${SMALL_SIZE:-512K}
LARGE_N=${LARGE_N:-4}
LARGE_SIZE=${LARGE_SIZE:-128M}
ROOT=$(mktemp -d /dev/shm/dcb-bench-XXXXXX)
trap 'rm -rf "$ROOT"' EXIT

echo "corpora in $ROOT"
case " $CORPORA " in *" small "*)
	"$MKS" --bench "$ROOT/small" --count "$SMALL_N" --size "$SMALL_SIZE" >/dev/null ||
		fail "mksamples small" ;;
esac
case " $CORPORA " in *" large "*)
	"$MKS" --bench "$ROOT/large" --count "$LARGE_N" --size "$LARGE_SIZE" >/dev/null ||
		fail "mksamples large" ;;
esac
# TLS: one CA, one certificate per side (RSA, unencrypted keys).
SCP_TLS=() SCU_TLS=()
case " $MODES " in *" tls "*)
	P="$ROOT/pki"
	"$DCB" ca newca "$P/ca" >"$ROOT/ca.log" 2>&1 || { cat "$ROOT/ca.log"; fail "ca newca"; }
	"$DCB" ca mkcert -des no "$P/ca" "$P/scp.pem" "$P/scp.key" >>"$ROOT/ca.log" 2>&1 &&
		"$DCB" ca mkcert -des no "$P/ca" "$P/scu.pem" "$P/scu.key" >>"$ROOT/ca.log" 2>&1 ||
		{ cat "$ROOT/ca.log"; fail "ca mkcert"; }
	SCP_TLS=(+tls "$P/scp.key" "$P/scp.pem" +cf "$P/ca/cacert.pem")
	SCU_TLS=(+tls "$P/scu.key" "$P/scu.pem" +cf "$P/ca/cacert.pem")
	;;
esac

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

# report LABEL CORPUS tls|plain|normal
report() {
	local label=$1 corpus=$2 mode=$3
	local n bytes scpx=(+B) scux=()
	n=$(ls "$corpus" | wc -l)
	bytes=$(du -sb "$corpus" | cut -f1)
	case $mode in
	tls) scpx+=("${SCP_TLS[@]}") scux=("${SCU_TLS[@]}") ;;
	normal) scpx=() ;;
	esac
	read -r td sd ud cd1 cd2 <<<"$(run "$corpus" storescp "${scpx[@]}" -od OUT PORT -- \
		storescu "${scux[@]}" 127.0.0.1 PORT)"
	read -r tb sb ub cb1 cb2 <<<"$(run "$corpus" "$DCB" storescp "${scpx[@]}" -od OUT PORT -- \
		"$DCB" storescu "${scux[@]}" 127.0.0.1 PORT)"
	# The floor: the bytes alone over plain TCP (tests/bench/floor.c).
	tf=0 sf=0 uf=0 cf1=0 cf2=0
	[ "$mode" = tls ] ||
		read -r tf sf uf cf1 cf2 <<<"$(run "$corpus" "$FLOOR" recv PORT OUT -- \
			"$FLOOR" send 127.0.0.1 PORT)"
	python3 - "$label" "$n" "$bytes" "$td" "$sd" "$ud" "$cd1" "$cd2" "$tb" "$sb" "$ub" "$cb1" "$cb2" \
		"$tf" "$sf" "$uf" "$cf1" "$cf2" <<'PY'
import sys
label, n, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
td, sd, ud, cd1, cd2, tb, sb, ub, cb1, cb2, tf, sf, uf, cf1, cf2 = map(float, sys.argv[4:])
mb = b / 1e6
print(f"\n{label}: {n} files, {mb:.0f} MB")
print(f"  {'':24} {'seconds':>8} {'files/s':>9} {'MB/s':>8} {'SCP MiB':>8} {'SCU MiB':>8}"
      f" {'SCP cpu':>8} {'SCU cpu':>8}")
rows = [("dcmtk -> dcmtk", td, sd, ud, cd1, cd2), ("dicombench -> dicombench", tb, sb, ub, cb1, cb2)]
if tf > 0:
    rows.append(("floor (bytes only)", tf, sf, uf, cf1, cf2))
for name, t, s, u, c1, c2 in rows:
    print(f"  {name:24} {t:8.2f} {n/t:9.1f} {mb/t:8.1f} {s:8.1f} {u:8.1f} {c1:8.2f} {c2:8.2f}")
print(f"  ratio (dicombench / dcmtk): {td/tb:.1f}x wall clock, "
      f"{(cd1 + cd2) / max(cb1 + cb2, 0.01):.1f}x CPU time")
if tf > 0:
    print(f"  dicombench takes {tb/tf:.2f}x the floor's time; dcmtk {td/tf:.2f}x")
PY
}

# ---- the dashboard drawing a transfer ----------------------------------------
# The dashboard runs in a tmux session of its own (one server, one session,
# reused with respawn-pane); its settings and demo CA live in $ROOT/ui.
# Times are the engine's own job time (association, all C-STOREs,
# release), which "storescu -v" prints and the dashboard's status line
# shows ("Sent N objects in X s"), so that process start-up plays no part.
TMUX_B="tmux -L dcb-bench-$$ -f /dev/null"
UI_ENV="env ${UI_EXTRA_ENV:-} LANG=C.UTF-8 HOME=$ROOT/ui XDG_STATE_HOME=$ROOT/ui/state XDG_CONFIG_HOME=$ROOT/ui/config"
case " $MODES " in *" dashboard "* | *" ladder "*)
	trap '$TMUX_B kill-server 2>/dev/null; rm -rf "$ROOT"' EXIT ;;
esac

# ui_pane OPTIONS...: (re)starts the dashboard with OPTIONS in the session.
ui_pane() {
	local cmd="$UI_ENV $DCB ui --images $ROOT --scp-tls no --bind 127.0.0.1 $*; sleep 3600"
	if $TMUX_B has-session -t bench 2>/dev/null; then
		$TMUX_B respawn-pane -k -t bench "$cmd"
	else
		$TMUX_B new-session -d -s bench -x 200 -y 50 "$cmd"
	fi
}

# ui_wait TEXT: until the dashboard shows TEXT (60 s); prints the screen.
ui_wait() {
	local i=0 scr=""
	while [ $i -lt 600 ]; do
		scr=$($TMUX_B capture-pane -p -t bench 2>/dev/null)
		case $scr in *"$1"*) echo "$scr"; return 0 ;; esac
		sleep 0.1
		i=$((i + 1))
	done
	echo "$scr" >&2
	fail "the dashboard did not show '$1'"
}

# cpu_of PID: CPU seconds (user + system, all threads) the process used so far.
cpu_of() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# ui_pid: the dashboard process in the session.
ui_pid() {
	local pp c
	pp=$($TMUX_B display -p -t bench '#{pane_pid}')
	for c in $(cat /proc/"$pp"/task/*/children 2>/dev/null) $pp; do
		[ "$(cat /proc/"$c"/comm 2>/dev/null)" = dicombench ] && { echo "$c"; return 0; }
	done
	fail "no dashboard process under pane $pp"
}

# job CORPUS PORT: storescu -v sends the corpus to PORT; prints its job
# time (seconds) and its CPU time.
job() {
	/usr/bin/time -f "%U %S" -o "$ROOT/scu.time" \
		"$DCB" storescu -v -aec PACS 127.0.0.1 "$2" "$1"/* >"$ROOT/scu.log" 2>&1 ||
		{ tail "$ROOT/scu.log" >&2; fail "storescu to port $2 failed"; }
	echo "$(sed -n 's/.* bytes in \([0-9.]*\) s$/\1/p' "$ROOT/scu.log" | tail -1)" \
		"$(awk '{ printf "%.3f", $1 + $2 }' "$ROOT/scu.time")"
}

# stored DIR N: DIR holds N files; empties it.
stored() {
	local n
	n=$(ls "$1" | wc -l)
	[ "$n" -eq "$2" ] || fail "$1: $n files stored, $2 sent"
	rm -rf "${1:?}"/*
}

# dashboard_report LABEL CORPUS
dashboard_report() {
	local label=$1 corpus=$2 runs=${DASHBOARD_RUNS:-7}
	local n port uiport out="$ROOT/out" uiout="$ROOT/ui-out" k t c0 c1 base scr pid
	local hl=() hlc=() hpc=() us=() usc=() up=() upc=()
	n=$(ls "$corpus" | wc -l)
	mkdir -p "$out" "$uiout" "$ROOT/nothing"
	port=$(free_port)
	"$DCB" storescp -od "$out" "$port" >"$ROOT/scp.log" 2>&1 &
	local scp=$!
	wait_listen "$port" "$scp"
	# What the dashboard's start-up costs without a transfer: --send of an
	# empty folder.
	ui_pane --scp-port 0 --scu-host 127.0.0.1 --scu-port "$port" --send "$ROOT/nothing"
	ui_wait "no files there" >/dev/null
	sleep 0.5
	base=$(cpu_of "$(ui_pid)")
	for k in $(seq "$runs"); do
		# headless: storescu → storescp
		c0=$(cpu_of "$scp")
		read -r t c1 <<<"$(job "$corpus" "$port")"
		hl+=("$t") hlc+=("$c1") hpc+=("$(python3 -c "print($(cpu_of "$scp") - $c0)")")
		stored "$out" "$n"
		# the dashboard's SCU sends: its pane, the trace and counters live
		ui_pane --scp-port 0 --scu-host 127.0.0.1 --scu-port "$port" --send "$corpus"
		scr=$(ui_wait "objects in ")
		c1=$(cpu_of "$(ui_pid)")
		t=$(echo "$scr" | sed -n 's/.*Sent \([0-9]*\) objects in \([0-9.]*\) s: 0 failed.*/\1 \2/p')
		[ "${t%% *}" = "$n" ] || fail "the dashboard's SCU: $scr"
		us+=("${t#* }") usc+=("$(python3 -c "print(max($c1 - $base, 0))")")
		stored "$out" "$n"
		# the dashboard's SCP receives from storescu
		uiport=$(free_port)
		ui_pane --scp-port "$uiport" --scp-out "$uiout"
		ui_wait "● listening" >/dev/null
		wait_listen "$uiport"
		pid=$(ui_pid)
		c0=$(cpu_of "$pid")
		read -r t c1 <<<"$(job "$corpus" "$uiport")"
		sleep 0.2 # the last events drawn
		up+=("$t") upc+=("$(python3 -c "print($(cpu_of "$pid") - $c0)")")
		stored "$uiout" "$n"
	done
	$TMUX_B respawn-pane -k -t bench "sleep 3600"
	stop "$scp"
	python3 - "$label" "$n" "$(du -sb "$corpus" | cut -f1)" "${hl[*]}" "${hlc[*]}" "${hpc[*]}" \
		"${us[*]}" "${usc[*]}" "${up[*]}" "${upc[*]}" <<'PY'
import statistics as st, sys
label, n, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
hl, hlc, hpc, us, usc, up, upc = ([float(x) for x in a.split()] for a in sys.argv[4:11])
mb = b / 1e6
print(f"\n{label}, dashboard: {n} files, {mb:.0f} MB, {len(hl)} runs each; job time as the "
      "engine counts it,\n  CPU of the side that draws (median; the best run is the "
      "steadier figure on a shared machine)")
print(f"  {'':30} {'median s':>8} {'best s':>7} {'MB/s':>7} {'x best':>6} {'CPU s':>6} {'x CPU':>6}")
for name, t, c, hc in (("headless storescu -> storescp", hl, None, None),
                       ("dashboard SCU -> storescp", us, usc, hlc),
                       ("storescu -> dashboard SCP", up, upc, hpc)):
    cpu = f"{st.median(c):6.3f} {st.median(c) / max(st.median(hc), 1e-3):6.2f}" if c else \
        f"{st.median(hlc):6.3f}"
    print(f"  {name:30} {st.median(t):8.3f} {min(t):7.3f} {mb / min(t):7.0f}"
          f" {min(t) / min(hl):6.2f} {cpu}")
print(f"  (headless CPU: storescu {st.median(hlc):.3f} s, storescp {st.median(hpc):.3f} s)")
PY
}

# ladder_report LABEL CORPUS: the ladder's cost, headless and drawn
ladder_report() {
	local label=$1 corpus=$2 runs=${DASHBOARD_RUNS:-7}
	local n port out="$ROOT/out" k t c0 c1 pid view opts
	local -A T C
	n=$(ls "$corpus" | wc -l)
	mkdir -p "$out"
	printf 'ladder\n' >"$ROOT/ladder.lesson"
	for k in $(seq "$runs"); do
		for view in none list ladder; do
			case $view in
			none) opts=() ;;
			list) opts=(--trace-file "$ROOT/trace.txt") ;;
			ladder) opts=(--trace-ladder "$ROOT/trace.ladder" --trace-svg "$ROOT/trace.svg") ;;
			esac
			port=$(free_port)
			"$DCB" storescp "${opts[@]}" -od "$out" "$port" >"$ROOT/scp.log" 2>&1 &
			pid=$!
			wait_listen "$port" "$pid"
			c0=$(cpu_of "$pid")
			read -r t c1 <<<"$(job "$corpus" "$port")"
			T[headless-$view]+="$t " C[headless-$view]+="$(python3 -c "print($(cpu_of "$pid") - $c0)") "
			stop "$pid"
			stored "$out" "$n"
		done
		for view in list ladder; do
			port=$(free_port)
			ui_pane --scp-port "$port" --scp-out "$out" --lesson "$ROOT/ladder.lesson"
			ui_wait "● listening" >/dev/null
			if [ $view = ladder ]; then
				$TMUX_B send-keys -t bench n
				ui_wait "The trace as a ladder" >/dev/null
			fi
			wait_listen "$port"
			pid=$(ui_pid)
			c0=$(cpu_of "$pid")
			read -r t c1 <<<"$(job "$corpus" "$port")"
			sleep 0.2 # the last events drawn
			T[ui-$view]+="$t " C[ui-$view]+="$(python3 -c "print($(cpu_of "$pid") - $c0)") "
			stored "$out" "$n"
		done
	done
	$TMUX_B respawn-pane -k -t bench "sleep 3600"
	python3 - "$label" "$n" "$(du -sb "$corpus" | cut -f1)" \
		"${T[headless-none]}" "${C[headless-none]}" "${T[headless-list]}" "${C[headless-list]}" \
		"${T[headless-ladder]}" "${C[headless-ladder]}" "${T[ui-list]}" "${C[ui-list]}" \
		"${T[ui-ladder]}" "${C[ui-ladder]}" <<'PY'
import statistics as st, sys
label, n, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1e6
v = [[float(x) for x in a.split()] for a in sys.argv[4:14]]
rows = (("storescp, no trace file", 0, None), ("storescp --trace-file (list)", 2, 0),
        ("storescp --trace-ladder --trace-svg", 4, 2), ("dashboard SCP, list view", 6, None),
        ("dashboard SCP, ladder view", 8, 6))
print(f"\n{label}, the ladder's cost: {n} files, {mb:.0f} MB, {len(v[0])} runs each; job time"
      " and the receiving side's CPU (median)")
print(f"  {'':38} {'median s':>8} {'best s':>7} {'CPU s':>6} {'x time':>6} {'x CPU':>6}")
for name, i, ref in rows:
    t, c = v[i], v[i + 1]
    ratio = "" if ref is None else \
        f" {min(t) / min(v[ref]):6.2f} {st.median(c) / max(st.median(v[ref + 1]), 1e-3):6.2f}"
    print(f"  {name:38} {st.median(t):8.3f} {min(t):7.3f} {st.median(c):6.3f}{ratio}")
PY
}

for mode in $MODES; do
	suffix=""
	case $mode in tls) suffix=", TLS" ;; normal) suffix=", normal storage" ;; esac
	for c in $CORPORA; do
		case $c in
		small) name="many small files$suffix" ;;
		large) name="large files$suffix" ;;
		*) fail "unknown corpus $c (small, large)" ;;
		esac
		case $mode in
		plain | tls | normal) report "$name" "$ROOT/$c" "$mode" ;;
		dashboard) dashboard_report "$name" "$ROOT/$c" ;;
		ladder) ladder_report "$name" "$ROOT/$c" ;;
		*) fail "unknown mode $mode (plain, tls, normal, dashboard, ladder)" ;;
		esac
	done
done
