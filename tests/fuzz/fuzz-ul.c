/* fuzz-ul.c — libFuzzer target: arbitrary event sequences and PDU streams
 * into the association state machine. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/pdu.h"
#include "../../src/ul.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
step(struct dcb_ul *ul, const struct dcb_ul_input *in)
{
	struct dcb_ul_step st;
	int rc = dcb_ul_input(ul, in, &st);

	if (rc != 0 && rc != DCB_ERR_PROTOCOL && rc != DCB_ERR_USAGE)
		abort();
	if (ul->state < DCB_STA1 || ul->state > DCB_STA13)
		abort();
	if (rc == DCB_ERR_PROTOCOL && (!st.unexpected || st.action != DCB_AA_8))
		abort();
	if (rc == 0 && st.action == 0)
		abort();
	if ((st.effects & DCB_UL_START_ARTIM) && !ul->artim_running)
		abort();
	(void)dcb_ul_action_describe(st.action);
	(void)dcb_ul_state_describe(ul->state);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_ul ul;
	struct dcb_pdu_reader r;
	struct dcb_error err;
	size_t split, at;

	if (size == 0)
		return 0;
	dcb_ul_init(&ul, data[0] & 1);
	/* First part: raw events (bits: event, AE-6 acceptable, abort source). */
	split = data[0] < size ? data[0] : size;
	for (size_t i = 1; i < split; i++) {
		struct dcb_ul_input in = {
			.event = (enum dcb_ul_event)(data[i] % 21),
			.rq_acceptable = data[i] & 0x40,
			.abort_source = (data[i] & 0x80) ? 2 : 0,
		};

		step(&ul, &in);
	}
	/* Rest: a byte stream from the peer; each PDU becomes its event. */
	dcb_pdu_reader_init(&r);
	at = split;
	while (at <= size) {
		struct dcb_pdu_event ev;
		ssize_t k = dcb_pdu_reader_feed(&r, data + at, size - at, &ev, &err);
		struct dcb_ul_input in = {.rq_acceptable = true};

		if (k < 0) {
			in.event = DCB_EVT19;
			step(&ul, &in);
			break;
		}
		at += (size_t)k;
		if (ev.kind == DCB_PDU_EV_PDU || ev.kind == DCB_PDU_EV_PDATA_BEGIN) {
			in.event = dcb_ul_event_for_pdu(ev.type);
			if (ev.type == DCB_PDU_ABORT && ev.len >= 10)
				in.abort_source = ev.bytes[8];
			step(&ul, &in);
		}
		if (ev.kind == DCB_PDU_EV_NONE)
			break;
	}
	dcb_pdu_reader_clear(&r);
	{
		struct dcb_ul_input in = {.event = DCB_EVT17};

		step(&ul, &in);
	}
	return 0;
}
