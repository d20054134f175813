/* dialog-settings.c — F9: every setting, applied at once and saved to the
 * configuration file on request. */
#include "config.h"

#include <stdio.h>

#include "../src/i18n.h"
#include "dialog-form.h"

enum { BTN_APPLY = 1, BTN_SAVE, BTN_CANCEL };

static unsigned
button(struct ui_form *f, int id)
{
	struct ui_app *app = f->d.app;
	char msg[512];

	if (id == BTN_CANCEL)
		return UI_R_CLOSE;
	if (ui_form_apply(f) < 0)
		return UI_R_NONE;
	ui_app_apply_settings(app);
	if (id == BTN_SAVE) {
		if (ui_settings_save(&app->cfg, app->config_path, msg, sizeof msg) < 0) {
			ui_app_status(app, "%s", msg);
			return UI_R_NONE;
		}
		ui_app_status(app, _("Settings saved to %s."), app->config_path);
	}
	return UI_R_CLOSE;
}

struct ui_dialog *
ui_dialog_settings_new(struct ui_app *app)
{
	struct ui_form *f = ui_form_new(app, _("Settings"));

	for (const struct ui_setting_def *d = ui_setting_defs; d->key != NULL; d++)
		ui_form_setting(f, d->key);
	ui_form_button(f, N_("Apply"), BTN_APPLY);
	ui_form_button(f, N_("Save"), BTN_SAVE);
	ui_form_button(f, N_("Cancel"), BTN_CANCEL);
	f->button = button;
	f->cursor = 0;
	return &f->d;
}
