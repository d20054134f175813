#!/bin/bash
# interop-commit-orthanc.sh — storage commitment (PS3.4 Annex J) with Orthanc
# (Debian package orthanc), both ways:
# 1. Orthanc asks: objects stored into our dcmqrscp; Orthanc's REST API
#    (POST /modalities/ours/storage-commitment) asks ours for them and for
#    one we do not hold; Orthanc releases, so our report comes on a new
#    association to ORTHANC from the AE table, and Orthanc's report
#    (GET /storage-commitment/UID) lists the committed and the failed one;
# 2. we ask: our storescu --commit stores into Orthanc and asks it; Orthanc
#    answers on a new association to our --commit-port (STORESCU is one
#    of its DicomModalities), and we print every object committed.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_orthanc
need python3 storescu dcmdump
ct_samples
srcdir=${top_srcdir:-$(dirname "$0")/..}
case "$srcdir" in /*) ;; *) srcdir="$PWD/$srcdir" ;; esac
scratch
PIDS=
cd "$SCRATCH" || fail "no scratch folder"
export LC_ALL=C LANGUAGE=

python3 "$srcdir/tests/qr-objects.py" objs || fail "cannot write the test objects"
P=$(free_port)    # our dcmqrscp
DP=$(free_port)   # Orthanc's DICOM port
HP=$(free_port)   # Orthanc's REST port
CP=$(free_port)   # our storescu's --commit-port
mkdir -p area db
cat >orthanc.json <<EOF
{
  "Name": "dicombench-commit-test",
  "StorageDirectory": "$SCRATCH/db",
  "IndexDirectory": "$SCRATCH/db",
  "DicomAet": "ORTHANC",
  "DicomPort": $DP,
  "HttpPort": $HP,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomModalities": {
    "ours": [ "QR", "127.0.0.1", $P ],
    "scu": [ "STORESCU", "127.0.0.1", $CP ]
  },
  "Plugins": []
}
EOF
orthanc_run orthanc.json orthanc.log
PIDS=$ORTHANC_PID

# ---- 1. Orthanc asks our dcmqrscp ------------------------------------------
"$DB" dcmqrscp -v -aet QR -od area --peer "ORTHANC@127.0.0.1:$DP" "$P" >qr.log 2>&1 &
QR=$!
PIDS="$ORTHANC_PID $QR"
wait_listen "$P" "$QR"
held=(objs/*.dcm)
storescu -aec QR 127.0.0.1 "$P" "${held[@]:0:3}" >store.log 2>&1 ||
	fail "storescu to our dcmqrscp failed: $(tail -3 store.log)"

# the three objects held ("CLASS INSTANCE" each), and one we never received
pairs=()
for f in "${held[@]:0:3}"; do
	pairs+=("$(dcmdump -q -Un +P 0008,0016 "$f" | sed -n '1s/^[^[]*\[\([^]]*\)\].*/\1/p') $(dataset_uid "$f")")
done
python3 - "$API" "${pairs[@]}" >commit1.txt <<'PY' ||
import json, sys, time, urllib.request
api = sys.argv[1]
items = [{"SOPClassUID": p.split()[0], "SOPInstanceUID": p.split()[1]} for p in sys.argv[2:]]
items.append({"SOPClassUID": "1.2.840.10008.5.1.4.1.1.2", "SOPInstanceUID": "2.25.1234567890"})
req = urllib.request.Request(api + "/modalities/ours/storage-commitment",
                             data=json.dumps({"DicomInstances": items}).encode(), method="POST")
tx = json.load(urllib.request.urlopen(req, timeout=30))["ID"]
for _ in range(200):
    rep = json.load(urllib.request.urlopen(api + "/storage-commitment/" + tx, timeout=30))
    if rep.get("Status") != "Pending":
        break
    time.sleep(0.1)
print("status", rep.get("Status"))
for s in rep.get("Success", []):
    print("committed", s["SOPInstanceUID"])
for f in rep.get("Failures", []):
    print("failed", f["SOPInstanceUID"], f.get("FailureReason", ""))
PY
	fail "Orthanc's storage commitment request to our dcmqrscp failed: $(tail -5 orthanc.log; tail -5 qr.log)"
[ "$(grep -c '^committed ' commit1.txt)" -eq 3 ] ||
	{ cat commit1.txt >&2; tail -20 qr.log >&2; fail "Orthanc's report does not list the 3 objects we hold as committed"; }
grep -q '^failed 2.25.1234567890 ' commit1.txt ||
	{ cat commit1.txt >&2; fail "Orthanc's report does not list the object we never received as failed"; }
grep -q '^status Failure' commit1.txt || { cat commit1.txt >&2; fail "Orthanc's report status is not Failure (one failed)"; }
echo "ok: Orthanc asked our dcmqrscp: 3 committed, the unknown one failed, the report on a new association"
stop "$QR"
PIDS=$ORTHANC_PID

# ---- 2. we ask Orthanc -------------------------------------------------------
"$DB" storescu -v --commit --commit-port "$CP" --commit-timeout 30 -aet STORESCU -aec ORTHANC \
	127.0.0.1 "$DP" "${held[@]:0:4}" >scu.log 2>&1 ||
	{ cat scu.log >&2; tail -10 orthanc.log >&2; fail "our storescu --commit against Orthanc failed"; }
grep -q "4 of 4 objects committed, 0 failed" scu.log ||
	{ cat scu.log >&2; fail "our storescu did not report the 4 objects committed by Orthanc"; }
echo "ok: our storescu --commit: Orthanc stored and committed the 4 objects, its report on a new association"
stop "$ORTHANC_PID"
PIDS=
