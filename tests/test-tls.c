/* test-tls.c — TLS options, profiles, credentials, and two TLS transports
 * over a socketpair (and against gnutls-serv/gnutls-cli): handshakes, data,
 * and every failure class with its explanation. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/pki.h"
#include "../src/tls-config.h"
#include "../src/transport-tls.h"

static char dir[64];

/* files made once: ca1 signs server/client/expired/future, ca2 signs other */
static char ca1[128], ca2[128];
static char srv_key[128], srv_crt[128], cli_key[128], cli_crt[128];
static char exp_key[128], exp_crt[128], fut_key[128], fut_crt[128];
static char oth_key[128], oth_crt[128], rsa_key[128], rsa_crt[128];
static char rev_key[128], rev_crt[128], crl[128];

static void
path(char *buf, const char *name)
{
	snprintf(buf, 128, "%s/%s", dir, name);
}

static void
issue(gnutls_x509_crt_t ca, gnutls_x509_privkey_t ca_key, const char *cn, int64_t start,
      unsigned days, bool rsa, const char *key_path, const char *crt_path)
{
	struct dcb_pki_opts o;
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;

	dcb_pki_opts_init(&o, false);
	o.key_type = rsa ? DCB_KEY_RSA : DCB_KEY_ECDSA;
	o.subject.cn = cn;
	o.start_offset = start;
	o.days = days;
	assert_int_equal(dcb_pki_make(&o, ca, ca_key, &key, &crt, NULL), 0);
	assert_int_equal(dcb_pki_write_key(key_path, key, NULL, NULL), 0);
	assert_int_equal(dcb_pki_write_certs(crt_path, &crt, 1, NULL), 0);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
}

static void
make_ca(const char *cn, const char *crt_path, gnutls_x509_privkey_t *key, gnutls_x509_crt_t *crt)
{
	struct dcb_pki_opts o;

	dcb_pki_opts_init(&o, true);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = cn;
	assert_int_equal(dcb_pki_make(&o, NULL, NULL, key, crt, NULL), 0);
	assert_int_equal(dcb_pki_write_certs(crt_path, crt, 1, NULL), 0);
}

/* A CRL of the CA ca that revokes the certificate in crt_path. */
static void
make_crl(gnutls_x509_crt_t ca, gnutls_x509_privkey_t ca_key, const char *crt_path,
         const char *crl_path)
{
	gnutls_x509_crt_t *list;
	unsigned n;
	gnutls_x509_crl_t c;
	gnutls_datum_t d;
	FILE *f;

	assert_int_equal(dcb_pki_load_certs(crt_path, &list, &n, NULL), 0);
	assert_int_equal(gnutls_x509_crl_init(&c), 0);
	assert_int_equal(gnutls_x509_crl_set_version(c, 2), 0);
	assert_int_equal(gnutls_x509_crl_set_this_update(c, time(NULL) - 60), 0);
	assert_int_equal(gnutls_x509_crl_set_next_update(c, time(NULL) + 86400), 0);
	assert_int_equal(gnutls_x509_crl_set_crt(c, list[0], time(NULL) - 30), 0);
	assert_int_equal(gnutls_x509_crl_sign2(c, ca, ca_key, GNUTLS_DIG_SHA256, 0), 0);
	assert_int_equal(gnutls_x509_crl_export2(c, GNUTLS_X509_FMT_PEM, &d), 0);
	f = fopen(crl_path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(d.data, 1, d.size, f), d.size);
	fclose(f);
	gnutls_free(d.data);
	gnutls_x509_crl_deinit(c);
	dcb_pki_certs_free(list, n);
}

