/* test-ui-model.c — the dashboard's view model: events in, state out;
 * coalescing; the text helpers and settings it relies on. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../ui/model.h"
#include "../ui/settings.h"
#include "../ui/text.h"

static struct dcb_event
ev_at(enum dcb_event_kind kind, enum dcb_side side, uint32_t assoc, double t)
{
	struct dcb_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.side = side;
	ev.assoc_id = assoc;
	ev.time.tv_sec = (time_t)t;
	ev.time.tv_nsec = (long)((t - (double)(time_t)t) * 1e9);
	return ev;
}

static struct dcb_event
pdu(enum dcb_side side, uint32_t assoc, bool out, uint8_t type, bool data, uint32_t len, double t)
{
	struct dcb_event ev = ev_at(DCB_EV_PDU, side, assoc, t);

	ev.u.pdu.outgoing = out;
	ev.u.pdu.type = type;
	ev.u.pdu.length = len;
	snprintf(ev.u.pdu.summary, sizeof ev.u.pdu.summary, "pdu %u", len);
	ev.u.pdu.raw[0] = type;
	ev.u.pdu.raw[11] = data ? 0x00 : 0x01; /* PDV control header: command bit */
	ev.u.pdu.raw_len = 12;
	return ev;
}

static void
listening_and_stored(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev = ev_at(DCB_EV_LISTENING, DCB_SIDE_SCP, 0, 100.0);

	m->dirty = 0;
	snprintf(ev.u.listening.address, sizeof ev.u.listening.address, "127.0.0.1:11112");
	snprintf(ev.u.listening.ae_title, sizeof ev.u.listening.ae_title, "PACS");
	assert_int_equal(ui_model_apply(m, &ev), UI_DIRTY_SCP);
	ev.u.listening.tls = true;
	ui_model_apply(m, &ev);
	ui_model_apply(m, &ev); /* the same listener twice: kept once */
	assert_int_equal(m->scp.nlisten, 2);
	assert_true(m->scp.listen[1].tls);
	assert_string_equal(m->scp.listen[0].ae_title, "PACS");

	for (int i = 0; i < 3; i++) {
		ev = ev_at(DCB_EV_STORED, DCB_SIDE_SCP, 7, 101.0 + i);
		snprintf(ev.u.stored.path, sizeof ev.u.stored.path, "/out/CT.%d", i);
		ev.u.stored.bytes = 1000;
		ui_model_apply(m, &ev);
	}
	assert_int_equal(m->scp.received, 3);
	assert_int_equal(m->scp.bytes_done, 3000);
	assert_string_equal(m->scp.last_stored, "/out/CT.2");
	assert_int_equal(m->scu.received, 0);
	ui_model_free(m);
}

static void
associations_and_contexts(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;

	for (uint32_t id = 1; id <= UI_MAX_ASSOC + 2; id++) {
		ev = ev_at(DCB_EV_ASSOC_STATE, DCB_SIDE_SCP, id, 1.0);
		ev.u.assoc.state = 6;
		snprintf(ev.u.assoc.calling_ae, sizeof ev.u.assoc.calling_ae, "SCU%u", id);
		ui_model_apply(m, &ev);
	}
	/* Most recent first, the oldest dropped. */
	assert_int_equal(m->nassoc, UI_MAX_ASSOC);
	assert_int_equal(m->assoc[0].id, UI_MAX_ASSOC + 2);
	assert_int_equal(m->assoc[0].side, DCB_SIDE_SCP);
	assert_false(m->assoc[0].requestor); /* Sta6 of the SCP's: it came in */
	char want[16];
	snprintf(want, sizeof want, "SCU%u", UI_MAX_ASSOC + 2);
	assert_string_equal(m->assoc[0].calling_ae, want);

	ev = ev_at(DCB_EV_CONTEXT, DCB_SIDE_SCP, UI_MAX_ASSOC + 2, 2.0);
	ev.u.context.id = 3;
	ev.u.context.accepted = false;
	ev.u.context.result = 4;
	snprintf(ev.u.context.abstract_syntax, 65, "1.2.840.10008.5.1.4.1.1.4");
	ui_model_apply(m, &ev);
	ev.u.context.id = 1;
	ev.u.context.accepted = true;
	ev.u.context.result = 0;
	ui_model_apply(m, &ev);
	ev.u.context.id = 3; /* an update of ctx 3, not a new one */
	ev.u.context.result = 3;
	ev.u.context.accepted = false;
	ui_model_apply(m, &ev);
	const struct ui_assoc *a = &m->assoc[0];
	assert_int_equal(a->nctx, 2);
	assert_int_equal(a->ctx[0].id, 3);
	assert_int_equal(a->ctx[0].result, 3);
	assert_true(a->ctx[1].accepted);

	/* A rejection with a reason: in the pane and in the trace. */
	uint64_t before = m->trace_next;
	ev = ev_at(DCB_EV_ASSOC_STATE, DCB_SIDE_SCP, UI_MAX_ASSOC + 2, 3.0);
	ev.u.assoc.state = 1;
	snprintf(ev.u.assoc.reason, sizeof ev.u.assoc.reason, "called AE title not recognized");
	assert_true(ui_model_apply(m, &ev) & UI_DIRTY_TRACE);
	assert_true(a->closed);
	assert_string_equal(a->calling_ae, want); /* kept from before */
	assert_int_equal(m->trace_next, before + 1);
	assert_non_null(strstr(ui_model_trace_get(m, before)->text, "called AE title"));
	ui_model_free(m);
}

