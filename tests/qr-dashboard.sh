#!/bin/bash
# qr-dashboard.sh — the dashboard's SCP is a small PACS: dcmtk's storescu
# stores three samples into it, its pane counts what the archive holds,
# and dcmtk's findscu gets the studies back from it.
#
# Runs the real dashboard on a tmux socket of its own, on free ports, its
# state and settings in a scratch folder.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need tmux storescu findscu
ct_samples
scratch
tmp=$SCRATCH
sock="dcbqr-$$"
TMUX_CMD="tmux -L $sock -f /dev/null"
trap '$TMUX_CMD kill-server 2>/dev/null; rm -rf "$tmp"; [ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null; true' EXIT
fail=0

. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux-lib.sh"

P_DASH=$(free_port)
out="$tmp/received"
mkdir -p "$tmp/home"
$TMUX_CMD new-session -d -s dcb -x 120 -y 40 \
	"env LANG=C.UTF-8 LANGUAGE= HOME=$tmp/home XDG_STATE_HOME=$tmp/state \
	 XDG_CONFIG_HOME=$tmp/config DICOMBENCH_DATADIR=$PWD/${top_builddir:-.}/data \
	 $DB ui --scp-port $P_DASH --scp-tls-port 0 --scp-out $out ${DASH_ARGS:-}; \
	 echo dashboard-exit=\$?; sleep 60"

check "the dashboard's SCP listens" wait_for "● listening" 10
check "its pane shows an empty archive" wait_for "archive: 0 patients · 0 studies · 0 series · 0 instances" 5

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

keys q
check "q quits" wait_for "dashboard-exit=0" 5
exit $fail
