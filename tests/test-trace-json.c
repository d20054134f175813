/* test-trace-json.c — events as JSON Lines (trace-json.c): the exact line
 * written for one event of each kind, string escapes, and the fallbacks
 * for an unknown kind or log level. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/trace-json.h"

#define HEAD_SCU "{\"time\":\"2026-11-27T22:00:00.123Z\",\"side\":\"scu\",\"assoc\":4294967295,"
#define HEAD_SCP "{\"time\":\"1970-01-01T00:00:00.005Z\",\"side\":\"scp\",\"assoc\":7,"

/* An event of kind with the time 2026-11-27T22:00:00.123Z, side SCU and
 * the largest association id. */
static struct dcb_event
event(enum dcb_event_kind kind)
{
	struct dcb_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.side = DCB_SIDE_SCU;
	ev.assoc_id = UINT32_MAX;
	ev.time.tv_sec = 1795816800; /* 2026-11-27 22:00:00 UTC */
	ev.time.tv_nsec = 123999999;
	return ev;
}

/* Writes ev and checks the line is want. */
static void
check(const struct dcb_event *ev, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(dcb_trace_json_write(f, ev), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, want);
	free(buf);
}

static void
log_and_error(void **state)
{
	struct dcb_event ev = event(DCB_EV_LOG);

	(void)state;
	ev.u.log.level = DCB_LOG_DEBUG;
	strcpy(ev.u.log.text, "hello");
	check(&ev, HEAD_SCU "\"kind\":\"log\",\"level\":\"debug\",\"text\":\"hello\"}\n");
	ev.u.log.level = DCB_LOG_TRACE;
	check(&ev, HEAD_SCU "\"kind\":\"log\",\"level\":\"trace\",\"text\":\"hello\"}\n");
	ev.u.log.level = (enum dcb_log_level)9; /* out of range: "info" */
	check(&ev, HEAD_SCU "\"kind\":\"log\",\"level\":\"info\",\"text\":\"hello\"}\n");

	ev = event(DCB_EV_ERROR);
	ev.u.error.level = DCB_LOG_ERROR;
	strcpy(ev.u.error.text, "connection refused");
	check(&ev, HEAD_SCU "\"kind\":\"error\",\"level\":\"error\","
	           "\"text\":\"connection refused\"}\n");
}

static void
listening(void **state)
{
	struct dcb_event ev = event(DCB_EV_LISTENING);

	(void)state;
	strcpy(ev.u.listening.address, "0.0.0.0:11112");
	ev.u.listening.tls = true;
	strcpy(ev.u.listening.ae_title, "STORESCP");
	check(&ev, HEAD_SCU "\"kind\":\"listening\",\"address\":\"0.0.0.0:11112\",\"tls\":true,"
	           "\"ae_title\":\"STORESCP\"}\n");
}

static void
assoc_state(void **state)
{
	struct dcb_event ev = event(DCB_EV_ASSOC_STATE);

	(void)state;
	ev.u.assoc.state = 13;
	strcpy(ev.u.assoc.peer, "[::1]:40000");
	strcpy(ev.u.assoc.calling_ae, "STORESCU");
	strcpy(ev.u.assoc.called_ae, "ANY-SCP");
	check(&ev, HEAD_SCU "\"kind\":\"assoc_state\",\"state\":13,\"peer\":\"[::1]:40000\","
	           "\"calling_ae\":\"STORESCU\",\"called_ae\":\"ANY-SCP\",\"reason\":\"\"}\n");
}

static void
pdu(void **state)
{
	struct dcb_event ev = event(DCB_EV_PDU);

	(void)state;
	ev.u.pdu.outgoing = true;
	ev.u.pdu.type = 0x04;
	ev.u.pdu.length = 0x12345678;
	strcpy(ev.u.pdu.summary, "P-DATA-TF");
	ev.u.pdu.raw_len = 3; /* raw bytes are not written */
	memcpy(ev.u.pdu.raw, "\x04\x00\x00", 3);
	ev.u.pdu.repeat = 1;
	check(&ev, HEAD_SCU "\"kind\":\"pdu\",\"outgoing\":true,\"type\":4,"
	           "\"length\":305419896,\"repeat\":1,\"summary\":\"P-DATA-TF\"}\n");
}