static void
data_pdus_fold_into_one_line(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;

	ev = pdu(DCB_SIDE_SCU, 1, true, 0x04, false, 100, 1.0); /* command */
	ui_model_apply(m, &ev);
	for (int i = 0; i < 50; i++) {
		ev = pdu(DCB_SIDE_SCU, 1, true, 0x04, true, 16384, 1.0 + i * 0.001);
		ui_model_apply(m, &ev);
	}
	/* The other side reports the same PDUs in between: still one line each. */
	for (int i = 0; i < 3; i++) {
		ev = pdu(DCB_SIDE_SCP, 2, false, 0x04, true, 16384, 1.05);
		ui_model_apply(m, &ev);
		ev = pdu(DCB_SIDE_SCU, 1, true, 0x04, true, 16384, 1.05);
		ui_model_apply(m, &ev);
	}
	assert_int_equal(m->trace_next, 3);
	assert_int_equal(ui_model_trace_get(m, 1)->count, 53);
	assert_int_equal(ui_model_trace_get(m, 2)->count, 3);
	/* The other side's PDUs and another direction are separate lines. */
	ev = pdu(DCB_SIDE_SCP, 2, false, 0x04, true, 16384, 1.1);
	ui_model_apply(m, &ev);
	ev = pdu(DCB_SIDE_SCU, 1, false, 0x04, false, 90, 1.2); /* response */
	ui_model_apply(m, &ev);
	ev = pdu(DCB_SIDE_SCU, 1, true, 0x04, true, 16384, 1.3); /* next object */
	ui_model_apply(m, &ev);

	/* command, data ×53, SCP data ×4, response, next object's data */
	assert_int_equal(m->trace_next, 5);
	const struct ui_trace_entry *t = ui_model_trace_get(m, 1);
	assert_non_null(t);
	assert_int_equal(t->count, 53);
	assert_int_equal(t->bytes, 53ull * 16384);
	assert_true(t->data_pdv);
	assert_int_equal(ui_model_trace_get(m, 0)->count, 1);
	assert_int_equal(ui_model_trace_get(m, 2)->side, DCB_SIDE_SCP);
	assert_int_equal(ui_model_trace_get(m, 2)->count, 4);
	assert_false(ui_model_trace_get(m, 3)->data_pdv);
	assert_int_equal(ui_model_trace_get(m, 4)->count, 1);
	assert_null(ui_model_trace_get(m, 5));
	ui_model_free(m);
}

static double
line_time(const struct ui_model *m, uint64_t seq)
{
	return ui_ts_seconds(&ui_model_trace_get(m, seq)->time);
}

/* The SCP and SCU engines report from two threads: an event may arrive
 * after a later one of the other side.  The trace stays in time order,
 * each side's own lines keep their order, and a fold keeps the time of
 * its first PDU. */
static void
trace_lines_keep_time_order_across_threads(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;
	static const struct {
		enum dcb_side side;
		bool out;
		uint8_t type;
		bool data;
		double t;
	} arrivals[] = {
	    {DCB_SIDE_SCU, true, 0x01, false, 1.00},  /* A-ASSOCIATE-RQ */
	    {DCB_SIDE_SCU, false, 0x02, false, 1.03}, /* its AC, read after ... */
	    {DCB_SIDE_SCP, false, 0x01, false, 1.01}, /* ... the SCP saw the RQ */
	    {DCB_SIDE_SCP, true, 0x02, false, 1.02},  /* and answered */
	    {DCB_SIDE_SCU, true, 0x04, false, 1.04},  /* C-STORE-RQ command */
	    {DCB_SIDE_SCU, true, 0x04, true, 1.05},   /* its data ... */
	    {DCB_SIDE_SCU, true, 0x04, true, 1.09},   /* ... folded into one line */
	    {DCB_SIDE_SCU, false, 0x04, false, 1.12}, /* C-STORE-RSP read */
	    {DCB_SIDE_SCP, false, 0x04, false, 1.045},
	    {DCB_SIDE_SCP, false, 0x04, true, 1.06},
	    {DCB_SIDE_SCP, false, 0x04, true, 1.10},
	    {DCB_SIDE_SCP, true, 0x04, false, 1.11},  /* C-STORE-RSP sent */
	};
	static const double want[] = {1.00, 1.01, 1.02, 1.03, 1.04, 1.045, 1.05, 1.06, 1.11, 1.12};

	for (size_t i = 0; i < sizeof arrivals / sizeof arrivals[0]; i++) {
		ev = pdu(arrivals[i].side, 1, arrivals[i].out, arrivals[i].type, arrivals[i].data,
		         arrivals[i].data ? 16384 : 200, arrivals[i].t);
		ui_model_apply(m, &ev);
	}
	assert_int_equal(m->trace_next, sizeof want / sizeof want[0]);
	for (uint64_t s = 0; s < m->trace_next; s++) {
		assert_int_equal(ui_model_trace_get(m, s)->seq, s);
		if (line_time(m, s) < want[s] - 1e-6 || line_time(m, s) > want[s] + 1e-6)
			fail_msg("line %llu at %.3f, want %.3f", (unsigned long long)s,
			         line_time(m, s), want[s]);
	}
	assert_int_equal(ui_model_trace_get(m, 6)->count, 2);
	assert_int_equal(ui_model_trace_get(m, 7)->count, 2);
	/* Data of the next message is a line of its own. */
	ev = pdu(DCB_SIDE_SCU, 1, true, 0x04, true, 16384, 1.2);
	ev.u.pdu.dimse.known = true;
	ev.u.pdu.dimse.message_id = 2;
	ui_model_apply(m, &ev);
	assert_int_equal(m->trace_next, sizeof want / sizeof want[0] + 1);
	ui_model_free(m);
}

/* The ladder view's events: PDUs and states, data of one message once,
 * logs left out. */
static void
ladder_keeps_pdus_and_states(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev = ev_at(DCB_EV_ASSOC_STATE, DCB_SIDE_SCU, 1, 1.0);

	ev.u.assoc.state = 6;
	ui_model_apply(m, &ev);
	for (int i = 0; i < 5; i++) {
		ev = pdu(DCB_SIDE_SCU, 1, true, 0x04, true, 16384, 1.1 + i * 0.01);
		ev.u.pdu.dimse.known = true;
		ev.u.pdu.dimse.is_data = true;
		ev.u.pdu.dimse.message_id = 1;
		ui_model_apply(m, &ev);
	}
	ev = ev_at(DCB_EV_LOG, DCB_SIDE_SCU, 1, 1.2);
	ui_model_apply(m, &ev);
	assert_int_equal(m->ladder.n, 2);
	assert_int_equal(m->ladder.ev[1].repeat, 5);
	ui_model_free(m);
}

