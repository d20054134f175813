/* tls-config.c — dcmtk's TLS options, the PS3.15 profiles as GnuTLS
 * priority strings, and the credentials made from them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "i18n.h"
#include "pki.h"
#include "tls-config.h"
#include "tls-internal.h"

/* A cipher suite as dcmtk (IANA) and OpenSSL name it, and the GnuTLS
 * parts that make it up. */
struct suite {
	const char *iana;
	const char *openssl;
	const char *kx; /* NULL for TLS 1.3 suites */
	const char *cipher;
	const char *mac;
};

static const struct suite suites[] = {
    {"TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", NULL, "AES-256-GCM", "AEAD"},
    {"TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", NULL, "CHACHA20-POLY1305",
     "AEAD"},
    {"TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", NULL, "AES-128-GCM", "AEAD"},
    {"TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256", NULL, "AES-128-CCM", "AEAD"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA",
     "AES-256-GCM", "AEAD"},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA",
     "AES-256-GCM", "AEAD"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
     "ECDHE-ECDSA", "CHACHA20-POLY1305", "AEAD"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA",
     "CHACHA20-POLY1305", "AEAD"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA",
     "AES-128-GCM", "AEAD"},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA",
     "AES-128-GCM", "AEAD"},
    {"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA", "AES-256-GCM",
     "AEAD"},
    {"TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", "DHE-RSA",
     "CHACHA20-POLY1305", "AEAD"},
    {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA", "AES-128-GCM",
     "AEAD"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM", "ECDHE-ECDSA", "AES-128-CCM",
     "AEAD"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM", "ECDHE-ECDSA", "AES-256-CCM",
     "AEAD"},
    {"TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM", "DHE-RSA", "AES-128-CCM", "AEAD"},
    {"TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM", "DHE-RSA", "AES-256-CCM", "AEAD"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA",
     "AES-256-CBC", "SHA384"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA", "AES-256-CBC",
     "SHA384"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA",
     "AES-128-CBC", "SHA256"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA", "AES-128-CBC",
     "SHA256"},
    {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", "DHE-RSA", "AES-256-CBC",
     "SHA256"},
    {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", "DHE-RSA", "AES-128-CBC",
     "SHA256"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", "ECDHE-ECDSA", "AES-256-CBC",
     "SHA1"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", "ECDHE-RSA", "AES-256-CBC",
     "SHA1"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA", "AES-128-CBC",
     "SHA1"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA", "AES-128-CBC",
     "SHA1"},
    {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", "DHE-RSA", "AES-256-CBC", "SHA1"},
    {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", "DHE-RSA", "AES-128-CBC", "SHA1"},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", "RSA", "AES-256-GCM", "AEAD"},
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", "RSA", "AES-128-GCM", "AEAD"},
    {"TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", "RSA", "AES-256-CBC", "SHA256"},
    {"TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", "RSA", "AES-128-CBC", "SHA256"},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", "RSA", "AES-256-CBC", "SHA1"},
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", "RSA", "AES-128-CBC", "SHA1"},
};

/* The profiles of PS3.15 Annex B as GnuTLS priority strings — the only
 * place where they are defined.  TLS 1.3 comes first everywhere, so it is
 * preferred when both sides have it (B.12).  %PROFILE_MEDIUM keeps RSA and
 * DHE at 2048 bits or more and ECDHE at 256 bits or more (B.13). */
static const struct {
	const char *versions;
	const char *rest;
} profiles[] = {
    [DCB_TLS_PROFILE_RFC8996] =
        {
            "+VERS-TLS1.3:+VERS-TLS1.2",
            "-CIPHER-ALL:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-GCM:"
            "-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA",
        },
    [DCB_TLS_PROFILE_BCP195_ND] =
        {
            "+VERS-TLS1.3:+VERS-TLS1.2",
            "-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:"
            "-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA",
        },
    [DCB_TLS_PROFILE_BCP195] =
        {
            "+VERS-TLS1.3:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0",
            "-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:+AES-256-CBC:"
            "+AES-128-CBC:-MAC-ALL:+AEAD:+SHA384:+SHA256:+SHA1:"
            "-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA:+RSA",
        },
    [DCB_TLS_PROFILE_BCP195_EX] =
        {
            "+VERS-TLS1.3:+VERS-TLS1.2",
            "-CIPHER-ALL:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-GCM:+AES-256-CCM:"
            "+AES-128-CCM:+AES-256-CBC:+AES-128-CBC:-MAC-ALL:+AEAD:+SHA384:+SHA256:"
            "-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA",
        },
};

