/* transport-tls.c — the TLS transport: GnuTLS over a non-blocking socket,
 * with failures explained. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "i18n.h"
#include "pki.h"
#include "tls-internal.h"
#include "transport-tls.h"

#define CORK_MAX (1u << 20) /* bytes one writev hands to GnuTLS at most */
#define MAX_PEER_CHAIN 16
#define READ_AHEAD (64u << 10) /* bytes read from the socket at a time */

struct tls {
	struct dcb_transport base;
	int fd;
	gnutls_session_t s;
	struct dcb_tls_creds *cr;
	bool server;
	bool done;         /* handshake finished */
	bool failed;       /* handshake failed; failure[] says why */
	bool peer_cert;    /* the peer sent a certificate */
	bool verified;     /* and it was verified */
	bool got_data;     /* application data arrived after the handshake */
	uint8_t first[16]; /* the first bytes the peer sent */
	size_t first_len;
	size_t corked;         /* bytes of a writev inside GnuTLS, not yet sent */
	ssize_t held;          /* a record_recv result after data, for the next read; 1: none */
	int alert;             /* the alert our refusal sends, -1: GnuTLS picks */
	char verify_text[512]; /* our verdict on the peer's certificate */
	char failure[512];
	/* GnuTLS asks for a record's 5-byte header and its body separately:
	 * reading ahead saves both recv() calls for most records. */
	size_t ra_off, ra_len;
	uint8_t ra[READ_AHEAD];
};

static const struct dcb_transport_ops tls_ops;

static struct tls *
as_tls(const struct dcb_transport *t)
{
	return (struct tls *)t;
}

bool
dcb_transport_is_tls(const struct dcb_transport *t)
{
	return t != NULL && t->ops == &tls_ops;
}

bool
dcb_tls_looks_like_client_hello(const uint8_t *data, size_t len)
{
	/* record type 22 (handshake), version 3.x with x <= 4 */
	return len >= 3 && data[0] == 0x16 && data[1] == 0x03 && data[2] <= 0x04;
}

const char *
dcb_tls_plain_port_explanation(void)
{
	return dgettext(PACKAGE,
	                N_("a TLS handshake (ClientHello, bytes 16 03 ..) arrived on this plain "
	                   "DICOM port: the peer uses TLS. Either run this side with +tls KEY CERT "
	                   "(TLS has its own port, 2762 is usual), or let the peer connect "
	                   "without +tls."));
}

bool
dcb_tls_looks_like_tls_record(const uint8_t *data, size_t len)
{
	return len >= 3 && data[0] >= 20 && data[0] <= 23 && data[1] == 0x03 && data[2] <= 0x04;
}

const char *
dcb_tls_tls_port_explanation(void)
{
	return dgettext(PACKAGE,
	                N_("the peer answered our A-ASSOCIATE-RQ in TLS (bytes 1x 03 ..): it is "
	                   "a TLS port. Connect with +tls KEY CERT +cf CA-FILE, or use the "
	                   "peer's plain port."));
}

const char *
dcb_tls_plain_rq_dropped_explanation(void)
{
	return dgettext(PACKAGE, N_("the peer closed the connection without answering our "
	                            "A-ASSOCIATE-RQ: if it is a TLS port, connect with +tls KEY "
	                            "CERT +cf CA-FILE; otherwise see the peer's log."));
}

static const char *
side_name(bool server)
{
	return server ? dgettext(PACKAGE, N_("SCP")) : dgettext(PACKAGE, N_("SCU"));
}

static ssize_t
pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct tls *t = p;

	if (t->ra_off == t->ra_len) {
		ssize_t r;

		t->ra_off = t->ra_len = 0;
		do
			r = recv(t->fd, t->ra, sizeof t->ra, 0);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			gnutls_transport_set_errno(t->s, errno);
			return -1;
		}
		if (r == 0)
			return 0;
		t->ra_len = (size_t)r;
		if (t->first_len < sizeof t->first) {
			size_t k = sizeof t->first - t->first_len;

			if (k > (size_t)r)
				k = (size_t)r;
			memcpy(t->first + t->first_len, t->ra, k);
			t->first_len += k;
		}
	}
	if (n > t->ra_len - t->ra_off)
		n = t->ra_len - t->ra_off;
	memcpy(buf, t->ra + t->ra_off, n);
	t->ra_off += n;
	return (ssize_t)n;
}

