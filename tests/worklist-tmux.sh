#!/bin/bash
# worklist-tmux.sh — the dashboard's SCP serves the worklist: on first
# start the demo makes three sample entries, dcmtk's findscu -W finds them
# at the dashboard's SCP, and dcmtk's wlmscpfs serves the same files.
#
# Runs the real dashboard on its own tmux socket, with a free port and its
# state in a temp folder.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tmux findscu wlmscpfs dcmdump python3
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
bin=$(cd "$(dirname "$DICOMBENCH")" && pwd)/$(basename "$DICOMBENCH")
T="tmux -L dcbwl-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$SCRATCH"; [ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null; true' EXIT
STATE="$SCRATCH/state"
WL="$STATE/dicombench/worklist"
PORT=$(free_port)
failed=0

# seen TEXT [SECONDS]: the screen shows TEXT within SECONDS (default 10).
seen() {
	local n=0
	while [ $n -lt $(( ${2:-10} * 10 )) ]; do
		$T capture-pane -p -t wl | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# expect WHAT TEXT [SECONDS]
expect() {
	if seen "$2" "${3:-10}"; then
		echo "ok: $1"
	else
		echo "FAIL: $1: the screen does not show '$2'" >&2
		$T capture-pane -p -t wl >&2
		failed=1
	fi
}

# accessions PORT CALLED: the sorted Accession Numbers findscu -W gets.
accessions() {
	local dir="$SCRATCH/rsp-$1"
	rm -rf "$dir"
	mkdir -p "$dir"
	findscu -W -aec "$2" -X -od "$dir" -k AccessionNumber -k PatientName \
		-k "ScheduledProcedureStepSequence[0].Modality" 127.0.0.1 "$1" \
		>"$dir.log" 2>&1 || { cat "$dir.log" >&2; echo "findscu failed"; return; }
	for f in "$dir"/*; do
		[ -f "$f" ] && dcmdump -q +P 0008,0050 "$f" | sed -n 's/.*\[\(.*\)\].*/\1/p'
	done | sort | tr '\n' ' ' | sed 's/ $//'
}

mkdir -p "$SCRATCH/home"
$T new-session -d -s wl -x 120 -y 36 \
	"env LANG=C.UTF-8 LANGUAGE= HOME=$SCRATCH/home XDG_STATE_HOME=$STATE \
	 XDG_CONFIG_HOME=$SCRATCH/config DICOMBENCH_DATADIR=$(pwd)/${top_builddir:-.}/data \
	 $bin ui --scp-port $PORT --scp-tls-port 0; echo dashboard-exit=\$?; sleep 60"
expect "the dashboard's SCP listens" "● listening" 15
wait_listen "$PORT"

# ---- the demo's entries, served ------------------------------------------------
n=$(ls "$WL/PACS"/*.wl 2>/dev/null | wc -l)
[ "$n" -eq 3 ] && [ -f "$WL/PACS/lockfile" ] ||
	fail "the demo made $n entries in $WL/PACS (want 3, and a lockfile)"
echo "ok: the demo made three entries and a lockfile in the SCP's AE folder"
got=$(accessions "$PORT" PACS)
if [ "$got" = "DEMO0001 DEMO0002 DEMO0003" ]; then
	echo "ok: findscu -W at the dashboard's SCP finds [$got]"
else
	echo "FAIL: findscu -W at the dashboard's SCP found [$got]" >&2
	failed=1
fi

# the same files, served by dcmtk's wlmscpfs (its -efr check passes them)
P2=$(free_port)
(cd "$SCRATCH" && exec wlmscpfs -dfp "$WL" "$P2") >"$SCRATCH/dcmtk.log" 2>&1 &
PIDS=$!
wait_listen "$P2" "$PIDS"
got=$(accessions "$P2" PACS)
if [ "$got" = "DEMO0001 DEMO0002 DEMO0003" ]; then
	echo "ok: dcmtk's wlmscpfs serves the demo's entries too"
else
	echo "FAIL: dcmtk's wlmscpfs over the demo's folder answered [$got]" >&2
	cat "$SCRATCH/dcmtk.log" >&2
	failed=1
fi
stop "$PIDS"
PIDS=

exit $failed
