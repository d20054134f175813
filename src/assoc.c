/* assoc.c — one association: its life (connect in Sta4, TLS handshake,
 * close), input through the PDU reader to its owner (struct assoc_ops),
 * and its timers.  The state machine's effects are in assoc-ul.c, output
 * in assoc-io.c, the trace events in assoc-trace.c. */
#include "config.h"

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conform-wire.h"
#include "engine-int.h"
#include "i18n.h"
#include "transport-tls.h"

static void handle_pdu_event(struct assoc *a, const struct dcb_pdu_event *ev);

static struct assoc *
assoc_alloc(struct dcb_engine *e, bool requestor, const struct assoc_ops *ops, void *user,
            struct dcb_error *err)
{
	struct assoc *a = calloc(1, sizeof *a);

	if (a == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for an association"));
		return NULL;
	}
	a->e = e;
	a->requestor = requestor;
	a->ops = ops;
	a->user = user;
	a->id = ++e->next_assoc_id;
	dcb_ul_init(&a->ul, requestor);
	dcb_pdu_reader_init(&a->rd);
	a->rd.max_pdu = e->cfg.max_pdu;
	a->max_send = e->cfg.max_pdu;
	a->handshaking = true;
	a->next = e->assocs;
	e->assocs = a;
	e->n_open++;
	e->stats.assocs_total++;
	e->stats.assocs_open = e->n_open;
	return a;
}

struct assoc *
assoc_new(struct dcb_engine *e, struct dcb_transport *t, bool requestor,
          const struct assoc_ops *ops, void *user, struct dcb_error *err)
{
	struct assoc *a = assoc_alloc(e, requestor, ops, user, err);

	if (a == NULL) {
		dcb_transport_free(t);
		return NULL;
	}
	a->t = t;
	a->fd = t->ops->fd(t);
	snprintf(a->peer, sizeof a->peer, "%s", t->peer);
	return a;
}


static void on_io(int fd, short revents, void *user);

/* tls: a finished TLS handshake becomes a DCB_EV_TLS event (a failed one
 * is reported as an error by drive_handshake). */
static void
emit_tls(struct assoc *a)
{
	struct dcb_event ev = {.kind = DCB_EV_TLS};

	if (!dcb_transport_is_tls(a->t))
		return;
	dcb_tls_transport_event(a->t, &ev.u.tls);
	eng_emit(a->e, a->id, &ev);
}

/* Says why (a TLS/plain mix-up), and when plain was the AE table's
 * choice (DCB_CONN_PLAIN), how to mark the peer. */
static void
say_mixup(struct assoc *a, const char *why)
{
	if (a->requestor && a->conn_tls == DCB_CONN_PLAIN)
		eng_error(a->e, a->id,
		          N_("%s: %s Plain because the AE table does not mark '%s' +tls: add +tls "
		             "to that peer (AE@HOST:PORT+tls)"),
		          a->peer, why, a->called_ae);
	else
		eng_error(a->e, a->id, N_("%s: %s"), a->peer, why);
}

/* tls: the first bytes on a plain connection that are TLS instead of
 * DICOM: a ClientHello on our plain port, or a TLS answer to our
 * A-ASSOCIATE-RQ.  Closes the association with the explanation. */
static bool
tls_mixup(struct assoc *a, const uint8_t *p, size_t n)
{
	const char *why;

	if (strcmp(a->t->ops->name, "tcp") != 0 || !dcb_pdu_reader_idle(&a->rd))
		return false;
	if (!a->requestor && a->ul.state == DCB_STA2 && dcb_tls_looks_like_client_hello(p, n))
		why = dcb_tls_plain_port_explanation();
	else if (a->requestor && a->ul.state == DCB_STA5 && dcb_tls_looks_like_tls_record(p, n))
		why = dcb_tls_tls_port_explanation();
	else
		return false;
	assoc_set_reason(a, why);
	say_mixup(a, why);
	assoc_close(a);
	return true;
}

/* tls: a TLS port drops a plain A-ASSOCIATE-RQ without a word; say so. */
static void
tls_rq_dropped(struct assoc *a)
{
	if (a->requestor && a->ul.state == DCB_STA5 && strcmp(a->t->ops->name, "tcp") == 0 &&
	    dcb_pdu_reader_idle(&a->rd))
		say_mixup(a, dcb_tls_plain_rq_dropped_explanation());
}