static const char *const profile_names[] = {
    [DCB_TLS_PROFILE_RFC8996] = N_("BCP 195 RFC 8996 TLS profile (+pg)"),
    [DCB_TLS_PROFILE_BCP195_ND] = N_("non-downgrading BCP 195 TLS profile (+py)"),
    [DCB_TLS_PROFILE_BCP195] = N_("BCP 195 TLS profile (+px)"),
    [DCB_TLS_PROFILE_BCP195_EX] = N_("extended BCP 195 TLS profile (+pz)"),
};

const char *
dcb_tls_profile_name(enum dcb_tls_profile p)
{
	if ((unsigned)p >= sizeof profile_names / sizeof profile_names[0])
		p = DCB_TLS_PROFILE_RFC8996;
	return dgettext(PACKAGE, profile_names[p]);
}

void
dcb_tls_config_init(struct dcb_tls_config *c)
{
	memset(c, 0, sizeof *c);
	c->verify = DCB_TLS_VERIFY_REQUIRE;
	c->profile = DCB_TLS_PROFILE_RFC8996;
	c->pw_mode = DCB_TLS_PW_PROMPT;
}

static const struct suite *
find_suite(const char *name)
{
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		if (strcasecmp(name, suites[i].iana) == 0 ||
		    strcasecmp(name, suites[i].openssl) == 0)
			return &suites[i];
	return NULL;
}

static bool
has_part(const char *list, const char *part)
{
	char needle[64];

	snprintf(needle, sizeof needle, "+%s:", part);
	if (strstr(list, needle) != NULL)
		return true;
	snprintf(needle, sizeof needle, "+%s", part);
	size_t n = strlen(needle), l = strlen(list);
	return l >= n && strcmp(list + l - n, needle) == 0;
}

/* Does the profile allow this suite (for +cc)? */
static bool
profile_allows(enum dcb_tls_profile p, const struct suite *s)
{
	const char *rest = profiles[p].rest;

	if (s->kx == NULL)
		return strstr(profiles[p].versions, "TLS1.3") != NULL && has_part(rest, s->cipher);
	return has_part(rest, s->kx) && has_part(rest, s->cipher) && has_part(rest, s->mac);
}

static int
append(char *buf, size_t size, const char *text, struct dcb_error *err)
{
	size_t len = strlen(buf), n = strlen(text);

	if (len + n + 1 > size)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("TLS priority string too long"));
	memcpy(buf + len, text, n + 1);
	return 0;
}

int
dcb_tls_priority(enum dcb_tls_profile p, const char *const *names, size_t n_names, char *buf,
                 size_t size, struct dcb_error *err)
{
	char parts[512] = "";
	bool tls13 = false, tls12 = false;
	int rc;

	if ((unsigned)p >= sizeof profiles / sizeof profiles[0])
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("unknown TLS profile"));
	if (size == 0)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("TLS priority string too long"));
	buf[0] = '\0';
	if (n_names == 0) {
		if ((rc = append(buf, size, "NORMAL:-VERS-ALL:", err)) < 0 ||
		    (rc = append(buf, size, profiles[p].versions, err)) < 0 ||
		    (rc = append(buf, size, ":", err)) < 0 ||
		    (rc = append(buf, size, profiles[p].rest, err)) < 0 ||
		    (rc = append(buf, size, ":%PROFILE_MEDIUM", err)) < 0)
			return rc;
		return 0;
	}
	/* +cs: GnuTLS chooses by parts (key exchange, cipher, MAC), so the
	 * parts of each named suite are allowed; the versions follow the
	 * suites named. */
	for (size_t i = 0; i < n_names; i++) {
		const struct suite *s = find_suite(names[i]);
		char one[64];

		if (s == NULL)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("unknown TLS cipher suite '%s'; '+cc' lists the "
			                        "suites (dcmtk and OpenSSL names both work)"),
			                     names[i]);
		if (s->kx == NULL)
			tls13 = true;
		else
			tls12 = true;
		const char *add[3] = {s->kx, s->cipher, s->mac};

		for (int k = 0; k < 3; k++) {
			if (add[k] == NULL || has_part(parts, add[k]))
				continue;
			snprintf(one, sizeof one, ":+%s", add[k]);
			if ((rc = append(parts, sizeof parts, one, err)) < 0)
				return rc;
		}
	}
	if ((rc = append(buf, size, "NORMAL:-VERS-ALL", err)) < 0 ||
	    (tls13 && (rc = append(buf, size, ":+VERS-TLS1.3", err)) < 0) ||
	    (tls12 && (rc = append(buf, size, ":+VERS-TLS1.2", err)) < 0) ||
	    (tls12 && p == DCB_TLS_PROFILE_BCP195 &&
	     (rc = append(buf, size, ":+VERS-TLS1.1:+VERS-TLS1.0", err)) < 0) ||
	    (rc = append(buf, size, ":-CIPHER-ALL:-MAC-ALL", err)) < 0 ||
	    (rc = append(buf, size, tls12 ? ":-KX-ALL" : "", err)) < 0 ||
	    (rc = append(buf, size, parts, err)) < 0 ||
	    (rc = append(buf, size, ":%PROFILE_MEDIUM", err)) < 0)
		return rc;
	return 0;
}

