#!/bin/bash
# mpps.sh — `dicombench mppsscu`, a modality's procedure step against
# `dicombench wlmscpfs` (dcmtk has no MPPS SCP or SCU): the worklist item
# is what dcmtk's findscu -W -X wrote for a query; the step is started
# from it (N-CREATE), ended with the images it produced (N-SET), and read
# back from the SCP's step file with dcmtk's dcmdump.  The SCP's rules
# answer the wrong requests (a second N-SET, a step without its status),
# the SCU says why and fails, and Wireshark decodes the N-CREATE and the
# N-SET without an error.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need findscu dcmdump tshark
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH is not built"
SEND=$top_builddir/tests/mpps-send
[ -x "$SEND" ] || fail "$SEND is not built"
scratch
trap 'kill $PIDS 2>/dev/null; wait 2>/dev/null; rm -rf "$SCRATCH"' EXIT
PIDS=

ROOT=$SCRATCH/worklists
mkdir -p "$ROOT/WL" "$SCRATCH/answers"
touch "$ROOT/WL/lockfile"
"$SEND" --entry "$ROOT/WL/e1.wl" >"$SCRATCH/entry.log" 2>&1 ||
	{ cat "$SCRATCH/entry.log"; fail "mpps-send --entry could not write the worklist entry"; }
P=$(free_port)
"$DICOMBENCH" wlmscpfs -v -dfp "$ROOT" "$P" >"$SCRATCH/scp.log" 2>&1 &
PIDS=$!
wait_listen "$P" "$PIDS"

# mpps ARGS...: our MPPS SCU as CT1 to the SCP, stdout and stderr apart
mpps() {
	timeout 30 "$DICOMBENCH" mppsscu -aet CT1 -aec WL "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
}
# step: the step file of $STEP as dcmtk's dcmdump prints it
step() {
	dcmdump +L "$ROOT/.dicombench/mpps/$STEP.dcm" 2>&1
}

# --- the worklist item a modality gets ------------------------------------------
(cd "$SCRATCH/answers" && timeout 30 findscu -W -X -aec WL 127.0.0.1 "$P" \
	-k AccessionNumber=ACC1 -k PatientName -k PatientID -k PatientBirthDate -k PatientSex \
	-k StudyInstanceUID -k RequestedProcedureID -k RequestedProcedureDescription \
	-k "ScheduledProcedureStepSequence[0].Modality" \
	-k "ScheduledProcedureStepSequence[0].ScheduledStationAETitle" \
	-k "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID" \
	-k "ScheduledProcedureStepSequence[0].ScheduledProcedureStepDescription" \
	>"$SCRATCH/findscu.log" 2>&1) ||
	{ cat "$SCRATCH/findscu.log"; fail "dcmtk's findscu -W -X against our wlmscpfs"; }
ITEM=$SCRATCH/answers/rsp0001.dcm
[ -s "$ITEM" ] || { cat "$SCRATCH/findscu.log"; fail "findscu -X wrote no answer"; }
echo "ok: dcmtk's findscu -X wrote the worklist item"

# --- N-CREATE from it ---------------------------------------------------------
mpps --pcap "$SCRATCH/create.pcap" 127.0.0.1 "$P" create "$ITEM" ||
	{ cat "$SCRATCH/err"; fail "mppsscu create"; }
STEP=$(cat "$SCRATCH/out")
[[ $STEP =~ ^2\.25\.[0-9]+$ ]] || fail "create printed '$STEP', not the step's SOP Instance UID"
[ -f "$ROOT/.dicombench/mpps/$STEP.dcm" ] || { cat "$SCRATCH/scp.log"; fail "the SCP keeps no step $STEP"; }
S=$(step)
for want in "PerformedProcedureStepStatus" "IN PROGRESS" "PerformedStationAETitle" "CT1" \
	"ScheduledProcedureStepID" "SPS1" "AccessionNumber" "ACC1" "DOE^JOHN"; do
	grep -qF -- "$want" <<<"$S" || { echo "$S"; fail "the created step lacks $want"; }
done
grep -q "DCB82" "$SCRATCH/scp.log" && { cat "$SCRATCH/scp.log"; fail "the N-CREATE drew a finding"; }
echo "ok: create: step $STEP IN PROGRESS for ACC1 / SPS1, every attribute there"

# --- N-SET COMPLETED with three images of two series --------------------------
CT=$SAMPLES/CT-explicit-le.dcm
CTI=$SAMPLES/CT-implicit-le.dcm
MR=$SAMPLES/MR-explicit-be.dcm
mpps --pcap "$SCRATCH/set.pcap" 127.0.0.1 "$P" complete "$STEP" "$CT" "$CTI" "$MR" ||
	{ cat "$SCRATCH/err"; fail "mppsscu complete"; }
