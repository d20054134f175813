/* pki.c — CA, certificates and keys with GnuTLS's x509 API. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>

#include "filebuf.h"
#include "i18n.h"
#include "pki.h"

#define MAX_FILE_BYTES (4u << 20) /* key and certificate files */
#define MAX_CHAIN 64

void
dcb_pki_appendf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (size == 0)
		return;
	len = strnlen(buf, size);
	if (len >= size - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, dgettext(PACKAGE, fmt), ap);
	va_end(ap);
}

void
dcb_pki_opts_init(struct dcb_pki_opts *o, bool ca)
{
	memset(o, 0, sizeof *o);
	o->key_type = DCB_KEY_RSA;
	o->ca = ca;
	o->path_len = -1;
	o->usage = DCB_PKI_SERVER | DCB_PKI_CLIENT;
}

static int
tls_fail(struct dcb_error *err, int rc, const char *what)
{
	return dcb_error_set(err, DCB_ERR_TLS, -1, N_("%s failed: %s"), what, gnutls_strerror(rc));
}

static int
set_dn(gnutls_x509_crt_t crt, const char *oid, const char *value, struct dcb_error *err)
{
	int rc;

	if (value == NULL || value[0] == '\0')
		return 0;
	rc = gnutls_x509_crt_set_dn_by_oid(crt, oid, 0, value, (unsigned)strlen(value));
	if (rc < 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("the subject field '%s' cannot be used: %s"), value,
		                     gnutls_strerror(rc));
	return 0;
}

static int
add_san(gnutls_x509_crt_t crt, const char *san, struct dcb_error *err)
{
	int rc;

	if (strncmp(san, "DNS:", 4) == 0 && san[4] != '\0') {
		rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, san + 4,
		                                          (unsigned)strlen(san + 4),
		                                          GNUTLS_FSAN_APPEND);
	} else if (strncmp(san, "IP:", 3) == 0) {
		unsigned char addr[16];
		unsigned len;

		if (inet_pton(AF_INET, san + 3, addr) == 1)
			len = 4;
		else if (inet_pton(AF_INET6, san + 3, addr) == 1)
			len = 16;
		else
			return dcb_error_set(
			    err, DCB_ERR_USAGE, -1,
			    N_("'%s' is not an IP address; write IP:127.0.0.1 or IP:::1"), san);
		rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, addr, len,
		                                          GNUTLS_FSAN_APPEND);
	} else {
		return dcb_error_set(
		    err, DCB_ERR_USAGE, -1,
		    N_("subject alternative name '%s' must start with DNS: or IP:"), san);
	}
	if (rc < 0)
		return tls_fail(err, rc, "gnutls_x509_crt_set_subject_alt_name");
	return 0;
}

static int
make_key(const struct dcb_pki_opts *o, gnutls_x509_privkey_t *out, struct dcb_error *err)
{
	gnutls_x509_privkey_t key;
	unsigned bits = o->bits;
	int rc;

	rc = gnutls_x509_privkey_init(&key);
	if (rc < 0)
		return tls_fail(err, rc, "gnutls_x509_privkey_init");
	if (o->key_type == DCB_KEY_ECDSA) {
		gnutls_ecc_curve_t curve;

		switch (bits) {
		case 0:
		case 256:
			curve = GNUTLS_ECC_CURVE_SECP256R1;
			break;
		case 384:
			curve = GNUTLS_ECC_CURVE_SECP384R1;
			break;
		case 521:
			curve = GNUTLS_ECC_CURVE_SECP521R1;
			break;
		default:
			gnutls_x509_privkey_deinit(key);
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("ECDSA keys have 256, 384 or 521 bits, not %u"),
			                     bits);
		}
		rc = gnutls_x509_privkey_generate2(key, GNUTLS_PK_ECDSA,
		                                   GNUTLS_CURVE_TO_BITS(curve), 0, NULL, 0);
	} else {
		if (bits == 0)
			bits = o->ca ? 4096 : 2048;
		if (bits < 2048 || bits > 16384) {
			gnutls_x509_privkey_deinit(key);
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("RSA keys need 2048 to 16384 bits, not %u"), bits);
		}
		rc = gnutls_x509_privkey_generate2(key, GNUTLS_PK_RSA, bits, 0, NULL, 0);
	}
	if (rc < 0) {
		gnutls_x509_privkey_deinit(key);
		return tls_fail(err, rc, "gnutls_x509_privkey_generate2");
	}
	*out = key;
	return 0;
}