static int
setup(void **state)
{
	gnutls_x509_privkey_t k1, k2;
	gnutls_x509_crt_t c1, c2;

	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof dir, "/tmp/dcb-tls-XXXXXX");
	assert_non_null(mkdtemp(dir));
	path(ca1, "ca1.pem");
	path(ca2, "ca2.pem");
	path(srv_key, "srv.key");
	path(srv_crt, "srv.pem");
	path(cli_key, "cli.key");
	path(cli_crt, "cli.pem");
	path(exp_key, "exp.key");
	path(exp_crt, "exp.pem");
	path(fut_key, "fut.key");
	path(fut_crt, "fut.pem");
	path(oth_key, "oth.key");
	path(oth_crt, "oth.pem");
	path(rsa_key, "rsa.key");
	path(rsa_crt, "rsa.pem");
	make_ca("Test CA 1", ca1, &k1, &c1);
	make_ca("Test CA 2", ca2, &k2, &c2);
	issue(c1, k1, "server", 0, 0, false, srv_key, srv_crt);
	issue(c1, k1, "client", 0, 0, false, cli_key, cli_crt);
	issue(c1, k1, "expired", -10 * 86400, 5, false, exp_key, exp_crt);
	issue(c1, k1, "future", 5 * 86400, 5, false, fut_key, fut_crt);
	issue(c2, k2, "other", 0, 0, false, oth_key, oth_crt);
	issue(c1, k1, "rsa", 0, 0, true, rsa_key, rsa_crt);
	path(rev_key, "rev.key");
	path(rev_crt, "rev.pem");
	path(crl, "ca1.crl");
	issue(c1, k1, "revoked", 0, 0, false, rev_key, rev_crt);
	make_crl(c1, k1, rev_crt, crl);
	gnutls_x509_crt_deinit(c1);
	gnutls_x509_crt_deinit(c2);
	gnutls_x509_privkey_deinit(k1);
	gnutls_x509_privkey_deinit(k2);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A config from a dcmtk-style argument string, through the option parser. */
static void
config(struct dcb_tls_config *c, char *args)
{
	static char store[16][1024];
	static int next;
	char *argv[32];
	int argc = 0;
	char *buf = store[next++ % 16];
	struct dcb_error err = {0};

	snprintf(buf, 1024, "%s", args);
	for (char *tok = strtok(buf, " "); tok != NULL && argc < 32; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	dcb_tls_config_init(c);
	for (int i = 0; i < argc; i++) {
		int rc = dcb_tls_option(c, argc, argv, &i, &err);

		if (rc != 1)
			fail_msg("option %s: %d %s", argv[i], rc, err.message);
	}
}

struct side {
	struct dcb_tls_creds *cr;
	struct dcb_transport *t;
	struct dcb_error err;
	int rc; /* 0 done, <0 failed, 1 still going */
};

static void
make_pair(const char *sargs, const char *cargs, struct side *s, struct side *c)
{
	struct dcb_tls_config sc, cc;
	char sa[1024], ca[1024];
	int sv[2];

	snprintf(sa, sizeof sa, "%s", sargs);
	snprintf(ca, sizeof ca, "%s", cargs);
	memset(s, 0, sizeof *s);
	memset(c, 0, sizeof *c);
	config(&sc, sa);
	config(&cc, ca);
	if (dcb_tls_creds_new(&sc, true, &s->cr, &s->err) != 0)
		fail_msg("server creds: %s", s->err.message);
	if (dcb_tls_creds_new(&cc, false, &c->cr, &c->err) != 0)
		fail_msg("client creds: %s", c->err.message);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	assert_int_equal(dcb_tls_transport_new(s->cr, sv[0], true, "scu-peer", NULL, &s->t, NULL),
	                 0);
	assert_int_equal(
	    dcb_tls_transport_new(c->cr, sv[1], false, "scp-peer", "localhost", &c->t, NULL), 0);
	s->rc = c->rc = 1;
}

static void
free_pair(struct side *s, struct side *c)
{
	dcb_transport_free(s->t);
	dcb_transport_free(c->t);
	dcb_tls_creds_free(s->cr);
	dcb_tls_creds_free(c->cr);
}

static int
step(struct side *x)
{
	if (x->rc != 1)
		return x->rc;
	int rc = x->t->ops->handshake(x->t, &x->err);

	if (rc == 0 || dcb_is_fatal(rc))
		x->rc = rc;
	return x->rc;
}

/* Runs both handshakes.  After a side is done it reads once, so that a
 * refusal the peer sends after our Finished (TLS 1.3) is seen. */
static void
drive(struct side *s, struct side *c)
{
	for (int round = 0; round < 2000; round++) {
		struct side *both[2] = {s, c};

		step(s);
		step(c);
		if (s->rc != 1 && c->rc != 1)
			break;
		/* a failed side closes, so the other one learns */
		for (int k = 0; k < 2; k++)
			if (both[k]->rc < 0 && both[k]->t != NULL) {
				shutdown(both[k]->t->ops->fd(both[k]->t), SHUT_RDWR);
			}
		struct pollfd p[2] = {
		    {.fd = s->t->ops->fd(s->t), .events = POLLIN},
		    {.fd = c->t->ops->fd(c->t), .events = POLLIN},
		};
		poll(p, 2, 10);
	}
	for (int k = 0; k < 50; k++) {
		struct side *both[2] = {s, c};
		char b[16];
		bool again = false;

		for (int j = 0; j < 2; j++) {
			struct side *x = both[j];

			if (x->rc != 0)
				continue;
			ssize_t r = x->t->ops->read(x->t, b, sizeof b, &x->err);

			if (r == DCB_ERR_WANT_READ || r == DCB_ERR_WANT_WRITE)
				again = true;
			else if (r < 0)
				x->rc = (int)r;
		}
		if (!again)
			break;
		poll(NULL, 0, 5);
	}
}

static void
expect_fail(const struct side *x, const char *needle)
{
	if (x->rc >= 0)
		fail_msg("expected a failure with '%s', got rc %d", needle, x->rc);
	if (strstr(x->err.message, needle) == NULL)
		fail_msg("'%s' not in: %s", needle, x->err.message);
}

static char *args(const char *fmt, ...) DCB_PRINTF(1, 2);

static char *
args(const char *fmt, ...)
{
	static char bufs[4][1024];
	static int n;
	char *b = bufs[n++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, 1024, fmt, ap);
	va_end(ap);
	return b;
}

/* Moves len bytes from w to r through the transports, both non-blocking. */
static void
transfer(struct dcb_transport *w, struct dcb_transport *r, size_t len)
{
	uint8_t *out = malloc(len), *in = malloc(len);
	size_t sent = 0, got = 0;
	struct dcb_error err = {0};

	assert_non_null(out);
	assert_non_null(in);
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)(i * 7 + 3);
	while (got < len) {
		if (sent < len) {
			/* two pieces, like a PDU header and its payload */
			size_t rest = len - sent, first = rest > 6 ? 6 : rest;
			struct iovec iov[2] = {
			    {out + sent, first},
			    {out + sent + first, rest - first},
			};
			ssize_t n = dcb_transport_writev(w, iov, 2, &err);

			if (n > 0)
				sent += (size_t)n;
			else if (n != DCB_ERR_WANT_WRITE && n != DCB_ERR_WANT_READ)
				fail_msg("writev: %zd %s", n, err.message);
		}
		ssize_t n = dcb_transport_read(r, in + got, len - got, &err);

		if (n > 0)
			got += (size_t)n;
		else if (n == 0)
			fail_msg("closed early");
		else if (n != DCB_ERR_WANT_READ && n != DCB_ERR_WANT_WRITE)
			fail_msg("read: %zd %s", n, err.message);
		else if (!dcb_transport_pending(r))
			poll(NULL, 0, 1);
	}
	assert_memory_equal(in, out, len);
	free(in);
	free(out);
}