static void
trace_ring_keeps_the_newest(void **state)
{
	struct ui_model *m = ui_model_new();

	for (int i = 0; i < UI_TRACE_MAX + 10; i++) {
		struct dcb_event ev =
		    pdu(DCB_SIDE_SCU, 1, i % 2 == 0, 0x01 + i % 7, false, (uint32_t)i, 1.0);
		ui_model_apply(m, &ev);
	}
	assert_int_equal(ui_model_trace_first(m), 10);
	assert_null(ui_model_trace_get(m, 9));
	const struct ui_trace_entry *t = ui_model_trace_get(m, 10);
	assert_non_null(t);
	assert_int_equal(t->seq, 10);
	assert_int_equal(t->length, 10);
	assert_int_equal(ui_model_trace_get(m, UI_TRACE_MAX + 9)->length, UI_TRACE_MAX + 9);
	ui_model_free(m);
}

static void
scu_job_progress_and_results(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;

	ui_model_scu_job(m, 0, 3, 1, 3000, "PACS @ 127.0.0.1:11112");
	assert_true(m->scu.busy);
	assert_int_equal(m->scu.queued, 3);
	/* Many progress events: only the counters move, nothing is queued. */
	for (int i = 1; i <= 100; i++) {
		ev = ev_at(DCB_EV_PROGRESS, DCB_SIDE_SCU, 1, 10.0 + i * 0.001);
		snprintf(ev.u.progress.name, sizeof ev.u.progress.name, "IM1");
		ev.u.progress.done = (uint64_t)i * 10;
		ev.u.progress.total = 1000;
		ev.u.progress.job_done = (uint64_t)i * 10;
		ui_model_apply(m, &ev);
	}
	assert_int_equal(m->trace_next, 0);
	assert_int_equal(m->scu.cur_done, 1000);
	assert_int_equal(m->scu.job_done, 1000);
	assert_int_equal(m->scu.job_total, 3000);
	assert_string_equal(m->scu.current, "IM1");

	ev = ev_at(DCB_EV_FILE_RESULT, DCB_SIDE_SCU, 1, 10.2);
	snprintf(ev.u.file.path, sizeof ev.u.file.path, "/s/IM1");
	ev.u.file.ok = true;
	ev.u.file.bytes = 1000;
	ui_model_apply(m, &ev);
	snprintf(ev.u.file.path, sizeof ev.u.file.path, "/s/IM2");
	ev.u.file.ok = false;
	ev.u.file.status = 0xa900;
	snprintf(ev.u.file.reason, sizeof ev.u.file.reason, "no context");
	ui_model_apply(m, &ev);
	assert_int_equal(m->scu.done, 1);
	assert_int_equal(m->scu.failed, 1);
	assert_string_equal(ui_model_scu_file(m, 0)->path, "/s/IM2");
	assert_string_equal(ui_model_scu_file(m, 1)->path, "/s/IM1");
	assert_null(ui_model_scu_file(m, 2));
	assert_int_equal(m->scu.cur_done, 0);
	/* An engine that does not count the job: the model adds up files. */
	ev = ev_at(DCB_EV_PROGRESS, DCB_SIDE_SCU, 1, 10.25);
	ev.u.progress.done = 300;
	ev.u.progress.total = 1000;
	ui_model_apply(m, &ev);
	assert_int_equal(m->scu.job_done, 1000 + 1000 + 300);

	ev = ev_at(DCB_EV_JOB_DONE, DCB_SIDE_SCU, 1, 10.3);
	ev.u.done.ok = 1;
	ev.u.done.failed = 1;
	assert_true(ui_model_apply(m, &ev) & UI_DIRTY_STATUS);
	assert_false(m->scu.busy);
	assert_non_null(strstr(m->status, "2"));
	ui_model_free(m);
}

static void
throughput_over_windows(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;

	ev = ev_at(DCB_EV_PROGRESS, DCB_SIDE_SCP, 1, 100.0);
	ev.u.progress.done = 0;
	ui_model_apply(m, &ev);
	ev = ev_at(DCB_EV_PROGRESS, DCB_SIDE_SCP, 1, 100.4);
	ev.u.progress.done = 1000000;
	ui_model_apply(m, &ev);
	/* Less than a window: no number yet. */
	assert_int_equal(ui_model_tick(m, 100.4), 0);
	assert_true(m->scp.rate.bytes_per_s == 0.0);
	/* A full window: 1 MB in 0.5 s. */
	assert_int_equal(ui_model_tick(m, 100.5), UI_DIRTY_SCP);
	assert_true(m->scp.rate.bytes_per_s > 1.99e6 && m->scp.rate.bytes_per_s < 2.01e6);
	/* Idle for two seconds: back to zero. */
	ui_model_tick(m, 103.0);
	assert_true(m->scp.rate.bytes_per_s == 0.0);
	assert_true(m->scu.rate.bytes_per_s == 0.0);
	ui_model_free(m);
}

static void
findings_from_wire_and_files(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev = ev_at(DCB_EV_FINDING, DCB_SIDE_SCP, 4, 1.0);
	struct dcb_finding f;

	snprintf(ev.u.finding.code, sizeof ev.u.finding.code, "DCB207");
	ev.u.finding.severity = DCB_SEV_ERROR;
	snprintf(ev.u.finding.message, sizeof ev.u.finding.message, "instance differs");
	assert_int_equal(ui_model_apply(m, &ev), UI_DIRTY_FINDINGS);

	memset(&f, 0, sizeof f);
	snprintf(f.code, sizeof f.code, "DCB021");
	f.severity = DCB_SEV_WARNING;
	/* The browser reports a file's findings each time it looks: kept once. */
	ui_model_add_file_finding(m, &f, "/s/IM9");
	ui_model_add_file_finding(m, &f, "/s/IM9");
	assert_int_equal(m->nfindings, 2);
	for (int i = 1; i < UI_FINDINGS_MAX + 5; i++) {
		snprintf(f.where, sizeof f.where, "(0008,0018) #%d", i);
		ui_model_add_file_finding(m, &f, "/s/IM9");
	}
	assert_int_equal(m->nfindings, UI_FINDINGS_MAX + 6);
	assert_int_equal(ui_model_findings_count(m), UI_FINDINGS_MAX);
	assert_int_equal(m->findings_errors, 1);
	assert_int_equal(m->findings_warnings, UI_FINDINGS_MAX + 5);
	/* The oldest (the wire finding) was dropped first. */
	const struct ui_finding_entry *e = ui_model_finding(m, 0);
	assert_string_equal(e->f.code, "DCB021");
	assert_true(e->from_file);
	assert_string_equal(e->source, "/s/IM9");
	assert_null(ui_model_finding(m, UI_FINDINGS_MAX));
	ui_model_free(m);
}

