/* test-ui-qr.c — the SCU side's results list (ui/qr-results.c): C-FIND
 * answers become rows, the final status ends the query, a C-MOVE's counts
 * and end, a job that ends with its request open, the cursor, and the
 * request a row makes. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dset.h"
#include "../ui/peers.h"
#include "../ui/qr-results.h"

static struct dcb_event
response(uint16_t command, uint16_t status, bool final)
{
	struct dcb_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_RESPONSE;
	ev.side = DCB_SIDE_SCU;
	ev.assoc_id = 1;
	ev.u.response.command = command;
	ev.u.response.status = status;
	ev.u.response.final = final;
	return ev;
}

/* A pending C-FIND-RSP with a study's identifier. */
static struct dcb_event
study_answer(const char *name, const char *id, const char *date, const char *uid)
{
	struct dcb_event ev = response(0x8020, 0xFF00, false);
	struct dcb_dset *ds = dcb_dset_new();
	uint8_t *buf;
	size_t len;

	assert_non_null(ds);
	if (strchr(name, '\xfc') != NULL) /* Latin-1 */
		assert_int_equal(dcb_dset_put_str(ds, 0x00080005, "CS", "ISO_IR 100", NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00080052, "CS", "STUDY", NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00100010, "PN", name, NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00100020, "LO", id, NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00080020, "DA", date, NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00080061, "CS", "CT", NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x0020000D, "UI", uid, NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00201208, "IS", "2", NULL), 0);
	assert_int_equal(dcb_dset_encode_alloc(ds, DCB_DSET_EXPLICIT_LE, &buf, &len, NULL), 0);
	assert_true(len <= sizeof ev.u.response.identifier);
	memcpy(ev.u.response.identifier, buf, len);
	ev.u.response.identifier_len = (uint32_t)len;
	ev.u.response.has_identifier = true;
	free(buf);
	dcb_dset_free(ds);
	return ev;
}

static struct ui_qr_results *
results(void)
{
	struct ui_qr_results *r = calloc(1, sizeof *r);

	assert_non_null(r);
	return r;
}

static void
answers_become_rows(void **state)
{
	struct ui_qr_results *r = results();
	struct dcb_event ev;
	char line[512];

	(void)state;
	ui_qr_begin_find(r, DCB_QR_STUDY, false);
	assert_true(r->shown);
	ev = study_answer("Bench^Patient", "DCB0001", "20240315", "1.2.3");
	assert_true(ui_qr_apply(r, &ev));
	ev = study_answer("M\xfcller^Anna", "DCB0002", "20240402", "1.2.4");
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->n, 2);
	assert_int_equal(r->find, UI_QR_RUNNING);
	ui_qr_find_text(r, line, sizeof line);
	assert_string_equal(line, "STUDY query · 2 answers so far");
	ev = response(0x8020, 0x0000, true);
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->find, UI_QR_DONE);
	assert_string_equal(r->rows[0].patient_name, "Bench^Patient");
	assert_string_equal(r->rows[0].patient_id, "DCB0001");
	assert_string_equal(r->rows[0].study_date, "20240315");
	assert_string_equal(r->rows[0].modality, "CT");
	assert_string_equal(r->rows[0].instances, "2");
	assert_string_equal(r->rows[1].study_uid, "1.2.4");
	assert_string_equal(r->rows[1].patient_name, "M\xc3\xbcller^Anna"); /* in UTF-8 */
	ui_qr_find_text(r, line, sizeof line);
	assert_string_equal(line, "2 studies found · m moves a row to our SCP, r gets it");
	ui_qr_row_text(r, 0, line, sizeof line);
	assert_non_null(strstr(line, "Bench^Patient"));
	assert_non_null(strstr(line, "20240315"));
	ui_qr_row_text(r, 1, line, sizeof line);
	assert_non_null(strstr(line, "M\xc3\xbcller^Anna      DCB0002")); /* 16 columns */
	/* A later query starts afresh. */
	ui_qr_begin_find(r, DCB_QR_PATIENT, false);
	assert_int_equal(r->n, 0);
	free(r);
}