static void
mutual_authentication_and_data(void **state)
{
	struct side s, c;
	struct dcb_ev_tls ev;
	char report[2048], line[128];

	make_pair(args("+tls %s %s +cf %s", srv_key, srv_crt, ca1),
	          args("+tls %s %s +cf %s", cli_key, cli_crt, ca1), &s, &c);
	drive(&s, &c);
	if (s.rc != 0 || c.rc != 0)
		fail_msg("server: %s / client: %s", s.err.message, c.err.message);
	dcb_tls_transport_event(s.t, &ev);
	assert_true(ev.ok);
	assert_string_equal(ev.version, "TLS1.3");
	assert_string_equal(ev.peer_subject, "CN=client");
	assert_string_equal(ev.peer_issuer, "CN=Test CA 1");
	assert_string_equal(ev.own_subject, "CN=server");
	assert_int_equal(strlen(ev.peer_fingerprint), 95);
	assert_non_null(strstr(ev.verify, "verified"));
	dcb_tls_transport_event(c.t, &ev);
	assert_true(ev.ok);
	assert_string_equal(ev.peer_subject, "CN=server");
	assert_non_null(strstr(ev.cipher, "TLS_AES"));
	c.t->ops->describe(c.t, line, sizeof line);
	assert_non_null(strstr(line, "TLS1.3 TLS_AES"));
	dcb_tls_transport_report(c.t, report, sizeof report);
	assert_non_null(strstr(report, "peer: 'CN=server', issued by 'CN=Test CA 1'"));
	assert_true(dcb_transport_is_tls(c.t));

	transfer(c.t, s.t, 10);
	transfer(s.t, c.t, 10);
	transfer(c.t, s.t, 700000); /* more than the socket buffers */
	transfer(s.t, c.t, 300000);

	/* close_notify: the peer reads the end */
	int rc;
	char b[4];

	do
		rc = c.t->ops->shutdown(c.t, NULL);
	while (rc == DCB_ERR_WANT_WRITE || rc == DCB_ERR_WANT_READ);
	assert_int_equal(rc, 0);
	ssize_t n;

	do {
		n = dcb_transport_read(s.t, b, sizeof b, NULL);
		if (n == DCB_ERR_WANT_READ)
			poll(NULL, 0, 1);
	} while (n == DCB_ERR_WANT_READ);
	assert_int_equal(n, 0);
	free_pair(&s, &c);
}