static void
tls_and_errors_reach_the_trace(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev = ev_at(DCB_EV_TLS, DCB_SIDE_SCU, 3, 1.0);

	ev.u.tls.ok = true;
	snprintf(ev.u.tls.version, sizeof ev.u.tls.version, "TLS1.3");
	snprintf(ev.u.tls.cipher, sizeof ev.u.tls.cipher, "TLS_AES_256_GCM_SHA384");
	ui_model_apply(m, &ev);
	assert_true(m->assoc[0].tls);
	assert_string_equal(m->assoc[0].tls_version, "TLS1.3");
	const struct ui_trace_entry *t = ui_model_trace_get(m, 0);
	assert_int_equal(t->kind, UI_TRACE_TLS);
	assert_non_null(strstr(t->text, "TLS1.3"));

	ev = ev_at(DCB_EV_ERROR, DCB_SIDE_SCP, 0, 2.0);
	snprintf(ev.u.error.text, sizeof ev.u.error.text, "port 104: permission denied");
	ui_model_apply(m, &ev);
	assert_string_equal(m->scp.last_error, "port 104: permission denied");
	assert_string_equal(m->status, "port 104: permission denied");
	assert_int_equal(ui_model_trace_get(m, 1)->kind, UI_TRACE_ERROR);

	/* Debug log lines stay out of the trace. */
	ev = ev_at(DCB_EV_LOG, DCB_SIDE_SCP, 0, 3.0);
	ev.u.log.level = DCB_LOG_DEBUG;
	assert_int_equal(ui_model_apply(m, &ev), 0);
	assert_int_equal(m->trace_next, 2);
	ui_model_free(m);
}

static void
text_fits_with_ellipsis(void **state)
{
	char buf[64];

	assert_int_equal(ui_text_width("abc"), 3);
	assert_int_equal(ui_text_width("Größe…"), 6);
	assert_int_equal(ui_text_fit(buf, sizeof buf, "abcdef", 6), 6);
	assert_string_equal(buf, "abcdef");
	assert_int_equal(ui_text_fit(buf, sizeof buf, "abcdefg", 6), 6);
	assert_string_equal(buf, "abcde…");
	ui_text_fit(buf, sizeof buf, "Übertragung", 4);
	assert_string_equal(buf, "Übe…");
	ui_text_fit_left(buf, sizeof buf, "/usr/share/samples", 8);
	assert_string_equal(buf, "…samples");
	assert_int_equal(ui_text_pad(buf, sizeof buf, "ab", 5), 5);
	assert_string_equal(buf, "ab   ");
	/* A small buffer never overflows. */
	char tiny[5];
	ui_text_fit(tiny, sizeof tiny, "abcdefgh", 8);
	assert_true(strlen(tiny) < sizeof tiny);
	ui_fmt_bytes(buf, sizeof buf, 512);
	assert_string_equal(buf, "512 B");
	ui_fmt_bytes(buf, sizeof buf, 1536);
	assert_string_equal(buf, "1.5 KB");
	ui_fmt_bytes(buf, sizeof buf, 3u * 1024 * 1024);
	assert_string_equal(buf, "3 MB");
	const uint8_t raw[] = {0x01, 0x00, 'A', 'B'};
	ui_fmt_hexline(buf, sizeof buf, raw, sizeof raw, 16);
	assert_non_null(strstr(buf, "0010  01 00 41 42"));
	assert_non_null(strstr(buf, "|..AB|"));
}

static void
settings_round_trip(void **state)
{
	struct ui_settings s, t;
	char msg[256], path[] = "/tmp/dcb-ui-settings-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	ui_settings_defaults(&s);
	assert_int_equal(ui_setting_set(&s, "scp-port", "4242", msg, sizeof msg), 0);
	assert_int_equal(ui_setting_set(&s, "scu-tls", "yes", msg, sizeof msg), 0);
	assert_int_equal(ui_setting_set(&s, "scp-aet", "MY PACS", msg, sizeof msg), 0);
	assert_int_equal(ui_setting_set(&s, "scp-port", "70000", msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "scp-port"));
	assert_int_equal(ui_setting_set(&s, "scp-aet", "AN AE TITLE TOO LONG", msg, sizeof msg),
	                 -1);
	assert_int_equal(ui_setting_set(&s, "nonsense", "1", msg, sizeof msg), -1);
	assert_int_equal(ui_settings_save(&s, path, msg, sizeof msg), 0);
	ui_settings_defaults(&t);
	assert_int_equal(ui_settings_load(&t, path, msg, sizeof msg), 0);
	assert_int_equal(t.scp_port, 4242);
	assert_true(t.scu_tls);
	assert_string_equal(t.scp_aet, "MY PACS");
	assert_memory_equal(&s, &t, sizeof s);

	FILE *f = fopen(path, "w");
	fputs("scp-port = 1\nthis line is wrong\n", f);
	fclose(f);
	assert_int_equal(ui_settings_load(&t, path, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, ":2:"));
	unlink(path);
	assert_int_equal(ui_settings_load(&t, path, msg, sizeof msg), 1);
}

/* The SCP's end of one association as the engine reports it: Sta13 and
 * Sta1, both "released". */
static void
scp_assoc_released(struct ui_model *m, uint32_t id, uint8_t ctx, double t)
{
	static const int states[] = {2, 3, 6, 13, 1};
	struct dcb_event ev;

	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		ev = ev_at(DCB_EV_ASSOC_STATE, DCB_SIDE_SCP, id, t + (double)i * 0.01);
		ev.u.assoc.state = states[i];
		snprintf(ev.u.assoc.peer, sizeof ev.u.assoc.peer, "127.0.0.1:%u", 40000 + id);
		if (states[i] == 13 || states[i] == 1)
			snprintf(ev.u.assoc.reason, sizeof ev.u.assoc.reason, "released");
		if (states[i] == 6) {
			ui_model_apply(m, &ev);
			ev = ev_at(DCB_EV_CONTEXT, DCB_SIDE_SCP, id, t + 0.025);
			ev.u.context.id = ctx;
			ev.u.context.accepted = true;
		}
		ui_model_apply(m, &ev);
	}
}