static void
failures_and_foreign_events(void **state)
{
	struct ui_qr_results *r = results();
	struct dcb_event ev = study_answer("A^B", "1", "20240101", "1.2");
	char line[512];

	(void)state;
	/* No query asked: answers are not ours. */
	assert_false(ui_qr_apply(r, &ev));
	assert_int_equal(r->n, 0);
	ui_qr_begin_find(r, DCB_QR_STUDY, false);
	ev.side = DCB_SIDE_SCP;
	assert_false(ui_qr_apply(r, &ev));
	ev = response(0x8020, 0xA900, true);
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->find, UI_QR_FAILED);
	ui_qr_find_text(r, line, sizeof line);
	assert_non_null(strstr(line, "failed: status 0xa900"));
	/* The job's end with no answer at all: the query was never sent. */
	ui_qr_begin_find(r, DCB_QR_STUDY, false);
	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_JOB_DONE;
	ev.side = DCB_SIDE_SCU;
	r->jobs = 1;
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->find, UI_QR_FAILED);
	assert_int_equal(r->jobs, 0);
	/* Another job's end (a send) changes nothing. */
	assert_false(ui_qr_apply(r, &ev));
	free(r);
}

static void
a_row_is_moved(void **state)
{
	struct ui_qr_results *r = results();
	struct dcb_event ev;
	struct ui_qr_request rq;
	char line[512];

	(void)state;
	ui_qr_begin_find(r, DCB_QR_STUDY, false);
	ev = study_answer("A^B", "P1", "20240101", "1.2.1");
	ui_qr_apply(r, &ev);
	ev = study_answer("C^D", "P2", "20240102", "1.2.2");
	ui_qr_apply(r, &ev);
	ev = response(0x8020, 0, true);
	ui_qr_apply(r, &ev);
	assert_false(ui_qr_row_request(r, 2, "PACS", &rq));
	assert_true(ui_qr_cursor(r, 5));
	assert_int_equal(r->cursor, 1);
	assert_false(ui_qr_cursor(r, 1));
	assert_true(ui_qr_row_request(r, r->cursor, "PACS", &rq));
	assert_int_equal(rq.op, UI_QR_OP_MOVE);
	assert_int_equal(rq.level, DCB_QR_STUDY);
	assert_string_equal(rq.study_uid, "1.2.2");
	assert_string_equal(rq.series_uid, "");
	assert_string_equal(rq.dest, "PACS");

	ui_qr_begin_retrieve(r, r->cursor, "PACS");
	ev = response(0x8021, 0xFF00, false);
	ev.u.response.has_counts = true;
	ev.u.response.remaining = 1;
	ev.u.response.completed = 1;
	assert_true(ui_qr_apply(r, &ev));
	ui_qr_move_text(r, line, sizeof line);
	assert_string_equal(line, "C-MOVE → PACS: 1 completed · 0 failed · 1 remaining");
	ev = response(0x8021, 0x0000, true);
	ev.u.response.has_counts = true;
	ev.u.response.completed = 2;
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->move, UI_QR_DONE);
	ui_qr_move_text(r, line, sizeof line);
	assert_string_equal(line, "C-MOVE → PACS done: 2 completed · 0 failed");
	/* The rows stay for the next retrieve. */
	assert_int_equal(r->n, 2);

	/* A move whose sub-operations failed. */
	ui_qr_begin_retrieve(r, 0, "PACS");
	ev = response(0x8021, 0xA702, true);
	ev.u.response.has_counts = true;
	ev.u.response.failed = 1;
	ui_qr_apply(r, &ev);
	assert_int_equal(r->move, UI_QR_FAILED);
	ui_qr_move_text(r, line, sizeof line);
	assert_non_null(strstr(line, "failed: 0 completed · 1 failed · 0xa702"));

	/* A C-GET of the same row: its responses, not a C-MOVE's, count. */
	assert_true(ui_qr_row_request(r, 0, NULL, &rq));
	assert_int_equal(rq.op, UI_QR_OP_GET);
	assert_string_equal(rq.study_uid, "1.2.1");
	ui_qr_begin_retrieve(r, 0, NULL);
	ev = response(0x8021, 0x0000, true);
	assert_false(ui_qr_apply(r, &ev));
	ev = response(0x8010, 0x0000, true);
	ev.u.response.has_counts = true;
	ev.u.response.completed = 1;
	assert_true(ui_qr_apply(r, &ev));
	ui_qr_move_text(r, line, sizeof line);
	assert_string_equal(line, "C-GET done: 1 completed · 0 failed");
	free(r);
}

