#!/bin/bash
# trace-ladder-scu.sh — the ladders our SCUs write of real traffic, where
# the other association comes to them (trace-ladder.sh has our dcmqrscp's):
# 1. our movescu, its own move destination (+P), asks dcmtk's dcmqrscp: the
#    sub-association it receives is nested under its C-MOVE, dcmtk's long
#    A-ASSOCIATE-RQ (every storage class) counts its contexts, and every
#    message is named, the pending C-MOVE-RSP that comes while the
#    sub-association closes too;
# 2. our storescu --commit --commit-port against our dcmqrscp
#    --commit-new-assoc: the N-EVENT-REPORT-RQ it receives on the new
#    association is linked to its N-ACTION-RQ.
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

# 1. our movescu receives the sub-association itself, from dcmtk's dcmqrscp
STUDY=$(dcmdump -q +P 0020,000d "$CT" | sed -n '1s/^[^[]*\[\([^]]*\)\].*/\1/p')
[ -n "$STUDY" ] || fail "no Study Instance UID in $CT"
# a row of the sub-association starts "↳", the others " "
TOP="^ *[0-9]+ [0-9:.]+  " SUB="^ *[0-9]+ [0-9:.]+ ↳"
P_DCMTK=$(free_port)
P_MOVER=$(free_port)
mkdir dcmtk got
qr_config "$P_DCMTK" 16 "mover = (MOVER, 127.0.0.1, $P_MOVER)" \
	"QR $SCRATCH/dcmtk RW (100, 1024mb) ANY" >dcmtk.cfg
dcmqrscp -c dcmtk.cfg "$P_DCMTK" >dcmtk.log 2>&1 &
PIDS=$!
wait_listen "$P_DCMTK" "$PIDS"
storescu -aec QR 127.0.0.1 "$P_DCMTK" "$CT" >store.log 2>&1 || fail "storescu into dcmtk's dcmqrscp"
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

# 2. storage commitment: the report comes on a new association
P_SCP=$(free_port)
P_SCU=$(free_port)
mkdir pacs
qr_config "$P_SCP" 16 "scu = (STORESCU, 127.0.0.1, $P_SCU)" \
	"PACS $SCRATCH/pacs RW (100, 1024mb) ANY" >commit.cfg
"$DB" dcmqrscp -v -c commit.cfg --commit-new-assoc "$P_SCP" >commit-scp.log 2>&1 &
SCP=$!
PIDS=$SCP
wait_listen "$P_SCP" "$SCP"
timeout 30 "$DB" storescu -v --commit --commit-port "$P_SCU" --commit-timeout 20 -aec PACS \
	--trace-ladder commit-scu.txt 127.0.0.1 "$P_SCP" "$CT" "$CR" >commit-scu.log 2>&1 ||
	{ cat commit-scu.log commit-scp.log; fail "storescu --commit"; }
grep -q "2 of 2 objects committed" commit-scu.log || { cat commit-scu.log commit-scp.log; fail "not committed"; }
stop "$SCP"
PIDS=

f=commit-scu.txt
head -1 "$f" | grep -q "STORESCU.*PACS" || { cat "$f"; fail "$f: columns STORESCU, PACS"; }
in_order "$f" "│─+ N-ACTION-RQ #[0-9]+ ─+▶│"
ACTION=$ROW
in_order "$f" "N-ACTION-RQ" "│◀─+ N-ACTION-RSP #[0-9]+ Success ─+│" \
	"│◀─+ A-ASSOCIATE-RQ" "│◀─+ N-EVENT-REPORT-RQ #[0-9]+ ─+│"
linked "$f" "N-EVENT-REPORT-RQ" "$ACTION"
echo "ok: $f links the N-EVENT-REPORT on the new association to its N-ACTION"
