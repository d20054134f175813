/* test-dimse.c — command sets, status codes, fragmentation and reassembly. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dimse.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define INST "1.2.3.4.5.6.7"

static size_t
enc(const struct dcb_dimse_cmd *c, uint8_t *buf, size_t size)
{
	struct dcb_error err;
	ssize_t n = dcb_dimse_encode(c, buf, size, &err);

	if (n < 0)
		fail_msg("encode: %s", err.message);
	return (size_t)n;
}

static void
echo_bytes_and_round_trip(void **state)
{
	struct dcb_dimse_cmd c, d, rsp;
	struct dcb_error err;
	uint8_t buf[512];
	size_t n;

	dcb_dimse_echo_rq(&c, 7);
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(n, 68);
	assert_int_equal(dcb_dimse_encoded_size(&c, &err), 68);
	assert_memory_equal(buf, "\x00\x00\x00\x00\x04\x00\x00\x00\x38\x00\x00\x00", 12);
	assert_memory_equal(buf + 12, "\x00\x00\x02\x00\x12\x00\x00\x00" "1.2.840.10008.1.1\0", 26);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_int_equal(d.command, DCB_C_ECHO_RQ);
	assert_int_equal(d.message_id, 7);
	assert_false(dcb_dimse_has_data(&d));
	assert_int_equal(d.notes, 0);
	assert_int_equal(d.group_length, 56);
	dcb_dimse_echo_rsp(&rsp, &d, 0);
	n = enc(&rsp, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_int_equal(d.command, DCB_C_ECHO_RSP);
	assert_int_equal(d.message_id_responded, 7);
	assert_int_equal(d.status, 0);
	assert_int_equal(dcb_dimse_encode(&rsp, buf, 10, &err), DCB_ERR_LIMIT);
}

static void
store_round_trip_all_fields(void **state)
{
	struct dcb_dimse_cmd c, d, rsp;
	struct dcb_error err;
	uint8_t buf[1024];
	char line[512];
	size_t n;

	dcb_dimse_store_rq(&c, 42, CT, INST, DCB_PRIORITY_HIGH);
	c.present |= DCB_F_MOVE_ORIGINATOR_AE | DCB_F_MOVE_ORIGINATOR_ID;
	strcpy(c.move_originator_ae, "MOVESCU");
	c.move_originator_id = 9;
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_int_equal(d.command, DCB_C_STORE_RQ);
	assert_true(dcb_dimse_has_data(&d));
	assert_int_equal(d.priority, DCB_PRIORITY_HIGH);
	assert_string_equal(d.affected_sop_class, CT);
	assert_string_equal(d.affected_sop_instance, INST);
	assert_string_equal(d.move_originator_ae, "MOVESCU");
	assert_int_equal(d.move_originator_id, 9);
	assert_int_equal(d.notes, 0);
	dcb_dimse_summary(&d, line, sizeof line);
	assert_string_equal(line, "C-STORE-RQ id 42 · " INST " · priority high · for C-MOVE from "
	                          "MOVESCU");

	dcb_dimse_store_rsp(&rsp, &d, 0xA700);
	rsp.present |= DCB_F_ERROR_COMMENT | DCB_F_OFFENDING_ELEMENT | DCB_F_ERROR_ID;
	strcpy(rsp.error_comment, "disk full");
	rsp.n_offending = 2;
	rsp.offending[0] = 0x00080018;
	rsp.offending[1] = 0x7fe00010;
	rsp.error_id = 5;
	n = enc(&rsp, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_int_equal(d.command, DCB_C_STORE_RSP);
	assert_int_equal(d.message_id_responded, 42);
	assert_int_equal(d.status, 0xA700);
	assert_string_equal(d.error_comment, "disk full");
	assert_int_equal(d.n_offending, 2);
	assert_int_equal(d.offending[1], 0x7fe00010);
	assert_int_equal(d.error_id, 5);
	assert_string_equal(d.affected_sop_instance, INST);
	dcb_dimse_dump(&d, (char *)buf, sizeof buf);
	assert_non_null(
	    strstr((char *)buf, "(0000,0901) AT OffendingElement (0008,0018) (7fe0,0010)"));
	assert_non_null(
	    strstr((char *)buf, "(0000,0900) US Status 0xa700 Refused: out of resources"));
}

/* Appends one element (implicit VR LE). */
static size_t
el(uint8_t *b, size_t at, uint16_t g, uint16_t e, const void *v, uint32_t len)
{
	b[at] = (uint8_t)g;
	b[at + 1] = (uint8_t)(g >> 8);
	b[at + 2] = (uint8_t)e;
	b[at + 3] = (uint8_t)(e >> 8);
	b[at + 4] = (uint8_t)len;
	b[at + 5] = (uint8_t)(len >> 8);
	b[at + 6] = (uint8_t)(len >> 16);
	b[at + 7] = (uint8_t)(len >> 24);
	memcpy(b + at + 8, v, len);
	return at + 8 + len;
}