/* Lines of the trace whose text is text. */
static unsigned
trace_lines_with(const struct ui_model *m, enum dcb_side side, uint32_t id, const char *text)
{
	unsigned n = 0;

	for (uint64_t s = ui_model_trace_first(m); s < m->trace_next; s++) {
		const struct ui_trace_entry *e = ui_model_trace_get(m, s);
		n += e->side == side && e->assoc_id == id && strcmp(e->text, text) == 0;
	}
	return n;
}

static void
association_end_is_reported_once(void **state)
{
	struct ui_model *m = ui_model_new();

	scp_assoc_released(m, 1, 1, 10.0);
	assert_int_equal(trace_lines_with(m, DCB_SIDE_SCP, 1, "Sta1 released"), 1);
	assert_int_equal(trace_lines_with(m, DCB_SIDE_SCP, 1, "Sta13 released"), 1);
	/* The same end again (an engine that says it twice): no new line. */
	struct dcb_event ev = ev_at(DCB_EV_ASSOC_STATE, DCB_SIDE_SCP, 1, 10.5);
	ev.u.assoc.state = 1;
	snprintf(ev.u.assoc.reason, sizeof ev.u.assoc.reason, "released");
	assert_int_equal(ui_model_apply(m, &ev), 0);
	assert_int_equal(trace_lines_with(m, DCB_SIDE_SCP, 1, "Sta1 released"), 1);
	assert_int_equal(m->nassoc, 1);

	/* A restarted engine counts from 1 again: the id's second
	 * association is a new one, in front, without the old contexts; the
	 * first one stays below as it ended. */
	scp_assoc_released(m, 1, 3, 20.0);
	assert_int_equal(m->nassoc, 2);
	assert_int_equal(m->assoc[0].id, 1);
	assert_int_equal(m->assoc[1].id, 1);
	assert_string_equal(m->assoc[0].peer, "127.0.0.1:40001");
	assert_int_equal(m->assoc[0].nctx, 1);
	assert_int_equal(m->assoc[0].ctx[0].id, 3);
	assert_int_equal(m->assoc[1].nctx, 1);
	assert_int_equal(m->assoc[1].ctx[0].id, 1);
	assert_true(m->assoc[0].closed && m->assoc[1].closed);
	/* A TLS handshake for a closed id belongs to the next association. */
	ev = ev_at(DCB_EV_TLS, DCB_SIDE_SCP, 1, 30.0);
	ev.u.tls.ok = true;
	snprintf(ev.u.tls.version, sizeof ev.u.tls.version, "TLS1.3");
	ui_model_apply(m, &ev);
	assert_int_equal(m->nassoc, 3);
	assert_true(m->assoc[0].tls);
	assert_false(m->assoc[0].closed);
	assert_false(m->assoc[1].tls);
	ui_model_free(m);
}

static void
file_result(struct ui_model *m, const char *path, bool ok, uint64_t bytes, double t)
{
	struct dcb_event ev = ev_at(DCB_EV_FILE_RESULT, DCB_SIDE_SCU, 1, t);

	snprintf(ev.u.file.path, sizeof ev.u.file.path, "%s", path);
	ev.u.file.ok = ok;
	ev.u.file.status = ok ? 0 : 0xa700;
	ev.u.file.bytes = bytes;
	ui_model_apply(m, &ev);
}

static void
repeated_job_counts_objects(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;
	char line[256];

	/* One file of 1000 bytes, sent 3 times: three objects, 3000 bytes. */
	/* Before any job: what to do, not "0 of 0". */
	ui_model_scu_counts(m, line, sizeof line);
	assert_string_equal(line, "nothing queued: mark files in the browser, F5 sends");
	ui_model_scu_job(m, 0, 1, 3, 1000, "PACS @ 127.0.0.1:11112");
	assert_int_equal(m->scu.queued, 3);
	assert_int_equal(m->scu.job_total, 3000);
	ui_model_scu_counts(m, line, sizeof line);
	assert_string_equal(line, "0 of 3 objects · 0 sent · 0 failed · 1 file × 3");

	file_result(m, "/s/IM1", true, 1000, 1.0);
	/* Halfway through the second copy: the job bar is at 1500 of 3000. */
	ev = ev_at(DCB_EV_PROGRESS, DCB_SIDE_SCU, 1, 1.1);
	snprintf(ev.u.progress.name, sizeof ev.u.progress.name, "/s/IM1");
	ev.u.progress.done = 500;
	ev.u.progress.total = 1000;
	ui_model_apply(m, &ev);
	assert_int_equal(m->scu.job_done, 1500);
	assert_int_equal(m->scu.job_total, 3000);
	ui_model_scu_counts(m, line, sizeof line);
	assert_string_equal(line, "1 of 3 objects · 1 sent · 0 failed · 1 file × 3");

	file_result(m, "/s/IM1", true, 1000, 1.2);
	file_result(m, "/s/IM1", false, 0, 1.3);
	ui_model_scu_counts(m, line, sizeof line);
	assert_string_equal(line, "3 of 3 objects · 2 sent · 1 failed · 1 file × 3");

	/* The next job, not repeated: no "× n", counts from 0 again. */
	ui_model_scu_job(m, 0, 2, 0, 2000, NULL);
	assert_int_equal(m->scu.queued, 2);
	assert_int_equal(m->scu.job_total, 2000);
	file_result(m, "/s/IM2", true, 1000, 2.0);
	ui_model_scu_counts(m, line, sizeof line);
	assert_string_equal(line, "1 of 2 objects · 1 sent · 0 failed");
	ui_model_scu_job(m, 0, 1, 1, 10, NULL);
	ui_model_scu_counts(m, line, sizeof line);
	assert_string_equal(line, "0 of 1 object · 0 sent · 0 failed");
	ui_model_free(m);
}

/* An association of side opened: state sta (2: it came in; 4: it goes
 * out), calling and called AE titles. */
static void
assoc_opened(struct ui_model *m, enum dcb_side side, uint32_t id, int sta, const char *calling,
             const char *called, double t)
{
	struct dcb_event ev = ev_at(DCB_EV_ASSOC_STATE, side, id, t);

	ev.u.assoc.state = sta;
	snprintf(ev.u.assoc.calling_ae, sizeof ev.u.assoc.calling_ae, "%s", calling);
	snprintf(ev.u.assoc.called_ae, sizeof ev.u.assoc.called_ae, "%s", called);
	ui_model_apply(m, &ev);
}

