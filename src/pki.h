/* pki.h — a small certification authority with GnuTLS's x509 API: make a
 * CA, issue TLS certificates, read and write keys and certificate chains,
 * check that a key fits a certificate, describe and verify certificates in
 * words a person can act on.
 *
 * Keys and certificates are GnuTLS objects; the caller owns what a function
 * hands out and releases it with gnutls_x509_privkey_deinit(),
 * gnutls_x509_crt_deinit() or dcb_pki_certs_free().  Nothing here prints. */
#ifndef DCB_PKI_H
#define DCB_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "error.h"

enum dcb_key_type {
	DCB_KEY_RSA,   /* bits: 2048 .. 16384 */
	DCB_KEY_ECDSA, /* bits: 256 (P-256, the default), 384 or 521 */
};

/* What a certificate may be used for (extended key usage). */
enum {
	DCB_PKI_SERVER = 1 << 0, /* TLS WWW server authentication */
	DCB_PKI_CLIENT = 1 << 1, /* TLS WWW client authentication */
};

/* Distinguished name fields; NULL or "" leaves a field out. */
struct dcb_pki_subject {
	const char *cn; /* common name */
	const char *o;  /* organization */
	const char *ou; /* organizational unit */
	const char *l;  /* locality */
	const char *st; /* state or province */
	const char *c;  /* two-letter country code */
	const char *email;
};

#define DCB_PKI_MAX_SAN 16

/* How to make a key and a certificate.  Fill with dcb_pki_opts_init(). */
struct dcb_pki_opts {
	enum dcb_key_type key_type;
	unsigned bits;        /* 0: 4096 for a CA, 2048 for RSA, 256 for ECDSA */
	unsigned days;        /* validity; 0: 730 for a CA, 365 otherwise */
	int64_t start_offset; /* seconds from now the validity starts (negative: in the past) */
	struct dcb_pki_subject subject;
	bool ca;        /* CA:true, keyCertSign + cRLSign */
	int path_len;   /* CA only: pathLenConstraint, -1 for none */
	unsigned usage; /* leaf only: DCB_PKI_SERVER | DCB_PKI_CLIENT */
	/* leaf only: "DNS:name" or "IP:address"; none: localhost, 127.0.0.1, ::1 */
	const char *san[DCB_PKI_MAX_SAN];
	size_t n_san;
};

void dcb_pki_opts_init(struct dcb_pki_opts *o, bool ca);

/* Makes a key pair and a certificate for it.  With issuer == NULL the
 * certificate is self-signed (a root CA: o->ca must be true); otherwise it
 * is signed by issuer/issuer_key, which must be a CA.  Serial numbers are
 * 16 random bytes.
 * Errors: DCB_ERR_USAGE (bad option, bad SAN, issuer not a CA),
 * DCB_ERR_TLS (GnuTLS failed), DCB_ERR_NOMEM. */
int dcb_pki_make(const struct dcb_pki_opts *o, gnutls_x509_crt_t issuer,
                 gnutls_x509_privkey_t issuer_key, gnutls_x509_privkey_t *key_out,
                 gnutls_x509_crt_t *crt_out, struct dcb_error *err);

/* Writes key as PKCS#8 PEM with mode 0600 (created new or truncated),
 * encrypted with AES-256 (PBES2) when password is not NULL.
 * Errors: DCB_ERR_IO, DCB_ERR_TLS. */
int dcb_pki_write_key(const char *path, gnutls_x509_privkey_t key, const char *password,
                      struct dcb_error *err);

/* Writes n certificates as PEM (mode 0644), leaf first.  Errors: DCB_ERR_IO, DCB_ERR_TLS. */
int dcb_pki_write_certs(const char *path, const gnutls_x509_crt_t *crts, size_t n,
                        struct dcb_error *err);

/* Reads a private key, PEM or DER (detected), PKCS#8 (plain or encrypted),
 * PKCS#1 or SEC1.  password may be NULL.
 * Errors: DCB_ERR_IO (cannot read), DCB_ERR_USAGE (encrypted and no or a
 * wrong password), DCB_ERR_MALFORMED (not a key). */
int dcb_pki_load_key(const char *path, const char *password, gnutls_x509_privkey_t *out,
                     struct dcb_error *err);
int dcb_pki_load_key_mem(const uint8_t *data, size_t len, const char *password,
                         gnutls_x509_privkey_t *out, struct dcb_error *err);

/* Reads one or more certificates (PEM with several blocks, or one DER).
 * *out is an array of *n certificates; free it with dcb_pki_certs_free().
 * Errors: DCB_ERR_IO, DCB_ERR_MALFORMED (no certificate in it), DCB_ERR_LIMIT
 * (more than 64), DCB_ERR_NOMEM. */
int dcb_pki_load_certs(const char *path, gnutls_x509_crt_t **out, unsigned *n,
                       struct dcb_error *err);
int dcb_pki_load_certs_mem(const uint8_t *data, size_t len, gnutls_x509_crt_t **out, unsigned *n,
                           struct dcb_error *err);
void dcb_pki_certs_free(gnutls_x509_crt_t *crts, unsigned n);

/* 0 when key is the private key of crt's public key; DCB_ERR_USAGE with
 * both names in the detail when not. */
int dcb_pki_key_matches(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *crt_name,
                        const char *key_name, struct dcb_error *err);

/* The facts a person wants to see about one certificate. */
struct dcb_pki_info {
	char subject[256];
	char issuer[256];
	char not_before[32]; /* "2026-11-27 21:30:00 UTC" */
	char not_after[32];
	time_t t_not_before, t_not_after;
	char san[256];        /* "DNS:localhost, IP:127.0.0.1", "" if none */
	char key[64];         /* "RSA 2048 bits", "ECDSA P-256" */
	char fingerprint[96]; /* SHA-256, "AB:CD:..." */
	char serial[64];      /* hex */
	char usage[128];      /* "digitalSignature, keyEncipherment; serverAuth, clientAuth" */
	bool ca;
	bool self_signed;
};

/* Fills *info.  Errors: DCB_ERR_TLS (certificate cannot be read). */
int dcb_pki_info(gnutls_x509_crt_t crt, struct dcb_pki_info *info, struct dcb_error *err);

/* Several lines (translated labels) describing crt, each ending in '\n',
 * each indented by indent spaces. */
void dcb_pki_describe(gnutls_x509_crt_t crt, int indent, char *buf, size_t size);

/* Explains a GnuTLS verification status for the chain a peer presented
 * (leaf first) in sentences: which certificate, which issuer is missing and
 * how to trust it, which dates, which usage.  who says whose it is
 * ("sent by the peer (SCU)").  status 0 → "verified". */
void dcb_pki_explain_status(unsigned status, const gnutls_x509_crt_t *chain, unsigned n,
                            const char *who, time_t now, char *buf, size_t size);

/* Verifies chain (leaf first, may include intermediates) against the
 * trusted certificates cas, now.  purpose is 0 or DCB_PKI_SERVER /
 * DCB_PKI_CLIENT.  0 when valid; DCB_ERR_TLS with the explanation of
 * dcb_pki_explain_status() in err when not. */
int dcb_pki_verify(const gnutls_x509_crt_t *chain, unsigned n, const gnutls_x509_crt_t *cas,
                   unsigned n_ca, unsigned purpose, struct dcb_error *err);

/* Appends to the string in buf (size bytes, always terminated) the
 * translation of the N_()-marked fmt, formatted. */
void dcb_pki_appendf(char *buf, size_t size, const char *fmt, ...) DCB_PRINTF(3, 4);

#endif
