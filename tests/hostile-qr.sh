#!/bin/bash
# hostile-qr.sh — our dcmqrscp under load and against peers that misbehave:
# 1. 32 C-MOVEs at once (dcmtk's movescu, each of one study or of all six),
#    each to its own dcmtk storescp +B +uf: every move ends with Success and
#    the right completed count, and every destination holds each object it
#    asked for exactly once, with the data set as sent;
# 2. destinations that drop the sub-association mid-object: dicombench
#    storescp --abort-during (every object fails: 0xA702, each in the Failed
#    SOP Instance UID List, no file left behind) and hostile-peer's
#    scp-abort-mid (the first object fails, the rest arrive: 0xB000, that
#    one in the list); the SCP answers a C-FIND afterwards;
# 3. move destinations that are the SCP itself, however the host is spelt
#    (localhost in the HostTable; [::1], 127.0.0.2, [::ffff:127.0.0.1],
#    LOCALHOST, this machine's name with --peer): 0xA801, named a loop;
# 4. C-FINDs whose identifiers no reader can take (hostile-peer
#    qr-find-garbage): 0xA900 each with a finding, and the association and
#    the SCP go on;
# 5. C-CANCEL during a C-MOVE of all 18 objects to a destination that takes
#    a second per object (our movescu --cancel 1): 0xFE00 at once, and the
#    sub-operations stop (the one under way ends, no other is started);
# 6. C-CANCEL during a C-FIND of 10,000 studies: dcmtk's findscu --cancel 1
#    and hostile-peer qr-find-cancel get 0xFE00 before the last answer.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need findscu movescu storescu storescp dcmdump python3 timeout
ct_samples
PEER=$(realpath "${top_builddir:-.}/tests/hostile-peer")
[ -x "$PEER" ] || fail "$PEER is not built (make check builds it)"
srcdir=${top_srcdir:-$(dirname "$0")/..}
case "$srcdir" in /*) ;; *) srcdir="$PWD/$srcdir" ;; esac
scratch
PIDS=
# KEEP=1 keeps the scratch folder (the processes end all the same)
[ -n "${KEEP:-}" ] && trap '[ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null; true' EXIT
cd "$SCRATCH" || fail "no scratch folder"
export LC_ALL=C LANGUAGE=

python3 "$srcdir/tests/qr-objects.py" objs || fail "cannot write the test objects"
# two objects of 512 KB (one study), so that a sub-association can drop
# in the middle of one
cp "$CT" "$CTI" objs/
N_MOVES=32

# the destinations: DEST1..DEST32 (dcmtk's storescp, unique file names so
# that an object sent twice shows), ABORT (ours, aborting mid-object),
# DROPPER (hostile-peer: aborts the first object, serves the rest)
P=$(free_port)
declare -a DP
for i in $(seq 1 $N_MOVES); do DP[$i]=$(free_port); done
P_ABORT=$(free_port)
P_SLOW=$(free_port)
"$PEER" --scp dropper.port scp-abort-mid >dropper.log 2>&1 &
DROPPER=$!
PIDS="$DROPPER"
for i in $(seq 1 100); do [ -s dropper.port ] && break; sleep 0.05; done
[ -s dropper.port ] || fail "the hostile SCP did not start"
P_DROPPER=$(cat dropper.port)

mkdir -p area loop1 loop2 loop3 loop4 loop5 loop6 abort-out
hosts="abort = (ABORT, 127.0.0.1, $P_ABORT)
dropper = (DROPPER, 127.0.0.1, $P_DROPPER)
slow = (SLOW, 127.0.0.1, $P_SLOW)
loop1 = (LOOP1, localhost, $P)"
for i in $(seq 1 $N_MOVES); do
	hosts="$hosts
dest$i = (DEST$i, 127.0.0.1, ${DP[$i]})"
done
areas="QR $SCRATCH/area RW (200, 1024mb) ANY"
for i in 1 2 3 4 5 6; do
	areas="$areas
LOOP$i $SCRATCH/loop$i RW (200, 1024mb) ANY"
done
qr_config "$P" 200 "$hosts" "$areas" >qr.cfg
"$DB" dcmqrscp -v -c qr.cfg --peer "LOOP2@[::1]:$P" --peer "LOOP3@127.0.0.2:$P" \
	--peer "LOOP4@[::ffff:127.0.0.1]:$P" --peer "LOOP5@LOCALHOST:$P" \
	--peer "LOOP6@$(uname -n):$P" "$P" >qr.log 2>&1 &
QR=$!
PIDS="$PIDS $QR"
wait_listen "$P" "$QR"
storescu -aec QR 127.0.0.1 "$P" objs/*.dcm >store.log 2>&1 ||
	fail "storescu to our dcmqrscp failed: $(tail -3 store.log)"
N_OBJS=$(ls objs/*.dcm | wc -l)
[ "$(ls area | wc -l)" -eq "$N_OBJS" ] || fail "our dcmqrscp did not store the $N_OBJS objects"

# originals.txt: "STUDY-UID SOP-INSTANCE-UID FILE", one line per object as
# the archive holds it (stored as dcmtk's dcmqrscp stores: sequences of
# undefined length get explicit ones), which a move must send bit for bit
# (dcmdump prints the +P paths in the order given)
for f in area/*; do
	dcmdump -q +P 0020,000d +P 0008,0018 "$f" | sed 's/^[^[]*\[\([^]]*\)\].*/\1/' |
		paste -sd ' ' | sed "s|\$| $f|"
