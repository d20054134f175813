/* assoc-tap.c — the engine's tap at the transport boundary: the bytes an
 * association reads and writes (above TLS: decrypted) go to the capture
 * (cfg.pcap, pcap.h), and --drop-handshake (scenario.h) cuts a TLS
 * handshake after the ClientHello. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "engine-int.h"
#include "i18n.h"
#include "pcap.h"
#include "scenario.h"
#include "transport-tls.h"

void
tap_begin(struct assoc *a)
{
	struct sockaddr_storage local, remote;
	socklen_t ll = sizeof local, rl = sizeof remote;
	const struct sockaddr *l = NULL, *r = NULL;
	struct dcb_pcap *p = a->e->cfg.pcap;

	if (p == NULL || a->flow != NULL)
		return;
	if (a->fd >= 0 && getsockname(a->fd, (struct sockaddr *)&local, &ll) == 0)
		l = (const struct sockaddr *)&local;
	if (a->fd >= 0 && getpeername(a->fd, (struct sockaddr *)&remote, &rl) == 0)
		r = (const struct sockaddr *)&remote;
	a->flow = a->requestor ? dcb_pcap_flow_begin(p, l, r) : dcb_pcap_flow_begin(p, r, l);
	if (strcmp(a->t->ops->name, "tcp") != 0) {
		char desc[2048], line[2200];
		if (dcb_transport_is_tls(a->t))
			dcb_tls_transport_report(a->t, desc, sizeof desc);
		else
			a->t->ops->describe(a->t, desc, sizeof desc);
		snprintf(line, sizeof line, "association %u, %s %s:\n%s", a->id,
		         a->requestor ? "to" : "from", a->peer, desc);
		dcb_pcap_note(p, line);
	}
}

void
tap_bytes(struct assoc *a, bool in, const void *p, size_t n)
{
	if (a->flow == NULL)
		return;
	/* the client is the requestor: what it reads came from the server */
	dcb_pcap_flow_data(a->flow, a->requestor ? !in : in, p, n);
}

void
tap_iov(struct assoc *a, const struct iovec *iov, int n, size_t skip, size_t len)
{
	for (int i = 0; i < n && len > 0 && a->flow != NULL; i++) {
		size_t k;
		if (skip >= iov[i].iov_len) {
			skip -= iov[i].iov_len;
			continue;
		}
		k = iov[i].iov_len - skip;
		if (k > len)
			k = len;
		tap_bytes(a, false, (const uint8_t *)iov[i].iov_base + skip, k);
		len -= k;
		skip = 0;
	}
}

void
tap_end(struct assoc *a)
{
	dcb_pcap_flow_end(a->flow);
	a->flow = NULL;
}

int
tap_handshake(struct assoc *a, struct dcb_error *err)
{
	const struct dcb_scenario *s = a->e->cfg.scenario;
	char c;
	int rc;

	if (s == NULL || !s->drop_handshake || strcmp(a->t->ops->name, "tcp") == 0)
		return a->t->ops->handshake(a->t, err);
	/* The acceptor cuts as soon as the ClientHello is there, unanswered
	 * (with TLS 1.3 a client that got the server's flight counts the
	 * handshake as done); the requestor after sending its ClientHello. */
	if (!a->requestor && a->hs_steps == 0 && recv(a->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0)
		a->hs_steps++;
	if (a->hs_steps > 0) {
		eng_log(
		    a->e, a->id, DCB_LOG_WARN,
		    N_("scenario --drop-handshake: closing the connection with %s in the middle "
		       "of the TLS handshake"),
		    a->peer);
		return dcb_error_set(err, DCB_ERR_IO, -1,
		                     N_("scenario --drop-handshake: TLS handshake cut on purpose"));
	}
	if (!a->requestor)
		return DCB_ERR_WANT_READ;
	rc = a->t->ops->handshake(a->t, err);
	if (rc == DCB_ERR_WANT_READ || rc == DCB_ERR_WANT_WRITE)
		a->hs_steps++;
	return rc;
}
