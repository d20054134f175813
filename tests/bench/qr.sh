#!/bin/bash
# qr.sh BUILDDIR — the Query/Retrieve bench: dicombench dcmqrscp beside
# dcmtk's dcmqrscp (and Orthanc with ORTHANC=1) on the same archive, asked
# by dcmtk's findscu and movescu.  Prints medians and ratios:
#   1. C-FIND at study level, ms per query on one association (findscu
#      --repeat): all servers on the same DCMTK_N instances (dcmtk's index
#      grows by linear search: filling it with 100,000 takes hours), then
#      ours alone on N instances (N/10 studies);
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
RUNS=${RUNS:-20}
DCMTK_N=${DCMTK_N:-2000}
M=${M:-500}
SIZE=${SIZE:-512K}
W=$(mktemp -d /dev/shm/dcb-qrbench-XXXXXX)
PIDS=
trap 'kill $PIDS 2>/dev/null; rm -rf "$W"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 600); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1" >&2; exit 1; }
now() { date +%s.%N; }
cfg() { # cfg AREA-DIR DEST-PORT
	printf 'HostTable BEGIN\ndest = (DEST, 127.0.0.1, %s)\nHostTable END\nAETable BEGIN\nQR %s RW (1000000, 1024mb) ANY\nAETable END\n' "$2" "$1"
}

# per_query PORT QUERY: milliseconds one C-FIND takes on one association
# (findscu --repeat: RUNS+1 queries minus 1, so the association and the
# process do not count)
per_query() {
	local t0 t1 t2
	t0=$(now)
	# shellcheck disable=SC2086
	findscu -S -aec QR --repeat 1 -k QueryRetrieveLevel=STUDY $2 127.0.0.1 "$1" >/dev/null 2>&1
	t1=$(now)
	# shellcheck disable=SC2086
	findscu -S -aec QR --repeat $((RUNS + 1)) -k QueryRetrieveLevel=STUDY $2 127.0.0.1 "$1" >/dev/null 2>&1
	t2=$(now)
	echo "(($t2 - $t1) - ($t1 - $t0)) * 1000 / $RUNS" | bc -l
}

# queries STUDIES: the table of queries for an archive of that many studies
queries() {
	local s=$1 k
	k=$((s / 3))
	QUERIES=(
		"-k PatientName=DOE^$(printf %04d $((k / 10)))* -k StudyInstanceUID -k StudyDate"
		"-k StudyDate=20220301-20220331 -k StudyInstanceUID -k PatientName"
		"-k AccessionNumber=A$(printf %05d $((k / 100)))?? -k StudyInstanceUID"
		"-k StudyInstanceUID=1.2.826.0.1.3680043.10.1234.8.$((s / 2)) -k PatientName"
		"-k PatientID=P$(printf %07d "$k") -k StudyInstanceUID -k StudyDescription"
	)
}

