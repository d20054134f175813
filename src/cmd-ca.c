/* cmd-ca.c — `dicombench ca`: a certification authority for TLS tests, in
 * the layout of dcmtk_ca.pl, without prompts.
 *
 *   ca newca [options] DIR                 DIR/cacert.pem, DIR/private/cakey.pem
 *   ca mkcert [-des no] [options] CADIR CERT KEY
 *   ca show FILE
 *   ca verify CERT --ca FILE... */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "i18n.h"
#include "pki.h"

#define MAX_ARGS 8
#define MAX_CAS 32

struct ca_args {
	struct dcb_pki_opts opts;
	const char *pos[MAX_ARGS];
	int npos;
	const char *password;     /* the new key's password */
	const char *ca_password;  /* the CA key's password (mkcert, --issuer) */
	const char *issuer_dir;   /* newca: an intermediate signed by this CA */
	const char *cas[MAX_CAS]; /* verify */
	int ncas;
	int des; /* -1 unset, 0 "-des no", 1 "-des yes" */
	bool fullchain;
	bool force;
	char pwbuf[2][256];
};

static void
usage_newca(FILE *out)
{
	fprintf(out, _("Usage: %s ca newca [OPTIONS] DIR\n"), PACKAGE);
	fputs(_("Makes a certification authority in DIR, as dcmtk_ca.pl newca does:\n"
	        "DIR/cacert.pem (the certificate peers trust with +cf), DIR/private/cakey.pem\n"
	        "(mode 0600), DIR/index.txt, DIR/serial, DIR/newcerts/ and DIR/crl/.\n"
	        "\n"
	        "Options:\n"
	        "  --bits N            key size (RSA 4096 by default)\n"
	        "  --ecdsa             ECDSA P-256 key instead of RSA (fast)\n"
	        "  --days N            validity in days (730)\n"
	        "  --start-days N      validity starts N days from now (negative: in the past)\n"
	        "  --cn NAME           common name (\"dicombench CA\")\n"
	        "  --org NAME, --ou NAME, --country CC, --state NAME, --locality NAME,\n"
	        "  --email ADDRESS     the other subject fields\n"
	        "  --password PWD, --password-file FILE\n"
	        "                      encrypt the CA key (it is not encrypted otherwise)\n"
	        "  --issuer CADIR      make an intermediate CA signed by the CA in CADIR\n"
	        "                      (then DIR/ca-chain.pem holds intermediate and root)\n"
	        "  --ca-password PWD, --ca-password-file FILE\n"
	        "                      the password of CADIR's key\n"
	        "  --force             overwrite an existing CA in DIR\n"),
	      out);
}

static void
usage_mkcert(FILE *out)
{
	fprintf(out, _("Usage: %s ca mkcert [-des no] [OPTIONS] CADIR CERT KEY\n"), PACKAGE);
	fputs(_("Issues a certificate for a TLS server and client, signed by the CA in CADIR,\n"
	        "as dcmtk_ca.pl mkcert does: writes the certificate to CERT and the private key\n"
	        "to KEY (PKCS#8, mode 0600).  Without -des no the key is encrypted and needs\n"
	        "--password or --password-file.\n"
	        "\n"
	        "Options:\n"
	        "  -des no             do not encrypt the private key\n"
	        "  --password PWD, --password-file FILE\n"
	        "                      the password that encrypts the key\n"
	        "  --ca-password PWD, --ca-password-file FILE\n"
	        "                      the password of the CA key, if it is encrypted\n"
	        "  --bits N            RSA key size (2048)\n"
	        "  --ecdsa             ECDSA P-256 key instead of RSA\n"
	        "  --days N            validity in days (365)\n"
	        "  --start-days N      validity starts N days from now (negative: in the past)\n"
	        "  --cn NAME           common name (the file name of CERT)\n"
	        "  --org NAME, --ou NAME, --country CC, --state NAME, --locality NAME,\n"
	        "  --email ADDRESS     the other subject fields\n"
	        "  --san DNS:NAME, --san IP:ADDRESS\n"
	        "                      subject alternative names, repeatable\n"
	        "                      (default: DNS:localhost, IP:127.0.0.1, IP:::1)\n"
	        "  --server-only       only TLS server use (default: server and client)\n"
	        "  --client-only       only TLS client use\n"
	        "  --fullchain         also write the intermediate CAs after the certificate in "
	        "CERT\n"),
	      out);
}