/* A Modality Worklist answer: the scheduled step's date and modality come
 * from inside its sequence; an entry cannot be retrieved. */
static void
worklist_answers(void **state)
{
	struct ui_qr_results *r = results();
	struct dcb_event ev = response(0x8020, 0xFF00, false);
	struct dcb_dset *ds = dcb_dset_new(), *sps;
	struct ui_qr_request rq;
	uint8_t *buf;
	size_t len;
	char line[512];

	(void)state;
	assert_non_null(ds);
	assert_int_equal(dcb_dset_put_str(ds, 0x00080050, "SH", "ACC7", NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00100010, "PN", "Doe^Jane", NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00100020, "LO", "P7", NULL), 0);
	assert_int_equal(dcb_dset_put_str(ds, 0x00321060, "LO", "CT chest", NULL), 0);
	sps = dcb_dset_seq_add_item(ds, 0x00400100, NULL);
	assert_non_null(sps);
	assert_int_equal(dcb_dset_put_str(sps, 0x00080060, "CS", "CT", NULL), 0);
	assert_int_equal(dcb_dset_put_str(sps, 0x00400002, "DA", "20261204", NULL), 0);
	assert_int_equal(dcb_dset_encode_alloc(ds, DCB_DSET_EXPLICIT_LE, &buf, &len, NULL), 0);
	memcpy(ev.u.response.identifier, buf, len);
	ev.u.response.identifier_len = (uint32_t)len;
	ev.u.response.has_identifier = true;
	free(buf);
	dcb_dset_free(ds);
	assert_int_equal(ui_qr_level_parse("worklist"), UI_QR_WORKLIST);
	ui_qr_begin_find(r, DCB_QR_STUDY, true);
	assert_true(ui_qr_apply(r, &ev));
	ev = response(0x8020, 0x0000, true);
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->n, 1);
	assert_string_equal(r->rows[0].study_date, "20261204");
	assert_string_equal(r->rows[0].modality, "CT");
	assert_string_equal(r->rows[0].description, "CT chest");
	assert_string_equal(r->rows[0].accession, "ACC7");
	ui_qr_find_text(r, line, sizeof line);
	assert_string_equal(line, "1 worklist entry found");
	assert_false(ui_qr_row_request(r, 0, "PACS", &rq));
	assert_non_null(r->rows[0].item); /* kept: a step begins from it */
	ui_qr_clear(r);
	free(r);
}

/* A worklist row's procedure step: N-CREATE's success begins it, a
 * refused N-SET leaves it, a job without an answer fails the request,
 * N-SET's success ends it. */
static void
worklist_steps(void **state)
{
	struct ui_qr_results *r = results();
	struct dcb_event ev = study_answer("Doe^Jane", "P7", "20261204", "1.2.3");
	char line[512];

	(void)state;
	ui_qr_begin_find(r, DCB_QR_STUDY, true);
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->n, 1);
	ui_qr_begin_step(r, 0, UI_STEP_IN_PROGRESS, "2.25.7", 3);
	ui_qr_step_text(r, line, sizeof line);
	assert_string_equal(line, "N-CREATE of entry 1 (IN PROGRESS): …");
	ev = response(0x8140, 0x0000, true);
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->mpps, UI_QR_DONE);
	assert_int_equal(r->rows[0].step, UI_STEP_IN_PROGRESS);
	assert_string_equal(r->rows[0].step_uid, "2.25.7");
	assert_int_equal(r->rows[0].step_files, 3);
	ui_qr_row_text(r, 0, line, sizeof line);
	assert_non_null(strstr(line, " · IN PROGRESS"));

	ui_qr_begin_step(r, 0, UI_STEP_COMPLETED, NULL, 9);
	ev = response(0x8120, 0x0110, true);
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->mpps, UI_QR_FAILED);
	assert_int_equal(r->rows[0].step, UI_STEP_IN_PROGRESS);
	assert_int_equal(r->rows[0].step_files, 3); /* the images still count from the start */
	ui_qr_step_text(r, line, sizeof line);
	assert_non_null(strstr(line, "N-SET of entry 1 (COMPLETED) failed: 0x0110"));

	ui_qr_begin_step(r, 0, UI_STEP_COMPLETED, NULL, 9);
	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_JOB_DONE;
	ev.side = DCB_SIDE_SCU;
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->mpps, UI_QR_FAILED);
	assert_int_equal(r->rows[0].step, UI_STEP_IN_PROGRESS);

	ui_qr_begin_step(r, 0, UI_STEP_COMPLETED, NULL, 9);
	ev = response(0x8120, 0x0000, true);
	assert_true(ui_qr_apply(r, &ev));
	assert_int_equal(r->rows[0].step, UI_STEP_COMPLETED);
	ui_qr_row_text(r, 0, line, sizeof line);
	assert_non_null(strstr(line, " · COMPLETED"));
	ui_qr_clear(r);
	free(r);
}

