/* hostile-cases-dimse.c — hostile requestor cases about the DIMSE
 * messages: UIDs and AE titles meant to escape the output folder, command
 * sets that are incomplete, malformed or on the wrong context, fragments
 * out of order (hostile-cases.h). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostile-cases.h"
#include "hostile-wire.h"

static void
uid_case(const char *inst, size_t len)
{
	struct store_cmd s = {.inst = inst, .inst_len = len};

	associate();
	send_store(&s, GOOD_INSTANCE);
	expect_status(false, "a C-STORE-RQ with a hostile SOP Instance UID");
	release();
}

/* A UID too long for a command set's UI element: the command itself is
 * malformed, so an A-ABORT is as right as a failure status. */
void
c_uid_long(void)
{
	char u[201];
	struct store_cmd s = {.inst = u};

	for (int i = 0; i < 200; i++)
		u[i] = i % 2 ? '.' : '1';
	u[199] = '1';
	u[200] = '\0';
	associate();
	send_store(&s, GOOD_INSTANCE);
	expect_abort_or_failure("a C-STORE-RQ with a SOP Instance UID of 200 characters");
}

void
c_uid_dotdot(void)
{
	uid_case("..", 0);
}
void
c_uid_dotdot_x(void)
{
	uid_case("../x", 0);
}
void
c_uid_dotdot_deep(void)
{
	uid_case("../../../../../../tmp/dcb-hostile-escape", 0);
}
void
c_uid_abs(void)
{
	uid_case("/tmp/dcb-hostile-abs", 0);
}
void
c_uid_backslash(void)
{
	uid_case("..\\..\\x", 0);
}
void
c_uid_nul(void)
{
	uid_case("1.2.3\0/../../x", 14);
}
void
c_uid_trailing_dot(void)
{
	uid_case("1.2.", 0);
}

/* A request no service of the SCP takes, on the accepted CT context:
 * command field, whether an identifier follows, the status that must
 * come back.  Then a C-STORE on the same association must still succeed. */
static void
unsupported_case(unsigned command, bool with_data, unsigned want, const char *what)
{
	struct buf c = {0}, body = {0}, d = {0};
	struct store_cmd s = {0};
	int type, st;
	char line[200];

	/* the N-services name the Requested SOP Class, the others the Affected */
	el_uid(&body, 0, command == 0x0130 ? 0x0003 : 0x0002, GOOD_CLASS);
	el_us(&body, 0, 0x0100, command);
	el_us(&body, 0, 0x0110, 9);
	if (command == 0x0020)
		el_us(&body, 0, 0x0700, 0); /* C-FIND: Priority */
	if (command == 0x0130) {
		el_us(&body, 0, 0x0800, 0x0101);
		el_uid(&body, 0, 0x1001, GOOD_INSTANCE); /* N-ACTION: Requested SOP Instance */
		el_us(&body, 0, 0x1008, 1);             /* Action Type ID */
	} else {
		el_us(&body, 0, 0x0800, with_data ? 0x0000 : 0x0101);
	}
	with_group_length(&c, &body);
	associate();
	pdata(1, 0x03, c.d, c.n);
	if (with_data) {
		el(&d, 0x0010, 0x0010, "DOE*", 4);
		pdata(1, 0x02, d.d, d.n);
	}
	st = read_status(&type);
	if (st != (int)want)
		bad("%s answered with %s 0x%04x, not status 0x%04x", what,
		    st < 0 ? pdu_name(type) : "status", st < 0 ? 0 : st, want);
	snprintf(line, sizeof line, "%s answered with status 0x%04x", what, want);
	ok(line);
	send_store(&s, GOOD_INSTANCE);
	expect_status(true, "a C-STORE-RQ on the same association afterwards");
	release();
	free(c.d);
	free(body.d);
	free(d.d);
}