static int
fill_cert(gnutls_x509_crt_t crt, const struct dcb_pki_opts *o, gnutls_x509_privkey_t key,
          gnutls_x509_crt_t issuer, struct dcb_error *err)
{
	unsigned char serial[16], id[64];
	size_t id_size = sizeof id;
	unsigned days = o->days != 0 ? o->days : (o->ca ? 730 : 365);
	time_t start = time(NULL) + (time_t)o->start_offset;
	const struct dcb_pki_subject *s = &o->subject;
	int rc;

	if (gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial) < 0)
		return dcb_error_set(err, DCB_ERR_TLS, -1, N_("no random numbers for the serial"));
	serial[0] &= 0x7f; /* positive */
	serial[0] |= 0x01; /* and no leading zero byte */
	if ((rc = gnutls_x509_crt_set_version(crt, 3)) < 0 ||
	    (rc = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0 ||
	    (rc = gnutls_x509_crt_set_activation_time(crt, start)) < 0 ||
	    (rc = gnutls_x509_crt_set_expiration_time(crt, start + (time_t)days * 86400)) < 0 ||
	    (rc = gnutls_x509_crt_set_key(crt, key)) < 0)
		return tls_fail(err, rc, "gnutls_x509_crt_set");

	if (set_dn(crt, GNUTLS_OID_X520_COUNTRY_NAME, s->c, err) < 0 ||
	    set_dn(crt, GNUTLS_OID_X520_STATE_OR_PROVINCE_NAME, s->st, err) < 0 ||
	    set_dn(crt, GNUTLS_OID_X520_LOCALITY_NAME, s->l, err) < 0 ||
	    set_dn(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, s->o, err) < 0 ||
	    set_dn(crt, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, s->ou, err) < 0 ||
	    set_dn(crt, GNUTLS_OID_X520_COMMON_NAME, s->cn, err) < 0 ||
	    set_dn(crt, GNUTLS_OID_PKCS9_EMAIL, s->email, err) < 0)
		return err != NULL ? err->code : DCB_ERR_USAGE;

	if (o->ca) {
		rc = gnutls_x509_crt_set_basic_constraints(crt, 1, o->path_len);
		if (rc >= 0)
			rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN |
			                                            GNUTLS_KEY_CRL_SIGN);
		if (rc < 0)
			return tls_fail(err, rc, "gnutls_x509_crt_set_key_usage");
	} else {
		unsigned ku = GNUTLS_KEY_DIGITAL_SIGNATURE;

		if (o->key_type == DCB_KEY_RSA)
			ku |= GNUTLS_KEY_KEY_ENCIPHERMENT;
		if ((rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0 ||
		    (rc = gnutls_x509_crt_set_key_usage(crt, ku)) < 0)
			return tls_fail(err, rc, "gnutls_x509_crt_set_key_usage");
		if (o->usage == 0)
			return dcb_error_set(
			    err, DCB_ERR_USAGE, -1,
			    N_("a certificate needs server or client use (or both)"));
		if ((o->usage & DCB_PKI_SERVER) && (rc = gnutls_x509_crt_set_key_purpose_oid(
		                                        crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0)
			return tls_fail(err, rc, "gnutls_x509_crt_set_key_purpose_oid");
		if ((o->usage & DCB_PKI_CLIENT) && (rc = gnutls_x509_crt_set_key_purpose_oid(
		                                        crt, GNUTLS_KP_TLS_WWW_CLIENT, 0)) < 0)
			return tls_fail(err, rc, "gnutls_x509_crt_set_key_purpose_oid");
		if (o->n_san == 0) {
			static const char *const def[] = {"DNS:localhost", "IP:127.0.0.1",
			                                  "IP:::1"};

			for (size_t i = 0; i < sizeof def / sizeof def[0]; i++)
				if ((rc = add_san(crt, def[i], err)) < 0)
					return rc;
		}
		for (size_t i = 0; i < o->n_san && i < DCB_PKI_MAX_SAN; i++)
			if ((rc = add_san(crt, o->san[i], err)) < 0)
				return rc;
	}

	rc = gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA1, id, &id_size);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_subject_key_id(crt, id, id_size);
	if (rc < 0)
		return tls_fail(err, rc, "gnutls_x509_crt_set_subject_key_id");
	if (issuer != NULL) {
		unsigned critical;

		id_size = sizeof id;
		if (gnutls_x509_crt_get_subject_key_id(issuer, id, &id_size, &critical) >= 0 &&
		    (rc = gnutls_x509_crt_set_authority_key_id(crt, id, id_size)) < 0)
			return tls_fail(err, rc, "gnutls_x509_crt_set_authority_key_id");
	} else {
		if ((rc = gnutls_x509_crt_set_authority_key_id(crt, id, id_size)) < 0)
			return tls_fail(err, rc, "gnutls_x509_crt_set_authority_key_id");
	}
	return 0;
}

static int
reparse(gnutls_x509_crt_t *crt, struct dcb_error *err)
{
	gnutls_datum_t der = {NULL, 0};
	gnutls_x509_crt_t fresh;
	int rc;

	if ((rc = gnutls_x509_crt_export2(*crt, GNUTLS_X509_FMT_DER, &der)) < 0)
		return tls_fail(err, rc, "gnutls_x509_crt_export2");
	if ((rc = gnutls_x509_crt_init(&fresh)) < 0) {
		gnutls_free(der.data);
		return tls_fail(err, rc, "gnutls_x509_crt_init");
	}
	rc = gnutls_x509_crt_import(fresh, &der, GNUTLS_X509_FMT_DER);
	gnutls_free(der.data);
	if (rc < 0) {
		gnutls_x509_crt_deinit(fresh);
		return tls_fail(err, rc, "gnutls_x509_crt_import");
	}
	gnutls_x509_crt_deinit(*crt);
	*crt = fresh;
	return 0;
}

int
dcb_pki_make(const struct dcb_pki_opts *o, gnutls_x509_crt_t issuer,
             gnutls_x509_privkey_t issuer_key, gnutls_x509_privkey_t *key_out,
             gnutls_x509_crt_t *crt_out, struct dcb_error *err)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	int rc;

	if (issuer == NULL && !o->ca)
		return dcb_error_set(
		    err, DCB_ERR_USAGE, -1,
		    N_("only a CA certificate can be self-signed; give an issuer"));
	if (issuer != NULL) {
		unsigned critical;

		if (issuer_key == NULL ||
		    gnutls_x509_crt_get_basic_constraints(issuer, &critical, NULL, NULL) <= 0)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("the issuer is not a CA certificate (CA:true); "
			                        "it cannot sign certificates"));
		if ((rc = dcb_pki_key_matches(issuer, issuer_key, "CA certificate", "CA key",
		                              err)) < 0)
			return rc;
	}
	if ((rc = make_key(o, &key, err)) < 0)
		return rc;
	rc = gnutls_x509_crt_init(&crt);
	if (rc < 0) {
		rc = tls_fail(err, rc, "gnutls_x509_crt_init");
		goto fail_key;
	}
	if ((rc = fill_cert(crt, o, key, issuer, err)) < 0)
		goto fail_crt;
	rc = gnutls_x509_crt_sign2(crt, issuer != NULL ? issuer : crt,
	                           issuer != NULL ? issuer_key : key, GNUTLS_DIG_SHA256, 0);
	if (rc < 0) {
		rc = tls_fail(err, rc, "gnutls_x509_crt_sign2");
		goto fail_crt;
	}
	/* GnuTLS caches some fields (the SANs) only when it parses a
	 * certificate: hand out a parsed copy. */
	if ((rc = reparse(&crt, err)) < 0)
		goto fail_crt;
	*key_out = key;
	*crt_out = crt;
	return 0;