/* A P-DATA-TF names the DIMSE message it carries. */
static void
pdu_dimse(void **state)
{
	struct dcb_event ev = event(DCB_EV_PDU);

	(void)state;
	ev.u.pdu.type = 0x04;
	ev.u.pdu.length = 170;
	ev.u.pdu.repeat = 1;
	strcpy(ev.u.pdu.summary, "P-DATA-TF C-STORE-RSP ID=7 (Success)");
	ev.u.pdu.dimse.known = true;
	ev.u.pdu.dimse.has_command = true;
	ev.u.pdu.dimse.has_status = true;
	ev.u.pdu.dimse.command = 0x8001;
	ev.u.pdu.dimse.message_id = 7;
	strcpy(ev.u.pdu.dimse.sop_class_uid, "1.2.840.10008.5.1.4.1.1.2");
	strcpy(ev.u.pdu.dimse.sop_instance_uid, "1.2.3");
	check(&ev, HEAD_SCU "\"kind\":\"pdu\",\"outgoing\":false,\"type\":4,"
	           "\"length\":170,\"repeat\":1,"
	           "\"summary\":\"P-DATA-TF C-STORE-RSP ID=7 (Success)\","
	           "\"dimse\":{\"command_name\":\"C-STORE-RSP\",\"command\":32769,"
	           "\"message_id\":7,\"has_command\":true,\"is_data\":false,"
	           "\"has_status\":true,\"status\":0,"
	           "\"sop_class_uid\":\"1.2.840.10008.5.1.4.1.1.2\","
	           "\"sop_instance_uid\":\"1.2.3\",\"move_originator_ae\":\"\","
	           "\"move_originator_id\":0}}\n");
}

static void
context(void **state)
{
	struct dcb_event ev = event(DCB_EV_CONTEXT);

	(void)state;
	ev.u.context.id = 255;
	ev.u.context.accepted = false;
	ev.u.context.result = 4;
	strcpy(ev.u.context.abstract_syntax, "1.2.840.10008.5.1.4.1.1.2");
	strcpy(ev.u.context.transfer_syntax, "1.2.840.10008.1.2.1");
	check(&ev, HEAD_SCU "\"kind\":\"context\",\"id\":255,\"accepted\":false,\"result\":4,"
	           "\"abstract_syntax\":\"1.2.840.10008.5.1.4.1.1.2\","
	           "\"transfer_syntax\":\"1.2.840.10008.1.2.1\"}\n");
}

static void
tls(void **state)
{
	struct dcb_event ev = event(DCB_EV_TLS);

	(void)state;
	ev.u.tls.ok = true;
	strcpy(ev.u.tls.version, "TLS1.3");
	strcpy(ev.u.tls.cipher, "AES-256-GCM");
	strcpy(ev.u.tls.peer_subject, "CN=peer");
	strcpy(ev.u.tls.peer_issuer, "CN=ca");
	strcpy(ev.u.tls.verify, "trusted");
	strcpy(ev.u.tls.own_subject, "CN=me"); /* the own certificate is not written */
	strcpy(ev.u.tls.peer_fingerprint, "AB:CD");
	check(&ev, HEAD_SCU "\"kind\":\"tls\",\"ok\":true,\"version\":\"TLS1.3\","
	           "\"cipher\":\"AES-256-GCM\",\"peer_subject\":\"CN=peer\","
	           "\"peer_issuer\":\"CN=ca\",\"verify\":\"trusted\"}\n");
}

static void
progress(void **state)
{
	struct dcb_event ev = event(DCB_EV_PROGRESS);

	(void)state;
	strcpy(ev.u.progress.name, "IM000001");
	ev.u.progress.done = UINT64_C(1) << 40;
	ev.u.progress.total = UINT64_MAX;
	ev.u.progress.job_done = 5; /* the job's bytes are not written */
	check(&ev, HEAD_SCU "\"kind\":\"progress\",\"name\":\"IM000001\","
	           "\"done\":1099511627776,\"total\":18446744073709551615}\n");
}

static void
stored(void **state)
{
	struct dcb_event ev = event(DCB_EV_STORED);

	(void)state;
	strcpy(ev.u.stored.path, "out/CT.1.2.3");
	strcpy(ev.u.stored.sop_class_uid, "1.2.840.10008.5.1.4.1.1.2");
	strcpy(ev.u.stored.sop_instance_uid, "1.2.3");
	strcpy(ev.u.stored.transfer_syntax_uid, "1.2.840.10008.1.2");
	ev.u.stored.bytes = UINT64_C(5000000000);
	check(&ev, HEAD_SCU "\"kind\":\"stored\",\"path\":\"out/CT.1.2.3\","
	           "\"sop_class_uid\":\"1.2.840.10008.5.1.4.1.1.2\","
	           "\"sop_instance_uid\":\"1.2.3\","
	           "\"transfer_syntax_uid\":\"1.2.840.10008.1.2\",\"bytes\":5000000000}\n");
}

static void
file_result(void **state)
{
	struct dcb_event ev = event(DCB_EV_FILE_RESULT);

	(void)state;
	strcpy(ev.u.file.path, "a/b.dcm");
	ev.u.file.ok = true;
	ev.u.file.status = 0xffff;
	strcpy(ev.u.file.reason, "no response");
	ev.u.file.bytes = 70000;
	check(&ev, HEAD_SCU "\"kind\":\"file_result\",\"path\":\"a/b.dcm\",\"ok\":true,"
	           "\"status\":65535,\"reason\":\"no response\",\"bytes\":70000}\n");
}

