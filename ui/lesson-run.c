/* lesson-run.c — the lesson runner: the dashboard plays a lesson's steps
 * (src/lesson.h) one per key (n), so a class sees the same demo every
 * time.  The teacher's words go to the status line and into the trace,
 * in time order with the PDUs they talk about. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/cli-options.h"
#include "../src/cli-powers.h"
#include "../src/i18n.h"
#include "app.h"
#include "pane.h"
#include "../src/commands.h"

/* The teacher's words as a trace line of their own. */
static void
say(struct ui_app *app, const char *words)
{
	struct dcb_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_LOG;
	ev.side = DCB_SIDE_SCU;
	clock_gettime(CLOCK_REALTIME, &ev.time);
	ev.u.log.level = DCB_LOG_INFO;
	/* TRANSLATORS: a lesson's words in the trace */
	snprintf(ev.u.log.text, sizeof ev.u.log.text, _("lesson: %s"), words);
	ui_model_apply(app->model, &ev);
}

/* send: the paths of the step, each relative to the samples folder
 * unless absolute, in one job (a second job would find the SCU busy). */
static void
send_step(struct ui_app *app, const char *arg)
{
	char copy[DCB_LESSON_ARG], path[UI_PATH_MAX * 2];
	char **all = NULL;
	size_t n = 0;

	snprintf(copy, sizeof copy, "%s", arg);
	for (char *save = NULL, *p = strtok_r(copy, " \t", &save); p != NULL;
	     p = strtok_r(NULL, " \t", &save)) {
		char **some = NULL;
		if (p[0] == '/')
			snprintf(path, sizeof path, "%s", p);
		else
			snprintf(path, sizeof path, "%s/%s", app->cfg.images, p);
		size_t k = ui_browser_collect(path, &some);
		if (k == 0) {
			ui_app_status(app, _("%s: no files there."), path);
			continue;
		}
		char **more = realloc(all, (n + k) * sizeof *all);
		if (more == NULL)
			abort();
		all = more;
		for (size_t i = 0; i < k; i++)
			all[n++] = some[i];
		free(some);
	}
	if (n > 0)
		ui_app_send_files(app, all, n);
	for (size_t i = 0; i < n; i++)
		free(all[i]);
	free(all);
}

/* query LEVEL KEY=VALUE...: the query dialog's request, sent. */
static void
query_step(struct ui_app *app, const char *arg)
{
	struct ui_qr_request rq;
	char copy[DCB_LESSON_ARG];
	struct {
		const char *key;
		char *field;
		size_t size;
	} keys[] = {
	    {"PatientName", rq.patient_name, sizeof rq.patient_name},
	    {"PatientID", rq.patient_id, sizeof rq.patient_id},
	    {"StudyDate", rq.study_date, sizeof rq.study_date},
	    {"Modality", rq.modality, sizeof rq.modality},
	    {"AccessionNumber", rq.accession, sizeof rq.accession},
	    {"StudyInstanceUID", rq.study_uid, sizeof rq.study_uid},
	};

	memset(&rq, 0, sizeof rq);
	snprintf(copy, sizeof copy, "%s", arg);
	char *save = NULL, *w = strtok_r(copy, " \t", &save);
	int level = w != NULL ? ui_qr_level_parse(w) : -1;
	rq.worklist = level == UI_QR_WORKLIST;
	rq.level = level < 0 || rq.worklist ? DCB_QR_STUDY : (enum dcb_qr_level)level;
	while ((w = strtok_r(NULL, " \t", &save)) != NULL) {
		char *eq = strchr(w, '=');
		for (size_t i = 0; eq != NULL && i < sizeof keys / sizeof keys[0]; i++)
			if (strncmp(w, keys[i].key, (size_t)(eq - w)) == 0 &&
			    keys[i].key[eq - w] == '\0')
				snprintf(keys[i].field, keys[i].size, "%s", eq + 1);
	}
	ui_app_qr_find(app, &rq);
}

/* move [LEVEL] DEST: the answer under the SCU pane's cursor to DEST. */
static void
move_step(struct ui_app *app, const char *arg)
{
	const char *dest = strrchr(arg, ' ');

	ui_app_qr_retrieve(app, dest != NULL ? dest + 1 : arg);
}

/* scenario OPTIONS: the SCP's fault injection as storescp's options give it
 * (--status 0xA700, --reject-assoc 1,1,7, --abort-during ...), applied as
 * F7 applies it; scenario off clears it.  false after saying why. */
