/* cli-tls.c — dcmtk's TLS options for the network commands. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli-tls.h"
#include "i18n.h"
#include "transport-tls.h"

const struct dcb_cli_opt dcb_cli_tls_opts[] = {
    {"+tls", "--enable-tls", 2, 1, N_("[p]rivate key file, [c]ertificate file: string"),
     N_("use authenticated secure TLS connection (the certificate file may hold a chain)"), NULL},
    {"-tls", "--disable-tls", 0, 2, NULL, N_("use normal TCP/IP connection (default)"), NULL},
    {NULL, "--tls-no-cert", 0, 3, NULL,
     N_("use TLS without own key and certificate (requestor only)"), NULL},
    {"+ps", "--std-passwd", 0, 4, NULL, N_("prompt user to type password on stdin (default)"),
     NULL},
    {"+pw", "--use-passwd", 1, 5, N_("[p]assword: string"), N_("use specified password"), NULL},
    {"-pw", "--null-passwd", 0, 6, NULL, N_("use empty string as password"), NULL},
    {"-pem", "--pem-keys", 0, 7, NULL, N_("read keys and certificates as PEM file (default)"),
     NULL},
    {"-der", "--der-keys", 0, 8, NULL, N_("read keys and certificates as DER file"), NULL},
    {"+cf", "--add-cert-file", 1, 9, N_("[f]ilename: string"),
     N_("add certificate file to list of certificates (may hold several)"), NULL},
    {"+cd", "--add-cert-dir", 1, 10, N_("[d]irectory: string"),
     N_("add certificates in d to list of certificates"), NULL},
    {"+crl", "--add-crl-file", 1, 11, N_("[f]ilename: string"),
     N_("add certificate revocation list file"), NULL},
    {"+crv", "--enable-crl-vfy", 0, 12, NULL, N_("enable leaf CRL verification"), NULL},
    {"+cra", "--enable-crl-all", 0, 13, NULL, N_("enable full chain CRL verification"), NULL},
    {"+pg", "--profile-8996", 0, 14, NULL,
     N_("BCP 195 RFC 8996 TLS profile: TLS 1.2 or newer (default)"), NULL},
    {"+py", "--profile-bcp195-nd", 0, 15, NULL, N_("non-downgrading BCP 195 TLS profile"), NULL},
    {"+px", "--profile-bcp195", 0, 16, NULL, N_("BCP 195 TLS profile (also TLS 1.0 and 1.1)"),
     NULL},
    {"+pz", "--profile-bcp195-ex", 0, 17, NULL, N_("extended BCP 195 TLS profile"), NULL},
    {"+pa", "--profile-aes", 0, 18, NULL, N_("retired AES profile (refused)"), NULL},
    {"+pn", "--profile-null", 0, 19, NULL, N_("retired NULL profile (refused)"), NULL},
    {"+cc", "--list-ciphers", 0, 20, NULL, N_("show list of supported TLS ciphersuites and exit"),
     NULL},
    {"+cs", "--cipher", 1, 21, N_("[c]iphersuite name: string"),
     N_("add ciphersuite to list of negotiated suites (dcmtk or OpenSSL name)"), NULL},
    {"+dp", "--dhparam", 1, 22, N_("[f]ilename: string"),
     N_("accepted; not needed with GnuTLS (RFC 7919 groups)"), NULL},
    {"+rs", "--seed", 1, 23, N_("[f]ilename: string"),
     N_("accepted; not needed with GnuTLS (seeded by the system)"), NULL},
    {"+ws", "--write-seed", 0, 24, NULL, N_("accepted; not needed with GnuTLS"), NULL},
    {"+wf", "--write-seed-file", 1, 25, N_("[f]ilename: string"),
     N_("accepted; not needed with GnuTLS"), NULL},
    {"-rc", "--require-peer-cert", 0, 26, NULL,
     N_("verify peer certificate, fail if absent (default)"), NULL},
    {"-vc", "--verify-peer-cert", 0, 27, NULL, N_("verify peer certificate if present"), NULL},
    {"-ic", "--ignore-peer-cert", 0, 28, NULL, N_("don't verify peer certificate"), NULL},
    {"+tla", "--anonymous-tls", 0, 29, NULL,
     N_("use secure TLS connection without certificate (as --tls-no-cert)"), NULL},
    {"+vc", "--verify-cert", 1, 30, N_("[f]ilename: string"),
     N_("verify certificate against CA settings"),
     N_("not done here: 'dicombench ca verify CERT --ca FILE' checks a certificate against "
        "trusted ones; the command goes on as without this option")},
    {"+rc", "--is-root-cert", 1, 31, N_("[f]ilename: string"),
     N_("check if certificate is self-signed root CA"),
     N_("not done here: 'dicombench ca show FILE' says whether a certificate is a "
        "self-signed CA; the command goes on as without this option")},
    {0},
};

void
dcb_cli_tls_init(struct dcb_cli_tls *t)
{
	memset(t, 0, sizeof *t);
	dcb_tls_config_init(&t->cfg);
}

int
dcb_cli_tls_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct dcb_cli_tls *t = ctx;
	const struct dcb_cli_opt *o = NULL;
	char *argv[3];
	int argc = 1, i = 0, rc;

	for (const struct dcb_cli_opt *p = dcb_cli_tls_opts; p->id != 0; p++)
		if (p->id == id)
			o = p;
	if (o == NULL)
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("unknown TLS option"));
	if (o->note != NULL)
		return 0; /* taken; its note says what dicombench does */
	/* the parser of tls-config.c knows both names; messages show the short one */
	argv[0] = (char *)(uintptr_t)(o->short_name != NULL ? o->short_name : o->long_name);
	for (int k = 0; k < o->nargs && k < 2; k++)
		argv[argc++] = args[k];
	rc = dcb_tls_option(&t->cfg, argc, argv, &i, err);
	if (rc == 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("unknown TLS option %s"), argv[0]);
	return rc < 0 ? rc : 0;
}

