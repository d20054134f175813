/* assoc-io.c — an association's output: control PDUs queued, DIMSE
 * messages cut into P-DATA-TFs (a data set from memory, or streamed by
 * its owner through a->st), each PDU one gathered write, the poll events
 * that follow from what is queued. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "i18n.h"

bool
assoc_out_empty(const struct assoc *a)
{
	return a->q_off >= a->q_len && a->s_done >= a->s_total;
}

void
assoc_update_poll(struct assoc *a)
{
	if (a->dead || a->handshaking)
		return;
	dcb_loop_set_events(a->e->loop, a->fd,
	                    (short)((a->paused_until != 0 ? 0 : POLLIN) |
	                            (assoc_out_empty(a) ? 0 : POLLOUT)));
}

static int
q_reserve(struct assoc *a, size_t n)
{
	if (a->q_off > 0 && a->q_off == a->q_len)
		a->q_off = a->q_len = 0;
	if (a->q_len + n > a->q_cap) {
		size_t cap = a->q_cap ? a->q_cap : 4096;
		while (cap < a->q_len + n)
			cap *= 2;
		uint8_t *q = realloc(a->q, cap);
		if (q == NULL)
			return DCB_ERR_NOMEM;
		a->q = q;
		a->q_cap = cap;
	}
	return 0;
}

static int
q_append(struct assoc *a, const void *p, size_t n)
{
	int rc = q_reserve(a, n);

	if (rc < 0)
		return rc;
	memcpy(a->q + a->q_len, p, n);
	a->q_len += n;
	return 0;
}


static void
write_failed(struct assoc *a, const struct dcb_error *err)
{
	a->q_off = a->q_len = 0;
	a->s_done = a->s_total = 0;
	a->broken = true; /* nothing can be sent any more */
	/* Closing already, for a reason of its own (the A-ABORT after a PDU
	 * we could not read, the end of a release): the last flush failing
	 * adds nothing to that reason and must not replace it. */
	if (a->closing)
		return;
	/* The peer may have said why before it went (an A-ABORT, a PDU we
	 * cannot read): that explains more than a broken pipe, so what came
	 * in is read first.  (A TLS failure carries its own explanation.) */
	if (err->code == DCB_ERR_CLOSED && !a->handshaking && !a->dead)
		assoc_read_some_turns(a);
	if (a->dead)
		return;
	assoc_set_reason(a, err->message);
	eng_error(a->e, a->id, N_("association with %s ended: %s"), a->peer, err->message);
	assoc_close(a);
}

/* Writes iov[] skipping the first `skip` bytes.  Returns bytes written or
 * a negative code. */
static ssize_t
write_from(struct assoc *a, const struct iovec *iov, int n, size_t skip, struct dcb_error *err)
{
	struct iovec v[4 * BATCH_PDUS];
	int k = 0;

	for (int i = 0; i < n && k < 4 * BATCH_PDUS; i++) {
		if (skip >= iov[i].iov_len) {
			skip -= iov[i].iov_len;
			continue;
		}
		v[k].iov_base = (uint8_t *)iov[i].iov_base + skip;
		v[k].iov_len = iov[i].iov_len - skip;
		skip = 0;
		k++;
	}
	return dcb_transport_writev(a->t, v, k, err);
}

