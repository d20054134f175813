#!/bin/bash
# interop-qr-orthanc.sh — Orthanc (Debian package orthanc) as the
# Query/Retrieve SCU of our dcmqrscp, driven through its REST API:
# 1. a C-FIND at study level with a PatientName wildcard
#    (POST /modalities/ours/query): the answers are the studies the objects
#    hold, with their values;
# 2. the first answer retrieved (POST /queries/ID/answers/0/retrieve: a
#    C-MOVE to Orthanc itself): Orthanc holds that study's instances, each
#    with the data set our archive holds, bit for bit;
# 3. the same query in lower case: Orthanc matches person names
#    case-insensitively and expects a PACS to do so; our dcmqrscp answers it
#    with --pn-ignore-case, and not without (dcmtk's behaviour);
# 4. the other way, Orthanc as the Q/R SCP of our findscu, movescu and
#    getscu: our findscu prints what dcmtk's prints for the same queries, a
#    C-MOVE to a third AE, a C-MOVE to our movescu itself (+P) and a C-GET
#    bring the objects Orthanc holds, bit for bit.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_orthanc
need python3 dcmdump storescu
ct_samples
srcdir=${top_srcdir:-$(dirname "$0")/..}
case "$srcdir" in /*) ;; *) srcdir="$PWD/$srcdir" ;; esac
scratch
PIDS=
cd "$SCRATCH" || fail "no scratch folder"
export LC_ALL=C LANGUAGE=

python3 "$srcdir/tests/qr-objects.py" objs || fail "cannot write the test objects"
P=$(free_port)
DP=$(free_port)
HP=$(free_port)
P_DEST=$(free_port)
P_SELF=$(free_port)
mkdir -p area db
cat >orthanc.json <<EOF
{
  "Name": "dicombench-qr-test",
  "StorageDirectory": "$SCRATCH/db",
  "IndexDirectory": "$SCRATCH/db",
  "StorageCompression": false,
  "DicomAet": "ORTHANC",
  "DicomPort": $DP,
  "HttpPort": $HP,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomModalities": {
    "ours": [ "QR", "127.0.0.1", $P ],
    "dest": [ "DEST", "127.0.0.1", $P_DEST ],
    "self": [ "MOVESCU", "127.0.0.1", $P_SELF ]
  },
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowMove": true,
  "DicomAlwaysAllowGet": true,
  "Plugins": []
}
EOF
orthanc_run orthanc.json orthanc.log
PIDS=$ORTHANC_PID

qr_config "$P" 16 "" "QR $SCRATCH/area RW (100, 1024mb) ANY" >qr.cfg
# start_ours [OPTION...]: our dcmqrscp with Orthanc in its AE table
start_ours() {
	"$DB" dcmqrscp -v -c qr.cfg --peer "ORTHANC@127.0.0.1:$DP" "$@" "$P" >>qr.log 2>&1 &
	QR=$!
	PIDS="$ORTHANC_PID $QR"
	wait_listen "$P" "$QR"
}
start_ours
storescu -aec QR 127.0.0.1 "$P" objs/*.dcm >store.log 2>&1 ||
	fail "storescu to our dcmqrscp failed: $(tail -3 store.log)"

# query PN: Orthanc's study-level query of ours for PatientName PN; its ID
query() {
	rest /modalities/ours/query '{"Level": "Study", "Query": {"PatientName": "'"$1"'",
		"StudyInstanceUID": "", "StudyDate": "", "AccessionNumber": "", "PatientID": ""}}' |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["ID"])'
}

# answers ID: each answer of the query as "StudyInstanceUID|PatientName|
# StudyDate|AccessionNumber|PatientID", sorted
answers() {
	python3 - "$API" "$1" <<'PY'
import json, sys, urllib.request
api, qid = sys.argv[1:]
get = lambda p: json.load(urllib.request.urlopen(api + p, timeout=60))
keys = ("StudyInstanceUID", "PatientName", "StudyDate", "AccessionNumber", "PatientID")
for n in get("/queries/%s/answers" % qid):
    c = get("/queries/%s/answers/%s/content?simplify" % (qid, n))
    print("|".join(c.get(k, "") for k in keys))
PY
}

# expected PATTERN: the same lines from the objects, for the patients whose
# names match the extended regular expression PATTERN
expected() {
	for f in objs/*.dcm; do
		dcmdump -q +P 0020,000d +P 0010,0010 +P 0008,0020 +P 0008,0050 +P 0010,0020 "$f" |
			sed 's/^[^[]*\[\([^]]*\)\].*/\1/' | paste -sd '|'
	done | grep -E "^[^|]*\|($1)\|" | sort -u
}