fail_crt:
	gnutls_x509_crt_deinit(crt);
fail_key:
	gnutls_x509_privkey_deinit(key);
	return rc;
}

static int
write_file(const char *path, mode_t mode, const gnutls_datum_t *parts, size_t n,
           struct dcb_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	if (fd < 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot write %s: %s"), path,
		                     strerror(errno));
	/* An existing file keeps its old mode through O_CREAT: set it. */
	if (fchmod(fd, mode) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		size_t done = 0;

		while (done < parts[i].size) {
			ssize_t w = write(fd, parts[i].data + done, parts[i].size - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto fail;
			done += (size_t)w;
		}
	}
	if (close(fd) < 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot write %s: %s"), path,
		                     strerror(errno));
	return 0;
fail:
	dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot write %s: %s"), path, strerror(errno));
	close(fd);
	return DCB_ERR_IO;
}

int
dcb_pki_write_key(const char *path, gnutls_x509_privkey_t key, const char *password,
                  struct dcb_error *err)
{
	gnutls_datum_t d = {NULL, 0};
	int rc;

	rc = gnutls_x509_privkey_export2_pkcs8(
	    key, GNUTLS_X509_FMT_PEM, password,
	    password != NULL ? GNUTLS_PKCS_PBES2_AES_256 : GNUTLS_PKCS_PLAIN, &d);
	if (rc < 0)
		return tls_fail(err, rc, "gnutls_x509_privkey_export2_pkcs8");
	rc = write_file(path, 0600, &d, 1, err);
	gnutls_free(d.data);
	return rc;
}

int
dcb_pki_write_certs(const char *path, const gnutls_x509_crt_t *crts, size_t n,
                    struct dcb_error *err)
{
	gnutls_datum_t parts[MAX_CHAIN];
	size_t done = 0;
	int rc = 0;

	if (n > MAX_CHAIN)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("more than %d certificates"),
		                     MAX_CHAIN);
	for (; done < n; done++) {
		rc = gnutls_x509_crt_export2(crts[done], GNUTLS_X509_FMT_PEM, &parts[done]);
		if (rc < 0) {
			rc = tls_fail(err, rc, "gnutls_x509_crt_export2");
			goto out;
		}
	}
	rc = write_file(path, 0644, parts, n, err);
out:
	for (size_t i = 0; i < done; i++)
		gnutls_free(parts[i].data);
	return rc;
}

