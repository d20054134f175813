/* dimse-pdv.c — DIMSE messages to and from PDVs (PS3.8 Annex E; PS3.7 §6.3.1):
 * the outgoing fragmenter and the incoming assembler. */
#include "config.h"

#include <string.h>

#include "dimse.h"
#include "i18n.h"

/* --- outgoing ------------------------------------------------------------ */

int
dcb_fragmenter_init(struct dcb_fragmenter *f, uint8_t pcid, uint32_t max_pdu, const uint8_t *cmd,
                    uint32_t cmd_len, bool has_data, uint64_t data_len, bool pack)
{
	memset(f, 0, sizeof *f);
	if (max_pdu == 0)
		max_pdu = DCB_PDU_SEND_UNLIMITED_CAP;
	if (max_pdu < DCB_PDV_HEADER + 1)
		return DCB_ERR_USAGE;
	if (cmd == NULL || cmd_len == 0)
		return DCB_ERR_USAGE;
	f->max_pdu = max_pdu;
	f->pcid = pcid;
	f->pack = pack;
	f->cmd = cmd;
	f->cmd_len = cmd_len;
	f->has_data = has_data;
	f->data_len = has_data ? data_len : 0;
	return 0;
}

static void
add_pdv(struct dcb_pdata_pdu *out, struct dcb_fragmenter *f, unsigned slot, uint32_t len,
        uint8_t mch)
{
	struct dcb_pdv_info pdv = {len + 2, f->pcid, mch};

	dcb_pdu_pdv_header(out->hdr + DCB_PDU_HEADER + slot * DCB_PDV_HEADER, len, f->pcid, mch);
	if (out->info.n_pdv < DCB_PDATA_SUMMARY_PDVS)
		out->info.pdv[out->info.n_pdv] = pdv;
	out->info.n_pdv++;
}

/* Appends a data PDV of up to `room` body bytes. */
static void
add_data(struct dcb_fragmenter *f, struct dcb_pdata_pdu *out, unsigned slot, uint32_t room,
         uint32_t max_data)
{
	uint64_t left = f->data_len - f->data_done;
	uint32_t take = room - DCB_PDV_HEADER;
	bool last;

	if (max_data != 0 && take > max_data)
		take = max_data;
	if (take > left)
		take = (uint32_t)left;
	last = f->data_done + take == f->data_len;
	add_pdv(out, f, slot, take, last ? DCB_MCH_LAST : 0);
	if (slot == 1)
		out->seg[out->n_seg++] = (struct dcb_pdata_seg){
			.kind = DCB_SEG_HEADER, .ptr = out->hdr + DCB_PDU_HEADER + DCB_PDV_HEADER,
			.len = DCB_PDV_HEADER};
	if (take > 0)
		out->seg[out->n_seg++] = (struct dcb_pdata_seg){
			.kind = DCB_SEG_DATA, .data_offset = f->data_done, .len = take};
	out->data_offset = f->data_done;
	out->data_len = take;
	f->data_done += take;
	f->data_started = true;
	if (last)
		f->finished = true;
}

int
dcb_fragmenter_next(struct dcb_fragmenter *f, uint32_t max_data, struct dcb_pdata_pdu *out)
{
	uint32_t room = f->max_pdu, body;

	memset(out, 0, sizeof *out);
	if (f->finished || f->cmd == NULL)
		return 0;
	out->seg[out->n_seg++] = (struct dcb_pdata_seg){
		.kind = DCB_SEG_HEADER, .ptr = out->hdr, .len = DCB_PDU_HEADER + DCB_PDV_HEADER};
	if (f->cmd_done < f->cmd_len) {
		uint32_t take = f->cmd_len - f->cmd_done;
		bool last;

		if (take > room - DCB_PDV_HEADER)
			take = room - DCB_PDV_HEADER;
		last = f->cmd_done + take == f->cmd_len;
		add_pdv(out, f, 0, take, DCB_MCH_COMMAND | (last ? DCB_MCH_LAST : 0));
		out->seg[out->n_seg++] = (struct dcb_pdata_seg){
			.kind = DCB_SEG_COMMAND, .ptr = f->cmd + f->cmd_done, .len = take};
		f->cmd_done += take;
		room -= DCB_PDV_HEADER + take;
		if (last && !f->has_data)
			f->finished = true;
		else if (last && f->pack && room >= DCB_PDV_HEADER + 1)
			add_data(f, out, 1, room, max_data);
	} else {
		add_data(f, out, 0, room, max_data);
	}
	body = 0;
	for (unsigned i = 0; i < out->n_seg; i++)
		body += out->seg[i].len;
	body -= DCB_PDU_HEADER;
	dcb_pdu_pdata_header(out->hdr, body);
	out->wire_len = body + DCB_PDU_HEADER;
	return 1;
}