void
c_n_action_unsupported(void)
{
	unsupported_case(0x0130, false, 0x0211, "an N-ACTION-RQ on the CT context");
}
void
c_find_unsupported(void)
{
	unsupported_case(0x0020, true, 0x0211, "a C-FIND-RQ with an identifier on the CT context");
}
void
c_command_unknown(void)
{
	unsupported_case(0x7777, false, 0x0211, "a Command Field of 0x7777");
}

/* The command names another instance than its data set: stored as sent
 * (the sender's UIDs are its business), with the finding DCB502. */
void
c_store_instance_mismatch(void)
{
	struct store_cmd s = {.inst = "1.2.826.0.1.3680043.9.7433.99.2"};

	associate();
	send_store(&s, GOOD_INSTANCE);
	expect_status(true, "a C-STORE-RQ whose instance UID differs from its data set's");
	release();
}

void
c_class_dotdot(void)
{
	struct store_cmd s = {.cls = "../../x"};

	associate();
	send_store(&s, GOOD_INSTANCE);
	expect_status(false, "a C-STORE-RQ whose Affected SOP Class UID is ../../x");
	release();
}

/* Peer values that do go into the file (calling AE title into the meta
 * header): the object is stored inside the output folder. */
void
c_ae_dotdot(void)
{
	struct store_cmd s = {0};

	associate_as("../../../tmp/x");
	send_store(&s, GOOD_INSTANCE);
	expect_status(true, "a C-STORE-RQ from calling AE title ../../../tmp/x");
	release();
}

void
c_cmd_not_last(void)
{
	/* a command fragment without the last flag, followed by data */
	struct buf c = {0}, d = {0};
	struct store_cmd s = {0};

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x01, c.d, c.n);
	pdata(1, 0x02, d.d, d.n);
	free(c.d);
	free(d.d);
	expect_abort_or_failure("a data set PDV while the command was not complete");
}

void
c_data_last_then_more(void)
{
	/* the data set marked complete, then another data fragment */
	struct buf c = {0}, d = {0};
	struct store_cmd s = {0};
	int type, st;

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x02, d.d, d.n);
	st = read_status(&type);
	if (st != 0)
		bad("the well-formed C-STORE before the stray fragment failed (%s, status %d)",
		    pdu_name(type), st);
	pdata(1, 0x02, d.d, d.n);
	free(c.d);
	free(d.d);
	expect_pdu(7, "a data set fragment after the last one");
}

void
c_cmd_flag_twice(void)
{
	/* two command fragments both marked last (no data between) */
	struct buf c = {0};
	struct store_cmd s = {0};

	associate();
	build_store_cmd(&c, &s);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x03, c.d, c.n);
	free(c.d);
	expect_abort_or_failure("a second command while a data set was expected");
}

void
c_cmd_without_data(void)
{
	struct store_cmd s = {.data_set_type = 0x0101};
	struct buf c = {0};

	associate();
	build_store_cmd(&c, &s);
	pdata(1, 0x03, c.d, c.n);
	free(c.d);
	expect_abort_or_failure("a C-STORE-RQ saying no data set follows");
}

void
c_data_without_cmd(void)
{
	struct buf d = {0};

	associate();
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x02, d.d, d.n);
	free(d.d);
	expect_abort_or_failure("a data set without a command");
}

static void
dimse_case(const struct store_cmd *s, const char *what)
{
	associate();
	send_store(s, GOOD_INSTANCE);
	expect_abort_or_failure(what);
}

void
c_cmd_no_instance(void)
{
	struct store_cmd s = {.omit_instance = true};
	dimse_case(&s, "a C-STORE-RQ without Affected SOP Instance UID");
}

void
c_cmd_no_class(void)
{
	struct store_cmd s = {.omit_class = true};
	dimse_case(&s, "a C-STORE-RQ without Affected SOP Class UID");
}

void
c_cmd_no_field(void)
{
	struct store_cmd s = {.omit_command = true};
	dimse_case(&s, "a command set without Command Field");
}

void
c_cmd_bad_vr(void)
{
	struct store_cmd s = {.bad_vr = true};
	dimse_case(&s, "a Command Field (US) of 4 bytes");
}