/* Reads a whole (small) file into malloc'd memory. */
static int
slurp(const char *path, uint8_t **out, size_t *len, struct dcb_error *err)
{
	int rc = dcb_file_read_all(path, MAX_FILE_BYTES, out, len, err);

	if (rc == DCB_ERR_LIMIT)
		dcb_error_set(err, DCB_ERR_LIMIT, -1,
		              N_("%s is larger than %u bytes: not a key or certificate file"), path,
		              MAX_FILE_BYTES);
	return rc;
}

/* Puts "path: " in front of the detail. */
static void
prefix_path(struct dcb_error *err, const char *path)
{
	char msg[2 * sizeof err->message];
	size_t len;

	if (err == NULL)
		return;
	snprintf(msg, sizeof msg, "%s: %s", path, err->message);
	len = strnlen(msg, sizeof err->message - 1);
	memcpy(err->message, msg, len);
	err->message[len] = '\0';
}

static bool
is_pem(const uint8_t *data, size_t len)
{
	return memmem(data, len, "-----BEGIN", 10) != NULL;
}

int
dcb_pki_load_key_mem(const uint8_t *data, size_t len, const char *password,
                     gnutls_x509_privkey_t *out, struct dcb_error *err)
{
	gnutls_x509_privkey_t key;
	gnutls_datum_t d = {(unsigned char *)data, (unsigned)len};
	bool pem = is_pem(data, len);
	bool encrypted = pem && memmem(data, len, "ENCRYPTED", 9) != NULL;
	int rc;

	if (len > MAX_FILE_BYTES)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("key data too large"));
	rc = gnutls_x509_privkey_init(&key);
	if (rc < 0)
		return tls_fail(err, rc, "gnutls_x509_privkey_init");
	rc = gnutls_x509_privkey_import2(key, &d, pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER,
	                                 password, password == NULL ? GNUTLS_PKCS_PLAIN : 0);
	if (rc < 0 && password == NULL && !encrypted)
		rc = gnutls_x509_privkey_import2(
		    key, &d, pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER, "", 0);
	if (rc < 0) {
		gnutls_x509_privkey_deinit(key);
		if (encrypted && password == NULL)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("the private key is encrypted: give its password "
			                        "(+pw PASSWORD, or +ps to be asked)"));
		if (rc == GNUTLS_E_DECRYPTION_FAILED && password != NULL)
			return dcb_error_set(
			    err, DCB_ERR_USAGE, -1,
			    N_("the private key cannot be decrypted: wrong password"));
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, -1,
		    N_("not a private key (PEM or DER: PKCS#8, PKCS#1 or SEC1): %s"),
		    gnutls_strerror(rc));
	}
	*out = key;
	return 0;
}

int
dcb_pki_load_key(const char *path, const char *password, gnutls_x509_privkey_t *out,
                 struct dcb_error *err)
{
	uint8_t *data;
	size_t len;
	int rc;

	if ((rc = slurp(path, &data, &len, err)) < 0)
		return rc;
	rc = dcb_pki_load_key_mem(data, len, password, out, err);
	free(data);
	if (rc < 0)
		prefix_path(err, path);
	return rc;
}

void
dcb_pki_certs_free(gnutls_x509_crt_t *crts, unsigned n)
{
	if (crts == NULL)
		return;
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
}

