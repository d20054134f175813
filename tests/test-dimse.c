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
#include "../src/pdu.h"
#include "../src/trace-msg.h"

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
	/* No command field; an unknown one decodes (see unknown_command). */
	n = el(b, 0, 0, 0x0800, none, 2);
	expect_decode(b, n, DCB_ERR_PROTOCOL, "Command Field");
	n = el(b, n, 0, 0x0100, "\x77\x77", 2);
	expect_decode(b, n, 0, NULL);
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


/* --- every message of PS3.7 Annex E ---------------------------------------- */

#define MWL "1.2.840.10008.5.1.4.31"
#define STUDY_FIND "1.2.840.10008.5.1.4.1.2.2.1"
#define STUDY_MOVE "1.2.840.10008.5.1.4.1.2.2.2"
#define STUDY_GET "1.2.840.10008.5.1.4.1.2.2.3"
#define COMMIT "1.2.840.10008.1.20.1"
#define COMMIT_INST "1.2.840.10008.1.20.1.1"
#define MPPS "1.2.840.10008.3.1.2.3.3"

/* Encodes c, decodes it again and checks that every field came back. */
static void
round_trip(const struct dcb_dimse_cmd *c, struct dcb_dimse_cmd *d)
{
	struct dcb_error err = {0};
	uint8_t buf[2048];
	size_t n = enc(c, buf, sizeof buf);

	if (dcb_dimse_decode(buf, n, d, &err) != 0)
		fail_msg("%s: %s", dcb_dimse_command_name(c->command), err.message);
	assert_int_equal(d->present, c->present | DCB_F_GROUP_LENGTH);
	assert_int_equal(d->notes, 0);
	d->present = c->present;
	d->group_length = c->group_length;
	assert_memory_equal(d, c, sizeof *c);
}

/* One request and its response, built, then round-tripped. */
static void
every_message_round_trips(void **state)
{
	struct dcb_dimse_cmd rq[11], rsp, d;
	static const uint32_t attrs[] = {0x00100010, 0x00400270, 0x7fe00010};
	unsigned n = 0;

	memset(rq, 0, sizeof rq);
	dcb_dimse_store_rq(&rq[n++], 1, CT, INST, DCB_PRIORITY_LOW);
	dcb_dimse_echo_rq(&rq[n++], 2);
	dcb_dimse_find_rq(&rq[n++], 3, STUDY_FIND, DCB_PRIORITY_MEDIUM);
	dcb_dimse_move_rq(&rq[n++], 4, STUDY_MOVE, DCB_PRIORITY_HIGH, "ARCHIVE");
	dcb_dimse_get_rq(&rq[n++], 5, STUDY_GET, DCB_PRIORITY_MEDIUM);
	dcb_dimse_event_report_rq(&rq[n++], 6, COMMIT, COMMIT_INST, 1, true);
	dcb_dimse_n_get_rq(&rq[n++], 7, MPPS, INST, attrs, 3);
	dcb_dimse_n_set_rq(&rq[n++], 8, MPPS, INST);
	dcb_dimse_action_rq(&rq[n++], 9, COMMIT, COMMIT_INST, 1, true);
	dcb_dimse_create_rq(&rq[n++], 10, MPPS, INST, true);
	dcb_dimse_delete_rq(&rq[n++], 11, MPPS, INST);
	for (unsigned i = 0; i < n; i++) {
		const struct dcb_dimse_command_info *info = dcb_dimse_command_info(rq[i].command);

		assert_non_null(info);
		assert_int_equal(rq[i].present & info->required, info->required);
		round_trip(&rq[i], &d);
		assert_int_equal(dcb_dimse_rsp_for(&rsp, &d, 0x0000), 0);
		assert_int_equal(rsp.command, info->response);
		assert_int_equal(rsp.message_id_responded, rq[i].message_id);
		assert_false(dcb_dimse_has_data(&rsp));
		round_trip(&rsp, &d);
	}
	/* A C-CANCEL-RQ has no answer; nor has a response. */
	dcb_dimse_cancel_rq(&rq[0], 4);
	round_trip(&rq[0], &d);
	assert_int_equal(d.message_id_responded, 4);
	assert_int_equal(dcb_dimse_rsp_for(&rsp, &d, 0), DCB_ERR_USAGE);
	assert_int_equal(rsp.command, 0);
	dcb_dimse_echo_rsp(&rq[1], &rq[0], 0);
	assert_int_equal(dcb_dimse_rsp_for(&rsp, &rq[1], 0), DCB_ERR_USAGE);
}

