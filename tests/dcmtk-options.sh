#!/bin/bash
# dcmtk-options.sh — every option of dcmtk's storescu, storescp, echoscu,
# wlmscpfs, findscu, movescu and getscu (as their --help lists them) is
# taken by dicombench's command of the same name, and the transfer syntax
# options propose and accept what dcmtk's do.
#
# 1. Each option of each tool's --help, with a plausible value where it
#    takes one, runs through ours: no "unknown option", no usage error.
#    The runs stop early on purpose (the SCUs call a port where nothing
#    listens, storescp a port that is taken): only the options count.  The
#    few options dicombench refuses on purpose (-O: a retired model; -Xx,
#    -Xs: XML) must say why, not that the option is unknown.
# 2. Options that dicombench takes but handles otherwise say so under -v.
# 3. Each storescu -x... option (alone and with +C) proposes, for the file's
#    SOP class, the same contexts with the same transfer syntaxes as dcmtk's
#    storescu -R, as dcmtk's storescp -d logs both A-ASSOCIATE-RQs; so do
#    echoscu's -pts and -ppc.
# 4. Each storescp +x... option answers dcmtk's storescu -x... proposal as
#    dcmtk's storescp +x... answers it (dcmtk's storescu -d logs the AC).
set -u
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

need storescu storescp echoscu wlmscpfs findscu movescu getscu python3
ct_samples
scratch
cd "$SCRATCH" || fail "no scratch folder"
mkdir -p in
export LC_ALL=C LANGUAGE=

# ---- 1. every option of dcmtk's --help ---------------------------------
DEAD=$(free_port)
BUSY=$(free_port)
"$DB" storescp -od in "$BUSY" >busy.log 2>&1 &
PIDS=$!
wait_listen "$BUSY" "$PIDS"

# options TOOL: one line per option of dcmtk's TOOL --help: the name to
# give (short form, else long), the long form, then a value for each
# argument it takes.
options() {
	"$1" --help | python3 -c '
import re, sys
def value(desc, opt):
    d = desc.lower()
    if "aetitle" in d: return "TESTAE"
    if "evel: string" in d: return "info"
    m = re.search(r"\((\d+)\.\.(\d+)\)", desc)
    if m: return m.group(1)
    if "integer" in d: return "5"
    if "directory" in d: return "in"
    if "[k]ey" in d: return "PatientName=DOE*"
    if "pattern" in d: return "*.dcm"
    if "command" in d: return "true"
    if "prefix" in d: return "STUDY"
    if "extension" in d: return ".dcm"
    if "password" in d: return "secret"
    if "user name" in d: return "user"
    if "ciphersuite" in d: return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
    return "nosuchfile"
for line in sys.stdin:
    m = re.match(r"^\s+([-+][^\s-][^\s]*)?\s+(--[a-z0-9-]+)\s*(.*)$", line)
    if not m:
        continue
    short, long_, rest = m.group(1), m.group(2), m.group(3)
    args = []
    if rest.startswith("["):
        head = rest.split(":")[0]
        n = len(re.findall(r"\[[a-z]\]", head))
        args = [value(rest, long_)] * n
    for name in ([short] if short else []) + [long_]:
        print(" ".join([name] + args))
'
}

# positional arguments that make each tool stop soon after parsing
positional() {
	case $1 in
	storescu) echo "127.0.0.1 $DEAD $CT" ;;
	echoscu | findscu | movescu | getscu) echo "127.0.0.1 $DEAD" ;;
	storescp | wlmscpfs) echo "$BUSY" ;;
	esac
}

