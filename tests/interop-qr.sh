#!/bin/bash
# interop-qr.sh — our dcmqrscp and dcmtk's on the same dcmqrscp.cfg and the
# same objects, asked by dcmtk's findscu, movescu and getscu:
# 1. a table of C-FIND queries (each matching rule, both information
#    models, every level): the answers are the same sets of key values;
# 2. C-MOVE of a study, a series and an image to a third AE (dcmtk's
#    storescp): the same objects arrive, bit for bit as stored;
# 3. C-GET of a study and a series: the same objects come back;
# 4. a move to an AE title the configuration does not know is answered
#    0xA801 by both, and ours says what to add; a move to ourselves is
#    refused as a loop;
# 5. the called AE title must name an area (reason 7), the calling one be
#    among that area's peers (dcmtk compares the peer's host name too, as
#    its reverse lookup spells it, hence "localhost"; it refuses with
#    reason 7 where ours says 3, calling AE title not recognized);
# 6. ours without a configuration file (-od/-aet), and a +tls peer refused
#    where the SCP has no TLS credentials;
# 7. TLS per peer, from one SCP process each time: listening with TLS, a
#    C-MOVE to a plain storescp (dcmtk's, --peer without +tls) and one to a
#    TLS storescp (ours, from the HostTable: TLS as in dcmtk's dcmqrscp);
#    listening plain (--tls-peers-only), the same two with the TLS one a
#    --peer +tls; both get the objects bit for bit, and a +tls peer that
#    speaks plain fails with a word on why TLS and what to check.
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need dcmqrscp findscu movescu getscu storescu storescp dcmdump python3
ct_samples
srcdir=${top_srcdir:-$(dirname "$0")/..}
case "$srcdir" in /*) ;; *) srcdir="$PWD/$srcdir" ;; esac
scratch
[ -n "${KEEP:-}" ] && trap - EXIT
cd "$SCRATCH" || fail "no scratch folder"
export LC_ALL=C LANGUAGE=

python3 "$srcdir/tests/qr-objects.py" objs || fail "cannot write the test objects"
P_OURS=$(free_port)
P_DCMTK=$(free_port)
P_DEST=$(free_port)
mkdir -p ours dcmtk ours-lim dcmtk-lim

# config NAME AREA: the same configuration but for its storage area
config() {
	cat <<CFG
# the same for both SCPs but the storage area
NetworkTCPPort  = $P_OURS
MaxPDUSize      = 16384
MaxAssociations = 16
HostTable BEGIN
dest     = (DEST, 127.0.0.1, $P_DEST)
selfours = (QR, 127.0.0.1, $P_OURS)
destname = (DEST, localhost, $P_DEST)
HostTable END
VendorTable BEGIN
VendorTable END
AETable BEGIN
QR   $2   RW (100, 1024mb)   ANY
QRLIM $2-lim R (10, 10mb) destname
AETable END
CFG
}
config ours "$SCRATCH/ours" >ours.cfg
config dcmtk "$SCRATCH/dcmtk" >dcmtk.cfg

"$DB" dcmqrscp -c ours.cfg "$P_OURS" >ours.log 2>&1 &
PIDS="$!"
dcmqrscp -c dcmtk.cfg "$P_DCMTK" >dcmtk.log 2>&1 &
PIDS="$PIDS $!"
wait_listen "$P_OURS" ""
wait_listen "$P_DCMTK" ""

for p in "$P_OURS" "$P_DCMTK"; do
	storescu -aec QR 127.0.0.1 "$p" objs/*.dcm >>store.log 2>&1 ||
		fail "storescu to port $p failed: $(tail -3 store.log)"
done
[ "$(ls ours | wc -l)" -eq 16 ] || fail "our dcmqrscp did not store the 16 objects"

# answers DIR: the answers findscu -X wrote, one line each (its elements
# as "tag value", sorted), the lines sorted
answers() {
	for f in "$1"/rsp*.dcm; do
		[ -f "$f" ] || continue
		dcmdump -q "$f" | sed -n '/^(0002/d; /^(0008,0005)/d; s/^\(([0-9a-f,]*)\) [A-Z][A-Z] \([^#]*\)#.*/\1 \2/p' |
			sed 's/ *$//' | sort | paste -sd ';'
	done | sort
}

