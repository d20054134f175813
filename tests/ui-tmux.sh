#!/bin/sh
# ui-tmux.sh — drives the real dashboard in tmux: demo mode, both panes,
# sending samples, files received and stored, TLS on both sides with the
# handshake in the trace, a finding for a faulty sample, resizing, help,
# the same engines without network (--fake, plain and TLS, no TCP listener),
# quitting; then a few screens in German.
#
# Runs on its own tmux socket; the dashboard's ports are chosen free
# (--scp-port 0 --scp-tls-port 0), its state and config go to a temp dir.
set -u

builddir=$(pwd)
srcdir=${srcdir:-.}
bin="$builddir/${top_builddir:-.}/dicombench"
sock="dcbtest-$$"
TMUX_CMD="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-ui-tmux.XXXXXX")
fail=0

cleanup() {
	$TMUX_CMD kill-server 2>/dev/null
	rm -rf "$tmp" "$builddir/test-locale"
}
trap cleanup EXIT INT TERM

command -v tmux >/dev/null || { echo "FAIL: tmux is needed for this test" >&2; exit 1; }
test -x "$bin" || { echo "FAIL: $bin not built" >&2; exit 1; }

. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux-lib.sh"

start() {
	# start LANGUAGE-ENV COLS LINES
	# A session that exists is reused (respawn-pane): killing the last
	# session makes the tmux server exit, and a new-session right after
	# can reach the dying server ("server exited unexpectedly").
	set -- "$1" "$2" "$3" "${4:-}" \
		"env $1 HOME=$tmp/home XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config \
		 DICOMBENCH_DATADIR=$builddir/data \
		 $bin ui --scp-port 0 --scp-tls-port 0 ${4:-}; echo dashboard-exit=\$?; sleep 60"
	if $TMUX_CMD has-session -t dcb 2>/dev/null; then
		$TMUX_CMD resize-window -t dcb -x "$2" -y "$3"
		$TMUX_CMD respawn-pane -k -t dcb "$5"
	else
		$TMUX_CMD new-session -d -s dcb -x "$2" -y "$3" "$5"
	fi
}

mkdir -p "$tmp/home"

# dashboard_pid: the dashboard's process, the child of the pane's shell
# (from /proc: procps may not be installed).
dashboard_pid() {
	pane=$($TMUX_CMD display-message -p -t dcb '#{pane_pid}')
	for st in /proc/[0-9]*/stat; do
		read -r p comm state ppid rest 2>/dev/null <"$st" || continue
		if [ "$comm" = "(dicombench)" ] && [ "$ppid" = "$pane" ]; then
			echo "$p"
			return
		fi
	done
}