static void
expect_decode(const uint8_t *b, size_t n, int code, const char *needle)
{
	struct dcb_dimse_cmd d;
	struct dcb_error err = {0};
	int rc = dcb_dimse_decode(b, n, &d, &err);

	if (rc != code)
		fail_msg("expected %d, got %d (%s)", code, rc, err.message);
	if (needle != NULL && strstr(err.message, needle) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.message, needle);
}

static void
malformed_command_sets(void **state)
{
	uint8_t b[512];
	size_t n;
	static const uint8_t store[] = {0x01, 0x00};
	static const uint8_t echo[] = {0x30, 0x00};
	static const uint8_t none[] = {0x01, 0x01};
	static const uint8_t has[] = {0x00, 0x00};
	static const uint8_t id[] = {0x01, 0x00};
	char longuid[80];

	/* C-STORE-RQ without Message ID and Affected SOP Instance. */
	n = el(b, 0, 0, 0x0002, CT "\0", 26);
	n = el(b, n, 0, 0x0100, store, 2);
	n = el(b, n, 0, 0x0700, has, 2);
	n = el(b, n, 0, 0x0800, has, 2);
	expect_decode(b, n, DCB_ERR_PROTOCOL, "MessageID");
	n = el(b, n, 0, 0x0110, id, 2);
	expect_decode(b, n, DCB_ERR_PROTOCOL, "AffectedSOPInstanceUID");
	n = el(b, n, 0, 0x1000, INST "\0", 14);
	expect_decode(b, n, 0, NULL);
	/* Cut anywhere: truncated. */
	expect_decode(b, n - 1, DCB_ERR_TRUNCATED, NULL);
	expect_decode(b, 5, DCB_ERR_TRUNCATED, "element header");
	/* Same tag twice. */
	n = el(b, n, 0, 0x0110, id, 2);
	expect_decode(b, n, DCB_ERR_MALFORMED, "twice");
	/* US of length 4. */
	n = el(b, 0, 0, 0x0100, echo, 2);
	n = el(b, n, 0, 0x0110, "\x01\x00\x00\x00", 4);
	expect_decode(b, n, DCB_ERR_MALFORMED, "US value has 2 bytes");
	/* Length past the end (near 2^32). */
	n = el(b, 0, 0, 0x0100, echo, 2);
	n = el(b, n, 0, 0x0002, "1.2", 4);
	b[n - 8] = b[n - 7] = b[n - 6] = b[n - 5] = 0xff;
	expect_decode(b, n, DCB_ERR_TRUNCATED, "4294967295");
	/* An element outside group 0000. */
	n = el(b, 0, 0, 0x0100, echo, 2);
	n = el(b, n, 0x0008, 0x0018, "1.2\0", 4);
	expect_decode(b, n, DCB_ERR_MALFORMED, "group 0000");
	/* No command field; unknown command field. */
	n = el(b, 0, 0, 0x0800, none, 2);
	expect_decode(b, n, DCB_ERR_PROTOCOL, "Command Field");
	n = el(b, n, 0, 0x0100, "\x77\x77", 2);
	expect_decode(b, n, DCB_ERR_PROTOCOL, "0x7777");
	/* C-STORE-RQ saying no data set. */
	n = el(b, 0, 0, 0x0002, CT "\0", 26);
	n = el(b, n, 0, 0x0100, store, 2);
	n = el(b, n, 0, 0x0110, id, 2);
	n = el(b, n, 0, 0x0700, has, 2);
	n = el(b, n, 0, 0x0800, none, 2);
	n = el(b, n, 0, 0x1000, INST "\0", 14);
	expect_decode(b, n, DCB_ERR_PROTOCOL, "no data set");
	/* UID over 64 characters. */
	memset(longuid, '1', 70);
	n = el(b, 0, 0, 0x0002, longuid, 70);
	expect_decode(b, n, DCB_ERR_MALFORMED, "64");
	/* Empty input. */
	expect_decode(b, 0, DCB_ERR_PROTOCOL, NULL);
}

