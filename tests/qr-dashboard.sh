#!/bin/bash
# qr-dashboard.sh — the dashboard's SCP is a small PACS: dcmtk's storescu
# stores three samples into it, its pane counts what the archive holds,
# and dcmtk's findscu gets the studies back from it.  The SCU side queries
# another PACS (our dcmqrscp, which knows the dashboard's SCP as PACS):
# f, a modality, the answer in the SCU pane; m moves it to the dashboard's
# SCP, which then holds it; r gets another study (C-GET) into the retrieved
# folder.  a opens the AE table: a peer added there is saved in the
# settings file, echoed, and becomes a move destination of the dashboard's
# SCP (dcmtk's movescu moves a study through it to dcmtk's storescp).
#
# Runs the real dashboard on a tmux socket of its own, on free ports, its
# state and settings in a scratch folder.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tmux storescu findscu movescu storescp
ct_samples
scratch
tmp=$SCRATCH
sock="dcbqr-$$"
TMUX_CMD="tmux -L $sock -f /dev/null"
trap '$TMUX_CMD kill-server 2>/dev/null; rm -rf "$tmp"; [ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null; true' EXIT
fail=0

. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux-lib.sh"

P_DASH=$(free_port)
P_SRC=$(free_port)
out="$tmp/received"
mkdir -p "$tmp/home" "$tmp/src"

# The other PACS, holding the MR sample and a CT.
qr_config "$P_SRC" 8 "dash = (PACS, 127.0.0.1, $P_DASH)" \
	"SRC $tmp/src RW (100, 1024mb) ANY" >"$tmp/src.cfg"
"$DB" dcmqrscp -c "$tmp/src.cfg" "$P_SRC" >"$tmp/src.log" 2>&1 &
PIDS="$!"
wait_listen "$P_SRC" "$PIDS"
storescu -aec SRC 127.0.0.1 "$P_SRC" "$SAMP/MR-explicit-be.dcm" "$CT" >"$tmp/storescu-src.log" 2>&1 ||
	fail "storescu into the other PACS failed: $(tail -3 "$tmp/storescu-src.log")"
$TMUX_CMD new-session -d -s dcb -x 120 -y 40 \
	"env LANG=C.UTF-8 LANGUAGE= HOME=$tmp/home XDG_STATE_HOME=$tmp/state \
	 XDG_CONFIG_HOME=$tmp/config DICOMBENCH_DATADIR=$PWD/${top_builddir:-.}/data \
	 $DB ui --scp-port $P_DASH --scp-tls-port 0 --scp-out $out \
	 --scu-host 127.0.0.1 --scu-port $P_SRC --scu-call SRC; \
	 echo dashboard-exit=\$?; sleep 60"

check "the dashboard's SCP listens" wait_for "● listening" 10
check "its pane shows an empty archive" wait_for "archive: 0 patients · 0 studies · 0 series · 0 instances" 5

# nested_under PARENT CHILD: a line matching the regex CHILD comes at most
# three lines below one matching PARENT (its contexts or reason between).
nested_under() {
	screen | LC_ALL=C.UTF-8 awk -v p="$1" -v c="$2" '
		$0 ~ p { at = NR }
		at && NR > at && NR <= at + 3 && $0 ~ c { found = 1 }
		END { exit !found }'
}

