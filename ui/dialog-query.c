/* dialog-query.c — f: a query (C-FIND) to the SCU's peer, at a level with
 * a few keys; its answers fill the SCU pane's results list, where m
 * retrieves the row under the cursor (C-MOVE) to our own SCP. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/textbuf.h"
#include "dialog-form.h"

enum { BTN_QUERY = 1, BTN_CANCEL };

/* Field order. */
enum { F_LEVEL, F_NAME, F_ID, F_DATE, F_MODALITY, F_ACCESSION, F_STUDY };

/* Sends rq; false after saying why in the status line. */
static bool
submit(struct ui_app *app, const struct ui_qr_request *rq)
{
	struct ui_backend *b = app->backend;

	if (b->ops->query(b, rq) < 0)
		return false;
	return true;
}

static void
take(char *out, size_t size, const struct ui_form *f, int i)
{
	dcb_copy_cut(out, size, f->f[i].value);
}

static unsigned
button(struct ui_form *f, int id)
{
	struct ui_app *app = f->d.app;
	struct ui_qr_request rq;

	if (id == BTN_CANCEL)
		return UI_R_CLOSE;
	memset(&rq, 0, sizeof rq);
	int level = ui_qr_level_parse(f->f[F_LEVEL].value);
	if (level < 0) {
		ui_app_status(app, "%s", _("Level: PATIENT, STUDY, SERIES, IMAGE or WORKLIST."));
		f->cursor = F_LEVEL;
		return UI_R_NONE;
	}
	/* WORKLIST: the Modality Worklist, its date and modality those of the
	 * scheduled step */
	rq.worklist = level == UI_QR_WORKLIST;
	rq.level = rq.worklist ? DCB_QR_STUDY : (enum dcb_qr_level)level;
	take(rq.patient_name, sizeof rq.patient_name, f, F_NAME);
	take(rq.patient_id, sizeof rq.patient_id, f, F_ID);
	take(rq.study_date, sizeof rq.study_date, f, F_DATE);
	take(rq.modality, sizeof rq.modality, f, F_MODALITY);
	take(rq.accession, sizeof rq.accession, f, F_ACCESSION);
	take(rq.study_uid, sizeof rq.study_uid, f, F_STUDY);
	return ui_app_qr_find(app, &rq) ? UI_R_CLOSE : UI_R_NONE;
}

bool
ui_app_qr_find(struct ui_app *app, const struct ui_qr_request *rq)
{
	char peer[256];

	if (!submit(app, rq))
		return false;
	ui_qr_begin_find(&app->model->qr, rq->level, rq->worklist);
	app->model->dirty |= UI_DIRTY_SCU;
	ui_app_peer(app, peer, sizeof peer);
	ui_app_status(app, _("Query sent to %s: the answers fill the SCU pane; m retrieves one."),
	              peer);
	return true;
}

struct ui_dialog *
ui_dialog_query_new(struct ui_app *app)
{
	struct ui_form *f = ui_form_new(app, _("Query the SCU's peer (C-FIND)"));
	const struct ui_qr_results *r = &app->model->qr;

	ui_form_text(f, N_("Level (PATIENT STUDY SERIES IMAGE WORKLIST)"),
	             ui_qr_level_name(r->find != UI_QR_NONE ? r->level : DCB_QR_STUDY));
	ui_form_text(f, N_("Patient name (* ? wildcards)"), "");
	ui_form_text(f, N_("Patient ID"), "");
	ui_form_text(f, N_("Study date (20240101-20241231)"), "");
	ui_form_text(f, N_("Modality"), "");
	ui_form_text(f, N_("Accession number"), "");
	ui_form_text(f, N_("Study Instance UID (series, image)"), "");
	ui_form_info(f, _("Empty keys come back in the answers; Study Root, Patient Root for "
	                  "PATIENT."));
	ui_form_button(f, N_("Query"), BTN_QUERY);
	ui_form_button(f, N_("Cancel"), BTN_CANCEL);
	f->button = button;
	f->cursor = F_NAME;
	return &f->d;
}

void
ui_app_qr_retrieve(struct ui_app *app, const char *dest)
{
	struct ui_qr_results *r = &app->model->qr;
	struct ui_qr_request rq;
	bool get = dest == NULL;

	if (r->shown && r->worklist) {
		ui_app_status(app, "%s",
		              _("A worklist entry is a scheduled procedure, not an object: it "
		                "cannot be retrieved. Query STUDY for what was stored."));
		return;
	}
	if (!r->shown || !ui_qr_row_request(r, r->cursor, dest, &rq)) {
		ui_app_status(app, "%s", _("No answer to retrieve: f queries the peer first."));
		return;
	}
	if (!submit(app, &rq))
		return;
	ui_qr_begin_retrieve(r, r->cursor, dest);
	app->model->dirty |= UI_DIRTY_SCU;
	if (get)
		ui_app_status(app, _("C-GET of %s %d sent: the objects come back into %s/%s."),
		              ui_qr_level_name(r->level), r->cursor + 1, app->cfg.state_dir,
		              UI_GET_FOLDER);
	else if (app->cfg.scu_port == 0 && strcmp(dest, app->cfg.scp_aet) == 0)
		ui_app_status(app, "%s",
		              _("The SCU's peer is our own SCP: a move to itself is refused as a "
		                "loop. Set scu-port to another PACS (F9), or M to another AE."));
	else
		ui_app_status(app, _("C-MOVE of %s %d to %s sent."), ui_qr_level_name(r->level),
		              r->cursor + 1, dest);
}

static void
move_to(struct ui_app *app, const char *text, void *user)
{
	char ae[DCB_AE_TITLE_MAX + 1];
	struct dcb_error err = {0};

	(void)user;
	if (dcb_ae_title_check(text, ae, &err) < 0)
		ui_app_status(app, "%s", err.message);
	else
		ui_app_qr_retrieve(app, ae);
}

void
ui_app_qr_move_to(struct ui_app *app)
{
	ui_app_push_dialog(app, ui_dialog_prompt_new(app, _("Move to AE title (the peer must know it)"),
	                                             app->cfg.scp_aet, move_to, NULL));
}