static void
notes_on_tolerated_oddities(void **state)
{
	struct dcb_dimse_cmd d;
	struct dcb_error err;
	uint8_t b[512];
	size_t n;
	static const uint8_t echo[] = {0x30, 0x00};
	static const uint8_t none[] = {0x01, 0x01};
	static const uint8_t glen[] = {0x99, 0, 0, 0};

	n = el(b, 0, 0, 0x0000, glen, 4);
	n = el(b, n, 0, 0x0002, "1.2.840.10008.1.1 ", 18);
	n = el(b, n, 0, 0x0100, echo, 2);
	n = el(b, n, 0, 0x0600, "DEST            ", 16); /* Move Destination: not ours */
	n = el(b, n, 0, 0x0110, "\x05\x00", 2);
	n = el(b, n, 0, 0x0800, none, 2);
	n = el(b, n, 0, 0x0001, "\0\0\0\0", 4); /* retired length to end, out of order */
	assert_int_equal(dcb_dimse_decode(b, n, &d, &err), 0);
	assert_true(d.notes & DCB_DIMSE_NOTE_GROUP_LENGTH_WRONG);
	assert_true(d.notes & DCB_DIMSE_NOTE_UID_PADDED);
	assert_true(d.notes & DCB_DIMSE_NOTE_UNKNOWN_ELEMENT);
	assert_true(d.notes & DCB_DIMSE_NOTE_RETIRED);
	assert_true(d.notes & DCB_DIMSE_NOTE_ORDER);
	assert_string_equal(d.affected_sop_class, "1.2.840.10008.1.1");
	n = el(b, 0, 0, 0x0002, "1.2.840.10008.1.1\0", 18);
	n = el(b, n, 0, 0x0100, echo, 2);
	n = el(b, n, 0, 0x0110, "\x05\x00", 2);
	n = el(b, n, 0, 0x0800, none, 2);
	assert_int_equal(dcb_dimse_decode(b, n, &d, &err), 0);
	assert_int_equal(d.notes, DCB_DIMSE_NOTE_NO_GROUP_LENGTH);
}