static void
usage_ca(FILE *out)
{
	fprintf(out, _("Usage: %s ca COMMAND [OPTIONS] ARGUMENTS\n"), PACKAGE);
	fputs(_("Makes and inspects TLS certificates, like dcmtk_ca.pl but without prompts.\n"
	        "\n"
	        "Commands:\n"
	        "  newca DIR                      make a certification authority in DIR\n"
	        "  mkcert [-des no] CADIR CERT KEY  issue a certificate and its key\n"
	        "  show FILE                      describe the certificates in FILE\n"
	        "  verify CERT --ca FILE          check CERT against trusted certificates\n"
	        "\n"
	        "Run 'dicombench ca COMMAND --help' for the options of a command.\n"),
	      out);
}

static void
usage_show(FILE *out)
{
	fprintf(out, _("Usage: %s ca show FILE\n"), PACKAGE);
	fputs(_("Describes each certificate in FILE (PEM or DER, one or a chain): subject,\n"
	        "issuer, validity, names, key, usage, CA or not, SHA-256 fingerprint.\n"),
	      out);
}

static void
usage_verify(FILE *out)
{
	fprintf(out,
	        _("Usage: %s ca verify CERT --ca FILE [--ca FILE...] [--purpose server|client]\n"),
	        PACKAGE);
	fputs(_("Verifies the certificate (and any chain after it) in CERT against the trusted\n"
	        "certificates in the --ca files (also +cf), and explains why it fails: untrusted\n"
	        "issuer, expired, not yet valid, wrong usage.  Exit status 0 when valid, 1 when "
	        "not.\n"),
	      out);
}

static int
read_password_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t len;

	if (f == NULL) {
		fprintf(stderr, _("%s: cannot read password file %s: %s\n"), PACKAGE, path,
		        strerror(errno));
		return -1;
	}
	if (fgets(buf, (int)size, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (len == 0) {
		fprintf(stderr, _("%s: the password file %s is empty\n"), PACKAGE, path);
		return -1;
	}
	return 0;
}

static bool
parse_uint(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > 100000 || s[0] == '-')
		return false;
	*out = (unsigned)v;
	return true;
}