/* A DIMSE message sent or received. */
static struct dcb_event
dimse_message(enum dcb_side side, uint32_t id, bool out, uint16_t command, uint16_t msg_id,
              double t)
{
	struct dcb_event ev = ev_at(DCB_EV_MESSAGE, side, id, t);

	ev.u.message.outgoing = out;
	ev.u.message.dimse.known = true;
	ev.u.message.dimse.has_command = true;
	ev.u.message.dimse.command = command;
	ev.u.message.dimse.message_id = msg_id;
	return ev;
}

/* A C-STORE-RQ on association id, a sub-operation of the C-MOVE msg_id
 * that originator asked for. */
static void
sub_store(struct ui_model *m, enum dcb_side side, uint32_t id, bool out, uint16_t msg_id,
          const char *originator, double t)
{
	struct dcb_event ev = dimse_message(side, id, out, 0x0001, 1, t);

	ev.u.message.dimse.move_originator_id = msg_id;
	snprintf(ev.u.message.dimse.move_originator_ae, sizeof ev.u.message.dimse.move_originator_ae,
	         "%s", originator);
	ui_model_apply(m, &ev);
}

/* A send's storage commitment: waiting, then as the report says, or why
 * there was none; the next send starts without one. */
static void
commit_of_a_send(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev = ev_at(DCB_EV_COMMIT, DCB_SIDE_SCU, 2, 1.0);
	char buf[200];

	(void)state;
	assert_int_equal(ui_model_commit_text(m, buf, sizeof buf), 0);
	ev.u.commit.asked = 3;
	ui_model_apply(m, &ev);
	ui_model_commit_text(m, buf, sizeof buf);
	assert_string_equal(buf, "storage commitment: waiting for the report (3 objects)");
	ev.u.commit.final = true;
	ev.u.commit.committed = 2;
	ev.u.commit.failed = 1;
	ui_model_apply(m, &ev);
	ui_model_commit_text(m, buf, sizeof buf);
	assert_string_equal(buf, "storage commitment: 2 of 3 committed · 1 failed");
	snprintf(ev.u.commit.why, sizeof ev.u.commit.why, "no report within 30 s");
	ui_model_apply(m, &ev);
	ui_model_commit_text(m, buf, sizeof buf);
	assert_string_equal(buf, "storage commitment: none: no report within 30 s");
	ui_model_scu_job(m, 3, 1, 1, 100, "PACS");
	assert_int_equal(ui_model_commit_text(m, buf, sizeof buf), 0);
	ui_model_free(m);
}

/* Any service's messages: counted on their association, the last in
 * words for the pane. */
static void
messages_of_any_service(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;
	const struct ui_assoc *a;

	(void)state;
	assoc_opened(m, DCB_SIDE_SCU, 1, 6, "STORESCU", "PACS", 1.0);
	ev = dimse_message(DCB_SIDE_SCU, 1, true, 0x0130, 1, 1.1); /* N-ACTION-RQ */
	ui_model_apply(m, &ev);
	ev = dimse_message(DCB_SIDE_SCU, 1, false, 0x8130, 1, 1.2); /* N-ACTION-RSP */
	ev.u.message.dimse.has_status = true;
	ui_model_apply(m, &ev);
	a = ui_model_assoc_find(m, DCB_SIDE_SCU, 1);
	assert_non_null(a);
	assert_int_equal(a->messages, 2);
	assert_string_equal(a->last_message, "N-ACTION-RSP ID=1 (Success)");
	ui_model_free(m);
}

/* Both engines' associations in one list, most recent first; each pane
 * takes its side's; a busy side does not push the other's out. */
static void
one_list_of_both_sides(void **state)
{
	struct ui_model *m = ui_model_new();
	struct ui_assoc_row rows[UI_MAX_ASSOC];

	(void)state;
	assoc_opened(m, DCB_SIDE_SCU, 1, 4, "DCBSCU", "PACS", 1.0);
	assoc_opened(m, DCB_SIDE_SCP, 1, 2, "DCBSCU", "PACS", 1.1);
	assert_int_equal(m->nassoc, 2);
	assert_int_equal(m->assoc[0].side, DCB_SIDE_SCP);
	assert_int_equal(m->assoc[1].side, DCB_SIDE_SCU);
	assert_true(m->assoc[1].requestor);
	assert_false(m->assoc[0].requestor);
	assert_int_equal(ui_model_assoc_rows(m, DCB_SIDE_SCU, rows, UI_MAX_ASSOC), 1);
	assert_ptr_equal(rows[0].a, ui_model_assoc_find(m, DCB_SIDE_SCU, 1));
	assert_int_equal(rows[0].depth, 0);
	/* The same id on the two sides: two associations. */
	assert_ptr_not_equal(ui_model_assoc_find(m, DCB_SIDE_SCP, 1),
	                     ui_model_assoc_find(m, DCB_SIDE_SCU, 1));
	assert_null(ui_model_assoc_find(m, DCB_SIDE_SCU, 2));

	for (uint32_t id = 2; id <= 2 * UI_MAX_ASSOC; id++)
		assoc_opened(m, DCB_SIDE_SCP, id, 2, "STORER", "PACS", 1.0 + id);
	assert_int_equal(m->nassoc, UI_MAX_ASSOC);
	assert_non_null(ui_model_assoc_find(m, DCB_SIDE_SCU, 1));
	int n = ui_model_assoc_rows(m, DCB_SIDE_SCP, rows, UI_MAX_ASSOC);
	assert_int_equal(n, UI_MAX_ASSOC - 1);
	assert_int_equal(rows[0].a->id, 2 * UI_MAX_ASSOC);
	for (int i = 0; i < n; i++)
		assert_int_equal(rows[i].a->side, DCB_SIDE_SCP);
	/* fewer rows than kept: the most recent ones */
	assert_int_equal(ui_model_assoc_rows(m, DCB_SIDE_SCP, rows, 3), 3);
	assert_int_equal(rows[2].a->id, 2 * UI_MAX_ASSOC - 2);
	ui_model_free(m);
}

/* movescu asks our SCP for a C-MOVE to DEST: the SCP's own association
 * out to DEST (a requestor, though the SCP's) carries C-STORE-RQs naming
 * MOVER and the C-MOVE's message ID, and comes under MOVER's association,
 * not under another one's, in the SCP's rows. */