done >originals.txt
STUDIES=$(cut -d' ' -f1 originals.txt | sort -u)
[ "$(echo "$STUDIES" | wc -l)" -eq 6 ] || fail "the objects hold $(echo "$STUDIES" | wc -l) studies, not 6"
ALL_STUDIES=$(echo "$STUDIES" | paste -sd '\\')
BIG_STUDY=$(grep -F "$(dataset_uid "$CT")" originals.txt | cut -d' ' -f1)

# final_rsp LOG: "STATUS COMPLETED FAILED WARNING" of the last C-MOVE-RSP
# movescu -d logged (none counts 0)
final_rsp() {
	awk '/Message Type *: C-MOVE RSP/ { s = ""; c = f = w = 0 }
	/Completed Suboperations/ { c = $NF == "none" ? 0 : $NF }
	/Failed Suboperations/ { f = $NF == "none" ? 0 : $NF }
	/Warning Suboperations/ { w = $NF == "none" ? 0 : $NF }
	/DIMSE Status *:/ { if (match($0, /0x[0-9a-f]+/)) s = substr($0, RSTART, RLENGTH) }
	END { print s, c, f, w }' "$1"
}

# failed_list LOG: the Failed SOP Instance UID List of the final response,
# one a line, sorted
failed_list() {
	sed -n 's/.*(0008,0058) UI \[\([^]]*\)\].*/\1/p' "$1" | tail -1 | tr '\\' '\n' | sort
}

# uids_of STUDY...: the SOP Instance UIDs of those studies, sorted
uids_of() {
	for s in "$@"; do grep "^$s " originals.txt; done | cut -d' ' -f2 | sort
}

# move KEYS... : movescu -d -S (study level) from our dcmqrscp
move() {
	movescu -d -S -aec QR -k QueryRetrieveLevel=STUDY "$@" 127.0.0.1 "$P"
}

# ---- 1. 32 C-MOVEs at once ------------------------------------------------
DPIDS=
for i in $(seq 1 $N_MOVES); do
	mkdir -p "d$i"
	storescp +B +uf -aet "DEST$i" -od "d$i" "${DP[$i]}" >"d$i.log" 2>&1 &
	DPIDS="$DPIDS $!"
	PIDS="$PIDS $!"
done
i=0
for pid in $DPIDS; do
	i=$((i + 1))
	wait_listen "${DP[$i]}" "$pid"
done
MPIDS=
for i in $(seq 1 $N_MOVES); do
	if [ $((i % 4)) -eq 0 ]; then
		want=$STUDIES
		key="StudyInstanceUID=$ALL_STUDIES"
	else
		want=$(echo "$STUDIES" | sed -n "$(((i - 1) % 6 + 1))p")
		key="StudyInstanceUID=$want"
	fi
	# shellcheck disable=SC2086
	uids_of $want >"want$i.txt"
	timeout 120 movescu -d -S -aet "MOVER$i" -aec QR -aem "DEST$i" \
		-k QueryRetrieveLevel=STUDY -k "$key" 127.0.0.1 "$P" >"move$i.log" 2>&1 &
	MPIDS="$MPIDS $!"
done
bad=0
for pid in $MPIDS; do wait "$pid" || bad=$((bad + 1)); done
for pid in $DPIDS; do stop "$pid"; done
kill -0 "$QR" 2>/dev/null || fail "our dcmqrscp died during the 32 moves: $(tail -5 qr.log)"
for i in $(seq 1 $N_MOVES); do
	n=$(wc -l <"want$i.txt")
	read -r st c f w <<<"$(final_rsp "move$i.log")"
	[ "$st $c $f $w" = "0x0000 $n 0 0" ] ||
		fail "C-MOVE $i of $N_MOVES ended with status $st, $c completed, $f failed, $w warnings, not 0x0000 and $n completed: $(grep -i 'error\|fail' "move$i.log" | tail -3)"