static void
untrusted_server_issuer_is_named(void **state)
{
	struct side s, c;

	make_pair(args("+tls %s %s +cf %s", srv_key, srv_crt, ca1),
	          args("+tls %s %s +cf %s", oth_key, oth_crt, ca2), &s, &c);
	drive(&s, &c);
	expect_fail(&c, "this side (SCU) refused the SCP's certificate");
	expect_fail(&c, "issuer 'CN=Test CA 1' is not trusted here");
	expect_fail(&c, "+cf");
	expect_fail(&s, "the SCU refused our certificate (alert 'CA is unknown')");
	expect_fail(&s, "it must trust 'CN=Test CA 1'");
	free_pair(&s, &c);
}

static void
untrusted_client_issuer_is_named(void **state)
{
	struct side s, c;

	make_pair(args("+tls %s %s +cf %s", srv_key, srv_crt, ca1),
	          args("+tls %s %s +cf %s", oth_key, oth_crt, ca1), &s, &c);
	drive(&s, &c);
	expect_fail(&s, "this side (SCP) refused the SCU's certificate");
	expect_fail(&s, "issuer 'CN=Test CA 2' is not trusted here");
	expect_fail(&c, "the SCP refused our certificate");
	expect_fail(&c, "it must trust 'CN=Test CA 2'");
	free_pair(&s, &c);
}

static void
expired_and_future_certificates(void **state)
{
	struct side s, c;

	make_pair(args("+tls %s %s +cf %s", srv_key, srv_crt, ca1),
	          args("+tls %s %s +cf %s", exp_key, exp_crt, ca1), &s, &c);
	drive(&s, &c);
	expect_fail(&s, "'CN=expired' expired on");
	expect_fail(&c, "refused our certificate");
	free_pair(&s, &c);

	make_pair(args("+tls %s %s +cf %s", fut_key, fut_crt, ca1),
	          args("+tls %s %s +cf %s", cli_key, cli_crt, ca1), &s, &c);
	drive(&s, &c);
	expect_fail(&c, "'CN=future' is not valid before");
	expect_fail(&c, "clocks");
	free_pair(&s, &c);
}

static void
revoked_certificate_under_crl(void **state)
{
	struct side s, c;

	make_pair(args("+tls %s %s +cf %s +crl %s", srv_key, srv_crt, ca1, crl),
	          args("+tls %s %s +cf %s", rev_key, rev_crt, ca1), &s, &c);
	drive(&s, &c);
	expect_fail(&s, "it has been revoked (listed in a CRL given with +crl)");
	expect_fail(&c, "the SCP refused our certificate (alert 'Certificate was revoked')");
	expect_fail(&c, "revocation list (CRL): issue a new certificate");
	free_pair(&s, &c);

	/* without the CRL the same certificate passes */
	make_pair(args("+tls %s %s +cf %s", srv_key, srv_crt, ca1),
	          args("+tls %s %s +cf %s", rev_key, rev_crt, ca1), &s, &c);
	drive(&s, &c);
	assert_int_equal(s.rc, 0);
	assert_int_equal(c.rc, 0);
	free_pair(&s, &c);
}