/* The response copies what Annex E says it copies. */
static void
responses_copy_from_the_request(void **state)
{
	struct dcb_dimse_cmd rq, rsp, d;

	/* N-ACTION: Requested UIDs become Affected ones, the action type follows. */
	dcb_dimse_action_rq(&rq, 9, COMMIT, COMMIT_INST, 1, true);
	assert_int_equal(dcb_dimse_rsp_for(&rsp, &rq, 0x0000), 0);
	assert_int_equal(rsp.command, DCB_N_ACTION_RSP);
	assert_string_equal(rsp.affected_sop_class, COMMIT);
	assert_string_equal(rsp.affected_sop_instance, COMMIT_INST);
	assert_int_equal(rsp.action_type_id, 1);
	assert_int_equal(rsp.present, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS |
	                              DCB_F_AFFECTED_SOP_CLASS | DCB_F_AFFECTED_SOP_INSTANCE |
	                              DCB_F_ACTION_TYPE_ID);
	/* N-EVENT-REPORT: the event type. */
	dcb_dimse_event_report_rq(&rq, 2, COMMIT, COMMIT_INST, 2, true);
	dcb_dimse_rsp_for(&rsp, &rq, 0);
	assert_int_equal(rsp.event_type_id, 2);
	assert_true(rsp.present & DCB_F_EVENT_TYPE_ID);
	/* C-FIND-RSP: the class only; a pending one carries the match. */
	dcb_dimse_find_rq(&rq, 3, STUDY_FIND, 0);
	dcb_dimse_rsp_for(&rsp, &rq, 0xFF00);
	assert_int_equal(rsp.present, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS |
	                              DCB_F_AFFECTED_SOP_CLASS);
	rsp.data_set_type = DCB_DATASET_PRESENT;
	round_trip(&rsp, &d);
	/* C-MOVE-RSP, pending with its counts. */
	dcb_dimse_move_rq(&rq, 4, STUDY_MOVE, 0, "ARCHIVE");
	dcb_dimse_rsp_for(&rsp, &rq, 0xFF00);
	dcb_dimse_set_sub_operations(&rsp, 3, 5, 1, 2);
	round_trip(&rsp, &d);
	assert_int_equal(d.n_remaining, 3);
	assert_int_equal(d.n_warning, 2);
	/* An unknown command is answered with its command | 0x8000. */
	memset(&rq, 0, sizeof rq);
	rq.command = 0x0777;
	rq.message_id = 12;
	assert_int_equal(dcb_dimse_rsp_for(&rsp, &rq, 0x0211), 0);
	assert_int_equal(rsp.command, 0x8777);
	assert_int_equal(rsp.message_id_responded, 12);
	assert_int_equal(rsp.present, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS);
}

/* One row per command: a minimal command set that decodes, and what goes
 * wrong when each required element is left out in turn. */
struct rule_case {
	uint16_t command;
	uint16_t data_set_type;
	uint32_t required;
};