static void
handshake_done(struct assoc *a)
{
	struct dcb_engine *e = a->e;

	a->handshaking = false;
	a->acse_at = 0;
	tap_begin(a);
	if (strcmp(a->t->ops->name, "tcp") != 0) {
		char desc[256];
		a->t->ops->describe(a->t, desc, sizeof desc);
		eng_log(e, a->id, DCB_LOG_INFO, N_("connection with %s: %s"), a->peer, desc);
	}
	emit_tls(a);
	if (a->requestor) {
		if (a->ul.state == DCB_STA1) /* a transport given ready-made */
			assoc_ul(a, DCB_EVT1, true);
		if (!a->dead)
			assoc_ul(a, DCB_EVT2, true);
		if (!a->dead && e->cfg.artim_ms > 0)
			a->acse_at = dcb_loop_now_ms() + e->cfg.artim_ms;
	} else {
		assoc_ul(a, DCB_EVT5, true);
	}
}

/* The TLS handshake failed: say with whom, and when TLS was the AE
 * table's choice (DCB_CONN_TLS), that it was and what to check. */
static void
handshake_failed(struct assoc *a, const char *why)
{
	assoc_set_reason(a, why);
	if (a->requestor && a->conn_tls == DCB_CONN_TLS)
		eng_error(a->e, a->id,
		          N_("TLS handshake with '%s' at %s failed: %s. TLS was used because the AE "
		             "table marks '%s' +tls; check that '%s' listens for TLS on that port, "
		             "that it trusts this side's certificate (+tls KEY CERT), and that this "
		             "side's +cf holds the CA of its certificate; if it speaks plain DICOM, "
		             "drop +tls from the peer"),
		          a->called_ae, a->peer, why, a->called_ae, a->called_ae);
	else
		eng_error(a->e, a->id, N_("connection with %s failed before DICOM started: %s"),
		          a->peer, why);
	assoc_close(a);
}

static void
drive_handshake(struct assoc *a)
{
	struct dcb_error err = {0};
	int rc = tap_handshake(a, &err);

	if (rc == 0) {
		handshake_done(a);
	} else if (rc == DCB_ERR_WANT_READ) {
		dcb_loop_set_events(a->e->loop, a->fd, POLLIN);
	} else if (rc == DCB_ERR_WANT_WRITE) {
		dcb_loop_set_events(a->e->loop, a->fd, POLLOUT);
	} else {
		handshake_failed(a, err.message);
	}
}

void
assoc_start(struct assoc *a)
{
	struct dcb_engine *e = a->e;

	if (dcb_loop_add(e->loop, a->fd, POLLIN, on_io, a) < 0) {
		assoc_set_reason(a, _("out of memory"));
		assoc_close(a);
		return;
	}
	if (e->cfg.artim_ms > 0)
		a->acse_at = dcb_loop_now_ms() + e->cfg.artim_ms; /* bounds the handshake */
	drive_handshake(a);
	if (!a->dead)
		assoc_update_poll(a);
}

/* --- Sta4: the transport connection being opened ------------------------- */