static ssize_t
vec_push(gnutls_transport_ptr_t p, const giovec_t *iov, int iovcnt)
{
	struct tls *t = p;
	struct msghdr m;
	ssize_t r;

	memset(&m, 0, sizeof m);
	m.msg_iov = (struct iovec *)(uintptr_t)iov;
	m.msg_iovlen = (size_t)iovcnt;
	do
		r = sendmsg(t->fd, &m, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		gnutls_transport_set_errno(t->s, errno);
	return r;
}

static int
pull_timeout(gnutls_transport_ptr_t p, unsigned ms)
{
	struct tls *t = p;
	struct pollfd pfd = {.fd = t->fd, .events = POLLIN};
	int r;

	if (t->ra_off < t->ra_len)
		return 1;
	r = poll(&pfd, 1, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (int)ms);
	return r < 0 ? -1 : r;
}

static int
want(const struct tls *t)
{
	return gnutls_record_get_direction(t->s) == 1 ? DCB_ERR_WANT_WRITE : DCB_ERR_WANT_READ;
}

int
dcb_tls_verify_callback(gnutls_session_t s)
{
	struct tls *t = gnutls_session_get_ptr(s);
	const gnutls_datum_t *raw;
	gnutls_x509_crt_t chain[MAX_PEER_CHAIN];
	gnutls_typed_vdata_st vdata;
	unsigned n = 0, k = 0, status = 0;
	char who[64];
	int rc;

	if (t == NULL)
		return 0;
	raw = gnutls_certificate_get_peers(s, &n);
	t->peer_cert = raw != NULL && n > 0;
	if (t->cr->verify == DCB_TLS_VERIFY_IGNORE) {
		snprintf(t->verify_text, sizeof t->verify_text, "%s",
		         dgettext(PACKAGE, N_("peer certificate not verified (-ic)")));
		return 0;
	}
	if (!t->peer_cert) {
		if (t->cr->verify == DCB_TLS_VERIFY_IF_PRESENT) {
			snprintf(
			    t->verify_text, sizeof t->verify_text, "%s",
			    dgettext(PACKAGE, N_("the peer sent no certificate (allowed by -vc)")));
			return 0;
		}
		snprintf(t->verify_text, sizeof t->verify_text,
		         dgettext(PACKAGE, N_("the %s sent no certificate, but one is required "
		                              "(-rc)")),
		         side_name(!t->server));
		t->alert = gnutls_protocol_get_version(s) == GNUTLS_TLS1_3
		               ? GNUTLS_A_CERTIFICATE_REQUIRED
		               : GNUTLS_A_HANDSHAKE_FAILURE;
		return -1;
	}
	vdata.type = GNUTLS_DT_KEY_PURPOSE_OID;
	vdata.data =
	    (unsigned char *)(t->server ? GNUTLS_KP_TLS_WWW_CLIENT : GNUTLS_KP_TLS_WWW_SERVER);
	vdata.size = 0;
	rc = gnutls_certificate_verify_peers(s, &vdata, 1, &status);
	if (rc < 0) {
		snprintf(t->verify_text, sizeof t->verify_text, "%s", gnutls_strerror(rc));
		return -1;
	}
	for (unsigned i = 0; i < n && k < MAX_PEER_CHAIN; i++) {
		if (gnutls_x509_crt_init(&chain[k]) < 0)
			break;
		if (gnutls_x509_crt_import(chain[k], &raw[i], GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(chain[k]);
			continue;
		}
		k++;
	}
	snprintf(who, sizeof who, dgettext(PACKAGE, N_("sent by the %s")), side_name(!t->server));
	t->verify_text[0] = '\0';
	dcb_pki_explain_status(status, chain, k, who, time(NULL), t->verify_text,
	                       sizeof t->verify_text);
	if (status != 0 && t->cr->n_trusted == 0)
		dcb_pki_appendf(t->verify_text, sizeof t->verify_text,
		                N_(" Nothing is trusted on this side: no +cf or +cd was given."));
	for (unsigned i = 0; i < k; i++)
		gnutls_x509_crt_deinit(chain[i]);
	t->verified = status == 0;
	/* tell the peer as precisely as TLS allows */
	if (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA))
		t->alert = GNUTLS_A_UNKNOWN_CA;
	else if (status & GNUTLS_CERT_EXPIRED)
		t->alert = GNUTLS_A_CERTIFICATE_EXPIRED;
	else if (status & GNUTLS_CERT_REVOKED)
		t->alert = GNUTLS_A_CERTIFICATE_REVOKED;
	else if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
		t->alert = GNUTLS_A_UNSUPPORTED_CERTIFICATE;
	else if (status != 0)
		t->alert = GNUTLS_A_BAD_CERTIFICATE;
	return status == 0 ? 0 : -1;
}

static const char *
pdu_name(uint8_t type)
{
	static const char *const names[] = {
	    "",          "A-ASSOCIATE-RQ", "A-ASSOCIATE-AC", "A-ASSOCIATE-RJ",
	    "P-DATA-TF", "A-RELEASE-RQ",   "A-RELEASE-RP",   "A-ABORT",
	};

	return type >= 1 && type <= 7 ? names[type] : "?";
}

static const char *
versions(enum dcb_tls_profile p)
{
	return p == DCB_TLS_PROFILE_BCP195 ? "TLS 1.0 to 1.3" : "TLS 1.2 and 1.3";
}

/* What our own certificate is, for messages about the peer refusing it. */
static void
own_words(const struct tls *t, char *buf, size_t size)
{
	if (!t->cr->have_own) {
		snprintf(buf, size, "%s", dgettext(PACKAGE, N_("(none: no +tls KEY CERT)")));
		return;
	}
	snprintf(buf, size, dgettext(PACKAGE, N_("'%s', issued by '%s', valid %s to %s")),
	         t->cr->own.subject, t->cr->own.issuer, t->cr->own.not_before,
	         t->cr->own.not_after);
}

/* Writes the explanation of GnuTLS error rc into t->failure. */
static void
explain(struct tls *t, int rc)
{
	char *b = t->failure;
	size_t sz = sizeof t->failure;
	const char *me = side_name(t->server), *peer = side_name(!t->server);
	char own[512];

	b[0] = '\0';
	dcb_pki_appendf(b, sz, N_("TLS with %s failed: "), t->base.peer[0] ? t->base.peer : "?");
	/* plain DICOM where TLS was expected */
	if (t->first_len >= 2 && t->first[0] >= 1 && t->first[0] <= 7 && t->first[1] == 0) {
		if (t->server)
			dcb_pki_appendf(
			    b, sz,
			    N_("plain DICOM (%s, bytes %02x %02x ..) arrived on this TLS "
			       "port: the %s does not use TLS. Give it +tls KEY CERT and "
			       "+cf with our CA, or let it connect to the plain port."),
			    pdu_name(t->first[0]), t->first[0], t->first[1], peer);
		else
			dcb_pki_appendf(
			    b, sz,
			    N_("the %s answered our TLS ClientHello in plain DICOM (%s, "
			       "bytes %02x %02x ..): it is a plain port. Connect to its TLS "
			       "port, or drop +tls."),
			    peer, pdu_name(t->first[0]), t->first[0], t->first[1]);
		return;
	}
	switch (rc) {
	case GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR:
	case GNUTLS_E_CERTIFICATE_ERROR:
		dcb_pki_appendf(b, sz, N_("this side (%s) refused the %s's certificate. %s"), me,
		                peer, t->verify_text);
		return;
	case GNUTLS_E_NO_CERTIFICATE_FOUND:
	case GNUTLS_E_CERTIFICATE_REQUIRED:
		if (t->server)
			dcb_pki_appendf(
			    b, sz,
			    N_("the %s sent no certificate, but this side requires one "
			       "(-rc, the default). Give the %s +tls KEY CERT, or accept "
			       "peers without one here with -vc or -ic."),
			    peer, peer);
		else
			dcb_pki_appendf(b, sz, N_("the %s sent no certificate."), peer);
		return;
	case GNUTLS_E_FATAL_ALERT_RECEIVED: {
		gnutls_alert_description_t a = gnutls_alert_get(t->s);
		const char *an = gnutls_alert_get_name(a);

		own_words(t, own, sizeof own);
		switch (a) {
		case GNUTLS_A_CERTIFICATE_REQUIRED:
			dcb_pki_appendf(
			    b, sz,
			    N_("the %s requires a certificate from us and we sent none. "
			       "Give this side +tls KEY CERT."),
			    peer);
			return;
		case GNUTLS_A_BAD_CERTIFICATE:
		case GNUTLS_A_UNSUPPORTED_CERTIFICATE:
		case GNUTLS_A_CERTIFICATE_REVOKED:
		case GNUTLS_A_CERTIFICATE_EXPIRED:
		case GNUTLS_A_CERTIFICATE_UNKNOWN:
		case GNUTLS_A_UNKNOWN_CA:
		case GNUTLS_A_ACCESS_DENIED:
			if (!t->cr->have_own && !t->server) {
				dcb_pki_appendf(
				    b, sz,
				    N_("the %s refused us (alert '%s'): it requires a "
				       "certificate and we have none. Give this side +tls "
				       "KEY CERT."),
				    peer, an);
				return;
			}
			dcb_pki_appendf(
			    b, sz, N_("the %s refused our certificate (alert '%s'). Ours is %s. "),
			    peer, an, own);
			if (a == GNUTLS_A_UNKNOWN_CA)
				dcb_pki_appendf(
				    b, sz,
				    N_("The %s does not trust its issuer: it must trust '%s' "
				       "(give it +cf with that CA's certificate)."),
				    peer, t->cr->own.issuer);
			else if (a == GNUTLS_A_CERTIFICATE_REVOKED)
				dcb_pki_appendf(
				    b, sz,
				    N_("The %s has it on a revocation list (CRL): issue a "
				       "new certificate."),
				    peer);
			else if (a == GNUTLS_A_CERTIFICATE_EXPIRED)
				dcb_pki_appendf(
				    b, sz,
				    N_("The %s finds it expired or not yet valid: check the "
				       "dates above and both clocks, or issue a new one."),
				    peer);
			else
				dcb_pki_appendf(
				    b, sz,
				    N_("The %s must trust '%s' (give it +cf with that CA's "
				       "certificate), and our certificate must be valid now "
				       "and allowed for TLS use."),
				    peer, t->cr->own.issuer);
			return;
		case GNUTLS_A_PROTOCOL_VERSION:
			dcb_pki_appendf(b, sz,
			                N_("the %s refused (alert '%s'): no TLS version in common. "
			                   "This side allows %s; the %s may need a newer TLS or a "
			                   "different profile (+px allows TLS 1.0 and 1.1)."),
			                peer, an, dcb_tls_profile_name(t->cr->profile), peer);
			return;
		case GNUTLS_A_HANDSHAKE_FAILURE:
		case GNUTLS_A_INSUFFICIENT_SECURITY:
			dcb_pki_appendf(
			    b, sz,
			    N_("the %s refused (alert '%s'): no TLS version, cipher suite "
			       "or key type in common, or it wanted a certificate we did "
			       "not send. This side allows %s (%s; '+cc' lists its "
			       "suites)."),
			    peer, an, dcb_tls_profile_name(t->cr->profile),
			    versions(t->cr->profile));
			return;
		default:
			dcb_pki_appendf(b, sz, N_("the %s ended the handshake with alert '%s'."),
			                peer, an);
			return;
		}
	}
	case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
		if (t->server && t->first_len >= 11 && t->first[0] == 0x16)
			dcb_pki_appendf(
			    b, sz,
			    N_("no TLS version in common: the %s offered at most TLS %s, "
			       "this side allows %s (TLS 1.2 or newer). Update the %s, or "
			       "allow old versions here with +px."),
			    peer,
			    t->first[10] <= 1   ? "1.0"
			    : t->first[10] == 2 ? "1.1"
			                        : "1.2",
			    dcb_tls_profile_name(t->cr->profile), peer);
		else
			dcb_pki_appendf(b, sz,
			                N_("no TLS version in common: this side allows %s; the %s "
			                   "chose another version."),
			                dcb_tls_profile_name(t->cr->profile), peer);
		return;
	case GNUTLS_E_NO_CIPHER_SUITES:
	case GNUTLS_E_UNKNOWN_CIPHER_SUITE:
	case GNUTLS_E_NO_COMMON_KEY_SHARE:
	case GNUTLS_E_INSUFFICIENT_CREDENTIALS:
	case GNUTLS_E_UNWANTED_ALGORITHM:
		dcb_pki_appendf(b, sz,
		                N_("no cipher suite in common (%s): this side allows %s ('+cc' "
		                   "lists its suites); check the %s's suites and key type."),
		                gnutls_strerror(rc), dcb_tls_profile_name(t->cr->profile), peer);
		return;
	case GNUTLS_E_DECRYPTION_FAILED:
		own_words(t, own, sizeof own);
		dcb_pki_appendf(b, sz,
		                N_("the %s ended the handshake with a record this side cannot "
		                   "decrypt: most likely it refused our certificate (an OpenSSL "
		                   "peer sends that alert unencrypted). Ours is %s; the %s must "
		                   "trust '%s' (give it +cf with that CA's certificate)."),
		                peer, own, peer, t->cr->have_own ? t->cr->own.issuer : "?");
		return;
	case GNUTLS_E_PREMATURE_TERMINATION:
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PUSH_ERROR:
		if (t->first_len == 0 && !t->server)
			dcb_pki_appendf(
			    b, sz,
			    N_("the %s closed the connection without a TLS answer: it may "
			       "be a plain DICOM port (connect to its TLS port or drop "
			       "+tls), or it refused us without saying why (see its log)."),
			    peer);
		else if (t->first_len == 0)
			dcb_pki_appendf(b, sz,
			                N_("the %s closed the connection before the TLS handshake "
			                   "began."),
			                peer);
		else
			dcb_pki_appendf(
			    b, sz,
			    N_("the %s closed the connection during the TLS handshake: it "
			       "probably refused something (see its log)."),
			    peer);
		return;
	default:
		if (t->first_len >= 1 && t->first[0] != 0x16 && t->first[0] != 0x15 && t->server)
			dcb_pki_appendf(
			    b, sz,
			    N_("the %s did not start a TLS handshake (first byte %02x): it "
			       "does not speak TLS on this port."),
			    peer, t->first[0]);
		else
			dcb_pki_appendf(b, sz, N_("%s."), gnutls_strerror(rc));
		return;
	}
}

static int
fail(struct tls *t, int rc, struct dcb_error *err)
{
	explain(t, rc);
	/* GnuTLS leaves the alert to us; best effort, the socket is
	 * non-blocking and a small record fits. */
	if (rc != GNUTLS_E_FATAL_ALERT_RECEIVED && rc != GNUTLS_E_PREMATURE_TERMINATION &&
	    rc != GNUTLS_E_PULL_ERROR && rc != GNUTLS_E_PUSH_ERROR) {
		if (t->alert >= 0)
			gnutls_alert_send(t->s, GNUTLS_AL_FATAL,
			                  (gnutls_alert_description_t)t->alert);
		else
			gnutls_alert_send_appropriate(t->s, rc);
	}
	t->failed = true;
	return dcb_error_set(err, DCB_ERR_TLS, -1, "%s", t->failure);
}

static int
tls_handshake(struct dcb_transport *base, struct dcb_error *err)
{
	struct tls *t = as_tls(base);
	int rc;

	if (t->done)
		return 0;
	if (t->failed)
		return dcb_error_set(err, DCB_ERR_TLS, -1, "%s", t->failure);
	rc = gnutls_handshake(t->s);
	if (rc == 0) {
		t->done = true;
		if (t->verify_text[0] == '\0')
			snprintf(t->verify_text, sizeof t->verify_text, "%s",
			         t->cr->verify == DCB_TLS_VERIFY_IGNORE
			             ? dgettext(PACKAGE, N_("peer certificate not verified (-ic)"))
			             : dgettext(PACKAGE, N_("the peer sent no certificate")));
		return 0;
	}
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(rc))
		return want(t);
	return fail(t, rc, err);
}