STUDY1=1.2.826.0.1.3680043.10.1234.1.1
STUDY3=1.2.826.0.1.3680043.10.1234.1.3
SERIES12=1.2.826.0.1.3680043.10.1234.2.1.2

# one query a line: the model option, then -k keys
QUERIES=(
	"-S -k QueryRetrieveLevel=STUDY -k PatientName=DOE* -k StudyInstanceUID -k StudyDate -k AccessionNumber"
	"-S -k QueryRetrieveLevel=STUDY -k StudyDate=20240101-20240630 -k StudyInstanceUID -k AccessionNumber"
	"-S -k QueryRetrieveLevel=STUDY -k StudyDate=-20231231 -k StudyInstanceUID -k PatientID"
	"-S -k QueryRetrieveLevel=STUDY -k StudyDate=20240601- -k StudyInstanceUID"
	"-S -k QueryRetrieveLevel=STUDY -k StudyTime=080000-100000 -k StudyInstanceUID -k StudyTime"
	"-S -k QueryRetrieveLevel=STUDY -k AccessionNumber=ACC1?? -k StudyInstanceUID -k StudyDescription"
	"-S -k QueryRetrieveLevel=STUDY -k PatientID=PID003 -k StudyDescription -k ReferringPhysicianName -k StudyInstanceUID"
	"-S -k QueryRetrieveLevel=STUDY -k StudyInstanceUID=$STUDY1\\$STUDY3 -k AccessionNumber"
	"-S -k QueryRetrieveLevel=STUDY -k ReferringPhysicianName=SMITH* -k StudyID -k StudyInstanceUID"
	"-S -k QueryRetrieveLevel=STUDY -k PatientName=DOE^JAN? -k StudyInstanceUID"
	"-S -k QueryRetrieveLevel=STUDY -k PatientName=doe* -k StudyInstanceUID"
	"-S -k QueryRetrieveLevel=SERIES -k StudyInstanceUID=$STUDY1 -k Modality -k SeriesInstanceUID -k SeriesNumber"
	"-S -k QueryRetrieveLevel=SERIES -k StudyInstanceUID=$STUDY1 -k Modality=CT -k SeriesNumber=2 -k SeriesInstanceUID"
	"-S -k QueryRetrieveLevel=IMAGE -k StudyInstanceUID=$STUDY1 -k SeriesInstanceUID=$SERIES12 -k SOPInstanceUID -k InstanceNumber"
	"-P -k QueryRetrieveLevel=PATIENT -k PatientName -k PatientID -k PatientBirthDate=19600101-19750101"
	"-P -k QueryRetrieveLevel=PATIENT -k PatientName=*HANS -k PatientID -k PatientSex"
	"-P -k QueryRetrieveLevel=STUDY -k PatientID=PID001 -k StudyInstanceUID -k StudyDate"
	"-P -k QueryRetrieveLevel=SERIES -k PatientID=PID001 -k StudyInstanceUID=$STUDY1 -k SeriesInstanceUID -k Modality"
)
n=0
for q in "${QUERIES[@]}"; do
	n=$((n + 1))
	for side in ours dcmtk; do
		port=$P_OURS
		[ $side = dcmtk ] && port=$P_DCMTK
		rm -rf "q$n-$side" && mkdir "q$n-$side"
		# shellcheck disable=SC2086
		(cd "q$n-$side" && findscu -aec QR -X $q 127.0.0.1 "$port" >../find.log 2>&1) ||
			fail "query $n ($q) against $side: findscu failed: $(tail -3 find.log)"
		answers "q$n-$side" >"q$n-$side.txt"
	done
	if ! cmp -s "q$n-ours.txt" "q$n-dcmtk.txt"; then
		echo "query $n: $q" >&2
		diff "q$n-dcmtk.txt" "q$n-ours.txt" >&2
		fail "query $n answered otherwise than dcmtk's dcmqrscp"
	fi
	[ -s "q$n-ours.txt" ] || [ $n -eq 11 ] || fail "query $n matched nothing: the table is wrong"
done
echo "C-FIND: ${#QUERIES[@]} queries answered as dcmtk's dcmqrscp answers them"

