/* fuzz-ladder.c — libFuzzer target: what the ladder reads of a received
 * P-DATA-TF (the Transaction UID of a storage commitment's data set,
 * ladder.c) and the layout of the events it makes.
 *
 * Input: one byte (bit 0: N-EVENT-REPORT-RQ, else N-ACTION-RQ; bit 1: the
 * event kept a prefix only), then the PDU as the event keeps it (at most
 * DCB_EVENT_RAW_MAX bytes, the 6-byte header included). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "../../src/dimse.h"
#include "../../src/ladder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dcb_event ev;
	struct dcb_ladder_log log = {0};
	struct dcb_ladder l;

	if (size < 1 || size - 1 > DCB_EVENT_RAW_MAX)
		return 0;
	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_PDU;
	ev.u.pdu.type = 0x04;
	ev.u.pdu.dimse.known = true;
	ev.u.pdu.dimse.is_data = true;
	ev.u.pdu.dimse.command = (data[0] & 1) ? DCB_N_EVENT_REPORT_RQ : DCB_N_ACTION_RQ;
	memcpy(ev.u.pdu.raw, data + 1, size - 1);
	ev.u.pdu.raw_len = (uint32_t)(size - 1);
	ev.u.pdu.length = ev.u.pdu.raw_len < 6 ? 0 : ev.u.pdu.raw_len - 6 + ((data[0] >> 1) & 1);
	if (dcb_ladder_log_add(&log, &ev) == 0) {
		ev.u.pdu.dimse.command = DCB_N_EVENT_REPORT_RQ;
		ev.u.pdu.dimse.is_data = false; /* the command the data belongs to */
		ev.time.tv_sec = 1;
		(void)dcb_ladder_log_add(&log, &ev);
		if (dcb_ladder_layout(log.ev, log.n, &l) == 0)
			dcb_ladder_clear(&l);
	}
	dcb_ladder_log_clear(&log);
	return 0;
}