static void
client_certificate_required_or_not(void **state)
{
	struct side s, c;
	struct dcb_ev_tls ev;

	make_pair(args("+tls %s %s +cf %s", srv_key, srv_crt, ca1), args("+cf %s", ca1), &s, &c);
	drive(&s, &c);
	expect_fail(&s, "the SCU sent no certificate, but this side requires one (-rc");
	expect_fail(&c, "requires a certificate from us and we sent none");
	free_pair(&s, &c);

	make_pair(args("+tls %s %s +cf %s -vc", srv_key, srv_crt, ca1), args("+cf %s", ca1), &s,
	          &c);
	drive(&s, &c);
	assert_int_equal(s.rc, 0);
	assert_int_equal(c.rc, 0);
	dcb_tls_transport_event(s.t, &ev);
	assert_true(ev.ok);
	assert_non_null(strstr(ev.verify, "-vc"));
	free_pair(&s, &c);

	/* -ic: the client does not check the server */
	make_pair(args("+tls %s %s +cf %s -vc", srv_key, srv_crt, ca1), args("-ic +cf %s", ca2), &s,
	          &c);
	drive(&s, &c);
	assert_int_equal(c.rc, 0);
	dcb_tls_transport_event(c.t, &ev);
	assert_non_null(strstr(ev.verify, "not verified"));
	free_pair(&s, &c);
}

static void
no_common_cipher(void **state)
{
	struct side s, c;

	make_pair(
	    args("+tls %s %s +cf %s +cs TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", rsa_key, rsa_crt,
	         ca1),
	    args("+tls %s %s +cf %s +cs ECDHE-ECDSA-AES256-GCM-SHA384", cli_key, cli_crt, ca1), &s,
	    &c);
	drive(&s, &c);
	expect_fail(&s, "no cipher suite in common");
	expect_fail(&c, "no TLS version, cipher suite or key type in common");
	free_pair(&s, &c);
}

