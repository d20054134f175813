#!/bin/bash
# interop-worklist.sh — dcmtk's wlmscpfs and dicombench wlmscpfs on the same
# worklist folder (made with dump2dcm from text: six entries, Latin-1 and
# UTF-8 names, an incomplete one and a broken one), both asked the same
# table of queries by dcmtk's findscu -W; the Accession Numbers each
# returns are compared with what the table expects.  Where the two differ
# on purpose (a query in another character set than the entry, PN case
# with --pn-ignore-case), the table says so.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need wlmscpfs findscu dump2dcm dcmdump python3
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
PIDS=
ROOT="$SCRATCH/worklists"
mkdir -p "$ROOT/WL" "$SCRATCH/dumps"
: >"$ROOT/WL/lockfile"

# --- the entries ------------------------------------------------------------
# accession|patient|charset|encoding|patient ID|modality|station|date|time
python3 - "$SCRATCH/dumps" <<'PY' || fail "cannot write the dumps"
import sys
out = sys.argv[1]
rows = [
    ("ACC001", "Doe^John", None, "ascii", "PID001", "CT", "CT1", "20240105", "0800"),
    ("ACC002", "Müller^Hans", "ISO_IR 100", "latin-1", "PID002", "MR", "MR1", "20240105", "1000"),
    ("ACC003", "Müller^Jürgen", "ISO_IR 192", "utf-8", "PID003", "CT", "CT1", "20240106", "0900"),
    ("ACC004", "Smith^Anna", None, "ascii", "PID004", "US", "US1", "20240107", "1400"),
    ("ACC005", "doe^jane", None, "ascii", "PID005", "CT", "CT2", "20240106", "1130"),
    ("ACC006", "Garcia^Ana", None, "ascii", "PID006", "MR", "MR1", "20240108", "0800"),
    # incomplete: no Scheduled Station AE Title (served by neither, -efr)
    ("ACC007", "Lost^Entry", None, "ascii", "PID007", "CT", "", "20240105", "0800"),
]
for acc, pn, cs, enc, pid, mod, ae, date, time in rows:
    n = acc[-3:]
    lines = []
    if cs:
        lines.append(f"(0008,0005) CS [{cs}]")
    lines += [
        f"(0008,0050) SH [{acc}]",
        "(0008,1110) SQ (Sequence with explicit length #=0)",
        "(fffe,e0dd) na (SequenceDelimitationItem)",
        "(0008,1120) SQ (Sequence with explicit length #=0)",
        "(fffe,e0dd) na (SequenceDelimitationItem)",
        f"(0010,0010) PN [{pn}]",
        f"(0010,0020) LO [{pid}]",
        f"(0020,000d) UI [1.2.826.0.1.3680043.9.7433.5.{int(n)}]",
        "(0032,1060) LO [Requested procedure]",
        "(0040,0100) SQ (Sequence with explicit length #=1)",
        "(fffe,e000) na (Item with explicit length #=6)",
        f"(0008,0060) CS [{mod}]",
    ]
    if ae:
        lines.append(f"(0040,0001) AE [{ae}]")
    lines += [
        f"(0040,0002) DA [{date}]",
        f"(0040,0003) TM [{time}]",
        "(0040,0007) LO [Scheduled step]",
        f"(0040,0009) SH [SPS{n}]",
        "(fffe,e00d) na (ItemDelimitationItem)",
        "(fffe,e0dd) na (SequenceDelimitationItem)",
        f"(0040,1001) SH [RP{n}]",
    ]
    open(f"{out}/{acc}.dump", "wb").write(("\n".join(lines) + "\n").encode(enc))