/* Parses argv[1..]; returns 0, 1 for --help, -1 on a usage error. */
static int
parse_args(struct ca_args *a, int argc, char **argv, void (*usage)(FILE *))
{
	a->des = -1;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			usage(stdout);
			return 1;
		}
		if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (a->npos >= MAX_ARGS)
				goto too_many;
			a->pos[a->npos++] = arg;
			continue;
		}
		if (strcmp(arg, "--ecdsa") == 0) {
			a->opts.key_type = DCB_KEY_ECDSA;
			takes = false;
		} else if (strcmp(arg, "--server-only") == 0) {
			a->opts.usage = DCB_PKI_SERVER;
			takes = false;
		} else if (strcmp(arg, "--client-only") == 0) {
			a->opts.usage = DCB_PKI_CLIENT;
			takes = false;
		} else if (strcmp(arg, "--fullchain") == 0) {
			a->fullchain = true;
			takes = false;
		} else if (strcmp(arg, "--force") == 0) {
			a->force = true;
			takes = false;
		}
		if (!takes)
			continue;
		if (val == NULL) {
			fprintf(stderr, _("%s: option %s needs a value\n"), PACKAGE, arg);
			return -1;
		}
		i++;
		if (strcmp(arg, "-des") == 0) {
			if (strcmp(val, "no") == 0)
				a->des = 0;
			else if (strcmp(val, "yes") == 0)
				a->des = 1;
			else {
				fprintf(stderr, _("%s: -des takes 'no' or 'yes', not '%s'\n"),
				        PACKAGE, val);
				return -1;
			}
		} else if (strcmp(arg, "--bits") == 0 || strcmp(arg, "--days") == 0) {
			unsigned v;

			if (!parse_uint(val, &v) || v == 0) {
				fprintf(stderr, _("%s: %s needs a positive number, not '%s'\n"),
				        PACKAGE, arg, val);
				return -1;
			}
			if (arg[2] == 'b')
				a->opts.bits = v;
			else
				a->opts.days = v;
		} else if (strcmp(arg, "--start-days") == 0) {
			char *end;
			long v = strtol(val, &end, 10);

			if (end == val || *end != '\0' || v < -100000 || v > 100000) {
				fprintf(stderr, _("%s: %s needs a number of days, not '%s'\n"),
				        PACKAGE, arg, val);
				return -1;
			}
			a->opts.start_offset = (int64_t)v * 86400;
		} else if (strcmp(arg, "--cn") == 0) {
			a->opts.subject.cn = val;
		} else if (strcmp(arg, "--org") == 0) {
			a->opts.subject.o = val;
		} else if (strcmp(arg, "--ou") == 0) {
			a->opts.subject.ou = val;
		} else if (strcmp(arg, "--country") == 0) {
			a->opts.subject.c = val;
		} else if (strcmp(arg, "--state") == 0) {
			a->opts.subject.st = val;
		} else if (strcmp(arg, "--locality") == 0) {
			a->opts.subject.l = val;
		} else if (strcmp(arg, "--email") == 0) {
			a->opts.subject.email = val;
		} else if (strcmp(arg, "--san") == 0) {
			if (a->opts.n_san >= DCB_PKI_MAX_SAN)
				goto too_many;
			a->opts.san[a->opts.n_san++] = val;
		} else if (strcmp(arg, "--password") == 0) {
			a->password = val;
		} else if (strcmp(arg, "--password-file") == 0) {
			if (read_password_file(val, a->pwbuf[0], sizeof a->pwbuf[0]) < 0)
				return -1;
			a->password = a->pwbuf[0];
		} else if (strcmp(arg, "--ca-password") == 0) {
			a->ca_password = val;
		} else if (strcmp(arg, "--ca-password-file") == 0) {
			if (read_password_file(val, a->pwbuf[1], sizeof a->pwbuf[1]) < 0)
				return -1;
			a->ca_password = a->pwbuf[1];
		} else if (strcmp(arg, "--issuer") == 0) {
			a->issuer_dir = val;
		} else if (strcmp(arg, "--ca") == 0 || strcmp(arg, "+cf") == 0 ||
		           strcmp(arg, "--add-cert-file") == 0) {
			if (a->ncas >= MAX_CAS)
				goto too_many;
			a->cas[a->ncas++] = val;
		} else if (strcmp(arg, "--purpose") == 0) {
			if (strcmp(val, "server") == 0)
				a->opts.usage = DCB_PKI_SERVER;
			else if (strcmp(val, "client") == 0)
				a->opts.usage = DCB_PKI_CLIENT;
			else {
				fprintf(stderr, _("%s: --purpose takes 'server' or 'client'\n"),
				        PACKAGE);
				return -1;
			}
		} else {
			fprintf(stderr, _("%s: unknown option '%s'; see '%s ca %s --help'\n"),
			        PACKAGE, arg, PACKAGE, argv[0]);
			return -1;
		}
	}
	return 0;
too_many:
	fprintf(stderr, _("%s: too many arguments\n"), PACKAGE);
	return -1;
}

static int
fail(const struct dcb_error *err)
{
	fprintf(stderr, "%s: %s\n", PACKAGE, err->message);
	return 1;
}

/* mkdir -p for the folder part of path (which names a file). */
static int
make_parent(const char *path)
{
	char dir[4096];
	char *slash;

	if (strlen(path) >= sizeof dir)
		return 0;
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	fprintf(stderr, _("%s: cannot make folder %s: %s\n"), PACKAGE, dir, strerror(errno));
	return -1;
}

static void
join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	snprintf(buf, size, "%.*s/%s", (int)len, dir, name);
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Loads DIR/cacert.pem (+ DIR/ca-chain.pem) and DIR/private/cakey.pem. */
static int
load_ca(const char *dir, const char *password, gnutls_x509_crt_t **chain, unsigned *n,
        gnutls_x509_privkey_t *key)
{
	char cert[4096], keyp[4096], chainp[4096];
	struct dcb_error err = {0};

	join(cert, sizeof cert, dir, "cacert.pem");
	join(chainp, sizeof chainp, dir, "ca-chain.pem");
	join(keyp, sizeof keyp, dir, "private/cakey.pem");
	if (!exists(cert) || !exists(keyp)) {
		fprintf(stderr,
		        _("%s: %s is not a CA folder (it needs cacert.pem and private/cakey.pem); "
		          "make one with '%s ca newca %s'\n"),
		        PACKAGE, dir, PACKAGE, dir);
		return -1;
	}
	if (dcb_pki_load_certs(exists(chainp) ? chainp : cert, chain, n, &err) < 0) {
		fail(&err);
		return -1;
	}
	if (dcb_pki_load_key(keyp, password, key, &err) < 0) {
		dcb_pki_certs_free(*chain, *n);
		if (err.code == DCB_ERR_USAGE && password == NULL)
			fprintf(stderr,
			        _("%s: %s: the CA key is encrypted: give --ca-password or "
			          "--ca-password-file\n"),
			        PACKAGE, keyp);
		else
			fail(&err);
		return -1;
	}
	if (dcb_pki_key_matches((*chain)[0], *key, cert, keyp, &err) < 0) {
		dcb_pki_certs_free(*chain, *n);
		gnutls_x509_privkey_deinit(*key);
		fail(&err);
		return -1;
	}
	return 0;
}

