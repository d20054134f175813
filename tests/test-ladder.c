/* test-ladder.c — the ladder layout: events in (out of order, from two
 * threads), rows out; folded data, nested and linked associations. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dimse.h"
#include "../src/dset.h"
#include "../src/ladder-out.h"
#include "../src/ladder.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define COMMIT "1.2.840.10008.1.20.1"

static struct dcb_ladder_ev
at(enum dcb_side side, uint32_t assoc, double t)
{
	struct dcb_ladder_ev e;

	memset(&e, 0, sizeof e);
	e.side = side;
	e.assoc_id = assoc;
	e.time.tv_sec = (time_t)t;
	e.time.tv_nsec = (long)((t - (double)(time_t)t) * 1e9 + 0.5);
	return e;
}

static struct dcb_ladder_ev
state(enum dcb_side side, uint32_t assoc, double t, int sta, const char *calling,
      const char *called)
{
	struct dcb_ladder_ev e = at(side, assoc, t);

	e.state = sta;
	snprintf(e.calling, sizeof e.calling, "%s", calling);
	snprintf(e.called, sizeof e.called, "%s", called);
	return e;
}

static struct dcb_ladder_ev
pdu(enum dcb_side side, uint32_t assoc, double t, bool out, uint8_t type)
{
	struct dcb_ladder_ev e = at(side, assoc, t);

	e.is_pdu = true;
	e.outgoing = out;
	e.pdu_type = type;
	e.length = 100;
	e.repeat = 1;
	return e;
}

static struct dcb_ladder_ev
msg(enum dcb_side side, uint32_t assoc, double t, bool out, uint16_t command, uint16_t id,
    bool data)
{
	struct dcb_ladder_ev e = pdu(side, assoc, t, out, 0x04);

	e.msg.known = true;
	e.msg.command = command;
	e.msg.message_id = id;
	e.msg.is_data = data;
	e.msg.has_command = !data;
	e.msg.has_status = (command & 0x8000) != 0;
	snprintf(e.msg.sop_class_uid, sizeof e.msg.sop_class_uid, "%s", CT);
	if (data)
		e.length = 16384;
	return e;
}

static const struct dcb_ladder_row *
row_with(const struct dcb_ladder *l, const char *label)
{
	for (size_t i = 0; i < l->nrows; i++)
		if (strstr(l->rows[i].label, label) != NULL)
			return &l->rows[i];
	static const struct dcb_ladder_row none = {.link = -1};
	fail_msg("no row says \"%s\"", label);
	return &none;
}

static void
assert_time_order(const struct dcb_ladder *l)
{
	for (size_t i = 1; i < l->nrows; i++) {
		const struct timespec *a = &l->rows[i - 1].time, *b = &l->rows[i].time;
		if (a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec))
			fail_msg("row %zu (%s) is older than row %zu (%s)", i, l->rows[i].label,
			         i - 1, l->rows[i - 1].label);
	}
}

/* The dashboard sends to its own SCP: both ends report every PDU, from two
 * threads, the SCP's reports arriving late.  Each PDU is drawn once, in
 * time order, between the two AE columns; the data folds into one bar. */