PY
for d in "$SCRATCH"/dumps/*.dump; do
	n=$(basename "$d" .dump)
	dump2dcm -g +te "$d" "$ROOT/WL/$n.wl" 2>"$SCRATCH/dump2dcm.log" ||
		{ cat "$SCRATCH/dump2dcm.log"; fail "dump2dcm could not write $n.wl"; }
done
echo "this is not a DICOM file" >"$ROOT/WL/broken.wl"
echo "ok: $(ls "$ROOT/WL" | grep -c '\.wl$') .wl files (one incomplete, one broken)"

# --- the servers --------------------------------------------------------------
P1=$(free_port)
P2=$(free_port)
P3=$(free_port)
(cd "$SCRATCH" && exec wlmscpfs -dfp "$ROOT" "$P1") >"$SCRATCH/dcmtk.log" 2>&1 &
PIDS="$!"
"$DICOMBENCH" wlmscpfs -v -dfp "$ROOT" "$P2" >"$SCRATCH/ours.log" 2>&1 &
PIDS="$PIDS $!"
mkdir -p "$SCRATCH/requests"
"$DICOMBENCH" wlmscpfs --pn-ignore-case -rfp "$SCRATCH/requests" -rff "#a-#c-#t.dump" \
	-dfp "$ROOT" "$P3" >"$SCRATCH/ours-icase.log" 2>&1 &
PIDS="$PIDS $!"
wait_listen "$P1" ""
wait_listen "$P2" ""
wait_listen "$P3" ""

grep -q "DCB810.*broken.wl" "$SCRATCH/ours.log" ||
	{ cat "$SCRATCH/ours.log"; fail "no finding for broken.wl"; }
grep -q "DCB811.*ACC007.wl.*(0040,0001)" "$SCRATCH/ours.log" ||
	{ cat "$SCRATCH/ours.log"; fail "no finding for the incomplete ACC007.wl"; }
echo "ok: the broken and the incomplete file are findings naming them"

# ask PORT NAME KEY...: the sorted Accession Numbers of the answers
ask() {
	local port=$1 name=$2 dir
	shift 2
	dir="$SCRATCH/rsp-$name-$port"
	rm -rf "$dir"
	mkdir -p "$dir"
	findscu -W -aec WL -X -od "$dir" -k AccessionNumber -k PatientName "$@" \
		127.0.0.1 "$port" >"$dir.log" 2>&1 ||
		{ cat "$dir.log"; fail "$name: findscu against port $port failed"; }
	for f in "$dir"/*; do
		[ -f "$f" ] && dcmdump -q +P 0008,0050 "$f" | sed -n 's/.*\[\(.*\)\].*/\1/p'
	done | sort | tr '\n' ' ' | sed 's/ $//'
}

# check NAME WANT_DCMTK WANT_OURS KEY...: "=" means as dcmtk
failed=0
check() {
	local name=$1 want_d=$2 want_o=$3 got_d got_o
	shift 3
	[ "$want_o" = "=" ] && want_o=$want_d
	got_d=$(ask "$P1" "$name" "$@")
	got_o=$(ask "$P2" "$name" "$@")
	if [ "$got_d" != "$want_d" ]; then
		echo "FAIL: $name: dcmtk's wlmscpfs answered [$got_d], the table expects [$want_d]" >&2
		failed=1
	fi
	if [ "$got_o" != "$want_o" ]; then
		echo "FAIL: $name: dicombench answered [$got_o], the table expects [$want_o]" >&2
		failed=1
	fi
	if [ "$got_d" = "$got_o" ]; then
		echo "ok: $name: both [$got_o]"
	else
		echo "ok: $name: dcmtk [$got_d], dicombench [$got_o] (as expected)"
	fi
}

SPS=ScheduledProcedureStepSequence[0]
ALL="ACC001 ACC002 ACC003 ACC004 ACC005 ACC006"
check "universal" "$ALL" = -k PatientID
check "single value" "ACC004" = -k PatientID=PID004
check "accession wildcard" "$ALL" = -k AccessionNumber=ACC00*
check "PN wildcard *" "ACC001" = -k PatientName=Doe*
check "PN wildcard ?" "ACC004" = -k "PatientName=Sm?th^Anna"
check "PN leading *" "ACC006" = -k "PatientName=*Ana"
check "date single" "ACC003 ACC005" = -k "$SPS.ScheduledProcedureStepStartDate=20240106"
check "date range" "ACC001 ACC002 ACC003 ACC005" = \
	-k "$SPS.ScheduledProcedureStepStartDate=20240105-20240106"