int
dcb_tls_list_suites(enum dcb_tls_profile p, char *buf, size_t size)
{
	int count = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if ((unsigned)p >= sizeof profiles / sizeof profiles[0])
		return 0;
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		const struct suite *s = &suites[i];
		size_t len = strlen(buf);

		if (!profile_allows(p, s))
			continue;
		snprintf(buf + len, size - len, "  %-46s %-8s %s\n", s->iana,
		         s->kx == NULL ? "TLS1.3" : "TLS1.2", s->openssl);
		count++;
	}
	return count;
}

static int
need_value(int argc, char **argv, int i, int n, struct dcb_error *err)
{
	if (i + n >= argc)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     n == 1 ? N_("option %s needs a value")
		                            : N_("option %s needs two values"),
		                     argv[i]);
	return 0;
}

static int
add_file(const char **list, size_t *n, const char *file, const char *opt, struct dcb_error *err)
{
	if (*n >= DCB_TLS_MAX_FILES)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("too many %s options (at most %d)"),
		                     opt, DCB_TLS_MAX_FILES);
	list[(*n)++] = file;
	return 1;
}

static int
note(struct dcb_tls_config *c, const char *text)
{
	dcb_pki_appendf(c->notes, sizeof c->notes, "%s\n", dgettext(PACKAGE, text));
	return 1;
}

