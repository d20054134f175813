#!/bin/bash
# interop-qr-scu.sh — dicombench's findscu, movescu and getscu against
# dcmtk's dcmqrscp, side by side with dcmtk's own findscu, movescu and
# getscu: the same options, the same archive, the same answers.
#
# 1. dcmqrscp (HostTable, AETable, one storage area) is filled by dcmtk's
#    storescu with 11 small objects: 3 patients, 4 studies, 6 series.
# 2. For a table of queries (patient, study, series and image level;
#    Patient and Study Root; wildcards * and ?, date ranges, a UID list; a
#    query file with -k over it) both findscus print their answers; the
#    sets of answers (each the set of its elements and values, padding
#    removed) must be equal.  --cancel 1 ends both after one answer, -X
#    writes the same identifiers.
# 3. movescu to dcmtk's storescp (-aem) moves the same files; movescu +P
#    (the destination is the tool itself) and getscu -od receive the same
#    SOP instances with the same data sets as dcmtk's tools.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need dcmqrscp findscu movescu getscu storescu storescp dcmdump python3
ct_samples
scratch
cd "$SCRATCH" || fail "no scratch folder"
export LC_ALL=C LANGUAGE=

# ---- 1. the archive ---------------------------------------------------------
python3 - objs <<'PY'
import os, struct, sys
out = sys.argv[1]
os.makedirs(out)
def el(g, e, vr, v):
    if isinstance(v, str):
        v = v.encode()
        if len(v) % 2: v += b"\0" if vr == "UI" else b" "
    if vr in ("OB", "OW", "SQ", "UN", "UT"):
        return struct.pack("<HH2sHI", g, e, vr.encode(), 0, len(v)) + v
    return struct.pack("<HH2sH", g, e, vr.encode(), len(v)) + v
