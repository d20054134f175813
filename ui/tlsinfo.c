/* tlsinfo.c — certificate details for the TLS dialog and the demo CA,
 * with the core's PKI (GnuTLS x509). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../src/i18n.h"
#include "../src/pki.h"
#include "tlsinfo.h"

void
ui_tls_describe_cert(const char *path, char *buf, size_t size)
{
	gnutls_x509_crt_t *crts = NULL;
	unsigned n = 0;
	struct dcb_error err;
	struct dcb_pki_info info;

	if (path[0] == '\0') {
		snprintf(buf, size, "%s", _("no certificate chosen"));
		return;
	}
	if (dcb_pki_load_certs(path, &crts, &n, &err) < 0) {
		snprintf(buf, size, "%s", err.message);
		return;
	}
	if (dcb_pki_info(crts[0], &info, &err) < 0) {
		snprintf(buf, size, "%s", err.message);
	} else {
		time_t now = time(NULL);
		const char *state = now > info.t_not_after    ? _("EXPIRED")
		                    : now < info.t_not_before ? _("not yet valid")
		                                              : _("valid");
		snprintf(buf, size, _("%.100s · issuer %.100s · %s until %s"), info.subject,
		         info.issuer, state, info.not_after);
	}
	dcb_pki_certs_free(crts, n);
}

void
ui_tls_ca_summary(const char *path, char *buf, size_t size)
{
	gnutls_x509_crt_t *crts = NULL;
	unsigned n = 0;
	struct dcb_pki_info info;
	const char *cn;

	buf[0] = '\0';
	if (path[0] == '\0' || dcb_pki_load_certs(path, &crts, &n, NULL) < 0)
		return;
	if (dcb_pki_info(crts[0], &info, NULL) == 0) {
		cn = strstr(info.subject, "CN=");
		cn = cn != NULL ? cn + 3 : info.subject;
		/* TRANSLATORS: a CA's name and the last day it is valid. */
		snprintf(buf, size, _("%.*s (valid to %.10s)"), (int)strcspn(cn, ","), cn,
		         info.not_after);
	}
	dcb_pki_certs_free(crts, n);
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Issues key + certificate for one side, signed by the CA. */
static int
issue(gnutls_x509_crt_t ca, gnutls_x509_privkey_t ca_key, const char *cn, unsigned usage,
      const char *key_path, const char *cert_path, struct dcb_error *err)
{
	struct dcb_pki_opts o;
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_x509_crt_t chain[2];
	int rc;

	dcb_pki_opts_init(&o, false);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = cn;
	o.subject.o = "dicombench demo";
	o.usage = usage;
	rc = dcb_pki_make(&o, ca, ca_key, &key, &crt, err);
	if (rc < 0)
		return rc;
	chain[0] = crt;
	chain[1] = ca;
	rc = dcb_pki_write_key(key_path, key, NULL, err);
	if (rc == 0)
		rc = dcb_pki_write_certs(cert_path, chain, 2, err);
	gnutls_x509_privkey_deinit(key);
	gnutls_x509_crt_deinit(crt);
	return rc;
}

static void
set(char *field, size_t size, const char *value, bool only_empty)
{
	if (!only_empty || field[0] == '\0')
		snprintf(field, size, "%.1020s", value);
}

int
ui_tls_demo_ca(struct ui_settings *cfg, bool only_empty, char *msg, size_t size)
{
	char dir[UI_PATH_MAX - 64], ca_path[UI_PATH_MAX + 32], ca_key[UI_PATH_MAX + 32];
	char scp_key[UI_PATH_MAX + 32], scp_cert[UI_PATH_MAX + 32];
	char scu_key[UI_PATH_MAX + 32], scu_cert[UI_PATH_MAX + 32];
	struct dcb_error err;
	bool made = false;

	snprintf(dir, sizeof dir, "%.900s/ca", cfg->state_dir);
	snprintf(ca_path, sizeof ca_path, "%s/cacert.pem", dir);
	snprintf(ca_key, sizeof ca_key, "%s/private/cakey.pem", dir);
	snprintf(scp_key, sizeof scp_key, "%s/scp-key.pem", dir);
	snprintf(scp_cert, sizeof scp_cert, "%s/scp-cert.pem", dir);
	snprintf(scu_key, sizeof scu_key, "%s/scu-key.pem", dir);
	snprintf(scu_cert, sizeof scu_cert, "%s/scu-cert.pem", dir);

	if (!exists(ca_path) || !exists(scp_key) || !exists(scp_cert) || !exists(scu_key) ||
	    !exists(scu_cert)) {
		struct dcb_pki_opts o;
		gnutls_x509_privkey_t key = NULL;
		gnutls_x509_crt_t crt = NULL;
		char priv[UI_PATH_MAX + 16];

		snprintf(priv, sizeof priv, "%s/private", dir);
		if (ui_mkdirs(priv, 0700) < 0) {
			snprintf(msg, size, _("%s: cannot create the folder"), priv);
			return -1;
		}
		dcb_pki_opts_init(&o, true);
		o.key_type = DCB_KEY_ECDSA;
		o.subject.cn = "dicombench demo CA";
		o.subject.o = "dicombench demo";
		if (dcb_pki_make(&o, NULL, NULL, &key, &crt, &err) < 0 ||
		    dcb_pki_write_key(ca_key, key, NULL, &err) < 0 ||
		    dcb_pki_write_certs(ca_path, &crt, 1, &err) < 0 ||
		    issue(crt, key, "localhost", DCB_PKI_SERVER | DCB_PKI_CLIENT, scp_key, scp_cert,
		          &err) < 0 ||
		    issue(crt, key, "dicombench SCU", DCB_PKI_CLIENT | DCB_PKI_SERVER, scu_key,
		          scu_cert, &err) < 0) {
			if (key != NULL)
				gnutls_x509_privkey_deinit(key);
			if (crt != NULL)
				gnutls_x509_crt_deinit(crt);
			snprintf(msg, size, _("The demo CA could not be made: %s"), err.message);
			return -1;
		}
		gnutls_x509_privkey_deinit(key);
		gnutls_x509_crt_deinit(crt);
		made = true;
	}
	set(cfg->scp_key, sizeof cfg->scp_key, scp_key, only_empty);
	set(cfg->scp_cert, sizeof cfg->scp_cert, scp_cert, only_empty);
	set(cfg->scp_ca, sizeof cfg->scp_ca, ca_path, only_empty);
	set(cfg->scu_key, sizeof cfg->scu_key, scu_key, only_empty);
	set(cfg->scu_cert, sizeof cfg->scu_cert, scu_cert, only_empty);
	set(cfg->scu_ca, sizeof cfg->scu_ca, ca_path, only_empty);
	snprintf(msg, size,
	         made ? _("Made a demo CA in %s; both sides use its certificates.")
	              : _("Both sides use the demo CA in %s."),
	         dir);
	return 0;
}