static void
plain_dicom_on_the_tls_port(void **state)
{
	struct side s, c;
	/* the start of an A-ASSOCIATE-RQ */
	static const uint8_t rq[] = {0x01, 0x00, 0x00, 0x00, 0x00, 0xcc, 0x00, 0x01,
	                             0x00, 0x00, 'P',  'A',  'C',  'S',  ' ',  ' '};
	uint8_t hello[512];
	ssize_t n = -1;
	int sv[2];
	struct dcb_tls_config cfg;
	struct dcb_tls_creds *cr;

	config(&cfg, args("+tls %s %s +cf %s", srv_key, srv_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, true, &cr, NULL), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	memset(&s, 0, sizeof s);
	assert_int_equal(dcb_tls_transport_new(cr, sv[0], true, "127.0.0.1:5000", NULL, &s.t, NULL),
	                 0);
	assert_int_equal(write(sv[1], rq, sizeof rq), (ssize_t)sizeof rq);
	s.rc = 1;
	for (int i = 0; i < 100 && s.rc == 1; i++) {
		step(&s);
		poll(NULL, 0, 1);
	}
	expect_fail(&s, "plain DICOM (A-ASSOCIATE-RQ, bytes 01 00 ..) arrived on this TLS port");
	dcb_transport_free(s.t);
	close(sv[1]);

	/* and a TLS client whose peer answers in plain DICOM */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	memset(&c, 0, sizeof c);
	config(&cfg, args("+tls %s %s +cf %s", cli_key, cli_crt, ca1));
	struct dcb_tls_creds *ccr;

	assert_int_equal(dcb_tls_creds_new(&cfg, false, &ccr, NULL), 0);
	assert_int_equal(
	    dcb_tls_transport_new(ccr, sv[0], false, "127.0.0.1:104", NULL, &c.t, NULL), 0);
	c.rc = 1;
	step(&c);
	n = read(sv[1], hello, sizeof hello);
	assert_true(n > 5);
	/* what a plain SCP sees first */
	assert_true(dcb_tls_looks_like_client_hello(hello, (size_t)n));
	assert_false(dcb_tls_looks_like_client_hello(rq, sizeof rq));
	assert_false(dcb_tls_looks_like_client_hello(hello, 2));
	assert_non_null(strstr(dcb_tls_plain_port_explanation(), "+tls"));
	static const uint8_t abort_pdu[] = {0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0};

	assert_int_equal(write(sv[1], abort_pdu, sizeof abort_pdu), (ssize_t)sizeof abort_pdu);
	for (int i = 0; i < 100 && c.rc == 1; i++) {
		step(&c);
		poll(NULL, 0, 1);
	}
	expect_fail(&c, "answered our TLS ClientHello in plain DICOM (A-ABORT");
	dcb_transport_free(c.t);
	close(sv[1]);
	dcb_tls_creds_free(cr);
	dcb_tls_creds_free(ccr);
}

static void
credentials_explain_bad_files(void **state)
{
	struct dcb_tls_config cfg;
	struct dcb_tls_creds *cr = NULL;
	struct dcb_error err = {0};

	config(&cfg, args("+tls %s %s +cf %s", cli_key, srv_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, true, &cr, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "does not belong to the certificate"));
	assert_non_null(strstr(err.message, cli_key));

	config(&cfg, args("+cf %s", ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, true, &cr, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "+tls KEY CERT"));

	config(&cfg, args("+tls %s %s +cf %s/missing.pem", cli_key, cli_crt, dir));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), DCB_ERR_IO);
	assert_non_null(strstr(err.message, "missing.pem"));

	config(&cfg, args("+tls %s %s +cf %s", cli_key, cli_crt, cli_key));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "no certificate found"));

	char warn[512], enc_key[128];
	gnutls_x509_privkey_t k;

	/* an encrypted key: +ps must ask, +pw opens it, -pw does not */
	path(enc_key, "enc.key");
	assert_int_equal(dcb_pki_load_key(cli_key, NULL, &k, NULL), 0);
	assert_int_equal(dcb_pki_write_key(enc_key, k, "pw1", NULL), 0);
	gnutls_x509_privkey_deinit(k);
	config(&cfg, args("+tls %s %s +cf %s", enc_key, cli_crt, ca1));
	assert_true(dcb_tls_config_needs_password(&cfg));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "encrypted"));
	config(&cfg, args("+tls %s %s +cf %s -pw", enc_key, cli_crt, ca1));
	assert_false(dcb_tls_config_needs_password(&cfg));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "wrong password"));
	config(&cfg, args("+tls %s %s +cf %s +pw pw1", enc_key, cli_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), 0);
	dcb_tls_creds_free(cr);

	config(&cfg, args("+tls %s %s +cf %s", exp_key, exp_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), 0);
	assert_true(dcb_tls_creds_check_dates(cr, time(NULL), warn, sizeof warn));
	assert_non_null(strstr(warn, "our certificate 'CN=expired' expired on"));
	assert_string_equal(dcb_tls_creds_own(cr)->subject, "CN=expired");
	dcb_tls_creds_free(cr);
	config(&cfg, args("+tls %s %s +cf %s", cli_key, cli_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), 0);
	assert_false(dcb_tls_creds_check_dates(cr, time(NULL), warn, sizeof warn));
	dcb_tls_creds_free(cr);

	config(&cfg, args("+tls %s %s +cf %s +pz +cs AES128-SHA", cli_key, cli_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "+pz"));
	assert_false(dcb_tls_config_needs_password(&cfg));
}

/* A chain whose second certificate parses but holds an EC public key
 * whose curve parameter is no OID: GnuTLS cannot read that key, and the
 * message names the certificate (found by fuzz-cred; GnuTLS 3.7 leaked
 * the key when it found this itself). */
