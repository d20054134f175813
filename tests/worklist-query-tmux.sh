#!/bin/bash
# worklist-query-tmux.sh — the whole day in the dashboard: an entry is added
# to the SCP's worklist with its form; the SCU asks the worklist (the query
# dialog's WORKLIST level, a Modality Worklist C-FIND) of the dashboard's own
# SCP, which serves it beside the demo's three entries; the answers fill the
# SCU pane with each entry's scheduled date and modality, and an entry
# cannot be retrieved (m says why).  Then the procedure step of the entry
# added: b begins it (MPPS N-CREATE), an image is
# sent and its storage committed (--scu-commit), e completes it (N-SET):
# the SCP's step file, read with dcmtk's dcmdump, is COMPLETED and
# references the image the SCP stored, and the SCP's Worklist tab shows the
# state beside the entry.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tmux dcmdump
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
bin=$(cd "$(dirname "$DICOMBENCH")" && pwd)/$(basename "$DICOMBENCH")
T="tmux -L dcbwq-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$SCRATCH"' EXIT
PORT=$(free_port)
failed=0

# expect WHAT TEXT [SECONDS]: a screen line holds TEXT within SECONDS (10);
# expect_re WHAT REGEX [SECONDS] the same for an extended regular expression
expect() { shows -F "$@"; }
expect_re() { shows -E "$@"; }
shows() {
	local how=$1 n=0
	shift
	while [ $n -lt $(( ${3:-10} * 10 )) ]; do
		if $T capture-pane -p -t wq | LC_ALL=C.UTF-8 grep -q "$how" -- "$2"; then
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
STATE=$SCRATCH/state
$T new-session -d -s wq -x 180 -y 40 \
	"env LANG=C.UTF-8 LANGUAGE= HOME=$SCRATCH/home XDG_STATE_HOME=$STATE \
	 XDG_CONFIG_HOME=$SCRATCH/config DICOMBENCH_DATADIR=$(pwd)/${top_builddir:-.}/data \
	 $bin ui --scp-port $PORT --scp-tls-port 0 --scu-commit yes; echo dashboard-exit=\$?; sleep 60"
expect "the dashboard's SCP listens" "● listening" 15
wait_listen "$PORT"

# ---- an entry added to the SCP's worklist (its form, the Worklist tab) --------
$T send-keys -t wq BTab BTab Right a
expect "a on the SCP's Worklist tab opens the form of a new entry" "New worklist entry" 3
for v in "Day^Test" D1 DAY1 "CT Head" CT1 CT 20261205 1015 "" ""; do
	[ -n "$v" ] && $T send-keys -t wq -l "$v"
	$T send-keys -t wq Enter
	sleep 0.1
done
expect_re "the entry added shows in the Worklist tab" "DAY1 +CT Head +CT1 +CT"

# f, then the level WORKLIST and no keys: every entry
$T send-keys -t wq f
expect "f opens the query dialog" "Query the SCU's peer" 3
$T send-keys -t wq Up BSpace BSpace BSpace BSpace BSpace
$T send-keys -t wq -l "WORKLIST"
$T send-keys -t wq Down Down Down Down Down Down Down Enter
expect "the worklist query finds the entry added and the demo's three" "4 worklist entries found" 10
expect "an entry's row: patient, ID, scheduled date, modality, accession" "DEMO0002"
$T capture-pane -p -t wq | grep -Eq "Müller\^Anna +P003 +[0-9]{8} MR +DEMO0002 +MR Knee" ||
	{ echo "FAIL: the MR entry's row lacks its scheduled modality" >&2; $T capture-pane -p -t wq >&2; failed=1; }
$T send-keys -t wq Tab m
expect "m on an entry says why it cannot be retrieved" "A worklist entry is" 3
[ $failed -eq 0 ] || fail "the worklist query from the dashboard"
echo "ok: the dashboard's SCU asks a worklist"

# ---- the added entry's procedure step: b, an image sent, e ---------------------
# dump_step: the one step file of the SCP, as dcmtk's dcmdump prints it
dump_step() {
	local f
	f=$(find "$STATE" -path "*/.dicombench/mpps/*.dcm")
	[ "$(echo "$f" | grep -c .)" -eq 1 ] || { echo "no single step file: $f"; return; }
	dcmdump +L "$f" 2>&1
}
# the cursor to DAY1's row (the SCU pane is the right half of the screen)
row=$($T capture-pane -p -t wq | cut -c91- | grep -E "DEMO000[123]|DAY1" | grep -n DAY1 | cut -d: -f1)
[ -n "$row" ] || fail "DAY1 is not among the SCU pane's answers"
for _ in $(seq 2 "$row"); do $T send-keys -t wq Down; done
$T send-keys -t wq e
expect "e before b: no step in progress" "This entry has no step in" 3
$T send-keys -t wq b
expect "b begins the step" "N-CREATE sent for entry $row" 3
expect_re "the entry shows its step IN PROGRESS" "DAY1 +CT Head · IN PROGRESS"
S=$(dump_step)
grep -q "\[IN PROGRESS\]" <<<"$S" && grep -q "\[DAY1\]" <<<"$S" ||
	{ echo "$S" >&2; fail "the SCP keeps no step IN PROGRESS for DAY1"; }
echo "ok: the SCP's step: IN PROGRESS for DAY1"
$T send-keys -t wq e
expect "e before any image asks for them" "COMPLETED lists the images" 3
# the browser's second file (CR-chest.dcm, after ../) to the SCP, back to e
$T send-keys -t wq Tab Home Down F5
expect "the image is sent and stored" "1 sent · 0 failed" 20
expect "the SCU pane says the SCP committed to keeping it" "storage commitment: 1 of 1 committed · 0 failed" 15
$T send-keys -t wq BTab e
expect "e completes the step with the image" "N-SET sent: entry $row" 3
expect_re "the entry shows COMPLETED" "DAY1 +CT Head · COMPLETED"
S=$(dump_step)
grep -q "\[COMPLETED\]" <<<"$S" || { echo "$S" >&2; fail "the step is not COMPLETED at the SCP"; }
sop=$(dcmdump +P SOPInstanceUID "$SAMPLES/CR-chest.dcm" | sed 's/.*\[\(.*\)\].*/\1/')
grep "ReferencedSOPInstanceUID" <<<"$S" | grep -qF "$sop" ||
	{ echo "$S" >&2; fail "the COMPLETED step does not reference the image sent ($sop)"; }
echo "ok: the SCP's step: COMPLETED, referencing the image sent"
$T send-keys -t wq BTab
expect_re "the SCP's Worklist tab shows COMPLETED beside the entry" "DAY1 +CT Head +CT1 +CT .*COMPLETED"
# the image's storage commitment, in the trace saved to a file (s)
$T send-keys -t wq Tab Tab Tab Tab s
expect "s in the trace asks where to save it" "Save the trace to file" 3
$T send-keys -t wq C-u
$T send-keys -t wq -l "$SCRATCH/trace.txt"
$T send-keys -t wq Enter
for _ in $(seq 50); do [ -s "$SCRATCH/trace.txt" ] && break; sleep 0.1; done
grep -q "1 of 1 objects committed, 0 failed" "$SCRATCH/trace.txt" &&
	echo "ok: the SCP committed to keeping the image (storage commitment)" ||
	{ echo "FAIL: no storage commitment of the image in the trace" >&2; failed=1; }
[ $failed -eq 0 ] || fail "the procedure step from the dashboard"
echo "ok: the dashboard's SCU performs a procedure step"