# wait_until SECONDS COMMAND...: until COMMAND succeeds.
wait_until() {
	limit=$(( $1 * 10 ))
	shift
	i=0
	while [ $i -lt $limit ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ---- 1. storage into the dashboard's SCP, the archive counts it -------------
storescu -aet STORER -aec PACS 127.0.0.1 "$P_DASH" "$SAMP/CR-chest.dcm" "$CT" "$CTI" \
	>"$tmp/storescu.log" 2>&1
check "dcmtk's storescu stores three objects" test $? -eq 0
check "the pane counts them" \
	wait_for "archive: 2 patients · 2 studies · 2 series · 3 instances" 10

# ---- 2. dcmtk's findscu gets the studies back --------------------------------
findscu -S -aet FINDER -aec PACS -k QueryRetrieveLevel=STUDY -k StudyInstanceUID \
	-k PatientName -k PatientID 127.0.0.1 "$P_DASH" >"$tmp/findscu.log" 2>&1
check "findscu's query succeeds" test $? -eq 0
check "findscu gets the CT study" grep -q "2.25.151418819553038251769089628007041720569" "$tmp/findscu.log"
check "findscu gets the CR study" grep -q "2.25.188144733409850836681696893801074924470" "$tmp/findscu.log"
n=$(grep -c "(0020,000d)" "$tmp/findscu.log")
check "two studies, no more (found $n)" test "$n" -eq 2
findscu -S -aet FINDER -aec PACS -k QueryRetrieveLevel=IMAGE -k PatientID=DCB0001 \
	-k StudyInstanceUID=2.25.151418819553038251769089628007041720569 \
	-k SeriesInstanceUID=2.25.252168575643937293253894534112304219106 -k SOPInstanceUID \
	127.0.0.1 "$P_DASH" >"$tmp/findscu-img.log" 2>&1
n=$(grep -c "(0008,0018)" "$tmp/findscu-img.log")
check "the CT series has its two images (found $n)" test "$n" -eq 2
check "the SCP pane shows findscu's association" wait_for "FINDER" 5

# ---- 3. the SCU side queries the other PACS and moves the answer here --------
keys f
check "f opens the query dialog" wait_for "Query the SCU's peer" 3
keys Down Down Down
$TMUX_CMD send-keys -t dcb -l "MR"
keys Down Down Down Enter
check "the SCU pane lists one study" wait_for "1 study found" 10
check "the answer's row shows its keys" wait_for "Müller^Anna      DCB0002    20240402 MR    ACC0002" 2
keys BTab
keys m
check "the move completes" wait_for "C-MOVE → PACS done: 1 completed · 0 failed" 15
f=$(stored_for "$SAMP/MR-explicit-be.dcm" "$out")
check "the MR object arrived in the dashboard's folder (${f:-none})" test -n "$f"
check "the moved object is the one the other PACS holds" \
	same_dataset "$f" "$(stored_for "$SAMP/MR-explicit-be.dcm" "$tmp/src")"
check "the dashboard's archive counts it" \
	wait_for "archive: 3 patients · 3 studies · 3 series · 4 instances" 10
# the trace as a ladder (l in the trace pane): the other PACS's
# sub-association to our SCP is nested (↳) under the C-MOVE that caused it
# (Move Originator), and the C-MOVE's own final response is not
keys Tab Tab Tab
keys l
check "the ladder nests the move's sub-association under its C-MOVE" \
	wait_for_re "[0-9]↳ .*A-RELEASE-RQ" 5
check "the C-MOVE's final response is not nested" wait_for_re "[0-9]  +│.*C-MOVE-RSP #1 Success" 2
keys l
keys BTab BTab BTab

# r: a study by C-GET, back on the SCU's association into its folder.  (Not
# the MR: stored in explicit big endian, it can only go back in a context
# of that syntax, and the other PACS accepts explicit little endian.)
keys f
keys Down Down Down Down Down Down Enter
check "a query without keys finds both studies" wait_for "2 studies found" 10
keys Down
keys r
check "the C-GET completes" wait_for "C-GET done: 1 completed · 0 failed" 15
f=$(stored_for "$CT" "$tmp/state/dicombench/retrieved")
check "the C-GET's object is in the retrieved folder (${f:-none})" test -n "$f"
check "and is the one the other PACS holds" same_dataset "$f" "$(stored_for "$CT" "$tmp/src")"

# ---- 4. the AE table ---------------------------------------------------------
P_DEST=$(free_port)
mkdir -p "$tmp/dest"
storescp -aet DEST -od "$tmp/dest" "$P_DEST" >"$tmp/dest.log" 2>&1 &
PIDS="$PIDS $!"
wait_listen "$P_DEST" "$!"
keys A
check "A opens the AE table" wait_for "AE table (peers)" 3
check "it starts empty" wait_for "No peers yet" 2
keys a
check "a asks for a peer" wait_for "Add a peer" 3
$TMUX_CMD send-keys -t dcb -l "DEST@127.0.0.1:$P_DEST"
keys Enter
check "the peer is listed" wait_for "DEST             127.0.0.1:$P_DEST" 5
check "and saved in the settings file" \
	grep -qx "peers = DEST@127.0.0.1:$P_DEST" "$tmp/config/dicombench/dicombench.conf"
keys e
check "e echoes it" wait_for "C-ECHO DEST: answered" 10
keys a
$TMUX_CMD send-keys -t dcb -l "GONE@127.0.0.1:1"
keys Enter
check "a second peer" wait_for "GONE             127.0.0.1:1" 5
keys e
check "a peer that is not there does not answer" wait_for "C-ECHO GONE: no answer" 10
keys d
check "d deletes it" not_shown "GONE             127.0.0.1:1"
check "and the settings file forgets it" \
	grep -qx "peers = DEST@127.0.0.1:$P_DEST" "$tmp/config/dicombench/dicombench.conf"
keys Escape
check "the SCP listens again on its port" wait_for "127.0.0.1:$P_DASH plain" 5
movescu -S -aet MOVER -aec PACS -aem DEST -k QueryRetrieveLevel=STUDY \
	-k StudyInstanceUID=2.25.188144733409850836681696893801074924470 \
	127.0.0.1 "$P_DASH" >"$tmp/movescu.log" 2>&1
check "movescu through the dashboard's SCP to the new peer succeeds" test $? -eq 0
f=$(stored_for "$SAMP/CR-chest.dcm" "$tmp/dest")
check "the CR study arrived at DEST (${f:-none})" test -n "$f"
# the SCP pane: its own association out to DEST (the C-MOVE's
# sub-association) drawn indented (↳) right under MOVER's, which asked
check "the SCP pane shows the sub-association to DEST under MOVER's association" \
	wait_until 5 nested_under "│#[0-9]+ MOVER " "^│  ↳ #[0-9]+ → DEST "

# M: a move to an AE title the other PACS does not know: 0xA801, in words.
keys M
check "M asks for the AE title" wait_for "Move to AE title" 3
keys C-u
$TMUX_CMD send-keys -t dcb -l "DEST"
keys Enter
check "the other PACS refuses the unknown destination" \
	wait_for "C-MOVE → DEST failed: 0 completed · 0 failed · 0xa801" 10

# A level the dialog does not know is refused before anything is sent
# (wide enough for the status line to say so).
$TMUX_CMD resize-window -t dcb -x 180 -y 40
keys f
keys Up BSpace BSpace BSpace BSpace BSpace
$TMUX_CMD send-keys -t dcb -l "NOPE"
keys Down Down Down Down Down Down Down Enter
check "a wrong level is refused in words" wait_for "Level: PATIENT, STUDY, SERIES" 3
keys Escape

keys q
check "q quits" wait_for "dashboard-exit=0" 5
exit $fail
