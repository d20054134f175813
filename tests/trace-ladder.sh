#!/bin/bash
# trace-ladder.sh — --trace-ladder and --trace-svg on the headless
# commands: storescu sends two files to storescp, both write the session as
# a ladder (text) and as SVG; echoscu writes its C-ECHO.  Then our
# dcmqrscp writes the ladder of real Q/R traffic: dcmtk's movescu moves a
# study to dcmtk's storescp (the C-STORE sub-association nested under the
# C-MOVE), and storescu --commit gets its report on a new association
# (the N-EVENT-REPORT linked to its N-ACTION, a second apart); getscu's
# C-STORE stays inside its C-GET on the same association.
set -u
. "${abs_top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

DB=$(cd "$(dirname "$DICOMBENCH")" && pwd)/$(basename "$DICOMBENCH")
CT=$(cd "$SAMPLES" && pwd)/CT-explicit-le.dcm
CR=$(cd "$SAMPLES" && pwd)/CR-chest.dcm
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trace-ladder.XXXXXX")
need movescu getscu storescp dcmdump python3
SCP=
DEST=
trap 'stop "$SCP"; [ -z "$DEST" ] || stop "$DEST"; rm -rf "$WORK"' EXIT
cd "$WORK" || fail "no scratch folder"
mkdir out
P=$(free_port)
"$DB" storescp -aet PACS -od out --trace-ladder scp.txt --trace-svg scp.svg "$P" >scp.log 2>&1 &
SCP=$!
wait_listen "$P" "$SCP"
timeout 20 "$DB" storescu -aet MODALITY -aec PACS --trace-ladder scu.txt --trace-svg scu.svg \
	127.0.0.1 "$P" "$CT" "$CR" >scu.log 2>&1 || { cat scu.log; fail "storescu"; }
timeout 20 "$DB" echoscu -aec PACS --trace-ladder echo.txt 127.0.0.1 "$P" >echo.log 2>&1 ||
	fail "echoscu"
stop "$SCP"

for f in scu.txt scp.txt; do
	head -1 "$f" | grep -q "MODALITY.*PACS" || { cat "$f"; fail "$f: columns MODALITY, PACS"; }
	in_order "$f" "│─+ A-ASSOCIATE-RQ: contexts [0-9]+ ─+▶│" "│◀─+ A-ASSOCIATE-AC" \
		"│─+ C-STORE-RQ #1 CT ─+▶│" "│═+ data ×[0-9]+ \([0-9]+ bytes\) ═+▶│" \
		"│◀─+ C-STORE-RSP #1 Success ─+│" "C-STORE-RQ #2 CR" "C-STORE-RSP #2 Success" \
		"│─+ A-RELEASE-RQ ─+▶│" "│◀─+ A-RELEASE-RP ─+│" "Sta1 released"
	[ "$(grep -c "data ×" "$f")" -eq 2 ] || fail "$f: one data bar per object"
	echo "ok: $f"
done
in_order echo.txt "A-ASSOCIATE-RQ" "C-ECHO-RQ #1" "C-ECHO-RSP #1 Success" "A-RELEASE-RP"
echo "ok: echo.txt"
for f in scu.svg scp.svg; do
	python3 - "$f" <<'PY' || fail "$f: not the expected SVG"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg", root.tag
texts = [t.text or "" for t in root.iter(ns + "text")]
assert "MODALITY" in texts and "PACS" in texts, texts[:4]
assert any(t.startswith("C-STORE-RQ #2") for t in texts), texts
arrows = [l for l in root.iter(ns + "line") if l.get("marker-end")]
assert len(arrows) >= 10, len(arrows)
PY
	echo "ok: $f"
done

# --- real Q/R traffic through our dcmqrscp ---------------------------------
P=$(free_port)
PD=$(free_port)
PC=$(free_port)
mkdir area dest
qr_config "$P" 16 "dest = (DEST, 127.0.0.1, $PD)
scu = (STORESCU, 127.0.0.1, $PC)" "PACS $WORK/area RW (100, 1024mb) ANY" >qr.cfg
"$DB" dcmqrscp -c qr.cfg --commit-new-assoc --commit-delay 1 --trace-ladder qr.txt \
	"$P" >qr.log 2>&1 &
SCP=$!
storescp -aet DEST -od dest "$PD" >dest.log 2>&1 &
DEST=$!
wait_listen "$P" "$SCP"
wait_listen "$PD" "$DEST"
timeout 20 "$DB" storescu -aec PACS 127.0.0.1 "$P" "$CT" >store.log 2>&1 ||
	{ cat store.log; fail "storescu to dcmqrscp"; }