int
dcb_tls_option(struct dcb_tls_config *c, int argc, char **argv, int *i, struct dcb_error *err)
{
	const char *a = argv[*i];
	int rc;

#define IS(s, l) (strcmp(a, s) == 0 || strcmp(a, l) == 0)
	if (IS("+tls", "--enable-tls")) {
		if ((rc = need_value(argc, argv, *i, 2, err)) < 0)
			return rc;
		c->enabled = true;
		c->key_file = argv[*i + 1];
		c->cert_file = argv[*i + 2];
		*i += 2;
		return 1;
	}
	if (strcmp(a, "--tls-no-cert") == 0 || IS("+tla", "--anonymous-tls")) {
		/* TLS as a requestor without a certificate (dcmtk: anonymous TLS) */
		c->enabled = true;
		c->key_file = c->cert_file = NULL;
		return 1;
	}
	if (IS("-tls", "--disable-tls")) {
		c->enabled = false;
		return 1;
	}
	if (IS("+ps", "--std-passwd")) {
		c->pw_mode = DCB_TLS_PW_PROMPT;
		return 1;
	}
	if (IS("+pw", "--use-passwd")) {
		if ((rc = need_value(argc, argv, *i, 1, err)) < 0)
			return rc;
		c->pw_mode = DCB_TLS_PW_GIVEN;
		c->password = argv[++*i];
		return 1;
	}
	if (IS("-pw", "--null-passwd")) {
		c->pw_mode = DCB_TLS_PW_NONE;
		return 1;
	}
	if (IS("-pem", "--pem-keys")) {
		c->der = false;
		return 1;
	}
	if (IS("-der", "--der-keys")) {
		c->der = true;
		return 1;
	}
	if (IS("+cf", "--add-cert-file") || IS("+cd", "--add-cert-dir") ||
	    IS("+crl", "--add-crl-file")) {
		if ((rc = need_value(argc, argv, *i, 1, err)) < 0)
			return rc;
		++*i;
		if (IS("+cf", "--add-cert-file"))
			return add_file(c->ca_files, &c->n_ca_files, argv[*i], a, err);
		if (IS("+cd", "--add-cert-dir"))
			return add_file(c->ca_dirs, &c->n_ca_dirs, argv[*i], a, err);
		return add_file(c->crl_files, &c->n_crl_files, argv[*i], a, err);
	}
	if (IS("+crv", "--enable-crl-vfy") || IS("+cra", "--enable-crl-all"))
		return note(c, N_("+crv/+cra: GnuTLS checks every certificate of the chain "
		                  "against the CRLs given with +crl."));
	if (IS("+pg", "--profile-8996")) {
		c->profile = DCB_TLS_PROFILE_RFC8996;
		return 1;
	}
	if (IS("+py", "--profile-bcp195-nd")) {
		c->profile = DCB_TLS_PROFILE_BCP195_ND;
		return 1;
	}
	if (IS("+px", "--profile-bcp195")) {
		c->profile = DCB_TLS_PROFILE_BCP195;
		return 1;
	}
	if (IS("+pz", "--profile-bcp195-ex")) {
		c->profile = DCB_TLS_PROFILE_BCP195_EX;
		return 1;
	}
	if (IS("+pa", "--profile-aes") || IS("+pn", "--profile-null"))
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("%s is a retired profile (PS3.15 Annex B) that dicombench "
		                        "does not offer; use +pg (the default), +py, +px or +pz"),
		                     a);
	if (IS("+cc", "--list-ciphers")) {
		c->list_suites = true;
		return 1;
	}
	if (IS("+cs", "--cipher")) {
		if ((rc = need_value(argc, argv, *i, 1, err)) < 0)
			return rc;
		++*i;
		if (find_suite(argv[*i]) == NULL)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("unknown TLS cipher suite '%s'; '+cc' lists the "
			                        "suites (dcmtk and OpenSSL names both work)"),
			                     argv[*i]);
		if (c->n_suites >= DCB_TLS_MAX_SUITES)
			return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("too many +cs options"));
		c->suites[c->n_suites++] = argv[*i];
		return 1;
	}
	if (IS("+dp", "--dhparam")) {
		if ((rc = need_value(argc, argv, *i, 1, err)) < 0)
			return rc;
		++*i;
		return note(c, N_("+dp: not needed; GnuTLS uses the RFC 7919 Diffie-Hellman groups "
		                  "of at least 2048 bits, so the file is not read."));
	}
	if (IS("+rs", "--seed") || IS("+wf", "--write-seed-file")) {
		if ((rc = need_value(argc, argv, *i, 1, err)) < 0)
			return rc;
		++*i;
		return note(c, N_("+rs/+wf: not needed; GnuTLS seeds itself from the operating "
		                  "system, so no seed file is read or written."));
	}
	if (IS("+ws", "--write-seed"))
		return note(c, N_("+ws: not needed; GnuTLS seeds itself from the operating system, "
		                  "so no seed file is written."));
	if (IS("-rc", "--require-peer-cert")) {
		c->verify = DCB_TLS_VERIFY_REQUIRE;
		return 1;
	}
	if (IS("-vc", "--verify-peer-cert")) {
		c->verify = DCB_TLS_VERIFY_IF_PRESENT;
		return 1;
	}
	if (IS("-ic", "--ignore-peer-cert")) {
		c->verify = DCB_TLS_VERIFY_IGNORE;
		return 1;
	}
#undef IS
	return 0;
}

int
dcb_tls_config_check(const struct dcb_tls_config *c, struct dcb_error *err)
{
	if (c->n_suites > 0 && c->profile == DCB_TLS_PROFILE_BCP195_EX)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("+cs cannot be combined with +pz (the extended profile "
		                        "fixes its suites); drop one of them"));
	if (!c->enabled && (c->n_ca_files > 0 || c->n_ca_dirs > 0 || c->n_suites > 0))
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("TLS options were given without +tls KEY CERT; add +tls "
		                        "to use TLS"));
	return 0;
}