static void
chain_with_unreadable_public_key(void **state)
{
	static const uint8_t ec_curve[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08};
	struct dcb_tls_config cfg;
	struct dcb_tls_creds *cr = NULL;
	struct dcb_error err = {0};
	struct dcb_pki_info info;
	gnutls_x509_crt_t *list;
	gnutls_datum_t der, pem;
	char chain[128], line[256];
	uint8_t *at;
	unsigned n;
	FILE *in, *out;

	(void)state;
	assert_int_equal(dcb_pki_load_certs(ca1, &list, &n, NULL), 0);
	assert_int_equal(gnutls_x509_crt_export2(list[0], GNUTLS_X509_FMT_DER, &der), 0);
	dcb_pki_certs_free(list, n);
	at = memmem(der.data, der.size, ec_curve, sizeof ec_curve);
	assert_non_null(at);
	at[7] = 0x46; /* the curve's OID tag */
	assert_int_equal(gnutls_pem_base64_encode2("CERTIFICATE", &der, &pem), 0);
	path(chain, "bad-chain.pem");
	out = fopen(chain, "w");
	in = fopen(cli_crt, "r");
	assert_non_null(out);
	assert_non_null(in);
	while (fgets(line, sizeof line, in) != NULL)
		fputs(line, out);
	fclose(in);
	assert_int_equal(fwrite(pem.data, 1, pem.size, out), pem.size);
	fclose(out);
	gnutls_free(der.data);
	gnutls_free(pem.data);

	/* it still reads as a chain of two certificates; the key is shown as
	 * unreadable */
	assert_int_equal(dcb_pki_load_certs(chain, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(dcb_pki_info(list[0], &info, NULL), 0);
	assert_string_equal(info.key, "ECDSA SECP256R1");
	assert_int_equal(dcb_pki_info(list[1], &info, NULL), 0);
	assert_string_equal(info.key, "?");
	dcb_pki_certs_free(list, n);
	config(&cfg, args("+tls %s %s +cf %s", cli_key, chain, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &cr, &err), DCB_ERR_MALFORMED);
	assert_null(cr);
	assert_non_null(strstr(err.message, "public key of certificate 2 of 2"));
	assert_non_null(strstr(err.message, chain));
}

static void
options_and_profiles(void **state)
{
	struct dcb_tls_config c;
	struct dcb_error err = {0};
	char prio[512], list[8192];
	char a0[] = "+pa", a1[] = "+cs", a2[] = "NOPE", a3[] = "+cf", a4[] = "-aet";
	char *argv[] = {a0, a1, a2, a3, a4};
	int i;

	config(&c, args("+tls k c +cf a +cf b --add-cert-dir d +crl r -vc +py -der +pw secret "
	                "+dp x +rs y +ws +cs TLS_AES_128_GCM_SHA256 +cc"));
	assert_true(c.enabled);
	assert_string_equal(c.key_file, "k");
	assert_string_equal(c.cert_file, "c");
	assert_int_equal(c.n_ca_files, 2);
	assert_string_equal(c.ca_files[1], "b");
	assert_int_equal(c.n_ca_dirs, 1);
	assert_int_equal(c.n_crl_files, 1);
	assert_int_equal(c.verify, DCB_TLS_VERIFY_IF_PRESENT);
	assert_int_equal(c.profile, DCB_TLS_PROFILE_BCP195_ND);
	assert_true(c.der);
	assert_int_equal(c.pw_mode, DCB_TLS_PW_GIVEN);
	assert_string_equal(c.password, "secret");
	assert_true(c.list_suites);
	assert_int_equal(c.n_suites, 1);
	assert_non_null(strstr(c.notes, "+dp"));
	assert_non_null(strstr(c.notes, "+rs"));
	assert_non_null(strstr(c.notes, "+ws"));

	i = 0;
	assert_int_equal(dcb_tls_option(&c, 5, argv, &i, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "retired"));
	i = 1;
	assert_int_equal(dcb_tls_option(&c, 5, argv, &i, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "+cc"));
	i = 4;
	assert_int_equal(dcb_tls_option(&c, 5, argv, &i, &err), 0);
	i = 3;
	assert_int_equal(dcb_tls_option(&c, 4, argv, &i, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "needs a value"));

	assert_int_equal(
	    dcb_tls_priority(DCB_TLS_PROFILE_RFC8996, NULL, 0, prio, sizeof prio, &err), 0);
	assert_non_null(strstr(prio, "-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"));
	assert_null(strstr(prio, "TLS1.0"));
	assert_null(strstr(prio, "CBC"));
	assert_int_equal(dcb_tls_priority(DCB_TLS_PROFILE_BCP195, NULL, 0, prio, sizeof prio, &err),
	                 0);
	assert_non_null(strstr(prio, "+VERS-TLS1.0"));
	const char *one[] = {"ECDHE-RSA-AES128-GCM-SHA256"};

	assert_int_equal(dcb_tls_priority(DCB_TLS_PROFILE_RFC8996, one, 1, prio, sizeof prio, &err),
	                 0);
	assert_non_null(strstr(prio, "+VERS-TLS1.2"));
	assert_null(strstr(prio, "TLS1.3"));
	assert_non_null(strstr(prio, "+ECDHE-RSA"));
	assert_non_null(strstr(prio, "+AES-128-GCM"));

	assert_true(dcb_tls_list_suites(DCB_TLS_PROFILE_RFC8996, list, sizeof list) >= 9);
	assert_non_null(strstr(list, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
	assert_null(strstr(list, "CBC"));
	assert_true(dcb_tls_list_suites(DCB_TLS_PROFILE_BCP195, list, sizeof list) > 20);
	assert_non_null(strstr(list, "TLS_RSA_WITH_AES_128_CBC_SHA "));
}

/* ---- against GnuTLS's own tools, over loopback ---- */

static int
listen_any(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static pid_t
spawn(const char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	return pid;
}

static void
tls10_client_is_refused_under_pg(void **state)
{
	struct side s;
	struct dcb_tls_config cfg;
	int port, lfd = listen_any(&port), fd;
	char portstr[16];
	pid_t pid;
	struct pollfd p;

	snprintf(portstr, sizeof portstr, "%d", port);
	const char *argv[] = {"gnutls-cli", "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.0",
	                      "--insecure", "--port",     portstr,
	                      "127.0.0.1",  NULL};

	pid = spawn(argv);
	p.fd = lfd;
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 10000), 1);
	fd = accept(lfd, NULL, NULL);
	assert_true(fd >= 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	memset(&s, 0, sizeof s);
	config(&cfg, args("+tls %s %s +cf %s", srv_key, srv_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, true, &s.cr, NULL), 0);
	assert_int_equal(dcb_tls_transport_new(s.cr, fd, true, "127.0.0.1", NULL, &s.t, NULL), 0);
	s.rc = 1;
	for (int i = 0; i < 1000 && s.rc == 1; i++) {
		step(&s);
		p.fd = fd;
		poll(&p, 1, 10);
	}
	expect_fail(&s, "no TLS version in common: the SCU offered at most TLS 1.0");
	expect_fail(&s, "+px");
	dcb_transport_free(s.t);
	dcb_tls_creds_free(s.cr);
	close(lfd);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static void
tls10_server_is_refused_under_pg(void **state)
{
	struct side c;
	struct dcb_tls_config cfg;
	int port, lfd = listen_any(&port), fd = -1;
	char portstr[16];
	pid_t pid;
	struct sockaddr_in a = {.sin_family = AF_INET};

	close(lfd); /* a free port for gnutls-serv */
	snprintf(portstr, sizeof portstr, "%d", port);
	const char *argv[] = {"gnutls-serv", "--priority",     "NORMAL:-VERS-ALL:+VERS-TLS1.0",
	                      "--port",      portstr,          "--x509keyfile",
	                      rsa_key,       "--x509certfile", rsa_crt,
	                      NULL};

	pid = spawn(argv);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	for (int i = 0; i < 200; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
			break;
		close(fd);
		fd = -1;
		poll(NULL, 0, 50);
	}
	assert_true(fd >= 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	memset(&c, 0, sizeof c);
	config(&cfg, args("+tls %s %s +cf %s", cli_key, cli_crt, ca1));
	assert_int_equal(dcb_tls_creds_new(&cfg, false, &c.cr, NULL), 0);
	assert_int_equal(dcb_tls_transport_new(c.cr, fd, false, "127.0.0.1", NULL, &c.t, NULL), 0);
	c.rc = 1;
	for (int i = 0; i < 1000 && c.rc == 1; i++) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		step(&c);
		poll(&p, 1, 10);
	}
	expect_fail(&c, "no TLS version, cipher suite or key type in common");
	expect_fail(&c, "TLS 1.2 and 1.3");
	dcb_transport_free(c.t);
	dcb_tls_creds_free(c.cr);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(options_and_profiles),
	    cmocka_unit_test(credentials_explain_bad_files),
	    cmocka_unit_test(chain_with_unreadable_public_key),
	    cmocka_unit_test(mutual_authentication_and_data),
	    cmocka_unit_test(untrusted_server_issuer_is_named),
	    cmocka_unit_test(untrusted_client_issuer_is_named),
	    cmocka_unit_test(expired_and_future_certificates),
	    cmocka_unit_test(client_certificate_required_or_not),
	    cmocka_unit_test(revoked_certificate_under_crl),
	    cmocka_unit_test(no_common_cipher),
	    cmocka_unit_test(plain_dicom_on_the_tls_port),
	    cmocka_unit_test(tls10_client_is_refused_under_pg),
	    cmocka_unit_test(tls10_server_is_refused_under_pg),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
