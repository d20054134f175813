#!/bin/bash
# worklist.sh BUILDDIR — one Modality Worklist query over N entries (10,000
# by default), dicombench wlmscpfs beside dcmtk's wlmscpfs on the same
# folder, asked by dcmtk's findscu -W: milliseconds per query on one
# association (findscu --repeat: RUNS+1 queries minus 1) and the ratio.
# Not part of make check.  Needs dcmtk, python3, bc.
set -u
B=${1:-.}
case "$B" in /*) ;; *) B="$PWD/$B" ;; esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)
N=${N:-10000}
RUNS=${RUNS:-10}
W=$(mktemp -d /dev/shm/dcb-wlbench-XXXXXX)
PIDS=
trap 'kill $PIDS 2>/dev/null; rm -rf "$W"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 600); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1" >&2; exit 1; }
now() { date +%s.%N; }

echo "writing $N worklist entries ..."
python3 "$SRC/tests/qr-objects.py" "$W" --worklist "$N"
P_DCMTK=$(port); P_OURS=$(port)
wlmscpfs -dfp "$W" "$P_DCMTK" >"$W/dcmtk.log" 2>&1 &
PIDS="$PIDS $!"
"$B/dicombench" wlmscpfs -dfp "$W" "$P_OURS" >"$W/ours.log" 2>&1 &
PIDS="$PIDS $!"
wait_port "$P_DCMTK"
wait_port "$P_OURS"

SPS="ScheduledProcedureStepSequence[0]"
QUERIES=(
	"-k $SPS.Modality=MR -k $SPS.ScheduledStationAETitle=STATION5 -k $SPS.ScheduledProcedureStepStartDate=20250601 -k AccessionNumber -k PatientName"
	"-k $SPS.ScheduledStationAETitle=STATION3 -k $SPS.ScheduledProcedureStepStartDate=20250401-20250430 -k AccessionNumber"
	"-k PatientName=PATIENT^0012* -k AccessionNumber -k $SPS.Modality"
	"-k AccessionNumber=ACC004242 -k PatientName -k PatientID"
)
per_query() { # PORT QUERY
	local t0 t1 t2
	t0=$(now)
	# shellcheck disable=SC2086
	findscu -W -aec WL --repeat 1 $2 127.0.0.1 "$1" >/dev/null 2>&1
	t1=$(now)
	# shellcheck disable=SC2086
	findscu -W -aec WL --repeat $((RUNS + 1)) $2 127.0.0.1 "$1" >/dev/null 2>&1
	t2=$(now)
	echo "(($t2 - $t1) - ($t1 - $t0)) * 1000 / $RUNS" | bc -l
}
for p in "$P_OURS" "$P_DCMTK"; do # both read the folder once before the clock runs
	# shellcheck disable=SC2086
	findscu -W -aec WL ${QUERIES[0]} 127.0.0.1 "$p" >/dev/null 2>&1
done
echo "worklist C-FIND over $N entries, ms per query (mean of $RUNS on one association):"
printf '  %-70s %9s %9s %10s\n' query ours dcmtk dcmtk/ours
for q in "${QUERIES[@]}"; do
	o=$(per_query "$P_OURS" "$q")
	d=$(per_query "$P_DCMTK" "$q")
	# shellcheck disable=SC2086
	n=$(findscu -W -aec WL $q 127.0.0.1 "$P_OURS" 2>&1 | grep -c 'Find Response')
	# shellcheck disable=SC2086
	nd=$(findscu -W -aec WL $q 127.0.0.1 "$P_DCMTK" 2>&1 | grep -c 'Find Response')
	printf '  %-70s %9.2f %9.2f %9.1fx   (%s answers; dcmtk %s)\n' "${q:0:70}" "$o" "$d" \
		"$(echo "$d / $o" | bc -l)" "$n" "$nd"
done