bool
dcb_tls_config_needs_password(const struct dcb_tls_config *c)
{
	gnutls_x509_privkey_t key;
	struct dcb_error err = {0};

	if (!c->enabled || c->key_file == NULL || c->pw_mode != DCB_TLS_PW_PROMPT)
		return false;
	if (dcb_pki_load_key(c->key_file, NULL, &key, &err) == 0) {
		gnutls_x509_privkey_deinit(key);
		return false;
	}
	return err.code == DCB_ERR_USAGE;
}

/* GnuTLS must be able to read the public key of every certificate of the
 * own chain.  Checked before gnutls_certificate_set_x509_key(), which
 * says only "cannot be used" (and GnuTLS 3.7 leaks the key it copied when
 * it fails there).  Returns 0 or DCB_ERR_MALFORMED naming the certificate. */
static int
check_public_keys(const gnutls_x509_crt_t *chain, unsigned n, const char *file,
                  struct dcb_error *err)
{
	for (unsigned i = 0; i < n; i++) {
		gnutls_pubkey_t pk;
		int rc = gnutls_pubkey_init(&pk);

		if (rc < 0)
			return dcb_error_set(err, DCB_ERR_TLS, -1, "%s", gnutls_strerror(rc));
		rc = gnutls_pubkey_import_x509(pk, chain[i], 0);
		gnutls_pubkey_deinit(pk);
		if (rc < 0)
			return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
			                     N_("%s: the public key of certificate %u of %u cannot "
			                        "be read (%s); issue the certificate again"),
			                     file, i + 1, n, gnutls_strerror(rc));
	}
	return 0;
}

static int
load_own(struct dcb_tls_creds *cr, const struct dcb_tls_config *c, struct dcb_error *err)
{
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t *chain;
	unsigned n;
	const char *pw = c->pw_mode == DCB_TLS_PW_GIVEN  ? c->password
	                 : c->pw_mode == DCB_TLS_PW_NONE ? ""
	                                                 : c->password;
	int rc;

	if ((rc = dcb_pki_load_key(c->key_file, pw, &key, err)) < 0)
		return rc;
	if ((rc = dcb_pki_load_certs(c->cert_file, &chain, &n, err)) < 0) {
		gnutls_x509_privkey_deinit(key);
		return rc;
	}
	rc = check_public_keys(chain, n, c->cert_file, err);
	if (rc == 0)
		rc = dcb_pki_key_matches(chain[0], key, c->cert_file, c->key_file, err);
	if (rc == 0) {
		rc = gnutls_certificate_set_x509_key(cr->cred, chain, n, key);
		if (rc < 0)
			rc = dcb_error_set(err, DCB_ERR_TLS, -1, N_("%s and %s cannot be used: %s"),
			                   c->key_file, c->cert_file, gnutls_strerror(rc));
		else
			rc = dcb_pki_info(chain[0], &cr->own, err);
	}
	cr->have_own = rc == 0;
	dcb_pki_certs_free(chain, n);
	gnutls_x509_privkey_deinit(key);
	return rc;
}

static int
load_trust(struct dcb_tls_creds *cr, const struct dcb_tls_config *c, struct dcb_error *err)
{
	gnutls_x509_crt_fmt_t fmt = c->der ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM;
	int rc;

	for (size_t i = 0; i < c->n_ca_files; i++) {
		gnutls_x509_crt_t *list;
		unsigned n;

		/* read it ourselves first, for a message that names the file */
		if ((rc = dcb_pki_load_certs(c->ca_files[i], &list, &n, err)) < 0)
			return rc;
		rc = gnutls_certificate_set_x509_trust(cr->cred, list, (int)n);
		dcb_pki_certs_free(list, n);
		if (rc < 0)
			return dcb_error_set(err, DCB_ERR_TLS, -1, N_("+cf %s: %s"), c->ca_files[i],
			                     gnutls_strerror(rc));
		cr->n_trusted += (unsigned)rc;
	}
	for (size_t i = 0; i < c->n_ca_dirs; i++) {
		rc = gnutls_certificate_set_x509_trust_dir(cr->cred, c->ca_dirs[i], fmt);
		if (rc < 0)
			return dcb_error_set(err, DCB_ERR_IO, -1, N_("+cd %s: %s"), c->ca_dirs[i],
			                     gnutls_strerror(rc));
		if (rc == 0)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("+cd %s: no certificate found in that folder"),
			                     c->ca_dirs[i]);
		cr->n_trusted += (unsigned)rc;
	}
	for (size_t i = 0; i < c->n_crl_files; i++) {
		rc = gnutls_certificate_set_x509_crl_file(cr->cred, c->crl_files[i], fmt);
		if (rc < 0)
			return dcb_error_set(err, DCB_ERR_IO, -1, N_("+crl %s: %s"),
			                     c->crl_files[i], gnutls_strerror(rc));
	}
	return 0;
}