static void
status_codes(void **state)
{
	assert_int_equal(dcb_dimse_status_class(0x0000), DCB_STATUS_SUCCESS);
	assert_int_equal(dcb_dimse_status_class(0x0001), DCB_STATUS_WARNING);
	assert_int_equal(dcb_dimse_status_class(0xB000), DCB_STATUS_WARNING);
	assert_int_equal(dcb_dimse_status_class(0xB007), DCB_STATUS_WARNING);
	assert_int_equal(dcb_dimse_status_class(0xB006), DCB_STATUS_WARNING);
	assert_int_equal(dcb_dimse_status_class(0xA700), DCB_STATUS_FAILURE);
	assert_int_equal(dcb_dimse_status_class(0xA9FF), DCB_STATUS_FAILURE);
	assert_int_equal(dcb_dimse_status_class(0xC123), DCB_STATUS_FAILURE);
	assert_int_equal(dcb_dimse_status_class(0x0122), DCB_STATUS_FAILURE);
	assert_int_equal(dcb_dimse_status_class(0xFE00), DCB_STATUS_CANCEL);
	assert_int_equal(dcb_dimse_status_class(0xFF01), DCB_STATUS_PENDING);
	assert_string_equal(dcb_dimse_status_name(0xA7FE), "Refused: out of resources");
	assert_string_equal(dcb_dimse_status_name(0xA900),
	                    "Error: data set does not match SOP class");
	assert_string_equal(dcb_dimse_status_name(0xC005), "Error: cannot understand");
	assert_string_equal(dcb_dimse_status_name(0xB007),
	                    "Warning: data set does not match SOP class");
	assert_string_equal(dcb_dimse_status_name(0x0122), "Refused: SOP class not supported");
	assert_string_equal(dcb_dimse_status_name(0x0124), "Refused: not authorized");
	assert_string_equal(dcb_dimse_status_name(0x0210), "Duplicate invocation");
	assert_string_equal(dcb_dimse_status_name(0x0211), "Unrecognized operation");
	assert_string_equal(dcb_dimse_status_name(0x0212), "Mistyped argument");
	assert_string_equal(dcb_status_class_name(DCB_STATUS_WARNING), "Warning");
	assert_string_equal(dcb_dimse_command_name(0x8030), "C-ECHO-RSP");
}

/* --- fragmentation ---------------------------------------------------------- */

struct wire {
	uint8_t *bytes;
	size_t len;
	unsigned pdus;
	uint32_t largest;    /* largest P-DATA-TF length field */
};

/* Runs the fragmenter and concatenates the gathered writes. */
static void
send_message(struct wire *w, const uint8_t *cmd, uint32_t cmd_len, const uint8_t *data,
             uint64_t data_len, bool has_data, uint32_t max_pdu, bool pack, uint32_t max_data)
{
	struct dcb_fragmenter f;
	struct dcb_pdata_pdu p;
	struct iovec iov[4];

	assert_int_equal(dcb_fragmenter_init(&f, 3, max_pdu, cmd, cmd_len, has_data, data_len,
	                                     pack),
	                 0);
	while (dcb_fragmenter_next(&f, max_data, &p) == 1) {
		int n = dcb_pdata_pdu_iov(&p, data != NULL ? data + p.data_offset : NULL, iov);
		size_t total = 0;

		for (int i = 0; i < n; i++) {
			w->bytes = realloc(w->bytes, w->len + iov[i].iov_len + 1);
			memcpy(w->bytes + w->len, iov[i].iov_base, iov[i].iov_len);
			w->len += iov[i].iov_len;
			total += iov[i].iov_len;
		}
		assert_int_equal(total, p.wire_len);
		assert_true(p.wire_len - 6 <= max_pdu);
		if (p.wire_len - 6 > w->largest)
			w->largest = p.wire_len - 6;
		if (max_data != 0)
			assert_true(p.data_len <= max_data);
		w->pdus++;
	}
}