# ---- 1. C-FIND through Orthanc ----------------------------------------------
qid=$(query "DOE*") || fail "Orthanc's query of our dcmqrscp failed: $(tail -5 orthanc.log)"
answers "$qid" | sort >find.txt
expected 'DOE[^|]*' >want.txt
[ "$(wc -l <want.txt)" -eq 3 ] || fail "the objects hold $(wc -l <want.txt) studies of DOE*, not 3"
cmp -s find.txt want.txt || { diff want.txt find.txt >&2; fail "Orthanc's C-FIND for DOE* got other answers"; }
echo "ok: Orthanc's C-FIND (PatientName DOE*): the 3 studies, with their values"

# ---- 2. C-MOVE to Orthanc --------------------------------------------------
study=$(rest "/queries/$qid/answers/0/content?simplify" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["StudyInstanceUID"])')
rest "/queries/$qid/answers/0/retrieve" '{"TargetAet": "ORTHANC", "Synchronous": true}' \
	>retrieve.json || fail "Orthanc's retrieve from our dcmqrscp failed: $(tail -5 orthanc.log; tail -5 qr.log)"
grep -q "C-MOVE (message ID [0-9]*) done: [1-9][0-9]* completed, 0 failed" qr.log ||
	fail "our dcmqrscp did not finish the C-MOVE: $(grep C-MOVE qr.log | tail -3)"
python3 - "$LIB_DIR" "$API" "$study" <<'PY' || fail "Orthanc does not hold study $study as our archive does"
import json, os, sys, urllib.request
sys.path.insert(0, sys.argv[1])
from dcbtest import dataset, file_dataset
api, study = sys.argv[2:]
get = lambda p: urllib.request.urlopen(api + p, timeout=60).read()

# the archive's files of the study: the file names carry the SOP Instance
# UID, the objects' UIDs the study's number (qr-objects.py)
number = study.rsplit(".", 1)[1]
prefix = study.rsplit(".", 2)[0] + ".3." + number + "."
want = {}
for name in os.listdir("area"):
    uid = name.split(".", 1)[1]
    if uid.startswith(prefix):
        want[uid] = file_dataset(os.path.join("area", name))
got = {}
for iid in json.loads(get("/instances")):
    tags = json.loads(get("/instances/%s/simplified-tags" % iid))
    got[tags["SOPInstanceUID"]] = dataset(get("/instances/%s/file" % iid))
if sorted(got) != sorted(want) or not want:
    print("want %s, got %s" % (sorted(want), sorted(got)), file=sys.stderr)
    sys.exit(1)
bad = [u for u in want if got[u] != want[u]]
if bad:
    print("data sets differ: %s" % bad, file=sys.stderr)
    sys.exit(1)
print("ok: retrieve of study %s: Orthanc holds its %d instances bit for bit" % (study, len(want)))
PY

# ---- 3. person names in lower case -------------------------------------------
qid=$(query "doe*") || fail "Orthanc's lower-case query failed"
[ -z "$(answers "$qid")" ] ||
	fail "our dcmqrscp matched doe* case-insensitively without --pn-ignore-case"
stop "$QR"
start_ours --pn-ignore-case
qid=$(query "doe*") || fail "Orthanc's lower-case query failed with --pn-ignore-case"
answers "$qid" | sort >find-lower.txt
cmp -s find-lower.txt want.txt ||
	{ diff want.txt find-lower.txt >&2; fail "with --pn-ignore-case, doe* is answered otherwise than DOE*"; }
qid=$(query "*müller*") || fail "Orthanc's query for *müller* failed"
[ "$(answers "$qid" | wc -l)" -eq 2 ] ||
	fail "with --pn-ignore-case, *müller* did not find MÜLLER^HANS's 2 studies: $(answers "$qid")"
echo "ok: PatientName doe* (as Orthanc matches) answered only with --pn-ignore-case, *müller* too"
stop "$QR"
PIDS=$ORTHANC_PID

