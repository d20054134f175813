#!/bin/bash
# worklist-tmux.sh — the dashboard's SCP serves the worklist: on first
# start the demo makes three sample entries, dcmtk's findscu -W finds them
# at the dashboard's SCP, and dcmtk's wlmscpfs serves the same files.  The
# SCP pane's Worklist tab lists them; an entry added to the folder shows
# up, and the MPPS steps sent to the dashboard's SCP (tests/mpps-send)
# show IN PROGRESS, then COMPLETED beside it.
#
# Runs the real dashboard on its own tmux socket, with a free port and its
# state in a temp folder.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tmux findscu wlmscpfs dcmdump python3 msgfmt
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
SEND=$top_builddir/tests/mpps-send
[ -x "$SEND" ] || fail "$SEND is not built"
scratch
bin=$(cd "$(dirname "$DICOMBENCH")" && pwd)/$(basename "$DICOMBENCH")
T="tmux -L dcbwl-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$SCRATCH"; [ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null; true' EXIT
STATE="$SCRATCH/state"
WL="$STATE/dicombench/worklist"
PORT=$(free_port)
failed=0

# seen GREP-FLAG PATTERN [SECONDS]: a screen line matches PATTERN (-F a
# fixed string, -E a regex) within SECONDS (default 10).
seen() {
	local n=0
	while [ $n -lt $(( ${3:-10} * 10 )) ]; do
		$T capture-pane -p -t wl | LC_ALL=C.UTF-8 grep -q "$1" -- "$2" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# expect WHAT TEXT [SECONDS]; expect_re WHAT REGEX [SECONDS]
shows() {
	if seen "$1" "$3" "${4:-10}"; then
		echo "ok: $2"
	else
		echo "FAIL: $2: no line on the screen matches '$3'" >&2
		$T capture-pane -p -t wl >&2
		failed=1
	fi
}
expect() { shows -F "$@"; }
expect_re() { shows -E "$@"; }

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

# found WHAT PORT WANT: findscu -W at PORT gets the Accession Numbers WANT.
found() {
	local got
	got=$(accessions "$2" PACS)
	if [ "$got" = "$3" ]; then
		echo "ok: $1 [$got]"
	else
		echo "FAIL: $1: got [$got], want [$3]" >&2
		failed=1
		return 1
	fi
}

# dashboard TMUX-COMMAND LOCALE-ENV: the dashboard in pane wl.
dashboard() {
	$T $1 "env $2 HOME=$SCRATCH/home XDG_STATE_HOME=$STATE \
	 XDG_CONFIG_HOME=$SCRATCH/config DICOMBENCH_DATADIR=$(pwd)/${top_builddir:-.}/data \
	 $bin ui --scp-port $PORT --scp-tls-port 0; echo dashboard-exit=\$?; sleep 60"
}

mkdir -p "$SCRATCH/home"
dashboard "new-session -d -s wl -x 180 -y 36" "LANG=C.UTF-8 LANGUAGE="
expect "the dashboard's SCP listens" "● listening" 15
wait_listen "$PORT"

# ---- the demo's entries, served ------------------------------------------------
n=$(ls "$WL/PACS"/*.wl 2>/dev/null | wc -l)
[ "$n" -eq 3 ] && [ -f "$WL/PACS/lockfile" ] ||
	fail "the demo made $n entries in $WL/PACS (want 3, and a lockfile)"
echo "ok: the demo made three entries and a lockfile in the SCP's AE folder"
found "findscu -W at the dashboard's SCP finds the demo's entries" "$PORT" \
	"DEMO0001 DEMO0002 DEMO0003"

# the same files, served by dcmtk's wlmscpfs (its -efr check passes them)
P2=$(free_port)
(cd "$SCRATCH" && exec wlmscpfs -dfp "$WL" "$P2") >"$SCRATCH/dcmtk.log" 2>&1 &
PIDS=$!
wait_listen "$P2" "$PIDS"
found "dcmtk's wlmscpfs serves the demo's entries too" "$P2" "DEMO0001 DEMO0002 DEMO0003" ||
	cat "$SCRATCH/dcmtk.log" >&2
stop "$PIDS"
PIDS=

# ---- the Worklist tab of the SCP pane ----------------------------------------------
$T send-keys -t wl BTab BTab Right
expect "the SCP pane has a Worklist tab" "Storage [Worklist]"
expect "it counts the entries" "3 entries · MPPS 0 in progress"
expect_re "an entry with its fields and no step" "Müller\^Anna +DEMO0002 .*MR1 +MR +[0-9]{4}-[0-9]{2}-[0-9]{2} 09:30 +—"
"$SEND" --entry "$WL/PACS/acc1.wl" >"$SCRATCH/entry.log" 2>&1 ||
	{ cat "$SCRATCH/entry.log" >&2; fail "mpps-send --entry failed"; }
expect_re "an entry written to the folder shows up" "DOE\^JOHN +ACC1 .*CT1 +CT +2024-01-05 08:00 +—"
"$SEND" 127.0.0.1 "$PORT" PACS create 1.2.826.0.1.3680043.9.7433.8.1 >"$SCRATCH/create.log" 2>&1 ||
	{ cat "$SCRATCH/create.log" >&2; fail "the dashboard's SCP refused the N-CREATE"; }
expect_re "an N-CREATE shows IN PROGRESS beside its entry" "ACC1 .* IN PROGRESS"
expect "the step is counted" "4 entries · MPPS 1 in progress, 0 completed"
if seen -E "DEMO000[123] .* (IN PROGRESS|COMPLETED)" 1; then
	echo "FAIL: an entry the step does not perform shows a state" >&2
	failed=1
fi
"$SEND" 127.0.0.1 "$PORT" PACS complete 1.2.826.0.1.3680043.9.7433.8.1 >"$SCRATCH/set.log" 2>&1 ||
	{ cat "$SCRATCH/set.log" >&2; fail "the dashboard's SCP refused the N-SET"; }
expect_re "an N-SET to COMPLETED shows COMPLETED" "ACC1 .* COMPLETED"

# ---- the entry form: add, check, copy, edit, delete --------------------------------
# type VALUE...: each into a field of the form, Enter to the next
type() {
	for v in "$@"; do
		[ -n "$v" ] && $T send-keys -t wl -l "$v"
		$T send-keys -t wl Enter
		sleep 0.1
	done
}
$T send-keys -t wl a
expect "a opens the form of a new entry" "New worklist entry"
$T send-keys -t wl Down Down Down Down Down Down Down Down Down Enter
expect "an empty entry is refused, naming the field" "Patient name is needed"
$T send-keys -t wl Escape
sleep 0.3
$T send-keys -t wl a
expect "the form opens again" "New worklist entry"
type "Form^Test" T1 FORM1 "CT Head" CT1 CT 20261205 1015 "" ""
expect_re "the entry saved shows up" "Form\\^Test +FORM1 +CT Head +CT1 +CT +2026-12-05 10:15 +—"
[ -f "$WL/PACS/FORM1.wl" ] && echo "ok: written as FORM1.wl" ||
	{ echo "FAIL: no $WL/PACS/FORM1.wl" >&2; failed=1; }
ls -a "$WL/PACS" | grep -q '\.part$' && { echo "FAIL: a temporary file is left" >&2; failed=1; }
found "findscu -W finds the entry made in the form" "$PORT" \
	"ACC1 DEMO0001 DEMO0002 DEMO0003 FORM1"
# the cursor is on FORM1.wl, the first file: copy it as FORM2
$T send-keys -t wl c
expect "c opens a form filled from the entry" "Form^Test"
$T send-keys -t wl Down Down BSpace BSpace BSpace BSpace BSpace
$T send-keys -t wl -l FORM2
$T send-keys -t wl Down Down Down Down Down Down Down Enter
expect_re "the copy shows up beside the original" "Form\\^Test +FORM2 +CT Head"
expect_re "the original is still there" "Form\\^Test +FORM1 +CT Head"
# Enter edits FORM1: a later start time
$T send-keys -t wl Enter
expect "Enter opens the entry's form" "┌─ Worklist entry "
$T send-keys -t wl Down Down Down Down Down Down Down BSpace BSpace BSpace BSpace
$T send-keys -t wl -l 1130
$T send-keys -t wl Down Down Enter
expect_re "the edited entry shows its new time" "FORM1 +CT Head +CT1 +CT +2026-12-05 11:30"
n=$(ls "$WL/PACS"/*.wl | wc -l)
[ "$n" -eq 6 ] && echo "ok: an edit writes no new file" ||
	{ echo "FAIL: $n entries after the edit (want 6)" >&2; failed=1; }
# delete FORM2 (the second row), after a question
$T send-keys -t wl Down d
expect "d asks before deleting" "Delete the worklist entry FORM2.wl?"
$T send-keys -t wl y
expect "the entry is deleted" "5 entries"
[ ! -e "$WL/PACS/FORM2.wl" ] && echo "ok: FORM2.wl is gone" ||
	{ echo "FAIL: FORM2.wl is still there" >&2; failed=1; }

# ---- the queries answered, and why each entry did not match -------------------------
findscu -W -aec PACS -k PatientName=NOBODY -k AccessionNumber 127.0.0.1 "$PORT" \
	>"$SCRATCH/nobody.log" 2>&1 || { cat "$SCRATCH/nobody.log" >&2; fail "findscu NOBODY failed"; }
$T send-keys -t wl Right
expect "Right shows the Queries tab" "Storage Worklist [Queries]"
expect_re "the query is listed" "│[0-9:]{8} #[0-9]+ +127.0.0.1:[0-9]+ → PACS +0 of 5 match"
if $T capture-pane -p -t wl | grep -m1 -E "│[0-9:]{8} #[0-9]+ " | grep -qF "0 of 5 match"; then
	echo "ok: the last query answered comes first"
else
	echo "FAIL: the last query answered is not the first line of the tab" >&2
	failed=1
fi
$T send-keys -t wl Enter
expect "Enter shows the query's verdict per entry" "┌─ Worklist query "
expect_re "an entry that did not match says which key, with both values" "✗ FORM1.wl does not match: .*NOBODY.*Form\\^Test"
$T send-keys -t wl Escape Down Enter
expect_re "the query before it: the entries that matched" "✓ demo2.wl matches"
$T send-keys -t wl Escape Left Left
expect "Left goes back to the Storage tab" "[Storage] Worklist Queries"

# ---- in German ----------------------------------------------------------------------
$T send-keys -t wl F10
expect "F10 quits" "dashboard-exit=0"
# the catalogue as po/de.po has it now (the build tree's follows the .pot)
mkdir -p "$SCRATCH/locale/de/LC_MESSAGES"
msgfmt -o "$SCRATCH/locale/de/LC_MESSAGES/dicombench.mo" "${top_srcdir:-$(dirname "$0")/..}/po/de.po" ||
	fail "msgfmt po/de.po"
dashboard "respawn-pane -k -t wl" \
	"-u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=de_DE.UTF-8 DICOMBENCH_LOCALEDIR=$SCRATCH/locale"
expect "German: the SCP listens again" "SCP  PACS  ●" 15
$T send-keys -t wl BTab BTab Right
expect "German: the tabs" "Empfang [Worklist] Anfragen"
expect_re "German: the columns" "Patient +Auftrag +Prozedur +Station +Mod +Beginn +MPPS"

exit $failed
