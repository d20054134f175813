#!/bin/bash
# qr.sh BUILDDIR — the Query/Retrieve bench: dicombench dcmqrscp beside
# dcmtk's dcmqrscp (and Orthanc with ORTHANC=1) on the same archive, asked
# by dcmtk's findscu and movescu.  Prints medians and ratios:
#   1. C-FIND at study level on an archive of N instances (N/10 studies):
#      the median time of one findscu run per query (association included);
#   2. storage with the index on: dicombench storescu -> dicombench dcmqrscp
#      against -> dicombench storescp (no index), M objects of SIZE;
#   3. C-MOVE of those M objects to a third AE (dicombench storescp) against
#      storescu -> storescp of the same objects.
# Not part of make check.  Needs dcmtk, python3; everything on /dev/shm.
set -u
B=${1:-.}
case "$B" in /*) ;; *) B="$PWD/$B" ;; esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)
N=${N:-100000}
PER_STUDY=${PER_STUDY:-10}
RUNS=${RUNS:-15}
M=${M:-500}
SIZE=${SIZE:-512K}
W=$(mktemp -d /dev/shm/dcb-qrbench-XXXXXX)
PIDS=
trap 'kill $PIDS 2>/dev/null; rm -rf "$W"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 600); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1" >&2; exit 1; }
now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cfg() { # cfg AREA-DIR DEST-PORT
	printf 'HostTable BEGIN\ndest = (DEST, 127.0.0.1, %s)\nHostTable END\nAETable BEGIN\nQR %s RW (1000000, 1024mb) ANY\nAETable END\n' "$2" "$1"
}

echo "writing $N instances ($((N / PER_STUDY)) studies) ..."
python3 "$SRC/tests/qr-objects.py" "$W/archive" --count "$N" --per-study "$PER_STUDY"
mkdir -p "$W/ours" "$W/dcmtk"
cp -r "$W/archive/." "$W/ours/"
P_OURS=$(port); P_DCMTK=$(port); P_DEST=$(port); P_ORTHANC=$(port)
cfg "$W/ours" "$P_DEST" >"$W/ours.cfg"
cfg "$W/dcmtk" "$P_DEST" >"$W/dcmtk.cfg"

t0=$(now)
"$B/dicombench" dcmqrscp -c "$W/ours.cfg" "$P_OURS" 2>"$W/ours.log" &
PIDS="$PIDS $!"
wait_port "$P_OURS"
echo "dicombench dcmqrscp indexed $N files in $(echo "$(now) - $t0" | bc) s"
dcmqrscp -c "$W/dcmtk.cfg" "$P_DCMTK" 2>"$W/dcmtk.log" &
PIDS="$PIDS $!"
wait_port "$P_DCMTK"
t0=$(now)
storescu -aec QR +sd +r 127.0.0.1 "$P_DCMTK" "$W/archive" 2>"$W/fill.log" >&2
echo "dcmtk dcmqrscp took $N files in $(echo "$(now) - $t0" | bc) s (storescu)"
SERVERS="ours:$P_OURS dcmtk:$P_DCMTK"
if [ -n "${ORTHANC:-}" ]; then
	mkdir -p "$W/orthanc-db"
	P_OHTTP=$(port)
	cat >"$W/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$W/orthanc-db", "IndexDirectory": "$W/orthanc-db",
  "DicomAet": "QR", "DicomPort": $P_ORTHANC, "HttpPort": $P_OHTTP, "RemoteAccessAllowed": false,
  "DicomCheckCalledAet": false, "DicomAlwaysAllowStore": true, "DicomAlwaysAllowFind": true,
  "Plugins": [] }
JSON
	Orthanc "$W/orthanc.json" >"$W/orthanc.log" 2>&1 &
	PIDS="$PIDS $!"
	wait_port "$P_ORTHANC"
	t0=$(now)
	storescu -aec QR +sd +r 127.0.0.1 "$P_ORTHANC" "$W/archive" 2>>"$W/fill.log" >&2
	echo "Orthanc took $N files in $(echo "$(now) - $t0" | bc) s (storescu)"
	SERVERS="$SERVERS orthanc:$P_ORTHANC"
fi

S=$((N / PER_STUDY))
QUERIES=(
	"-k PatientName=DOE^0$((S / 20))* -k StudyInstanceUID -k StudyDate"
	"-k StudyDate=20220301-20220331 -k StudyInstanceUID -k PatientName"
	"-k AccessionNumber=A000$((S / 100 % 10))1?? -k StudyInstanceUID"
	"-k StudyInstanceUID=1.2.826.0.1.3680043.10.1234.8.$((S / 2)) -k PatientName -k NumberOfStudyRelatedInstances"
	"-k PatientID=P$(printf %07d $((S / 3))) -k StudyInstanceUID -k ModalitiesInStudy"
)
echo
echo "C-FIND at study level, $S studies / $N instances, median of $RUNS runs (ms, findscu process):"
printf '  %-60s' "query"
for s in $SERVERS; do printf ' %9s' "${s%%:*}"; done
printf ' %9s\n' "dcmtk/ours"
for q in "${QUERIES[@]}"; do
	printf '  %-60s' "${q:0:60}"
	declare -A med=()
	for s in $SERVERS; do
		name=${s%%:*}; p=${s#*:}
		for _ in $(seq "$RUNS"); do
			t0=$(now)
			# shellcheck disable=SC2086
			findscu -S -aec QR -k QueryRetrieveLevel=STUDY $q 127.0.0.1 "$p" >/dev/null 2>&1
			echo "($(now) - $t0) * 1000" | bc
		done | median >"$W/med"
		med[$name]=$(cat "$W/med")
		printf ' %9.1f' "${med[$name]}"
	done
	printf ' %9.1fx\n' "$(echo "${med[dcmtk]} / ${med[ours]}" | bc -l)"
	# shellcheck disable=SC2086
	n_ours=$(cd "$W" && rm -f rsp*.dcm && findscu -S -aec QR -X -k QueryRetrieveLevel=STUDY $q 127.0.0.1 "$P_OURS" >/dev/null 2>&1; ls "$W"/rsp*.dcm 2>/dev/null | wc -l)
	echo "      ($n_ours answers)"
	unset med
done

echo
echo "storage and C-MOVE of $M objects of $SIZE:"
"$B/data/mksamples" --bench "$W/corpus" --count "$M" --size "$SIZE" >/dev/null
mkdir -p "$W/plain" "$W/indexed" "$W/moved"
P_PLAIN=$(port)
"$B/dicombench" storescp -od "$W/plain" "$P_PLAIN" 2>/dev/null &
PIDS="$PIDS $!"
wait_port "$P_PLAIN"
cfg "$W/indexed" "$P_DEST" >"$W/indexed.cfg"
P_IDX=$(port)
"$B/dicombench" dcmqrscp -c "$W/indexed.cfg" "$P_IDX" 2>"$W/indexed.log" &
PIDS="$PIDS $!"
wait_port "$P_IDX"
best() { sort -g | head -1; }
for _ in 1 2 3; do
	rm -rf "$W/plain"/*; t0=$(now)
	"$B/dicombench" storescu +sd 127.0.0.1 "$P_PLAIN" "$W/corpus" 2>/dev/null
	echo "$(now) - $t0" | bc >>"$W/t-plain"
done
for i in 1 2 3; do
	t0=$(now)
	"$B/dicombench" storescu -aec QR +sd 127.0.0.1 "$P_IDX" "$W/corpus" 2>/dev/null
	echo "$(now) - $t0" | bc >>"$W/t-indexed"
done
plain=$(best <"$W/t-plain"); indexed=$(best <"$W/t-indexed")
printf '  storescu -> storescp (no index):   %7.3f s\n' "$plain"
printf '  storescu -> dcmqrscp (index on):   %7.3f s   index/no index %.2f\n' "$indexed" "$(echo "$indexed / $plain" | bc -l)"
"$B/dicombench" storescp -aet DEST -od "$W/moved" "$P_DEST" 2>/dev/null &
PIDS="$PIDS $!"
wait_port "$P_DEST"
for _ in 1 2 3; do
	rm -rf "$W/moved"/*; t0=$(now)
	movescu -S -aec QR -aem DEST -k QueryRetrieveLevel=STUDY -k StudyInstanceUID 127.0.0.1 "$P_IDX" >/dev/null 2>&1
	echo "$(now) - $t0" | bc >>"$W/t-move"
done
move=$(best <"$W/t-move")
printf '  C-MOVE dcmqrscp -> storescp:       %7.3f s   %d objects moved; storescu time / move time %.2f\n' \
	"$move" "$(ls "$W/moved" | wc -l)" "$(echo "$plain / $move" | bc -l)"