static void
store_to_our_own_scp(void **state_)
{
	struct dcb_ladder_ev evs[64];
	size_t n = 0;
	struct dcb_ladder l;
	const struct dcb_ladder_row *r;

	(void)state_;
	/* the SCU thread's events */
	evs[n++] = state(DCB_SIDE_SCU, 1, 1.000, 5, "STORESCU", "PACS");
	evs[n++] = pdu(DCB_SIDE_SCU, 1, 1.001, true, 0x01);
	evs[n++] = pdu(DCB_SIDE_SCU, 1, 1.004, false, 0x02);
	evs[n++] = state(DCB_SIDE_SCU, 1, 1.005, 6, "STORESCU", "PACS");
	evs[n++] = msg(DCB_SIDE_SCU, 1, 1.006, true, DCB_C_STORE_RQ, 1, false);
	evs[n++] = msg(DCB_SIDE_SCU, 1, 1.007, true, DCB_C_STORE_RQ, 1, true);
	evs[n - 1].repeat = 16;
	evs[n++] = msg(DCB_SIDE_SCU, 1, 1.010, true, DCB_C_STORE_RQ, 1, true);
	evs[n - 1].repeat = 4;
	evs[n++] = msg(DCB_SIDE_SCU, 1, 1.020, false, DCB_C_STORE_RSP, 1, false);
	evs[n++] = pdu(DCB_SIDE_SCU, 1, 1.021, true, 0x05);
	evs[n++] = pdu(DCB_SIDE_SCU, 1, 1.023, false, 0x06);
	evs[n++] = state(DCB_SIDE_SCU, 1, 1.024, 1, "STORESCU", "PACS");
	/* the SCP thread's, later in the queue */
	evs[n++] = state(DCB_SIDE_SCP, 7, 1.002, 2, "", "");
	evs[n++] = pdu(DCB_SIDE_SCP, 7, 1.002, false, 0x01);
	evs[n++] = state(DCB_SIDE_SCP, 7, 1.0025, 3, "STORESCU", "PACS");
	evs[n++] = pdu(DCB_SIDE_SCP, 7, 1.003, true, 0x02);
	evs[n++] = msg(DCB_SIDE_SCP, 7, 1.008, false, DCB_C_STORE_RQ, 1, false);
	evs[n++] = msg(DCB_SIDE_SCP, 7, 1.009, false, DCB_C_STORE_RQ, 1, true);
	evs[n - 1].repeat = 20;
	evs[n++] = msg(DCB_SIDE_SCP, 7, 1.015, true, DCB_C_STORE_RSP, 1, false);
	evs[n++] = pdu(DCB_SIDE_SCP, 7, 1.022, false, 0x05);
	evs[n++] = pdu(DCB_SIDE_SCP, 7, 1.0225, true, 0x06);
	evs[n++] = state(DCB_SIDE_SCP, 7, 1.023, 1, "STORESCU", "PACS");

	assert_int_equal(dcb_ladder_layout(evs, n, &l), 0);
	assert_int_equal(l.ncols, 2);
	assert_string_equal(l.cols[0], "STORESCU");
	assert_string_equal(l.cols[1], "PACS");
	assert_time_order(&l);
	size_t arrows = 0, data = 0;
	for (size_t i = 0; i < l.nrows; i++) {
		arrows += l.rows[i].kind == DCB_LADDER_ARROW;
		data += l.rows[i].kind == DCB_LADDER_DATA;
		assert_int_equal(l.rows[i].depth, 0);
	}
	/* RQ, AC, C-STORE-RQ, C-STORE-RSP, RELEASE RQ and RP: once each */
	assert_int_equal(arrows, 6);
	assert_int_equal(data, 1);
	r = row_with(&l, "A-ASSOCIATE-RQ");
	assert_int_equal(r->from, 0);
	assert_int_equal(r->to, 1);
	r = row_with(&l, "A-ASSOCIATE-AC");
	assert_int_equal(r->from, 1);
	assert_int_equal(r->to, 0);
	r = row_with(&l, "C-STORE-RQ #1 CT");
	assert_int_equal(r->from, 0);
	/* a row names the event it stands for (the sender's report) */
	assert_int_equal(evs[r->ev].msg.command, DCB_C_STORE_RQ);
	assert_true(evs[r->ev].outgoing);
	assert_int_equal(evs[r->ev].side, DCB_SIDE_SCU);
	r = row_with(&l, "data ×20 (327680 bytes)");
	assert_int_equal(r->kind, DCB_LADDER_DATA);
	assert_int_equal(r->count, 20);
	r = row_with(&l, "C-STORE-RSP #1 Success");
	assert_int_equal(r->from, 1);
	assert_int_equal(r->to, 0);
	/* state notes on the side that reports them */
	r = row_with(&l, "Sta6");
	assert_int_equal(r->kind, DCB_LADDER_NOTE);
	assert_int_equal(r->from, 0);
	r = row_with(&l, "Sta3");
	assert_int_equal(r->from, 1);
	/* as text: lifelines 30 cells apart, the arrow between them */
	char line[512];
	r = row_with(&l, "C-STORE-RSP #1 Success");
	dcb_ladder_row_text(&l, (size_t)(r - l.rows), 30, line, sizeof line);
	assert_string_equal(line, "               │◀─ C-STORE-RSP #1 Success ───│");
	r = row_with(&l, "Sta6");
	dcb_ladder_row_text(&l, (size_t)(r - l.rows), 30, line, sizeof line);
	assert_string_equal(line, "               ├ Sta6                        │");
	dcb_ladder_clear(&l);
}

/* A C-MOVE's sub-association (PACS to DEST) is nested under the
 * association that carried the C-MOVE-RQ, its first arrow linked to it. */