static void
print_cert(gnutls_x509_crt_t crt)
{
	char text[4096];

	dcb_pki_describe(crt, 4, text, sizeof text);
	fputs(text, stdout);
}

/* Appends a line in OpenSSL's CA database format to DIR/index.txt and a
 * copy of the certificate to DIR/newcerts/SERIAL.pem. */
static void
record_issued(const char *dir, gnutls_x509_crt_t crt)
{
	struct dcb_pki_info in;
	char path[4096], name[128], when[32];
	struct tm tm;
	FILE *f;

	if (dcb_pki_info(crt, &in, NULL) < 0)
		return;
	join(path, sizeof path, dir, "index.txt");
	f = fopen(path, "a");
	if (f != NULL) {
		/* OpenSSL's format: YYMMDDHHMMSSZ */
		if (gmtime_r(&in.t_not_after, &tm) != NULL &&
		    snprintf(when, sizeof when, "%02d%02d%02d%02d%02d%02dZ", tm.tm_year % 100,
		             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec) > 0)
			fprintf(f, "V\t%s\t\t%s\tunknown\t%s\n", when, in.serial, in.subject);
		fclose(f);
	}
	snprintf(name, sizeof name, "newcerts/%s.pem", in.serial);
	join(path, sizeof path, dir, name);
	dcb_pki_write_certs(path, &crt, 1, NULL);
}

static int
ca_newca(int argc, char **argv)
{
	struct ca_args a;
	struct dcb_error err = {0};
	gnutls_x509_crt_t *issuer = NULL;
	unsigned n_issuer = 0;
	gnutls_x509_privkey_t issuer_key = NULL, key;
	gnutls_x509_crt_t crt;
	char cert[4096], keyp[4096], path[4096];
	const char *dir;
	int rc;

	memset(&a, 0, sizeof a);
	dcb_pki_opts_init(&a.opts, true);
	if ((rc = parse_args(&a, argc, argv, usage_newca)) != 0)
		return rc > 0 ? 0 : 2;
	if (a.npos != 1) {
		usage_newca(stderr);
		return 2;
	}
	dir = a.pos[0];
	if (a.opts.subject.cn == NULL)
		a.opts.subject.cn =
		    a.issuer_dir != NULL ? "dicombench intermediate CA" : "dicombench CA";
	if (a.opts.subject.o == NULL)
		a.opts.subject.o = "dicombench";
	join(cert, sizeof cert, dir, "cacert.pem");
	join(keyp, sizeof keyp, dir, "private/cakey.pem");
	if (!a.force && (exists(cert) || exists(keyp))) {
		fprintf(stderr, _("%s: %s already holds a CA; use --force to replace it\n"),
		        PACKAGE, dir);
		return 1;
	}
	if (a.issuer_dir != NULL &&
	    load_ca(a.issuer_dir, a.ca_password, &issuer, &n_issuer, &issuer_key) < 0)
		return 1;

	join(path, sizeof path, dir, "private/x");
	if (make_parent(path) < 0)
		goto fail_issuer;
	join(path, sizeof path, dir, "private");
	chmod(path, 0700);
	join(path, sizeof path, dir, "newcerts/x");
	make_parent(path);
	join(path, sizeof path, dir, "crl/x");
	make_parent(path);

	if (a.opts.key_type == DCB_KEY_RSA && a.opts.bits == 0 && !a.force)
		fprintf(
		    stderr,
		    _("Making a 4096-bit RSA key; this can take a moment (--ecdsa is fast).\n"));
	if (dcb_pki_make(&a.opts, issuer != NULL ? issuer[0] : NULL, issuer_key, &key, &crt, &err) <
	    0) {
		fail(&err);
		goto fail_issuer;
	}
	if (dcb_pki_write_key(keyp, key, a.password, &err) < 0 ||
	    dcb_pki_write_certs(cert, &crt, 1, &err) < 0) {
		fail(&err);
		goto fail_made;
	}
	if (issuer != NULL) {
		gnutls_x509_crt_t chain[65];

		chain[0] = crt;
		for (unsigned i = 0; i < n_issuer && i < 64; i++)
			chain[i + 1] = issuer[i];
		join(path, sizeof path, dir, "ca-chain.pem");
		if (dcb_pki_write_certs(path, chain, n_issuer + 1, &err) < 0) {
			fail(&err);
			goto fail_made;
		}
	}
	join(path, sizeof path, dir, "index.txt");
	if (!exists(path)) {
		FILE *f = fopen(path, "w");

		if (f != NULL)
			fclose(f);
	}
	join(path, sizeof path, dir, "serial");
	if (!exists(path)) {
		FILE *f = fopen(path, "w");

		if (f != NULL) {
			fputs("01\n", f);
			fclose(f);
		}
	}

	printf(_("Made a certification authority in %s\n"), dir);
	printf(_("  certificate:  %s  (peers trust it with +cf %s)\n"), cert, cert);
	printf(_("  private key:  %s  (mode 0600, %s)\n"), keyp,
	       a.password != NULL ? _("encrypted") : _("not encrypted"));
	if (issuer != NULL)
		printf(_("  chain:        %s/ca-chain.pem  (this CA and its issuers)\n"), dir);
	print_cert(crt);
	printf(_("Next: %s ca mkcert -des no %s CERT KEY\n"), PACKAGE, dir);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	dcb_pki_certs_free(issuer, n_issuer);
	if (issuer_key != NULL)
		gnutls_x509_privkey_deinit(issuer_key);
	return 0;

fail_made:
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
fail_issuer:
	dcb_pki_certs_free(issuer, n_issuer);
	if (issuer_key != NULL)
		gnutls_x509_privkey_deinit(issuer_key);
	return 1;
}

