/* dialog-tls.c — F2: TLS of one side: on/off, key, certificate, trusted
 * CAs, the certificate's details, and "make a demo CA". */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "dialog-form.h"
#include "tlsinfo.h"

enum { BTN_APPLY = 1, BTN_DEMO_CA, BTN_CANCEL };

static unsigned
button(struct ui_form *f, int id)
{
	struct ui_app *app = f->d.app;
	char msg[512];

	switch (id) {
	case BTN_CANCEL:
		return UI_R_CLOSE;
	case BTN_DEMO_CA:
		if (ui_tls_demo_ca(&app->cfg, false, msg, sizeof msg) < 0) {
			ui_app_status(app, "%s", msg);
			return UI_R_NONE;
		}
		ui_app_status(app, "%s", msg);
		ui_app_apply_settings(app);
		return UI_R_CLOSE;
	default:
		if (ui_form_apply(f) < 0)
			return UI_R_NONE;
		ui_app_apply_settings(app);
		return UI_R_CLOSE;
	}
}

struct ui_dialog *
ui_dialog_tls_new(struct ui_app *app, int side)
{
	bool scp = side == DCB_SIDE_SCP;
	struct ui_form *f =
	    ui_form_new(app, scp ? _("TLS of the SCP (receiver)") : _("TLS of the SCU (sender)"));
	char info[512];

	ui_form_setting(f, scp ? "scp-tls" : "scu-tls");
	ui_form_setting(f, scp ? "scp-key" : "scu-key");
	ui_form_setting(f, scp ? "scp-cert" : "scu-cert");
	ui_form_setting(f, scp ? "scp-ca" : "scu-ca");
	ui_tls_describe_cert(scp ? app->cfg.scp_cert : app->cfg.scu_cert, info, sizeof info);
	ui_form_info(f, info);
	ui_form_button(f, N_("Apply"), BTN_APPLY);
	ui_form_button(f, N_("Make a demo CA"), BTN_DEMO_CA);
	ui_form_button(f, N_("Cancel"), BTN_CANCEL);
	f->button = button;
	f->cursor = 0;
	return &f->d;
}
