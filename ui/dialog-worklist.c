/* dialog-worklist.c — the form of a worklist entry (the SCP pane's
 * Worklist tab: a adds, c copies, Enter edits): its fields checked, then
 * written as a .wl file through a temporary name. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "dialog-form.h"
#include "pane.h"
#include "worklist-view.h"

enum { BTN_SAVE = 1, BTN_CANCEL };

struct wl_form {
	struct ui_form form;
	char path[UI_PATH_MAX + 300]; /* the file edited; "" for a new entry */
	char dir[UI_PATH_MAX + 32];   /* where a new entry goes */
};

static unsigned
button(struct ui_form *f, int id)
{
	struct wl_form *wf = (struct wl_form *)f;
	struct ui_app *app = f->d.app;
	const char *values[UI_WL_NFIELDS];
	struct ui_wl_fields fields;
	char msg[1400], path[UI_PATH_MAX + 300];
	int bad;

	if (id == BTN_CANCEL)
		return UI_R_CLOSE;
	for (int i = 0; i < UI_WL_NFIELDS; i++)
		values[i] = f->f[i].value;
	if (ui_wl_fields_from(values, &fields, &bad, msg, sizeof msg) < 0) {
		f->cursor = bad;
		ui_app_status(app, "%s", msg);
		return UI_R_NONE;
	}
	if (wf->path[0] != '\0')
		snprintf(path, sizeof path, "%s", wf->path);
	else
		ui_wl_new_path(wf->dir, fields.accession, path, sizeof path);
	if (ui_wl_write_entry(path, &fields, msg, sizeof msg) < 0) {
		ui_app_status(app, "%s", msg);
		return UI_R_NONE;
	}
	ui_app_status(app, _("Worklist entry %s written."), path);
	ui_scp_worklist_changed(app->pane[UI_PANE_SCP]);
	return UI_R_CLOSE;
}

struct ui_dialog *
ui_dialog_wl_entry_new(struct ui_app *app, const char *dir, const struct ui_wl_fields *init,
                       const char *path)
{
	bool edit = path != NULL && path[0] != '\0';
	struct wl_form *wf = (struct wl_form *)ui_form_alloc(
	    app, edit ? _("Worklist entry") : _("New worklist entry"), sizeof *wf);
	struct ui_form *f = &wf->form;
	char info[UI_PATH_MAX + 400];

	snprintf(wf->path, sizeof wf->path, "%s", edit ? path : "");
	snprintf(wf->dir, sizeof wf->dir, "%s", dir);
	for (int i = 0; i < UI_WL_NFIELDS; i++)
		ui_form_text(f, ui_wl_field_defs[i].label,
		             init != NULL ? (const char *)init + ui_wl_field_defs[i].offset : "");
	snprintf(info, sizeof info, edit ? _("file %s") : _("a new file in %s"), edit ? path : dir);
	ui_form_info(f, info);
	ui_form_button(f, N_("Save"), BTN_SAVE);
	ui_form_button(f, N_("Cancel"), BTN_CANCEL);
	f->button = button;
	f->cursor = 0;
	return &f->d;
}