static int
ca_mkcert(int argc, char **argv)
{
	struct ca_args a;
	struct dcb_error err = {0};
	gnutls_x509_crt_t *ca = NULL, crt;
	gnutls_x509_privkey_t ca_key = NULL, key;
	const char *cert, *keyp, *base;
	unsigned n_ca = 0;
	int rc, status = 1;

	memset(&a, 0, sizeof a);
	dcb_pki_opts_init(&a.opts, false);
	if ((rc = parse_args(&a, argc, argv, usage_mkcert)) != 0)
		return rc > 0 ? 0 : 2;
	if (a.npos != 3) {
		usage_mkcert(stderr);
		return 2;
	}
	cert = a.pos[1];
	keyp = a.pos[2];
	if (a.des == 0 && a.password != NULL) {
		fprintf(stderr, _("%s: -des no and a password contradict each other\n"), PACKAGE);
		return 2;
	}
	if (a.des != 0 && a.password == NULL) {
		fprintf(stderr,
		        _("%s: the private key is encrypted unless you say -des no (as with "
		          "dcmtk_ca.pl); give --password PWD or --password-file FILE, or -des no "
		          "for an unencrypted key\n"),
		        PACKAGE);
		return 2;
	}
	base = strrchr(cert, '/');
	base = base != NULL ? base + 1 : cert;
	if (a.opts.subject.cn == NULL)
		a.opts.subject.cn = base[0] != '\0' ? base : "localhost";
	if (load_ca(a.pos[0], a.ca_password, &ca, &n_ca, &ca_key) < 0)
		return 1;
	if (dcb_pki_make(&a.opts, ca[0], ca_key, &key, &crt, &err) < 0) {
		fail(&err);
		goto out_ca;
	}
	if (make_parent(cert) < 0 || make_parent(keyp) < 0)
		goto out;
	if (dcb_pki_write_key(keyp, key, a.password, &err) < 0) {
		fail(&err);
		goto out;
	}
	if (a.fullchain) {
		gnutls_x509_crt_t chain[65];
		size_t n = 0;

		/* leaf and intermediates; the root is the peer's to trust */
		chain[n++] = crt;
		for (unsigned i = 0; i < n_ca && i < 64; i++)
			if (gnutls_x509_crt_check_issuer(ca[i], ca[i]) != 1)
				chain[n++] = ca[i];
		rc = dcb_pki_write_certs(cert, chain, n, &err);
	} else {
		rc = dcb_pki_write_certs(cert, &crt, 1, &err);
	}
	if (rc < 0) {
		fail(&err);
		goto out;
	}
	record_issued(a.pos[0], crt);
	printf(_("Issued a certificate signed by the CA in %s\n"), a.pos[0]);
	printf(_("  certificate:  %s%s\n"), cert,
	       a.fullchain ? _("  (followed by the intermediate CAs)") : "");
	printf(_("  private key:  %s  (mode 0600, %s)\n"), keyp,
	       a.password != NULL ? _("encrypted") : _("not encrypted"));
	print_cert(crt);
	{
		char ca_cert[4096];

		join(ca_cert, sizeof ca_cert, a.pos[0], "cacert.pem");
		printf(_("Use it with: +tls %s %s +cf %s\n"), keyp, cert, ca_cert);
	}
	status = 0;
out:
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
out_ca:
	dcb_pki_certs_free(ca, n_ca);
	gnutls_x509_privkey_deinit(ca_key);
	return status;
}