struct assoc *
assoc_connect(struct dcb_engine *e, int job, const char *host, int port,
              enum dcb_conn_tls tls,
              const struct assoc_ops *ops, void *user, struct dcb_error *err)
{
	struct dcb_tcp_connecting *c = dcb_tcp_connect_start(host, port, e->cfg.no_dns, err);
	struct assoc *a;
	int ms = e->cfg.connect_timeout_ms > 0 ? e->cfg.connect_timeout_ms : 30000;

	if (c == NULL)
		return NULL;
	a = assoc_alloc(e, true, ops, user, err);
	if (a == NULL) {
		dcb_tcp_connect_free(c);
		return NULL;
	}
	a->job = job;
	a->connecting = c;
	a->conn_tls = tls;
	a->fd = dcb_tcp_connect_fd(c);
	snprintf(a->peer, sizeof a->peer, "%s:%d", host, port);
	if (dcb_loop_add(e->loop, a->fd, POLLOUT, on_io, a) < 0) {
		static const struct assoc_ops none;
		a->ops = &none; /* the caller hears of it through the NULL */
		a->broken = true;
		assoc_close(a);
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	a->acse_at = dcb_loop_now_ms() + ms; /* -to */
	assoc_ul(a, DCB_EVT1, true);         /* AE-1: Sta4 until the connection is open */
	return a;
}

/* The transport for our connected socket fd: TLS or plain as the opener
 * chose (a->conn_tls), else as the side does.  Takes ownership of fd. */
static struct dcb_transport *
outgoing_transport(struct assoc *a, int fd, struct dcb_error *err)
{
	const struct dcb_engine_config *cfg = &a->e->cfg;

	switch (a->conn_tls) {
	case DCB_CONN_TLS: /* eng_open checked that there is a tls_client */
		return cfg->tls_client(cfg->tls_client_user, fd, a->peer, false, err);
	case DCB_CONN_PLAIN:
		return dcb_tcp_wrap(fd, a->peer, err);
	case DCB_CONN_SIDE:
		break;
	}
	return cfg->transport != NULL ? cfg->transport(cfg->transport_user, fd, a->peer, false, err)
	                              : dcb_tcp_wrap(fd, a->peer, err);
}

/* POLLOUT while connecting: the connection opened (the transport is made
 * and its handshake starts), the next address is tried, or it failed. */
static void
connect_progress(struct assoc *a)
{
	struct dcb_engine *e = a->e;
	struct dcb_error err = {0};
	int old = a->fd;
	int fd = dcb_tcp_connect_step(a->connecting, a->peer, sizeof a->peer, &err);
	struct dcb_transport *t;

	if (fd == DCB_ERR_WANT_WRITE) {
		a->fd = dcb_tcp_connect_fd(a->connecting);
		if (a->fd != old) {
			dcb_loop_remove(e->loop, old);
			if (dcb_loop_add(e->loop, a->fd, POLLOUT, on_io, a) < 0)
				fd = dcb_error_set(&err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		}
		if (fd == DCB_ERR_WANT_WRITE)
			return;
	}
	dcb_tcp_connect_free(a->connecting);
	a->connecting = NULL;
	t = fd >= 0 ? outgoing_transport(a, fd, &err) : NULL;
	if (t == NULL) {
		dcb_loop_remove(e->loop, old);
		a->fd = -1;
		a->broken = true;
		assoc_set_reason(a, err.message);
		assoc_close(a);
		return;
	}
	a->t = t;
	a->acse_at = e->cfg.artim_ms > 0 ? dcb_loop_now_ms() + e->cfg.artim_ms : 0;
	drive_handshake(a);
	if (!a->dead && !a->handshaking)
		assoc_update_poll(a);
}

void
assoc_free(struct assoc *a)
{
	if (a == NULL)
		return;
	dcb_tcp_connect_free(a->connecting);
	if (a->fold != NULL)
		a->e->trace_held -= (a->fold[0].n > 0) + (a->fold[1].n > 0);
	a->e->trace_held -= a->in_held;
	free(a->fold);
	tap_end(a);
	dcb_transport_free(a->t);
	dcb_pdu_reader_clear(&a->rd);
	free(a->pdu);
	free(a->out_pdu);
	free(a->q);
	free(a->st);
	free(a->inbuf);
	free(a->ctx);
	free(a->rx);
	free(a->msg);
	free(a);
}

void
assoc_emit_state(struct assoc *a)
{
	struct dcb_event ev = {.kind = DCB_EV_ASSOC_STATE};

	ev.u.assoc.state = a->dead ? DCB_STA1 : (int)a->ul.state;
	a->emitted_state = ev.u.assoc.state;
	snprintf(ev.u.assoc.peer, sizeof ev.u.assoc.peer, "%s", a->peer);
	snprintf(ev.u.assoc.calling_ae, sizeof ev.u.assoc.calling_ae, "%s", a->calling_ae);
	snprintf(ev.u.assoc.called_ae, sizeof ev.u.assoc.called_ae, "%s", a->called_ae);
	snprintf(ev.u.assoc.reason, sizeof ev.u.assoc.reason, "%s", a->reason);
	eng_emit(a->e, a->id, &ev);
}

void
assoc_close(struct assoc *a)
{
	struct dcb_engine *e = a->e;

	if (a->dead || a->closing)
		return;
	/* Best effort: what is queued (an A-ABORT, a RELEASE-RP) goes out.
	 * That write can fail and call back in here; closing makes the inner
	 * call a no-op, so the association is counted out only once. */
	a->closing = true;
	if (!a->handshaking && !a->broken)
		(void)assoc_flush(a);
	a->dead = true;
	assoc_trace_release(e, a->id);
	dcb_loop_remove(e->loop, a->fd);
	if (a->ops->on_close != NULL)
		a->ops->on_close(a);
	e->n_open--;
	e->stats.assocs_open = e->n_open;
	if (a->emitted_state != DCB_STA1)
		assoc_emit_state(a); /* once: the end of the association */
}

int
assoc_set_contexts(struct assoc *a, const struct dcb_assoc *ac)
{
	unsigned n = ac->n_pctx < DCB_MAX_CONTEXTS ? ac->n_pctx : DCB_MAX_CONTEXTS;

	free(a->ctx);
	a->n_ctx = 0;
	a->ctx = calloc(n > 0 ? n : 1, sizeof *a->ctx);
	if (a->ctx == NULL)
		return DCB_ERR_NOMEM;
	for (unsigned i = 0; i < n; i++) {
		const struct dcb_pctx *p = &ac->pctx[i];
		struct ctx *c = &a->ctx[a->n_ctx++];
		c->id = p->id;
		c->result = p->result;
		snprintf(c->abstract_syntax, sizeof c->abstract_syntax, "%s", p->abstract_syntax);
		snprintf(c->ts, sizeof c->ts, "%s",
		         p->result == DCB_PCTX_ACCEPTANCE && p->n_ts > 0 ? p->ts[0] : "");
		c->requestor_scu = true;
		for (unsigned k = 0; k < ac->user.n_roles && k < DCB_MAX_ROLES; k++)
			if (strcmp(ac->user.roles[k].sop_class, c->abstract_syntax) == 0) {
				c->requestor_scu = ac->user.roles[k].scu_role != 0;
				c->requestor_scp = ac->user.roles[k].scp_role != 0;
			}
	}
	return 0;
}

const struct ctx *
assoc_ctx_for(const struct assoc *a, const char *abstract_syntax)
{
	for (unsigned i = 0; i < a->n_ctx; i++)
		if (a->ctx[i].result == DCB_PCTX_ACCEPTANCE &&
		    strcmp(a->ctx[i].abstract_syntax, abstract_syntax) == 0)
			return &a->ctx[i];
	return NULL;
}

const struct ctx *
assoc_ctx(const struct assoc *a, uint8_t id)
{
	for (unsigned i = 0; i < a->n_ctx; i++)
		if (a->ctx[i].id == id)
			return &a->ctx[i];
	return NULL;
}

void
assoc_finding(const struct dcb_finding *f, void *user)
{
	struct assoc *a = user;
	struct dcb_event ev = {.kind = DCB_EV_FINDING};

	ev.u.finding = *f;
	eng_emit(a->e, a->id, &ev);
}

void
assoc_emit_contexts(struct assoc *a)
{
	for (unsigned i = 0; i < a->n_ctx; i++) {
		struct dcb_event ev = {.kind = DCB_EV_CONTEXT};
		ev.u.context.id = a->ctx[i].id;
		ev.u.context.result = a->ctx[i].result;
		ev.u.context.accepted = a->ctx[i].result == DCB_PCTX_ACCEPTANCE;
		snprintf(ev.u.context.abstract_syntax, sizeof ev.u.context.abstract_syntax, "%s",
		         a->ctx[i].abstract_syntax);
		snprintf(ev.u.context.transfer_syntax, sizeof ev.u.context.transfer_syntax, "%s",
		         a->ctx[i].ts);
		eng_emit(a->e, a->id, &ev);
		/* DCB703: the peer refused one of our contexts. */
		if (a->requestor && !ev.u.context.accepted)
			dcb_wire_context_rejected(assoc_finding, a, -1, "A-ASSOCIATE-AC",
			                          a->ctx[i].id, a->ctx[i].abstract_syntax,
			                          a->ctx[i].result);
	}
}

void
assoc_abort(struct assoc *a, const char *reason)
{
	if (a->dead)
		return;
	if (a->reason[0] == '\0')
		assoc_set_reason(a, reason);
	eng_error(a->e, a->id, N_("aborting the association with %s: %s"), a->peer, reason);
	if (a->ul.state == DCB_STA1 || a->ul.state == DCB_STA13 || a->handshaking) {
		assoc_close(a);
		return;
	}
	assoc_ul(a, DCB_EVT15, true);
	/* AA-1 waits in Sta13 for the peer to close, bounded by ARTIM. */
}

/* --- input --------------------------------------------------------------- */

static void
transport_closed(struct assoc *a, const char *why)
{
	if (a->dead)
		return;
	if (a->ul.state != DCB_STA13 && a->ul.state != DCB_STA1 && a->reason[0] == '\0') {
		assoc_set_reason(a, why);
		if (a->ul.state == DCB_STA6 || a->ul.state == DCB_STA2 || a->ul.state == DCB_STA5 ||
		    a->ul.state == DCB_STA7)
			eng_error(a->e, a->id,
			          N_("%s closed the connection without releasing the association "
			             "(in %s)%s"),
			          a->peer, dcb_ul_state_name(a->ul.state),
			          dcb_pdu_reader_idle(&a->rd) ? "" : _(", in the middle of a PDU"));
	}
	assoc_ul(a, DCB_EVT17, true);
	assoc_close(a);
}

static void
assoc_sync(struct assoc *a)
{
	if (a->ops->sync != NULL)
		a->ops->sync(a);
}

/* Feeds inbuf[in_off, in_len) to the PDU reader, event by event, until it
 * is used up, the association ends, or a pause holds the rest. */
static void
feed(struct assoc *a)
{
	struct dcb_error err = {0};

	/* Until the reader has nothing more to say: an event may complete
	 * with the last byte and be handed out by a call with no input. */
	while (!a->dead && a->paused_until == 0) {
		struct dcb_pdu_event ev;
		ssize_t r = dcb_pdu_reader_feed(&a->rd, a->inbuf + a->in_off, a->in_len - a->in_off,
		                                &ev, &err);
		if (r < 0) {
			assoc_set_reason(a, err.message);
			eng_error(a->e, a->id, N_("unreadable data from %s: %s"), a->peer,
			          err.message);
			/* The stream cannot be resynchronised: the A-ABORT goes
			 * out and the connection closes now, without waiting
			 * for a peer that may never close. */
			assoc_ul(a, DCB_EVT19, true);
			assoc_close(a);
			return;
		}
		a->in_off += (size_t)r;
		if (ev.kind == DCB_PDU_EV_NONE) {
			if (r == 0 || a->in_off >= a->in_len)
				break;
			continue;
		}
		handle_pdu_event(a, &ev);
	}
	if (a->in_off >= a->in_len)
		a->in_off = a->in_len = 0;
}

void
assoc_read_some_turns(struct assoc *a)
{
	struct dcb_error err = {0};

	if (a->in_off < a->in_len) /* what a pause held back comes first */
		feed(a);
	if (a->inbuf == NULL && !a->dead) {
		a->inbuf = malloc(ASSOC_INBUF);
		if (a->inbuf == NULL) {
			assoc_abort(a, _("out of memory"));
			return;
		}
	}
	for (int turn = 0; turn < 8 && !a->dead && a->paused_until == 0 && a->in_len == 0;
	     turn++) {
		ssize_t n;

		assoc_sync(a); /* data slices still point into inbuf */
		n = dcb_transport_read(a->t, a->inbuf, ASSOC_INBUF, &err);

		if (n == DCB_ERR_WANT_READ || n == DCB_ERR_WANT_WRITE)
			return;
		if (n == 0) {
			tls_rq_dropped(a);
			transport_closed(a, _("peer closed the connection"));
			return;
		}
		if (n < 0) {
			/* tls: a TLS failure carries its own explanation */
			if (err.code == DCB_ERR_TLS)
				eng_error(a->e, a->id, "%s", err.message);
			tls_rq_dropped(a);
			transport_closed(a, err.message);
			return;
		}
		a->e->stats.bytes_in += (uint64_t)n;
		tap_bytes(a, true, a->inbuf, (size_t)n);
		if (tls_mixup(a, a->inbuf, (size_t)n))
			return;
		/* SCP: -td bounds the wait for (the rest of) each message. */
		if (!a->requestor && a->e->cfg.dimse_ms > 0 && a->ul.state == DCB_STA6)
			a->dimse_at = dcb_loop_now_ms() + a->e->cfg.dimse_ms;
		a->in_off = 0;
		a->in_len = (size_t)n;
		feed(a);
		if ((size_t)n < ASSOC_INBUF && !dcb_transport_pending(a->t))
			return;
	}
}

static void
read_some(struct assoc *a)
{
	assoc_read_some_turns(a);
	if (!a->dead)
		assoc_sync(a);
}


static void
handle_control(struct assoc *a, const uint8_t *bytes, size_t len)
{
	struct dcb_engine *e = a->e;
	struct dcb_error err = {0};
	struct dcb_ul_input in = {.rq_acceptable = true};
	int rc;

	if (a->pdu == NULL) {
		a->pdu = malloc(sizeof *a->pdu);
		if (a->pdu == NULL) {
			assoc_abort(a, _("out of memory"));
			return;
		}
	}
	rc = dcb_pdu_decode(bytes, len, a->pdu, &err);
	if (rc < 0) {
		char line[300];
		a->pdu->type = bytes[0];
		a->pdu->length = (uint32_t)len - DCB_PDU_HEADER;
		snprintf(line, sizeof line, _("%s (malformed: %s)"), dcb_pdu_type_name(bytes[0]),
		         err.message);
		if (e->cfg.trace_pdus)
			assoc_emit_in(a, a->pdu, bytes, len, line);
		snprintf(a->reason, sizeof a->reason, _("malformed %s: %s"),
		         dcb_pdu_type_name(bytes[0]), err.message);
		eng_error(e, a->id, N_("malformed %s from %s: %s"), dcb_pdu_type_name(bytes[0]),
		          a->peer, err.message);
		assoc_ul(a, DCB_EVT19, true);
		assoc_close(a);
		return;
	}
	if (e->cfg.trace_pdus) {
		assoc_emit_in(a, a->pdu, bytes, len, NULL);
		if (a->pdu->type == DCB_PDU_ASSOCIATE_RQ || a->pdu->type == DCB_PDU_ASSOCIATE_AC)
			assoc_emit_dump_lines(a, a->pdu);
	}
	if (a->pdu->type == DCB_PDU_ASSOCIATE_RQ && len >= 42) {
		/* DCB701/702: the AE title fields as they came, before trimming. */
		dcb_wire_check_ae_title(assoc_finding, a, 10, "A-ASSOCIATE-RQ",
		                        _("called AE title"), bytes + 10);
		dcb_wire_check_ae_title(assoc_finding, a, 26, "A-ASSOCIATE-RQ",
		                        _("calling AE title"), bytes + 26);
	}
	for (unsigned i = 0; i < a->pdu->n_notes; i++) {
		char words[256];
		if (a->pdu->notes[i].kind == DCB_NOTE_UNKNOWN_ITEM) {
			dcb_wire_unknown_item(assoc_finding, a, a->pdu->notes[i].offset,
			                      dcb_pdu_type_name(a->pdu->type),
			                      a->pdu->notes[i].item);
			continue;
		}
		dcb_pdu_note_describe(&a->pdu->notes[i], words, sizeof words);
		eng_log(e, a->id, DCB_LOG_WARN, N_("%s from %s: %s"),
		        dcb_pdu_type_name(a->pdu->type), a->peer, words);
	}
	in.event = dcb_ul_event_for_pdu(a->pdu->type);
	if (in.event == DCB_EVT6) {
		snprintf(a->calling_ae, sizeof a->calling_ae, "%s", a->pdu->u.assoc.calling_ae);
		snprintf(a->called_ae, sizeof a->called_ae, "%s", a->pdu->u.assoc.called_ae);
		in.rq_acceptable = (a->pdu->u.assoc.protocol_version & 1) != 0;
		if (!in.rq_acceptable)
			snprintf(a->reason, sizeof a->reason,
			         _("rejected: protocol version %u not supported"),
			         a->pdu->u.assoc.protocol_version);
	} else if (in.event == DCB_EVT16) {
		in.abort_source = a->pdu->u.abort.source;
	}
	if (!in.rq_acceptable) {
		/* AE-6's reject: the provider answers with an RJ (ACSE, reason 2). */
		struct dcb_pdu *rj = calloc(1, sizeof *rj);
		if (rj != NULL) {
			dcb_pdu_init(rj, DCB_PDU_ASSOCIATE_RJ);
			rj->u.rj.result = DCB_RJ_PERMANENT;
			rj->u.rj.source = DCB_RJ_SOURCE_PROVIDER_ACSE;
			rj->u.rj.reason = 2;
			free(a->out_pdu);
			a->out_pdu = rj;
		}
	}
	assoc_ul_input(a, &in);
}

static void
handle_pdu_event(struct assoc *a, const struct dcb_pdu_event *ev)
{
	struct dcb_engine *e = a->e;
	struct dcb_error err = {0};
	struct dcb_dimse_rx_out o;
	uint8_t hdr[DCB_PDV_HEADER];

	switch (ev->kind) {
	case DCB_PDU_EV_NONE:
		return;
	case DCB_PDU_EV_PDU:
		handle_control(a, ev->bytes, ev->len);
		return;
	case DCB_PDU_EV_PDATA_BEGIN:
		a->raw_len = 0;
		if (e->cfg.trace_pdus) {
			dcb_pdu_pdata_header(hdr, ev->length);
			assoc_capture(a, hdr, DCB_PDU_HEADER);
		}
		if (ev->over_max)
			dcb_wire_check_pdu_length(assoc_finding, a, (int64_t)ev->offset,
			                          "P-DATA-TF", ev->length, e->cfg.max_pdu);
		assoc_ul(a, DCB_EVT10, true);
		if (e->cfg.trace_pdus && !a->dead) {
			if (assoc_trace_msgs(a) != NULL)
				dcb_trace_msg_begin(&a->msg[0]);
			a->in_pdu_len = ev->length;
			a->in_held = true;
			e->trace_held++;
		}
		return;
	case DCB_PDU_EV_PDATA_END:
		assoc_emit_held_in(a);
		return;
	case DCB_PDU_EV_PDV_BEGIN:
		if (e->cfg.trace_pdus) {
			dcb_pdu_pdv_header(hdr, ev->pdv.length - 2, ev->pdv.pcid, ev->pdv.mch);
			assoc_capture(a, hdr, DCB_PDV_HEADER);
		}
		break;
	case DCB_PDU_EV_PDV_DATA:
		if (e->cfg.trace_pdus)
			assoc_capture(a, ev->bytes, ev->len);
		break;
	case DCB_PDU_EV_PDV_END:
		break;
	}
	if (e->cfg.trace_pdus && assoc_trace_msgs(a) != NULL)
		dcb_trace_msg_feed(&a->msg[0], ev);
	if (a->dead || (a->ul.state != DCB_STA6 && a->ul.state != DCB_STA7))
		return; /* P-DATA outside Sta6/Sta7 was already answered by the table;
		         * in Sta7 (AR-6) it is delivered */
	if (a->rx == NULL) {
		a->rx = malloc(sizeof *a->rx);
		if (a->rx == NULL) {
			assoc_abort(a, _("out of memory"));
			return;
		}
		dcb_dimse_rx_init(a->rx);
	}
	if (dcb_dimse_rx_feed(a->rx, ev, &o, &err) < 0) {
		char why[600];
		snprintf(why, sizeof why, _("bad DIMSE message: %s"), err.message);
		assoc_abort(a, why);
		return;
	}
	if (o.kind == DCB_DIMSE_RX_NONE)
		return;
	if (o.kind == DCB_DIMSE_RX_COMMAND || o.kind == DCB_DIMSE_RX_MESSAGE)
		assoc_emit_message(a, o.pcid, &a->rx->cmd, false);
	if (a->ops->on_rx != NULL)
		a->ops->on_rx(a, &o);
}

/* The owner sends what is next while the output queue is empty. */
static void
pump(struct assoc *a)
{
	if (!a->dead && a->ops->pump != NULL && assoc_out_empty(a))
		a->ops->pump(a);
}

static void
on_io(int fd, short revents, void *user)
{
	struct assoc *a = user;

	if (a->dead)
		return;
	a->stalled = false;
	if (a->connecting != NULL) {
		connect_progress(a);
		return;
	}
	if (a->handshaking) {
		drive_handshake(a);
		if (!a->dead && !a->handshaking)
			assoc_update_poll(a);
		/* The peer's first PDU may have come in with the end of the
		 * handshake: poll() will not report it again. */
		if (a->dead || a->handshaking || !dcb_transport_pending(a->t))
			return;
		revents = POLLIN;
	}
	if (revents & POLLOUT) {
		assoc_flush(a);
		pump(a);
	}
	if (!a->dead && a->paused_until == 0 && (revents & (POLLIN | POLLHUP | POLLERR)))
		read_some(a);
	pump(a);
	if (!a->dead) {
		/* Answers queued while reading go out now; if that empties the
		 * queue, the SCU streams on (else nobody would wake it). */
		assoc_flush(a);
		pump(a);
	}
	assoc_trace_flush(a);
	assoc_update_poll(a);
}

bool
assoc_pending(const struct assoc *a)
{
	return !a->dead && !a->handshaking && !a->stalled && a->paused_until == 0 &&
	       (a->in_off < a->in_len || dcb_transport_pending(a->t));
}

void
assoc_read_pending(struct assoc *a)
{
	uint64_t before = a->e->stats.bytes_in;

	on_io(a->fd, POLLIN, a);
	/* A transport that says it holds something but gives nothing waits
	 * for the fd like everyone else, instead of spinning the loop. */
	if (!a->dead && a->e->stats.bytes_in == before)
		a->stalled = true;
}

void
assoc_pause(struct assoc *a, unsigned ms, const char *what)
{
	if (a->dead || ms == 0)
		return;
	eng_log(a->e, a->id, DCB_LOG_WARN, N_("scenario %s: pausing this association for %u s"),
	        what, ms / 1000);
	a->paused_until = dcb_loop_now_ms() + ms;
	/* -td counts from when reading resumes */
	if (a->dimse_at != 0)
		a->dimse_at = a->paused_until + a->e->cfg.dimse_ms;
	assoc_update_poll(a);
}

void
assoc_timers(struct assoc *a, int64_t now)
{
	struct dcb_engine *e = a->e;

	if (a->dead)
		return;
	if (a->paused_until != 0 && now >= a->paused_until) {
		a->paused_until = 0;
		assoc_update_poll(a);
		/* what arrived meanwhile: held bytes, or the socket's */
		on_io(a->fd, POLLIN, a);
		if (a->dead)
			return;
	}
	if (a->artim_at != 0 && now >= a->artim_at) {
		a->artim_at = 0;
		if (a->reason[0] == '\0')
			assoc_set_reason(a, _("ARTIM timer expired"));
		assoc_ul(a, DCB_EVT18, true);
		if (!a->dead && (a->ul.state == DCB_STA1 || a->ul.state == DCB_STA13))
			assoc_close(a);
		return;
	}
	if (a->acse_at != 0 && now >= a->acse_at) {
		char why[256];
		a->acse_at = 0;
		if (a->connecting != NULL)
			snprintf(why, sizeof why,
			         _("connecting to %s timed out after %d s; check the address, the "
			           "port and any firewall, or raise -to"),
			         a->peer,
			         (e->cfg.connect_timeout_ms > 0 ? e->cfg.connect_timeout_ms : 30000) /
			             1000);
		else if (!a->requestor)
			snprintf(why, sizeof why,
			         _("the TLS handshake with %s did not complete within %d s (-ta); "
			           "the peer may not speak TLS, or is too slow"),
			         a->peer, e->cfg.artim_ms / 1000);
		else
			snprintf(why, sizeof why,
			         _("no association answer from %s within %d s; check that the peer "
			           "speaks DICOM%s on this port, or raise -ta"),
			         a->peer, e->cfg.artim_ms / 1000,
			         strcmp(a->t->ops->name, "tcp") == 0 ? "" : _(" over TLS"));
		assoc_abort(a, why);
		return;
	}
	if (a->dimse_at != 0 && now >= a->dimse_at) {
		char why[256];
		a->dimse_at = 0;
		snprintf(why, sizeof why, _("no DIMSE message from %s within %d s (-td)"), a->peer,
		         e->cfg.dimse_ms / 1000);
		assoc_abort(a, why);
	}
}

int64_t
assoc_next_deadline(const struct assoc *a)
{
	int64_t d = 0;
	int64_t t[4] = {a->artim_at, a->acse_at, a->dimse_at, a->paused_until};

	for (int i = 0; i < 4; i++)
		if (t[i] != 0 && (d == 0 || t[i] < d))
			d = t[i];
	return d;
}