int
dcb_pki_load_certs_mem(const uint8_t *data, size_t len, gnutls_x509_crt_t **out, unsigned *n,
                       struct dcb_error *err)
{
	gnutls_datum_t d = {(unsigned char *)data, (unsigned)len};
	gnutls_x509_crt_t *list = NULL;
	unsigned count = 0;
	int rc;

	if (len > MAX_FILE_BYTES)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("certificate data too large"));
	rc = gnutls_x509_crt_list_import2(
	    &list, &count, &d, is_pem(data, len) ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER, 0);
	if (rc < 0 || count == 0) {
		dcb_pki_certs_free(list, count);
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("no certificate found (PEM or DER X.509 expected): %s"),
		                     gnutls_strerror(rc < 0 ? rc : GNUTLS_E_NO_CERTIFICATE_FOUND));
	}
	if (count > MAX_CHAIN) {
		dcb_pki_certs_free(list, count);
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("more than %d certificates"),
		                     MAX_CHAIN);
	}
	*out = list;
	*n = count;
	return 0;
}

int
dcb_pki_load_certs(const char *path, gnutls_x509_crt_t **out, unsigned *n, struct dcb_error *err)
{
	uint8_t *data;
	size_t len;
	int rc;

	if ((rc = slurp(path, &data, &len, err)) < 0)
		return rc;
	rc = dcb_pki_load_certs_mem(data, len, out, n, err);
	free(data);
	if (rc < 0)
		prefix_path(err, path);
	return rc;
}

int
dcb_pki_key_matches(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *crt_name,
                    const char *key_name, struct dcb_error *err)
{
	unsigned char a[64], b[64];
	size_t na = sizeof a, nb = sizeof b;

	if (gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, a, &na) < 0 ||
	    gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, b, &nb) < 0 || na != nb ||
	    memcmp(a, b, na) != 0) {
		gnutls_datum_t dn = {NULL, 0};
		int rc;

		gnutls_x509_crt_get_dn3(crt, &dn, 0);
		rc = dcb_error_set(err, DCB_ERR_USAGE, -1,
		                   N_("the private key %s does not belong to the certificate %s "
		                      "('%s'): give the key that was made with that certificate"),
		                   key_name, crt_name, dn.data != NULL ? (char *)dn.data : "?");
		gnutls_free(dn.data);
		return rc;
	}
	return 0;
}

static void
copy_datum(char *dst, size_t size, const gnutls_datum_t *d)
{
	snprintf(dst, size, "%.*s", (int)d->size, d->data != NULL ? (const char *)d->data : "");
}

static void
format_time(char *dst, size_t size, time_t t)
{
	struct tm tm;

	if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL) {
		snprintf(dst, size, "?");
		return;
	}
	strftime(dst, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void
info_san(gnutls_x509_crt_t crt, char *dst, size_t size)
{
	dst[0] = '\0';
	for (unsigned i = 0; i < 32; i++) {
		char buf[256];
		size_t len = sizeof buf - 1;
		unsigned type;
		int rc = gnutls_x509_crt_get_subject_alt_name2(crt, i, buf, &len, &type, NULL);
		const char *sep = dst[0] != '\0' ? ", " : "";
		size_t used = strlen(dst);

		if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (rc < 0)
			continue;
		if (type == GNUTLS_SAN_DNSNAME) {
			buf[len] = '\0';
			snprintf(dst + used, size - used, "%sDNS:%s", sep, buf);
		} else if (type == GNUTLS_SAN_IPADDRESS && (len == 4 || len == 16)) {
			char ip[INET6_ADDRSTRLEN];

			inet_ntop(len == 4 ? AF_INET : AF_INET6, buf, ip, sizeof ip);
			snprintf(dst + used, size - used, "%sIP:%s", sep, ip);
		} else if (type == GNUTLS_SAN_RFC822NAME) {
			buf[len] = '\0';
			snprintf(dst + used, size - used, "%semail:%s", sep, buf);
		}
	}
}

static void
info_usage(gnutls_x509_crt_t crt, char *dst, size_t size)
{
	static const struct {
		unsigned bit;
		const char *name;
	} ku[] = {
	    {GNUTLS_KEY_DIGITAL_SIGNATURE, "digitalSignature"},
	    {GNUTLS_KEY_NON_REPUDIATION, "nonRepudiation"},
	    {GNUTLS_KEY_KEY_ENCIPHERMENT, "keyEncipherment"},
	    {GNUTLS_KEY_DATA_ENCIPHERMENT, "dataEncipherment"},
	    {GNUTLS_KEY_KEY_AGREEMENT, "keyAgreement"},
	    {GNUTLS_KEY_KEY_CERT_SIGN, "keyCertSign"},
	    {GNUTLS_KEY_CRL_SIGN, "cRLSign"},
	};
	unsigned bits = 0, critical;
	size_t used;

	dst[0] = '\0';
	if (gnutls_x509_crt_get_key_usage(crt, &bits, &critical) >= 0)
		for (size_t i = 0; i < sizeof ku / sizeof ku[0]; i++)
			if (bits & ku[i].bit) {
				used = strlen(dst);
				snprintf(dst + used, size - used, "%s%s", used ? ", " : "",
				         ku[i].name);
			}
	for (unsigned i = 0; i < 16; i++) {
		char oid[128];
		size_t len = sizeof oid;
		const char *name;

		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &len, &critical) < 0)
			break;
		if (strcmp(oid, GNUTLS_KP_TLS_WWW_SERVER) == 0)
			name = "serverAuth";
		else if (strcmp(oid, GNUTLS_KP_TLS_WWW_CLIENT) == 0)
			name = "clientAuth";
		else
			name = oid;
		used = strlen(dst);
		snprintf(dst + used, size - used, "%s%s", i == 0 ? (used ? "; " : "") : ", ", name);
	}
}