void
c_cmd_past_end(void)
{
	struct buf c = {0}, g = {0};

	associate();
	el_uid(&c, 0, 0x0002, GOOD_CLASS);
	el_us(&c, 0, 0x0100, 1);
	put16le(&c, 0);
	put16le(&c, 0x1000);
	put32le(&c, 0x7ffffff0); /* Affected SOP Instance UID past the end */
	put(&c, "1.2.3", 5);
	with_group_length(&g, &c);
	pdata(1, 0x03, g.d, g.n);
	free(c.d);
	free(g.d);
	expect_abort_or_failure("a command element whose length runs past the command set");
}

void
c_cmd_garbage_group_length(void)
{
	struct buf c = {0}, g = {0};
	struct store_cmd s = {0};
	struct buf d = {0};

	associate();
	build_store_cmd(&c, &s);
	c.d[8] = 0xff; /* group length value far past the end */
	c.d[9] = 0xff;
	c.d[10] = 0xff;
	c.d[11] = 0x7f;
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x02, d.d, d.n);
	(void)g;
	free(c.d);
	free(d.d);
	/* the group length is informative: success or a failure, no crash */
	{
		int type, st = read_status(&type);
		if (st < 0 && type != 7)
			bad("a wrong command group length answered with %s", pdu_name(type));
		ok(st >= 0 ? "a wrong command group length: answered with a status"
		           : "a wrong command group length: A-ABORT");
	}
}

void
c_nested_sq(void)
{
	/* a data set with sequences nested 1000 deep, undefined lengths */
	struct buf c = {0}, d = {0};
	struct store_cmd s = {0};
	const uint8_t sq[8] = {0x08, 0x00, 0x15, 0x11, 0xff, 0xff, 0xff, 0xff};
	const uint8_t it[8] = {0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff};
	const uint8_t ie[8] = {0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0};
	const uint8_t sqe[8] = {0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0};
	int type, st;

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	for (int i = 0; i < 1000; i++) {
		put(&d, sq, 8);
		put(&d, it, 8);
	}
	for (int i = 0; i < 1000; i++) {
		put(&d, ie, 8);
		put(&d, sqe, 8);
	}
	pdata(1, 0x03, c.d, c.n);
	for (size_t o = 0; o < d.n; o += 8000)
		pdata(1, o + 8000 >= d.n ? 0x02 : 0x00, d.d + o, d.n - o < 8000 ? d.n - o : 8000);
	free(c.d);
	free(d.d);
	st = read_status(&type);
	if (st < 0 && type != 7)
		bad("1000 nested sequences answered with %s", pdu_name(type));
	ok(st >= 0 ? "1000 nested sequences: answered with a status"
	           : "1000 nested sequences: A-ABORT");
	if (st >= 0)
		release();
}

/* The command on context 1, its data set on context 3. */
void
c_data_other_ctx(void)
{
	struct buf c = {0}, d = {0};
	struct store_cmd s = {.inst = "1.2.826.0.1.3680043.9.7433.99.33"};

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, s.inst);
	pdata(1, 0x03, c.d, c.n);
	pdata(3, 0x02, d.d, d.n);
	free(c.d);
	free(d.d);
	expect_abort_or_failure("a data set on another presentation context than its command");
}

/* A C-FIND-RQ with a data set on the storage context: not supported,
 * answered 0x0211 (or aborted), never a crash. */
void
c_find_with_data(void)
{
	struct buf c = {0}, g = {0}, d = {0};

	associate();
	el_uid(&c, 0, 0x0002, GOOD_CLASS);
	el_us(&c, 0, 0x0100, 0x0020);
	el_us(&c, 0, 0x0110, 9);
	el_us(&c, 0, 0x0700, 0);
	el_us(&c, 0, 0x0800, 0);
	with_group_length(&g, &c);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x03, g.d, g.n);
	pdata(1, 0x02, d.d, d.n);
	free(c.d);
	free(g.d);
	free(d.d);
	expect_abort_or_failure("a C-FIND-RQ with a data set");
}