# listeners PID: how many listening TCP sockets (IPv4, IPv6) process PID
# holds: the socket inodes of its fds, looked up in the kernel's tables.
listeners() {
	inodes=$(ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p')
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v list="$inodes" '
		BEGIN { n = split(list, a, "\n"); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		$4 == "0A" && ($10 in want) { c++ }
		END { print c + 0 }'
}

# no_listener PID: PID is a running process that listens on no TCP port.
no_listener() {
	[ -n "$1" ] && [ -d "/proc/$1" ] && [ "$(listeners "$1")" -eq 0 ]
}

# dataset_in DIR FILE: a file in DIR holds FILE's data set byte for byte
# (the meta header before it is the receiver's).
dataset_in() {
	python3 "$srcdir/tests/dcbtest.py" "$2" >"$tmp/want.ds" || return 1
	for got in "$1"/*; do
		[ -f "$got" ] && python3 "$srcdir/tests/dcbtest.py" "$got" >"$tmp/got.ds" &&
			cmp -s "$tmp/want.ds" "$tmp/got.ds" && return 0
	done
	return 1
}

# ---- demo mode in English ---------------------------------------------------
start "LANG=C.UTF-8 LANGUAGE=" 100 30
check "dashboard starts with the SCP listening" wait_for "● listening" 10
check "the SCU pane is there" wait_for "SCU  → PACS" 2
check "the browser shows the samples" wait_for "CT-explicit-le.dcm" 5
check "the function key bar is there" wait_for "1Help 2TLS" 2
pid=$(dashboard_pid)
check "the demo SCP's listening sockets are seen (pid ${pid:-none})" \
	test "$(listeners "$pid")" -ge 2

# Mark three samples (after "..": CR, CT explicit, CT implicit) and send.
keys Home Down Space Space Space
keys F5
check "three objects received" wait_for "received 3 objects" 20
check "the SCU reports them done" wait_for "3 of 3 objects · 3 sent · 0 failed" 10
n=$(ls "$tmp/state/dicombench/received" 2>/dev/null | wc -l)
check "three files stored on disk (found $n)" test "$n" -eq 3

# save_trace FILE: focus the trace (from the browser), save it, come back.
save_trace() {
	keys Tab Tab
	keys s
	keys C-u
	$TMUX_CMD send-keys -t dcb -l "$1"
	keys Enter
	keys BTab BTab
	i=0
	while [ ! -s "$1" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
}
save_trace "$tmp/trace1.txt"
check "the saved trace has the association request" grep -q "A-ASSOCIATE-RQ" "$tmp/trace1.txt"
check "the saved trace has the C-STORE requests" grep -q "C-STORE" "$tmp/trace1.txt"
check "the saved trace has both sides" sh -c 'grep -q " SCP " "$1" && grep -q " SCU " "$1"' x "$tmp/trace1.txt"

# A faulty sample: its finding shows in the findings tab, Enter explains it.
keys F4
check "findings tab shows the faulty UID sample" wait_for "faulty-uid.dcm" 20
keys Enter
check "a finding opens its explanation" wait_for "Explanation" 3
keys Escape
keys F4

# TLS: the SCP listens with TLS; switch the SCU to TLS and send again.
keys BTab BTab
keys F2
check "the SCP's TLS dialog opens" wait_for "TLS of the SCP" 3
check "the SCP's TLS is on" wait_for "[x] on" 2
keys Escape
keys Tab
keys F2
check "the SCU's TLS dialog opens" wait_for "TLS of the SCU" 3
keys Space
keys Down Down Down Down
keys Enter
check "the SCU now speaks TLS" wait_for "TLS · " 3
keys Tab
keys Home Down F5
check "four objects received" wait_for "received 4 objects" 20
check "the SCU pane shows the TLS version" wait_for "TLS1." 5
save_trace "$tmp/trace2.txt"
check "the TLS handshake is in the trace" grep -q "handshake TLS1\." "$tmp/trace2.txt"

# Resize down to 80 × 24: tabs, trace still there; too small; back.
$TMUX_CMD resize-window -t dcb -x 80 -y 24
sleep 0.5
check "80 × 24 shows browser and findings as tabs" wait_for "[Images]" 3
check "80 × 24 keeps the trace" wait_for "Trace  follow" 2
$TMUX_CMD resize-window -t dcb -x 70 -y 20
check "below 80 × 24 says so" wait_for "too small" 3
$TMUX_CMD resize-window -t dcb -x 120 -y 40
check "120 × 40 shows browser and findings side by side" wait_for "Findings (" 3
check "120 × 40 browser title" wait_for "Images  " 2

# Help, then quit.
keys F1
check "help lists the keys" wait_for "show this help" 3
keys Escape
keys q
check "q quits when nothing runs" wait_for "dashboard-exit=0" 5

# ---- --send at start; a trace line's tree decoded from its bytes -------------
start "LANG=C.UTF-8 LANGUAGE=" 160 40 "--send $builddir/data/samples/CT-explicit-le.dcm"
check "--send sends at start" wait_for "received 1 object" 20
check "the status line says how long it took" wait_for "Sent 1 object in " 10

# open_line TEXT: from the trace's first line down, opens lines (Enter)
# until one's detail shows TEXT; leaves it open.
open_line() {
	keys Home
	n=0
	while [ $n -lt 30 ]; do
		keys Enter
		if wait_for "$1" 1; then
			return 0
		fi
		keys Escape
		keys Down
		n=$((n + 1))
	done
	return 1
}
keys Tab Tab
check "A-ASSOCIATE-RQ: the protocol version decoded" open_line "protocol version: 0x0001"
check "A-ASSOCIATE-RQ: the abstract syntax named" wait_for "CT Image Storage" 2
check "A-ASSOCIATE-RQ: the user information" wait_for "maximum length: " 2
check "the hex stays below the tree" wait_for "Bytes (first " 2
keys Escape
check "P-DATA-TF: the command's elements decoded" \
	open_line "(0000,0100) US Command Field: 0x0001 C-STORE-RQ"
check "P-DATA-TF: the PDV" wait_for "command, last fragment" 2
# x: what the field under the cursor is for, and where the standard says so
keys x
check "x on the PDU's line: the P-DATA-TF explained" wait_for "defined in: PS3.8 9.3.5, Table 9-22" 3
keys Escape
keys Down Down Down Down
keys x
check "x on the Command Field: PS3.7's table named" wait_for "defined in: PS3.7 Table E.1-1" 3
check "x: which message it is, in words" wait_for "Which message this is" 2
keys Escape
# v: the same line in plain words, then its bytes alone
keys v
check "v: the C-STORE-RQ in plain words" wait_for "STORESCU asks PACS to store one object" 3
keys v
check "v again: the bytes" wait_for "Bytes (first " 2
check "v again: no tree" not_shown "Command Field"
keys Escape
# l: the ladder, a column per AE, an arrow per message, the data as one bar
# find_row REGEX: from the ladder's first row down until REGEX shows.
find_row() {
	keys Home
	n=0
	while [ $n -lt 15 ]; do
		wait_for_re "$1" 1 && return 0
		keys Down Down Down
		n=$((n + 1))
	done
	return 1
}
keys l
keys End
check "l: the ladder" wait_for "Trace  follow ● · ladder" 3
check "l: a column per AE" wait_for_re "STORESCU +PACS" 2
check "l: the release, following" wait_for_re "│◀─+ A-RELEASE-RP ─+│" 2
check "l: the C-STORE-RQ as an arrow" find_row "│─+ C-STORE-RQ #1 CT ─+▶│"
check "l: the data as one bar" find_row "│═+ data ×[0-9]+ \\([0-9]+ bytes\\) ═+▶│"
check "l: the response comes back" find_row "│◀─+ C-STORE-RSP #1 Success ─+│"
keys End
keys Enter
check "l, Enter: the newest row in plain words" wait_for "Sta1: the association is over" 3
keys Escape
keys l
check "l again: the list" wait_for "SCU ← A-RELEASE-RP" 3
keys BTab BTab

# ---- three keys to a TLS transfer: t, a file, F5 ------------------------------
start "LANG=C.UTF-8 LANGUAGE=" 200 40
check "tls3: the SCP listens" wait_for "● listening" 10
keys t
check "t switches the SCU to TLS at once" wait_for "SCU: TLS on, F5 sends over TLS." 3
check "t: the SCU pane says TLS" wait_for "TLS · " 3
keys Down
keys F5
check "F5 sends the file under the cursor" wait_for "received 1 object" 20
check "over TLS" wait_for "TLS1." 5
keys t
check "t again: plain" wait_for "SCU: TLS off, F5 sends in plain." 3
keys q
check "tls3: q quits" wait_for "dashboard-exit=0" 5

# ---- a shipped lesson played to its end (n: the next step) -------------------
lesson="$srcdir/data/lessons/first-association.lesson"
steps=$(grep -cv '^[[:space:]]*\(#\|$\)' "$lesson")
start "LANG=C.UTF-8 LANGUAGE=" 200 40 "--lesson $lesson"
check "lesson: the SCP listens" wait_for "● listening" 10
check "lesson: the dashboard names it" wait_for "Lesson: Two application entities" 3
# play N: the next N steps
play() {
	j=0
	while [ $j -lt "$1" ]; do
		keys n
		sleep 0.5
		j=$((j + 1))
	done
}
play 4 # say, ladder, say, echo
check "lesson: its C-ECHO was answered, in the ladder" wait_for_re "│◀─+ C-ECHO-RSP #1 Success ─+│" 5
play $((steps - 4))
check "lesson: its image is stored" wait_for "received 1 object" 20
check "lesson: the teacher's words in the trace" wait_for "lesson: the end of the lesson." 5
keys n
check "lesson: n after the last step says it is over" \
	wait_for "The lesson is over ($steps steps)." 3
keys q
check "lesson: q quits" wait_for "dashboard-exit=0" 5
# the query and move lesson: its query fills the SCU pane, its move to an
# AE the archive does not know ends 0xA801
start "LANG=C.UTF-8 LANGUAGE=" 200 40 "--lesson $srcdir/data/lessons/query-and-move.lesson"
check "lesson 3: the SCP listens" wait_for "● listening" 10
play 2 # say, send
check "lesson 3: both images go in one job" wait_for "2 of 2 objects · 2 sent · 0 failed" 20
play 2 # say, query
check "lesson 3: the query's answers in the SCU pane" wait_for_re "[0-9]+ stud(y|ies) found" 10
play 3 # say, ladder, move
check "lesson 3: the move to DEST, unknown to the archive, ends 0xa801" wait_for "0xa801" 10
play 4 # say, say, say, commit
check "lesson 3: the commit step's N-EVENT-REPORT in the ladder" wait_for "N-EVENT-REPORT-RQ" 15
keys q
check "lesson 3: q quits" wait_for "dashboard-exit=0" 5
# scenario steps: the SCP's fault injection as storescp's options say it
printf 'scenario --status 0xA700\nsend CT-explicit-le.dcm\nscenario --bogus\nscenario off\n' \
	>"$tmp/scenario.lesson"
start "LANG=C.UTF-8 LANGUAGE=" 200 40 "--lesson $tmp/scenario.lesson"
check "scenario lesson: the SCP listens" wait_for "● listening" 10
play 1
check "scenario lesson: the SCP's scenario is said" wait_for "Scenario of the SCP: " 5
wait_for "● listening" 10 >/dev/null
play 1
check "scenario lesson: the C-STORE is answered 0xA700" wait_for "0xA700" 20
play 1
check "scenario lesson: an unknown option is named" wait_for "scenario: unknown option '--bogus'" 5
play 1
check "scenario lesson: off clears it" wait_for "Scenario of the SCP: none" 5
keys q
check "scenario lesson: q quits" wait_for "dashboard-exit=0" 5
out=$(printf 'echo\nfly away\n' >"$tmp/bad.lesson"; "$bin" lesson "$tmp/bad.lesson" 2>&1 </dev/null)
check "lesson: a bad step is named with its line" \
	sh -c 'printf "%s" "$1" | grep -qF -- "line 2: unknown step" ' x "$out"

# ---- without network (--fake): the real engines in memory --------------------
# The SCU's associations reach the SCP through socket pairs: what is sent is
# stored as over TCP, and the dashboard holds no listening TCP socket.
start "LANG=C.UTF-8 LANGUAGE=" 100 30 "--fake --scp-out $tmp/mem-out"
check "fake: the SCP takes associations in memory" wait_for "● in memory" 10
check "fake: the SCP pane says there is no port" wait_for "in memory, no port" 2
pid=$(dashboard_pid)
check "fake: no listening TCP socket (dashboard pid ${pid:-none})" no_listener "$pid"
keys Home Down Space Space Space
keys F5
check "fake: three objects received" wait_for "received 3 objects" 20
check "fake: the SCU reports them done" wait_for "3 of 3 objects · 3 sent · 0 failed" 10
for f in CR-chest.dcm CT-explicit-le.dcm CT-implicit-le.dcm; do
	check "fake: $f stored bit for bit" dataset_in "$tmp/mem-out" "$builddir/data/samples/$f"
done
check "fake: still no listening TCP socket after the transfer" no_listener "$pid"

# ---- quitting during a transfer, the trace filter (in memory) -----------------
# q comes in the same keystrokes as F5: the job has just started.
keys Home Down Space Space Space Space Space Space Space Space Space Space Space Space Space Space Space Space
$TMUX_CMD send-keys -t dcb F5 q
check "q asks while a transfer runs" wait_for "Quit anyway?" 3
keys n
check "n keeps the dashboard running" not_shown "Quit anyway?"
check "the transfer goes on to the end" wait_for "○ idle" 30
keys Tab Tab /
keys C-u 2 Enter
check "the trace filter shows one association" wait_for "association #2 only" 3
keys BTab BTab
keys q
check "q quits after the transfer" wait_for "dashboard-exit=0" 5

# TLS in memory: the SCU set to TLS reaches the SCP's TLS side over the pair.
start "LANG=C.UTF-8 LANGUAGE=" 100 30 "--fake --scu-tls 1 --scp-out $tmp/mem-tls"
check "fake TLS: the SCP takes associations in memory" wait_for "● in memory" 10
keys Home Down Down Space
keys F5
check "fake TLS: one object received" wait_for "received 1 object" 20
check "fake TLS: the SCU pane shows the TLS version" wait_for "TLS1." 5
check "fake TLS: CT-explicit-le.dcm stored bit for bit" \
	dataset_in "$tmp/mem-tls" "$builddir/data/samples/CT-explicit-le.dcm"
keys q
check "fake TLS: q quits" wait_for "dashboard-exit=0" 5

# ---- German ------------------------------------------------------------------
loc="$builddir/test-locale"
mkdir -p "$loc/de/LC_MESSAGES"
msgfmt -o "$loc/de/LC_MESSAGES/dicombench.mo" "$srcdir/po/de.po" ||
	{ echo "FAIL: msgfmt po/de.po" >&2; exit 1; }
# What German shows for a msgid: the catalogue's msgstr, or the msgid when
# the catalogue has none yet (po/de.po is filled from the areas' lists).
de() {
	LANGUAGE= LC_ALL=de_DE.UTF-8 TEXTDOMAINDIR="$loc" gettext -d dicombench -- "$1"
}
# As README says: LANG=de_DE.UTF-8 and the build tree's binary, which finds
# the build tree's catalogue by itself.  Only the caller's own locale
# variables are taken away, so that LANG is the one in effect.
readme_de="-u LC_ALL -u LC_MESSAGES -u LANGUAGE -u DICOMBENCH_LOCALEDIR LANG=de_DE.UTF-8"
start "$readme_de" 100 30
check "German: the key bar" wait_for "$(de Help)" 10
check "German: the settings key" wait_for "$(de Settings)" 3
check "German: the status line" wait_for "$(de 'Space marks files, F5 sends them to the SCP, F1 shows help.' | cut -c1-30)" 3
keys F1
check "German: help" wait_for "$(de 'show this help')" 3
keys Escape
keys F9
check "German: settings dialog" wait_for "$(de 'SCP AE title')" 3
keys Escape
keys F10
check "German: F10 quits" wait_for "dashboard-exit=0" 5
out=$(env $readme_de "$bin" help)
check "German: main's help" sh -c 'printf "%s" "$1" | grep -qF -- "$2"' x "$out" \
	"$(de 'show the version')"

exit $fail
