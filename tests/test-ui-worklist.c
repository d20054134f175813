/* test-ui-worklist.c — the dashboard's worklist view (ui/worklist-view.c):
 * the demo's sample entries (complete, as dcmtk's -efr check wants them),
 * rows with their fields, each entry's MPPS state from the steps on disk,
 * changes seen and no change reported when there was none, an unreadable
 * file, a missing folder; the entry form's values checked, a new entry's
 * file name; the queries answered, with why each entry did not match. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/dset.h"
#include "../src/mpps.h"
#include "../src/worklist-store.h"
#include "../src/worklist.h"
#include "../ui/settings.h"
#include "../ui/worklist-queries.h"
#include "../ui/worklist-view.h"
#include "wl-build.h"

struct fx {
	char tmp[64];
	char root[256];
	struct ui_settings cfg;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->tmp, sizeof f->tmp, "/tmp/dcb-uiwl-XXXXXX");
	assert_non_null(mkdtemp(f->tmp));
	ui_settings_defaults(&f->cfg);
	snprintf(f->cfg.state_dir, sizeof f->cfg.state_dir, "%s", f->tmp);
	snprintf(f->root, sizeof f->root, "%s/worklist", f->tmp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->tmp);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static const struct ui_wl_row *
row_of(const struct ui_wl_view *v, const char *accession)
{
	for (size_t i = 0; i < ui_wl_view_count(v); i++)
		if (strcmp(ui_wl_view_row(v, i)->f.accession, accession) == 0)
			return ui_wl_view_row(v, i);
	return NULL;
}

/* A step file as the MPPS SCP writes it, performing entry ACC1. */
static void
write_step(const char *root, const char *uid, const char *status)
{
	struct dcb_dset *ds = wl_mpps_create(status);
	char dir[512], path[600];

	dcb_mpps_dir(root, dir, sizeof dir);
	assert_int_equal(ui_mkdirs(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/%s.dcm", dir, uid);
	assert_int_equal(dcb_worklist_write_file(path, ds, NULL), 0);
	dcb_dset_free(ds);
}

static void
demo_entries_are_complete(void **state)
{
	struct fx *f = *state;
	char msg[512], path[600], why[256];
	struct dcb_dset *ds;

	assert_int_equal(ui_wl_demo_entries(&f->cfg, msg, sizeof msg), 1);
	assert_non_null(strstr(msg, "PACS"));
	/* made once: the folder is there now */
	assert_int_equal(ui_wl_demo_entries(&f->cfg, msg, sizeof msg), 0);
	snprintf(path, sizeof path, "%s/PACS/lockfile", f->root);
	assert_int_equal(access(path, F_OK), 0);
	for (int i = 1; i <= 3; i++) {
		snprintf(path, sizeof path, "%s/PACS/demo%d.wl", f->root, i);
		assert_int_equal(dcb_worklist_read_file(path, &ds, NULL), 0);
		assert_false(dcb_worklist_incomplete(ds, why, sizeof why));
		dcb_dset_free(ds);
	}
	/* a folder the user set is never filled */
	snprintf(f->cfg.worklist, sizeof f->cfg.worklist, "%s/mine", f->tmp);
	assert_int_equal(ui_wl_demo_entries(&f->cfg, msg, sizeof msg), 0);
	assert_int_not_equal(access(f->cfg.worklist, F_OK), 0);
}

static void
rows_and_mpps_states(void **state)
{
	struct fx *f = *state;
	char msg[512], path[600], today[9];
	struct ui_wl_view *v;
	const struct ui_wl_row *r;
	unsigned steps[3];
	time_t now = time(NULL);
	struct tm tm;

	assert_int_equal(ui_wl_demo_entries(&f->cfg, msg, sizeof msg), 1);
	v = ui_wl_view_new(f->root, false, "PACS");
	assert_true(ui_wl_view_is(v, f->root, false, "PACS"));
	assert_false(ui_wl_view_is(v, f->root, true, "PACS"));
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(ui_wl_view_count(v), 3);
	r = row_of(v, "DEMO0002");
	assert_non_null(r);
	assert_string_equal(r->f.patient, "Müller^Anna");
	assert_string_equal(r->f.station, "MR1");
	assert_string_equal(r->f.modality, "MR");
	assert_string_equal(r->f.procedure, "MR Knee");
	assert_string_equal(r->f.time, "0930");
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y%m%d", &tm);
	assert_string_equal(r->f.date, today);
	assert_true(r->readable);
	assert_int_equal(r->mpps, -1);
	assert_string_equal(ui_wl_state_text(r->mpps), "—");
	/* nothing changed: nothing to draw */
	assert_int_equal(ui_wl_view_refresh(v), 0);

	/* an entry added, then a step performing it */
	snprintf(path, sizeof path, "%s/PACS/acc1.wl", f->root);
	{
		struct dcb_dset *ds = wl_entry("DOE^JOHN", "ACC1", "CT1", "CT", "20240105");
		wl_write(path, ds, WL_ELE, true);
		dcb_dset_free(ds);
	}
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(ui_wl_view_count(v), 4);
	assert_int_equal(row_of(v, "ACC1")->mpps, -1);
	write_step(f->root, "1.2.9.1", "IN PROGRESS");
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(row_of(v, "ACC1")->mpps, DCB_MPPS_IN_PROGRESS);
	assert_string_equal(ui_wl_state_text(row_of(v, "ACC1")->mpps), "IN PROGRESS");
	assert_int_equal(row_of(v, "DEMO0001")->mpps, -1);
	ui_wl_view_steps(v, steps);
	assert_int_equal(steps[DCB_MPPS_IN_PROGRESS], 1);
	assert_int_equal(steps[DCB_MPPS_COMPLETED], 0);
	/* the step discontinued, then a second one in progress, completed:
	 * whatever their UIDs' order, the row shows the one that matters */
	write_step(f->root, "1.2.9.1", "DISCONTINUED");
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(row_of(v, "ACC1")->mpps, DCB_MPPS_DISCONTINUED);
	write_step(f->root, "1.2.9.0", "IN PROGRESS");
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(row_of(v, "ACC1")->mpps, DCB_MPPS_IN_PROGRESS);
	write_step(f->root, "1.2.9.0", "COMPLETED");
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(row_of(v, "ACC1")->mpps, DCB_MPPS_COMPLETED);
	ui_wl_view_steps(v, steps);
	assert_int_equal(steps[DCB_MPPS_COMPLETED], 1);
	assert_int_equal(steps[DCB_MPPS_DISCONTINUED], 1);

	/* a file that is no worklist entry is a row that says so */
	snprintf(path, sizeof path, "%s/PACS/junk.wl", f->root);
	FILE *j = fopen(path, "w");
	assert_non_null(j);
	fputs("not DICOM", j);
	fclose(j);
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(ui_wl_view_count(v), 5);
	for (size_t i = 0; i < 5; i++)
		if (strcmp(ui_wl_view_row(v, i)->file, "junk.wl") == 0)
			assert_false(ui_wl_view_row(v, i)->readable);
	/* an entry without its station AE title: shown, marked incomplete */
	snprintf(path, sizeof path, "%s/PACS/nostation.wl", f->root);
	{
		struct dcb_dset *ds = wl_entry("DOE^JIM", "ACC9", "", "CT", "20240105");
		wl_write(path, ds, WL_ELE, true);
		dcb_dset_free(ds);
	}
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_true(row_of(v, "ACC9")->incomplete);
	assert_false(row_of(v, "ACC1")->incomplete);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof path, "%s/PACS/junk.wl", f->root);
	/* an entry removed */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_int_equal(ui_wl_view_count(v), 4);
	ui_wl_view_free(v);
}

static void
write_entry_and_missing_folder(void **state)
{
	struct fx *f = *state;
	struct ui_wl_fields in = {
	    .patient = "Weiß^Eva", .patient_id = "X1", .accession = "A77", .procedure = "CT Head",
	    .station = "CT9", .modality = "CT", .date = "20261205", .time = "1015",
	    .physician = "House^Greg"};
	struct ui_wl_view *v;
	char msg[256], path[600];

	v = ui_wl_view_new(f->root, true, "PACS");
	assert_int_equal(ui_wl_view_refresh(v), -1);
	assert_true(ui_wl_view_error(v)[0] != '\0');
	assert_int_equal(ui_wl_view_count(v), 0);
	assert_int_equal(ui_mkdirs(f->root, 0755), 0);
	snprintf(path, sizeof path, "%s/a77.wl", f->root);
	assert_int_equal(ui_wl_write_entry(path, &in, msg, sizeof msg), 0);
	/* written through a temporary name that is gone */
	snprintf(path, sizeof path, "%s/.a77.wl.part", f->root);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(ui_wl_view_refresh(v), 1);
	assert_string_equal(ui_wl_view_error(v), "");
	assert_int_equal(ui_wl_view_count(v), 1);
	assert_memory_equal(&ui_wl_view_row(v, 0)->f, &in, sizeof in);
	ui_wl_view_free(v);
}

/* v with value as field i is refused naming it (the message has want);
 * then i is set to good. */
static void
refused(const char *v[UI_WL_NFIELDS], int i, const char *value, const char *good,
        const char *want)
{
	struct ui_wl_fields out;
	char msg[256];
	int bad = -1;

	v[i] = value;
	assert_int_equal(ui_wl_fields_from(v, &out, &bad, msg, sizeof msg), -1);
	assert_int_equal(bad, i);
	assert_non_null(strstr(msg, want));
	v[i] = good;
}

/* The form's values checked and taken; a new entry's file name. */
static void
form_values_and_file_names(void **state)
{
	struct fx *f = *state;
	const char *v[UI_WL_NFIELDS] = {"Doe^Jane", "P9", "A/1 2", "MR Head", "MR1",
	                                "MR", "20261204", "0930", ""};
	struct ui_wl_fields out;
	char msg[256], path[600];
	int bad = -1;
	FILE *taken;

	assert_int_equal(ui_wl_fields_from(v, &out, &bad, msg, sizeof msg), 0);
	assert_string_equal(out.accession, "A/1 2");
	assert_string_equal(out.time, "0930");
	refused(v, 0, "", "Doe^Jane", "Patient name");
	refused(v, 6, "2026-12-04", "20261204", "YYYYMMDD");
	refused(v, 7, "930", "093000", "HHMM");
	refused(v, 4, "STATION-NAME-TOO-LONG", "MR1", "16");
	refused(v, 5, "MR\\CT", "MR", "backslash");

	ui_wl_new_path(f->tmp, "A/1 2", path, sizeof path);
	assert_non_null(strstr(path, "/A_1_2.wl"));
	taken = fopen(path, "w");
	assert_non_null(taken);
	fclose(taken);
	ui_wl_new_path(f->tmp, "A/1 2", path, sizeof path);
	assert_non_null(strstr(path, "/A_1_2-2.wl"));
}

/* A log event of the SCP on association assoc. */
static struct dcb_event
said(uint32_t assoc, const char *text)
{
	struct dcb_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_LOG;
	ev.side = DCB_SIDE_SCP;
	ev.assoc_id = assoc;
	ev.u.log.level = DCB_LOG_INFO;
	snprintf(ev.u.log.text, sizeof ev.u.log.text, "%s", text);
	return ev;
}

static void
queries_with_why_not(void **state)
{
	struct ui_wl_queries *q = ui_wl_queries_new();
	const struct ui_wl_query *w;
	char v[2][512];
	struct dcb_event ev;

	(void)state;
	assert_true(ui_fmt_match("entry %s does not match: %s", "entry a.wl does not match: x: y", v,
	                         2));
	assert_string_equal(v[0], "a.wl");
	assert_string_equal(v[1], "x: y");
	assert_true(ui_fmt_match("%u of %zu %s", "3 of 5 entries", v, 2));
	assert_string_equal(v[0], "3");
	assert_string_equal(v[1], "5");
	assert_false(ui_fmt_match("entry %s matches", "entry a.wl matches, but", v, 1));
	assert_false(ui_fmt_match("entry %s matches", "an entry a.wl matches", v, 1));
	assert_true(ui_fmt_match("100%% %s", "100% sure", v, 1));

	/* lines of an association left without its query line are dropped */
	ev = said(7, "worklist entry old.wl matches");
	assert_false(ui_wl_queries_apply(q, &ev));
	ev = said(3, "worklist entry demo1.wl matches");
	assert_false(ui_wl_queries_apply(q, &ev));
	ev = said(3, "worklist entry demo2.wl does not match: (0010,0010) Patient's Name "
	             "'Doe*' does not match 'Müller^Anna'");
	assert_false(ui_wl_queries_apply(q, &ev));
	ev = said(3, "association with 127.0.0.1 accepted");
	assert_false(ui_wl_queries_apply(q, &ev));
	ev = said(3, "worklist query (message ID 1) from 127.0.0.1:4000 to PACS: 1 of 2 entries "
	             "match");
	assert_true(ui_wl_queries_apply(q, &ev));
	assert_int_equal(ui_wl_queries_count(q), 1);
	w = ui_wl_queries_nth(q, 0);
	assert_int_equal(w->assoc, 3);
	assert_non_null(strstr(w->summary, "1 of 2 entries match"));
	assert_string_equal(w->from, "127.0.0.1:4000");
	assert_string_equal(w->called, "PACS");
	assert_int_equal(w->matched, 1);
	assert_int_equal(w->considered, 2);
	assert_int_equal(w->n_lines, 2);
	assert_true(w->lines[0].match);
	assert_string_equal(w->lines[0].entry, "demo1.wl");
	assert_false(w->lines[1].match);
	assert_string_equal(w->lines[1].entry, "demo2.wl");
	assert_non_null(strstr(w->lines[1].why, "'Doe*' does not match 'Müller^Anna'"));
	/* the SCU's lines are not the SCP's queries */
	ev = said(3, "worklist query (message ID 2) from a to b: 0 of 0 entries match");
	ev.side = DCB_SIDE_SCU;
	assert_false(ui_wl_queries_apply(q, &ev));
	/* the newest first; only the last UI_WL_QUERIES_MAX are kept */
	for (unsigned i = 0; i < UI_WL_QUERIES_MAX + 3; i++) {
		char text[200];
		snprintf(text, sizeof text,
		         "worklist query (message ID %u) from x to PACS: 0 of 0 entries match", i);
		ev = said(10 + i, text);
		assert_true(ui_wl_queries_apply(q, &ev));
	}
	assert_int_equal(ui_wl_queries_count(q), UI_WL_QUERIES_MAX);
	assert_int_equal(ui_wl_queries_nth(q, 0)->assoc, 10 + UI_WL_QUERIES_MAX + 2);
	assert_int_equal(ui_wl_queries_nth(q, UI_WL_QUERIES_MAX - 1)->assoc, 13);
	assert_int_equal(ui_wl_queries_nth(q, 0)->n_lines, 0);
	assert_null(ui_wl_queries_nth(q, UI_WL_QUERIES_MAX));
	ui_wl_queries_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(demo_entries_are_complete, setup, teardown),
	    cmocka_unit_test_setup_teardown(rows_and_mpps_states, setup, teardown),
	    cmocka_unit_test_setup_teardown(write_entry_and_missing_folder, setup, teardown),
	    cmocka_unit_test_setup_teardown(form_values_and_file_names, setup, teardown),
	    cmocka_unit_test(queries_with_why_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