static void
move_nests_its_sub_association(void **state_)
{
	struct dcb_ladder_ev evs[32];
	size_t n = 0;
	struct dcb_ladder l;
	const struct dcb_ladder_row *move, *sub, *store;

	(void)state_;
	evs[n++] = state(DCB_SIDE_SCU, 1, 2.0, 5, "WS1", "PACS");
	evs[n++] = pdu(DCB_SIDE_SCU, 1, 2.01, true, 0x01);
	evs[n++] = pdu(DCB_SIDE_SCU, 1, 2.02, false, 0x02);
	evs[n++] = msg(DCB_SIDE_SCU, 1, 2.03, true, DCB_C_MOVE_RQ, 3, false);
	evs[n++] = msg(DCB_SIDE_SCU, 1, 2.04, true, DCB_C_MOVE_RQ, 3, true);
	evs[n++] = msg(DCB_SIDE_SCU, 1, 2.50, false, DCB_C_MOVE_RSP, 3, false);
	/* the sub-association, reported by the engine that opened it */
	evs[n++] = state(DCB_SIDE_SCP, 2, 2.10, 5, "PACS", "DEST");
	evs[n++] = pdu(DCB_SIDE_SCP, 2, 2.11, true, 0x01);
	evs[n++] = pdu(DCB_SIDE_SCP, 2, 2.12, false, 0x02);
	evs[n++] = msg(DCB_SIDE_SCP, 2, 2.13, true, DCB_C_STORE_RQ, 1, false);
	snprintf(evs[n - 1].msg.move_originator_ae, 17, "WS1");
	evs[n - 1].msg.move_originator_id = 3;
	evs[n++] = msg(DCB_SIDE_SCP, 2, 2.14, true, DCB_C_STORE_RQ, 1, true);
	evs[n++] = msg(DCB_SIDE_SCP, 2, 2.20, false, DCB_C_STORE_RSP, 1, false);
	evs[n++] = pdu(DCB_SIDE_SCP, 2, 2.30, true, 0x05);

	assert_int_equal(dcb_ladder_layout(evs, n, &l), 0);
	assert_int_equal(l.ncols, 3);
	assert_string_equal(l.cols[2], "DEST");
	move = row_with(&l, "C-MOVE-RQ #3");
	assert_int_equal(move->depth, 0);
	store = row_with(&l, "C-STORE-RQ #1");
	assert_int_equal(store->depth, 1);
	assert_int_equal(store->from, 1);
	assert_int_equal(store->to, 2);
	sub = &l.rows[0];
	for (size_t i = 0; i < l.nrows; i++)
		if (l.rows[i].depth == 1 && strstr(l.rows[i].label, "A-ASSOCIATE-RQ") != NULL)
			sub = &l.rows[i];
	assert_int_equal(sub->link, (int)(move - l.rows));
	assert_true(sub->link_seconds > 0.07 && sub->link_seconds < 0.09);
	assert_int_equal(row_with(&l, "C-MOVE-RSP #3")->depth, 0);
	dcb_ladder_clear(&l);
}

/* The messages of evs[0..n) are about storage commitment. */
static void
commitment(struct dcb_ladder_ev *evs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (evs[i].is_pdu)
			snprintf(evs[i].msg.sop_class_uid, sizeof evs[i].msg.sop_class_uid, "%s", COMMIT);
}

/* A storage commitment's N-EVENT-REPORT comes back on another association;
 * it is linked to the N-ACTION it answers, with the time between. */
static void
event_report_links_to_its_action(void **state_)
{
	struct dcb_ladder_ev evs[16];
	size_t n = 0;
	struct dcb_ladder l;

	(void)state_;
	evs[n++] = state(DCB_SIDE_SCU, 1, 3.0, 6, "MODALITY", "PACS");
	evs[n++] = msg(DCB_SIDE_SCU, 1, 3.1, true, DCB_N_ACTION_RQ, 5, false);
	evs[n++] = msg(DCB_SIDE_SCU, 1, 3.2, false, DCB_N_ACTION_RSP, 5, false);
	evs[n++] = state(DCB_SIDE_SCU, 1, 3.3, 1, "MODALITY", "PACS");
	evs[n++] = state(DCB_SIDE_SCP, 4, 5.0, 3, "PACS", "MODALITY");
	evs[n++] = pdu(DCB_SIDE_SCP, 4, 5.05, false, 0x01);
	evs[n++] = msg(DCB_SIDE_SCP, 4, 5.6, false, DCB_N_EVENT_REPORT_RQ, 1, false);
	commitment(evs, n);

	assert_int_equal(dcb_ladder_layout(evs, n, &l), 0);
	assert_int_equal(l.ncols, 2);
	const struct dcb_ladder_row *action = row_with(&l, "N-ACTION-RQ #5");
	const struct dcb_ladder_row *report = row_with(&l, "N-EVENT-REPORT-RQ #1");
	assert_int_equal(report->from, action->to);
	assert_int_equal(report->to, action->from);
	assert_int_equal(report->link, (int)(action - l.rows));
	assert_true(report->link_seconds > 2.49 && report->link_seconds < 2.51);
	dcb_ladder_clear(&l);
}