static const struct rule_case rule_cases[] = {
	{DCB_C_STORE_RQ, 0x0000, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS |
	                         DCB_F_AFFECTED_SOP_INSTANCE | DCB_F_PRIORITY},
	{DCB_C_STORE_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_C_GET_RQ, 0x0000, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS | DCB_F_PRIORITY},
	{DCB_C_GET_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_C_FIND_RQ, 0x0000, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS | DCB_F_PRIORITY},
	{DCB_C_FIND_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_C_MOVE_RQ, 0x0000, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS | DCB_F_PRIORITY |
	                        DCB_F_MOVE_DESTINATION},
	{DCB_C_MOVE_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_C_ECHO_RQ, 0x0101, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS},
	{DCB_C_ECHO_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_C_CANCEL_RQ, 0x0101, DCB_F_MESSAGE_ID_RESPONDED},
	{DCB_N_EVENT_REPORT_RQ, 0x0101, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS |
	                                DCB_F_AFFECTED_SOP_INSTANCE | DCB_F_EVENT_TYPE_ID},
	{DCB_N_EVENT_REPORT_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_N_GET_RQ, 0x0101, DCB_F_MESSAGE_ID | DCB_F_REQUESTED_SOP_CLASS |
	                       DCB_F_REQUESTED_SOP_INSTANCE},
	{DCB_N_GET_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_N_SET_RQ, 0x0000, DCB_F_MESSAGE_ID | DCB_F_REQUESTED_SOP_CLASS |
	                       DCB_F_REQUESTED_SOP_INSTANCE},
	{DCB_N_SET_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_N_ACTION_RQ, 0x0101, DCB_F_MESSAGE_ID | DCB_F_REQUESTED_SOP_CLASS |
	                          DCB_F_REQUESTED_SOP_INSTANCE | DCB_F_ACTION_TYPE_ID},
	{DCB_N_ACTION_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_N_CREATE_RQ, 0x0101, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS},
	{DCB_N_CREATE_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
	{DCB_N_DELETE_RQ, 0x0101, DCB_F_MESSAGE_ID | DCB_F_REQUESTED_SOP_CLASS |
	                          DCB_F_REQUESTED_SOP_INSTANCE},
	{DCB_N_DELETE_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS},
};

/* A command set with every field filled, then cut down to the given ones. */
static void
full_command(struct dcb_dimse_cmd *c, uint16_t command, uint16_t dst, uint32_t present)
{
	memset(c, 0, sizeof *c);
	c->command = command;
	c->data_set_type = dst;
	c->present = present;
	strcpy(c->affected_sop_class, CT);
	strcpy(c->affected_sop_instance, INST);
	strcpy(c->requested_sop_class, MPPS);
	strcpy(c->requested_sop_instance, INST);
	strcpy(c->move_destination, "DEST");
	c->message_id = 5;
	c->message_id_responded = 4;
	c->event_type_id = 1;
	c->action_type_id = 2;
}

static void
required_elements_per_command(void **state)
{
	const size_t n_cases = sizeof rule_cases / sizeof rule_cases[0];
	unsigned responses = 0;

	for (size_t i = 0; i < n_cases; i++) {
		const struct rule_case *rc = &rule_cases[i];
		struct dcb_dimse_cmd c;
		uint8_t buf[1024];
		size_t n;

		/* The table says what Annex E says. */
		assert_int_equal(dcb_dimse_command_info(rc->command)->required, rc->required);
		full_command(&c, rc->command, rc->data_set_type, rc->required);
		n = enc(&c, buf, sizeof buf);
		expect_decode(buf, n, 0, NULL);
		for (uint32_t bit = 1; bit != 0; bit <<= 1) {
			if (!(rc->required & bit))
				continue;
			full_command(&c, rc->command, rc->data_set_type, rc->required & ~bit);
			n = enc(&c, buf, sizeof buf);
			expect_decode(buf, n, DCB_ERR_PROTOCOL, "lacks the required element");
		}
		/* The data set: required ones refuse 0x0101, forbidden ones 0x0000. */
		full_command(&c, rc->command, rc->data_set_type == 0x0101 ? 0x0000 : 0x0101,
		             rc->required);
		n = enc(&c, buf, sizeof buf);
		switch (dcb_dimse_command_info(rc->command)->data) {
		case DCB_DIMSE_DATA_OPTIONAL:
			expect_decode(buf, n, 0, NULL);
			break;
		case DCB_DIMSE_DATA_REQUIRED:
			expect_decode(buf, n, DCB_ERR_PROTOCOL, "no data set follows");
			break;
		case DCB_DIMSE_DATA_FORBIDDEN:
			expect_decode(buf, n, DCB_ERR_PROTOCOL, "announces a data set");
			break;
		}
		responses += dcb_dimse_is_response(rc->command);
	}
	assert_int_equal(n_cases, 23);
	assert_int_equal(responses, 11);
}

static void
conditional_rules_are_notes(void **state)
{
	struct dcb_dimse_cmd c, d;
	struct dcb_error err;
	uint8_t buf[1024];
	size_t n;

	/* A pending C-MOVE-RSP without its sub-operation counts. */
	full_command(&c, DCB_C_MOVE_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS);
	c.status = 0xFF00;
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_true(d.notes & DCB_DIMSE_NOTE_CONDITIONAL);
	dcb_dimse_set_sub_operations(&c, 1, 0, 0, 0);
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_false(d.notes & DCB_DIMSE_NOTE_CONDITIONAL);
	/* A pending C-FIND-RSP without its match; a final one with a data set. */
	full_command(&c, DCB_C_FIND_RSP, 0x0101, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS);
	c.status = 0xFF01;
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_true(d.notes & DCB_DIMSE_NOTE_CONDITIONAL);
	c.status = 0x0000;
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_false(d.notes & DCB_DIMSE_NOTE_CONDITIONAL);
	c.data_set_type = 0x0000;
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_true(d.notes & DCB_DIMSE_NOTE_CONDITIONAL);
	/* An element the command does not use is kept, and noted. */
	full_command(&c, DCB_C_ECHO_RQ, 0x0101,
	             DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS | DCB_F_ACTION_TYPE_ID);
	n = enc(&c, buf, sizeof buf);
	assert_int_equal(dcb_dimse_decode(buf, n, &d, &err), 0);
	assert_int_equal(d.notes, DCB_DIMSE_NOTE_UNKNOWN_ELEMENT);
	assert_int_equal(d.action_type_id, 2);
}

static void
unknown_command_decodes(void **state)
{
	struct dcb_dimse_cmd d, rsp;
	struct dcb_error err;
	uint8_t b[256];
	size_t n;
	static const uint8_t none[] = {0x01, 0x01};
	static const uint8_t has[] = {0x00, 0x00};

	n = el(b, 0, 0, 0x0002, CT "\0", 26);
	n = el(b, n, 0, 0x0100, "\x77\x07", 2);
	n = el(b, n, 0, 0x0110, "\x21\x00", 2);
	n = el(b, n, 0, 0x0800, has, 2);
	assert_int_equal(dcb_dimse_decode(b, n, &d, &err), 0);
	assert_int_equal(d.command, 0x0777);
	assert_int_equal(d.notes & DCB_DIMSE_NOTE_UNKNOWN_COMMAND, DCB_DIMSE_NOTE_UNKNOWN_COMMAND);
	assert_true(dcb_dimse_has_data(&d));
	assert_null(dcb_dimse_command_info(d.command));
	assert_string_equal(dcb_dimse_command_name(d.command), "unknown");
	assert_int_equal(dcb_dimse_unsupported_status(&d, true), 0x0211);
	assert_int_equal(dcb_dimse_unsupported_status(&d, false), 0x0211);
	assert_int_equal(dcb_dimse_rsp_for(&rsp, &d, dcb_dimse_unsupported_status(&d, true)), 0);
	assert_int_equal(rsp.command, 0x8777);
	assert_int_equal(rsp.message_id_responded, 0x21);
	assert_string_equal(rsp.affected_sop_class, CT);
	/* Without Command Data Set Type nobody knows whether data follow. */
	n = el(b, 0, 0, 0x0100, "\x77\x07", 2);
	expect_decode(b, n, DCB_ERR_PROTOCOL, "CommandDataSetType");
	/* Known commands: 0x0211 unless the class is the issue. */
	n = el(b, 0, 0, 0x0100, "\x01\x00", 2);
	n = el(b, n, 0, 0x0800, none, 2);
	memset(&d, 0, sizeof d);
	d.command = DCB_C_FIND_RQ;
	assert_int_equal(dcb_dimse_unsupported_status(&d, true), 0x0211);
	assert_int_equal(dcb_dimse_unsupported_status(&d, false), 0x0122);
	d.command = DCB_N_ACTION_RQ;
	assert_int_equal(dcb_dimse_unsupported_status(&d, false), 0x0118);
}

/* An N-ACTION-RQ as a storage commitment SCU sends it: message ID 7,
 * action type 1, a data set following; returns its length. */
static size_t
n_action_bytes(uint8_t *b)
{
	size_t n;

	n = el(b, 0, 0, 0x0003, COMMIT "\0", 20);
	n = el(b, n, 0, 0x0100, "\x30\x01", 2);
	n = el(b, n, 0, 0x0110, "\x07\x00", 2);
	n = el(b, n, 0, 0x0800, "\xfe\xfe", 2);
	n = el(b, n, 0, 0x1001, COMMIT_INST, 22);
	n = el(b, n, 0, 0x1008, "\x01\x00", 2);
	return n;
}

/* An N-ACTION-RQ as a storage commitment SCU sends it, byte by byte. */
static void
n_action_decodes(void **state)
{
	struct dcb_dimse_cmd d;
	struct dcb_error err;
	uint8_t b[256];
	char text[1024];
	size_t n;

	n = n_action_bytes(b);
	assert_int_equal(dcb_dimse_decode(b, n, &d, &err), 0);
	assert_int_equal(d.command, DCB_N_ACTION_RQ);
	assert_string_equal(dcb_dimse_command_name(d.command), "N-ACTION-RQ");
	assert_string_equal(d.requested_sop_class, COMMIT);
	assert_string_equal(d.requested_sop_instance, COMMIT_INST);
	assert_int_equal(d.action_type_id, 1);
	assert_int_equal(d.message_id, 7);
	assert_true(dcb_dimse_has_data(&d));
	assert_int_equal(d.notes, DCB_DIMSE_NOTE_NO_GROUP_LENGTH);
	dcb_dimse_summary(&d, text, sizeof text);
	assert_string_equal(text, "N-ACTION-RQ id 7 · StorageCommitmentPushModel · " COMMIT_INST
	                          " · action type 1");
	dcb_dimse_dump(&d, text, sizeof text);
	assert_non_null(strstr(text, "(0000,0003) UI RequestedSOPClassUID " COMMIT "\n"));
	assert_non_null(strstr(text, "(0000,1001) UI RequestedSOPInstanceUID " COMMIT_INST "\n"));
	assert_non_null(strstr(text, "(0000,1008) US ActionTypeID 1\n"));
	/* Without the Action Type ID it is refused. */
	n = el(b, 0, 0, 0x0003, COMMIT "\0", 20);
	n = el(b, n, 0, 0x0100, "\x30\x01", 2);
	n = el(b, n, 0, 0x0110, "\x07\x00", 2);
	n = el(b, n, 0, 0x0800, "\x01\x01", 2);
	n = el(b, n, 0, 0x1001, COMMIT_INST, 22);
	expect_decode(b, n, DCB_ERR_PROTOCOL,
	              "N-ACTION-RQ lacks the required element (0000,1008) ActionTypeID");
}

/* The trace names the SOP class an N-ACTION-RQ is about from its
 * Requested SOP Class UID (it has no Affected one): the ladder links the
 * N-EVENT-REPORT-RQ that answers it on that class. */
static void
n_action_traced_with_its_class(void **state)
{
	struct dcb_trace_msg t;
	uint8_t b[256], hdr[DCB_PDU_HEADER + DCB_PDV_HEADER];
	char words[256];
	size_t n;

	n = n_action_bytes(b);
	memset(hdr, 0, sizeof hdr);
	hdr[0] = DCB_PDU_P_DATA_TF;
	hdr[5] = (uint8_t)(n + DCB_PDV_HEADER);
	hdr[9] = (uint8_t)(n + 2);
	hdr[10] = 1;
	hdr[11] = DCB_MCH_COMMAND | DCB_MCH_LAST;
	struct iovec iov[] = {{hdr, sizeof hdr}, {b, n}};
	dcb_trace_msg_init(&t);
	dcb_trace_msg_iov(&t, iov, 2);
	assert_true(t.pdu.known);
	assert_int_equal(t.pdu.command, DCB_N_ACTION_RQ);
	assert_string_equal(t.pdu.sop_class_uid, COMMIT);
	assert_string_equal(t.pdu.sop_instance_uid, COMMIT_INST);
	dcb_trace_msg_words(&t.pdu, words, sizeof words);
	assert_string_equal(words, "N-ACTION-RQ ID=7 Storage Commitment Push Model SOP Class");
}

static void
new_fields_in_words(void **state)
{
	struct dcb_dimse_cmd c;
	static const uint32_t attrs[] = {0x00100010, 0x00400270};
	char text[2048];

	dcb_dimse_move_rq(&c, 4, STUDY_MOVE, DCB_PRIORITY_HIGH, "ARCHIVE");
	dcb_dimse_summary(&c, text, sizeof text);
	assert_string_equal(text, "C-MOVE-RQ id 4 · StudyRootQueryRetrieveInformationModelMove"
	                          " · priority high · to ARCHIVE");
	dcb_dimse_dump(&c, text, sizeof text);
	assert_non_null(strstr(text, "(0000,0600) AE MoveDestination \"ARCHIVE\"\n"));
	dcb_dimse_rsp_for(&c, &c, 0xB000);
	dcb_dimse_set_sub_operations(&c, 0, 5, 1, 2);
	dcb_dimse_summary(&c, text, sizeof text);
	assert_string_equal(text, "C-MOVE-RSP for id 4 · 0xb000 Warning: sub-operations "
	                          "complete, one or more failures or warnings · sub-operations: "
	                          "0 remaining, 5 completed, 1 failed, 2 with warnings");
	dcb_dimse_dump(&c, text, sizeof text);
	assert_non_null(strstr(text, "(0000,1020) US NumberOfRemainingSuboperations 0\n"
	                             "(0000,1021) US NumberOfCompletedSuboperations 5\n"
	                             "(0000,1022) US NumberOfFailedSuboperations 1\n"
	                             "(0000,1023) US NumberOfWarningSuboperations 2\n"));
	dcb_dimse_n_get_rq(&c, 8, MPPS, INST, attrs, 2);
	dcb_dimse_dump(&c, text, sizeof text);
	assert_non_null(strstr(text, "(0000,1005) AT AttributeIdentifierList (0010,0010) "
	                             "(0040,0270)\n"));
	dcb_dimse_event_report_rq(&c, 9, COMMIT, COMMIT_INST, 2, true);
	dcb_dimse_summary(&c, text, sizeof text);
	assert_string_equal(text, "N-EVENT-REPORT-RQ id 9 · StorageCommitmentPushModel · "
	                          COMMIT_INST " · event type 2");
}

/* Status names: the general ones, and a service's own meaning of a code. */
static const struct {
	uint16_t command;
	uint16_t status;
	const char *text;
} status_texts[] = {
	{0, 0xA801, "Refused: move destination unknown"},
	{0, 0xA701, "Refused: out of resources, unable to calculate the number of matches"},
	{0, 0xA702, "Refused: out of resources, unable to perform sub-operations"},
	{0, 0x0131, "Duplicate transaction UID"},
	{0, 0x0213, "Resource limitation"},
	{0, 0xB000, "Warning: coercion of data elements"},
	{DCB_C_GET_RSP, 0xB000, "Warning: sub-operations complete, one or more failures or "
	                        "warnings"},
	{DCB_C_STORE_RSP, 0xA900, "Error: data set does not match SOP class"},
	{DCB_C_FIND_RSP, 0xA900, "Error: identifier does not match SOP class"},
	{DCB_C_FIND_RSP, 0xC001, "Failed: unable to process"},
	{DCB_C_STORE_RSP, 0xC001, "Error: cannot understand"},
	{DCB_C_FIND_RSP, 0xFE00, "Cancel: matching terminated"},
	{DCB_C_MOVE_RQ, 0xFE00, "Cancel: sub-operations terminated"},
	{DCB_C_MOVE_RSP, 0xFF00, "Pending: sub-operations are continuing"},
	{DCB_N_ACTION_RSP, 0xFF00, "Pending"},
	{DCB_C_FIND_RSP, 0x0122, "Refused: SOP class not supported"},
};

static void
service_status_names(void **state)
{
	for (size_t i = 0; i < sizeof status_texts / sizeof status_texts[0]; i++) {
		assert_string_equal(dcb_dimse_status_name_for(status_texts[i].command,
		                                              status_texts[i].status),
		                    status_texts[i].text);
		if (status_texts[i].command == 0)
			assert_string_equal(dcb_dimse_status_name(status_texts[i].status),
			                    status_texts[i].text);
	}
}

/* An AT list longer than kept is cut and noted; encode refuses a count
 * past the array. */
static void
attribute_list_bounds(void **state)
{
	struct dcb_dimse_cmd c, d;
	struct dcb_error err;
	uint8_t *b = malloc(8192);
	uint8_t tags[4 * (DCB_DIMSE_MAX_ATTRIBUTE_IDS + 1)];
	size_t n;

	for (size_t i = 0; i < sizeof tags; i++)
		tags[i] = (uint8_t)i;
	n = el(b, 0, 0, 0x0003, MPPS "\0", 24);
	n = el(b, n, 0, 0x0100, "\x10\x01", 2);
	n = el(b, n, 0, 0x0110, "\x07\x00", 2);
	n = el(b, n, 0, 0x0800, "\x01\x01", 2);
	n = el(b, n, 0, 0x1001, INST "\0", 14);
	n = el(b, n, 0, 0x1005, tags, sizeof tags);
	assert_int_equal(dcb_dimse_decode(b, n, &d, &err), 0);
	assert_int_equal(d.n_attribute_ids, DCB_DIMSE_MAX_ATTRIBUTE_IDS);
	assert_true(d.notes & DCB_DIMSE_NOTE_LIST_CUT);
	assert_int_equal(d.attribute_ids[1], 0x05040706);
	n = el(b, 0, 0, 0x1005, tags, 6);
	expect_decode(b, n, DCB_ERR_MALFORMED, "AT values have 4 bytes each");
	c = d;
	c.n_attribute_ids = DCB_DIMSE_MAX_ATTRIBUTE_IDS + 1;
	assert_int_equal(dcb_dimse_encode(&c, b, 8192, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "AttributeIdentifierList"));
	free(b);
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
		cmocka_unit_test(every_message_round_trips),
		cmocka_unit_test(responses_copy_from_the_request),
		cmocka_unit_test(required_elements_per_command),
		cmocka_unit_test(conditional_rules_are_notes),
		cmocka_unit_test(unknown_command_decodes),
		cmocka_unit_test(n_action_decodes),
		cmocka_unit_test(n_action_traced_with_its_class),
		cmocka_unit_test(new_fields_in_words),
		cmocka_unit_test(service_status_names),
		cmocka_unit_test(attribute_list_bounds),
		cmocka_unit_test(fragment_and_reassemble),
		cmocka_unit_test(rx_protocol_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
