#!/bin/bash
# trace-ladder-linked.sh — the ladder of real traffic links associations:
# 1. dcmtk's movescu asks our dcmqrscp (--trace-ladder) to move a study to
#    our storescp: the C-STORE sub-association is nested under the C-MOVE
#    that caused it, its A-ASSOCIATE-RQ linked to that C-MOVE-RQ;
# 2. our storescu --commit --commit-port against our dcmqrscp
#    --commit-new-assoc: in both ladders the N-EVENT-REPORT-RQ, on the
#    other association, is linked to the N-ACTION-RQ it answers;
# 3. our movescu, its own move destination (+P), asks dcmtk's dcmqrscp: in
#    its ladder the incoming sub-association is nested under the C-MOVE,
#    dcmtk's long A-ASSOCIATE-RQ (every storage class) counts its
#    contexts, and every message is named, the pending C-MOVE-RSP that
#    comes while the sub-association closes too.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need movescu dcmqrscp storescu dcmdump python3
ct_samples
CR="$SAMP/CR-chest.dcm"
scratch
[ -n "${KEEP:-}" ] && trap - EXIT
PIDS=
cd "$SCRATCH" || fail "no scratch folder"
export LC_ALL=C.UTF-8 LANGUAGE=

# linked FILE PATTERN ROW: the first row matching PATTERN names row ROW as
# the one it answers or was caused by.
linked() {
	grep -m1 -E -- "$2" "$1" | grep -qE "\([0-9]+\.[0-9]{3} s after $3\)\$" ||
		{ cat "$1"; fail "$1: \"$2\" is not linked to row $3"; }
}

# 1. C-MOVE: the sub-association nested under its C-MOVE
P_QR=$(free_port)
P_DEST=$(free_port)
mkdir area dest
qr_config "$P_QR" 16 "dest = (DEST, 127.0.0.1, $P_DEST)" \
	"QR $SCRATCH/area RW (100, 1024mb) ANY" >qr.cfg
"$DB" storescp -aet DEST -od dest "$P_DEST" >dest.log 2>&1 &
DEST=$!
"$DB" dcmqrscp -c qr.cfg --trace-ladder move.txt "$P_QR" >qr.log 2>&1 &
QR=$!
PIDS="$DEST $QR"
wait_listen "$P_DEST" "$DEST"
wait_listen "$P_QR" "$QR"
timeout 20 "$DB" storescu -aet MODALITY -aec QR 127.0.0.1 "$P_QR" "$CT" >store.log 2>&1 ||
	{ cat store.log; fail "storescu into our dcmqrscp"; }
STUDY=$(dcmdump -q +P 0020,000d "$CT" | sed -n '1s/^[^[]*\[\([^]]*\)\].*/\1/p')
[ -n "$STUDY" ] || fail "no Study Instance UID in $CT"
timeout 20 movescu -S -aet MOVER -aec QR -aem DEST -k QueryRetrieveLevel=STUDY \
	-k StudyInstanceUID="$STUDY" 127.0.0.1 "$P_QR" >move.log 2>&1 ||
	{ cat move.log qr.log; fail "movescu"; }
[ "$(ls dest | wc -l)" -eq 1 ] || { cat qr.log dest.log; fail "the move stored $(ls dest | wc -l) objects, not 1"; }
stop "$QR"
stop "$DEST"
PIDS=

for ae in MOVER QR DEST; do
	head -1 move.txt | grep -qw "$ae" || { cat move.txt; fail "move.txt: no column $ae"; }
done
# a row of the sub-association starts "↳", the others " "
TOP="^ *[0-9]+ [0-9:.]+  " SUB="^ *[0-9]+ [0-9:.]+ ↳"
in_order move.txt "$TOP.*C-MOVE-RQ #1 "
MOVE=$ROW
in_order move.txt "C-MOVE-RQ #1" "$SUB.*│─+ A-ASSOCIATE-RQ" "$SUB.*│◀─+ A-ASSOCIATE-AC" \
	"$SUB.*│─+ C-STORE-RQ #[0-9]+ CT ─+▶│" "$SUB.*│═+ data ×" \
	"$SUB.*│◀─+ C-STORE-RSP #[0-9]+ Success ─+│" "$SUB.*A-RELEASE-RP" \
	"$TOP.*C-MOVE-RSP #1 Success"