int
dcb_pki_info(gnutls_x509_crt_t crt, struct dcb_pki_info *info, struct dcb_error *err)
{
	gnutls_datum_t d = {NULL, 0};
	unsigned char fp[64], serial[64];
	size_t fp_len = sizeof fp, serial_len = sizeof serial;
	unsigned bits = 0, critical;
	int pk, rc;

	memset(info, 0, sizeof *info);
	/* an empty name is "not available" */
	rc = gnutls_x509_crt_get_dn3(crt, &d, 0);
	if (rc < 0 && rc != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return tls_fail(err, rc, "gnutls_x509_crt_get_dn3");
	if (rc >= 0)
		copy_datum(info->subject, sizeof info->subject, &d);
	gnutls_free(d.data);
	d.data = NULL;
	rc = gnutls_x509_crt_get_issuer_dn3(crt, &d, 0);
	if (rc < 0 && rc != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return tls_fail(err, rc, "gnutls_x509_crt_get_issuer_dn3");
	if (rc >= 0)
		copy_datum(info->issuer, sizeof info->issuer, &d);
	gnutls_free(d.data);

	info->t_not_before = gnutls_x509_crt_get_activation_time(crt);
	info->t_not_after = gnutls_x509_crt_get_expiration_time(crt);
	format_time(info->not_before, sizeof info->not_before, info->t_not_before);
	format_time(info->not_after, sizeof info->not_after, info->t_not_after);
	info_san(crt, info->san, sizeof info->san);
	info_usage(crt, info->usage, sizeof info->usage);

	pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	if (pk == GNUTLS_PK_ECDSA) {
		gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;

		if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, NULL, NULL) >= 0)
			snprintf(info->key, sizeof info->key, "ECDSA %s",
			         gnutls_ecc_curve_get_name(curve));
		else
			snprintf(info->key, sizeof info->key, "ECDSA %u bits", bits);
	} else if (pk >= 0) {
		snprintf(info->key, sizeof info->key, "%s %u bits",
		         gnutls_pk_algorithm_get_name((gnutls_pk_algorithm_t)pk), bits);
	} else {
		snprintf(info->key, sizeof info->key, "?"); /* GnuTLS cannot read it */
	}

	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &fp_len) < 0)
		fp_len = 0;
	for (size_t i = 0; i < fp_len && 3 * i + 3 <= sizeof info->fingerprint; i++)
		snprintf(info->fingerprint + (i ? 3 * i - 1 : 0),
		         sizeof info->fingerprint - (i ? 3 * i - 1 : 0), i ? ":%02X" : "%02X",
		         fp[i]);
	if (gnutls_x509_crt_get_serial(crt, serial, &serial_len) >= 0)
		for (size_t i = 0; i < serial_len && 2 * i + 3 <= sizeof info->serial; i++)
			snprintf(info->serial + 2 * i, sizeof info->serial - 2 * i, "%02X",
			         serial[i]);
	info->ca = gnutls_x509_crt_get_basic_constraints(crt, &critical, NULL, NULL) > 0;
	info->self_signed = gnutls_x509_crt_check_issuer(crt, crt) == 1;
	return 0;
}