int
assoc_flush(struct assoc *a)
{
	struct dcb_error err = {0};

	if (a->broken) { /* the connection failed: nothing goes out any more */
		a->q_off = a->q_len = 0;
		a->s_done = a->s_total = 0;
		return DCB_ERR_CLOSED;
	}
	while (!assoc_out_empty(a)) {
		bool stream_first = a->s_done > 0 && a->s_done < a->s_total;
		ssize_t w;

		if (!stream_first && a->q_off < a->q_len) {
			struct iovec v = {a->q + a->q_off, a->q_len - a->q_off};
			w = dcb_transport_writev(a->t, &v, 1, &err);
			if (w > 0) {
				tap_bytes(a, false, a->q + a->q_off, (size_t)w);
				a->q_off += (size_t)w;
				if (a->q_off == a->q_len)
					a->q_off = a->q_len = 0;
			}
		} else {
			w = write_from(a, a->st->siov, a->sn, a->s_done, &err);
			if (w > 0) {
				tap_iov(a, a->st->siov, a->sn, a->s_done, (size_t)w);
				a->s_done += (size_t)w;
				if (a->s_done == a->s_total)
					a->s_done = a->s_total = 0;
			}
		}
		if (w == DCB_ERR_WANT_WRITE || w == DCB_ERR_WANT_READ || w == 0)
			return 0;
		if (w < 0) {
			write_failed(a, &err);
			return (int)w;
		}
		a->e->stats.bytes_out += (uint64_t)w;
	}
	return 0;
}


int
assoc_send_pdu(struct assoc *a, struct dcb_pdu *pdu)
{
	struct dcb_error err = {0};
	ssize_t n = dcb_pdu_encoded_size(pdu, &err);
	size_t start = 0;
	int rc;

	if (n >= 0) {
		rc = q_reserve(a, (size_t)n);
		if (rc < 0)
			return rc;
		start = a->q_len;
		n = dcb_pdu_encode(pdu, a->q + start, a->q_cap - start, &err);
	}
	if (n < 0) {
		eng_error(a->e, a->id, N_("cannot encode %s: %s"), dcb_pdu_type_name(pdu->type),
		          err.message);
		return (int)n;
	}
	a->q_len = start + (size_t)n;
	pdu->length = (uint32_t)n - DCB_PDU_HEADER;
	if (a->e->cfg.trace_pdus) {
		struct iovec v = {a->q + start, (size_t)n};
		assoc_trace_out(a, pdu, &v, 1);
		if (pdu->type == DCB_PDU_ASSOCIATE_RQ || pdu->type == DCB_PDU_ASSOCIATE_AC)
			assoc_emit_dump_lines(a, pdu);
	}
	return 0;
}

int
assoc_send_command(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *c)
{
	return assoc_send_message(a, pcid, c, NULL, 0);
}

int
assoc_send_message(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *c,
                   const uint8_t *data, size_t data_len)
{
	struct dcb_error err = {0};
	struct dcb_fragmenter f;
	struct dcb_pdata_pdu p;
	uint8_t cmd[1024];
	ssize_t n = dcb_dimse_encode(c, cmd, sizeof cmd, &err);
	int rc;

	if (n < 0) {
		eng_error(a->e, a->id, N_("cannot encode %s: %s"),
		          dcb_dimse_command_name(c->command), err.message);
		return (int)n;
	}
	assoc_emit_message(a, pcid, c, true);
	rc = dcb_fragmenter_init(&f, pcid, a->max_send, cmd, (uint32_t)n, data != NULL, data_len,
	                         false);
	if (rc < 0)
		return rc;
	while (dcb_fragmenter_next(&f, 0, &p) == 1) {
		struct iovec iov[4];
		int k = dcb_pdata_pdu_iov(&p, p.data_len > 0 ? data + p.data_offset : NULL, iov);
		if (assoc_ul(a, DCB_EVT9, true) < 0 || a->dead)
			return DCB_ERR_PROTOCOL;
		for (int i = 0; i < k; i++) {
			rc = q_append(a, iov[i].iov_base, iov[i].iov_len);
			if (rc < 0)
				return rc;
		}
		if (a->e->cfg.trace_pdus) {
			struct dcb_pdu pd;
			pd.type = DCB_PDU_P_DATA_TF;
			pd.length = p.wire_len - DCB_PDU_HEADER;
			pd.n_notes = 0;
			pd.u.pdata = p.info;
			assoc_trace_out(a, &pd, iov, k);
		}
	}
	return 0;
}