static int
ask_password(const char *key_file, char *buf, size_t size)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	size_t len;

	if (tty == NULL || !isatty(fileno(tty))) {
		if (tty != NULL)
			fclose(tty);
		return -1;
	}
	fprintf(tty, _("Password for %s: "), key_file);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	if (fgets(buf, (int)size, tty) == NULL)
		buf[0] = '\0';
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return 0;
}

int
dcb_cli_tls_setup(struct dcb_cli_tls *t, bool server, struct dcb_engine_config *cfg,
                  const char *cmd)
{
	struct dcb_error err = {0};

	if (t->cfg.notes[0] != '\0')
		fprintf(stderr, "%s", t->cfg.notes);
	if (t->cfg.list_suites) {
		char list[8192];

		dcb_tls_list_suites(t->cfg.profile, list, sizeof list);
		printf(_("Supported TLS ciphersuites (%s) are:\n%s"),
		       dcb_tls_profile_name(t->cfg.profile), list);
		return 1;
	}
	if (dcb_tls_config_check(&t->cfg, &err) < 0)
		goto fail;
	if (!t->cfg.enabled)
		return 0;
	server = server && !t->peers_only; /* listening plain, TLS is for requests */
	if (server && t->cfg.key_file == NULL) {
		dcb_error_set(
		    &err, DCB_ERR_USAGE, -1,
		    N_("--tls-no-cert is for requestors; an acceptor needs +tls KEY CERT"));
		goto fail;
	}
	if (dcb_tls_config_needs_password(&t->cfg)) {
		if (ask_password(t->cfg.key_file, t->password, sizeof t->password) < 0) {
			dcb_error_set(&err, DCB_ERR_USAGE, -1,
			              N_("the private key %s is encrypted and there is no terminal "
			                 "to ask for its password: give +pw PASSWORD"),
			              t->cfg.key_file);
			goto fail;
		}
		t->cfg.password = t->password;
	}
	if (dcb_tls_creds_new(&t->cfg, server, &t->creds, &err) < 0)
		goto fail;
	{
		char warn[512];

		if (dcb_tls_creds_check_dates(t->creds, time(NULL), warn, sizeof warn))
			fprintf(stderr, "W: %s\n", warn);
	}
	cfg->tls_client = dcb_tls_transport_factory;
	cfg->tls_client_user = t->creds;
	if (!t->peers_only) {
		cfg->transport = dcb_tls_transport_factory;
		cfg->transport_user = t->creds;
	}
	return 0;
fail:
	fprintf(stderr, "%s %s: %s\n", PACKAGE, cmd, err.message);
	return -1;
}

void
dcb_cli_tls_clear(struct dcb_cli_tls *t)
{
	dcb_tls_creds_free(t->creds);
	t->creds = NULL;
	memset(t->password, 0, sizeof t->password);
}