# ---- 4. Orthanc as the Q/R SCP of our tools ----------------------------------
storescu -aec ORTHANC 127.0.0.1 "$DP" objs/*.dcm >store-orthanc.log 2>&1 ||
	fail "storescu to Orthanc failed: $(tail -3 store-orthanc.log)"
finds=(
	"-S -k QueryRetrieveLevel=STUDY -k PatientName=DOE* -k StudyInstanceUID -k StudyDate -k AccessionNumber"
	"-P -k QueryRetrieveLevel=PATIENT -k PatientName -k PatientID -k PatientBirthDate"
	"-S -k QueryRetrieveLevel=SERIES -k StudyInstanceUID=$study -k SeriesInstanceUID -k Modality"
	"-S -k QueryRetrieveLevel=STUDY -k StudyDate=20000101-20301231 -k StudyInstanceUID"
)
for q in "${finds[@]}"; do
	# shellcheck disable=SC2086
	findscu -aec ORTHANC $q 127.0.0.1 "$DP" >find-dcmtk.log 2>&1 ||
		fail "dcmtk's findscu against Orthanc failed: $(tail -3 find-dcmtk.log)"
	# shellcheck disable=SC2086
	"$DB" findscu -aec ORTHANC $q 127.0.0.1 "$DP" >find-ours.log 2>&1 ||
		{ cat find-ours.log >&2; fail "our findscu against Orthanc failed: $q"; }
	grep -q "Find Response" find-ours.log || fail "no answers from Orthanc to: $q"
	# dcmtk prints a UID's padding NUL inside the brackets, we leave it out
	diff <(sed 's/\x0\]/]/; s/  *#/ #/' find-dcmtk.log) <(sed 's/  *#/ #/' find-ours.log) >&2 ||
		fail "our findscu prints Orthanc's answers otherwise than dcmtk's findscu: $q"
done
echo "ok: our findscu against Orthanc prints what dcmtk's prints (${#finds[@]} queries)"

# the objects by SOP Instance UID, and how many the study has
declare -A OBJ
want_n=0
for f in objs/*.dcm; do
	uid=$(dataset_uid "$f")
	OBJ[$uid]=$f
	case $uid in "${study%.*.*}".3."${study##*.}".*) want_n=$((want_n + 1)) ;; esac
done
# study_files DIR: the study's objects arrived in DIR, each data set as it
# was stored into Orthanc
study_files() {
	local n=0 f uid
	for f in "$1"/*; do
		[ -f "$f" ] || continue
		uid=$(dataset_uid "$f")
		[ -n "${OBJ[$uid]:-}" ] || fail "$f: not one of the objects stored into Orthanc"
		same_dataset "$f" "${OBJ[$uid]}" || fail "$f arrived otherwise than it was stored into Orthanc"
		n=$((n + 1))
	done
	[ "$n" -eq "$want_n" ] || fail "$n objects in $1, study $study has $want_n"
}

mkdir -p dest mine got
"$DB" storescp -aet DEST -od dest "$P_DEST" >dest.log 2>&1 &
DEST_PID=$!
PIDS="$ORTHANC_PID $DEST_PID"
wait_listen "$P_DEST" "$DEST_PID"
"$DB" movescu -S -aec ORTHANC -aem DEST -k QueryRetrieveLevel=STUDY -k StudyInstanceUID="$study" \
	127.0.0.1 "$DP" >move.log 2>&1 || { cat move.log >&2; fail "our movescu from Orthanc to DEST failed"; }
study_files dest
"$DB" movescu -S -aec ORTHANC -aet MOVESCU +P "$P_SELF" -od mine \
	-k QueryRetrieveLevel=STUDY -k StudyInstanceUID="$study" 127.0.0.1 "$DP" >self.log 2>&1 ||
	{ cat self.log >&2; fail "our movescu +P from Orthanc failed"; }
study_files mine
"$DB" getscu -S -aec ORTHANC -od got -k QueryRetrieveLevel=STUDY -k StudyInstanceUID="$study" \
	127.0.0.1 "$DP" >get.log 2>&1 || { cat get.log >&2; fail "our getscu from Orthanc failed"; }
study_files got
echo "ok: our movescu (to a third AE and +P) and getscu bring study $study's $want_n objects from Orthanc, bit for bit"
stop "$DEST_PID"
stop "$ORTHANC_PID"
PIDS=
