/* trace-msg.c — which DIMSE message each traced P-DATA-TF carries
 * (trace-msg.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "dict.h"
#include "i18n.h"
#include "textbuf.h"
#include "trace-msg.h"

void
dcb_trace_msg_init(struct dcb_trace_msg *t)
{
	dcb_dimse_rx_init(&t->rx);
	t->cmd_valid = false;
	memset(&t->pdu, 0, sizeof t->pdu);
}

void
dcb_trace_msg_begin(struct dcb_trace_msg *t)
{
	memset(&t->pdu, 0, sizeof t->pdu);
}

void
dcb_ev_dimse_of(struct dcb_ev_dimse *d, const struct dcb_dimse_cmd *c)
{
	bool rsp = (c->command & 0x8000) != 0;

	d->known = true;
	d->command = c->command;
	d->message_id = rsp ? c->message_id_responded : c->message_id;
	d->has_status = (c->present & DCB_F_STATUS) != 0;
	d->status = c->status;
	if (c->present & DCB_F_MOVE_ORIGINATOR_ID)
		d->move_originator_id = c->move_originator_id;
	snprintf(d->move_originator_ae, sizeof d->move_originator_ae, "%s",
	         c->move_originator_ae);
	/* an N-ACTION-RQ names its class as Requested, the N-EVENT-REPORT-RQ
	 * that answers it as Affected: the ladder links the two on it */
	snprintf(d->sop_class_uid, sizeof d->sop_class_uid, "%s",
	         c->affected_sop_class[0] != '\0' ? c->affected_sop_class : c->requested_sop_class);
	snprintf(d->sop_instance_uid, sizeof d->sop_instance_uid, "%s",
	         c->affected_sop_instance[0] != '\0' ? c->affected_sop_instance
	                                             : c->requested_sop_instance);
}

/* The message of the P-DATA-TF at hand: the first one named wins. */
static void
name_message(struct dcb_trace_msg *t, bool is_data)
{
	struct dcb_ev_dimse *d = &t->pdu;

	if (d->known)
		return;
	dcb_ev_dimse_of(d, &t->rx.cmd);
	d->is_data = is_data;
	d->has_command = !is_data;
}

void
dcb_trace_msg_feed(struct dcb_trace_msg *t, const struct dcb_pdu_event *ev)
{
	struct dcb_dimse_rx_out o;
	struct dcb_error err;

	if (ev->kind != DCB_PDU_EV_PDV_BEGIN && ev->kind != DCB_PDU_EV_PDV_DATA &&
	    ev->kind != DCB_PDU_EV_PDV_END)
		return;
	if (ev->kind == DCB_PDU_EV_PDV_BEGIN) {
		bool command = (ev->pdv.mch & DCB_MCH_COMMAND) != 0;
		if (command && dcb_dimse_rx_idle(&t->rx))
			t->cmd_valid = false; /* the next message begins */
		else if (!command && t->cmd_valid)
			name_message(t, true);
	}
	if (dcb_dimse_rx_feed(&t->rx, ev, &o, &err) < 0) {
		/* Not ours to judge: start afresh, the message is unknown. */
		dcb_dimse_rx_init(&t->rx);
		t->cmd_valid = false;
		return;
	}
	if (o.kind == DCB_DIMSE_RX_COMMAND || o.kind == DCB_DIMSE_RX_MESSAGE) {
		t->cmd_valid = true;
		name_message(t, false);
	}
}

/* Reads the gathered buffers in order. */
struct iov_cursor {
	const struct iovec *iov;
	int n, i;
	size_t off;
};

/* The next contiguous bytes, at most want of them; 0 at the end. */
static size_t
next_slice(struct iov_cursor *c, size_t want, const uint8_t **p)
{
	while (c->i < c->n && c->off >= c->iov[c->i].iov_len) {
		c->i++;
		c->off = 0;
	}
	if (c->i >= c->n)
		return 0;
	size_t k = c->iov[c->i].iov_len - c->off;
	if (k > want)
		k = want;
	*p = (const uint8_t *)c->iov[c->i].iov_base + c->off;
	c->off += k;
	return k;
}

static bool
read_bytes(struct iov_cursor *c, uint8_t *dst, size_t n)
{
	const uint8_t *p;

	for (size_t got = 0, k; got < n; got += k) {
		k = next_slice(c, n - got, &p);
		if (k == 0)
			return false;
		memcpy(dst + got, p, k);
	}
	return true;
}

void
dcb_trace_msg_iov(struct dcb_trace_msg *t, const struct iovec *iov, int n)
{
	struct iov_cursor c = {.iov = iov, .n = n};
	uint8_t hdr[DCB_PDV_HEADER];
	uint32_t body;

	dcb_trace_msg_begin(t);
	if (!read_bytes(&c, hdr, DCB_PDU_HEADER))
		return;
	body = dcb_be32(hdr + 2);
	while (body >= DCB_PDV_HEADER && read_bytes(&c, hdr, DCB_PDV_HEADER)) {
		struct dcb_pdu_event ev = {.kind = DCB_PDU_EV_PDV_BEGIN};
		uint32_t left;

		ev.pdv.length = dcb_be32(hdr);
		ev.pdv.pcid = hdr[4];
		ev.pdv.mch = hdr[5];
		if (ev.pdv.length < 2 || ev.pdv.length - 2 > body - DCB_PDV_HEADER)
			return;
		body -= DCB_PDV_HEADER + (ev.pdv.length - 2);
		dcb_trace_msg_feed(t, &ev);
		for (left = ev.pdv.length - 2; left > 0;) {
			ev.kind = DCB_PDU_EV_PDV_DATA;
			ev.len = next_slice(&c, left, &ev.bytes);
			if (ev.len == 0)
				return;
			left -= (uint32_t)ev.len;
			dcb_trace_msg_feed(t, &ev);
		}
		ev.kind = DCB_PDU_EV_PDV_END;
		dcb_trace_msg_feed(t, &ev);
	}
}

size_t
dcb_trace_msg_words(const struct dcb_ev_dimse *d, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	char name[96];
	const struct dcb_uid_entry *u;

	dcb_textbuf_init(&tb, buf, size);
	if (!d->known)
		return 0;
	snprintf(name, sizeof name, "%s ID=%u", dcb_dimse_command_name(d->command),
	         d->message_id);
	if (d->is_data)
		/* TRANSLATORS: %s is a DIMSE message, "C-STORE-RQ ID=1" */
		dcb_textbuf_printf(&tb, dcb_tr(N_("data of %s")), name);
	else
		dcb_textbuf_printf(&tb, "%s", name);
	if (d->has_status && d->status == 0x0000)
		dcb_textbuf_printf(&tb, " (%s)", dcb_dimse_status_name(d->status));
	else if (d->has_status)
		dcb_textbuf_printf(&tb, " (0x%04X %s)", d->status,
		                   dcb_dimse_status_name(d->status));
	else if (d->sop_class_uid[0] != '\0') {
		u = dcb_uid_lookup(d->sop_class_uid);
		dcb_textbuf_printf(&tb, " %s", u != NULL ? u->name : d->sop_class_uid);
	}
	return tb.len;
}
