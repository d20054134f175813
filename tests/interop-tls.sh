#!/bin/sh
# interop-tls.sh — TLS between dicombench and dcmtk (built with OpenSSL):
# certificates from 'dicombench ca' checked by openssl and certtool, the
# REFERENCE.md walkthrough with the program name changed (including a
# server certificate from a separate "public" CA with an intermediate),
# storescu/echoscu both ways with mutual authentication and byte-for-byte
# comparison of the stored data sets, and the failures people meet, each
# with its explanation checked.  Ports are chosen free at run time; only
# 127.0.0.1 is used.
set -u

builddir=$(cd "${top_builddir:-.}" && pwd)
DB="$builddir/dicombench"
STORESCP=${STORESCP:-storescp}
STORESCU=${STORESCU:-storescu}
ECHOSCU=${ECHOSCU:-echoscu}
failures=0
pids=""

for tool in "$DB" "$STORESCP" "$STORESCU" "$ECHOSCU" dump2dcm openssl certtool python3 ss; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FAIL: $tool is needed by this test and missing" >&2
		exit 1
	fi
done

work=$(mktemp -d /tmp/dcb-interop-tls-XXXXXX)
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work" || exit 1

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	echo "ok: $*"
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_scp LOG CMD...: runs an SCP in the background, waits until it listens.
start_scp() {
	log=$1
	shift
	"$@" >"$log" 2>&1 &
	scp_pid=$!
	pids="$pids $scp_pid"
	for _ in $(seq 100); do
		if ss -ltn "sport = :$port" | grep -q LISTEN; then
			return 0
		fi
		sleep 0.05
	done
	fail "the SCP '$*' does not listen on $port"
	cat "$log" >&2
}

stop_scp() {
	kill "$scp_pid" 2>/dev/null
	wait "$scp_pid" 2>/dev/null
	sleep 0.1
}

# expect FILE TEXT WHAT: TEXT must be in FILE.
expect() {
	if grep -F -q -- "$2" "$1"; then
		ok "$3"
	else
		fail "$3: '$2' not found in:"
		sed 's/^/    /' "$1" >&2
	fi
}

# same_dataset A B: the data sets after the meta header are byte-for-byte equal.
same_dataset() {
	python3 - "$1" "$2" <<'EOF'
import struct, sys
def dataset(path):
    b = open(path, "rb").read()
    assert b[128:132] == b"DICM", path
    # (0002,0000) UL group length, explicit VR little endian
    assert b[132:136] == b"\x02\x00\x00\x00" and b[136:138] == b"UL", path
    glen = struct.unpack("<I", b[140:144])[0]
    return b[144 + glen:]
a, b = dataset(sys.argv[1]), dataset(sys.argv[2])
sys.exit(0 if a == b else 1)
EOF
}

# --- a small CT image -----------------------------------------------------
mkdir -p images
cat >ct.dump <<'EOF'
(0008,0016) UI =CTImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.2.1125.77.1]
(0008,0060) CS [CT]
(0010,0010) PN [Interop^TLS]
(0010,0020) LO [TLS-1]
(0020,000d) UI [1.2.826.0.1.3680043.2.1125.77]
(0020,000e) UI [1.2.826.0.1.3680043.2.1125.77.2]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 2
(0028,0011) US 2
(0028,0100) US 16
(0028,0101) US 16
(0028,0102) US 15
(0028,0103) US 0
(7fe0,0010) OW 0001\0002\0003\0004
EOF
dump2dcm +te ct.dump images/IM000001 || { fail "dump2dcm"; exit 1; }
STORED=CT.1.2.826.0.1.3680043.2.1125.77.1

# --- the walkthrough's certificates, as written ---------------------------
"$DB" ca newca myca >newca.log 2>&1 || fail "ca newca myca"
"$DB" ca mkcert -des no myca/ mycert/cert1 mycert/key1 >mk1.log 2>&1 || fail "ca mkcert cert1"
"$DB" ca mkcert -des no myca/ mycert/cert2 mycert/key2 >mk2.log 2>&1 || fail "ca mkcert cert2"
expect newca.log "RSA 4096 bits" "newca makes an RSA 4096 CA"
expect mk1.log "RSA 2048 bits" "mkcert makes an RSA 2048 certificate"
[ "$(stat -c %a mycert/key1)" = 600 ] && ok "key written with mode 0600" || fail "key mode"
[ "$(stat -c %a myca/private/cakey.pem)" = 600 ] && ok "CA key mode 0600" || fail "CA key mode"

