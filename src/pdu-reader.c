/* pdu-reader.c — the resumable inbound PDU parser.
 *
 * Bytes come in any size; the reader keeps an explicit state and hands out
 * one event per call.  Non-P-DATA PDUs are buffered whole (they are small
 * and bounded by max_control); P-DATA-TF PDUs are streamed PDV by PDV, with
 * payload slices pointing into the caller's input. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "i18n.h"
#include "pdu.h"

enum {
	RS_HEADER = 0,     /* collecting the 6-byte PDU header */
	RS_BODY,           /* buffering a non-P-DATA body */
	RS_PDV_HEADER,     /* collecting a 6-byte PDV header */
	RS_PDV_PAYLOAD,    /* streaming PDV payload */
	RS_PDV_END,        /* to emit: PDV_END */
	RS_PDATA_END,      /* to emit: PDATA_END */
};

void
dcb_pdu_reader_init(struct dcb_pdu_reader *r)
{
	memset(r, 0, sizeof *r);
	r->max_pdu = DCB_PDU_DEFAULT_MAX;
	r->max_control = DCB_PDU_CONTROL_MAX;
	r->state = RS_HEADER;
}

void
dcb_pdu_reader_clear(struct dcb_pdu_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->buf_cap = 0;
	r->buf_have = 0;
}

bool
dcb_pdu_reader_idle(const struct dcb_pdu_reader *r)
{
	return r->state == RS_HEADER && r->hdr_have == 0;
}

static int
fail(struct dcb_pdu_reader *r, struct dcb_error *err, int code, uint64_t off, const char *fmt,
     ...) DCB_PRINTF(5, 6);

static int
fail(struct dcb_pdu_reader *r, struct dcb_error *err, int code, uint64_t off, const char *fmt,
     ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, dgettext(PACKAGE, fmt), ap);
	va_end(ap);
	r->error = code;
	return dcb_error_set(err, code, (int64_t)off, "%s", msg);
}

/* Makes room for `need` buffered bytes, growing with what has arrived so a
 * peer that announces a large PDU and sends little costs little. */
static int
reserve(struct dcb_pdu_reader *r, size_t need, size_t total)
{
	size_t cap;
	uint8_t *nb;

	if (need <= r->buf_cap)
		return 0;
	cap = r->buf_cap < 1024 ? 1024 : r->buf_cap;
	while (cap < need)
		cap *= 2;
	if (cap > total)
		cap = total;
	nb = realloc(r->buf, cap);
	if (nb == NULL)
		return DCB_ERR_NOMEM;
	r->buf = nb;
	r->buf_cap = cap;
	return 0;
}

static int
start_pdu(struct dcb_pdu_reader *r, struct dcb_pdu_event *ev, struct dcb_error *err)
{
	r->type = r->hdr[0];
	r->length = dcb_be32(r->hdr + 2);
	r->hdr_have = 0;
	if (r->type < DCB_PDU_ASSOCIATE_RQ || r->type > DCB_PDU_ABORT) {
		if (r->type == 0x16 && r->hdr[1] == 0x03)
			return fail(
			    r, err, DCB_ERR_PROTOCOL, r->pdu_offset,
			    N_("the peer sent a TLS handshake (16 03 ...) at offset %llu; it "
			       "speaks TLS to this plain DICOM port: switch TLS on here or off "
			       "there"),
			    (unsigned long long)r->pdu_offset);
		return fail(r, err, DCB_ERR_PROTOCOL, r->pdu_offset,
		            N_("unknown PDU type 0x%02x at stream offset %llu"), r->type,
		            (unsigned long long)r->pdu_offset);
	}
	ev->type = r->type;
	ev->length = r->length;
	ev->offset = r->pdu_offset;
	if (r->type == DCB_PDU_P_DATA_TF) {
		if (r->max_pdu != 0 && r->length > r->max_pdu) {
			if (r->strict)
				return fail(
				    r, err, DCB_ERR_LIMIT, r->pdu_offset,
				    N_("P-DATA-TF at offset %llu has length %u, above the maximum "
				       "of %u announced to the peer"),
				    (unsigned long long)r->pdu_offset, r->length, r->max_pdu);
			ev->over_max = true;
		}
		memset(&r->pdata, 0, sizeof r->pdata);
		r->body_left = r->length;
		r->state = r->length > 0 ? RS_PDV_HEADER : RS_PDATA_END;
		ev->kind = DCB_PDU_EV_PDATA_BEGIN;
		return 0;
	}
	if (r->length > r->max_control)
		return fail(r, err, DCB_ERR_LIMIT, r->pdu_offset,
		            N_("%s at offset %llu claims %u bytes; more than %u are not accepted "
		               "for this PDU type"),
		            dcb_pdu_type_name(r->type), (unsigned long long)r->pdu_offset,
		            r->length, r->max_control);
	if (reserve(r, DCB_PDU_HEADER, (size_t)r->length + DCB_PDU_HEADER) < 0)
		return fail(r, err, DCB_ERR_NOMEM, r->pdu_offset,
		            N_("no memory to buffer a PDU of %u bytes"), r->length);
	memcpy(r->buf, r->hdr, DCB_PDU_HEADER);
	r->buf_have = DCB_PDU_HEADER;
	r->state = RS_BODY;
	return 0;
}