static void
move_sub_association_nests_under_its_parent(void **state)
{
	struct ui_model *m = ui_model_new();
	struct ui_assoc_row rows[UI_MAX_ASSOC];
	struct dcb_event ev;

	(void)state;
	assoc_opened(m, DCB_SIDE_SCP, 1, 2, "MOVER", "PACS", 1.0);
	assoc_opened(m, DCB_SIDE_SCP, 2, 2, "OTHER", "PACS", 1.1);
	ev = dimse_message(DCB_SIDE_SCP, 2, false, 0x0021, 7, 1.2); /* OTHER's C-MOVE #7 */
	ui_model_apply(m, &ev);
	ev = dimse_message(DCB_SIDE_SCP, 1, false, 0x0021, 7, 1.3); /* MOVER's C-MOVE #7 */
	ui_model_apply(m, &ev);
	assoc_opened(m, DCB_SIDE_SCP, 3, 4, "PACS", "DEST", 1.4);
	ev = pdu(DCB_SIDE_SCP, 3, true, 0x01, false, 300, 1.5); /* its A-ASSOCIATE-RQ */
	ui_model_apply(m, &ev);
	sub_store(m, DCB_SIDE_SCP, 3, true, 7, "MOVER", 1.6);
	assoc_opened(m, DCB_SIDE_SCP, 4, 2, "STORER", "PACS", 1.7);

	const struct ui_assoc *sub = ui_model_assoc_find(m, DCB_SIDE_SCP, 3);
	assert_true(sub->requestor);
	assert_int_equal(sub->parent, ui_model_assoc_find(m, DCB_SIDE_SCP, 1)->serial);
	assert_int_equal(ui_model_assoc_rows(m, DCB_SIDE_SCP, rows, UI_MAX_ASSOC), 4);
	assert_int_equal(rows[0].a->id, 4);
	assert_int_equal(rows[1].a->id, 2);
	assert_int_equal(rows[2].a->id, 1);
	assert_int_equal(rows[2].depth, 0);
	assert_int_equal(rows[3].a->id, 3);
	assert_int_equal(rows[3].depth, 1);

	/* A C-STORE-RQ naming an AE title no association called from: no
	 * parent; and a plain C-STORE-RQ (no C-MOVE): none either. */
	assoc_opened(m, DCB_SIDE_SCP, 5, 4, "PACS", "DEST", 2.0);
	sub_store(m, DCB_SIDE_SCP, 5, true, 7, "NOBODY", 2.1);
	assert_int_equal(ui_model_assoc_find(m, DCB_SIDE_SCP, 5)->parent, 0);
	ev = dimse_message(DCB_SIDE_SCP, 4, false, 0x0001, 1, 2.2);
	ui_model_apply(m, &ev);
	assert_int_equal(ui_model_assoc_find(m, DCB_SIDE_SCP, 4)->parent, 0);
	ui_model_free(m);
}

/* Our SCU moves from another PACS to our SCP: the sub-association comes
 * in on the SCP's side, its parent is the SCU's association; the SCP
 * pane, which does not show that one, lists it at the top level.  An
 * SCU's incoming sub-association (movescu +P) nests in the SCU's rows. */
static void
move_parent_on_the_other_side(void **state)
{
	struct ui_model *m = ui_model_new();
	struct ui_assoc_row rows[UI_MAX_ASSOC];
	struct dcb_event ev;

	(void)state;
	assoc_opened(m, DCB_SIDE_SCU, 1, 4, "DCBSCU", "SRC", 1.0);
	ev = dimse_message(DCB_SIDE_SCU, 1, true, 0x0021, 1, 1.1);
	ui_model_apply(m, &ev);
	assoc_opened(m, DCB_SIDE_SCP, 1, 2, "SRC", "PACS", 1.2);
	sub_store(m, DCB_SIDE_SCP, 1, false, 1, "DCBSCU", 1.3);
	unsigned scu = ui_model_assoc_find(m, DCB_SIDE_SCU, 1)->serial;
	assert_int_equal(ui_model_assoc_find(m, DCB_SIDE_SCP, 1)->parent, scu);
	assert_int_equal(ui_model_assoc_rows(m, DCB_SIDE_SCP, rows, UI_MAX_ASSOC), 1);
	assert_int_equal(rows[0].depth, 0);

	assoc_opened(m, DCB_SIDE_SCU, 2, 2, "SRC", "DCBSCU", 1.4);
	sub_store(m, DCB_SIDE_SCU, 2, false, 1, "DCBSCU", 1.5);
	assert_int_equal(ui_model_assoc_rows(m, DCB_SIDE_SCU, rows, UI_MAX_ASSOC), 2);
	assert_int_equal(rows[0].a->serial, scu);
	assert_int_equal(rows[1].a->id, 2);
	assert_int_equal(rows[1].depth, 1);
	assert_false(rows[1].a->requestor);
	ui_model_free(m);
}

static struct dcb_event
job_done(int job, unsigned ok, double t)
{
	struct dcb_event ev = ev_at(DCB_EV_JOB_DONE, DCB_SIDE_SCU, 0, t);

	ev.job = job;
	ev.u.done.ok = ok;
	return ev;
}

/* A send and a query run at once; their ends come in either order and
 * each ends its own job, told by the job number. */