/* The peer hung up right after the handshake, before a single DICOM byte:
 * in TLS 1.3 that is how a refusal of our certificate looks when the alert
 * got lost. */
static int
closed_after_handshake(struct tls *t, struct dcb_error *err)
{
	char own[512];

	own_words(t, own, sizeof own);
	snprintf(t->failure, sizeof t->failure,
	         dgettext(PACKAGE, N_("TLS with %s failed: the %s closed the connection right "
	                              "after the TLS handshake, without a word: it probably "
	                              "refused our certificate (ours is %s) or wanted one; see "
	                              "its log.")),
	         t->base.peer, side_name(!t->server), own);
	t->failed = true;
	return dcb_error_set(err, DCB_ERR_TLS, -1, "%s", t->failure);
}

/* A write failed: if the peer's refusal (an alert) is waiting, explain
 * that instead of the broken pipe. */
static int
write_failed(struct tls *t, int rc, struct dcb_error *err)
{
	char b[64];
	ssize_t r = gnutls_record_recv(t->s, b, sizeof b);

	if (r == GNUTLS_E_FATAL_ALERT_RECEIVED)
		return fail(t, (int)r, err);
	if (!t->got_data && t->done)
		return closed_after_handshake(t, err);
	return dcb_error_set(err, DCB_ERR_TLS, -1, N_("TLS write to %s failed: %s"), t->base.peer,
	                     gnutls_strerror(rc));
}