static int
start_pdv(struct dcb_pdu_reader *r, struct dcb_pdu_event *ev, struct dcb_error *err)
{
	uint32_t n = dcb_be32(r->pdv_hdr);
	uint64_t at = r->offset - DCB_PDV_HEADER;

	r->hdr_have = 0;
	if (n < 2)
		return fail(
		    r, err, DCB_ERR_MALFORMED, at,
		    N_("PDV at stream offset %llu has item length %u; at least 2 (context ID "
		       "and control header) are needed"),
		    (unsigned long long)at, n);
	/* body_left still counts the PDV header's length field (4 bytes). */
	if (n > r->body_left - 4)
		return fail(
		    r, err, DCB_ERR_MALFORMED, at,
		    N_("PDV at stream offset %llu claims %u bytes, but only %u are left in the "
		       "P-DATA-TF"),
		    (unsigned long long)at, n, r->body_left - 4);
	r->body_left -= DCB_PDV_HEADER;
	r->pdv.length = n;
	r->pdv.pcid = r->pdv_hdr[4];
	r->pdv.mch = r->pdv_hdr[5];
	r->pdv_left = n - 2;
	if (r->pdata.n_pdv < DCB_PDATA_SUMMARY_PDVS)
		r->pdata.pdv[r->pdata.n_pdv] = r->pdv;
	r->pdata.n_pdv++;
	ev->kind = DCB_PDU_EV_PDV_BEGIN;
	ev->pdv = r->pdv;
	ev->pdv_done = 0;
	r->state = r->pdv_left > 0 ? RS_PDV_PAYLOAD : RS_PDV_END;
	return 0;
}

ssize_t
dcb_pdu_reader_feed(struct dcb_pdu_reader *r, const uint8_t *data, size_t len,
                    struct dcb_pdu_event *ev, struct dcb_error *err)
{
	size_t used = 0;
	int rc;

	memset(ev, 0, sizeof *ev);
	if (r->error != 0)
		return dcb_error_set(err, r->error, (int64_t)r->offset,
		                     N_("the PDU stream is broken since an earlier error"));
	if (len > 0 && data == NULL)
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("no input buffer"));

	while (ev->kind == DCB_PDU_EV_NONE) {
		size_t avail = len - used, take;

		switch (r->state) {
		case RS_HEADER:
			if (avail == 0)
				return (ssize_t)used;
			if (r->hdr_have == 0)
				r->pdu_offset = r->offset;
			take = DCB_PDU_HEADER - r->hdr_have;
			if (take > avail)
				take = avail;
			memcpy(r->hdr + r->hdr_have, data + used, take);
			r->hdr_have += (unsigned)take;
			used += take;
			r->offset += take;
			if (r->hdr_have == DCB_PDU_HEADER && (rc = start_pdu(r, ev, err)) < 0)
				return rc;
			break;
		case RS_BODY: {
			size_t total = (size_t)r->length + DCB_PDU_HEADER;

			take = total - r->buf_have;
			if (take > avail)
				take = avail;
			if (take > 0) {
				if (reserve(r, r->buf_have + take, total) < 0)
					return fail(r, err, DCB_ERR_NOMEM, r->offset,
					            N_("no memory to buffer a PDU of %u bytes"),
					            r->length);
				memcpy(r->buf + r->buf_have, data + used, take);
				r->buf_have += take;
				used += take;
				r->offset += take;
			}
			if (r->buf_have < total)
				return (ssize_t)used;
			ev->kind = DCB_PDU_EV_PDU;
			ev->type = r->type;
			ev->length = r->length;
			ev->offset = r->pdu_offset;
			ev->bytes = r->buf;
			ev->len = total;
			r->state = RS_HEADER;
			break;
		}
		case RS_PDV_HEADER:
			if (r->hdr_have == 0 && r->body_left < DCB_PDV_HEADER)
				return fail(
				    r, err, DCB_ERR_MALFORMED, r->offset,
				    N_("%u stray bytes at stream offset %llu in a P-DATA-TF: too "
				       "short for a PDV header (6 bytes)"),
				    r->body_left, (unsigned long long)r->offset);
			if (avail == 0)
				return (ssize_t)used;
			take = DCB_PDV_HEADER - r->hdr_have;
			if (take > avail)
				take = avail;
			memcpy(r->pdv_hdr + r->hdr_have, data + used, take);
			r->hdr_have += (unsigned)take;
			used += take;
			r->offset += take;
			if (r->hdr_have == DCB_PDV_HEADER && (rc = start_pdv(r, ev, err)) < 0)
				return rc;
			break;
		case RS_PDV_PAYLOAD:
			if (avail == 0)
				return (ssize_t)used;
			take = r->pdv_left < avail ? r->pdv_left : avail;
			ev->kind = DCB_PDU_EV_PDV_DATA;
			ev->pdv = r->pdv;
			ev->bytes = data + used;
			ev->len = take;
			r->pdv_left -= (uint32_t)take;
			r->body_left -= (uint32_t)take;
			ev->pdv_done = r->pdv.length - 2 - r->pdv_left;
			used += take;
			r->offset += take;
			if (r->pdv_left == 0)
				r->state = RS_PDV_END;
			break;
		case RS_PDV_END:
			ev->kind = DCB_PDU_EV_PDV_END;
			ev->pdv = r->pdv;
			ev->pdv_done = r->pdv.length - 2;
			r->state = r->body_left > 0 ? RS_PDV_HEADER : RS_PDATA_END;
			break;
		case RS_PDATA_END:
			ev->kind = DCB_PDU_EV_PDATA_END;
			ev->pdata = r->pdata;
			r->state = RS_HEADER;
			break;
		default:
			return fail(r, err, DCB_ERR_USAGE, r->offset,
			            N_("PDU reader in a bad state"));
		}
	}
	if (ev->kind != DCB_PDU_EV_PDU) {
		ev->type = r->type;
		ev->length = r->length;
		ev->offset = r->pdu_offset;
	}
	return (ssize_t)used;
}
