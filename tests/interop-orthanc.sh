#!/bin/bash
# interop-orthanc.sh — dicombench against Orthanc (Debian package orthanc),
# both ways: echoscu and storescu to Orthanc's DICOM port, and Orthanc's own
# C-ECHO and C-STORE (through its REST API) to dicombench's storescp; then
# the same over DICOM TLS, with certificates from "dicombench ca".
#
# Orthanc stores what it receives as dcmtk does by default (explicit
# lengths, ...), so what it holds must equal what dicombench's normal
# storage makes of the same file; what it sends back must arrive at
# storescp +B as Orthanc holds it.  A deflated data set Orthanc compresses
# anew when it sends: there the elements must be the same (dcmdump).
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need_orthanc
need python3 dcmdump
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
scratch
PIDS=
mkdir -p "$SCRATCH/db" "$SCRATCH/normal" "$SCRATCH/back"

files=()
for f in "$SAMPLES"/*.dcm "$SAMPLES"/IM000001; do
	# the faulty samples: Orthanc refuses them (no Study Instance UID, ...)
	case ${f##*/} in faulty-*) continue ;; esac
	[ -f "$f" ] && files+=("$f")
done
[ ${#files[@]} -ge 10 ] || fail "no sample files in $SAMPLES: build them first (make)"

DP=$(free_port)
HP=$(free_port)
SP=$(free_port)
NP=$(free_port)
# start_orthanc [EXTRA_JSON]: Orthanc on DP (DICOM) and HP (REST), its
# database in the scratch folder (kept across restarts).
start_orthanc() {
	cat >"$SCRATCH/orthanc.json" <<EOF
{
  "Name": "dicombench-test",
  "StorageDirectory": "$SCRATCH/db",
  "IndexDirectory": "$SCRATCH/db",
  "StorageCompression": false,
  "DicomAet": "ORTHANC",
  "DicomPort": $DP,
  "HttpPort": $HP,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": true,
  "DicomModalities": {
    "dcb": [ "DCB", "127.0.0.1", $SP ],
    "dcbtls": { "AET": "DCB", "Host": "127.0.0.1", "Port": $TP, "UseDicomTls": true }
  },
  ${1:-}
  "Plugins": []
}
EOF
	orthanc_run "$SCRATCH/orthanc.json" "$SCRATCH/orthanc.log"
	PIDS="$ORTHANC_PID"
}
TP=$(free_port)
start_orthanc

# orthanc_file SOP_INSTANCE_UID OUT: the file Orthanc holds for it.
orthanc_file() {
	local id
	id=$(rest /tools/lookup "$1" | python3 -c '
import json, sys
print(" ".join(x["ID"] for x in json.load(sys.stdin) if x["Type"] == "Instance"))')
	[ -n "$id" ] || return 1
	rest "/instances/$id/file" >"$2"
}

# orthanc_forget SOP_INSTANCE_UID: Orthanc deletes that instance.
orthanc_forget() {
	rest /tools/lookup "$1" | python3 -c '
import json, sys, urllib.request
ids = [x["ID"] for x in json.load(sys.stdin) if x["Type"] == "Instance"]
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/instances/" + ids[0], method="DELETE"))' "$API"
}

# elements FILE: the data set's elements and values as dcmdump prints them,
# without lengths and delimiters (how sequences are encoded).
elements() {
	dcmdump -q "$1" | grep -v '^#\|^(0002\|(fffe,e0[0d]d)' |
		sed 's/#.*//; s/with [a-z]* length //'
}

# same_content A B: the same data set bytes, or (deflated: Orthanc
# re-encodes inside the deflated stream) the same elements and values.
same_content() {
	same_dataset "$1" "$2" && return 0
	[ "$(meta_value "$1" 00020010)" = 1.2.840.10008.1.2.1.99 ] || return 1
	cmp -s <(elements "$1") <(elements "$2")
}

# check_sent_back DIR: every file storescp stored in DIR is as Orthanc
# holds it, and all n instances came.
check_sent_back() {
	local f name got=0
	for f in "$1"/*; do
		name=${f##*/} # CT.<SOP Instance UID>
		orthanc_file "${name#*.}" "$SCRATCH/o.dcm" || fail "$f: Orthanc does not hold it"
		same_content "$SCRATCH/o.dcm" "$f" || fail "$f arrived otherwise than Orthanc holds it"
		got=$((got + 1))
	done
	[ "$got" -eq "$n" ] || fail "dicombench storescp stored $got of Orthanc's $n instances in $1"
}

# --- dicombench → Orthanc -------------------------------------------------
"$DICOMBENCH" echoscu -aec ORTHANC 127.0.0.1 "$DP" >"$SCRATCH/echo.log" 2>&1 ||
	{ cat "$SCRATCH/echo.log"; fail "dicombench echoscu → Orthanc"; }
# Orthanc checks the called AE title: a wrong one is rejected, and said so.
if "$DICOMBENCH" echoscu -aec NOTORTHANC 127.0.0.1 "$DP" >"$SCRATCH/echo-bad.log" 2>&1; then
	fail "Orthanc accepted called AE title NOTORTHANC"
fi
grep -qi "reject" "$SCRATCH/echo-bad.log" ||
	{ cat "$SCRATCH/echo-bad.log"; fail "no word of the rejection"; }
"$DICOMBENCH" storescu -v -aec ORTHANC 127.0.0.1 "$DP" "${files[@]}" >"$SCRATCH/scu.log" 2>&1 ||
	{ cat "$SCRATCH/scu.log"; tail "$SCRATCH/orthanc.log"; fail "dicombench storescu → Orthanc"; }

# The same files to dicombench's storescp with normal storage, to compare.
"$DICOMBENCH" storescp +xa -od "$SCRATCH/normal" "$NP" >"$SCRATCH/normal.log" 2>&1 &
NORMAL_PID=$!
PIDS="$PIDS $NORMAL_PID"
wait_listen "$NP" "$NORMAL_PID"
"$DICOMBENCH" storescu 127.0.0.1 "$NP" "${files[@]}" >"$SCRATCH/scu-normal.log" 2>&1 ||
	{ cat "$SCRATCH/scu-normal.log"; fail "dicombench storescu → dicombench storescp"; }
stop "$NORMAL_PID"

for f in "${files[@]}"; do
	uid=$(meta_value "$f" 00020003)
	orthanc_file "$uid" "$SCRATCH/o.dcm" || fail "Orthanc does not hold $f ($uid)"
	same_content "$SCRATCH/o.dcm" "$(stored_for "$f" "$SCRATCH/normal")" ||
		fail "$f: Orthanc stored it otherwise than dicombench's normal storage"
done
# A meta header that disagrees with its data set: Orthanc checks the
# C-STORE-RQ's SOP Instance UID against the data set's (0xA900 when they
# differ), so the request must carry the data set's, as dcmtk's storescu does.
f="$SAMPLES/faulty-meta.dcm"
"$DICOMBENCH" storescu -v -aec ORTHANC 127.0.0.1 "$DP" "$f" >"$SCRATCH/scu-meta.log" 2>&1 ||
	{ cat "$SCRATCH/scu-meta.log"; tail "$SCRATCH/orthanc.log"; fail "Orthanc refused $f"; }
grep -q "DCB012" "$SCRATCH/scu-meta.log" || fail "no finding for $f's meta header"
orthanc_file "$(dataset_uid "$f")" "$SCRATCH/o.dcm" || fail "Orthanc does not hold $f under its data set's UID"
echo "ok: Orthanc stores a file whose meta header disagrees with its data set"
orthanc_forget "$(dataset_uid "$f")" || fail "could not delete $f from Orthanc"

n=$(rest /instances | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
echo "ok: dicombench → Orthanc: echo, $n instances stored as dicombench's normal storage stores them"

# --- Orthanc → dicombench -------------------------------------------------
"$DICOMBENCH" storescp +B +xa -aet DCB -od "$SCRATCH/back" "$SP" >"$SCRATCH/scp.log" 2>&1 &
SCP_PID=$!
PIDS="$PIDS $SCP_PID"
wait_listen "$SP" "$SCP_PID"
rest /modalities/dcb/echo '{}' >/dev/null || fail "Orthanc's C-ECHO to dicombench storescp failed"
ids=$(rest /instances)
rest /modalities/dcb/store "$ids" >"$SCRATCH/store.json" ||
	{ cat "$SCRATCH/scp.log"; fail "Orthanc's C-STORE to dicombench storescp failed"; }
python3 - "$SCRATCH/store.json" "$n" <<'PY' || fail "Orthanc reports failed instances"
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if r["FailedInstancesCount"] == 0 and r["InstancesCount"] == int(sys.argv[2]) else 1)
PY
check_sent_back "$SCRATCH/back"
echo "ok: Orthanc → dicombench: echo, $n instances stored as Orthanc holds them"
stop "$SCP_PID"
stop "$ORTHANC_PID"

# --- over DICOM TLS, both ways ---------------------------------------------
P="$SCRATCH/pki"
"$DICOMBENCH" ca newca "$P/ca" >"$SCRATCH/ca.log" 2>&1 &&
	"$DICOMBENCH" ca mkcert -des no "$P/ca" "$P/orthanc.crt" "$P/orthanc.key" >>"$SCRATCH/ca.log" 2>&1 &&
	"$DICOMBENCH" ca mkcert -des no "$P/ca" "$P/dcb.crt" "$P/dcb.key" >>"$SCRATCH/ca.log" 2>&1 ||
	{ cat "$SCRATCH/ca.log"; fail "dicombench ca could not make the certificates"; }
start_orthanc '"DicomTlsEnabled": true,
  "DicomTlsCertificate": "'"$P/orthanc.crt"'",
  "DicomTlsPrivateKey": "'"$P/orthanc.key"'",
  "DicomTlsTrustedCertificates": "'"$P/ca/cacert.pem"'",
  "DicomTlsRemoteCertificateRequired": true,'
TLS=(+tls "$P/dcb.key" "$P/dcb.crt" +cf "$P/ca/cacert.pem")
"$DICOMBENCH" echoscu "${TLS[@]}" -aec ORTHANC 127.0.0.1 "$DP" >"$SCRATCH/echo-tls.log" 2>&1 ||
	{ cat "$SCRATCH/echo-tls.log"; tail "$SCRATCH/orthanc.log"; fail "dicombench echoscu → Orthanc over TLS"; }
# Orthanc's TLS port does not speak plain DICOM.
"$DICOMBENCH" echoscu -ta 5 -aec ORTHANC 127.0.0.1 "$DP" >"$SCRATCH/echo-plain.log" 2>&1 &&
	fail "a plain C-ECHO passed on Orthanc's TLS port"
# One file again, over TLS: Orthanc forgets it first.
TLS_FILE="$SAMPLES/RTSTRUCT-phantom.dcm"
TLS_UID=$(meta_value "$TLS_FILE" 00020003)
orthanc_forget "$TLS_UID" || fail "could not delete $TLS_FILE from Orthanc"
orthanc_file "$TLS_UID" "$SCRATCH/o.dcm" && fail "Orthanc still holds $TLS_FILE"
"$DICOMBENCH" storescu "${TLS[@]}" -aec ORTHANC 127.0.0.1 "$DP" "$TLS_FILE" >"$SCRATCH/scu-tls.log" 2>&1 ||
	{ cat "$SCRATCH/scu-tls.log"; fail "dicombench storescu → Orthanc over TLS"; }
orthanc_file "$TLS_UID" "$SCRATCH/o.dcm" || fail "Orthanc did not store $TLS_FILE sent over TLS"
same_content "$SCRATCH/o.dcm" "$(stored_for "$TLS_FILE" "$SCRATCH/normal")" ||
	fail "$TLS_FILE over TLS: Orthanc stored it otherwise than dicombench's normal storage"
mkdir -p "$SCRATCH/back-tls"
"$DICOMBENCH" storescp "${TLS[@]}" +B +xa -aet DCB -od "$SCRATCH/back-tls" "$TP" >"$SCRATCH/scp-tls.log" 2>&1 &
SCP_PID=$!
PIDS="$PIDS $SCP_PID"
wait_listen "$TP" "$SCP_PID"
rest /modalities/dcbtls/echo '{}' >/dev/null ||
	{ tail "$SCRATCH/orthanc.log"; fail "Orthanc's C-ECHO over TLS to dicombench storescp failed"; }
rest /modalities/dcbtls/store "$(rest /instances)" >"$SCRATCH/store-tls.json" ||
	{ cat "$SCRATCH/scp-tls.log"; fail "Orthanc's C-STORE over TLS to dicombench storescp failed"; }
check_sent_back "$SCRATCH/back-tls"
echo "ok: over DICOM TLS: echo and store both ways ($n instances from Orthanc)"
stop "$SCP_PID"
stop "$ORTHANC_PID"