usage_error='unknown option|needs a value|needs two values|invalid value|invalid AE title|unknown log level|usage:'
nopt=0
nrefused=0
bad=0
refused_on_purpose='Patient/Study Only information model is retired|writes no XML'
for tool in storescu storescp echoscu wlmscpfs findscu movescu getscu; do
	list=$(options "$tool")
	[ "$(printf '%s\n' "$list" | wc -l)" -ge 40 ] ||
		fail "could not read the options of dcmtk's $tool --help"
	while read -r opt; do
		# shellcheck disable=SC2046,SC2086
		timeout 10 "$DB" "$tool" $opt $(positional "$tool") </dev/null >run.log 2>&1
		rc=$?
		nopt=$((nopt + 1))
		if grep -Eq -- "$refused_on_purpose" run.log; then
			nrefused=$((nrefused + 1))
		elif [ $rc -eq 124 ] || grep -Eq -- "$usage_error" run.log; then
			echo "FAIL: dicombench $tool $opt (exit $rc):" >&2
			head -n 3 run.log >&2
			bad=$((bad + 1))
		fi
	done <<<"$list"
done
[ $bad -eq 0 ] || fail "$bad of $nopt dcmtk options are refused by dicombench"
[ $nrefused -eq 10 ] || fail "$nrefused option spellings refused on purpose, expected 10 (-O of the three tools, findscu -Xx -Xs, short and long)"
echo "ok: all $nopt option spellings of dcmtk's storescu, storescp, echoscu, wlmscpfs, findscu, movescu and getscu are taken ($nrefused refused on purpose, saying why)"

# ---- 2. a taken option without effect says so under -v, only there ------
"$DB" storescu -lc log.cfg 127.0.0.1 "$DEAD" "$CT" >quiet.log 2>&1
"$DB" storescu -v -lc log.cfg 127.0.0.1 "$DEAD" "$CT" >verbose.log 2>&1
grep -q '^I: -lc: dicombench has no logger configuration' verbose.log ||
	{ cat verbose.log >&2; fail "-lc: no note under -v"; }
grep -q -- '-lc:' quiet.log && fail "-lc: a note without -v"
"$DB" storescp -v --fork -xcr 'touch x' "$BUSY" >fork.log 2>&1
grep -q '^I: --fork: dicombench serves every association in one process' fork.log ||
	{ cat fork.log >&2; fail "--fork: no note under -v"; }
grep -q '^I: -xcr: dicombench runs no commands' fork.log ||
	{ cat fork.log >&2; fail "-xcr: no note under -v"; }
echo "ok: options without effect say what dicombench does instead, under -v"
stop "$PIDS"
PIDS=