int
dcb_pdata_pdu_iov(const struct dcb_pdata_pdu *p, const uint8_t *data, struct iovec iov[4])
{
	int n = 0;

	for (unsigned i = 0; i < p->n_seg && i < 4; i++) {
		const struct dcb_pdata_seg *s = &p->seg[i];

		if (s->kind == DCB_SEG_DATA)
			iov[n].iov_base =
			    (void *)(uintptr_t)(data + (s->data_offset - p->data_offset));
		else
			iov[n].iov_base = (void *)(uintptr_t)s->ptr;
		iov[n].iov_len = s->len;
		n++;
	}
	return n;
}

/* --- incoming ------------------------------------------------------------ */

enum { RX_IDLE = 0, RX_CMD, RX_DATA };

void
dcb_dimse_rx_init(struct dcb_dimse_rx *rx)
{
	rx->state = RX_IDLE;
	rx->pcid = 0;
	rx->in_pdv = false;
	rx->mch = 0;
	rx->data_done = 0;
	rx->cmd_len = 0;
	memset(&rx->cmd, 0, sizeof rx->cmd);
}

bool
dcb_dimse_rx_idle(const struct dcb_dimse_rx *rx)
{
	return rx->state == RX_IDLE && !rx->in_pdv;
}

static int
pdv_begin(struct dcb_dimse_rx *rx, const struct dcb_pdu_event *ev, struct dcb_error *err)
{
	uint8_t mch = ev->pdv.mch;
	bool command = mch & DCB_MCH_COMMAND;
	int64_t at = (int64_t)ev->offset;

	if (rx->state == RX_IDLE) {
		if (!command)
			return dcb_error_set(err, DCB_ERR_PROTOCOL, at,
			                     N_("a data set fragment on context %u arrived, but no "
			                        "command announced one"),
			                     ev->pdv.pcid);
		rx->state = RX_CMD;
		rx->pcid = ev->pdv.pcid;
		rx->cmd_len = 0;
		rx->data_done = 0;
	} else if (ev->pdv.pcid != rx->pcid) {
		return dcb_error_set(err, DCB_ERR_PROTOCOL, at,
		                     N_("a PDV on context %u arrived in the middle of a message on "
		                        "context %u"),
		                     ev->pdv.pcid, rx->pcid);
	} else if (rx->state == RX_CMD && !command) {
		return dcb_error_set(err, DCB_ERR_PROTOCOL, at,
		                     N_("a data set fragment arrived before the command's last "
		                        "fragment"));
	} else if (rx->state == RX_DATA && command) {
		return dcb_error_set(err, DCB_ERR_PROTOCOL, at,
		                     N_("a command fragment arrived while the data set of %s was "
		                        "still expected"),
		                     dcb_dimse_command_name(rx->cmd.command));
	}
	rx->mch = mch;
	rx->in_pdv = true;
	return 0;
}

int
dcb_dimse_rx_feed(struct dcb_dimse_rx *rx, const struct dcb_pdu_event *ev,
                  struct dcb_dimse_rx_out *out, struct dcb_error *err)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->pcid = rx->pcid;
	switch (ev->kind) {
	case DCB_PDU_EV_PDV_BEGIN:
		if ((rc = pdv_begin(rx, ev, err)) < 0)
			return rc;
		out->pcid = rx->pcid;
		return 0;
	case DCB_PDU_EV_PDV_DATA:
		if (!rx->in_pdv)
			return dcb_error_set(err, DCB_ERR_USAGE, (int64_t)ev->offset,
			                     N_("PDV data without a PDV header"));
		if (rx->state == RX_CMD) {
			if (ev->len > DCB_DIMSE_CMD_MAX - rx->cmd_len)
				return dcb_error_set(err, DCB_ERR_LIMIT, (int64_t)ev->offset,
				                     N_("the command set is longer than %d bytes"),
				                     DCB_DIMSE_CMD_MAX);
			memcpy(rx->cmd_buf + rx->cmd_len, ev->bytes, ev->len);
			rx->cmd_len += (uint32_t)ev->len;
			return 0;
		}
		rx->data_done += ev->len;
		out->kind = DCB_DIMSE_RX_DATA;
		out->bytes = ev->bytes;
		out->len = ev->len;
		out->data_done = rx->data_done;
		return 0;
	case DCB_PDU_EV_PDV_END:
		if (!rx->in_pdv)
			return dcb_error_set(err, DCB_ERR_USAGE, (int64_t)ev->offset,
			                     N_("PDV end without a PDV header"));
		rx->in_pdv = false;
		if (!(rx->mch & DCB_MCH_LAST))
			return 0;
		if (rx->state == RX_CMD) {
			if ((rc = dcb_dimse_decode(rx->cmd_buf, rx->cmd_len, &rx->cmd, err)) < 0) {
				rx->state = RX_IDLE;
				return rc;
			}
			if (dcb_dimse_has_data(&rx->cmd)) {
				rx->state = RX_DATA;
				out->kind = DCB_DIMSE_RX_COMMAND;
			} else {
				rx->state = RX_IDLE;
				out->kind = DCB_DIMSE_RX_MESSAGE;
			}
			return 0;
		}
		rx->state = RX_IDLE;
		out->kind = DCB_DIMSE_RX_DATA_END;
		out->data_done = rx->data_done;
		return 0;
	default:
		return 0;
	}
}