STUDY=$(dcmdump +P StudyInstanceUID "$CT" | sed 's/.*\[\(.*\)\].*/\1/')
timeout 20 movescu -S -aet MOVER -aec PACS -aem DEST -k QueryRetrieveLevel=STUDY \
	-k StudyInstanceUID="$STUDY" 127.0.0.1 "$P" >move.log 2>&1 ||
	{ cat move.log qr.log; fail "movescu through dcmqrscp"; }
mkdir got
timeout 20 getscu -S -aet GETTER -aec PACS -od got -k QueryRetrieveLevel=STUDY \
	-k StudyInstanceUID="$STUDY" 127.0.0.1 "$P" >get.log 2>&1 ||
	{ cat get.log qr.log; fail "getscu through dcmqrscp"; }
timeout 20 "$DB" storescu --commit -aec PACS --commit-port "$PC" --commit-timeout 10 \
	127.0.0.1 "$P" "$CT" >commit.log 2>&1 || { cat commit.log qr.log; fail "storescu --commit"; }
stop "$SCP"
SCP=
[ "$(ls dest | wc -l)" -eq 1 ] || fail "the move left $(ls dest | wc -l) files at DEST, not 1"

# row NUMBER of the first row after row $2 matching $1 ("" if none)
row() {
	awk -v after="${2:-0}" 'NR > 1 && $1 > after' qr.txt |
		LC_ALL=C.UTF-8 grep -m1 -E -- "$1" | awk '{ print $1 }'
}
nested() { awk -v n="$1" 'NR > 1 && $1 == n { print ($3 == "↳") }' qr.txt; }
mv_rq=$(row "◀─+ C-MOVE-RQ #1 ─+│")
mv_rsp=$(row "─+ C-MOVE-RSP #1 Success ─+▶" "$mv_rq")
sub_rq=$(row "A-ASSOCIATE-RQ: contexts 1 ─+▶│.* \\(([0-9.]+) s after $mv_rq\\)" "$mv_rq")
sub_store=$(row "─+ C-STORE-RQ #1 CT ─+▶" "$sub_rq")
sub_rp=$(row "◀─+ A-RELEASE-RP ─+│" "$sub_store")
[ -n "$mv_rq" ] && [ -n "$mv_rsp" ] && [ -n "$sub_rq" ] && [ -n "$sub_store" ] &&
	[ -n "$sub_rp" ] && [ "$sub_rp" -lt "$mv_rsp" ] ||
	{ cat qr.txt; fail "qr.txt: no sub-association (linked to row $mv_rq) inside the C-MOVE"; }
for r in $sub_rq $sub_store $sub_rp; do
	[ "$(nested "$r")" = 1 ] || { cat qr.txt; fail "qr.txt: row $r is not nested (↳)"; }
done
for r in $mv_rq $mv_rsp; do
	[ "$(nested "$r")" = 0 ] || { cat qr.txt; fail "qr.txt: row $r is nested"; }
done
head -1 qr.txt | grep -q "MOVER.*DEST" || { cat qr.txt; fail "qr.txt: columns MOVER, DEST"; }
echo "ok: qr.txt, C-MOVE rows $mv_rq-$mv_rsp, sub-association rows $sub_rq-$sub_rp nested"

get_rq=$(row "◀─+ C-GET-RQ #1 ─+│")
get_store=$(row "│─+ C-STORE-RQ #1 CT ─+▶" "$get_rq")
get_rsp=$(row "│─+ C-GET-RSP #1 Success ─+▶" "$get_store")
[ -n "$get_rq" ] && [ -n "$get_store" ] && [ -n "$get_rsp" ] ||
	{ cat qr.txt; fail "qr.txt: no C-STORE between the C-GET-RQ (row $get_rq) and its response"; }
[ -z "$(row "A-ASSOCIATE-RQ" "$get_rq" | awk -v e="$get_rsp" '$1 < e')" ] ||
	{ cat qr.txt; fail "qr.txt: the C-GET's C-STORE went on another association"; }
echo "ok: qr.txt, C-GET rows $get_rq-$get_rsp, its C-STORE on the same association"

act=$(row "│─+ N-ACTION-RQ #1 ─+▶│")
back=$(row "│◀─+ A-ASSOCIATE-RQ: contexts 1 ─+│" "$act")
report=$(row "│◀─+ N-EVENT-REPORT-RQ #1 ─+│.* \\(1\\.[0-9]+ s after $act\\)" "$back")
[ -n "$act" ] && [ -n "$back" ] && [ -n "$report" ] ||
	{ cat qr.txt; fail "qr.txt: no N-EVENT-REPORT on a new association linked to the N-ACTION (row $act) a second later"; }
echo "ok: qr.txt, N-ACTION row $act answered on a new association, row $report"