openssl verify -CAfile myca/cacert.pem mycert/cert1 mycert/cert2 >ossl.log 2>&1 \
	&& ok "openssl verify accepts the certificates" || { fail "openssl verify"; cat ossl.log >&2; }
certtool --verify --load-ca-certificate myca/cacert.pem --infile mycert/cert1 >ct.log 2>&1
expect ct.log "Chain verification output: Verified" "certtool --verify accepts the certificate"
openssl x509 -in mycert/cert1 -noout -text >x509.txt 2>&1
expect x509.txt "TLS Web Server Authentication, TLS Web Client Authentication" "extended key usage"
expect x509.txt "DNS:localhost, IP Address:127.0.0.1" "subject alternative names"
"$DB" ca verify mycert/cert1 --ca myca/cacert.pem >v.log 2>&1 && ok "ca verify" || fail "ca verify"

# an encrypted key, as dcmtk_ca.pl makes it without -des no
"$DB" ca mkcert --password s3cret myca/ mycert/cert3 mycert/key3 >mk3.log 2>&1 || fail "mkcert --password"
openssl pkey -in mycert/key3 -passin pass:s3cret -noout 2>/dev/null \
	&& ok "openssl reads the encrypted key" || fail "openssl cannot read the encrypted key"

# --- walkthrough: dicombench on both sides --------------------------------
mkdir -p DIR
port=$(free_port)
start_scp scp1.log "$DB" storescp +B +xa -dhl -uf --aetitle PACS -od DIR +tls mycert/key1 mycert/cert1 --add-cert-file myca/cacert.pem "$port"
timeout 60 "$DB" storescu +tls mycert/key2 mycert/cert2 --add-cert-file myca/cacert.pem localhost "$port" images/IM000001 >scu1.log 2>&1 \
	&& ok "walkthrough: dicombench storescu -> dicombench storescp over TLS" || { fail "walkthrough storescu"; cat scu1.log scp1.log >&2; }
timeout 60 "$DB" echoscu +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem localhost "$port" >echo1.log 2>&1 \
	&& ok "dicombench echoscu -> dicombench storescp over TLS" || fail "echoscu dicombench"
stop_scp
same_dataset images/IM000001 "DIR/$STORED" && ok "stored data set identical" || fail "stored data set differs"

# --- dicombench storescu -> dcmtk storescp -----------------------------------
rm -rf D1 && mkdir D1
port=$(free_port)
start_scp dscp.log "$STORESCP" +B -od D1 +tls mycert/key1 mycert/cert1 +cf myca/cacert.pem "$port"
timeout 60 "$DB" storescu --log-level info +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem 127.0.0.1 "$port" images/IM000001 >scu2.log 2>&1 \
	&& ok "dicombench storescu -> dcmtk storescp over TLS" || { fail "dicombench -> dcmtk"; cat scu2.log dscp.log >&2; }
expect scu2.log "verified: 'CN=cert1'" "the TLS event names the verified peer"
timeout 60 "$DB" echoscu +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem 127.0.0.1 "$port" >echo2.log 2>&1 \
	&& ok "dicombench echoscu -> dcmtk storescp over TLS" || { fail "echoscu -> dcmtk"; cat echo2.log >&2; }
stop_scp
same_dataset images/IM000001 "D1/$STORED" && ok "dcmtk stored an identical data set" || fail "dcmtk stored data differs"

# --- dcmtk storescu -> dicombench storescp -----------------------------------
rm -rf D2 && mkdir D2
port=$(free_port)
start_scp scp3.log "$DB" storescp +B -od D2 +tls mycert/key1 mycert/cert1 +cf myca/cacert.pem "$port"
timeout 60 "$STORESCU" +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem 127.0.0.1 "$port" images/IM000001 >dscu.log 2>&1 \
	&& ok "dcmtk storescu -> dicombench storescp over TLS" || { fail "dcmtk -> dicombench"; cat dscu.log scp3.log >&2; }