done
[ "$bad" -eq 0 ] || fail "$bad of the $N_MOVES movescu runs failed"
# every destination holds exactly the objects it asked for, once each, each
# with the data set the archive holds
python3 - "$LIB_DIR" "$N_MOVES" <<'PY' || fail "the 32 moves did not deliver every object once, as sent"
import os, sys
sys.path.insert(0, sys.argv[1])
from dcbtest import file_dataset as dataset

by_data = {}
for line in open("originals.txt"):
    study, uid, path = line.split()
    by_data[dataset(path)] = uid
ok = True
for i in range(1, int(sys.argv[2]) + 1):
    want = sorted(open("want%d.txt" % i).read().split())
    got = []
    for name in os.listdir("d%d" % i):
        uid = by_data.get(dataset(os.path.join("d%d" % i, name)))
        if uid is None:
            print("move %d: %s is no stored object's data set" % (i, name), file=sys.stderr)
            ok = False
        got.append(uid or name)
    if sorted(got) != want:
        print("move %d: want %s, got %s" % (i, want, sorted(got)), file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
PY
echo "ok: $N_MOVES C-MOVEs at once: each ended with success and its count; every object arrived once, as sent"

# ---- 2. destinations that drop the sub-association mid-object -------------
"$DB" storescp -v --abort-during -aet ABORT -od abort-out "$P_ABORT" >abort.log 2>&1 &
APID=$!
PIDS="$PIDS $APID"
wait_listen "$P_ABORT" "$APID"
move -aem ABORT -k "StudyInstanceUID=$BIG_STUDY" >move-abort.log 2>&1
stop "$APID"
n=$(uids_of "$BIG_STUDY" | wc -l)
read -r st c f w <<<"$(final_rsp move-abort.log)"
[ "$st $c $f $w" = "0xa702 0 $n 0" ] ||
	fail "a move to a destination aborting every object ended $st, $c completed, $f failed, $w warnings; want 0xa702, 0 completed, $n failed"
[ "$(failed_list move-abort.log)" = "$(uids_of "$BIG_STUDY")" ] ||
	fail "the Failed SOP Instance UID List is not the $n objects: $(failed_list move-abort.log)"
grep -q "scenario --abort-during" abort.log || fail "the destination did not abort: $(tail -3 abort.log)"
left=$(find abort-out -mindepth 1)
[ -z "$left" ] || fail "a dropped object left files at the destination: $left"
echo "ok: a destination aborting mid-object: 0xa702, $n failed and listed, no file left"

move -aem DROPPER -k "StudyInstanceUID=$BIG_STUDY" >move-dropper.log 2>&1
read -r st c f w <<<"$(final_rsp move-dropper.log)"
[ "$st $c $f $w" = "0xb000 $((n - 1)) 1 0" ] ||
	fail "a move whose first object was dropped ended $st, $c completed, $f failed, $w warnings; want 0xb000, $((n - 1)) completed, 1 failed"
stored=$(sed -n 's/^stored //p' dropper.log | sort)
dropped=$(failed_list move-dropper.log)
[ "$(echo "$dropped" | wc -l)" -eq 1 ] && ! echo "$stored" | grep -qxF "$dropped" &&
	[ "$(printf '%s\n%s\n' "$stored" "$dropped" | sort)" = "$(uids_of "$BIG_STUDY")" ] ||
	fail "the Failed SOP Instance UID List ($dropped) is not the one object the destination dropped (it stored: $stored)"
kill -0 "$QR" 2>/dev/null || fail "our dcmqrscp died after the dropped sub-associations"
findscu -S -aec QR -k QueryRetrieveLevel=STUDY -k "StudyInstanceUID=$BIG_STUDY" 127.0.0.1 "$P" \
	>find-after.log 2>&1 || fail "a C-FIND after the dropped sub-associations failed: $(tail -3 find-after.log)"
echo "ok: a destination dropping the first object: 0xb000, 1 failed and listed, $((n - 1)) arrived; C-FIND goes on"

# ---- 3. loops ---------------------------------------------------------------
# the machine's own name, where it resolves (a container or chroot may
# have no line for it in /etc/hosts)
loops="1 2 3 4 5 6" by_name=" and $(uname -n)"
if ! getent hosts "$(uname -n)" >/dev/null; then
	loops="1 2 3 4 5" by_name=""
	echo "note: this machine's name $(uname -n) does not resolve here: the move to it is left out"
fi
for i in $loops; do
	move -aem "LOOP$i" -k "StudyInstanceUID=$BIG_STUDY" >"loop$i.log" 2>&1
	read -r st c f w <<<"$(final_rsp "loop$i.log")"
	[ "$st" = 0xa801 ] || fail "a move to LOOP$i ($(grep "LOOP$i" qr.cfg qr.log | head -1)) was answered $st, not 0xa801"
	grep -q "DCB[0-9]*\] move destination 'LOOP$i' is this SCP itself" qr.log ||
		fail "our dcmqrscp did not name the move to LOOP$i a loop"
	[ -z "$(ls "loop$i")" ] || fail "objects came back into LOOP$i's area"
done
echo "ok: moves to ourselves by localhost, [::1], 127.0.0.2, a mapped address, LOCALHOST$by_name: 0xa801"

# ---- 4. garbage identifiers ---------------------------------------------------
timeout 60 "$PEER" 127.0.0.1 "$P" qr-find-garbage >garbage.out 2>&1 ||
	{ cat garbage.out; fail "qr-find-garbage"; }
cat garbage.out
[ "$(grep -c "DCB[0-9]*\] the identifier cannot be read" qr.log)" -eq 6 ] ||
	fail "our dcmqrscp did not name each unreadable identifier: $(grep -c 'identifier cannot be read' qr.log) findings"
