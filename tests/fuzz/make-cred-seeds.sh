#!/bin/bash
# make-cred-seeds.sh DICOMBENCH OUTDIR — the seed corpus of fuzz-cred:
# small real keys, certificates, chains and CRLs (ECDSA P-256, RSA 1024
# where RSA matters), packed as fuzz-cred.c reads them: one flags byte,
# then key %%%% certificates %%%% trusted %%%% CRL %%%% password.
#
# Uses dicombench ca and certtool; openssl only where they cannot: an
# encrypted PKCS#8 key with 2 PBKDF2 iterations (600000, the default,
# would make every run take a second), legacy PEM encryption, PKCS#1 and
# SEC1 keys, a SHA-1 signature.  Dates are relative to the day it runs;
# the fuzzer's clock is fixed at 2026-11-27.
set -eu
D=$(realpath "$1")
OUT=$(realpath -m "$2")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$OUT"
cd "$W"

ca() { "$D" ca "$@" >/dev/null; }
ca newca --ecdsa --cn "Seed Root" root
ca newca --ecdsa --cn "Seed Inter" --issuer root inter
ca mkcert -des no --ecdsa --fullchain --san DNS:localhost --san IP:127.0.0.1 --san IP:::1 \
	inter leaf.pem leaf.key
ca mkcert -des no --ecdsa --server-only --cn server root server.pem server.key
ca mkcert -des no --ecdsa --start-days -400 --days 30 --cn expired root expired.pem expired.key
ca mkcert -des no --ecdsa --start-days 2000 --days 30 --cn future root future.pem future.key
ca mkcert -des no --ecdsa --email seed@example.org --san DNS:a.example --cn mail root \
	mail.pem mail.key

# keys in the other encodings
openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 2 -in leaf.key -passout pass:pw -out leaf-enc.key
openssl pkcs8 -topk8 -nocrypt -in leaf.key -outform DER -out leaf-key.der
openssl x509 -in leaf.pem -outform DER -out leaf.der
openssl x509 -in root/cacert.pem -outform DER -out root.der
openssl ec -in leaf.key -out leaf-sec1.key 2>/dev/null
openssl genrsa -traditional -out rsa.key 1024 2>/dev/null
openssl genrsa -traditional -aes128 -passout pass:pw -out rsa-enc.key 1024 2>/dev/null
openssl req -x509 -key rsa.key -subj /CN=rsa -days 30 -sha256 -out rsa.pem
openssl req -x509 -key rsa.key -subj /CN=sha1 -days 30 -sha1 -out sha1.pem 2>/dev/null
# a leaf signed by a leaf (its issuer is no CA)
openssl req -new -key expired.key -subj /CN=under-leaf -out under.csr
openssl x509 -req -in under.csr -CA server.pem -CAkey server.key -set_serial 7 -days 30 \
	-out under.pem 2>/dev/null

# a CRL of the root revoking the expired certificate, PEM and DER
printf 'crl_next_update = 30\ncrl_number = 1\n' >crl.tmpl
certtool --generate-crl --load-ca-certificate root/cacert.pem \
	--load-ca-privkey root/private/cakey.pem --load-certificate expired.pem \
	--template crl.tmpl --outfile crl.pem 2>/dev/null
certtool --generate-crl --load-ca-certificate root/cacert.pem \
	--load-ca-privkey root/private/cakey.pem --load-certificate expired.pem \
	--template crl.tmpl --outder --outfile crl.der 2>/dev/null

# seed NAME FLAGS KEY CERTS CA CRL PASSWORD ('-' for an empty part)
seed() {
	local name=$1 flags=$2
	shift 2
	{
		printf "\\x$(printf %02x "$flags")"
		local first=1
		for f in "$@"; do
			[ $first -eq 1 ] || printf '%%%%%%%%'
			first=0
			case $f in
			-) ;;
			pw:*) printf %s "${f#pw:}" ;;
			*) cat "$f" ;;
			esac
		done
	} >"$OUT/$name"
}
# flags: 1 server; 0/2/4 +pw/-pw/+ps; 8 -der; 16/32 -vc/-ic; 64/128/192 +py/+px/+pz
seed chain-server 1 leaf.key leaf.pem root/cacert.pem - -
seed crl-not-a-crl 2 leaf.key leaf.pem root/cacert.pem root/cacert.pem -
seed enc-pkcs8 0 leaf-enc.key leaf.pem root/cacert.pem - pw:pw
seed enc-wrong-password 1 leaf-enc.key leaf.pem - - pw:wrong
seed enc-prompt 4 leaf-enc.key leaf.pem - - -
seed der 9 leaf-key.der leaf.der root.der crl.der -
seed sec1 17 leaf-sec1.key leaf.pem inter/cacert.pem - -
seed rsa-pkcs1 65 rsa.key rsa.pem rsa.pem - -
seed rsa-legacy-enc 128 rsa-enc.key rsa.pem - - pw:pw
seed mismatch 1 server.key leaf.pem root/cacert.pem - -
seed expired-revoked 1 expired.key expired.pem root/cacert.pem crl.pem -
seed future 33 future.key future.pem root/cacert.pem - -
seed sha1 1 rsa.key sha1.pem sha1.pem - -
seed issuer-not-ca 1 expired.key under.pem root/cacert.pem - -
seed server-only-as-client 0 server.key server.pem root/cacert.pem - -
seed mail 192 mail.key mail.pem inter/ca-chain.pem crl.pem -
seed certs-only 0 - leaf.pem - - -
ls -l "$OUT"