# table TITLE STUDIES SERVER...: the per-query times, and dcmtk/ours
table() {
	local title=$1 studies=$2 q s
	shift 2
	queries "$studies"
	echo
	echo "$title"
	printf '  %-62s' "query (study level)"
	for s in "$@"; do printf ' %9s' "${s%%:*}"; done
	[ $# -gt 1 ] && printf ' %10s' "dcmtk/ours"
	echo
	for q in "${QUERIES[@]}"; do
		printf '  %-62s' "${q:0:62}"
		local ours=0 dcmtk=0 v
		for s in "$@"; do
			v=$(per_query "${s#*:}" "$q")
			printf ' %9.2f' "$v"
			case $s in ours:*) ours=$v ;; dcmtk:*) dcmtk=$v ;; esac
		done
		[ $# -gt 1 ] && printf ' %9.1fx' "$(echo "$dcmtk / $ours" | bc -l)"
		# shellcheck disable=SC2086
		printf '   (%s answers)\n' "$(findscu -S -aec QR -k QueryRetrieveLevel=STUDY $q 127.0.0.1 "${1#*:}" 2>&1 | grep -c 'Find Response')"
	done
}

# ---- 1. the same small archive on every server ------------------------------
echo "writing $DCMTK_N instances for every server ($((DCMTK_N / PER_STUDY)) studies) ..."
python3 "$SRC/tests/qr-objects.py" "$W/small" --count "$DCMTK_N" --per-study "$PER_STUDY"
mkdir -p "$W/ours-small" "$W/dcmtk"
cp -r "$W/small/." "$W/ours-small/"
P_OURS=$(port); P_DCMTK=$(port); P_DEST=$(port)
cfg "$W/ours-small" "$P_DEST" >"$W/ours-small.cfg"
cfg "$W/dcmtk" "$P_DEST" >"$W/dcmtk.cfg"
"$B/dicombench" dcmqrscp -c "$W/ours-small.cfg" "$P_OURS" 2>"$W/ours-small.log" &
PIDS="$PIDS $!"
dcmqrscp -c "$W/dcmtk.cfg" "$P_DCMTK" 2>"$W/dcmtk.log" &
PIDS="$PIDS $!"
wait_port "$P_OURS"
wait_port "$P_DCMTK"
t0=$(now)
storescu -aec QR +sd +r 127.0.0.1 "$P_DCMTK" "$W/small" 2>"$W/fill.log" >&2
echo "dcmtk's dcmqrscp took the $DCMTK_N files in $(echo "$(now) - $t0" | bc) s (storescu; its index grows by a linear search, which is why it is not given $N)"
SERVERS="ours:$P_OURS dcmtk:$P_DCMTK"
if [ -n "${ORTHANC:-}" ]; then
	mkdir -p "$W/orthanc-db"
	P_ORTHANC=$(port); P_OHTTP=$(port)
	cat >"$W/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$W/orthanc-db", "IndexDirectory": "$W/orthanc-db",
  "DicomAet": "QR", "DicomPort": $P_ORTHANC, "HttpPort": $P_OHTTP, "RemoteAccessAllowed": false,
  "DicomCheckCalledAet": false, "DicomAlwaysAllowStore": true, "DicomAlwaysAllowFind": true,
  "Plugins": [] }
JSON
	Orthanc "$W/orthanc.json" >"$W/orthanc.log" 2>&1 &
	PIDS="$PIDS $!"
	wait_port "$P_ORTHANC"
	storescu -aec QR +sd +r 127.0.0.1 "$P_ORTHANC" "$W/small" 2>>"$W/fill.log" >&2
	SERVERS="$SERVERS orthanc:$P_ORTHANC"
fi
# shellcheck disable=SC2086
table "C-FIND, $((DCMTK_N / PER_STUDY)) studies / $DCMTK_N instances, ms per query (mean of $RUNS on one association):" \
	$((DCMTK_N / PER_STUDY)) $SERVERS

# ---- 2. ours on the big archive -------------------------------------------------
echo
echo "writing $N instances ($((N / PER_STUDY)) studies) ..."
python3 "$SRC/tests/qr-objects.py" "$W/archive" --count "$N" --per-study "$PER_STUDY"
mkdir -p "$W/ours"
mv "$W/archive/"* "$W/ours/"
cfg "$W/ours" "$P_DEST" >"$W/ours.cfg"
P_BIG=$(port)
t0=$(now)
"$B/dicombench" dcmqrscp -c "$W/ours.cfg" "$P_BIG" 2>"$W/ours.log" &
PIDS="$PIDS $!"
wait_port "$P_BIG"
echo "dicombench dcmqrscp indexed $N files at start in $(echo "$(now) - $t0" | bc) s"
table "C-FIND, $((N / PER_STUDY)) studies / $N instances, ms per query (mean of $RUNS on one association):" \
	$((N / PER_STUDY)) "ours:$P_BIG"

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