static void
finding(void **state)
{
	struct dcb_event ev = event(DCB_EV_FINDING);

	(void)state;
	strcpy(ev.u.finding.code, "DCB021");
	ev.u.finding.severity = DCB_SEV_ERROR;
	ev.u.finding.offset = 128; /* offset and tag are not written */
	ev.u.finding.tag = 0x00080018;
	strcpy(ev.u.finding.where, "(0008,0018)");
	strcpy(ev.u.finding.message, "invalid UID");
	check(&ev, HEAD_SCU "\"kind\":\"finding\",\"code\":\"DCB021\",\"severity\":2,"
	           "\"where\":\"(0008,0018)\",\"message\":\"invalid UID\"}\n");
}

static void
job_done(void **state)
{
	struct dcb_event ev = event(DCB_EV_JOB_DONE);

	(void)state;
	ev.u.done.ok = 4000000000u;
	ev.u.done.failed = 1;
	ev.u.done.warnings = 2;
	ev.u.done.bytes = UINT64_C(1) << 33;
	ev.u.done.seconds = 12.25;
	check(&ev, HEAD_SCU "\"kind\":\"job_done\",\"ok\":4000000000,\"failed\":1,"
	           "\"warnings\":2,\"bytes\":8589934592,\"seconds\":12.250}\n");
	/* the job it belongs to, after the association */
	ev.job = 3;
	check(&ev, "{\"time\":\"2026-11-27T22:00:00.123Z\",\"side\":\"scu\",\"assoc\":4294967295,"
	           "\"job\":3,\"kind\":\"job_done\",\"ok\":4000000000,\"failed\":1,"
	           "\"warnings\":2,\"bytes\":8589934592,\"seconds\":12.250}\n");
}

/* A DIMSE message of any service: the same fields. */
static void
message(void **state)
{
	struct dcb_event ev = event(DCB_EV_MESSAGE);

	(void)state;
	ev.u.message.outgoing = true;
	ev.u.message.pcid = 3;
	ev.u.message.has_data = true;
	strcpy(ev.u.message.summary, "N-ACTION-RQ ID=1 action 1");
	ev.u.message.dimse.known = true;
	ev.u.message.dimse.has_command = true;
	ev.u.message.dimse.command = 0x0130;
	ev.u.message.dimse.message_id = 1;
	strcpy(ev.u.message.dimse.sop_class_uid, "1.2.840.10008.1.20.1");
	strcpy(ev.u.message.dimse.sop_instance_uid, "1.2.840.10008.1.20.1.1");
	check(&ev, HEAD_SCU "\"kind\":\"message\",\"outgoing\":true,\"pcid\":3,"
	           "\"has_data\":true,\"summary\":\"N-ACTION-RQ ID=1 action 1\","
	           "\"dimse\":{\"command_name\":\"N-ACTION-RQ\",\"command\":304,"
	           "\"message_id\":1,\"has_command\":true,\"is_data\":false,"
	           "\"has_status\":false,\"status\":0,"
	           "\"sop_class_uid\":\"1.2.840.10008.1.20.1\","
	           "\"sop_instance_uid\":\"1.2.840.10008.1.20.1.1\",\"move_originator_ae\":\"\","
	           "\"move_originator_id\":0}}\n");
}

static void
unknown_kind(void **state)
{
	struct dcb_event ev = event((enum dcb_event_kind)99);

	(void)state;
	check(&ev, HEAD_SCU "\"kind\":\"unknown\"}\n");
}

static void
escapes(void **state)
{
	struct dcb_event ev = {.kind = DCB_EV_LOG, .side = DCB_SIDE_SCP, .assoc_id = 7};

	(void)state;
	ev.time.tv_sec = 0;
	ev.time.tv_nsec = 5000000;
	ev.u.log.level = DCB_LOG_WARN;
	strcpy(ev.u.log.text, "a \"quoted\" \\ path\tand\nline \xc3\xa4\x1f");
	check(&ev, HEAD_SCP "\"kind\":\"log\",\"level\":\"warn\",\"text\":\"a \\\"quoted\\\" "
	           "\\\\ path\\u0009and\\u000aline \xc3\xa4\\u001f\"}\n");
}

static void
write_fails(void **state)
{
	struct dcb_event ev = event(DCB_EV_PROGRESS);
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0); /* so the write itself fails, not the close */
	assert_int_equal(dcb_trace_json_write(f, &ev), -1);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(log_and_error), cmocka_unit_test(listening),
	        cmocka_unit_test(assoc_state),   cmocka_unit_test(pdu),
	        cmocka_unit_test(pdu_dimse),
	        cmocka_unit_test(context),       cmocka_unit_test(tls),
	        cmocka_unit_test(progress),      cmocka_unit_test(stored),
	        cmocka_unit_test(file_result),   cmocka_unit_test(finding),
	        cmocka_unit_test(job_done),      cmocka_unit_test(unknown_kind),
	        cmocka_unit_test(message),
	        cmocka_unit_test(escapes),       cmocka_unit_test(write_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