# ---- 3. what storescu and echoscu propose -------------------------------
# with_ts FILE UID OUT: FILE with its meta header's transfer syntax set to
# UID (the data set is left as it is: only the proposal matters here).
with_ts() {
	python3 - "$@" <<'PY'
import struct, sys
src, uid, out = sys.argv[1:4]
d = open(src, "rb").read()
o = 132
elems = []
while o + 8 <= len(d) and struct.unpack_from("<H", d, o)[0] == 2:
    el = struct.unpack_from("<H", d, o + 2)[0]
    vr = d[o + 4:o + 6]
    if vr in (b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN"):
        n = struct.unpack_from("<I", d, o + 8)[0]; h = 12
    else:
        n = struct.unpack_from("<H", d, o + 6)[0]; h = 8
    elems.append((el, vr, d[o + h:o + h + n])); o += h + n
def enc(el, vr, v):
    if vr in (b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN"):
        return struct.pack("<HH2sHI", 2, el, vr, 0, len(v)) + v
    return struct.pack("<HH2sH", 2, el, vr, len(v)) + v
v = uid.encode() + (b"\0" if len(uid) % 2 else b"")
body = b"".join(enc(el, vr, v if el == 0x10 else val) for el, vr, val in elems if el != 0)
meta = enc(0, b"UL", struct.pack("<I", len(body))) + body
open(out, "wb").write(d[:132] + meta + d[o:])
PY
}

# contexts LOG: the contexts of each A-ASSOCIATE-RQ that dcmtk's storescp
# logged with -d, one line per context: abstract syntax, transfer syntaxes.
contexts() {
	awk '/BEGIN A-ASSOCIATE-RQ/ { n++; print "association " n; on = 1; line = "" }
	     !on { next }
	     /END A-ASSOCIATE-RQ/ { if (line != "") print line; line = ""; on = 0 }
	     /Context ID:.*\(Proposed\)/ { if (line != "") print line; line = "" }
	     /Abstract Syntax:/ { line = $NF }
	     /^D:       =/ { line = line " " $2 }' "$1"
}

# same_proposal NAME LOG: the first association (dcmtk's) and the second
# (ours) proposed the same.
same_proposal() {
	local dcmtk ours
	dcmtk=$(contexts "$2" | awk '/^association/ { n++; next } n == 1')
	ours=$(contexts "$2" | awk '/^association/ { n++; next } n == 2')
	if [ -z "$dcmtk" ] || [ "$dcmtk" != "$ours" ]; then
		printf 'FAIL: %s: dcmtk proposes\n%s\n  dicombench proposes\n%s\n' "$1" \
			"$dcmtk" "${ours:-(nothing)}" >&2
		return 1
	fi
}

declare -A first_ts=(
	[-xi]=1.2.840.10008.1.2 [-xm]=1.2.840.10008.1.2.4.100 [-xh]=1.2.840.10008.1.2.4.101
	[-xn]=1.2.840.10008.1.2.4.102 [-xl]=1.2.840.10008.1.2.4.103
	[-x2]=1.2.840.10008.1.2.4.104 [-x3]=1.2.840.10008.1.2.4.105
	[-xo]=1.2.840.10008.1.2.4.106 [-x4]=1.2.840.10008.1.2.4.107
	[-x5]=1.2.840.10008.1.2.4.108
)
bad=0
n=0
for x in -x= -xe -xb -xi -xs -xy -xx -xv -xw -xt -xu -xm -xh -xn -xl -x2 -x3 -xo -x4 -x5 -xr -xd; do
	# our storescu fails a file whose transfer syntax it is not to propose
	# before it asks (it converts nothing): give it one in the list
	file=$CT
	if [ -n "${first_ts[$x]:-}" ]; then
		file=$PWD/ct$x.dcm
		with_ts "$CT" "${first_ts[$x]}" "$file"
	fi
	for combine in "" "+C"; do
		P=$(free_port)
		storescp -d -od in "$P" >"prop$x$combine.log" 2>&1 &
		PIDS=$!
		wait_listen "$P" "$PIDS"
		# shellcheck disable=SC2086
		timeout 20 storescu -R $combine "$x" 127.0.0.1 "$P" "$CT" >/dev/null 2>&1
		# shellcheck disable=SC2086
		timeout 20 "$DB" storescu $combine "$x" 127.0.0.1 "$P" "$file" >"ours$x$combine.log" 2>&1
		sleep 0.2
		stop "$PIDS"
		PIDS=
		n=$((n + 1))
		same_proposal "storescu $combine $x" "prop$x$combine.log" || bad=$((bad + 1))
	done
done
P=$(free_port)
storescp -d -od in "$P" >pts.log 2>&1 &
PIDS=$!
wait_listen "$P" "$PIDS"
timeout 20 echoscu -pts 20 -ppc 3 127.0.0.1 "$P" >/dev/null 2>&1
timeout 20 "$DB" echoscu -pts 20 -ppc 3 127.0.0.1 "$P" >ours-pts.log 2>&1 ||
	{ cat ours-pts.log >&2; fail "echoscu -pts 20 -ppc 3 failed"; }
sleep 0.2
stop "$PIDS"
PIDS=
n=$((n + 1))
same_proposal "echoscu -pts 20 -ppc 3" pts.log || bad=$((bad + 1))
[ $bad -eq 0 ] || fail "$bad of $n proposals differ from dcmtk's"
echo "ok: $n proposals (storescu -x... alone and with +C, echoscu -pts/-ppc) are dcmtk's"

# findscu, movescu and getscu: the request context(s) for each -x option,
# and getscu's storage contexts with the SCP role for each +x option.
# (dcmtk 3.6.7's getscu proposes explicit VR little endian for -xi and +xi,
# against their help text; dicombench proposes implicit VR, as they say, so
# those two are left out here.)
bad=0
n=0
qr_cases=(
	"findscu -W" "findscu -P" "findscu -S" "findscu -S -x=" "findscu -S -xe" "findscu -S -xb"
	"findscu -S -xd" "findscu -S -xi" "movescu -P" "movescu -S" "movescu -S -xb" "movescu -S -xi"
	"getscu -P" "getscu -S" "getscu -S -xe" "getscu -S -xb" "getscu -S -xd" "getscu -S +xe"
	"getscu -S +xb" "getscu -S +xs" "getscu -S +xy" "getscu -S +xv" "getscu -S +xr"
	"getscu -S +xm" "getscu -S +xd"
)
for c in "${qr_cases[@]}"; do
	P=$(free_port)
	storescp -d -od in "$P" >"qr.log" 2>&1 &
	PIDS=$!
	wait_listen "$P" "$PIDS"
	# shellcheck disable=SC2086
	timeout 20 $c -k QueryRetrieveLevel=STUDY 127.0.0.1 "$P" >/dev/null 2>&1
	# shellcheck disable=SC2086
	timeout 20 "$DB" $c -k QueryRetrieveLevel=STUDY 127.0.0.1 "$P" >/dev/null 2>&1
	sleep 0.2
	stop "$PIDS"
	PIDS=
	n=$((n + 1))
	same_proposal "$c" qr.log || bad=$((bad + 1))
	r=$(awk '/BEGIN A-ASSOCIATE-RQ/ { n++ } /Proposed SCP\/SCU Role: SCP/ { c[n]++ }
	         END { print c[1] + 0, c[2] + 0 }' qr.log)
	if [ "${r% *}" != "${r#* }" ]; then
		echo "FAIL: $c: dcmtk proposes the SCP role for ${r% *} classes, dicombench for ${r#* }" >&2
		bad=$((bad + 1))
	fi
done
[ $bad -eq 0 ] || fail "$bad of $n findscu/movescu/getscu proposals differ from dcmtk's"
echo "ok: $n findscu, movescu and getscu proposals (-P/-S/-W, -x..., getscu's +x... with the SCP role) are dcmtk's"

# ---- 4. what storescp accepts -------------------------------------------
# answer LOG: each context of the A-ASSOCIATE-AC that dcmtk's storescu
# logged with -d: its result and the accepted transfer syntax.
answer() {
	awk '/BEGIN A-ASSOCIATE-AC/ { on = 1 } /END A-ASSOCIATE-AC/ { on = 0 }
	     on && /Context ID:/ { sub(/.*Context ID: */, ""); printf "\n%s", $0 }
	     on && /Accepted Transfer Syntax:/ { printf " %s", $NF }
	     END { print "" }' "$1"
}
bad=0
n=0
for x in = e b i s y x v w t u m h n l 2 3 o 4 5 r d a; do
	scu=-x$x
	[ "$x" = a ] && scu=-xw # +xa: whatever is proposed
	for who in dcmtk ours; do
		P=$(free_port)
		if [ $who = dcmtk ]; then
			storescp "+x$x" -od in "$P" >scp.log 2>&1 &
		else
			"$DB" storescp "+x$x" -od in "$P" >scp.log 2>&1 &
		fi
		PIDS=$!
		wait_listen "$P" "$PIDS"
		timeout 20 storescu -d -R "$scu" 127.0.0.1 "$P" "$CT" >"ac-$who.log" 2>&1
		stop "$PIDS"
		PIDS=
	done
	n=$((n + 1))
	dcmtk=$(answer ac-dcmtk.log)
	ours=$(answer ac-ours.log)
	if [ -z "$dcmtk" ] || [ "$dcmtk" != "$ours" ]; then
		printf 'FAIL: storescp +x%s (to storescu %s): dcmtk answers%s\n  dicombench answers%s\n' \
			"$x" "$scu" "$dcmtk" "${ours:- (nothing)}" >&2
		bad=$((bad + 1))
	fi
done
[ $bad -eq 0 ] || fail "$bad of $n storescp +x options answer otherwise than dcmtk's"
echo "ok: $n storescp +x... options accept what dcmtk's storescp accepts"
exit 0