/* Feeds the wire through the PDU reader and the DIMSE assembler. */
static void
receive_message(const struct wire *w, struct dcb_dimse_cmd *cmd, uint8_t *data, size_t *data_len,
                unsigned *messages)
{
	struct dcb_pdu_reader r;
	struct dcb_dimse_rx *rx = calloc(1, sizeof *rx);
	struct dcb_error err;
	size_t at = 0;

	dcb_pdu_reader_init(&r);
	r.max_pdu = 0;
	dcb_dimse_rx_init(rx);
	*data_len = 0;
	*messages = 0;
	for (;;) {
		struct dcb_pdu_event ev;
		struct dcb_dimse_rx_out out;
		size_t chunk = w->len - at < 777 ? w->len - at : 777;
		ssize_t k = dcb_pdu_reader_feed(&r, w->bytes + at, chunk, &ev, &err);

		assert_true(k >= 0);
		at += (size_t)k;
		if (ev.kind == DCB_PDU_EV_NONE) {
			if (at == w->len)
				break;
			continue;
		}
		if (dcb_dimse_rx_feed(rx, &ev, &out, &err) < 0)
			fail_msg("rx: %s", err.message);
		if (out.kind == DCB_DIMSE_RX_DATA) {
			memcpy(data + *data_len, out.bytes, out.len);
			*data_len += out.len;
			assert_int_equal(out.data_done, *data_len);
		} else if (out.kind == DCB_DIMSE_RX_COMMAND) {
			*cmd = rx->cmd;
		} else if (out.kind == DCB_DIMSE_RX_MESSAGE || out.kind == DCB_DIMSE_RX_DATA_END) {
			if (out.kind == DCB_DIMSE_RX_MESSAGE)
				*cmd = rx->cmd;
			(*messages)++;
		}
	}
	assert_true(dcb_pdu_reader_idle(&r));
	assert_true(dcb_dimse_rx_idle(rx));
	dcb_pdu_reader_clear(&r);
	free(rx);
}

static void
fragment_and_reassemble(void **state)
{
	struct dcb_dimse_cmd c, got;
	uint8_t cmd[256], *data = malloc(10000), *back = malloc(10000);
	size_t cmd_len, back_len;
	unsigned messages;

	for (int i = 0; i < 10000; i++)
		data[i] = (uint8_t)(i * 31 + 7);
	dcb_dimse_store_rq(&c, 1, CT, INST, 0);
	cmd_len = enc(&c, cmd, sizeof cmd);

	for (int pack = 0; pack < 2; pack++) {
		struct wire w = {0};

		send_message(&w, cmd, (uint32_t)cmd_len, data, 10000, true, 4096, pack, 0);
		/* Unpacked: 1 command PDU + ceil(10000 / 4090) data PDUs. */
		assert_int_equal(w.pdus, pack ? 3 : 4);
		assert_int_equal(w.largest, pack ? 4096 : 4096);
		if (pack) {
			/* The first PDU holds both PDVs: cmd (last) and data (not last). */
			assert_int_equal(w.bytes[6 + 5], DCB_MCH_COMMAND | DCB_MCH_LAST);
			assert_int_equal(w.bytes[6 + 6 + cmd_len + 5], 0);
		} else {
			assert_int_equal(w.bytes[6 + 5], DCB_MCH_COMMAND | DCB_MCH_LAST);
			assert_int_equal(w.bytes[6 + 6 + cmd_len + 5 + 6], 0); /* next PDU's PDV */
		}
		receive_message(&w, &got, back, &back_len, &messages);
		assert_int_equal(messages, 1);
		assert_int_equal(got.command, DCB_C_STORE_RQ);
		assert_string_equal(got.affected_sop_instance, INST);
		assert_int_equal(back_len, 10000);
		assert_memory_equal(back, data, 10000);
		free(w.bytes);
	}
	/* The command itself split (max PDU 50: 44 bytes a PDV), data capped by
	 * the caller's buffer (max_data 1000). */
	{
		struct wire w = {0};

		send_message(&w, cmd, (uint32_t)cmd_len, data, 10000, true, 50, false, 1000);
		receive_message(&w, &got, back, &back_len, &messages);
		assert_int_equal(w.largest, 50);
		assert_int_equal(w.bytes[6 + 5], DCB_MCH_COMMAND);
		assert_int_equal(back_len, 10000);
		assert_memory_equal(back, data, 10000);
		assert_int_equal(messages, 1);
		free(w.bytes);
	}
	/* Empty data set: one empty, last data PDV. */
	{
		struct wire w = {0};

		send_message(&w, cmd, (uint32_t)cmd_len, NULL, 0, true, 16384, false, 0);
		assert_int_equal(w.pdus, 2);
		assert_int_equal(w.len, 6 + 6 + cmd_len + 6 + 6);
		assert_int_equal(w.bytes[w.len - 1], DCB_MCH_LAST);
		receive_message(&w, &got, back, &back_len, &messages);
		assert_int_equal(back_len, 0);
		assert_int_equal(messages, 1);
		free(w.bytes);
	}
	/* Command only (C-ECHO). */
	{
		struct wire w = {0};

		dcb_dimse_echo_rq(&c, 3);
		cmd_len = enc(&c, cmd, sizeof cmd);
		send_message(&w, cmd, (uint32_t)cmd_len, NULL, 0, false, 16384, true, 0);
		assert_int_equal(w.pdus, 1);
		receive_message(&w, &got, back, &back_len, &messages);
		assert_int_equal(messages, 1);
		assert_int_equal(got.command, DCB_C_ECHO_RQ);
		free(w.bytes);
	}
	{
		struct dcb_fragmenter f;

		assert_int_equal(dcb_fragmenter_init(&f, 1, 6, cmd, 10, false, 0, false),
		                 DCB_ERR_USAGE);
		assert_int_equal(dcb_fragmenter_init(&f, 1, 100, cmd, 0, false, 0, false),
		                 DCB_ERR_USAGE);
	}
	free(data);
	free(back);
}

