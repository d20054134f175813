#!/bin/bash
# trace-ladder.sh — --trace-ladder and --trace-svg on the headless
# commands: storescu sends two files to storescp, both write the session as
# a ladder (text) and as SVG; echoscu writes its C-ECHO.
set -u
. "${abs_top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

DB=$(cd "$(dirname "$DICOMBENCH")" && pwd)/$(basename "$DICOMBENCH")
CT=$(cd "$SAMPLES" && pwd)/CT-explicit-le.dcm
CR=$(cd "$SAMPLES" && pwd)/CR-chest.dcm
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trace-ladder.XXXXXX")
trap 'stop "$SCP"; rm -rf "$WORK"' EXIT
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
