/* transport-tls.h — a GnuTLS session over a connected non-blocking socket,
 * behind the transport ops table (transport.h).
 *
 * Drive the handshake with t->ops->handshake() until it returns 0 (poll for
 * DCB_ERR_WANT_READ / DCB_ERR_WANT_WRITE in between); read and writev also
 * finish a pending handshake first.  After DCB_ERR_WANT_WRITE from writev,
 * call writev again with the same data: the bytes are already inside
 * GnuTLS and the call returns their count once they are on the wire.
 *
 * Every failure is explained in err: which side refused, which
 * certificate, which issuer is missing and which +cf would fix it, expired
 * or not-yet-valid, no client certificate, no common version or cipher,
 * plain DICOM on the TLS port (or a plain DICOM answer to our ClientHello). */
#ifndef DCB_TRANSPORT_TLS_H
#define DCB_TRANSPORT_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "events.h"
#include "tls-config.h"
#include "transport.h"

/* Wraps fd (connected, non-blocking; ownership passes to the transport,
 * also on failure) in a TLS session.  server: acceptor (TLS server) or
 * requestor (client).  creds is borrowed and must outlive the transport.
 * peer ("127.0.0.1:104") is copied into t->peer for messages; server_name,
 * if a host name (not an address), is sent as SNI.
 * Errors: DCB_ERR_TLS, DCB_ERR_NOMEM. */
int dcb_tls_transport_new(struct dcb_tls_creds *creds, int fd, bool server, const char *peer,
                          const char *server_name, struct dcb_transport **out,
                          struct dcb_error *err);

/* The engine's transport factory (engine.h, dcb_transport_factory) for
 * TLS: user is the struct dcb_tls_creds.  NULL with err on failure. */
struct dcb_transport *dcb_tls_transport_factory(void *user, int fd, const char *peer, bool server,
                                                struct dcb_error *err);

/* True when t is a TLS transport. */
bool dcb_transport_is_tls(const struct dcb_transport *t);

/* Fills *ev after the handshake (ok, version, suite, both certificates,
 * the verification result in words) or after it failed (ok false, verify
 * holds the explanation). */
void dcb_tls_transport_event(const struct dcb_transport *t, struct dcb_ev_tls *ev);

/* Several lines for people: version, suite, both certificates (subject,
 * issuer, validity, SHA-256 fingerprint), verification. */
void dcb_tls_transport_report(const struct dcb_transport *t, char *buf, size_t size);

/* True when the first bytes a plain DICOM acceptor received look like a
 * TLS ClientHello record (16 03 0x ...): the peer speaks TLS to a plain
 * port.  Needs at least 3 bytes to say yes. */
bool dcb_tls_looks_like_client_hello(const uint8_t *data, size_t len);

/* The explanation a plain acceptor gives when it sees a ClientHello
 * (translated): what happened and what to do. */
const char *dcb_tls_plain_port_explanation(void);

/* True when the first bytes a plain DICOM requestor received look like a
 * TLS record (types 20..23, version 3.x): its A-ASSOCIATE-RQ went to a TLS
 * port, which answered with an alert. */
bool dcb_tls_looks_like_tls_record(const uint8_t *data, size_t len);

/* The explanation for that (translated). */
const char *dcb_tls_tls_port_explanation(void);

/* What a plain requestor says when the peer closed the connection in
 * answer to its A-ASSOCIATE-RQ, as a TLS port does (translated). */
const char *dcb_tls_plain_rq_dropped_explanation(void);

#endif