void
dcb_pki_describe(gnutls_x509_crt_t crt, int indent, char *buf, size_t size)
{
	struct dcb_pki_info in;
	struct dcb_error err;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (dcb_pki_info(crt, &in, &err) < 0) {
		snprintf(buf, size, "%*s%s\n", indent, "", err.message);
		return;
	}
	dcb_pki_appendf(buf, size, N_("%*sSubject:     %s\n"), indent, "", in.subject);
	dcb_pki_appendf(buf, size, N_("%*sIssuer:      %s%s\n"), indent, "", in.issuer,
	                in.self_signed ? dgettext(PACKAGE, N_(" (self-signed)")) : "");
	dcb_pki_appendf(buf, size, N_("%*sValid:       %s to %s\n"), indent, "", in.not_before,
	                in.not_after);
	if (in.san[0] != '\0')
		dcb_pki_appendf(buf, size, N_("%*sNames (SAN): %s\n"), indent, "", in.san);
	dcb_pki_appendf(buf, size, N_("%*sKey:         %s\n"), indent, "", in.key);
	dcb_pki_appendf(buf, size, N_("%*sUsage:       %s\n"), indent, "",
	                in.usage[0] != '\0' ? in.usage : "-");
	dcb_pki_appendf(buf, size, N_("%*sCA:          %s\n"), indent, "",
	                in.ca ? dgettext(PACKAGE, N_("yes (may sign certificates)"))
	                      : dgettext(PACKAGE, N_("no")));
	dcb_pki_appendf(buf, size, N_("%*sSerial:      %s\n"), indent, "", in.serial);
	dcb_pki_appendf(buf, size, N_("%*sSHA-256:     %s\n"), indent, "", in.fingerprint);
}

void
dcb_pki_explain_status(unsigned status, const gnutls_x509_crt_t *chain, unsigned n, const char *who,
                       time_t now, char *buf, size_t size)
{
	struct dcb_pki_info leaf, top;
	char nowtxt[32];
	bool found = false;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (n == 0 || chain == NULL) {
		dcb_pki_appendf(buf, size, N_("%s presented no certificate."), who);
		return;
	}
	if (dcb_pki_info(chain[0], &leaf, NULL) < 0 || dcb_pki_info(chain[n - 1], &top, NULL) < 0) {
		dcb_pki_appendf(buf, size, N_("%s presented a certificate that cannot be read."),
		                who);
		return;
	}
	if (status == 0) {
		dcb_pki_appendf(buf, size, N_("verified: '%s' issued by '%s'"), leaf.subject,
		                leaf.issuer);
		return;
	}
	dcb_pki_appendf(buf, size, N_("The certificate '%s' (%s) is not accepted: "), leaf.subject,
	                who);
	format_time(nowtxt, sizeof nowtxt, now);
	if (status & GNUTLS_CERT_SIGNER_NOT_FOUND) {
		if (top.self_signed)
			dcb_pki_appendf(buf, size,
			                N_("it is signed by '%s', which is not trusted here. "
			                   "Trust it by adding its certificate with +cf FILE "
			                   "(for a CA made by 'dicombench ca newca DIR': +cf "
			                   "DIR/cacert.pem). "),
			                top.subject);
		else
			dcb_pki_appendf(
			    buf, size,
			    N_("its issuer '%s' is not trusted here. "
			       "Trust it by adding the certificate of '%s' with +cf FILE "
			       "(for a CA made by 'dicombench ca newca DIR': +cf "
			       "DIR/cacert.pem). "),
			    top.issuer, top.issuer);
	}
	if (status & GNUTLS_CERT_EXPIRED) {
		for (unsigned i = 0; i < n; i++) {
			struct dcb_pki_info in;

			if (dcb_pki_info(chain[i], &in, NULL) == 0 && in.t_not_after < now) {
				dcb_pki_appendf(buf, size,
				                N_("'%s' expired on %s (it is now %s): issue a new "
				                   "certificate (dicombench ca mkcert). "),
				                in.subject, in.not_after, nowtxt);
				found = true;
			}
		}
		if (!found)
			dcb_pki_appendf(
			    buf, size,
			    N_("a certificate of its chain (perhaps the trusted CA) has "
			       "expired. "));
	}
	if (status & GNUTLS_CERT_NOT_ACTIVATED) {
		found = false;
		for (unsigned i = 0; i < n; i++) {
			struct dcb_pki_info in;

			if (dcb_pki_info(chain[i], &in, NULL) == 0 && in.t_not_before > now) {
				dcb_pki_appendf(
				    buf, size,
				    N_("'%s' is not valid before %s (it is now %s): check "
				       "the clocks of both machines. "),
				    in.subject, in.not_before, nowtxt);
				found = true;
			}
		}
		if (!found)
			dcb_pki_appendf(buf, size,
			                N_("a certificate of its chain is not valid yet: check the "
			                   "clocks of both machines. "));
	}
	if (status & GNUTLS_CERT_SIGNER_NOT_CA)
		dcb_pki_appendf(buf, size,
		                N_("its issuer '%s' is not a CA certificate (CA:false), so it "
		                   "may not sign certificates. "),
		                leaf.issuer);
	if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
		dcb_pki_appendf(buf, size,
		                N_("it is not made for this use (its key usage is: %s); issue one "
		                   "for TLS server and client use. "),
		                leaf.usage[0] != '\0' ? leaf.usage : "-");
	if (status & GNUTLS_CERT_REVOKED)
		dcb_pki_appendf(buf, size,
		                N_("it has been revoked (listed in a CRL given with +crl). "));
	if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
		dcb_pki_appendf(buf, size,
		                N_("its signature does not verify: it was altered, or the trusted "
		                   "certificate named '%s' holds a different key than the one "
		                   "that signed it. "),
		                leaf.issuer);
	if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
		dcb_pki_appendf(buf, size,
		                N_("it is signed with an insecure algorithm (such as SHA-1 or "
		                   "MD5); issue one signed with SHA-256. "));
	if (status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)
		dcb_pki_appendf(buf, size,
		                N_("a constraint of its issuer (path length or names) is "
		                   "violated. "));
	if (status &
	    (GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED | GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE))
		dcb_pki_appendf(buf, size, N_("a CRL is out of date or from the future. "));
	if (status & GNUTLS_CERT_UNEXPECTED_OWNER)
		dcb_pki_appendf(buf, size, N_("it was issued for another name. "));
	if (status & GNUTLS_CERT_MISMATCH)
		dcb_pki_appendf(buf, size, N_("it differs from the expected certificate. "));
	/* drop the trailing blank */
	size_t len = strlen(buf);

	if (len > 0 && buf[len - 1] == ' ')
		buf[len - 1] = '\0';
}

