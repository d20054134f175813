#!/bin/bash
# worklist-query-tmux.sh — the dashboard's SCU side asks a worklist (the
# query dialog's WORKLIST level, a Modality Worklist C-FIND): against the
# dashboard's own SCP, which serves the demo's three entries, the answers
# fill the SCU pane with each entry's scheduled date and modality, and an
# entry cannot be retrieved (m says why).
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tmux
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
bin=$(cd "$(dirname "$DICOMBENCH")" && pwd)/$(basename "$DICOMBENCH")
T="tmux -L dcbwq-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$SCRATCH"' EXIT
PORT=$(free_port)
failed=0

# expect WHAT TEXT [SECONDS]: a screen line holds TEXT within SECONDS (10)
expect() {
	local n=0
	while [ $n -lt $(( ${3:-10} * 10 )) ]; do
		if $T capture-pane -p -t wq | LC_ALL=C.UTF-8 grep -qF -- "$2"; then
			echo "ok: $1"
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
	done
	echo "FAIL: $1: no line on the screen holds '$2'" >&2
	$T capture-pane -p -t wq >&2
	failed=1
}

mkdir -p "$SCRATCH/home"
$T new-session -d -s wq -x 180 -y 40 \
	"env LANG=C.UTF-8 LANGUAGE= HOME=$SCRATCH/home XDG_STATE_HOME=$SCRATCH/state \
	 XDG_CONFIG_HOME=$SCRATCH/config DICOMBENCH_DATADIR=$(pwd)/${top_builddir:-.}/data \
	 $bin ui --scp-port $PORT --scp-tls-port 0; echo dashboard-exit=\$?; sleep 60"
expect "the dashboard's SCP listens" "● listening" 15
wait_listen "$PORT"

# f, then the level WORKLIST and no keys: every entry
$T send-keys -t wq f
expect "f opens the query dialog" "Query the SCU's peer" 3
$T send-keys -t wq Up BSpace BSpace BSpace BSpace BSpace
$T send-keys -t wq -l "WORKLIST"
$T send-keys -t wq Down Down Down Down Down Down Down Enter
expect "the worklist query finds the demo's three entries" "3 worklist entries found" 10
expect "an entry's row: patient, ID, scheduled date, modality, accession" "DEMO0002"
$T capture-pane -p -t wq | grep -Eq "Müller\^Anna +P003 +[0-9]{8} MR +DEMO0002 +MR Knee" ||
	{ echo "FAIL: the MR entry's row lacks its scheduled modality" >&2; $T capture-pane -p -t wq >&2; failed=1; }
$T send-keys -t wq BTab m
expect "m on an entry says why it cannot be retrieved" "A worklist entry is" 3
[ $failed -eq 0 ] || fail "the worklist query from the dashboard"
echo "ok: the dashboard's SCU asks a worklist"
