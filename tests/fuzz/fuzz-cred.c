/* fuzz-cred.c — libFuzzer target for credential loading, as the commands
 * do it: a private key (PEM or DER; PKCS#8 plain or encrypted, PKCS#1,
 * SEC1), a certificate chain, trusted certificates and a CRL go through
 * src/pki.c (load, describe, explain, verify, key against certificate)
 * and, as files, through dcb_tls_creds_new() (src/tls-config.c: +tls KEY
 * CERT, +cf, +crl, -der, +pw/-pw/+ps, the profiles).
 *
 * The input is one flags byte, then up to five parts separated by
 * "%%%%": key, certificates, trusted certificates, CRL, password
 * (tests/fuzz/corpus-cred, made by tests/fuzz/make-cred-seeds.sh; the
 * dictionary is tests/fuzz/cred.dict).
 *
 *   flags bit 0     the acceptor's credentials (server)
 *   flags bits 1-2  0 +pw PASSWORD, 1 -pw (empty), 2 +ps (no password), 3 as 0
 *   flags bit 3     -der (the CRL is read as DER)
 *   flags bits 4-5  -rc, -vc, -ic (3: -rc)
 *   flags bits 6-7  +pg, +py, +px, +pz
 *
 * The parts are written to memory files (memfd) that the code opens by
 * name, so the file reading is the real one.  "Now" is fixed, so a run is
 * repeatable. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/pki.h"
#include "../../src/tls-config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { P_KEY, P_CERTS, P_CA, P_CRL, P_PASSWORD, N_PARTS };

#define SEPARATOR "%%%%"
#define NOW ((time_t)1795816800) /* 2026-11-27 22:00:00 UTC */

struct part {
	const uint8_t *p;
	size_t n;
};

/* Splits data at SEPARATOR into at most N_PARTS parts. */
static void
split(const uint8_t *data, size_t size, struct part parts[N_PARTS])
{
	size_t k = 0;

	for (size_t i = 0; i < N_PARTS; i++)
		parts[i] = (struct part){(const uint8_t *)"", 0};
	while (k < N_PARTS - 1) {
		const uint8_t *s = memmem(data, size, SEPARATOR, strlen(SEPARATOR));
		if (s == NULL)
			break;
		parts[k].p = data;
		parts[k].n = (size_t)(s - data);
		size -= parts[k].n + strlen(SEPARATOR);
		data = s + strlen(SEPARATOR);
		k++;
	}
	parts[k].p = data;
	parts[k].n = size;
}

/* One memory file per part, made once; its name is /proc/self/fd/N. */
static int fds[N_PARTS] = {-1, -1, -1, -1, -1};

static const char *
as_file(int i, const struct part *p, char *name, size_t size)
{
	if (fds[i] < 0 && (fds[i] = memfd_create("fuzz-cred", 0)) < 0)
		abort();
	if (ftruncate(fds[i], 0) != 0 ||
	    (p->n > 0 && pwrite(fds[i], p->p, p->n, 0) != (ssize_t)p->n))
		abort();
	snprintf(name, size, "/proc/self/fd/%d", fds[i]);
	return name;
}

/* pki.c on the bytes themselves: what 'dicombench ca show / verify' and the
 * TLS verification callback do. */
