/* fuzz-dimse.c — libFuzzer target: command set decode and re-encode, the
 * response an SCP would send, and PDV sequences into the DIMSE assembler. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/dimse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_dimse_cmd c, d;
	struct dcb_dimse_rx *rx = malloc(sizeof *rx);
	struct dcb_error err;
	uint8_t buf[4096];
	char text[2048];
	size_t at = 0;

	if (rx == NULL)
		abort();
	/* The input as a command set. */
	if (dcb_dimse_decode(data, size, &c, &err) == 0) {
		ssize_t n = dcb_dimse_encode(&c, buf, sizeof buf, &err);

		if (n < 0)
			abort();
		if (dcb_dimse_decode(buf, (size_t)n, &d, &err) != 0)
			abort();
		/* encode always writes the group length, decode notes its absence;
		 * apart from that and the notes, every field comes back */
		if ((d.present | DCB_F_GROUP_LENGTH) != (c.present | DCB_F_GROUP_LENGTH))
			abort();
		d.present = c.present;
		d.notes = c.notes;
		d.group_length = c.group_length;
		if (memcmp(&c, &d, sizeof c) != 0)
			abort();
		dcb_dimse_summary(&c, text, sizeof text);
		dcb_dimse_dump(&c, text, sizeof text);
		(void)dcb_dimse_status_name_for(c.command, c.status);
		/* What an SCP answers: the response encodes and decodes. */
		if (dcb_dimse_rsp_for(&d, &c, dcb_dimse_unsupported_status(&c, size & 1)) == 0) {
			n = dcb_dimse_encode(&d, buf, sizeof buf, &err);
			if (n < 0 || dcb_dimse_decode(buf, (size_t)n, &c, &err) != 0)
				abort();
			dcb_dimse_summary(&c, text, sizeof text);
		}
	}
	/* The input as PDVs: [len8, pcid, mch, payload...] records. */
	dcb_dimse_rx_init(rx);
	while (at + 3 <= size) {
		struct dcb_pdu_event ev = {0};
		struct dcb_dimse_rx_out out;
		size_t n = data[at];

		if (n > size - at - 3)
			n = size - at - 3;
		ev.kind = DCB_PDU_EV_PDV_BEGIN;
		ev.pdv = (struct dcb_pdv_info){(uint32_t)n + 2, data[at + 1], data[at + 2]};
		if (dcb_dimse_rx_feed(rx, &ev, &out, &err) < 0)
			break;
		if (n > 0) {
			ev.kind = DCB_PDU_EV_PDV_DATA;
			ev.bytes = data + at + 3;
			ev.len = n;
			if (dcb_dimse_rx_feed(rx, &ev, &out, &err) < 0)
				break;
			if (out.kind == DCB_DIMSE_RX_DATA && out.len != n)
				abort();
		}
		ev.kind = DCB_PDU_EV_PDV_END;
		if (dcb_dimse_rx_feed(rx, &ev, &out, &err) < 0)
			break;
		at += 3 + n;
	}
	/* And the input as a data set to fragment. */
	if (size >= 2) {
		struct dcb_fragmenter f;
		struct dcb_pdata_pdu p;
		uint32_t max = 7 + data[0] * 3u;
		uint64_t sent = 0;
		struct iovec iov[4];

		dcb_dimse_echo_rq(&c, 1);
		ssize_t n = dcb_dimse_encode(&c, buf, sizeof buf, &err);

		if (n < 0 || dcb_fragmenter_init(&f, 1, max, buf, (uint32_t)n, true, size - 2,
		                                 data[1] & 1) != 0)
			abort();
		while (dcb_fragmenter_next(&f, data[1] >> 1, &p) == 1) {
			if (p.wire_len - 6 > max || p.data_offset != sent)
				abort();
			sent += p.data_len;
			dcb_pdata_pdu_iov(&p, data + 2 + p.data_offset, iov);
		}
		if (sent != size - 2)
			abort();
	}
	free(rx);
	return 0;
}