findscu -S -aec QR -k QueryRetrieveLevel=STUDY -k PatientName 127.0.0.1 "$P" >find-after2.log 2>&1 ||
	fail "a C-FIND after the garbage failed: $(tail -3 find-after2.log)"
kill -0 "$QR" 2>/dev/null || fail "our dcmqrscp is gone"
# ---- 5. C-CANCEL during a C-MOVE ---------------------------------------------
mkdir -p slow-out
"$DB" storescp --sleep-after 1 -aet SLOW -od slow-out "$P_SLOW" >slow.log 2>&1 &
SPID=$!
PIDS="$PIDS $SPID"
wait_listen "$P_SLOW" "$SPID"
"$DB" movescu -v -S -aec QR -aem SLOW --cancel 1 -k QueryRetrieveLevel=STUDY \
	-k "StudyInstanceUID=$ALL_STUDIES" 127.0.0.1 "$P" >move-cancel.log 2>&1 ||
	{ cat move-cancel.log >&2; fail "movescu --cancel 1 failed"; }
grep -q "Cancel" move-cancel.log || fail "the cancelled C-MOVE did not end with 0xFE00: $(tail -3 move-cancel.log)"
grep -q "C-MOVE (message ID [0-9]*) cancelled: [0-9]* sub-operations not started" qr.log ||
	fail "our dcmqrscp did not say what the cancel left: $(grep -i cancel qr.log | tail -3)"
sleep 3 # time for three more objects, were the move going on
got=$(find slow-out -type f | wc -l)
[ "$got" -le 3 ] || fail "after the C-CANCEL the destination still received objects: $got of $N_OBJS"
echo "ok: a cancelled C-MOVE answered 0xFE00 and stopped after $got of $N_OBJS objects"
stop "$SPID"
stop "$QR"

# ---- 6. C-CANCEL during a long C-FIND -----------------------------------------
python3 "$srcdir/tests/qr-objects.py" big --count 10000 --per-study 1 ||
	fail "cannot write the archive of 10,000 studies"
P_BIG=$(free_port)
qr_config "$P_BIG" 16 "" "QR $SCRATCH/big RW (200, 1024mb) ANY" >big.cfg
"$DB" dcmqrscp -v -c big.cfg "$P_BIG" >big.log 2>&1 &
QR=$!
PIDS="$PIDS $QR"
wait_listen "$P_BIG" "$QR"
findscu -v -S -aec QR --cancel 1 -k QueryRetrieveLevel=STUDY -k "PatientName=DOE*" \
	-k StudyInstanceUID -k PatientID -k StudyDate 127.0.0.1 "$P_BIG" >cancel.log 2>&1 ||
	fail "findscu --cancel 1 failed: $(tail -3 cancel.log)"
got=$(grep -ac 'Find Response:' cancel.log)
grep -aq "Final Find Response (Cancel" cancel.log ||
	fail "findscu --cancel 1 got no 0xFE00 after $got answers: $(grep -a 'Final' cancel.log)"
[ "$got" -lt 10000 ] || fail "the cancelled C-FIND still sent all $got answers"
grep -q "C-FIND (message ID 1): [0-9]* answers, .*(0xfe00)" big.log ||
	fail "our dcmqrscp did not log the cancelled C-FIND"
echo "ok: findscu --cancel 1 on 10,000 studies: 0xfe00 after $got answers"
timeout 60 "$PEER" 127.0.0.1 "$P_BIG" qr-find-cancel >cancel.out 2>&1 ||
	{ cat cancel.out; fail "qr-find-cancel"; }
cat cancel.out
kill -0 "$QR" 2>/dev/null || fail "our dcmqrscp is gone"
stop "$QR"
stop "$DROPPER"
PIDS=
echo "ok: every hostile Q/R case was met"