us = lambda v: struct.pack("<H", v)
ROOT = "1.2.826.0.1.3680043.10.1000"
CLS = {"CT": "1.2.840.10008.5.1.4.1.1.2", "MR": "1.2.840.10008.5.1.4.1.1.4"}
patients = [
    ("DOE^JOHN", "PID001", "19700101", "M", [
        ("20240105", "101500", "CT HEAD", "ACC1001", [("CT", 2), ("CT", 2)]),
        ("20240310", "083000", "MR KNEE", "ACC1002", [("MR", 2)])]),
    ("SMITH^ANNA", "PID002", "19851224", "F", [
        ("20230720", "140000", "CT CHEST", "ACC2001", [("CT", 3)])]),
    ("MUELLER^HANS", "PID003", "19500615", "M", [
        ("20240601", "091000", "MR BRAIN", "ACC3001", [("MR", 1), ("CT", 1)])]),
]
n = 0
for pi, (name, pid, birth, sex, studies) in enumerate(patients, 1):
    for si, (date, time, desc, acc, series) in enumerate(studies, 1):
        study = f"{ROOT}.{pi}.{si}"
        for ri, (mod, count) in enumerate(series, 1):
            ser = f"{study}.{ri}"
            for ii in range(1, count + 1):
                inst = f"{ser}.{ii}"
                ds = b"".join([
                    el(0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY\\AXIAL"),
                    el(0x0008, 0x0016, "UI", CLS[mod]), el(0x0008, 0x0018, "UI", inst),
                    el(0x0008, 0x0020, "DA", date), el(0x0008, 0x0030, "TM", time),
                    el(0x0008, 0x0050, "SH", acc), el(0x0008, 0x0060, "CS", mod),
                    el(0x0008, 0x0090, "PN", "REF^DOC"), el(0x0008, 0x1030, "LO", desc),
                    el(0x0008, 0x103E, "LO", f"{mod} SERIES {ri}"),
                    el(0x0010, 0x0010, "PN", name), el(0x0010, 0x0020, "LO", pid),
                    el(0x0010, 0x0030, "DA", birth), el(0x0010, 0x0040, "CS", sex),
                    el(0x0020, 0x000D, "UI", study), el(0x0020, 0x000E, "UI", ser),
                    el(0x0020, 0x0010, "SH", f"S{pi}{si}"), el(0x0020, 0x0011, "IS", str(ri)),
                    el(0x0020, 0x0013, "IS", str(ii)),
                    el(0x0028, 0x0002, "US", us(1)), el(0x0028, 0x0004, "CS", "MONOCHROME2"),
                    el(0x0028, 0x0010, "US", us(4)), el(0x0028, 0x0011, "US", us(4)),
                    el(0x0028, 0x0100, "US", us(16)), el(0x0028, 0x0101, "US", us(12)),
                    el(0x0028, 0x0102, "US", us(11)), el(0x0028, 0x0103, "US", us(0)),
                    el(0x7FE0, 0x0010, "OW", bytes(range(pi * 16, pi * 16 + 32))),
                ])
                meta = b"".join([
                    el(2, 1, "OB", b"\0\1"), el(2, 2, "UI", CLS[mod]), el(2, 3, "UI", inst),
                    el(2, 0x10, "UI", "1.2.840.10008.1.2.1"), el(2, 0x12, "UI", ROOT + ".9"),
                ])
                meta = el(2, 0, "UL", struct.pack("<I", len(meta))) + meta
                n += 1
                with open(f"{out}/{mod}{n:03d}.dcm", "wb") as f:
                    f.write(b"\0" * 128 + b"DICM" + meta + ds)
PY
[ "$(ls objs | wc -l)" -eq 11 ] || fail "could not make the test objects"
ROOT=1.2.826.0.1.3680043.10.1000

QP=$(free_port) # dcmqrscp
SP=$(free_port) # dcmtk's storescp, AE STORESCP
MP=$(free_port) # dcmtk's movescu +P, AE MOVESCU
# ours +P, AE MOVEOURS, on a port of its own: the one dcmtk's movescu has
# just closed can stay taken for a moment (its last connection closing)
OP=$(free_port)
mkdir -p db
cat >qr.cfg <<EOF
NetworkTCPPort  = $QP
MaxPDUSize      = 16384
MaxAssociations = 16

HostTable BEGIN
store    = (STORESCP, 127.0.0.1, $SP)
self     = (MOVESCU, 127.0.0.1, $MP)
selfours = (MOVEOURS, 127.0.0.1, $OP)
HostTable END

VendorTable BEGIN
VendorTable END

AETable BEGIN
QRSCP   $SCRATCH/db   RW (200, 1024mb)   ANY
AETable END
EOF
# A copy under a name of its own: the archive must not go away when a
# test running beside this one stops "its" dcmqrscp by name (seen: SIGTERM
# in the middle of this test).
cp "$(command -v dcmqrscp)" ./qrscu-dcmqrscp || fail "cannot copy dcmqrscp"
./qrscu-dcmqrscp -c qr.cfg >dcmqrscp.log 2>&1 &
QR_PID=$!
PIDS=$QR_PID
wait_listen "$QP" "$QR_PID"
storescu -aec QRSCP 127.0.0.1 "$QP" objs/*.dcm >fill.log 2>&1 ||
	{ cat fill.log >&2; fail "dcmtk's storescu could not fill dcmqrscp"; }
echo "ok: dcmqrscp holds $(ls db/*.dcm | wc -l) objects"

# ---- 2. C-FIND ----------------------------------------------------------------
# answers LOG: the answers a findscu printed, one line each: its elements
# "(gggg,eeee) VR value" sorted, padding removed; the lines sorted.
answers() {
	python3 - "$1" <<'PY'
import re, sys
blocks, cur = [], None
for line in open(sys.argv[1], errors="replace"):
    line = line.rstrip("\n")
    if re.match(r"^I: Find Response: \d+ ", line):
        cur = []
        blocks.append(cur)
        continue
    if line.startswith("I: ---") or re.match(r"^I: Received Final", line):
        cur = None
        continue
    m = re.match(r"^I: (\([0-9a-f]{4},[0-9a-f]{4}\)) (\S\S) (.*?)\s+#", line)
    if cur is not None and m:
        v = m.group(3)
        if v == "(no value available)":
            v = ""
        v = re.sub(r"^\[(.*)\]$", r"\1", v).rstrip(" \0")
        cur.append(f"{m.group(1)} {m.group(2)} {v}")
for b in sorted(" | ".join(sorted(b)) for b in blocks):
    print(b)
PY
}

# dump2dcm's text for a query file: study level, Study Root, with one key
# that -k then overrides
cat >query.txt <<'EOF'
(0008,0052) CS [STUDY]
(0010,0010) PN [DOE*]
(0020,000d) UI []
(0008,1030) LO []
EOF
dump2dcm query.txt query.dcm >/dev/null 2>&1 || fail "dump2dcm could not make a query file"

queries=(
	"patient level, Patient Root|-P -k QueryRetrieveLevel=PATIENT -k PatientName -k PatientID -k PatientBirthDate -k PatientSex"
	"patient level, wildcard *|-P -k QueryRetrieveLevel=PATIENT -k PatientName=M* -k PatientID"
	"patient level, wildcard ?|-P -k QueryRetrieveLevel=PATIENT -k PatientName=SMITH^ANN? -k PatientID"
	"study level, Study Root|-S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID -k StudyDate -k StudyTime -k PatientName -k AccessionNumber -k StudyDescription"
	"study level, Patient Root|-P -k QueryRetrieveLevel=STUDY -k PatientID=PID001 -k StudyInstanceUID -k StudyID"
	"study level, date range|-S -k QueryRetrieveLevel=STUDY -k StudyDate=20240101-20240401 -k StudyInstanceUID"
	"study level, open date range|-S -k QueryRetrieveLevel=STUDY -k StudyDate=-20231231 -k StudyInstanceUID -k PatientID"
	"study level, UID list|-S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID=$ROOT.1.2\\$ROOT.3.1 -k PatientName"
	"study level, accession number|-S -k QueryRetrieveLevel=STUDY -k AccessionNumber=ACC2001 -k StudyInstanceUID -k PatientName"
	"series level|-S -k QueryRetrieveLevel=SERIES -k StudyInstanceUID=$ROOT.1.1 -k SeriesInstanceUID -k Modality -k SeriesNumber"
	"series level, modality|-S -k QueryRetrieveLevel=SERIES -k StudyInstanceUID=$ROOT.3.1 -k Modality=MR -k SeriesInstanceUID"
	"image level|-S -k QueryRetrieveLevel=IMAGE -k StudyInstanceUID=$ROOT.1.1 -k SeriesInstanceUID=$ROOT.1.1.2 -k SOPInstanceUID -k InstanceNumber"
	"image level, Patient Root|-P -k QueryRetrieveLevel=IMAGE -k PatientID=PID002 -k StudyInstanceUID=$ROOT.2.1 -k SeriesInstanceUID=$ROOT.2.1.1 -k SOPInstanceUID -k SOPClassUID"
	"query file with -k over it|-S -k PatientName=MUELLER*|query.dcm"
	"nothing matches|-S -k QueryRetrieveLevel=STUDY -k PatientName=NOBODY -k StudyInstanceUID"
)
bad=0
for q in "${queries[@]}"; do
	label=${q%%|*}
	opts=${q#*|}
	files=
	case $opts in *"|"*) files=${opts#*|} opts=${opts%%|*} ;; esac
	# shellcheck disable=SC2086
	findscu -aec QRSCP $opts 127.0.0.1 "$QP" $files >dcmtk.log 2>&1 ||
		{ cat dcmtk.log >&2; tail -n 5 dcmqrscp.log >&2; wait $QR_PID; echo "dcmqrscp exit $?" >&2; fail "dcmtk's findscu failed: $label"; }
	# shellcheck disable=SC2086
	"$DB" findscu -aec QRSCP $opts 127.0.0.1 "$QP" $files >ours.log 2>&1 ||
		{ cat ours.log >&2; tail -n 20 dcmqrscp.log >&2; fail "dicombench findscu failed (exit status): $label"; }
	answers dcmtk.log >dcmtk.txt
	answers ours.log >ours.txt
	if ! cmp -s dcmtk.txt ours.txt; then
		echo "FAIL: findscu $label: the answers differ (< dcmtk, > dicombench)" >&2
		diff dcmtk.txt ours.txt >&2
		bad=$((bad + 1))
	elif [ "$label" != "nothing matches" ] && [ ! -s ours.txt ]; then
		echo "FAIL: findscu $label: no answers at all" >&2
		bad=$((bad + 1))
	fi
done
[ $bad -eq 0 ] || fail "$bad of ${#queries[@]} queries answered differently"
echo "ok: ${#queries[@]} queries give dcmtk's findscu and dicombench's the same answers"

# the printed form: dcmtk's lines, to the letter
opts=(-S -aec QRSCP -k QueryRetrieveLevel=STUDY -k PatientName=SMITH* -k StudyDate)
findscu "${opts[@]}" 127.0.0.1 "$QP" >dcmtk.log 2>&1
"$DB" findscu "${opts[@]}" 127.0.0.1 "$QP" >ours.log 2>&1
diff dcmtk.log ours.log >&2 || fail "findscu prints its answers otherwise than dcmtk's"
echo "ok: the answers are printed as dcmtk prints them"

# --cancel 1: a C-CANCEL-RQ after the first answer.  dcmqrscp looks for a
# cancel between its answers, so how many more come depends on timing (for
# dcmtk's findscu as for ours): at least the first, at most all four, and
# the final status Cancel or Success.
opts=(-S -aec QRSCP --cancel 1 -k QueryRetrieveLevel=STUDY -k StudyInstanceUID)
findscu -v "${opts[@]}" 127.0.0.1 "$QP" >dcmtk.log 2>&1
"$DB" findscu -v "${opts[@]}" 127.0.0.1 "$QP" >ours.log 2>&1 ||
	{ cat ours.log >&2; fail "findscu --cancel 1 failed"; }
n=$(grep -ac 'Find Response:' ours.log)
[ "$n" -ge 1 ] && [ "$n" -le 4 ] || fail "findscu --cancel 1: $n answers (1 to 4 expected)"
grep -Eq 'Received Final Find Response \((Cancel|Success)\)' ours.log ||
	{ cat ours.log >&2; fail "findscu --cancel 1: no final Cancel or Success"; }
grep -aq 'Sending Cancel Request (MsgID 1' dcmtk.log || fail "dcmtk's findscu sent no C-CANCEL"
grep -q 'sending C-CANCEL request for message ID 1 after 1 responses' ours.log ||
	{ cat ours.log >&2; fail "findscu --cancel 1: no C-CANCEL-RQ after the first answer"; }
echo "ok: --cancel 1 sends a C-CANCEL-RQ after the first answer, as dcmtk's"

# -X: the answers as files, the same identifiers as dcmtk's
mkdir -p xd xo
opts=(-S -aec QRSCP -X -k QueryRetrieveLevel=SERIES -k StudyInstanceUID=$ROOT.1.1 -k SeriesInstanceUID -k Modality)
findscu "${opts[@]}" -od xd 127.0.0.1 "$QP" >/dev/null 2>&1
"$DB" findscu "${opts[@]}" -od xo 127.0.0.1 "$QP" >ours.log 2>&1 ||
	{ cat ours.log >&2; fail "findscu -X failed"; }
[ "$(ls xo)" = "$(ls xd)" ] || fail "findscu -X wrote $(ls xo | tr '\n' ' '), dcmtk $(ls xd | tr '\n' ' ')"
for f in xd/*; do
	same_dataset "$f" "xo/${f#xd/}" || fail "findscu -X: ${f#xd/} differs from dcmtk's"
done
grep -q 'Find Response' ours.log && fail "findscu -X still prints the answers (dcmtk's -X hides them)"
echo "ok: -X writes $(ls xo | wc -l) answer files with dcmtk's identifiers"

# ---- 3. C-MOVE and C-GET ---------------------------------------------------------
# instances DIR: "SOP Instance UID" lines of the files there, sorted
instances() {
	for f in "$1"/*; do dataset_uid "$f"; done | sort
}
# same_objects A B: the same instances, with the same data sets
same_objects() {
	[ "$(instances "$1")" = "$(instances "$2")" ] ||
		{ echo "  $1: $(instances "$1" | tr '\n' ' ')" >&2; echo "  $2: $(instances "$2" | tr '\n' ' ')" >&2; return 1; }
	for f in "$1"/*; do
		local g
		g=$(stored_for "$f" "$2")
		same_dataset "$f" "$g" || { echo "  $f and $g differ" >&2; return 1; }
	done
}

retrieves=(
	"study, Study Root|-S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID=$ROOT.1.1"
	"patient, Patient Root|-P -k QueryRetrieveLevel=PATIENT -k PatientID=PID003"
	"series, Study Root|-S -k QueryRetrieveLevel=SERIES -k StudyInstanceUID=$ROOT.2.1 -k SeriesInstanceUID=$ROOT.2.1.1"
	"image, Patient Root|-P -k QueryRetrieveLevel=IMAGE -k PatientID=PID001 -k StudyInstanceUID=$ROOT.1.2 -k SeriesInstanceUID=$ROOT.1.2.1 -k SOPInstanceUID=$ROOT.1.2.1.2"
)
n=0
for q in "${retrieves[@]}"; do
	label=${q%%|*}
	opts=${q#*|}
	n=$((n + 1))
	# C-MOVE to dcmtk's storescp: what arrives there is the same
	for who in dcmtk ours; do
		mkdir -p "m$n-$who"
		storescp -od "m$n-$who" "$SP" >storescp.log 2>&1 &
		SCP_PID=$!
		PIDS="$QR_PID $SCP_PID"
		wait_listen "$SP" "$SCP_PID"
		if [ $who = dcmtk ]; then
			# shellcheck disable=SC2086
			movescu -aec QRSCP -aem STORESCP $opts 127.0.0.1 "$QP" >move.log 2>&1
		else
			# shellcheck disable=SC2086
			"$DB" movescu -aec QRSCP -aem STORESCP $opts 127.0.0.1 "$QP" >move.log 2>&1 ||
				{ cat move.log >&2; fail "movescu -aem STORESCP failed: $label"; }
		fi
		stop "$SCP_PID"
		PIDS=$QR_PID
	done
	[ -n "$(ls "m$n-dcmtk")" ] || fail "dcmtk's movescu moved nothing: $label"
	same_objects "m$n-dcmtk" "m$n-ours" || fail "movescu -aem STORESCP ($label) moved other objects than dcmtk's"
	for f in "m$n-dcmtk"/*; do
		cmp -s "$f" "m$n-ours/${f##*/}" || fail "movescu ($label): ${f##*/} differs from what dcmtk's movescu had moved"
	done
	# C-MOVE to the tool itself (+P)
	mkdir -p "p$n-dcmtk" "p$n-ours"
	# shellcheck disable=SC2086
	timeout 60 movescu -aec QRSCP +P "$MP" -od "p$n-dcmtk" $opts 127.0.0.1 "$QP" >movep.log 2>&1
	# shellcheck disable=SC2086
	timeout 60 "$DB" movescu -aet MOVEOURS -aec QRSCP +P "$OP" -od "p$n-ours" $opts 127.0.0.1 "$QP" >movep.log 2>&1 ||
		{ cat movep.log >&2; fail "movescu +P failed: $label"; }
	same_objects "p$n-dcmtk" "p$n-ours" || fail "movescu +P ($label) received other objects than dcmtk's"
	# C-GET
	mkdir -p "g$n-dcmtk" "g$n-ours"
	# shellcheck disable=SC2086
	timeout 60 getscu -aec QRSCP -od "g$n-dcmtk" $opts 127.0.0.1 "$QP" >get.log 2>&1
	# shellcheck disable=SC2086
	timeout 60 "$DB" getscu -aec QRSCP -od "g$n-ours" $opts 127.0.0.1 "$QP" >get.log 2>&1 ||
		{ cat get.log >&2; fail "getscu failed: $label"; }
	same_objects "g$n-dcmtk" "g$n-ours" || fail "getscu ($label) received other objects than dcmtk's"
	echo "ok: $label: movescu -aem, movescu +P and getscu receive what dcmtk's do ($(ls "g$n-ours" | wc -l) objects)"
done

# a failing retrieve: an unknown move destination is 0xA801 and exit status 1
if "$DB" movescu -aec QRSCP -aem NOWHERE -S -k QueryRetrieveLevel=STUDY \
	-k StudyInstanceUID=$ROOT.1.1 127.0.0.1 "$QP" >bad.log 2>&1; then
	cat bad.log >&2
	fail "movescu to an unknown destination exited 0"
fi
grep -q 'C-MOVE failed: Failure: 0xA801' bad.log || { cat bad.log >&2; fail "movescu: no 0xA801 said"; }
echo "ok: a move to an unknown destination fails with 0xA801"
exit 0