static bool
scenario_step(struct ui_app *app, const char *arg)
{
	struct dcb_scenario s;
	struct dcb_error err = {0};
	char copy[DCB_LESSON_ARG], *argv[33], what[256];
	int argc = 1, npos = 0;

	memset(&s, 0, sizeof s);
	snprintf(copy, sizeof copy, "%s", arg);
	argv[0] = (char *)"scenario";
	for (char *save = NULL, *w = strtok_r(copy, " \t", &save); w != NULL && argc < 33;
	     w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	if (!(argc == 2 && strcmp(argv[1], "off") == 0)) {
		/* storescp's own parser and handler, so the step says what the
		 * command line would */
		const struct dcb_cli_table t = {NULL, dcb_cli_scenario_opts, dcb_cli_scenario_handler,
		                                &s};
		if (dcb_cli_parse(argc, argv, &t, 1, &npos, NULL, &err) < 0 || npos > 0) {
			ui_app_status(app, _("scenario: %s"),
			              npos > 0 ? _("only storescp's fault-injection options, or off")
			                       : err.message);
			return false;
		}
	}
	app->cfg.scp_scenario = s;
	ui_app_apply_settings(app);
	dcb_scenario_describe(&s, what, sizeof what);
	ui_app_status(app, _("Scenario of the SCP: %s"), what[0] != '\0' ? what : _("none"));
	return true;
}

void
ui_lesson_start(struct ui_app *app)
{
	app->lesson_next = 0;
	ui_app_status(app, _("Lesson: %s · n plays the first of %zu steps."), app->lesson.title,
	              app->lesson.n);
}

void
ui_lesson_next(struct ui_app *app)
{
	const struct dcb_lesson *l = &app->lesson;

	if (app->lesson_next >= l->n) {
		ui_app_status(app, _("The lesson is over (%zu steps)."), l->n);
		return;
	}
	const struct dcb_lesson_step *st = &l->steps[app->lesson_next++];
	char where[48];
	snprintf(where, sizeof where, "%zu/%zu", app->lesson_next, l->n);
	switch (st->kind) {
	case DCB_LESSON_SAY:
		ui_app_status(app, "%s %s", where, st->arg);
		say(app, st->arg);
		break;
	case DCB_LESSON_ECHO:
		if (!ui_app_echo(app))
			ui_app_status(app, "%s %s", where,
			              _("The SCU is busy: try again in a moment."));
		else
			ui_app_status(app, _("%s C-ECHO to the SCP."), where);
		break;
	case DCB_LESSON_SEND:
		send_step(app, st->arg);
		break;
	case DCB_LESSON_TLS:
		ui_app_set_tls(app, false, st->on != 0);
		break;
	case DCB_LESSON_LADDER:
	case DCB_LESSON_LIST:
		ui_trace_set_ladder(app->pane[UI_PANE_TRACE], st->kind == DCB_LESSON_LADDER);
		ui_app_status(app, "%s %s", where,
		              st->kind == DCB_LESSON_LADDER ? _("The trace as a ladder.")
		                                            : _("The trace as a list."));
		break;
	case DCB_LESSON_QUERY:
		query_step(app, st->arg);
		break;
	case DCB_LESSON_MOVE:
		move_step(app, st->arg);
		break;
	case DCB_LESSON_COMMIT:
		/* the SCU asks storage commitment for what it stores from now on;
		 * the engines restart with it, as the scenario dialog does */
		app->cfg.scu_commit = true;
		ui_app_apply_settings(app);
		send_step(app, st->arg);
		break;
	case DCB_LESSON_SCENARIO:
		(void)scenario_step(app, st->arg);
		break;
	}
	if (app->lesson_next == l->n)
		say(app, _("the end of the lesson."));
	app->redraw_all = true;
}

/* dicombench lesson FILE [dashboard options]: the dashboard with --lesson. */
int
cmd_lesson(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(argc < 2 ? stderr : stdout,
		        _("Usage: %s lesson FILE [dashboard options]\n"
		          "Plays FILE in the dashboard, one step a key (n).  Lessons come with\n"
		          "dicombench in %s/lessons.\n"),
		        PACKAGE, PKGDATADIR);
		return argc < 2 ? 2 : 0;
	}
	char **args = calloc((size_t)argc + 2, sizeof *args);
	if (args == NULL)
		return 2;
	args[0] = (char *)"ui";
	args[1] = (char *)"--lesson";
	args[2] = argv[1];
	for (int i = 2; i < argc; i++)
		args[i + 1] = argv[i];
	int rc = cmd_ui(argc + 1, args);
	free(args);
	return rc;
}