/* What gnutls_record_recv() returning r <= 0 means to the caller. */
static ssize_t
recv_result(struct tls *t, ssize_t r, struct dcb_error *err)
{
	if (r >= 0)
		return r;
	switch (r) {
	case GNUTLS_E_AGAIN:
	case GNUTLS_E_INTERRUPTED:
	case GNUTLS_E_REHANDSHAKE:
	case GNUTLS_E_WARNING_ALERT_RECEIVED:
		return want(t);
	case GNUTLS_E_PREMATURE_TERMINATION:
		if (!t->got_data)
			return closed_after_handshake(t, err);
		return 0; /* closed without close_notify: still closed */
	case GNUTLS_E_DECRYPTION_FAILED:
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		/* TLS 1.3: the server checks our certificate after our side
		 * finished the handshake, so its refusal arrives here. */
		return fail(t, (int)r, err);
	default:
		return dcb_error_set(err, DCB_ERR_TLS, -1, N_("TLS read from %s failed: %s"),
		                     t->base.peer, gnutls_strerror((int)r));
	}
}

/* Fills buf with as many records as have arrived (a record holds at most
 * 16 KiB; the engine reads 256 KiB at a time).  A close or an error
 * behind some data is held for the next call, which reports it. */
static ssize_t
tls_read(struct dcb_transport *base, void *buf, size_t n, struct dcb_error *err)
{
	struct tls *t = as_tls(base);
	size_t got = 0;
	ssize_t r;
	int rc;

	if ((rc = tls_handshake(base, err)) < 0)
		return rc;
	if (t->held <= 0) {
		r = t->held;
		t->held = 1;
		return recv_result(t, r, err);
	}
	while (got < n) {
		size_t before = t->ra_off;

		r = gnutls_record_recv(t->s, (char *)buf + got, n - got);
		if (r > 0) {
			t->got_data = true;
			got += (size_t)r;
			continue;
		}
		/* AGAIN after a post-handshake message (a TLS 1.3 session
		 * ticket) with records behind it in the read-ahead: go on
		 * while GnuTLS takes bytes. */
		if ((r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) && t->ra_off < t->ra_len &&
		    t->ra_off != before)
			continue;
		if (got == 0)
			return recv_result(t, r, err);
		if (r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED)
			t->held = r;
		break;
	}
	return (ssize_t)got;
}