static int
ca_show(int argc, char **argv)
{
	struct ca_args a;
	struct dcb_error err = {0};
	gnutls_x509_crt_t *list;
	unsigned n;
	int rc;

	memset(&a, 0, sizeof a);
	dcb_pki_opts_init(&a.opts, false);
	if ((rc = parse_args(&a, argc, argv, usage_show)) != 0)
		return rc > 0 ? 0 : 2;
	if (a.npos != 1) {
		usage_show(stderr);
		return 2;
	}
	if (dcb_pki_load_certs(a.pos[0], &list, &n, &err) < 0) {
		gnutls_x509_privkey_t key;
		struct dcb_error kerr = {0};

		if (err.code == DCB_ERR_MALFORMED &&
		    (dcb_pki_load_key(a.pos[0], NULL, &key, &kerr) == 0 ||
		     kerr.code == DCB_ERR_USAGE)) {
			if (kerr.code == 0)
				gnutls_x509_privkey_deinit(key);
			fprintf(stderr, _("%s: %s holds a private key, not a certificate\n"),
			        PACKAGE, a.pos[0]);
			return 1;
		}
		return fail(&err);
	}
	for (unsigned i = 0; i < n; i++) {
		printf(_("%s: certificate %u of %u\n"), a.pos[0], i + 1, n);
		print_cert(list[i]);
	}
	dcb_pki_certs_free(list, n);
	return 0;
}

static int
ca_verify(int argc, char **argv)
{
	struct ca_args a;
	struct dcb_error err = {0};
	gnutls_x509_crt_t *chain = NULL, cas[256];
	gnutls_x509_crt_t *lists[MAX_CAS];
	unsigned n_chain = 0, n_cas = 0, n_list[MAX_CAS];
	int rc, status = 1, loaded = 0;

	memset(&a, 0, sizeof a);
	dcb_pki_opts_init(&a.opts, false);
	a.opts.usage = 0;
	if ((rc = parse_args(&a, argc, argv, usage_verify)) != 0)
		return rc > 0 ? 0 : 2;
	if (a.npos != 1 || a.ncas == 0) {
		usage_verify(stderr);
		return 2;
	}
	if (dcb_pki_load_certs(a.pos[0], &chain, &n_chain, &err) < 0)
		return fail(&err);
	for (; loaded < a.ncas; loaded++) {
		if (dcb_pki_load_certs(a.cas[loaded], &lists[loaded], &n_list[loaded], &err) < 0) {
			fail(&err);
			goto out;
		}
		for (unsigned j = 0; j < n_list[loaded] && n_cas < 256; j++)
			cas[n_cas++] = lists[loaded][j];
	}
	if (dcb_pki_verify(chain, n_chain, cas, n_cas, a.opts.usage, &err) < 0) {
		printf(_("%s: NOT valid\n  %s\n"), a.pos[0], err.message);
	} else {
		struct dcb_pki_info in;

		dcb_pki_info(chain[0], &in, NULL);
		printf(_("%s: valid: '%s', issued by '%s', valid until %s\n"), a.pos[0], in.subject,
		       in.issuer, in.not_after);
		status = 0;
	}
out:
	for (int i = 0; i < loaded; i++)
		dcb_pki_certs_free(lists[i], n_list[i]);
	dcb_pki_certs_free(chain, n_chain);
	return status;
}

int
cmd_ca(int argc, char **argv)
{
	if (argc < 2) {
		usage_ca(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage_ca(stdout);
		return 0;
	}
	if (strcmp(argv[1], "newca") == 0)
		return ca_newca(argc - 1, argv + 1);
	if (strcmp(argv[1], "mkcert") == 0)
		return ca_mkcert(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return ca_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return ca_verify(argc - 1, argv + 1);
	fprintf(stderr, _("%s: unknown ca command '%s'\n"), PACKAGE, argv[1]);
	usage_ca(stderr);
	return 2;
}