# ---- 2. C-MOVE to a third AE ------------------------------------------
# same_objects DIR: DIR holds exactly the objects of the list given on
# stdin (SOP Instance UIDs), each with the data set as sent
same_objects() {
	local want got f
	want=$(sort)
	got=$(for f in "$1"/*; do dataset_uid "$f"; done | sort)
	[ "$want" = "$got" ] || { echo "want: $want" >&2; echo "got: $got" >&2; return 1; }
	for f in "$1"/*; do
		local uid src
		uid=$(dataset_uid "$f")
		src=$(grep -l "$uid" objs/*.dcm | head -1)
		same_dataset "$f" "$src" || { echo "$f differs from $src" >&2; return 1; }
	done
}

uids_of() { # uids_of UID-PREFIX: the objects' SOP Instance UIDs under it
	for f in objs/*.dcm; do dataset_uid "$f"; done | grep "^$1" | sort
}

MOVES=(
	"STUDY|-k StudyInstanceUID=$STUDY1|1.2.826.0.1.3680043.10.1234.3.1."
	"SERIES|-k StudyInstanceUID=$STUDY1 -k SeriesInstanceUID=$SERIES12|1.2.826.0.1.3680043.10.1234.3.1.2."
	"IMAGE|-k StudyInstanceUID=$STUDY3 -k SeriesInstanceUID=1.2.826.0.1.3680043.10.1234.2.3.1 -k SOPInstanceUID=1.2.826.0.1.3680043.10.1234.3.3.1.2|1.2.826.0.1.3680043.10.1234.3.3.1.2"
)
for m in "${MOVES[@]}"; do
	level=${m%%|*}; rest=${m#*|}; keys=${rest%%|*}; prefix=${rest#*|}
	for side in ours dcmtk; do
		port=$P_OURS
		[ $side = dcmtk ] && port=$P_DCMTK
		rm -rf "mv-$side" && mkdir "mv-$side"
		storescp -aet DEST -od "mv-$side" "$P_DEST" >dest.log 2>&1 &
		dpid=$!
		wait_listen "$P_DEST" "$dpid"
		# shellcheck disable=SC2086
		movescu -S -aec QR -aem DEST -k QueryRetrieveLevel=$level $keys 127.0.0.1 "$port" \
			>move.log 2>&1 || fail "C-MOVE $level from $side failed: $(tail -3 move.log)"
		stop "$dpid"
		uids_of "$prefix" | same_objects "mv-$side" ||
			fail "C-MOVE $level from $side: not the objects asked for"
	done
done
echo "C-MOVE: study, series and image moved as dcmtk's dcmqrscp moves them"

# ---- 3. C-GET -------------------------------------------------------------
for side in ours dcmtk; do
	port=$P_OURS
	[ $side = dcmtk ] && port=$P_DCMTK
	rm -rf "get-$side" && mkdir "get-$side"
	getscu -S -aec QR -od "get-$side" -k QueryRetrieveLevel=STUDY -k StudyInstanceUID=$STUDY3 \
		127.0.0.1 "$port" >get.log 2>&1 || fail "C-GET from $side failed: $(tail -3 get.log)"
	uids_of 1.2.826.0.1.3680043.10.1234.3.3. | same_objects "get-$side" ||
		fail "C-GET from $side: not the objects asked for"
done
echo "C-GET: a study came back from both"

# ---- 4. unknown destination, loop ------------------------------------------
for side in ours dcmtk; do
	port=$P_OURS
	[ $side = dcmtk ] && port=$P_DCMTK
	movescu -S -aec QR -aem NOBODY -k QueryRetrieveLevel=STUDY -k StudyInstanceUID=$STUDY1 \
		127.0.0.1 "$port" >unknown-$side.log 2>&1
	grep -qi "a801\|MoveDestinationUnknown" unknown-$side.log ||
		fail "$side did not answer 0xA801 to an unknown move destination: $(tail -3 unknown-$side.log)"
done
grep -q "NOBODY.*not in this SCP's AE table" ours.log ||
	fail "our dcmqrscp did not say what to add for NOBODY: $(grep -i nobody ours.log | head -3)"
movescu -S -aec QR -aem QR -k QueryRetrieveLevel=STUDY -k StudyInstanceUID=$STUDY1 \
	127.0.0.1 "$P_OURS" >loop.log 2>&1
grep -qi "a801\|MoveDestinationUnknown" loop.log || fail "a move to ourselves was not refused: $(tail -3 loop.log)"
grep -q "this SCP itself" ours.log || fail "our dcmqrscp did not name the loop"
echo "C-MOVE: unknown destination and loop refused with 0xA801"

# ---- 5. who may associate ------------------------------------------------
# echo AET AEC PORT: dcmtk's echoscu, its exit status
echo_as() { echoscu -aet "$1" -aec "$2" 127.0.0.1 "$3" >echo.log 2>&1; }
for side in ours dcmtk; do
	port=$P_OURS
	[ $side = dcmtk ] && port=$P_DCMTK
	echo_as ANYONE QR "$port" || fail "$side refused ANYONE at QR (peers ANY)"
	echo_as DEST QRLIM "$port" || fail "$side refused DEST at QRLIM, which lists it"
	! echo_as NOBODY QRLIM "$port" || fail "$side took NOBODY at QRLIM, which lists only DEST"
	! echo_as ANYONE NOAREA "$port" || fail "$side took a called AE title that names no area"
done
grep -q "called AE title 'NOAREA' names no storage area" ours.log ||
	fail "our dcmqrscp did not say why NOAREA was rejected"
grep -q "calling AE title 'NOBODY' is not among the peers of area 'QRLIM' (reason 3)" ours.log ||
	fail "our dcmqrscp did not say why NOBODY was rejected"
echo "A-ASSOCIATE: areas and their peers checked as dcmtk's dcmqrscp checks them"

# ---- 6. without a configuration file ----------------------------------------
# -od/-aet make the one area even where dcmtk installed its default
# dcmqrscp.cfg; a peer marked +tls without TLS options is refused at start
P_OD=$(free_port)
mkdir -p od
"$DB" dcmqrscp -aet ODQR -od od "$P_OD" >od.log 2>&1 &
OD_PID=$!
PIDS="$PIDS $OD_PID"
wait_listen "$P_OD" "$OD_PID"
storescu -aec ODQR 127.0.0.1 "$P_OD" objs/*.dcm >od-store.log 2>&1 ||
	fail "storescu to dcmqrscp -aet ODQR -od od failed: $(tail -3 od-store.log; tail -3 od.log)"
[ "$(ls od | wc -l)" -eq 16 ] || fail "dcmqrscp -od od did not store the 16 objects there"
stop "$OD_PID"
if "$DB" dcmqrscp -aet ODQR -od od --peer "TLSPEER@127.0.0.1:$P_DEST+tls" "$P_OD" >od-tls.log 2>&1; then
	fail "a peer marked +tls was taken without TLS options"
fi
grep -q "peer TLSPEER@127.0.0.1:$P_DEST+tls is marked +tls, but this SCP has no TLS credentials: give +tls KEY CERT and +cf CA" od-tls.log ||
	fail "no word of why the +tls peer was refused: $(cat od-tls.log)"
if "$DB" dcmqrscp -aet ODQR -od od --tls-peers-only "$P_OD" >od-tpo.log 2>&1; then
	fail "--tls-peers-only was taken without TLS credentials"
fi
grep -q -- "--tls-peers-only needs TLS credentials for those peers: give +tls KEY CERT" od-tpo.log ||
	fail "no word of why --tls-peers-only was refused: $(cat od-tpo.log)"
echo "dcmqrscp -od/-aet: one area without a configuration file; a +tls peer needs TLS credentials"

# ---- 7. TLS per peer ---------------------------------------------------------
demo_certs qr sec scu
TLS_QR=(+tls certs/qr-key certs/qr-cert +cf myca/cacert.pem)
TLS_SCU=(+tls certs/scu-key certs/scu-cert +cf myca/cacert.pem)
P_TQR=$(free_port)
P_PLAIN=$(free_port)
P_SEC=$(free_port)
mkdir -p tqr
qr_config "$P_TQR" 16 "secure = (SECURE, 127.0.0.1, $P_SEC)" \
	"TQR $SCRATCH/tqr RW (100, 1024mb) ANY" >tls.cfg

# destinations PHASE: dcmtk's plain storescp as PLAIN, ours with TLS as SECURE
destinations() {
	rm -rf "plain-$1" "sec-$1" && mkdir "plain-$1" "sec-$1"
	storescp -aet PLAIN -od "plain-$1" "$P_PLAIN" >"plain-$1.log" 2>&1 &
	PLAIN_PID=$!
	"$DB" storescp +B -aet SECURE -od "sec-$1" +tls certs/sec-key certs/sec-cert \
		+cf myca/cacert.pem "$P_SEC" >"sec-$1.log" 2>&1 &
	SEC_PID=$!
	PIDS="$PIDS $PLAIN_PID $SEC_PID"
	wait_listen "$P_PLAIN" "$PLAIN_PID"
	wait_listen "$P_SEC" "$SEC_PID"
}

# moves PHASE MOVESCU...: study 1 to PLAIN and to SECURE through the SCP at
# P_TQR; both destinations hold its objects, each as sent (PLAIN only
# speaks plain DICOM, SECURE only TLS)
moves() {
	local phase=$1 dest
	shift
	for dest in PLAIN SECURE; do
		"$@" -S -aec TQR -aem "$dest" -k QueryRetrieveLevel=STUDY \
			-k StudyInstanceUID=$STUDY1 127.0.0.1 "$P_TQR" >"move-$phase-$dest.log" 2>&1 ||
			fail "$phase: C-MOVE to $dest failed: $(tail -3 "move-$phase-$dest.log"; tail -5 "tqr-$phase.log")"
	done
	stop "$PLAIN_PID"
	stop "$SEC_PID"
	uids_of 1.2.826.0.1.3680043.10.1234.3.1. | same_objects "plain-$phase" ||
		fail "$phase: the plain storescp did not get study 1 as sent: $(tail -3 "plain-$phase.log")"
	uids_of 1.2.826.0.1.3680043.10.1234.3.1. | same_objects "sec-$phase" ||
		fail "$phase: the TLS storescp did not get study 1 as sent: $(tail -3 "sec-$phase.log")"
}

# (a) the SCP listens with TLS; SECURE comes from the HostTable (no TLS
# flag there: TLS, as dcmtk's dcmqrscp does), PLAIN is a --peer without
# +tls, WRONG a --peer +tls where a plain storescp listens
destinations listen-tls
"$DB" dcmqrscp -c tls.cfg "${TLS_QR[@]}" --peer "PLAIN@127.0.0.1:$P_PLAIN" \
	--peer "WRONG@127.0.0.1:$P_PLAIN+tls" "$P_TQR" >tqr-listen-tls.log 2>&1 &
TQR_PID=$!
PIDS="$PIDS $TQR_PID"
wait_listen "$P_TQR" "$TQR_PID"
"$DB" storescu "${TLS_SCU[@]}" -aec TQR 127.0.0.1 "$P_TQR" objs/*.dcm >tstore.log 2>&1 ||
	fail "storescu +tls to our dcmqrscp +tls failed: $(tail -3 tstore.log; tail -3 tqr-listen-tls.log)"
"$DB" movescu "${TLS_SCU[@]}" -S -aec TQR -aem WRONG -k QueryRetrieveLevel=STUDY \
	-k StudyInstanceUID=$STUDY1 127.0.0.1 "$P_TQR" >move-wrong.log 2>&1
grep -q "TLS handshake with 'WRONG' at 127.0.0.1:$P_PLAIN failed" tqr-listen-tls.log ||
	fail "a failed TLS sub-association did not name its peer: $(tail -5 tqr-listen-tls.log)"
grep -q "TLS was used because the AE table marks 'WRONG' +tls; check that 'WRONG' listens for TLS" \
	tqr-listen-tls.log || fail "a failed TLS sub-association did not say why TLS, what to check"
moves listen-tls "$DB" movescu "${TLS_SCU[@]}"
stop "$TQR_PID"
echo "TLS per peer: our dcmqrscp +tls moved to a plain and a TLS storescp at once"

# (b) the SCP listens plain (--tls-peers-only); dcmtk's movescu asks;
# SECURE is a --peer +tls, which wins over the HostTable's line
destinations listen-plain
"$DB" dcmqrscp -c tls.cfg --tls-peers-only "${TLS_QR[@]}" --peer "PLAIN@127.0.0.1:$P_PLAIN" \
	--peer "SECURE@127.0.0.1:$P_SEC+tls" "$P_TQR" >tqr-listen-plain.log 2>&1 &
TQR_PID=$!
PIDS="$PIDS $TQR_PID"
wait_listen "$P_TQR" "$TQR_PID"
moves listen-plain movescu
stop "$TQR_PID"
echo "TLS per peer: our dcmqrscp listening plain moved to a plain and a TLS storescp at once"
