/* mpps-step.c — b, e and E on a worklist answer in the SCU pane: the
 * modality's procedure step (MPPS, PS3.4 F.7) at the SCU's peer, begun
 * from the entry the worklist query answered (N-CREATE, IN PROGRESS) and
 * ended with the images the SCU sent since (N-SET, COMPLETED or
 * DISCONTINUED), as `dicombench mppsscu` does it on the command line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "../src/dset.h"
#include "../src/i18n.h"
#include "../src/mpps-build.h"
#include "../src/worklist-store.h"
#include "app.h"

/* The N-CREATE's attribute list from the entry the row answered. */
static struct dcb_dset *
begin_set(const struct ui_app *app, const struct ui_qr_row *row, struct dcb_error *err)
{
	struct dcb_dset *wl = NULL, *ds;
	char date[9], time[7];

	if (dcb_dset_decode(row->item, row->item_len, DCB_DSET_EXPLICIT_LE, &wl, err) < 0)
		return NULL;
	dcb_mpps_now(date, time);
	const struct dcb_mpps_start start = {
	    .station_ae = app->cfg.scu_aet, .date = date, .time = time};
	ds = dcb_mpps_build_create(wl, &start, err);
	dcb_dset_free(wl);
	return ds;
}

/* The N-SET that ends the row's step with the files the SCU sent since it
 * began (*images of them); NULL with err when there are none. */
static struct dcb_dset *
end_set(const struct ui_model *m, const struct ui_qr_row *row, enum ui_step_state to,
        size_t *images, struct dcb_error *err)
{
	const char **paths = calloc(UI_MAX_FILES, sizeof *paths);
	unsigned first = m->scu.nfiles > UI_MAX_FILES ? m->scu.nfiles - UI_MAX_FILES : 0;
	struct dcb_dset *ds = NULL;
	char date[9], time[7];

	*images = 0;
	if (paths == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	for (unsigned k = row->step_files > first ? row->step_files : first; k < m->scu.nfiles; k++)
		if (m->scu.files[k % UI_MAX_FILES].ok)
			paths[(*images)++] = m->scu.files[k % UI_MAX_FILES].path;
	dcb_mpps_now(date, time);
	if (*images == 0)
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("%s lists the images of the step: send them first (F5), then end "
		                 "it"),
		              ui_step_state_name(to));
	else
		ds = dcb_mpps_build_final_from(ui_step_state_name(to), date, time, paths,
		                               *images, NULL, err);
	free(paths);
	return ds;
}

/* The row b, e or E act on: the one under the cursor while the answers
 * are shown, else (after a send) the one whose step was reported last. */
static int
step_row(const struct ui_qr_results *r)
{
	if (!r->worklist || r->n == 0)
		return -1;
	if (r->shown)
		return r->cursor;
	return r->mpps_row >= 0 && (unsigned)r->mpps_row < r->n ? r->mpps_row : -1;
}

/* Why row i cannot go to state to now, or NULL. */
static const char *
refusal(const struct ui_app *app, int i, enum ui_step_state to)
{
	const struct ui_qr_results *r = &app->model->qr;

	if (i < 0)
		return _("b, e and E act on a worklist answer: f with level WORKLIST asks for them "
		         "first.");
	if (r->mpps == UI_QR_RUNNING)
		return _("The last step report has no answer yet: wait for it.");
	if (to == UI_STEP_IN_PROGRESS && r->rows[i].step != UI_STEP_NONE)
		return _("This entry's step has begun already: e completes it, E discontinues it.");
	if (to != UI_STEP_IN_PROGRESS && r->rows[i].step != UI_STEP_IN_PROGRESS)
		return _("This entry has no step in progress: b begins one.");
	if (r->rows[i].item == NULL)
		return _("This entry's answer was not kept (out of memory): query again.");
	return NULL;
}

void
ui_app_step(struct ui_app *app, enum ui_step_state to)
{
	struct ui_qr_results *r = &app->model->qr;
	struct ui_backend *b = app->backend;
	int i = step_row(r);
	const char *why = refusal(app, i, to);
	struct dcb_error err = {0};
	struct dcb_dset *ds;
	char uid[65];
	size_t images = 0;
	int rc;

	if (why != NULL) {
		ui_app_status(app, "%s", why);
		return;
	}
	ds = to == UI_STEP_IN_PROGRESS ? begin_set(app, &r->rows[i], &err)
	                               : end_set(app->model, &r->rows[i], to, &images, &err);
	if (ds == NULL) {
		ui_app_status(app, "%s", err.message);
		return;
	}
	if (to == UI_STEP_IN_PROGRESS)
		dcb_worklist_new_uid(uid);
	else
		snprintf(uid, sizeof uid, "%s", r->rows[i].step_uid);
	rc = b->ops->mpps(b, to == UI_STEP_IN_PROGRESS, uid, ds);
	dcb_dset_free(ds);
	if (rc < 0)
		return; /* the backend said why */
	ui_qr_begin_step(r, i, to, uid, app->model->scu.nfiles);
	r->shown = true;
	r->cursor = i;
	app->model->dirty |= UI_DIRTY_SCU;
	if (to == UI_STEP_IN_PROGRESS)
		ui_app_status(app,
		              _("N-CREATE sent for entry %d: its step begins. Send its images (F5), "
		                "then e completes it."),
		              i + 1);
	else
		ui_app_status(app,
		              P_("N-SET sent: entry %d's step %s, with %zu image.",
		                 "N-SET sent: entry %d's step %s, with %zu images.", images),
		              i + 1, ui_step_state_name(to), images);
}