timeout 60 "$ECHOSCU" +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem 127.0.0.1 "$port" >decho.log 2>&1 \
	&& ok "dcmtk echoscu -> dicombench storescp over TLS" || { fail "dcmtk echoscu"; cat decho.log >&2; }
stop_scp
same_dataset images/IM000001 "D2/$STORED" && ok "dicombench stored an identical data set" || fail "stored data differs"

# --- a server certificate from a "public" CA: root + intermediate --------------
"$DB" ca newca --ecdsa --cn "Public Root" public-root >/dev/null 2>&1 || fail "public root"
"$DB" ca newca --ecdsa --cn "Public Intermediate" --issuer public-root public-int >/dev/null 2>&1 || fail "intermediate"
"$DB" ca mkcert --ecdsa -des no --server-only --san DNS:localhost --san IP:127.0.0.1 public-int le/cert.pem le/privkey.pem >/dev/null 2>&1 || fail "public leaf"
cp public-int/ca-chain.pem ca-chain.pem
openssl verify -CAfile public-root/cacert.pem -untrusted public-int/cacert.pem le/cert.pem >/dev/null 2>&1 \
	&& ok "openssl verifies the public chain" || fail "openssl public chain"
rm -rf D3 && mkdir D3
port=$(free_port)
start_scp scp4.log "$DB" storescp +B +xa -dhl -uf --aetitle PACS -od D3 +tls le/privkey.pem le/cert.pem --add-cert-file myca/cacert.pem "$port"
timeout 60 "$DB" storescu --log-level info +tls mycert/key2 mycert/cert2 +cf ca-chain.pem localhost "$port" images/IM000001 >scu4.log 2>&1 \
	&& ok "chain: dicombench storescu trusting ca-chain.pem" || { fail "chain dicombench"; cat scu4.log scp4.log >&2; }
timeout 60 "$STORESCU" +tls mycert/key2 mycert/cert2 +cf ca-chain.pem localhost "$port" images/IM000001 >dscu4.log 2>&1 \
	&& ok "chain: dcmtk storescu trusting ca-chain.pem" || { fail "chain dcmtk client"; cat dscu4.log scp4.log >&2; }
stop_scp
# a server that sends the chain (leaf + intermediate): clients need only the root
"$DB" ca mkcert --ecdsa -des no --server-only --fullchain public-int le/fullchain.pem le/fullkey.pem >/dev/null 2>&1 || fail "fullchain"
"$DB" ca show le/fullchain.pem | grep -q "certificate 2 of 2" && ok "--fullchain writes leaf and intermediate" || fail "--fullchain"
port=$(free_port)
start_scp scp6.log "$DB" storescp -od D3 +tls le/fullkey.pem le/fullchain.pem +cf myca/cacert.pem "$port"
timeout 60 "$DB" echoscu +tls mycert/key2 mycert/cert2 +cf public-root/cacert.pem 127.0.0.1 "$port" >ch1.log 2>&1 \
	&& ok "chain sent: dicombench client trusting only the root" || { fail "chain sent (dicombench)"; cat ch1.log >&2; }
timeout 60 "$ECHOSCU" +tls mycert/key2 mycert/cert2 +cf public-root/cacert.pem 127.0.0.1 "$port" >ch2.log 2>&1 \
	&& ok "chain sent: dcmtk client trusting only the root" || { fail "chain sent (dcmtk)"; cat ch2.log >&2; }
stop_scp

# +cs: one TLS 1.2 suite by its dcmtk name, against dcmtk's default profile
port=$(free_port)
start_scp scp7.log "$DB" storescp -v -od D3 +tls mycert/key1 mycert/cert1 +cf myca/cacert.pem +cs TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "$port"
timeout 60 "$ECHOSCU" +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem 127.0.0.1 "$port" >cs.log 2>&1 \
	&& ok "+cs: dcmtk negotiates the one suite allowed" || { fail "+cs"; cat cs.log scp7.log >&2; }
stop_scp
expect scp7.log "TLS1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" "+cs: the suite and TLS 1.2 were used"