int
dcb_tls_creds_new(const struct dcb_tls_config *c, bool server, struct dcb_tls_creds **out,
                  struct dcb_error *err)
{
	struct dcb_tls_creds *cr;
	const char *where = NULL;
	int rc;

	if (c->n_suites > 0 && c->profile == DCB_TLS_PROFILE_BCP195_EX)
		return dcb_tls_config_check(c, err);
	if (c->key_file == NULL || c->cert_file == NULL) {
		if (server)
			return dcb_error_set(
			    err, DCB_ERR_USAGE, -1,
			    N_("a TLS acceptor needs its own key and certificate: "
			       "+tls KEY CERT (make them with 'dicombench ca mkcert')"));
	}
	cr = calloc(1, sizeof *cr);
	if (cr == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	cr->server = server;
	cr->verify = c->verify;
	cr->profile = c->profile;
	if ((rc = gnutls_certificate_allocate_credentials(&cr->cred)) < 0) {
		free(cr);
		return dcb_error_set(err, DCB_ERR_TLS, -1, "%s", gnutls_strerror(rc));
	}
	if (c->key_file != NULL && c->cert_file != NULL && (rc = load_own(cr, c, err)) < 0)
		goto fail;
	if ((rc = load_trust(cr, c, err)) < 0)
		goto fail;
	if ((rc = dcb_tls_priority(c->profile, c->suites, c->n_suites, cr->priority,
	                           sizeof cr->priority, err)) < 0)
		goto fail;
	rc = gnutls_priority_init(&cr->prio, cr->priority, &where);
	if (rc < 0) {
		rc =
		    dcb_error_set(err, DCB_ERR_TLS, -1, N_("TLS priority '%s' refused at '%s': %s"),
		                  cr->priority, where != NULL ? where : "?", gnutls_strerror(rc));
		goto fail;
	}
	gnutls_certificate_set_verify_function(cr->cred, dcb_tls_verify_callback);
	*out = cr;
	return 0;
fail:
	gnutls_certificate_free_credentials(cr->cred);
	free(cr);
	return rc;
}

void
dcb_tls_creds_free(struct dcb_tls_creds *cr)
{
	if (cr == NULL)
		return;
	if (cr->prio != NULL)
		gnutls_priority_deinit(cr->prio);
	gnutls_certificate_free_credentials(cr->cred);
	free(cr);
}

const struct dcb_pki_info *
dcb_tls_creds_own(const struct dcb_tls_creds *cr)
{
	return cr != NULL && cr->have_own ? &cr->own : NULL;
}

bool
dcb_tls_creds_check_dates(const struct dcb_tls_creds *cr, time_t now, char *buf, size_t size)
{
	const struct dcb_pki_info *in = dcb_tls_creds_own(cr);

	if (size > 0)
		buf[0] = '\0';
	if (in == NULL)
		return false;
	if (in->t_not_after < now)
		dcb_pki_appendf(
		    buf, size,
		    N_("our certificate '%s' expired on %s: peers will refuse it; issue a "
		       "new one (dicombench ca mkcert)"),
		    in->subject, in->not_after);
	else if (in->t_not_before > now)
		dcb_pki_appendf(
		    buf, size,
		    N_("our certificate '%s' is not valid before %s: peers will refuse it "
		       "until then; check this machine's clock"),
		    in->subject, in->not_before);
	else
		return false;
	return true;
}