static ssize_t
tls_writev(struct dcb_transport *base, const struct iovec *iov, int iovcnt, struct dcb_error *err)
{
	struct tls *t = as_tls(base);
	ssize_t r;
	size_t n;
	int rc;

	if ((rc = tls_handshake(base, err)) < 0)
		return rc;
	if (t->corked == 0) {
		size_t total = 0;

		gnutls_record_cork(t->s);
		for (int i = 0; i < iovcnt && total < CORK_MAX; i++) {
			size_t off = 0;

			while (off < iov[i].iov_len && total < CORK_MAX) {
				size_t len = iov[i].iov_len - off;

				if (len > CORK_MAX - total)
					len = CORK_MAX - total;
				r = gnutls_record_send(t->s, (const char *)iov[i].iov_base + off,
				                       len);
				if (r <= 0) {
					gnutls_record_uncork(t->s, 0);
					return write_failed(t, (int)r, err);
				}
				off += (size_t)r;
				total += (size_t)r;
			}
		}
		if (total == 0) {
			gnutls_record_uncork(t->s, 0);
			return 0;
		}
		t->corked = total;
	}
	r = gnutls_record_uncork(t->s, 0);
	if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
		return DCB_ERR_WANT_WRITE;
	if (r < 0) {
		t->corked = 0;
		return write_failed(t, (int)r, err);
	}
	n = t->corked;
	t->corked = 0;
	return (ssize_t)n;
}