int
dcb_pki_verify(const gnutls_x509_crt_t *chain, unsigned n, const gnutls_x509_crt_t *cas,
               unsigned n_ca, unsigned purpose, struct dcb_error *err)
{
	gnutls_x509_trust_list_t tl;
	gnutls_typed_vdata_st vdata[1];
	unsigned nv = 0, status = 0;
	char text[sizeof err->message];
	int rc;

	if (n == 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("no certificate to verify"));
	rc = gnutls_x509_trust_list_init(&tl, 0);
	if (rc < 0)
		return tls_fail(err, rc, "gnutls_x509_trust_list_init");
	/* add_cas keeps the pointers; deinit(tl, 0) leaves them to us */
	rc = gnutls_x509_trust_list_add_cas(tl, cas, n_ca, 0);
	if (rc < 0) {
		gnutls_x509_trust_list_deinit(tl, 0);
		return tls_fail(err, rc, "gnutls_x509_trust_list_add_cas");
	}
	if (purpose & (DCB_PKI_SERVER | DCB_PKI_CLIENT)) {
		vdata[0].type = GNUTLS_DT_KEY_PURPOSE_OID;
		vdata[0].data =
		    (unsigned char *)((purpose & DCB_PKI_SERVER) ? GNUTLS_KP_TLS_WWW_SERVER
		                                                 : GNUTLS_KP_TLS_WWW_CLIENT);
		vdata[0].size = 0;
		nv = 1;
	}
	rc = gnutls_x509_trust_list_verify_crt2(tl, (gnutls_x509_crt_t *)chain, n,
	                                        nv ? vdata : NULL, nv, 0, &status, NULL);
	gnutls_x509_trust_list_deinit(tl, 0);
	if (rc < 0)
		return tls_fail(err, rc, "gnutls_x509_trust_list_verify_crt2");
	if (status == 0)
		return 0;
	dcb_pki_explain_status(status, chain, n, dgettext(PACKAGE, N_("the one verified")),
	                       time(NULL), text, sizeof text);
	return dcb_error_set(err, DCB_ERR_TLS, -1, "%s", text);
}