static void
query_and_send_ends_by_job_number(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;

	(void)state;
	ui_model_scu_job(m, 5, 2, 1, 2000, "PACS @ 127.0.0.1:11112");
	ui_qr_begin_find(&m->qr, DCB_QR_STUDY, false);
	ev = ev_at(DCB_EV_RESPONSE, DCB_SIDE_SCU, 2, 1.0); /* a pending answer of job 6 */
	ev.job = 6;
	ev.u.response.command = 0x8020;
	ev.u.response.status = 0xff00;
	ui_model_apply(m, &ev);
	assert_int_equal(m->qr.find_job, 6);
	/* the send ends first: the query runs on */
	ev = job_done(5, 2, 2.0);
	ui_model_apply(m, &ev);
	assert_false(m->scu.busy);
	assert_int_equal(m->qr.find, UI_QR_RUNNING);
	assert_int_equal(m->qr.jobs, 1);
	assert_non_null(strstr(m->status, "Sent 2 objects"));
	/* then the query's job, without its final answer: the query failed */
	ev = job_done(6, 0, 3.0);
	ui_model_apply(m, &ev);
	assert_int_equal(m->qr.find, UI_QR_FAILED);
	assert_int_equal(m->qr.jobs, 0);

	/* The other way round: the query's end first leaves the send busy. */
	ui_model_scu_job(m, 7, 1, 1, 1000, NULL);
	ui_qr_begin_find(&m->qr, DCB_QR_STUDY, false);
	ev = ev_at(DCB_EV_RESPONSE, DCB_SIDE_SCU, 4, 4.0);
	ev.job = 8;
	ev.u.response.command = 0x8020;
	ev.u.response.final = true;
	ui_model_apply(m, &ev);
	assert_int_equal(m->qr.find, UI_QR_DONE);
	m->status[0] = '\0';
	ev = job_done(8, 1, 5.0);
	ui_model_apply(m, &ev);
	assert_true(m->scu.busy);
	assert_int_equal(m->qr.find, UI_QR_DONE);
	assert_string_equal(m->status, "");
	ev = job_done(7, 1, 6.0);
	ui_model_apply(m, &ev);
	assert_false(m->scu.busy);
	assert_int_equal(m->qr.find, UI_QR_DONE);
	ui_model_free(m);
}

/* F6's C-ECHO ends while a send and a query run: it ends neither, and
 * the status line says it was answered. */
static void
echo_end_is_its_own(void **state)
{
	struct ui_model *m = ui_model_new();
	struct dcb_event ev;

	(void)state;
	ui_model_scu_job(m, 1, 1, 1, 1000, NULL);
	ui_qr_begin_find(&m->qr, DCB_QR_STUDY, false);
	ev = ev_at(DCB_EV_RESPONSE, DCB_SIDE_SCU, 2, 1.0);
	ev.job = 2;
	ev.u.response.command = 0x8020;
	ev.u.response.status = 0xff00;
	ui_model_apply(m, &ev);
	ui_model_scu_echo(m, 3);
	ev = job_done(3, 1, 2.0);
	ev.u.done.seconds = 0.25;
	ui_model_apply(m, &ev);
	assert_true(m->scu.busy);
	assert_int_equal(m->qr.find, UI_QR_RUNNING);
	assert_int_equal(m->qr.jobs, 1);
	assert_string_equal(m->status, "C-ECHO answered in 0.250 s.");
	ev = job_done(3, 0, 3.0); /* (a second echo of that number: not answered) */
	ev.u.done.failed = 1;
	ui_model_apply(m, &ev);
	assert_string_equal(m->status, "C-ECHO not answered.");
	ui_model_free(m);
}

/* The SCP's archive: counts in words, a change marks the SCP pane dirty,
 * the same counts again do not. */
static void
archive_counts_in_words(void **state)
{
	struct ui_model *m = ui_model_new();
	const size_t counts[4] = {1, 2, 2, 3};
	char buf[160];

	(void)state;
	ui_model_archive_counts(m, buf, sizeof buf);
	assert_string_equal(buf, "archive: none (storage only)");
	m->dirty = 0;
	assert_int_equal(ui_model_scp_archive(m, counts), UI_DIRTY_SCP);
	assert_int_equal(m->dirty, UI_DIRTY_SCP);
	ui_model_archive_counts(m, buf, sizeof buf);
	assert_string_equal(buf, "archive: 1 patient · 2 studies · 2 series · 3 instances");
	assert_int_equal(ui_model_scp_archive(m, counts), 0);
	assert_int_equal(ui_model_scp_archive(m, NULL), UI_DIRTY_SCP);
	assert_false(m->scp.archive_on);
	ui_model_free(m);
}

/* While the SCP's thread reconciles the index, the archive line says how
 * far it is; the counts that follow end it, even when they are the same
 * as before. */
static void
archive_reconcile_progress(void **state)
{
	struct ui_model *m = ui_model_new();
	const size_t counts[4] = {1, 1, 1, 4};
	char buf[160];

	(void)state;
	assert_int_equal(ui_model_scp_archive(m, counts), UI_DIRTY_SCP);
	m->dirty = 0;
	assert_int_equal(ui_model_scp_archive_progress(m, 37, 0), UI_DIRTY_SCP);
	ui_model_archive_counts(m, buf, sizeof buf);
	assert_string_equal(buf, "archive: counting the folder's files: 37 …");
	ui_model_scp_archive_progress(m, 1200, 5000);
	ui_model_archive_counts(m, buf, sizeof buf);
	assert_string_equal(buf, "archive: indexing the folder: 1200 of 5000 files …");
	m->dirty = 0;
	assert_int_equal(ui_model_scp_archive(m, counts), UI_DIRTY_SCP);
	assert_false(m->scp.archive_indexing);
	ui_model_archive_counts(m, buf, sizeof buf);
	assert_string_equal(buf, "archive: 1 patient · 1 study · 1 series · 4 instances");
	ui_model_free(m);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(listening_and_stored),
	    cmocka_unit_test(associations_and_contexts),
	    cmocka_unit_test(data_pdus_fold_into_one_line),
	    cmocka_unit_test(trace_ring_keeps_the_newest),
	    cmocka_unit_test(ladder_keeps_pdus_and_states),
	    cmocka_unit_test(trace_lines_keep_time_order_across_threads),
	    cmocka_unit_test(scu_job_progress_and_results),
	    cmocka_unit_test(association_end_is_reported_once),
	    cmocka_unit_test(repeated_job_counts_objects),
	    cmocka_unit_test(throughput_over_windows),
	    cmocka_unit_test(findings_from_wire_and_files),
	    cmocka_unit_test(tls_and_errors_reach_the_trace),
	    cmocka_unit_test(text_fits_with_ellipsis),
	    cmocka_unit_test(settings_round_trip),
	    cmocka_unit_test(archive_counts_in_words),
	    cmocka_unit_test(archive_reconcile_progress),
	    cmocka_unit_test(messages_of_any_service),
	    cmocka_unit_test(commit_of_a_send),
	    cmocka_unit_test(one_list_of_both_sides),
	    cmocka_unit_test(move_sub_association_nests_under_its_parent),
	    cmocka_unit_test(move_parent_on_the_other_side),
	    cmocka_unit_test(query_and_send_ends_by_job_number),
	    cmocka_unit_test(echo_end_is_its_own),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