rm -rf D4 && mkdir D4
port=$(free_port)
start_scp dscp4.log "$STORESCP" +B -od D4 +tls le/privkey.pem le/cert.pem +cf myca/cacert.pem "$port"
timeout 60 "$DB" storescu +tls mycert/key2 mycert/cert2 +cf ca-chain.pem 127.0.0.1 "$port" images/IM000001 >scu5.log 2>&1 \
	&& ok "chain: dicombench storescu -> dcmtk storescp with the public chain" || { fail "chain dcmtk server"; cat scu5.log dscp4.log >&2; }
# trusting only the root, the missing intermediate is named
timeout 60 "$DB" echoscu +tls mycert/key2 mycert/cert2 +cf public-root/cacert.pem 127.0.0.1 "$port" >neg0.log 2>&1 && fail "accepted without intermediate"
expect neg0.log "its issuer 'CN=Public Intermediate,O=dicombench' is not trusted here" "missing intermediate named"
stop_scp

# --- failures, each explained -----------------------------------------------
"$DB" ca newca --ecdsa --cn "Other CA" otherca >/dev/null 2>&1
"$DB" ca mkcert --ecdsa -des no otherca other/cert other/key >/dev/null 2>&1
"$DB" ca mkcert --ecdsa -des no --start-days -10 --days 5 myca old/cert old/key >/dev/null 2>&1

# the ca command explains too
"$DB" ca verify mycert/cert1 --ca otherca/cacert.pem >cv1.log 2>&1 && fail "ca verify accepted the wrong CA"
expect cv1.log "its issuer 'CN=dicombench CA,O=dicombench' is not trusted here" "ca verify: untrusted issuer named"
"$DB" ca verify old/cert --ca myca/cacert.pem >cv2.log 2>&1 && fail "ca verify accepted an expired certificate"
expect cv2.log "'CN=cert' expired on" "ca verify: expiry explained"
"$DB" ca verify le/cert.pem --ca myca/cacert.pem --purpose client >cv3.log 2>&1 && fail "ca verify: wrong CA and usage"
"$DB" ca verify le/cert.pem --ca ca-chain.pem --purpose client >cv4.log 2>&1 && fail "ca verify: server-only certificate used as client"
expect cv4.log "it is not made for this use" "ca verify: wrong usage explained"
"$DB" ca show ca-chain.pem >show.log 2>&1 || fail "ca show"
expect show.log "ca-chain.pem: certificate 2 of 2" "ca show lists a chain"
expect show.log "Subject:     CN=Public Root,O=dicombench" "ca show names the root"
"$DB" ca mkcert myca/ x/cert x/key >mk4.log 2>&1 && fail "mkcert encrypted without a password"
expect mk4.log "give --password PWD or --password-file FILE, or -des no" "mkcert asks for -des no or a password"

port=$(free_port)
start_scp neg1.log "$DB" storescp -od . +tls mycert/key1 mycert/cert1 +cf myca/cacert.pem "$port"
# the client trusts the wrong CA
timeout 60 "$DB" echoscu +tls mycert/key2 mycert/cert2 +cf otherca/cacert.pem 127.0.0.1 "$port" >neg1c.log 2>&1 && fail "wrong CA at client accepted"
expect neg1c.log "its issuer 'CN=dicombench CA,O=dicombench' is not trusted here" "client: untrusted issuer named"
expect neg1c.log "+cf" "client: says which +cf fixes it"
# the server does not trust the client's CA
timeout 60 "$DB" echoscu +tls other/key other/cert +cf myca/cacert.pem 127.0.0.1 "$port" >neg2c.log 2>&1 && fail "wrong CA at server accepted"
expect neg2c.log "the SCP refused our certificate (alert 'CA is unknown')" "client: told the server refused it"
expect neg2c.log "it must trust 'CN=Other CA,O=dicombench'" "client: told which CA the server lacks"
# an expired client certificate
timeout 60 "$DB" echoscu +tls old/key old/cert +cf myca/cacert.pem 127.0.0.1 "$port" >neg3c.log 2>&1 && fail "expired certificate accepted"
expect neg3c.log "our certificate 'CN=cert' expired on" "client warns about its own expired certificate"
# no client certificate under -rc
timeout 60 "$DB" echoscu --tls-no-cert +cf myca/cacert.pem 127.0.0.1 "$port" >neg4c.log 2>&1 && fail "missing client certificate accepted"
expect neg4c.log "requires a certificate from us and we sent none" "client: missing certificate explained"
# plain DICOM to the TLS port
timeout 60 "$DB" echoscu 127.0.0.1 "$port" >neg5c.log 2>&1 && fail "plain to TLS port accepted"
expect neg5c.log "answered our A-ASSOCIATE-RQ in TLS" "plain client: told the port speaks TLS"
stop_scp
expect neg1.log "this side (SCP) refused the SCU's certificate" "server: refusal named"
expect neg1.log "its issuer 'CN=Other CA,O=dicombench' is not trusted here" "server: untrusted client issuer named"
expect neg1.log "'CN=cert' expired on" "server: expired client certificate explained"
expect neg1.log "the SCU sent no certificate, but this side requires one (-rc" "server: missing client certificate explained"
expect neg1.log "plain DICOM (A-ASSOCIATE-RQ, bytes 01 00 ..) arrived on this TLS port" "server: plain DICOM on the TLS port"