/* A peer proposing every storage class sends an A-ASSOCIATE-RQ too long
 * to keep whole: the rows count its contexts from the association's
 * context events, which draw no rows of their own. */
static void
long_associate_counts_context_events(void **state_)
{
	struct dcb_ladder_log log = {0};
	struct dcb_event *ev = calloc(1, sizeof *ev);
	struct dcb_ladder l;

	(void)state_;
	assert_non_null(ev);
	ev->side = DCB_SIDE_SCU;
	ev->assoc_id = 2;
	ev->time.tv_sec = 7;
	ev->kind = DCB_EV_ASSOC_STATE;
	ev->u.assoc.state = 2;
	assert_int_equal(dcb_ladder_log_add(&log, ev), 0);
	/* each kind's payload from zero: the union's bytes are shared */
	memset(&ev->u, 0, sizeof ev->u);
	ev->kind = DCB_EV_PDU;
	ev->u.pdu.type = 0x01;
	ev->u.pdu.length = 9000;
	ev->u.pdu.raw_len = DCB_EVENT_RAW_MAX; /* its first bytes only */
	assert_int_equal(dcb_ladder_log_add(&log, ev), 0);
	ev->u.pdu.outgoing = true;
	ev->u.pdu.type = 0x02;
	ev->u.pdu.length = 5000;
	assert_int_equal(dcb_ladder_log_add(&log, ev), 0);
	memset(&ev->u, 0, sizeof ev->u);
	ev->kind = DCB_EV_CONTEXT;
	for (unsigned i = 0; i < 120; i++) {
		ev->u.context.id = (uint8_t)(2 * i + 1);
		ev->u.context.accepted = i % 3 == 0;
		assert_int_equal(dcb_ladder_log_add(&log, ev), 0);
	}
	memset(&ev->u, 0, sizeof ev->u);
	ev->kind = DCB_EV_ASSOC_STATE;
	ev->u.assoc.state = 6;
	snprintf(ev->u.assoc.calling_ae, sizeof ev->u.assoc.calling_ae, "QR");
	snprintf(ev->u.assoc.called_ae, sizeof ev->u.assoc.called_ae, "MOVER");
	assert_int_equal(dcb_ladder_log_add(&log, ev), 0);

	assert_int_equal(dcb_ladder_layout(log.ev, log.n, &l), 0);
	assert_int_equal(l.nrows, 4);
	assert_string_equal(l.rows[1].label, "A-ASSOCIATE-RQ: contexts 120");
	assert_string_equal(l.rows[2].label, "A-ASSOCIATE-AC: 40 accepted");
	assert_string_equal(l.cols[l.rows[1].from], "QR");
	dcb_ladder_clear(&l);
	dcb_ladder_log_clear(&log);
	free(ev);
}

/* msg() with the Transaction UID its data set carries. */
static struct dcb_ladder_ev
txn_data(enum dcb_side side, uint32_t assoc, double t, bool out, uint16_t command, uint16_t id,
         const char *txn)
{
	struct dcb_ladder_ev e = msg(side, assoc, t, out, command, id, true);

	e.length = 164;
	snprintf(e.txn, sizeof e.txn, "%s", txn);
	return e;
}

/* Two commitment requests in flight, their reports in the other order on
 * a new association: each report links to the N-ACTION of its Transaction
 * UID, not to the latest one. */