static int
tls_shutdown(struct dcb_transport *base, struct dcb_error *err)
{
	struct tls *t = as_tls(base);
	int rc;

	if (!t->done)
		return 0;
	if (t->corked > 0) {
		rc = gnutls_record_uncork(t->s, 0);
		if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
			return DCB_ERR_WANT_WRITE;
		t->corked = 0;
	}
	rc = gnutls_bye(t->s, GNUTLS_SHUT_WR);
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
		return want(t);
	if (rc < 0)
		return dcb_error_set(err, DCB_ERR_TLS, -1, N_("TLS close_notify to %s failed: %s"),
		                     t->base.peer, gnutls_strerror(rc));
	return 0;
}

static void
tls_free(struct dcb_transport *base)
{
	struct tls *t = as_tls(base);

	gnutls_deinit(t->s);
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

static int
tls_fd(const struct dcb_transport *base)
{
	return as_tls(base)->fd;
}

static void
tls_describe(const struct dcb_transport *base, char *buf, size_t size)
{
	const struct tls *t = as_tls(base);

	if (!t->done) {
		snprintf(buf, size, "%s",
		         t->failed ? dgettext(PACKAGE, N_("TLS (failed)"))
		                   : dgettext(PACKAGE, N_("TLS (handshake)")));
		return;
	}
	snprintf(buf, size, "%s %s", gnutls_protocol_get_name(gnutls_protocol_get_version(t->s)),
	         gnutls_ciphersuite_get(t->s));
}

static bool
tls_pending(const struct dcb_transport *base)
{
	const struct tls *t = as_tls(base);

	if (!t->done)
		return false;
	return t->held <= 0 || t->ra_off < t->ra_len || gnutls_record_check_pending(t->s) > 0;
}

static const struct dcb_transport_ops tls_ops = {
    .name = "tls",
    .handshake = tls_handshake,
    .read = tls_read,
    .writev = tls_writev,
    .pending = tls_pending,
    .shutdown = tls_shutdown,
    .free = tls_free,
    .fd = tls_fd,
    .describe = tls_describe,
};

int
dcb_tls_transport_new(struct dcb_tls_creds *creds, int fd, bool server, const char *peer,
                      const char *server_name, struct dcb_transport **out, struct dcb_error *err)
{
	struct tls *t = calloc(1, sizeof *t);
	int rc;

	if (t == NULL) {
		close(fd);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	}
	t->base.ops = &tls_ops;
	snprintf(t->base.peer, sizeof t->base.peer, "%s", peer != NULL ? peer : "");
	t->fd = fd;
	t->cr = creds;
	t->server = server;
	t->alert = -1;
	t->held = 1;
	rc = gnutls_init(&t->s, (server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_NONBLOCK);
	if (rc < 0) {
		close(fd);
		free(t);
		return dcb_error_set(err, DCB_ERR_TLS, -1, "gnutls_init: %s", gnutls_strerror(rc));
	}
	if ((rc = gnutls_priority_set(t->s, creds->prio)) < 0 ||
	    (rc = gnutls_credentials_set(t->s, GNUTLS_CRD_CERTIFICATE, creds->cred)) < 0) {
		tls_free(&t->base);
		return dcb_error_set(err, DCB_ERR_TLS, -1, "%s", gnutls_strerror(rc));
	}
	/* Without the list of CA names in the certificate request, a client
	 * sends its certificate even when it comes from a CA we do not trust,
	 * and we can say which issuer is missing. */
	if (server)
		gnutls_certificate_send_x509_rdn_sequence(t->s, 1);
	if (server)
		gnutls_certificate_server_set_request(
		    t->s, creds->verify == DCB_TLS_VERIFY_REQUIRE      ? GNUTLS_CERT_REQUIRE
		          : creds->verify == DCB_TLS_VERIFY_IF_PRESENT ? GNUTLS_CERT_REQUEST
		                                                       : GNUTLS_CERT_IGNORE);
	if (!server && server_name != NULL && server_name[0] != '\0') {
		struct in6_addr a6;

		if (inet_pton(AF_INET, server_name, &a6) != 1 &&
		    inet_pton(AF_INET6, server_name, &a6) != 1)
			gnutls_server_name_set(t->s, GNUTLS_NAME_DNS, server_name,
			                       strlen(server_name));
	}
	gnutls_session_set_ptr(t->s, t);
	gnutls_transport_set_ptr(t->s, t);
	gnutls_transport_set_pull_function(t->s, pull);
	gnutls_transport_set_vec_push_function(t->s, vec_push);
	gnutls_transport_set_pull_timeout_function(t->s, pull_timeout);
	gnutls_handshake_set_timeout(t->s, 0); /* the engine's ARTIM timer rules */
	*out = &t->base;
	return 0;
}

struct dcb_transport *
dcb_tls_transport_factory(void *user, int fd, const char *peer, bool server, struct dcb_error *err)
{
	struct dcb_transport *t = NULL;

	if (dcb_tls_transport_new(user, fd, server, peer, NULL, &t, err) < 0)
		return NULL;
	return t;
}

static void
fill_cert(const gnutls_datum_t *raw, char *subject, size_t ssz, char *issuer, size_t isz, char *nb,
          size_t nbsz, char *na, size_t nasz, char *fp, size_t fpsz)
{
	gnutls_x509_crt_t crt;
	struct dcb_pki_info in;

	if (gnutls_x509_crt_init(&crt) < 0)
		return;
	if (gnutls_x509_crt_import(crt, raw, GNUTLS_X509_FMT_DER) == 0 &&
	    dcb_pki_info(crt, &in, NULL) == 0) {
		snprintf(subject, ssz, "%s", in.subject);
		if (issuer != NULL)
			snprintf(issuer, isz, "%s", in.issuer);
		if (nb != NULL)
			snprintf(nb, nbsz, "%s", in.not_before);
		if (na != NULL)
			snprintf(na, nasz, "%s", in.not_after);
		if (fp != NULL)
			snprintf(fp, fpsz, "%s", in.fingerprint);
	}
	gnutls_x509_crt_deinit(crt);
}

void
dcb_tls_transport_event(const struct dcb_transport *base, struct dcb_ev_tls *ev)
{
	const struct tls *t = as_tls(base);
	const gnutls_datum_t *raw;
	unsigned n = 0;

	memset(ev, 0, sizeof *ev);
	ev->ok = t->done && !t->failed;
	if (t->failed) {
		snprintf(ev->verify, sizeof ev->verify, "%s", t->failure);
	} else {
		snprintf(ev->verify, sizeof ev->verify, "%s", t->verify_text);
	}
	if (t->cr->have_own) {
		snprintf(ev->own_subject, sizeof ev->own_subject, "%s", t->cr->own.subject);
		snprintf(ev->own_issuer, sizeof ev->own_issuer, "%s", t->cr->own.issuer);
		snprintf(ev->own_not_after, sizeof ev->own_not_after, "%s", t->cr->own.not_after);
		snprintf(ev->own_fingerprint, sizeof ev->own_fingerprint, "%s",
		         t->cr->own.fingerprint);
	}
	if (!t->done)
		return;
	snprintf(ev->version, sizeof ev->version, "%s",
	         gnutls_protocol_get_name(gnutls_protocol_get_version(t->s)));
	snprintf(ev->cipher, sizeof ev->cipher, "%s", gnutls_ciphersuite_get(t->s));
	raw = gnutls_certificate_get_peers(t->s, &n);
	if (raw != NULL && n > 0)
		fill_cert(&raw[0], ev->peer_subject, sizeof ev->peer_subject, ev->peer_issuer,
		          sizeof ev->peer_issuer, ev->peer_not_before, sizeof ev->peer_not_before,
		          ev->peer_not_after, sizeof ev->peer_not_after, ev->peer_fingerprint,
		          sizeof ev->peer_fingerprint);
}

void
dcb_tls_transport_report(const struct dcb_transport *base, char *buf, size_t size)
{
	struct dcb_ev_tls ev;

	if (size == 0)
		return;
	buf[0] = '\0';
	dcb_tls_transport_event(base, &ev);
	if (!ev.ok) {
		dcb_pki_appendf(buf, size, "%s\n", ev.verify);
		return;
	}
	dcb_pki_appendf(buf, size, N_("TLS with %s: %s, %s\n"), base->peer, ev.version, ev.cipher);
	if (ev.peer_subject[0] != '\0')
		dcb_pki_appendf(buf, size,
		                N_("  peer: '%s', issued by '%s', valid %s to %s, SHA-256 %s\n"),
		                ev.peer_subject, ev.peer_issuer, ev.peer_not_before,
		                ev.peer_not_after, ev.peer_fingerprint);
	if (ev.own_subject[0] != '\0')
		dcb_pki_appendf(
		    buf, size, N_("  own:  '%s', issued by '%s', valid until %s, SHA-256 %s\n"),
		    ev.own_subject, ev.own_issuer, ev.own_not_after, ev.own_fingerprint);
	dcb_pki_appendf(buf, size, N_("  verification: %s\n"), ev.verify);
}