static void
pki_in_memory(const struct part *parts, const char *password, unsigned purpose)
{
	gnutls_x509_crt_t *chain = NULL, *cas = NULL;
	gnutls_x509_privkey_t key = NULL;
	unsigned n = 0, n_ca = 0;
	struct dcb_error err;
	char text[4096];

	if (dcb_pki_load_key_mem(parts[P_KEY].p, parts[P_KEY].n, password, &key, &err) < 0)
		key = NULL;
	if (dcb_pki_load_certs_mem(parts[P_CERTS].p, parts[P_CERTS].n, &chain, &n, &err) == 0) {
		for (unsigned i = 0; i < n; i++)
			dcb_pki_describe(chain[i], (int)i, text, sizeof text);
		/* verified, and every failure it can put in words at once (the
		 * sentences depend on the chain, not on each other) */
		dcb_pki_explain_status(0, chain, n, "fuzz", NOW, text, sizeof text);
		dcb_pki_explain_status(0xffffffffu, chain, n, "fuzz", NOW, text, sizeof text);
		if (key != NULL)
			dcb_pki_key_matches(chain[0], key, "cert", "key", &err);
		if (dcb_pki_load_certs_mem(parts[P_CA].p, parts[P_CA].n, &cas, &n_ca, &err) < 0)
			n_ca = 0;
		dcb_pki_verify(chain, n, cas, n_ca, purpose, &err);
		dcb_pki_certs_free(cas, n_ca);
		dcb_pki_certs_free(chain, n);
	}
	dcb_pki_explain_status(GNUTLS_CERT_INVALID, NULL, 0, "fuzz", NOW, text, sizeof text);
	if (key != NULL)
		gnutls_x509_privkey_deinit(key);
}

/* tls-config.c on the parts as files: what +tls KEY CERT +cf CA +crl CRL
 * make of them. */
static void
creds_from_files(const struct part *parts, uint8_t flags, const char *password)
{
	static const enum dcb_tls_password pw_modes[] = {DCB_TLS_PW_GIVEN, DCB_TLS_PW_NONE,
	                                                 DCB_TLS_PW_PROMPT, DCB_TLS_PW_GIVEN};
	static const enum dcb_tls_verify verify[] = {DCB_TLS_VERIFY_REQUIRE,
	                                             DCB_TLS_VERIFY_IF_PRESENT,
	                                             DCB_TLS_VERIFY_IGNORE, DCB_TLS_VERIFY_REQUIRE};
	char names[N_PARTS][32];
	struct dcb_tls_config c;
	struct dcb_tls_creds *cr;
	struct dcb_error err;
	char text[1024];

	dcb_tls_config_init(&c);
	c.enabled = true;
	if (parts[P_KEY].n > 0)
		c.key_file = as_file(P_KEY, &parts[P_KEY], names[P_KEY], sizeof names[P_KEY]);
	if (parts[P_CERTS].n > 0)
		c.cert_file =
		    as_file(P_CERTS, &parts[P_CERTS], names[P_CERTS], sizeof names[P_CERTS]);
	if (parts[P_CA].n > 0)
		c.ca_files[c.n_ca_files++] =
		    as_file(P_CA, &parts[P_CA], names[P_CA], sizeof names[P_CA]);
	if (parts[P_CRL].n > 0)
		c.crl_files[c.n_crl_files++] =
		    as_file(P_CRL, &parts[P_CRL], names[P_CRL], sizeof names[P_CRL]);
	c.pw_mode = pw_modes[(flags >> 1) & 3];
	c.password = c.pw_mode == DCB_TLS_PW_GIVEN ? password : NULL;
	c.der = (flags & 8) != 0;
	c.verify = verify[(flags >> 4) & 3];
	c.profile = (enum dcb_tls_profile)(flags >> 6);
	if (dcb_tls_config_check(&c, &err) < 0)
		return;
	(void)dcb_tls_config_needs_password(&c);
	if (dcb_tls_creds_new(&c, (flags & 1) != 0, &cr, &err) < 0)
		return;
	(void)dcb_tls_creds_own(cr);
	dcb_tls_creds_check_dates(cr, NOW, text, sizeof text);
	dcb_tls_creds_free(cr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct part parts[N_PARTS];
	char password[65];
	uint8_t flags;

	if (size < 1)
		return 0;
	flags = data[0];
	split(data + 1, size - 1, parts);
	snprintf(password, sizeof password, "%.*s", (int)parts[P_PASSWORD].n,
	         (const char *)parts[P_PASSWORD].p);
	/* +ps without a terminal: no password; -pw: the empty one */
	pki_in_memory(parts,
	              ((flags >> 1) & 3) == 2   ? NULL
	              : ((flags >> 1) & 3) == 1 ? ""
	                                        : password,
	              flags & 1 ? DCB_PKI_SERVER : DCB_PKI_CLIENT);
	creds_from_files(parts, flags, password);
	return 0;
}