static void
reports_link_by_transaction_uid(void **state_)
{
	struct dcb_ladder_ev evs[16];
	size_t n = 0;
	struct dcb_ladder l;

	(void)state_;
	evs[n++] = state(DCB_SIDE_SCU, 1, 3.0, 6, "MODALITY", "PACS");
	evs[n++] = msg(DCB_SIDE_SCU, 1, 3.1, true, DCB_N_ACTION_RQ, 1, false);
	evs[n++] = txn_data(DCB_SIDE_SCU, 1, 3.11, true, DCB_N_ACTION_RQ, 1, "2.25.1");
	evs[n++] = msg(DCB_SIDE_SCU, 1, 3.2, true, DCB_N_ACTION_RQ, 2, false);
	evs[n++] = txn_data(DCB_SIDE_SCU, 1, 3.21, true, DCB_N_ACTION_RQ, 2, "2.25.2");
	evs[n++] = state(DCB_SIDE_SCP, 4, 5.0, 3, "PACS", "MODALITY");
	evs[n++] = msg(DCB_SIDE_SCP, 4, 5.6, false, DCB_N_EVENT_REPORT_RQ, 1, false);
	evs[n++] = txn_data(DCB_SIDE_SCP, 4, 5.61, false, DCB_N_EVENT_REPORT_RQ, 1, "2.25.2");
	evs[n++] = msg(DCB_SIDE_SCP, 4, 6.1, false, DCB_N_EVENT_REPORT_RQ, 2, false);
	evs[n++] = txn_data(DCB_SIDE_SCP, 4, 6.11, false, DCB_N_EVENT_REPORT_RQ, 2, "2.25.1");
	commitment(evs, n);

	assert_int_equal(dcb_ladder_layout(evs, n, &l), 0);
	const struct dcb_ladder_row *first = row_with(&l, "N-ACTION-RQ #1");
	const struct dcb_ladder_row *second = row_with(&l, "N-ACTION-RQ #2");
	const struct dcb_ladder_row *r1 = row_with(&l, "N-EVENT-REPORT-RQ #1");
	const struct dcb_ladder_row *r2 = row_with(&l, "N-EVENT-REPORT-RQ #2");
	assert_int_equal(r1->link, (int)(second - l.rows));
	assert_true(r1->link_seconds > 2.39 && r1->link_seconds < 2.41);
	assert_int_equal(r2->link, (int)(first - l.rows));
	assert_true(r2->link_seconds > 2.99 && r2->link_seconds < 3.01);
	dcb_ladder_clear(&l);
}

/* The P-DATA-TF of an N-ACTION's data set, as the engine's event keeps it:
 * a 6-byte PDU header, one PDV (control: data, last unless told). */
static void
action_data_event(struct dcb_event *ev, enum dcb_dset_syntax syntax, uint8_t control)
{
	struct dcb_dset *ds = dcb_dset_new();
	uint8_t body[256];

	assert_non_null(ds);
	assert_int_equal(dcb_dset_put_str(ds, 0x00081195, "UI", "2.25.7", NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00080054, "AE", "PACS", NULL), 0);
	ssize_t len = dcb_dset_encode(ds, syntax, body, sizeof body, NULL);
	dcb_dset_free(ds);
	assert_true(len > 0);

	memset(ev, 0, sizeof *ev);
	ev->kind = DCB_EV_PDU;
	ev->u.pdu.type = 0x04;
	ev->u.pdu.dimse.known = true;
	ev->u.pdu.dimse.is_data = true;
	ev->u.pdu.dimse.command = DCB_N_ACTION_RQ;
	uint8_t *p = ev->u.pdu.raw;
	uint32_t pdv = (uint32_t)len + 2, pdu = pdv + 4;
	p[0] = 0x04;
	for (int i = 0; i < 4; i++) {
		p[2 + i] = (uint8_t)(pdu >> (24 - 8 * i));
		p[6 + i] = (uint8_t)(pdv >> (24 - 8 * i));
	}
	p[10] = 1;
	p[11] = control;
	memcpy(p + 12, body, (size_t)len);
	ev->u.pdu.length = pdu;
	ev->u.pdu.raw_len = pdu + 6;
}

/* The Transaction UID comes out of the event in either transfer syntax;
 * not out of a fragment that is not the data set's last. */
static void
event_keeps_transaction_uid(void **state_)
{
	struct dcb_event ev;
	struct dcb_ladder_ev e;

	(void)state_;
	action_data_event(&ev, DCB_DSET_EXPLICIT_LE, 0x02);
	assert_true(dcb_ladder_ev_from(&ev, &e));
	assert_string_equal(e.txn, "2.25.7");
	action_data_event(&ev, DCB_DSET_IMPLICIT_LE, 0x02);
	assert_true(dcb_ladder_ev_from(&ev, &e));
	assert_string_equal(e.txn, "2.25.7");
	action_data_event(&ev, DCB_DSET_EXPLICIT_LE, 0x00);
	assert_true(dcb_ladder_ev_from(&ev, &e));
	assert_string_equal(e.txn, "");
	action_data_event(&ev, DCB_DSET_EXPLICIT_LE, 0x02);
	ev.u.pdu.raw_len -= 1; /* the event kept a prefix only */
	assert_true(dcb_ladder_ev_from(&ev, &e));
	assert_string_equal(e.txn, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(store_to_our_own_scp),
	    cmocka_unit_test(move_nests_its_sub_association),
	    cmocka_unit_test(event_report_links_to_its_action),
	    cmocka_unit_test(reports_link_by_transaction_uid),
	    cmocka_unit_test(event_keeps_transaction_uid),
	    cmocka_unit_test(long_associate_counts_context_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