# TLS to a plain port, from dicombench and from dcmtk
port=$(free_port)
start_scp neg6.log "$DB" storescp -od . "$port"
timeout 60 "$DB" echoscu +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem 127.0.0.1 "$port" >neg6c.log 2>&1 && fail "TLS to plain port accepted"
expect neg6c.log "closed the connection without a TLS answer" "TLS client: plain port suspected"
timeout 60 "$ECHOSCU" +tls mycert/key2 mycert/cert2 +cf myca/cacert.pem 127.0.0.1 "$port" >neg7c.log 2>&1 && fail "dcmtk TLS to plain port accepted"
stop_scp
expect neg6.log "a TLS handshake (ClientHello, bytes 16 03 ..) arrived on this plain DICOM port" "plain server: ClientHello explained"

# dcmtk peers refusing us, and us refusing them
port=$(free_port)
start_scp neg8.log "$STORESCP" -od . +tls mycert/key1 mycert/cert1 +cf myca/cacert.pem "$port"
timeout 60 "$DB" echoscu +tls other/key other/cert +cf myca/cacert.pem 127.0.0.1 "$port" >neg8c.log 2>&1 && fail "dcmtk accepted an untrusted client"
expect neg8c.log "the SCP refused our certificate" "dcmtk server refusal explained"
timeout 60 "$DB" echoscu --tls-no-cert +cf myca/cacert.pem 127.0.0.1 "$port" >neg9c.log 2>&1 && fail "dcmtk accepted no client certificate"
expect neg9c.log "requires a certificate from us and we sent none" "dcmtk -rc: missing certificate explained"
timeout 60 "$DB" echoscu 127.0.0.1 "$port" >neg13c.log 2>&1 && fail "plain to dcmtk TLS port accepted"
expect neg13c.log "if it is a TLS port, connect with +tls" "plain client to dcmtk TLS port: hint given"
timeout 60 "$DB" echoscu +tls mycert/key2 mycert/cert2 +cf otherca/cacert.pem 127.0.0.1 "$port" >neg10c.log 2>&1 && fail "untrusted dcmtk server accepted"
expect neg10c.log "'CN=dicombench CA,O=dicombench', which is not trusted here" "untrusted dcmtk server's CA named"
stop_scp
port=$(free_port)
start_scp neg11.log "$DB" storescp -od . +tls mycert/key1 mycert/cert1 +cf myca/cacert.pem "$port"
timeout 60 "$ECHOSCU" +tls other/key other/cert +cf myca/cacert.pem 127.0.0.1 "$port" >neg11c.log 2>&1 && fail "dcmtk client with untrusted certificate accepted"
timeout 60 "$ECHOSCU" +tls mycert/key2 mycert/cert2 +cf otherca/cacert.pem 127.0.0.1 "$port" >neg12c.log 2>&1 && fail "dcmtk trusting the wrong CA connected"
stop_scp
expect neg11.log "its issuer 'CN=Other CA,O=dicombench' is not trusted here" "dcmtk client certificate refused with reason"
expect neg11.log "most likely it refused our certificate" "dcmtk client refusing us explained"
expect neg11.log "the SCU must trust 'CN=dicombench CA,O=dicombench'" "dcmtk client: the CA it lacks named"

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed" >&2
	exit 1
fi
echo "all TLS interop checks passed"