static void
rx_protocol_errors(void **state)
{
	struct dcb_dimse_rx *rx = calloc(1, sizeof *rx);
	struct dcb_dimse_rx_out out;
	struct dcb_error err;
	struct dcb_pdu_event ev = {.kind = DCB_PDU_EV_PDV_BEGIN};
	uint8_t big[DCB_DIMSE_CMD_MAX + 1] = {0};

	dcb_dimse_rx_init(rx);
	ev.pdv = (struct dcb_pdv_info){10, 1, 0};
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), DCB_ERR_PROTOCOL);
	assert_non_null(strstr(err.message, "no command"));

	dcb_dimse_rx_init(rx);
	ev.pdv = (struct dcb_pdv_info){10, 1, DCB_MCH_COMMAND};
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), 0);
	ev.kind = DCB_PDU_EV_PDV_END;
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), 0);
	ev.kind = DCB_PDU_EV_PDV_BEGIN;
	ev.pdv = (struct dcb_pdv_info){10, 3, DCB_MCH_COMMAND};
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), DCB_ERR_PROTOCOL);
	assert_non_null(strstr(err.message, "context 3"));
	ev.pdv = (struct dcb_pdv_info){10, 1, 0};
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), DCB_ERR_PROTOCOL);

	dcb_dimse_rx_init(rx);
	ev.kind = DCB_PDU_EV_PDV_BEGIN;
	ev.pdv = (struct dcb_pdv_info){sizeof big + 2, 1, DCB_MCH_COMMAND};
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), 0);
	ev.kind = DCB_PDU_EV_PDV_DATA;
	ev.bytes = big;
	ev.len = sizeof big;
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), DCB_ERR_LIMIT);

	/* A garbage command set is reported with the decoder's error. */
	dcb_dimse_rx_init(rx);
	ev.kind = DCB_PDU_EV_PDV_BEGIN;
	ev.pdv = (struct dcb_pdv_info){5, 1, DCB_MCH_COMMAND | DCB_MCH_LAST};
	dcb_dimse_rx_feed(rx, &ev, &out, &err);
	ev.kind = DCB_PDU_EV_PDV_DATA;
	ev.len = 3;
	dcb_dimse_rx_feed(rx, &ev, &out, &err);
	ev.kind = DCB_PDU_EV_PDV_END;
	assert_int_equal(dcb_dimse_rx_feed(rx, &ev, &out, &err), DCB_ERR_TRUNCATED);
	free(rx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(echo_bytes_and_round_trip),
		cmocka_unit_test(store_round_trip_all_fields),
		cmocka_unit_test(malformed_command_sets),
		cmocka_unit_test(notes_on_tolerated_oddities),
		cmocka_unit_test(status_codes),
		cmocka_unit_test(fragment_and_reassemble),
		cmocka_unit_test(rx_protocol_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