S=$(step)
grep -q "\[COMPLETED\]" <<<"$S" || { echo "$S"; fail "the step is not COMPLETED"; }
n_series=$(grep -c "(0020,000e) UI" <<<"$(sed -n '/PerformedSeriesSequence/,$p' <<<"$S")")
[ "$n_series" -eq 2 ] || { echo "$S"; fail "expected 2 Performed Series Sequence items, saw $n_series"; }
for f in "$CT" "$CTI" "$MR"; do
	sop=$(dcmdump +P SOPInstanceUID "$f" | sed 's/.*\[\(.*\)\].*/\1/')
	grep -q "ReferencedSOPInstanceUID" <<<"$(grep -F "$sop" <<<"$S")" ||
		{ echo "$S"; fail "the step does not reference $(basename "$f") ($sop)"; }
done
grep -q "t2_tse_tra" <<<"$S" || fail "the MR series' Protocol Name is missing"
echo "ok: complete: COMPLETED, 2 series, the 3 images referenced"

# --- what the SCP refuses, and the SCU says -------------------------------------
mpps 127.0.0.1 "$P" complete "$STEP" "$CT" && fail "a second N-SET of a COMPLETED step succeeded"
grep -q "0x0110" "$SCRATCH/err" || { cat "$SCRATCH/err"; fail "the refused N-SET does not say 0x0110"; }
grep -q "DCB821" "$SCRATCH/scp.log" || fail "the SCP made no DCB821 finding for the N-SET after COMPLETED"
echo "ok: a second N-SET: 0x0110, said by both sides"

mpps 127.0.0.1 "$P" discontinue "$STEP" && fail "discontinue without images succeeded"
grep -q "needs the images" "$SCRATCH/err" || { cat "$SCRATCH/err"; fail "discontinue without images: no reason"; }
mpps -f "$ITEM" 127.0.0.1 "$P" create && fail "an N-CREATE without a status succeeded"
grep -Eq "Failure: 0x01(06|20|21)" "$SCRATCH/err" || { cat "$SCRATCH/err"; fail "-f: the SCP's failure is not said"; }
grep -q "DCB82[03]" "$SCRATCH/scp.log" || fail "the SCP made no finding for the N-CREATE without a status"
mpps 127.0.0.1 "$P" complete 1.2.x "$CT" && fail "complete of a step named by no UID succeeded"
grep -q "'1.2.x' is not a UID" "$SCRATCH/err" || { cat "$SCRATCH/err"; fail "a bad step UID is not named"; }
mpps -f "$ITEM" 127.0.0.1 "$P" complete "$STEP" "$CT" && fail "-f with images succeeded"
grep -q "give no images with it" "$SCRATCH/err" || { cat "$SCRATCH/err"; fail "-f with images: no reason"; }
mpps 127.0.0.1 "$P" finish "$STEP" && fail "an unknown action succeeded"
grep -q "unknown action 'finish'" "$SCRATCH/err" || { cat "$SCRATCH/err"; fail "an unknown action is not named"; }
echo "ok: usage errors and the SCP's refusal of a bare worklist item (-f)"

mpps -k PerformedProcedureStepID=PPS42 --uid 1.2.826.0.1.3680043.42 127.0.0.1 "$P" create "$ITEM" ||
	{ cat "$SCRATCH/err"; fail "create with -k and --uid"; }
STEP=1.2.826.0.1.3680043.42
grep -q "\[PPS42\]" <<<"$(step)" || fail "-k PerformedProcedureStepID=PPS42 did not reach the step"
echo "ok: -k and --uid"

# --- the wire, as Wireshark decodes it --------------------------------------------
for cap in create set; do
	tshark -r "$SCRATCH/$cap.pcap" -d "tcp.port==$P,dicom" -T fields -e _ws.col.Info \
		-e _ws.expert.severity >"$SCRATCH/$cap.txt" 2>/dev/null || fail "tshark cannot read $cap.pcap"
	want=$([ $cap = create ] && echo N-CREATE || echo N-SET)
	grep -q "$want-RQ" "$SCRATCH/$cap.txt" || { cat "$SCRATCH/$cap.txt"; fail "$cap.pcap: no $want-RQ decoded"; }
	grep -q "$want-RSP.*Success" "$SCRATCH/$cap.txt" || { cat "$SCRATCH/$cap.txt"; fail "$cap.pcap: no successful $want-RSP"; }
	bad=$(awk -F'\t' '{ n = split($2, v, ","); for (i = 1; i <= n; i++) if (v[i] + 0 >= 8388608) { c++; break } } END { print c + 0 }' "$SCRATCH/$cap.txt")
	[ "$bad" -eq 0 ] || { cat "$SCRATCH/$cap.txt"; fail "$cap.pcap: $bad malformed packets"; }
done
echo "ok: Wireshark decodes the N-CREATE and the N-SET, nothing malformed"

# --- a peer without MPPS --------------------------------------------------------
Q=$(free_port)
mkdir -p "$SCRATCH/store"
"$DICOMBENCH" storescp -od "$SCRATCH/store" "$Q" >"$SCRATCH/storescp.log" 2>&1 &
PIDS="$PIDS $!"
wait_listen "$Q" "$!"
mpps 127.0.0.1 "$Q" create "$ITEM" && fail "create at a storage SCP succeeded"
grep -q "does not offer this service" "$SCRATCH/err" || { cat "$SCRATCH/err"; fail "no reason for a peer without MPPS"; }
echo "ok: a peer without MPPS is named"