check "date from" "ACC004 ACC006" = -k "$SPS.ScheduledProcedureStepStartDate=20240107-"
check "date until" "ACC001 ACC002" = -k "$SPS.ScheduledProcedureStepStartDate=-20240105"
check "time range" "ACC001 ACC003 ACC006" = -k "$SPS.ScheduledProcedureStepStartTime=0800-0930"
check "station AE" "ACC001 ACC003" = -k "$SPS.ScheduledStationAETitle=CT1"
check "modality" "ACC002 ACC006" = -k "$SPS.Modality=MR"
check "modality and date" "ACC003 ACC005" = -k "$SPS.Modality=CT" \
	-k "$SPS.ScheduledProcedureStepStartDate=20240106"
check "no such modality" "" = -k "$SPS.Modality=XA"
check "empty sequence key" "$ALL" = -k ScheduledProcedureStepSequence
check "PN case" "" = -k "PatientName=doe^john"
# the query's character set: dcmtk compares bytes (a Latin-1 query finds
# the Latin-1 entry only); dicombench decodes both sides
check "Latin-1 query" "ACC002" "ACC002 ACC003" -k "SpecificCharacterSet=ISO_IR 100" \
	-k "PatientName=$(printf 'M\374ller*')"
check "UTF-8 query" "ACC003" "ACC002 ACC003" -k "SpecificCharacterSet=ISO_IR 192" \
	-k "PatientName=Müller*"

# --pn-ignore-case: Orthanc's matching
got=$(ask "$P3" icase -k "PatientName=DOE*")
[ "$got" = "ACC001 ACC005" ] || { echo "FAIL: --pn-ignore-case DOE*: [$got]" >&2; failed=1; }
echo "ok: --pn-ignore-case: DOE* finds [$got]"
# -rfp/-rff: the query as text, named after calling and called AE title
req=$(ls "$SCRATCH"/requests/FINDSCU-WL-*.dump 2>/dev/null | head -n 1)
[ -n "$req" ] && grep -q '^(0010,0010) PN \[DOE\*\]' "$req" ||
	{ ls "$SCRATCH/requests"; fail "-rfp did not write the query"; }
echo "ok: -rfp wrote the query to $(basename "$req")"

# why an entry did not match, under -v
grep -q "worklist entry ACC004.wl does not match: (0040,0100).*(0008,0060).*'MR'.*'US'" \
	"$SCRATCH/ours.log" ||
	{ grep "does not match" "$SCRATCH/ours.log" | head; fail "no reason for ACC004's miss"; }
echo "ok: each entry that did not match says its first failing key with both values"

# the answer's character set: the entry's (-csk, dicombench's default)
dcmdump -q +P 0008,0005 "$SCRATCH"/rsp-Latin-1\ query-"$P2"/* 2>/dev/null | grep -q "ISO_IR 100" ||
	{ failed=1; echo "FAIL: the Latin-1 answer does not say ISO_IR 100" >&2; }
echo "ok: answers say their entry's Specific Character Set"

# a called AE title without folder: both reject (reason 7)
for port in "$P1" "$P2"; do
	if findscu -W -aec NOSUCHAE -k AccessionNumber 127.0.0.1 "$port" >"$SCRATCH/noae.log" 2>&1 ||
		! grep -q "Called AE Title Not Recognized" "$SCRATCH/noae.log"; then
		cat "$SCRATCH/noae.log"
		fail "port $port: an unknown called AE title was not rejected with reason 7"
	fi
done
echo "ok: an unknown called AE title is rejected by both (reason 7)"

[ $failed -eq 0 ] || { tail -n 30 "$SCRATCH/ours.log" >&2; fail "answers differ from the table"; }