static void
levels_by_name(void **state)
{
	(void)state;
	assert_int_equal(ui_qr_level_parse("study"), DCB_QR_STUDY);
	assert_int_equal(ui_qr_level_parse("IMAGE"), DCB_QR_IMAGE);
	assert_int_equal(ui_qr_level_parse("instance"), -1);
	assert_string_equal(ui_qr_level_name(DCB_QR_SERIES), "SERIES");
}

/* The AE table as one setting: entries between backslashes, a later
 * entry of the same AE title wins, a bad one is named, and back. */
static void
peers_setting_round_trip(void **state)
{
	struct dcb_ae_table t;
	char list[1024], msg[256] = "";

	(void)state;
	dcb_ae_table_init(&t);
	assert_int_equal(ui_peers_parse("", &t, msg, sizeof msg), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(ui_peers_parse("DEST@127.0.0.1:104\\ARCH@[::1]:11112+tls\\\\DEST@host:105",
	                                &t, msg, sizeof msg),
	                 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(dcb_ae_table_find(&t, "DEST")->host, "host");
	assert_int_equal(dcb_ae_table_find(&t, "DEST")->port, 105);
	assert_true(dcb_ae_table_find(&t, "ARCH")->tls);
	assert_int_equal(ui_peers_format(&t, list, sizeof list), 0);
	assert_string_equal(list, "DEST@host:105\\ARCH@[::1]:11112+tls");
	assert_int_equal(ui_peers_format(&t, list, 10), -1);
	assert_int_equal(ui_peers_parse("NOPORT@host\\OK@h:1", &t, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "NOPORT@host"));
	assert_non_null(dcb_ae_table_find(&t, "OK"));
	dcb_ae_table_clear(&t);
}

/* An echo of a peer ends with its job: answered when the C-ECHO was. */
static void
echo_ends_with_its_job(void **state)
{
	struct ui_qr_results *r = results();
	struct dcb_event ev;
	char line[128];

	(void)state;
	ui_qr_echo_text(r, line, sizeof line);
	assert_string_equal(line, "");
	ui_qr_begin_echo(r, "DEST");
	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_JOB_DONE;
	ev.side = DCB_SIDE_SCU;
	ev.u.done.ok = 1;
	assert_true(ui_qr_apply(r, &ev));
	ui_qr_echo_text(r, line, sizeof line);
	assert_string_equal(line, "C-ECHO DEST: answered");
	ui_qr_begin_echo(r, "GONE");
	ev.u.done.ok = 0;
	ev.u.done.failed = 1;
	assert_true(ui_qr_apply(r, &ev));
	ui_qr_echo_text(r, line, sizeof line);
	assert_string_equal(line, "C-ECHO GONE: no answer");
	assert_int_equal(r->jobs, 0);
	assert_int_equal(r->find, UI_QR_NONE); /* no query touched */

	/* The engines restart under a running query and echo: both failed. */
	ui_qr_begin_find(r, DCB_QR_STUDY, false);
	ui_qr_begin_echo(r, "DEST");
	ui_qr_restarted(r);
	assert_int_equal(r->jobs, 0);
	assert_int_equal(r->find, UI_QR_FAILED);
	assert_int_equal(r->echo, UI_QR_FAILED);
	assert_string_equal(r->error, "the SCU restarted (new settings)");
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(answers_become_rows),
	    cmocka_unit_test(failures_and_foreign_events),
	    cmocka_unit_test(a_row_is_moved),
	    cmocka_unit_test(levels_by_name),
	    cmocka_unit_test(worklist_answers),
	    cmocka_unit_test(worklist_steps),
	    cmocka_unit_test(peers_setting_round_trip),
	    cmocka_unit_test(echo_ends_with_its_job),
	};

	setlocale(LC_ALL, "C.UTF-8"); /* columns of UTF-8 text */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