linked move.txt "$SUB.*A-ASSOCIATE-RQ" "$MOVE"
[ "$(grep -cE "$SUB" move.txt)" -ge 8 ] && [ "$(grep -cE "$SUB.*C-MOVE" move.txt)" -eq 0 ] ||
	{ cat move.txt; fail "move.txt: not just the sub-association nested"; }
echo "ok: the C-STORE sub-association is nested under its C-MOVE"

# 2. storage commitment: the report on another association
P_SCP=$(free_port)
P_SCU=$(free_port)
mkdir pacs
qr_config "$P_SCP" 16 "scu = (STORESCU, 127.0.0.1, $P_SCU)" \
	"PACS $SCRATCH/pacs RW (100, 1024mb) ANY" >commit.cfg
"$DB" dcmqrscp -v -c commit.cfg --commit-new-assoc --trace-ladder commit-scp.txt "$P_SCP" \
	>commit-scp.log 2>&1 &
SCP=$!
PIDS=$SCP
wait_listen "$P_SCP" "$SCP"
timeout 30 "$DB" storescu -v --commit --commit-port "$P_SCU" --commit-timeout 20 -aec PACS \
	--trace-ladder commit-scu.txt 127.0.0.1 "$P_SCP" "$CT" "$CR" >commit-scu.log 2>&1 ||
	{ cat commit-scu.log commit-scp.log; fail "storescu --commit"; }
grep -q "2 of 2 objects committed" commit-scu.log || { cat commit-scu.log commit-scp.log; fail "not committed"; }
stop "$SCP"
PIDS=

for f in commit-scu.txt commit-scp.txt; do
	head -1 "$f" | grep -q "STORESCU.*PACS" || { cat "$f"; fail "$f: columns STORESCU, PACS"; }
	in_order "$f" "│─+ N-ACTION-RQ #[0-9]+ ─+▶│"
	ACTION=$ROW
	in_order "$f" "N-ACTION-RQ" "│◀─+ N-ACTION-RSP #[0-9]+ Success ─+│" \
		"│◀─+ A-ASSOCIATE-RQ" "│◀─+ N-EVENT-REPORT-RQ #[0-9]+ ─+│"
	linked "$f" "N-EVENT-REPORT-RQ" "$ACTION"
	echo "ok: $f links the N-EVENT-REPORT to its N-ACTION"
done

# 3. our movescu receives the sub-association itself, from dcmtk's dcmqrscp
P_DCMTK=$(free_port)
P_MOVER=$(free_port)
mkdir dcmtk got
qr_config "$P_DCMTK" 16 "mover = (MOVER, 127.0.0.1, $P_MOVER)" \
	"QR $SCRATCH/dcmtk RW (100, 1024mb) ANY" >dcmtk.cfg
dcmqrscp -c dcmtk.cfg "$P_DCMTK" >dcmtk.log 2>&1 &
PIDS=$!
wait_listen "$P_DCMTK" "$PIDS"
storescu -aec QR 127.0.0.1 "$P_DCMTK" "$CT" >>store.log 2>&1 || fail "storescu into dcmtk's dcmqrscp"
timeout 20 "$DB" movescu -S -aet MOVER -aec QR -aem MOVER +P "$P_MOVER" -od got \
	--trace-ladder mover.txt -k QueryRetrieveLevel=STUDY -k StudyInstanceUID="$STUDY" \
	127.0.0.1 "$P_DCMTK" >mover.log 2>&1 || { cat mover.log; fail "our movescu +P"; }
stop "$PIDS"
PIDS=
[ "$(ls got | wc -l)" -eq 1 ] || { cat mover.log; fail "our movescu received $(ls got | wc -l) objects, not 1"; }
in_order mover.txt "$TOP.*C-MOVE-RQ #1 "
MOVE=$ROW
in_order mover.txt "C-MOVE-RQ #1" "$SUB.*│◀─+ A-ASSOCIATE-RQ: contexts [0-9]{2,} ─+│" \
	"$SUB.*A-ASSOCIATE-AC: [0-9]+ accepted" "$SUB.*C-STORE-RQ #[0-9]+ CT" \
	"$SUB.*C-STORE-RSP #[0-9]+ Success" "$TOP.*C-MOVE-RSP #1 Success"
linked mover.txt "$SUB.*A-ASSOCIATE-RQ" "$MOVE"
grep -E "P-DATA-TF" mover.txt && { cat mover.txt; fail "mover.txt: a P-DATA-TF without its message"; }
echo "ok: our movescu nests the sub-association it received under its C-MOVE"
